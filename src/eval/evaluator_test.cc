#include "eval/evaluator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "model/registry.h"

namespace attune {
namespace {

// 3 users x 4 items. Popularity: item 0 = 3, items 1 and 2 = 1 (a tie), item 3 = 0.
Split TinySplit() {
  Split split;
  split.train = CsrMatrix::FromTriplets(3, 4, {{0, 0, 1}, {1, 0, 1}, {1, 1, 1}, {2, 0, 1}, {2, 2, 1}});
  split.history = split.train;
  split.test = CsrMatrix::FromTriplets(3, 4, {{0, 2, 1}, {1, 3, 1}});  // user 2: no test item
  return split;
}

std::unique_ptr<Recommender> Fitted(std::string_view recipe, const CsrMatrix& train,
                                    Params params = Params()) {
  auto model = MakeRecommender(recipe, params);
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  TrainingData data;
  data.user_items = &train;
  EXPECT_TRUE((*model)->Fit(data).ok());
  return std::move(*model);
}

TEST(EvaluatorTest, PopularityOnHandComputedSplitWithTies) {
  Split split = TinySplit();
  auto model = Fitted("popularity-count", split.train);
  EvalOptions options;
  options.ks = {2, 1};
  auto result = Evaluate(*model, split, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->users, 2);  // user 2 has no test item and is not averaged
  EXPECT_EQ(result->items, 4);
  // User 0 (history {0}) is ranked [1, 2, 3]: the 1-1 tie goes to the lower index, so test item
  // 2 is at rank 1. User 1 (history {0, 1}) is ranked [2, 3]: test item 3 at rank 1.
  const MetricsAtK* at1 = result->At(1);
  ASSERT_NE(at1, nullptr);
  EXPECT_DOUBLE_EQ(at1->recall, 0.0);
  EXPECT_DOUBLE_EQ(at1->hit_rate, 0.0);
  EXPECT_DOUBLE_EQ(at1->coverage, 0.5);  // items 1 and 2
  const MetricsAtK* at2 = result->At(2);
  ASSERT_NE(at2, nullptr);
  EXPECT_DOUBLE_EQ(at2->recall, 1.0);
  EXPECT_DOUBLE_EQ(at2->precision, 0.5);
  EXPECT_DOUBLE_EQ(at2->mrr, 0.5);
  EXPECT_DOUBLE_EQ(at2->ndcg, 1.0 / std::log2(3.0));
  EXPECT_DOUBLE_EQ(at2->coverage, 0.75);  // items 1, 2, 3
}

Split RandomSplit(int users, int items, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<Triplet> train, test;
  for (int user = 0; user < users; ++user) {
    for (int item = 0; item < items; ++item) {
      const uint32_t draw = rng() % 10;
      if (draw < 2) train.push_back({user, item, 1.0f + static_cast<float>(rng() % 3)});
      if (draw == 2) test.push_back({user, item, 1.0f});
    }
  }
  Split split;
  split.train = CsrMatrix::FromTriplets(users, items, std::move(train));
  split.history = split.train;
  split.test = CsrMatrix::FromTriplets(users, items, std::move(test));
  return split;
}

TEST(EvaluatorTest, MatchesOneUserAtATimeReference) {
  Split split = RandomSplit(60, 40, 1);
  auto model = Fitted("item-knn", split.train);
  EvalOptions options;
  options.ks = {5};
  options.block_users = 7;  // blocks that do not divide the user count
  auto result = Evaluate(*model, split, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  double recall = 0, ndcg = 0;
  int users = 0;
  for (int32_t user = 0; user < split.test.rows; ++user) {
    if (split.test.RowSize(user) == 0) continue;
    std::vector<int32_t> ranked;
    for (const ScoredItem& s : RecommendForUser(*model, split.history, user, 5)) ranked.push_back(s.item);
    UserMetrics m = ScoreRanking(ranked, split.test.RowIndices(user), 5);
    recall += m.recall;
    ndcg += m.ndcg;
    ++users;
  }
  EXPECT_EQ(result->users, users);
  EXPECT_NEAR(result->At(5)->recall, recall / users, 1e-12);
  EXPECT_NEAR(result->At(5)->ndcg, ndcg / users, 1e-12);
}

TEST(EvaluatorTest, ThreadCountDoesNotChangeNumbers) {
  Split split = RandomSplit(80, 30, 2);
  auto model = Fitted("item-knn", split.train);
  EvalOptions one;
  one.ks = {3, 10};
  one.threads = 1;
  one.block_users = 5;
  EvalOptions two = one;
  two.threads = 2;
  auto a = Evaluate(*model, split, one);
  auto b = Evaluate(*model, split, two);
  ASSERT_TRUE(a.ok() && b.ok());
  for (size_t i = 0; i < a->metrics.size(); ++i) {
    EXPECT_EQ(a->metrics[i].recall, b->metrics[i].recall);
    EXPECT_EQ(a->metrics[i].ndcg, b->metrics[i].ndcg);
    EXPECT_EQ(a->metrics[i].coverage, b->metrics[i].coverage);
  }
}

// User 0 hid item 1 (a negative event): it is never recommended, so test item 2 moves to rank 1.
TEST(EvaluatorTest, ExcludedNegativeItemsAreNeverRanked) {
  Split split = TinySplit();
  split.excluded = CsrMatrix::FromTriplets(3, 4, {{0, 1, 1}});
  auto model = Fitted("popularity-count", split.train);
  EvalOptions options;
  options.ks = {1};
  auto result = Evaluate(*model, split, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  // Without the exclusion user 0 ranks [1, 2, 3] and misses at K=1 (see the test above).
  EXPECT_DOUBLE_EQ(result->At(1)->hit_rate, 0.5);  // user 0 hits item 2, user 1 ranks item 2 first
}

TEST(EvaluatorTest, RejectsExcludedOfAnotherShape) {
  Split split = TinySplit();
  split.excluded = CsrMatrix::FromTriplets(2, 4, {{0, 1, 1}});
  auto model = Fitted("popularity-count", split.train);
  auto result = Evaluate(*model, split, EvalOptions());
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("split.excluded"), std::string::npos);
}

TEST(EvaluatorTest, RejectsModelOfAnotherCatalogue) {
  Split split = TinySplit();
  CsrMatrix other = CsrMatrix::FromTriplets(1, 6, {{0, 5, 1}});
  auto model = Fitted("popularity-count", other);
  auto result = Evaluate(*model, split, EvalOptions());
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("6 items"), std::string::npos);
}

TEST(EvaluatorTest, FitAndEvaluateReportsRecipeAndUnknownRecipeFails) {
  Split split = TinySplit();
  auto report = FitAndEvaluate("popularity-count", Params(), split, EvalOptions());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->recipe, "popularity-count");
  EXPECT_NE(report->eval.At(20), nullptr);
  EXPECT_FALSE(FitAndEvaluate("no-such-recipe", Params(), split, EvalOptions()).ok());
}

}  // namespace
}  // namespace attune
