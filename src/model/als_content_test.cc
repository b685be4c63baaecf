// user-personalization with item content: stories without interactions get vectors projected
// from their content, close to the stories of the same kind.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>

#include "core/item_content.h"
#include "model/als.h"
#include "model/model_file.h"
#include "model/registry.h"

namespace attune {
namespace {

// Users 0-29 read sport stories (0-19), users 30-59 read politics (20-39); stories 18, 19, 38
// and 39 are brand new: no interactions. Every story has its category and a tag.
struct World {
  CsrMatrix interactions;
  ItemContent content;
};

World MakeWorld() {
  std::vector<Triplet> cells;
  for (int32_t user = 0; user < 60; ++user) {
    const int32_t first = user < 30 ? 0 : 20;
    for (int32_t k = 0; k < 18; ++k) {
      if ((user + k) % 3 != 0) cells.push_back({user, first + k, 1.0f});
    }
  }
  ItemContentBuilder builder;
  for (int32_t item = 0; item < 40; ++item) {
    builder.AddField(item, "CATEGORY", item < 20 ? "sport" : "politics");
    builder.AddField(item, "TAGS", item % 2 == 0 ? "live" : "analysis");
  }
  return {CsrMatrix::FromTriplets(60, 40, cells), builder.Build(40)};
}

std::unique_ptr<Recommender> FitWithContent(const World& world) {
  Params params;
  params.Set("factors", "8");
  params.Set("regularization", "0.1");
  auto model = MakeRecommender("user-personalization", params);
  EXPECT_TRUE(model.ok());
  TrainingData data;
  data.user_items = &world.interactions;
  data.item_content = &world.content;
  data.threads = 1;
  EXPECT_TRUE((*model)->Fit(data).ok());
  return std::move(model).value();
}

TEST(AlsContentTest, NewStoriesRankWithTheirKind) {
  const World world = MakeWorld();
  auto model = FitWithContent(world);
  const auto& als = static_cast<const Als&>(*model);
  EXPECT_FALSE(als.content_projection().empty());
  const std::vector<int32_t> new_stories = {18, 19, 38, 39};
  const std::vector<float> sport_reader = ScoreItemsForUser(*model, world.interactions, 1, new_stories);
  const std::vector<float> politics_reader = ScoreItemsForUser(*model, world.interactions, 31, new_stories);
  // New sport stories beat new politics stories for a sport reader, and the other way round.
  EXPECT_GT(std::min(sport_reader[0], sport_reader[1]), std::max(sport_reader[2], sport_reader[3]));
  EXPECT_GT(std::min(politics_reader[2], politics_reader[3]), std::max(politics_reader[0], politics_reader[1]));
  // ProjectContent gives a story newer than the model the same vector.
  const std::vector<float> projected = als.ProjectContent(world.content.features, 18);
  for (int32_t c = 0; c < als.factors(); ++c) {
    EXPECT_FLOAT_EQ(projected[static_cast<size_t>(c)], als.item_factors().Row(18)[c]);
  }
}

TEST(AlsContentTest, ProjectionSurvivesTheModelFile) {
  const World world = MakeWorld();
  auto model = FitWithContent(world);
  const std::string path = ::testing::TempDir() + "als-content-" + std::to_string(getpid()) + ".atm";
  ASSERT_TRUE(SaveModel(*model, ModelFileInfo{}, path).ok());
  auto loaded = LoadModel(path);
  std::remove(path.c_str());
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const auto& before = static_cast<const Als&>(*model);
  const auto& after = static_cast<const Als&>(*loaded->model);
  EXPECT_EQ(before.ProjectContent(world.content.features, 39),
            after.ProjectContent(world.content.features, 39));
}

TEST(AlsContentTest, WithoutContentNewStoriesHaveNoVector) {
  const World world = MakeWorld();
  Params params;
  params.Set("factors", "8");
  auto model = MakeRecommender("user-personalization", params);
  ASSERT_TRUE(model.ok());
  TrainingData data;
  data.user_items = &world.interactions;
  data.threads = 1;
  ASSERT_TRUE((*model)->Fit(data).ok());
  const auto& als = static_cast<const Als&>(**model);
  EXPECT_TRUE(als.content_projection().empty());
  float norm = 0;
  for (int32_t c = 0; c < als.factors(); ++c) norm += std::abs(als.item_factors().Row(18)[c]);
  EXPECT_LT(norm, 1e-3f);  // no interactions, no content: (almost) nothing learned
}

}  // namespace
}  // namespace attune
