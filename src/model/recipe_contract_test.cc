// The recipe contract: every recipe in the registry, with its default parameters, on data whose
// right answer is known. A new recipe is picked up automatically from RecipeNames().
//
// The data has two communities of 100 users and 120 items each (well beyond the default number of
// factors, so that a factor model cannot simply reproduce every zero: with 80 items a 64-factor
// iALS that fits the training loss more closely starts to leak the other community into a few
// users' top item; with 120 the margin is wide for every solver tried); a user reads most items of their
// own community and none of the other's, and item 0 is the most read overall. What every recipe
// must do:
//   - fit, and score every item with a finite number;
//   - save and load to a model that scores bit for bit the same (through a real model file);
//   - give the same scores when fitted twice on the same data (deterministic, one thread);
//   - return similar items that never include the item itself, at most k, best first;
//   - reject an unknown parameter by name;
//   - the known answer: a personalized recipe recommends, to a user with history in one
//     community, an unread item of that community first; a popularity recipe recommends the most
//     read unread item first.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "model/model_file.h"
#include "model/registry.h"

namespace attune {
namespace {

constexpr int32_t kUsersPerCommunity = 100;
constexpr int32_t kItemsPerCommunity = 120;
constexpr int32_t kUsers = 2 * kUsersPerCommunity;
constexpr int32_t kItems = 2 * kItemsPerCommunity;

int32_t CommunityOfItem(int32_t item) { return item < kItemsPerCommunity ? 0 : 1; }

// Recipes whose right answer is "most read first" rather than "same community first".
bool RanksByPopularity(const std::string& recipe) {
  return recipe == "popularity-count" || recipe == "trending-now";
}

// User u of community c reads every item of c except two of items 1..119 (which two depends on
// u), so each user has two unread items of their own community and has read the community's
// item 0. Community 0 reads with weight 2, community 1 with weight 1, so item 0 (read by all 100
// users of community 0, weight 200) is the most read overall, and every item of community 0 is
// read more than any item of community 1.
CsrMatrix CommunityMatrix() {
  std::vector<Triplet> entries;
  for (int32_t user = 0; user < kUsers; ++user) {
    const int32_t community = user / kUsersPerCommunity;
    const int32_t skip_a = 1 + user % (kItemsPerCommunity - 1);
    const int32_t skip_b = 1 + (user + 5) % (kItemsPerCommunity - 1);
    for (int32_t k = 0; k < kItemsPerCommunity; ++k) {
      if (k == skip_a || k == skip_b) continue;
      const float weight = community == 0 ? 2.0f : 1.0f;
      entries.push_back({user, community * kItemsPerCommunity + k, weight});
    }
  }
  return CsrMatrix::FromTriplets(kUsers, kItems, entries);
}

// Every interaction happened in the same hour (recipes that use time, like trending-now, then
// rank by weight as popularity does).
std::vector<int64_t> SameHour(const CsrMatrix& m) {
  return std::vector<int64_t>(m.values.size(), int64_t{1'700'000'000});
}

std::unique_ptr<Recommender> FitDefault(const std::string& recipe, const CsrMatrix& m) {
  auto model = MakeRecommender(recipe, Params());
  if (!model.ok()) {
    ADD_FAILURE() << recipe << ": " << model.status().ToString();
    return nullptr;
  }
  const std::vector<int64_t> times = SameHour(m);
  TrainingData data;
  data.user_items = &m;
  data.interaction_times = times;
  data.threads = 1;
  const Status fitted = (*model)->Fit(data);
  if (!fitted.ok()) {
    ADD_FAILURE() << recipe << ": Fit: " << fitted.ToString();
    return nullptr;
  }
  return std::move(model).value();
}

std::vector<float> AllScores(const Recommender& model, const CsrMatrix& m) {
  std::vector<int32_t> users(kUsers);
  for (int32_t u = 0; u < kUsers; ++u) users[size_t(u)] = u;
  std::vector<float> scores(size_t(kUsers) * kItems);
  model.ScoreUsers(m, users, scores);
  return scores;
}

class RecipeContractTest : public ::testing::TestWithParam<std::string> {
 protected:
  CsrMatrix m_ = CommunityMatrix();
};

TEST_P(RecipeContractTest, FitsAndScoresEveryItemWithAFiniteNumber) {
  auto model = FitDefault(GetParam(), m_);
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->num_items(), kItems);
  for (float score : AllScores(*model, m_)) ASSERT_TRUE(std::isfinite(score)) << score;
}

TEST_P(RecipeContractTest, ModelFileRoundTripScoresBitForBit) {
  auto model = FitDefault(GetParam(), m_);
  ASSERT_NE(model, nullptr);
  const std::string path = ::testing::TempDir() + "contract-" + GetParam() + "-" +
                           std::to_string(getpid()) + ".atm";
  ASSERT_TRUE(SaveModel(*model, ModelFileInfo{DataFingerprint(m_), 1, "contract"}, path).ok());
  auto loaded = LoadModel(path);
  std::remove(path.c_str());
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->model->recipe(), model->recipe());
  const std::vector<float> before = AllScores(*model, m_);
  const std::vector<float> after = AllScores(*loaded->model, m_);
  ASSERT_EQ(before.size(), after.size());
  for (size_t i = 0; i < before.size(); ++i) {
    ASSERT_EQ(std::memcmp(&before[i], &after[i], sizeof(float)), 0) << "score " << i;
  }
}

TEST_P(RecipeContractTest, TwoFitsOnTheSameDataScoreTheSame) {
  auto a = FitDefault(GetParam(), m_);
  auto b = FitDefault(GetParam(), m_);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(AllScores(*a, m_), AllScores(*b, m_));
}

TEST_P(RecipeContractTest, SimilarItemsExcludeTheItemAndComeBestFirst) {
  auto model = FitDefault(GetParam(), m_);
  ASSERT_NE(model, nullptr);
  auto similar = model->SimilarItems(1, 5);
  if (!similar.ok()) {
    // A recipe without item similarity must say so, not fail some other way.
    EXPECT_EQ(similar.status().code(), StatusCode::kFailedPrecondition) << similar.status().ToString();
    return;
  }
  EXPECT_LE(similar->size(), 5u);
  for (size_t i = 0; i < similar->size(); ++i) {
    EXPECT_NE((*similar)[i].item, 1);
    if (i > 0) {
      EXPECT_GE((*similar)[i - 1].score, (*similar)[i].score);
    }
  }
}

TEST_P(RecipeContractTest, RejectsAnUnknownParameterByName) {
  Params params;
  params.Set("no_such_parameter", "1");
  auto model = MakeRecommender(GetParam(), params);
  ASSERT_FALSE(model.ok());
  EXPECT_NE(model.status().message().find("no_such_parameter"), std::string::npos)
      << model.status().ToString();
}

TEST_P(RecipeContractTest, RecommendsTheKnownRightAnswerFirst) {
  auto model = FitDefault(GetParam(), m_);
  ASSERT_NE(model, nullptr);
  for (int32_t user : {0, 5, kUsersPerCommunity, kUsersPerCommunity + 9}) {
    const std::vector<ScoredItem> top = RecommendForUser(*model, m_, user, 1);
    ASSERT_EQ(top.size(), 1u) << "user " << user;
    if (RanksByPopularity(GetParam())) {
      // Item 0 when unread, else the most read unread item: one of community 0 (weight 2).
      EXPECT_EQ(CommunityOfItem(top[0].item), 0) << "user " << user << " got " << top[0].item;
      if (m_.At(user, 0) == 0.0f) {
        EXPECT_EQ(top[0].item, 0) << "user " << user;
      }
    } else {
      EXPECT_EQ(CommunityOfItem(top[0].item), user / kUsersPerCommunity)
          << "user " << user << " got item " << top[0].item;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllRecipes, RecipeContractTest, ::testing::ValuesIn(RecipeNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace attune
