#include "eval/metrics.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/top_k.h"

namespace attune {
namespace {

const double kLog3 = std::log2(3.0);
const double kLog5 = std::log2(5.0);

TEST(ScoreRankingTest, HandComputedAtTwoCutoffs) {
  const std::vector<int32_t> ranked = {3, 1, 7, 2};
  const std::vector<int32_t> test = {1, 2, 9};
  const double idcg3 = 1.0 + 1.0 / kLog3 + 0.5;
  UserMetrics at3 = ScoreRanking(ranked, test, 3);  // one hit, at rank 1
  EXPECT_DOUBLE_EQ(at3.precision, 1.0 / 3);
  EXPECT_DOUBLE_EQ(at3.recall, 1.0 / 3);
  EXPECT_DOUBLE_EQ(at3.ndcg, (1.0 / kLog3) / idcg3);
  EXPECT_DOUBLE_EQ(at3.mrr, 0.5);
  EXPECT_DOUBLE_EQ(at3.hit, 1.0);
  UserMetrics at4 = ScoreRanking(ranked, test, 4);  // hits at ranks 1 and 3
  EXPECT_DOUBLE_EQ(at4.precision, 0.5);
  EXPECT_DOUBLE_EQ(at4.recall, 2.0 / 3);
  EXPECT_DOUBLE_EQ(at4.ndcg, (1.0 / kLog3 + 1.0 / kLog5) / idcg3);  // ideal over min(3, 4)
  EXPECT_DOUBLE_EQ(at4.mrr, 0.5);
}

TEST(ScoreRankingTest, FewerTestItemsThanK) {
  // One test item, K = 10: recall can reach 1, precision divides by K, IDCG is one hit.
  const std::vector<int32_t> ranked = {0, 5, 6};
  const std::vector<int32_t> test = {5};
  UserMetrics m = ScoreRanking(ranked, test, 10);
  EXPECT_DOUBLE_EQ(m.precision, 0.1);
  EXPECT_DOUBLE_EQ(m.recall, 1.0);
  EXPECT_DOUBLE_EQ(m.ndcg, 1.0 / kLog3);
  EXPECT_DOUBLE_EQ(m.mrr, 0.5);
  EXPECT_DOUBLE_EQ(m.hit, 1.0);
}

// The ranking the evaluator scores: SelectTopK (core/top_k.h), whose ties go to the lower index.
std::vector<int32_t> Ranked(const std::vector<float>& scores, int k) {
  std::vector<ScoredItem> top;
  SelectTopK(scores, k, top);
  std::vector<int32_t> ranked;
  for (const ScoredItem& scored : top) ranked.push_back(scored.item);
  return ranked;
}

TEST(ScoreRankingTest, TiedScoresRankTheLowerItemIndexFirst) {
  // Items 1, 3 and 4 tie at 0.5 behind item 2; item 0 is last.
  const std::vector<float> scores = {0.1f, 0.5f, 0.9f, 0.5f, 0.5f};
  ASSERT_EQ(Ranked(scores, 5), (std::vector<int32_t>{2, 1, 3, 4, 0}));
  // Test item 4 loses the tie to 1 and 3: outside the top 3, at rank 3 in the top 4.
  const std::vector<int32_t> test = {4};
  UserMetrics at3 = ScoreRanking(Ranked(scores, 3), test, 3);
  EXPECT_EQ(at3.hit, 0.0);
  EXPECT_EQ(at3.mrr, 0.0);
  UserMetrics at4 = ScoreRanking(Ranked(scores, 4), test, 4);
  EXPECT_DOUBLE_EQ(at4.hit, 1.0);
  EXPECT_DOUBLE_EQ(at4.mrr, 0.25);
  EXPECT_DOUBLE_EQ(at4.ndcg, 1.0 / kLog5);
  // Test item 1 wins the same tie: rank 1 at K = 2.
  const std::vector<int32_t> first_of_tie = {1};
  UserMetrics at2 = ScoreRanking(Ranked(scores, 2), first_of_tie, 2);
  EXPECT_DOUBLE_EQ(at2.mrr, 0.5);
  EXPECT_DOUBLE_EQ(at2.ndcg, 1.0 / kLog3);
}

TEST(ScoreRankingTest, PerfectRankingHasNdcgOne) {
  const std::vector<int32_t> ranked = {4, 2, 8};
  const std::vector<int32_t> test = {2, 4};
  UserMetrics m = ScoreRanking(ranked, test, 2);
  EXPECT_DOUBLE_EQ(m.ndcg, 1.0);
  EXPECT_DOUBLE_EQ(m.recall, 1.0);
  EXPECT_DOUBLE_EQ(m.mrr, 1.0);
}

TEST(ScoreRankingTest, EmptyRecommendationListScoresZero) {
  const std::vector<int32_t> test = {1, 2};
  UserMetrics m = ScoreRanking({}, test, 5);
  EXPECT_EQ(m.precision, 0.0);
  EXPECT_EQ(m.recall, 0.0);
  EXPECT_EQ(m.ndcg, 0.0);
  EXPECT_EQ(m.mrr, 0.0);
  EXPECT_EQ(m.hit, 0.0);
}

TEST(ScoreRankingTest, HitsBeyondKDoNotCount) {
  const std::vector<int32_t> ranked = {0, 1, 2};
  const std::vector<int32_t> test = {2};
  UserMetrics m = ScoreRanking(ranked, test, 2);
  EXPECT_EQ(m.hit, 0.0);
  EXPECT_EQ(m.mrr, 0.0);
}

TEST(MetricsTableTest, AveragesOverUsersAndCountsCoverage) {
  MetricsTable table({1, 2}, /*num_users=*/2, /*num_items=*/4);
  std::vector<uint8_t> covered(table.CoverageMaskSize(), 0);
  const std::vector<int32_t> first = {0, 1}, second = {2, 0};
  const std::vector<int32_t> test_a = {1}, test_b = {2};
  table.Record(0, first, test_a, covered);   // hit at rank 1
  table.Record(1, second, test_b, covered);  // hit at rank 0
  auto results = table.Finish(covered);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].k, 1);
  EXPECT_DOUBLE_EQ(results[0].recall, 0.5);
  EXPECT_DOUBLE_EQ(results[0].hit_rate, 0.5);
  EXPECT_DOUBLE_EQ(results[0].coverage, 2.0 / 4);  // items 0 and 2 in some top 1
  EXPECT_DOUBLE_EQ(results[1].recall, 1.0);
  EXPECT_DOUBLE_EQ(results[1].mrr, 0.75);
  EXPECT_DOUBLE_EQ(results[1].precision, 0.5);
  EXPECT_DOUBLE_EQ(results[1].coverage, 3.0 / 4);  // items 0, 1, 2
}

TEST(MetricsTableTest, CoverageCountsEachItemOnceAndOnlyWhatWasRecommended) {
  // Lists shorter than K, one item shared by both users, one user with nothing to recommend.
  MetricsTable table({1, 10}, /*num_users=*/3, /*num_items=*/5);
  std::vector<uint8_t> covered(table.CoverageMaskSize(), 0);
  const std::vector<int32_t> short_list = {3}, shared = {3, 4}, test = {3};
  table.Record(0, short_list, test, covered);
  table.Record(1, shared, test, covered);
  table.Record(2, {}, test, covered);
  auto results = table.Finish(covered);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_DOUBLE_EQ(results[0].coverage, 1.0 / 5);  // item 3, counted once
  EXPECT_DOUBLE_EQ(results[1].coverage, 2.0 / 5);  // items 3 and 4: K = 10 adds nothing unseen
  EXPECT_DOUBLE_EQ(results[1].precision, (0.1 + 0.1 + 0.0) / 3);  // short lists still divide by K
  EXPECT_DOUBLE_EQ(results[1].hit_rate, 2.0 / 3);
  // A catalogue without items covers nothing (and does not divide by zero).
  MetricsTable empty({5}, 1, 0);
  std::vector<uint8_t> none(empty.CoverageMaskSize(), 0);
  empty.Record(0, {}, test, none);
  EXPECT_EQ(empty.Finish(none)[0].coverage, 0.0);
}

TEST(CutoffsTest, SortsDeduplicatesAndRejectsBadValues) {
  auto ks = NormalizeCutoffs({20, 5, 20, 10});
  ASSERT_TRUE(ks.ok());
  EXPECT_EQ(*ks, (std::vector<int>{5, 10, 20}));
  EXPECT_FALSE(NormalizeCutoffs({}).ok());
  auto bad = NormalizeCutoffs({0});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("K=0"), std::string::npos);
}

TEST(PersonalizeMetricsTest, NamesMapOneToOne) {
  std::vector<MetricsAtK> results;
  for (int k : {5, 10, 25}) {
    MetricsAtK m;
    m.k = k;
    m.precision = k / 100.0;
    m.ndcg = k / 1000.0;
    m.mrr = k / 10.0;
    m.coverage = k / 50.0;
    results.push_back(m);
  }
  auto named = PersonalizeMetrics(results);
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->size(), 8u);
  EXPECT_DOUBLE_EQ(named->at("coverage"), 0.5);
  EXPECT_DOUBLE_EQ(named->at("mean_reciprocal_rank_at_25"), 2.5);
  EXPECT_DOUBLE_EQ(named->at("normalized_discounted_cumulative_gain_at_10"), 0.01);
  EXPECT_DOUBLE_EQ(named->at("precision_at_5"), 0.05);
  EXPECT_DOUBLE_EQ(named->at("precision_at_25"), 0.25);
  results.erase(results.begin() + 1);
  auto missing = PersonalizeMetrics(results);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("K=10"), std::string::npos);
}

}  // namespace
}  // namespace attune
