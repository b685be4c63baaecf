#include "store/index_key_sorter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>

#include "store/store_test_util.h"

namespace attune {
namespace {

std::vector<IndexKey> Drain(IndexKeySorter& sorter) {
  std::vector<IndexKey> out;
  IndexKey key;
  for (;;) {
    auto more = sorter.Next(&key);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) return out;
    out.push_back(key);
  }
}

std::vector<IndexKey> RandomKeys(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<IndexKey> keys(n);
  for (size_t i = 0; i < n; ++i) {
    // Few users and timestamps: many ties broken by the later fields.
    keys[i] = IndexKey{static_cast<int32_t>(rng() % 50), static_cast<int64_t>(rng() % 20), static_cast<int64_t>(i)};
  }
  std::shuffle(keys.begin(), keys.end(), rng);
  return keys;
}

// The merge of spilled runs against std::sort, for run sizes that divide the input, leave a
// partial last run, are 1, or hold everything in memory.
TEST(IndexKeySorterTest, MatchesStdSortWithAndWithoutSpills) {
  TempDir dir;
  const std::vector<IndexKey> keys = RandomKeys(10'007, 3);
  std::vector<IndexKey> expected = keys;
  std::sort(expected.begin(), expected.end());
  for (int64_t max_keys : {int64_t{1}, int64_t{7}, int64_t{1000}, int64_t{10'007}, int64_t{1 << 20}}) {
    IndexKeySorter sorter(dir.path() + "/db", max_keys);
    for (const IndexKey& key : keys) ASSERT_TRUE(sorter.Add(key).ok());
    ASSERT_TRUE(sorter.Finish().ok());
    EXPECT_EQ(sorter.spilled_runs(), max_keys >= 10'007 ? 0 : (10'007 + max_keys - 1) / max_keys) << max_keys;
    EXPECT_EQ(Drain(sorter), expected) << "max_keys " << max_keys;
  }
  // The spill file was unlinked when created: nothing is left in the directory.
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(IndexKeySorterTest, EmptyAndMisuse) {
  TempDir dir;
  IndexKeySorter sorter(dir.path() + "/db", 4);
  IndexKey key;
  EXPECT_EQ(sorter.Next(&key).status().code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(sorter.Finish().ok());
  EXPECT_TRUE(Drain(sorter).empty());
  EXPECT_EQ(sorter.Add(IndexKey{}).code(), StatusCode::kFailedPrecondition);
}

TEST(IndexKeySorterTest, UnwritableDirectoryIsUnavailable) {
  IndexKeySorter sorter("/nonexistent-dir/db", 2);
  ASSERT_TRUE(sorter.Add(IndexKey{1, 1, 1}).ok());
  ASSERT_TRUE(sorter.Add(IndexKey{0, 1, 2}).ok());
  Status status = sorter.Add(IndexKey{0, 1, 3});  // the buffer is full: spills
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_NE(status.message().find("sort file"), std::string::npos) << status.message();
}

}  // namespace
}  // namespace attune
