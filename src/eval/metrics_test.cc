#include "eval/metrics.h"

#include <gtest/gtest.h>

#include <cmath>

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
