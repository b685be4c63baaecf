#include "base/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cmath>
#include <cstdio>

namespace attune {
namespace {

std::atomic<LogFormat> g_format{LogFormat::kText};

// spdlog writes the time and level; in JSON they become the object's first members and the
// message (FormatJson) supplies the rest of the object, so a line is one JSON object.
constexpr const char* kTextPattern = "%Y-%m-%dT%H:%M:%S.%eZ %l %v";
constexpr const char* kJsonPattern = "{\"time\":\"%Y-%m-%dT%H:%M:%S.%eZ\",\"level\":\"%l\",%v}";

spdlog::logger& Logger() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = spdlog::stderr_logger_mt("attune");
    l->set_pattern(kTextPattern, spdlog::pattern_time_type::utc);
    l->set_level(spdlog::level::info);
    l->flush_on(spdlog::level::info);
    return l;
  }();
  return *logger;
}

spdlog::level::level_enum ToSpd(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return spdlog::level::debug;
    case LogLevel::kInfo: return spdlog::level::info;
    case LogLevel::kWarn: return spdlog::level::warn;
    case LogLevel::kError: return spdlog::level::err;
    case LogLevel::kOff: return spdlog::level::off;
  }
  return spdlog::level::info;
}

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

bool NeedsQuotes(std::string_view s) {
  if (s.empty()) return true;
  for (char c : s) {
    if (c == ' ' || c == '"' || c == '=' || static_cast<unsigned char>(c) < 0x20) return true;
  }
  return false;
}

std::string FormatText(std::string_view event, std::initializer_list<LogField> fields) {
  std::string line(event);
  for (const LogField& f : fields) {
    line += ' ';
    line += f.key;
    line += '=';
    if (f.quoted && NeedsQuotes(f.value)) {
      AppendJsonString(line, f.value);
    } else {
      line += f.value;
    }
  }
  return line;
}

// The members after "time" and "level", without the closing brace (kJsonPattern adds it).
std::string FormatJson(std::string_view event, std::initializer_list<LogField> fields) {
  std::string line = "\"event\":";
  AppendJsonString(line, event);
  for (const LogField& f : fields) {
    line += ',';
    AppendJsonString(line, f.key);
    line += ':';
    if (f.quoted) {
      AppendJsonString(line, f.value);
    } else {
      line += f.value;
    }
  }
  return line;
}

}  // namespace

LogField::LogField(std::string_view k, double v) : key(k) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  value = buf;
  quoted = !std::isfinite(v);  // "inf" and "nan" are not JSON numbers
}

Result<LogLevel> ParseLogLevel(std::string_view name) {
  if (name == "debug") return LogLevel::kDebug;
  if (name == "info") return LogLevel::kInfo;
  if (name == "warn" || name == "warning") return LogLevel::kWarn;
  if (name == "error") return LogLevel::kError;
  if (name == "off") return LogLevel::kOff;
  return InvalidArgument("unknown log level \"" + std::string(name) +
                         "\": use debug, info, warn, error or off");
}

void SetLogLevel(LogLevel level) { Logger().set_level(ToSpd(level)); }
void SetLogFormat(LogFormat format) {
  g_format = format;
  Logger().set_pattern(format == LogFormat::kJson ? kJsonPattern : kTextPattern,
                       spdlog::pattern_time_type::utc);
}

void Log(LogLevel level, std::string_view event, std::initializer_list<LogField> fields) {
  spdlog::logger& logger = Logger();
  const auto spd_level = ToSpd(level);
  if (!logger.should_log(spd_level)) return;
  const std::string line = g_format == LogFormat::kJson ? FormatJson(event, fields)
                                                        : FormatText(event, fields);
  logger.log(spd_level, "{}", line);
}

}  // namespace attune
