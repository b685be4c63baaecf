#include "core/timestamp.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace attune {
namespace {

TEST(TimestampTest, EpochSecondsPassThrough) {
  EXPECT_EQ(*ParseTimestamp("1700000000"), 1700000000);
  EXPECT_EQ(*ParseTimestamp(" 0 "), 0);
  EXPECT_EQ(*ParseTimestamp("1700000000.75"), 1700000000);
}

TEST(TimestampTest, ValuesAbove1e11AreMilliseconds) {
  EXPECT_EQ(*ParseTimestamp("1700000000123"), 1700000000);
  EXPECT_EQ(*ParseTimestamp("99999999999"), 99999999999);  // just below the threshold: seconds
}

// The epoch rules done the slow way (a double, as ParseTimestamp did before its digits-only fast
// path): the fast path must agree with it on every integer form, including the millisecond switch
// and the lower bound.
Result<int64_t> ReferenceEpoch(const std::string& text) {
  double value = std::stod(text);
  if (value > 1e11) value /= 1000.0;
  if (value < -1e11) return InvalidArgument("out of range");
  return static_cast<int64_t>(value);
}

TEST(TimestampTest, DigitsFastPathAgreesWithTheFloatingPointRules) {
  std::mt19937_64 random(7);
  std::vector<std::string> texts = {"0", "-0", "1", "-1", "100000000000", "100000000001",
                                    "-100000000000", "-100000000001", "999999999999999",
                                    "-999999999999999", "1000000000000000", "0001700000000"};
  for (int i = 0; i < 20000; ++i) {
    const int digits = 1 + static_cast<int>(random() % 17);
    std::string text = random() % 4 == 0 ? "-" : "";
    for (int d = 0; d < digits; ++d) text += static_cast<char>('0' + random() % 10);
    texts.push_back(text);
  }
  for (const std::string& text : texts) {
    Result<int64_t> fast = ParseTimestamp(text);
    Result<int64_t> slow = ReferenceEpoch(text);
    ASSERT_EQ(fast.ok(), slow.ok()) << text;
    if (fast.ok()) {
      EXPECT_EQ(*fast, *slow) << text;
    }
  }
}

TEST(TimestampTest, Iso8601Forms) {
  EXPECT_EQ(*ParseTimestamp("2023-11-14T22:13:20Z"), 1700000000);
  EXPECT_EQ(*ParseTimestamp("2023-11-14 22:13:20"), 1700000000);
  EXPECT_EQ(*ParseTimestamp("2023-11-14T22:13:20.999Z"), 1700000000);
  EXPECT_EQ(*ParseTimestamp("2023-11-15T00:13:20+02:00"), 1700000000);
  EXPECT_EQ(*ParseTimestamp("2023-11-14T17:13:20-0500"), 1700000000);
  EXPECT_EQ(*ParseTimestamp("1970-01-01"), 0);
  EXPECT_EQ(*ParseTimestamp("2000-03-01T00:00"), 951868800);
}

TEST(TimestampTest, RejectsGarbageWithClearMessage) {
  auto r = ParseTimestamp("yesterday");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            "expected epoch seconds, epoch milliseconds or ISO-8601, got \"yesterday\"");
  for (const char* bad : {"", "2023-13-01", "2023-11-14T25:00:00Z", "2023-11-14T22:13:20+0",
                          "12abc", "2023-11-14T22:13:20Q", "nan"}) {
    EXPECT_FALSE(ParseTimestamp(bad).ok()) << bad;
  }
}

TEST(TimestampTest, FormatRoundTrips) {
  EXPECT_EQ(FormatTimestamp(1700000000), "2023-11-14T22:13:20Z");
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(-1), "1969-12-31T23:59:59Z");
  for (int64_t t : {int64_t{951782400}, int64_t{1582934400}, int64_t{4102444799}}) {
    EXPECT_EQ(*ParseTimestamp(FormatTimestamp(t)), t);
  }
}

}  // namespace
}  // namespace attune
