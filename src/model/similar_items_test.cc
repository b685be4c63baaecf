// similar-items: neighbours from co-readers, and from content for stories nobody has read yet.
#include <gtest/gtest.h>

#include "core/item_content.h"
#include "model/registry.h"

namespace attune {
namespace {

// Stories 0-3 are sport, 4-7 politics; story 8 (sport) and 9 (politics) are new: no readers.
// Readers 0-9 read sport stories 0-3, readers 10-19 politics stories 4-7.
struct Site {
  CsrMatrix reads;
  ItemContent content;
};

Site MakeSite() {
  std::vector<Triplet> cells;
  for (int32_t user = 0; user < 20; ++user) {
    const int32_t first = user < 10 ? 0 : 4;
    for (int32_t item = first; item < first + 4; ++item) {
      if ((user + item) % 4 != 0) cells.push_back({user, item, 1.0f});
    }
  }
  ItemContentBuilder builder;
  for (int32_t item = 0; item < 10; ++item) {
    const bool sport = item < 4 || item == 8;
    builder.AddField(item, "CATEGORY", sport ? "sport" : "politics");
  }
  return {CsrMatrix::FromTriplets(20, 10, cells), builder.Build(10)};
}

std::unique_ptr<Recommender> Fit(const Site& site, const std::string& content_weight,
                                 bool with_content = true) {
  Params params;
  params.Set("content_weight", content_weight);
  params.Set("shrinkage", "0");
  auto model = MakeRecommender("similar-items", params);
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  TrainingData data;
  data.user_items = &site.reads;
  if (with_content) data.item_content = &site.content;
  EXPECT_TRUE((*model)->Fit(data).ok());
  return std::move(model).value();
}

bool AllIn(const std::vector<ScoredItem>& items, int32_t first, int32_t last, int32_t extra) {
  for (const ScoredItem& s : items) {
    if ((s.item < first || s.item > last) && s.item != extra) return false;
  }
  return true;
}

TEST(SimilarItemsTest, ANewStoryHasNeighboursOfItsKind) {
  const Site site = MakeSite();
  auto model = Fit(site, "0.3");
  auto sport = model->SimilarItems(8, 4);
  ASSERT_TRUE(sport.ok()) << sport.status().ToString();
  ASSERT_EQ(sport->size(), 4u);
  EXPECT_TRUE(AllIn(*sport, 0, 3, -1));
  auto politics = model->SimilarItems(9, 4);
  ASSERT_TRUE(politics.ok());
  ASSERT_EQ(politics->size(), 4u);
  EXPECT_TRUE(AllIn(*politics, 4, 7, -1));
}

TEST(SimilarItemsTest, WithoutContentANewStoryHasNoNeighbours) {
  const Site site = MakeSite();
  auto model = Fit(site, "0.3", /*with_content=*/false);
  auto none = model->SimilarItems(8, 4);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  auto read = model->SimilarItems(0, 3);  // co-readers still count
  ASSERT_TRUE(read.ok());
  ASSERT_EQ(read->size(), 3u);
  EXPECT_TRUE(AllIn(*read, 1, 3, -1));
}

TEST(SimilarItemsTest, BlendIsTheWeightedSumOfBothSimilarities) {
  const Site site = MakeSite();
  auto interactions_only = Fit(site, "0");
  auto content_only = Fit(site, "1");
  auto blend = Fit(site, "0.5");
  auto a = interactions_only->SimilarItems(0, 9);
  auto b = content_only->SimilarItems(0, 9);
  auto c = blend->SimilarItems(0, 9);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  auto score_of = [](const std::vector<ScoredItem>& list, int32_t item) {
    for (const ScoredItem& s : list) {
      if (s.item == item) return s.score;
    }
    return 0.0f;
  };
  for (int32_t item : {1, 2, 3, 8}) {
    EXPECT_NEAR(score_of(*c, item), 0.5f * score_of(*a, item) + 0.5f * score_of(*b, item), 1e-5)
        << "item " << item;
  }
  EXPECT_NEAR(score_of(*b, 8), 1.0f, 1e-5);  // same single category: content cosine 1
}

TEST(SimilarItemsTest, UnknownItemIsAClearError) {
  const Site site = MakeSite();
  auto model = Fit(site, "0.3");
  auto missing = model->SimilarItems(10, 3);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("10"), std::string::npos);
}

}  // namespace
}  // namespace attune
