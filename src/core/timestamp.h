// Timestamps as they arrive in CSV files and JSON bodies, turned into epoch seconds (int64, UTC).
//
// Accepted forms:
//   - epoch seconds:       "1700000000", "1700000000.5" (fraction dropped)
//   - epoch milliseconds:  any value > 1e11 ("1700000000123"); 1e11 s is the year 5138, so no
//                          real seconds value is that large
//   - ISO-8601:            "2023-11-14T22:13:20Z", "2023-11-14 22:13:20", "2023-11-14T22:13:20.123+02:00",
//                          "2023-11-14" (midnight UTC); no offset means UTC
// Errors name what was expected and what came: `expected epoch seconds, epoch milliseconds or
// ISO-8601, got "yesterday"`; callers prefix the field name and line.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace attune {

// Epoch seconds for `text` in one of the forms above.
Result<int64_t> ParseTimestamp(std::string_view text);

// "2023-11-14T22:13:20Z" for 1700000000.
std::string FormatTimestamp(int64_t epoch_seconds);

// Days since 1970-01-01 for a proleptic Gregorian date (exposed for tests and for date math).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);

}  // namespace attune
