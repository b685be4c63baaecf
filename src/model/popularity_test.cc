#include "model/popularity.h"

#include <gtest/gtest.h>

#include "model/registry.h"

namespace attune {
namespace {

TEST(PopularityCountTest, RanksByWeightAndExcludesHistory) {
  // item 2 is read by 3 users, item 0 by 2, item 1 by 1.
  CsrMatrix m = CsrMatrix::FromTriplets(
      3, 3, {{0, 0, 1}, {0, 2, 1}, {1, 2, 1}, {1, 0, 1}, {2, 2, 1}, {2, 1, 1}});
  auto model = MakeRecommender("popularity-count", Params());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  TrainingData data;
  data.user_items = &m;
  ASSERT_TRUE((*model)->Fit(data).ok());
  auto top = RecommendForUser(**model, m, 2, 3);
  ASSERT_EQ(top.size(), 1u);  // user 2 has read items 1 and 2
  EXPECT_EQ(top[0].item, 0);
  auto all = RecommendForUser(**model, m, 2, 3, /*exclude_history=*/false);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].item, 2);
  EXPECT_EQ(all[1].item, 0);
  EXPECT_EQ(all[2].item, 1);
}

TEST(PopularityCountTest, UnknownRecipeListsAvailable) {
  auto model = MakeRecommender("populrity", Params());
  ASSERT_FALSE(model.ok());
  EXPECT_NE(model.status().message().find("popularity-count"), std::string::npos);
}

TEST(PopularityCountTest, SaveLoadRoundTrips) {
  CsrMatrix m = CsrMatrix::FromTriplets(2, 2, {{0, 1, 2}, {1, 1, 1}, {1, 0, 1}});
  PopularityCount a(Params(), true);
  TrainingData data;
  data.user_items = &m;
  ASSERT_TRUE(a.Fit(data).ok());
  ModelWriter w;
  a.SaveBody(w);
  PopularityCount b(Params(), true);
  ModelReader r(w.bytes());
  ASSERT_TRUE(b.LoadBody(r).ok());
  EXPECT_EQ(a.counts(), b.counts());
  ModelReader truncated(std::string_view(w.bytes()).substr(0, 5));
  EXPECT_FALSE(b.LoadBody(truncated).ok());
}

}  // namespace
}  // namespace attune
