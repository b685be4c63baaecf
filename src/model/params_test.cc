#include "model/params.h"

#include <gtest/gtest.h>

namespace attune {
namespace {

TEST(ParamsTest, ParsesKeyValuesAndAppliesDefaults) {
  auto params = Params::FromStrings({"factors=64", "alpha=2.5", "fast=true"});
  ASSERT_TRUE(params.ok()) << params.status().ToString();
  EXPECT_EQ(*params->GetInt("factors", 32, 1, 1024), 64);
  EXPECT_DOUBLE_EQ(*params->GetDouble("alpha", 1.0, 0.0, 100.0), 2.5);
  EXPECT_TRUE(*params->GetBool("fast", false));
  EXPECT_EQ(*params->GetInt("iterations", 15, 1, 100), 15);
  EXPECT_TRUE(params->CheckAllUsed("x").ok());
}

TEST(ParamsTest, RejectsMalformedAndOutOfRange) {
  EXPECT_FALSE(Params::FromStrings({"factors"}).ok());
  auto params = Params::FromStrings({"factors=abc", "alpha=-1"});
  ASSERT_TRUE(params.ok());
  auto factors = params->GetInt("factors", 32, 1, 1024);
  ASSERT_FALSE(factors.ok());
  EXPECT_EQ(factors.status().message(), "parameter factors=abc: expected an integer in [1, 1024]");
  EXPECT_FALSE(params->GetDouble("alpha", 1.0, 0.0, 100.0).ok());
}

TEST(ParamsTest, ReportsUnknownKeys) {
  auto params = Params::FromStrings({"factrs=64"});
  ASSERT_TRUE(params.ok());
  (void)params->GetInt("factors", 32, 1, 1024);
  Status s = params->CheckAllUsed("user-personalization");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("factrs"), std::string::npos);
  EXPECT_NE(s.message().find("known: factors"), std::string::npos);
}

TEST(ParamsTest, ChoosesAmongAllowedStrings) {
  auto params = Params::FromStrings({"mode=fast"});
  ASSERT_TRUE(params.ok());
  EXPECT_FALSE(params->GetString("mode", "exact", {"exact", "approx"}).ok());
}

}  // namespace
}  // namespace attune
