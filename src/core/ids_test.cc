#include "core/ids.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <unordered_map>
#include <vector>

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

TEST(IdDictionaryTest, PrefixesLongIdsAndTheEmptyIdAreDistinct) {
  IdDictionary ids;
  const std::string long_id(300, 'x');
  for (const std::string& id : std::vector<std::string>{"", "a", "ab", "abcdefgh", "abcdefghi", long_id}) {
    EXPECT_EQ(ids.Find(id), std::nullopt) << id;
    ids.Intern(id);
  }
  EXPECT_EQ(ids.size(), 6);
  EXPECT_EQ(ids.Find(""), 0);
  EXPECT_EQ(ids.Find("abcdefghi"), 4);
  EXPECT_EQ(ids.Name(5), long_id);
  EXPECT_EQ(ids.Name(0), "");
}

// The open-addressing table against std::unordered_map on ids that force many regrowths and
// probe collisions (a small alphabet, repeated ids, varied lengths).
TEST(IdDictionaryTest, MatchesAReferenceMapThroughGrowth) {
  std::mt19937 rng(7);
  IdDictionary ids;
  std::unordered_map<std::string, int32_t> reference;
  for (int draw = 0; draw < 200'000; ++draw) {
    std::string id(rng() % 20, 'a');
    for (char& c : id) c = static_cast<char>('a' + rng() % 3);
    id += std::to_string(rng() % 5'000);
    auto [it, added] = reference.emplace(id, static_cast<int32_t>(reference.size()));
    ASSERT_EQ(ids.Intern(id), it->second) << id;
    if (draw % 97 == 0) {
      EXPECT_EQ(ids.Find(id + "?"), std::nullopt);
    }
  }
  ASSERT_EQ(ids.size(), static_cast<int32_t>(reference.size()));
  for (const auto& [id, index] : reference) {
    EXPECT_EQ(ids.Find(id), index);
    EXPECT_EQ(ids.Name(index), id);
  }
}

TEST(IdDictionaryTest, ReserveKeepsEntries) {
  IdDictionary ids;
  ids.Intern("kept");
  ids.Reserve(10'000);
  EXPECT_EQ(ids.Find("kept"), 0);
  EXPECT_EQ(ids.Intern("new"), 1);
}

}  // namespace
}  // namespace attune
