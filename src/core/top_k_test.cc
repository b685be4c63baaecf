#include "core/top_k.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace attune {
namespace {

TEST(TopKTest, BestFirstWithTiesByLowerIndex) {
  std::vector<float> scores = {1, 3, 3, kExcludedScore, 2, 3};
  std::vector<ScoredItem> out;
  SelectTopK(scores, 4, out);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0], (ScoredItem{1, 3}));
  EXPECT_EQ(out[1], (ScoredItem{2, 3}));
  EXPECT_EQ(out[2], (ScoredItem{5, 3}));
  EXPECT_EQ(out[3], (ScoredItem{4, 2}));
}

TEST(TopKTest, NeverReturnsExcludedOrNan) {
  std::vector<float> scores = {kExcludedScore, std::nanf(""), 0.5f};
  std::vector<ScoredItem> out;
  SelectTopK(scores, 10, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].item, 2);
}

TEST(TopKTest, MatchesFullSortOnRandomScores) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> coarse(0, 20);  // many ties on purpose
  std::vector<float> scores(2000);
  for (float& s : scores) s = static_cast<float>(coarse(rng));
  std::vector<ScoredItem> all;
  for (int i = 0; i < 2000; ++i) all.push_back({i, scores[i]});
  std::sort(all.begin(), all.end(), RanksBefore);
  std::vector<ScoredItem> out;
  SelectTopK(scores, 50, out);
  ASSERT_EQ(out.size(), 50u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(out[i], all[i]) << i;
}

// The blocked scan (core/top_k.cc) against a full sort: lengths around its block size, k from 1 to
// more than the eligible items, ties, excluded items and NaN anywhere (also in long runs).
TEST(TopKTest, BlockedScanMatchesFullSortAtEveryShape) {
  std::mt19937 rng(11);
  for (size_t n : {0, 1, 15, 16, 17, 63, 64, 65, 100, 1000, 4099}) {
    for (int k : {1, 5, 20, 64, 5000}) {
      std::uniform_int_distribution<int> coarse(0, 30), kind(0, 9);
      std::vector<float> scores(n);
      for (size_t i = 0; i < n; ++i) {
        const int what = kind(rng);
        scores[i] = what == 0 ? kExcludedScore : what == 1 ? std::nanf("") : static_cast<float>(coarse(rng));
      }
      if (n > 200) std::fill(scores.begin() + 100, scores.begin() + 180, kExcludedScore);  // a long gap
      std::vector<ScoredItem> all;
      for (size_t i = 0; i < n; ++i) {
        if (scores[i] > kExcludedScore) all.push_back({static_cast<int32_t>(i), scores[i]});
      }
      std::sort(all.begin(), all.end(), RanksBefore);
      all.resize(std::min(all.size(), static_cast<size_t>(k)));
      std::vector<ScoredItem> out;
      SelectTopK(scores, k, out);
      ASSERT_EQ(out, all) << "n=" << n << " k=" << k;
    }
  }
}

TEST(TopKTest, SelectsAmongCandidates) {
  std::vector<int32_t> candidates = {10, 4, 7};
  std::vector<float> scores = {0.1f, 0.9f, 0.9f};
  std::vector<ScoredItem> out;
  SelectTopKOf(candidates, scores, 2, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].item, 4);
  EXPECT_EQ(out[1].item, 7);
}

}  // namespace
}  // namespace attune
