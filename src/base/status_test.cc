#include "base/status.h"

#include <gtest/gtest.h>

namespace attune {
namespace {

Result<int> ParsePositive(int x) {
  if (x <= 0) return InvalidArgument("expected a positive number, got " + std::to_string(x));
  return x;
}

Result<int> Doubled(int x) {
  ATTUNE_ASSIGN_OR_RETURN(int v, ParsePositive(x));
  return 2 * v;
}

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "ok");
}

TEST(StatusTest, CarriesCodeMessageAndContext) {
  Status s = NotFound("item \"x\"").WithContext("events.csv:3");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "events.csv:3: item \"x\"");
  EXPECT_EQ(s.ToString(), "not_found: events.csv:3: item \"x\"");
}

TEST(StatusTest, ResultHoldsValueOrError) {
  Result<int> good = Doubled(4);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 8);
  Result<int> bad = Doubled(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(), "expected a positive number, got -1");
}

TEST(StatusTest, CodeNamesAreSnakeCase) {
  EXPECT_EQ(StatusCodeName(StatusCode::kFailedPrecondition), "failed_precondition");
  EXPECT_EQ(StatusCodeName(StatusCode::kResourceExhausted), "resource_exhausted");
}

}  // namespace
}  // namespace attune
