// personalized-ranking: a caller's list re-ordered by the user-personalization model.
#include <gtest/gtest.h>

#include <algorithm>

#include "model/als.h"
#include "model/registry.h"

namespace attune {
namespace {

// Two communities: users 0-9 read items 0-4, users 10-19 read items 5-9; user 0 misses item 4.
CsrMatrix TwoCommunities() {
  std::vector<Triplet> entries;
  for (int32_t user = 0; user < 20; ++user) {
    const int32_t first = user < 10 ? 0 : 5;
    for (int32_t item = first; item < first + 5; ++item) {
      if (user == 0 && item == 4) continue;
      entries.push_back({user, item, 1.0f});
    }
  }
  return CsrMatrix::FromTriplets(20, 10, entries);
}

std::unique_ptr<Recommender> FitRanking(const CsrMatrix& m) {
  Params params;
  params.Set("factors", "4");
  params.Set("regularization", "0.1");
  auto model = MakeRecommender("personalized-ranking", params);
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  TrainingData data;
  data.user_items = &m;
  data.threads = 1;
  EXPECT_TRUE((*model)->Fit(data).ok());
  return std::move(model).value();
}

TEST(PersonalizedRankingTest, OrdersTheListAsTheModelScoresIt) {
  const CsrMatrix m = TwoCommunities();
  auto model = FitRanking(m);
  EXPECT_EQ(model->recipe(), "personalized-ranking");
  const std::vector<int32_t> list = {7, 4, 9, 2};
  auto ranked = RankItemsForUser(*model, m, 0, list);
  ASSERT_TRUE(ranked.ok()) << ranked.status().ToString();
  ASSERT_EQ(ranked->size(), list.size());
  const std::vector<float> scores = ScoreItemsForUser(*model, m, 0, list);
  for (size_t i = 1; i < ranked->size(); ++i) EXPECT_GE((*ranked)[i - 1].score, (*ranked)[i].score);
  for (const ScoredItem& entry : *ranked) {
    const size_t at = size_t(std::find(list.begin(), list.end(), entry.item) - list.begin());
    ASSERT_LT(at, list.size());
    EXPECT_EQ(entry.score, scores[at]);
  }
  // User 0's own community (items 0-4) ranks above the other community's stories.
  EXPECT_LT((*ranked)[0].item, 5);
  EXPECT_LT((*ranked)[1].item, 5);
}

TEST(PersonalizedRankingTest, UnknownItemsComeLastInTheGivenOrder) {
  const CsrMatrix m = TwoCommunities();
  auto model = FitRanking(m);
  const std::vector<int32_t> list = {42, 6, -1, 3, 10};
  auto ranked = RankItemsForUser(*model, m, 0, list);
  ASSERT_TRUE(ranked.ok());
  ASSERT_EQ(ranked->size(), 5u);
  EXPECT_EQ((*ranked)[0].item, 3);
  EXPECT_EQ((*ranked)[1].item, 6);
  EXPECT_EQ((*ranked)[2].item, 42);
  EXPECT_EQ((*ranked)[3].item, -1);
  EXPECT_EQ((*ranked)[4].item, 10);
}

TEST(PersonalizedRankingTest, EmptyListIsAClearError) {
  const CsrMatrix m = TwoCommunities();
  auto model = FitRanking(m);
  auto ranked = RankItemsForUser(*model, m, 0, {});
  ASSERT_FALSE(ranked.ok());
  EXPECT_EQ(ranked.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(ranked.status().message().find("empty"), std::string::npos);
}

TEST(PersonalizedRankingTest, RejectsUnknownParametersUnderItsOwnName) {
  Params params;
  params.Set("factor", "8");
  auto model = MakeRecommender("personalized-ranking", params);
  ASSERT_FALSE(model.ok());
  EXPECT_NE(model.status().message().find("personalized-ranking"), std::string::npos)
      << model.status().ToString();
}

}  // namespace
}  // namespace attune
