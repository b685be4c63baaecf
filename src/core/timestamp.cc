#include "core/timestamp.h"

#include <cctype>
#include <charconv>
#include <cstdio>

namespace attune {
namespace {

// Values above this are epoch milliseconds: 1e11 seconds is the year 5138.
constexpr double kMillisThreshold = 1e11;

Status BadTimestamp(std::string_view text) {
  return InvalidArgument("expected epoch seconds, epoch milliseconds or ISO-8601, got \"" +
                         std::string(text) + "\"");
}

// Reads exactly `width` digits at text[*pos] into *out.
bool ReadDigits(std::string_view text, size_t* pos, size_t width, int64_t* out) {
  if (*pos + width > text.size()) return false;
  int64_t value = 0;
  for (size_t i = 0; i < width; ++i) {
    const char c = text[*pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  *pos += width;
  *out = value;
  return true;
}

bool ReadChar(std::string_view text, size_t* pos, char expected) {
  if (*pos >= text.size() || text[*pos] != expected) return false;
  ++*pos;
  return true;
}

// Plain digits (with an optional '-'), at most 15 of them: the form of nearly every CSV timestamp,
// parsed without floating point. 15 digits are exact in a double, so the result equals the slow
// path's (milliseconds truncate toward zero either way).
bool ParseEpochDigits(std::string_view text, int64_t* out) {
  const bool negative = text[0] == '-';
  const size_t first = negative ? 1 : 0;
  if (text.size() == first || text.size() - first > 15) return false;
  int64_t value = 0;
  for (size_t i = first; i < text.size(); ++i) {
    const unsigned digit = static_cast<unsigned char>(text[i]) - '0';
    if (digit > 9) return false;
    value = value * 10 + digit;
  }
  *out = negative ? -value : value;
  return true;
}

Result<int64_t> ParseEpoch(std::string_view text) {
  int64_t seconds = 0;
  if (ParseEpochDigits(text, &seconds)) {
    constexpr auto kMillis = static_cast<int64_t>(kMillisThreshold);
    if (seconds > kMillis) return seconds / 1000;
    if (seconds < -kMillis) return BadTimestamp(text);
    return seconds;
  }
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !(value == value)) {
    return BadTimestamp(text);
  }
  if (value > kMillisThreshold) value /= 1000.0;
  if (value < -kMillisThreshold) return BadTimestamp(text);
  return static_cast<int64_t>(value);
}

// Parses "+hh:mm", "-hhmm", "+hh" or "Z" at text[pos..] into seconds east of UTC.
bool ParseOffset(std::string_view text, size_t pos, int64_t* offset) {
  if (pos == text.size()) { *offset = 0; return true; }
  if (text.substr(pos) == "Z" || text.substr(pos) == "z") { *offset = 0; return true; }
  const char sign = text[pos];
  if (sign != '+' && sign != '-') return false;
  ++pos;
  int64_t hours = 0, minutes = 0;
  if (!ReadDigits(text, &pos, 2, &hours)) return false;
  if (pos < text.size()) {
    ReadChar(text, &pos, ':');
    if (!ReadDigits(text, &pos, 2, &minutes)) return false;
  }
  if (pos != text.size() || hours > 23 || minutes > 59) return false;
  *offset = (sign == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
  return true;
}

Result<int64_t> ParseIso(std::string_view text) {
  size_t pos = 0;
  int64_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ReadDigits(text, &pos, 4, &year) || !ReadChar(text, &pos, '-') ||
      !ReadDigits(text, &pos, 2, &month) || !ReadChar(text, &pos, '-') ||
      !ReadDigits(text, &pos, 2, &day)) {
    return BadTimestamp(text);
  }
  if (pos < text.size() && (text[pos] == 'T' || text[pos] == 't' || text[pos] == ' ')) {
    ++pos;
    if (!ReadDigits(text, &pos, 2, &hour) || !ReadChar(text, &pos, ':') ||
        !ReadDigits(text, &pos, 2, &minute)) {
      return BadTimestamp(text);
    }
    if (ReadChar(text, &pos, ':') && !ReadDigits(text, &pos, 2, &second)) return BadTimestamp(text);
    if (ReadChar(text, &pos, '.') || ReadChar(text, &pos, ',')) {
      const size_t start = pos;
      while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
      if (pos == start) return BadTimestamp(text);
    }
  }
  int64_t offset = 0;
  if (!ParseOffset(text, pos, &offset)) return BadTimestamp(text);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return BadTimestamp(text);
  }
  const int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return days * 86400 + hour * 3600 + minute * 60 + second - offset;
}

}  // namespace

// Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar.
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

Result<int64_t> ParseTimestamp(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (text.empty()) return BadTimestamp(text);
  // A date has '-' after four digits; an epoch value never does (a leading '-' is a sign).
  if (text.size() >= 5 && text[4] == '-') return ParseIso(text);
  return ParseEpoch(text);
}

std::string FormatTimestamp(int64_t epoch_seconds) {
  int64_t days = epoch_seconds / 86400;
  int64_t secs = epoch_seconds % 86400;
  if (secs < 0) { secs += 86400; --days; }
  // civil_from_days (Howard Hinnant).
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = static_cast<int64_t>(yoe) + era * 400 + (month <= 2);
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                static_cast<long long>(year), month, day, static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  return buf;
}

}  // namespace attune
