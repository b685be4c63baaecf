#include "model/ease.h"

#include <gtest/gtest.h>

#include "model/registry.h"

namespace attune {
namespace {

// Users 0-4 read items 0-3, users 5-9 read items 4-7 (user 0 misses item 3, user 5 item 7);
// item 8 is read by one user of each group only, so it is the least popular.
CsrMatrix TwoCommunities() {
  std::vector<Triplet> t;
  for (int u = 0; u < 10; ++u) {
    const int first = u < 5 ? 0 : 4;
    for (int i = first; i < first + 4; ++i) {
      if ((u == 0 && i == 3) || (u == 5 && i == 7)) continue;
      t.push_back({u, i, 1.0f});
    }
  }
  t.push_back({1, 8, 1.0f});
  t.push_back({6, 8, 1.0f});
  return CsrMatrix::FromTriplets(10, 9, t);
}

std::unique_ptr<Recommender> Fitted(const CsrMatrix& m, std::vector<std::string> params) {
  auto model = MakeRecommender("ease", *Params::FromStrings(params));
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  TrainingData data;
  data.user_items = &m;
  EXPECT_TRUE((*model)->Fit(data).ok());
  return std::move(*model);
}

TEST(EaseTest, RecommendsTheMissingItemOfTheUsersCommunity) {
  const CsrMatrix m = TwoCommunities();
  auto model = Fitted(m, {"lambda=1"});
  EXPECT_EQ(RecommendForUser(*model, m, 0, 1)[0].item, 3);
  EXPECT_EQ(RecommendForUser(*model, m, 5, 1)[0].item, 7);
  auto similar = model->SimilarItems(1, 2);
  ASSERT_TRUE(similar.ok());
  for (const ScoredItem& s : *similar) EXPECT_LT(s.item, 4) << "item 1's neighbours are 0-3";
}

TEST(EaseTest, VocabularyIsTheMostPopularItemsAndOthersAreExcluded) {
  const CsrMatrix m = TwoCommunities();
  auto model = Fitted(m, {"lambda=1", "max_items=8"});
  const auto& ease = static_cast<const Ease&>(*model);
  ASSERT_EQ(ease.vocabulary().size(), 8u);
  for (int32_t item : ease.vocabulary()) EXPECT_NE(item, 8) << "item 8 is the least popular";
  std::vector<float> scores(9);
  const int32_t users[] = {1};
  model->ScoreUsers(m, users, scores);
  EXPECT_EQ(scores[8], kExcludedScore);
  EXPECT_NE(scores[3], kExcludedScore);
  EXPECT_EQ(model->SimilarItems(8, 3).status().code(), StatusCode::kFailedPrecondition);
}

TEST(EaseTest, WeightsHaveZeroDiagonal) {
  auto model = Fitted(TwoCommunities(), {"lambda=2"});
  const auto& w = static_cast<const Ease&>(*model).weights();
  for (int64_t i = 0; i < w.rows; ++i) EXPECT_EQ(w.At(i, i), 0.0f);
}

TEST(EaseTest, SaveLoadRoundTripsScores) {
  const CsrMatrix m = TwoCommunities();
  auto model = Fitted(m, {"lambda=3", "max_items=6"});
  ModelWriter writer;
  model->SaveBody(writer);
  auto loaded = MakeRecommender("ease", *Params::FromStrings({"lambda=3", "max_items=6"}));
  ModelReader reader(writer.bytes());
  ASSERT_TRUE((*loaded)->LoadBody(reader).ok());
  std::vector<float> a(9 * 10), b(9 * 10);
  const int32_t users[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  model->ScoreUsers(m, users, a);
  (*loaded)->ScoreUsers(m, users, b);
  EXPECT_EQ(a, b);
  ModelReader truncated(std::string_view(writer.bytes()).substr(0, writer.bytes().size() - 1));
  EXPECT_FALSE((*loaded)->LoadBody(truncated).ok());
}

TEST(EaseTest, FitHonoursCancelAndParamsAreChecked) {
  const CsrMatrix m = TwoCommunities();
  auto model = MakeRecommender("ease", Params());
  std::atomic<bool> cancel{true};
  TrainingData data;
  data.user_items = &m;
  data.cancel = &cancel;
  EXPECT_EQ((*model)->Fit(data).code(), StatusCode::kCancelled);
  auto bad = MakeRecommender("ease", *Params::FromStrings({"lambda=-1"}));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("lambda"), std::string::npos);
  EXPECT_FALSE(MakeRecommender("ease", *Params::FromStrings({"max_item=5"})).ok());
}

}  // namespace
}  // namespace attune
