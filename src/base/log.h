// Structured logging: one line per event, `time level event key=value ...`, or one JSON object
// per line when SetLogFormat(kJson). Backed by spdlog (the only includer is log.cc).
// Thread safety: every function may be called from any thread.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "base/status.h"

namespace attune {

enum class LogLevel { kDebug, kInfo, kWarn, kError, kOff };
enum class LogFormat { kText, kJson };

// "debug", "info", "warn", "error", "off".
Result<LogLevel> ParseLogLevel(std::string_view name);
void SetLogLevel(LogLevel level);
// Call at start-up, before other threads log: a line written while the format changes may mix
// the two formats.
void SetLogFormat(LogFormat format);

// One key=value pair of a log line. Strings are quoted when they hold spaces or quotes.
struct LogField {
  LogField(std::string_view k, std::string_view v) : key(k), value(v), quoted(true) {}
  LogField(std::string_view k, const char* v) : key(k), value(v), quoted(true) {}
  LogField(std::string_view k, const std::string& v) : key(k), value(v), quoted(true) {}
  LogField(std::string_view k, int64_t v) : key(k), value(std::to_string(v)) {}
  LogField(std::string_view k, int v) : key(k), value(std::to_string(v)) {}
  LogField(std::string_view k, uint64_t v) : key(k), value(std::to_string(v)) {}
  LogField(std::string_view k, double v);
  LogField(std::string_view k, bool v) : key(k), value(v ? "true" : "false") {}
  std::string_view key;
  std::string value;
  bool quoted = false;
};

void Log(LogLevel level, std::string_view event, std::initializer_list<LogField> fields = {});
inline void LogDebug(std::string_view e, std::initializer_list<LogField> f = {}) { Log(LogLevel::kDebug, e, f); }
inline void LogInfo(std::string_view e, std::initializer_list<LogField> f = {}) { Log(LogLevel::kInfo, e, f); }
inline void LogWarn(std::string_view e, std::initializer_list<LogField> f = {}) { Log(LogLevel::kWarn, e, f); }
inline void LogError(std::string_view e, std::initializer_list<LogField> f = {}) { Log(LogLevel::kError, e, f); }

}  // namespace attune
