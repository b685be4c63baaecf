#include "core/ids.h"

#include <gtest/gtest.h>

namespace attune {
namespace {

TEST(IdDictionaryTest, InternsInOrderOfFirstAppearance) {
  IdDictionary ids;
  EXPECT_EQ(ids.Intern("u42"), 0);
  EXPECT_EQ(ids.Intern("u7"), 1);
  EXPECT_EQ(ids.Intern("u42"), 0);
  EXPECT_EQ(ids.size(), 2);
  EXPECT_EQ(ids.Name(1), "u7");
}

TEST(IdDictionaryTest, FindDoesNotAdd) {
  IdDictionary ids;
  ids.Intern("a");
  EXPECT_EQ(ids.Find("a"), 0);
  EXPECT_EQ(ids.Find("b"), std::nullopt);
  EXPECT_EQ(ids.size(), 1);
}

}  // namespace
}  // namespace attune
