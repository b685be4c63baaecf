// user-personalization update training: new readers and stories folded into a trained model.
#include <gtest/gtest.h>

#include "core/item_content.h"
#include "model/als.h"
#include "model/registry.h"

namespace attune {
namespace {

// Readers 0-29 read sport (stories 0-19), 30-59 politics (20-39). Later: readers 60-69 (sport)
// arrive; story 40 (sport, with content) and story 41 (politics, no content, read by 10 of the
// politics readers) are published.
std::vector<Triplet> FirstDay() {
  std::vector<Triplet> cells;
  for (int32_t user = 0; user < 60; ++user) {
    const int32_t first = user < 30 ? 0 : 20;
    for (int32_t k = 0; k < 20; ++k) {
      if ((user + k) % 3 != 0) cells.push_back({user, first + k, 1.0f});
    }
  }
  return cells;
}

ItemContent Content(int32_t items) {
  ItemContentBuilder builder;
  for (int32_t item = 0; item < items; ++item) {
    if (item == 41) continue;  // no catalogue row
    builder.AddField(item, "CATEGORY", item < 20 || item == 40 ? "sport" : "politics");
  }
  return builder.Build(items);
}

Params SmallModel() {
  Params params;
  params.Set("factors", "8");
  params.Set("regularization", "0.1");
  return params;
}

std::unique_ptr<Als> FitFull(const CsrMatrix& m, const ItemContent& content) {
  auto made = NewAls(SmallModel());
  EXPECT_TRUE(made.ok());
  std::unique_ptr<Als> model(static_cast<Als*>(made->release()));
  TrainingData data;
  data.user_items = &m;
  data.item_content = &content;
  data.threads = 1;
  EXPECT_TRUE(model->Fit(data).ok());
  return model;
}

float Score(const Als& model, int32_t user, int32_t item) {
  float s = 0;
  for (int32_t c = 0; c < model.factors(); ++c) s += model.user_factors().Row(user)[c] * model.item_factors().Row(item)[c];
  return s;
}

TEST(AlsUpdateTest, FoldsInNewReadersAndStoriesWithoutRetraining) {
  const CsrMatrix day1 = CsrMatrix::FromTriplets(60, 40, FirstDay());
  const ItemContent content1 = Content(40);
  auto live = FitFull(day1, content1);

  std::vector<Triplet> cells = FirstDay();
  for (int32_t user = 60; user < 70; ++user) {
    for (int32_t k = 0; k < 6; ++k) cells.push_back({user, k + (user % 4), 1.0f});
  }
  for (int32_t user = 30; user < 40; ++user) cells.push_back({user, 41, 1.0f});
  const CsrMatrix day2 = CsrMatrix::FromTriplets(70, 42, cells);
  const ItemContent content2 = Content(42);
  Als updated(SmallModel(), *AlsOptionsFromParams(SmallModel()));
  TrainingData data;
  data.user_items = &day2;
  data.item_content = &content2;
  data.threads = 1;
  ASSERT_TRUE(updated.UpdateFrom(*live, data).ok());
  ASSERT_EQ(updated.num_items(), 42);
  ASSERT_EQ(updated.user_factors().rows, 70);
  // Old stories keep their vectors.
  for (int32_t c = 0; c < updated.factors(); ++c) {
    EXPECT_EQ(updated.item_factors().Row(7)[c], live->item_factors().Row(7)[c]);
  }
  // A new sport reader prefers sport; the new sport story (content) suits sport readers and the
  // new politics story (fold-in from its readers) suits politics readers.
  EXPECT_GT(Score(updated, 65, 15), Score(updated, 65, 35));
  EXPECT_GT(Score(updated, 5, 40), Score(updated, 45, 40));
  EXPECT_GT(Score(updated, 45, 41), Score(updated, 5, 41));
  const std::vector<float> projected = live->ProjectContent(content2.features, 40);
  for (int32_t c = 0; c < updated.factors(); ++c) {
    EXPECT_FLOAT_EQ(updated.item_factors().Row(40)[c], projected[static_cast<size_t>(c)]);
  }
}

TEST(AlsUpdateTest, RefusesDataWithFewerStoriesOrOtherFactors) {
  const CsrMatrix day1 = CsrMatrix::FromTriplets(60, 40, FirstDay());
  const ItemContent content1 = Content(40);
  auto live = FitFull(day1, content1);
  const CsrMatrix fewer = CsrMatrix::FromTriplets(60, 30, {{0, 1, 1.0f}});
  Als updated(SmallModel(), *AlsOptionsFromParams(SmallModel()));
  TrainingData data;
  data.user_items = &fewer;
  const Status status = updated.UpdateFrom(*live, data);
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find("train full"), std::string::npos);
  Params bigger = SmallModel();
  bigger.Set("factors", "16");
  Als other(bigger, *AlsOptionsFromParams(bigger));
  data.user_items = &day1;
  EXPECT_EQ(other.UpdateFrom(*live, data).code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace attune
