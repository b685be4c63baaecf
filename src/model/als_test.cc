#include "model/als.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "model/als_solver.h"
#include "model/registry.h"

namespace attune {
namespace {

// Two communities: users 0-9 read items 0-4, users 10-19 read items 5-9; each user misses one.
CsrMatrix TwoCommunities() {
  std::vector<Triplet> t;
  for (int u = 0; u < 20; ++u) {
    const int first = u < 10 ? 0 : 5;
    for (int i = first; i < first + 5; ++i) {
      if (i - first != u % 5) t.push_back({u, i, 1.0f});
    }
  }
  return CsrMatrix::FromTriplets(20, 10, std::move(t));
}

std::unique_ptr<Recommender> Make(std::vector<std::string> kv) {
  auto params = Params::FromStrings(kv);
  auto model = MakeRecommender("user-personalization", *params);
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  return model.ok() ? std::move(*model) : nullptr;
}

std::unique_ptr<Recommender> Fitted(const CsrMatrix& m, std::vector<std::string> kv, int threads = 1) {
  auto model = Make(std::move(kv));
  TrainingData data;
  data.user_items = &m;
  data.threads = threads;
  EXPECT_TRUE(model->Fit(data).ok());
  return model;
}

TEST(AlsTest, RecommendsTheMissingItemOfTheUsersCommunity) {
  const CsrMatrix m = TwoCommunities();
  auto model = Fitted(m, {"factors=2", "iterations=10", "alpha=10", "regularization=1"});
  for (int u = 0; u < 20; ++u) {
    const auto top = RecommendForUser(*model, m, u, 1);
    ASSERT_EQ(top.size(), 1u);
    EXPECT_EQ(top[0].item, (u < 10 ? 0 : 5) + u % 5) << "user " << u;
  }
}

TEST(AlsTest, RejectsBadParametersAndWeights) {
  auto params = Params::FromStrings({"factor=8"});
  auto model = MakeRecommender("user-personalization", *params);
  ASSERT_FALSE(model.ok());
  EXPECT_NE(model.status().message().find("factor"), std::string::npos);
  params = Params::FromStrings({"confidence=cubic"});
  EXPECT_FALSE(MakeRecommender("user-personalization", *params).ok());
  const CsrMatrix bad = CsrMatrix::FromTriplets(2, 2, {{1, 0, -1.0f}});
  TrainingData data;
  data.user_items = &bad;
  const Status s = Make({})->Fit(data);
  EXPECT_NE(s.message().find("user row 1"), std::string::npos) << s.ToString();
}

// Random interactions between `users` and `items`, `per_user` each (repeats merge).
CsrMatrix RandomMatrix(int32_t users, int32_t items, int per_user, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<Triplet> t;
  for (int32_t u = 0; u < users; ++u) {
    for (int k = 0; k < per_user; ++k) t.push_back({u, static_cast<int32_t>(rng() % items), 1.0f});
  }
  return CsrMatrix::FromTriplets(users, items, std::move(t));
}

TEST(AlsTest, DeterministicForASeedWhateverTheThreads) {
  // The second matrix is big enough for the Gram matrix to be summed in parts and the rotations
  // to run in several blocks (als_solver.cc), in every precision.
  for (const CsrMatrix& m : {TwoCommunities(), RandomMatrix(6000, 5000, 12, 5)}) {
    for (const char* precision : {"precision=int8", "precision=mixed", "precision=float"}) {
      auto one = Fitted(m, {"factors=8", "iterations=3", precision}, 1);
      for (int threads : {2, 3}) {
        auto more = Fitted(m, {"factors=8", "iterations=3", precision}, threads);
        EXPECT_EQ(static_cast<Als&>(*one).user_factors().data, static_cast<Als&>(*more).user_factors().data)
            << precision << ", " << threads << " threads, " << m.rows << " users";
        EXPECT_EQ(static_cast<Als&>(*one).item_factors().data, static_cast<Als&>(*more).item_factors().data)
            << precision << ", " << threads << " threads, " << m.rows << " users";
      }
    }
  }
}

TEST(AlsTest, NewOrChangedUsersAreFoldedIn) {
  const CsrMatrix m = TwoCommunities();
  auto model = Fitted(m, {"factors=2", "iterations=10", "alpha=10", "regularization=1"});
  const auto& als = static_cast<const Als&>(*model);
  // A user unknown at training time who read items 6 and 7: the second community.
  const CsrMatrix history = CsrMatrix::FromTriplets(25, 10, {{24, 6, 1.0f}, {24, 7, 1.0f}});
  const auto top = RecommendForUser(*model, history, 24, 3);
  ASSERT_EQ(top.size(), 3u);
  for (const ScoredItem& s : top) EXPECT_GE(s.item, 5) << "item " << s.item;
  // Fold-in of a trained user's own row lands close to the trained vector.
  const std::vector<float> folded = als.FoldInUser(m.RowIndices(3), m.RowValues(3));
  double dot = 0, nf = 0, nt = 0;
  for (int f = 0; f < als.factors(); ++f) {
    const double t = als.user_factors().Row(3)[f];
    dot += folded[f] * t, nf += double(folded[f]) * folded[f], nt += t * t;
  }
  EXPECT_GT(dot / std::sqrt(nf * nt), 0.99);
  // A trained user whose history changed gets a folded-in vector, not the stale one.
  const CsrMatrix changed = CsrMatrix::FromTriplets(20, 10, {{3, 8, 1.0f}, {3, 9, 1.0f}});
  EXPECT_GE(RecommendForUser(*model, changed, 3, 1)[0].item, 5);
}

TEST(AlsTest, ScoresAreDotProductsOfFactors) {
  const CsrMatrix m = TwoCommunities();
  auto model = Fitted(m, {"factors=6", "iterations=2"});
  const auto& als = static_cast<const Als&>(*model);
  const int32_t users[] = {2, 15};
  std::vector<float> out(2 * 10);
  model->ScoreUsers(m, users, out);
  for (int row = 0; row < 2; ++row) {
    for (int32_t item = 0; item < 10; ++item) {
      float want = 0;
      for (int f = 0; f < 6; ++f) want += als.user_factors().Row(users[row])[f] * als.item_factors().Row(item)[f];
      EXPECT_NEAR(out[row * 10 + item], want, 1e-5);
    }
  }
}

TEST(AlsTest, SimilarItemsStayInTheCommunity) {
  const CsrMatrix m = TwoCommunities();
  auto model = Fitted(m, {"factors=2", "iterations=10", "alpha=10", "regularization=1"});
  auto similar = model->SimilarItems(7, 3);
  ASSERT_TRUE(similar.ok());
  ASSERT_EQ(similar->size(), 3u);
  for (const ScoredItem& s : *similar) {
    EXPECT_GE(s.item, 5);
    EXPECT_NE(s.item, 7);
  }
  EXPECT_FALSE(model->SimilarItems(10, 3).ok());
}

TEST(AlsTest, CancelFlagStopsTrainingAndProgressIsReported) {
  const CsrMatrix m = TwoCommunities();
  auto model = Make({"iterations=5"});
  std::atomic<bool> cancel{false};
  int calls = 0;
  TrainingData data;
  data.user_items = &m;
  data.cancel = &cancel;
  data.progress = [&](double fraction, std::string_view) {
    ++calls;
    if (fraction >= 0.4) cancel = true;
  };
  const Status s = model->Fit(data);
  EXPECT_EQ(s.code(), StatusCode::kCancelled);
  EXPECT_EQ(calls, 2);
}

TEST(AlsTest, LoadBodyRejectsAFactorMismatch) {
  const CsrMatrix m = TwoCommunities();
  auto model = Fitted(m, {"factors=4", "iterations=1"});
  ModelWriter writer;
  model->SaveBody(writer);
  auto other = Make({"factors=8"});
  ModelReader reader(writer.bytes());
  const Status s = other->LoadBody(reader);
  EXPECT_NE(s.message().find("4 factors"), std::string::npos) << s.ToString();
}

// The random start is drawn in blocks of rows on several threads: its values depend on the seed
// alone, and they are normal(0, stddev) draws.
TEST(AlsTest, RandomStartDependsOnTheSeedNotTheThreads) {
  FactorMatrix one = FactorMatrix::Zeros(10000, 24), three = one, other_seed = one;
  RandomizeFactors(one, 0.5f, 7, /*threads=*/1);
  RandomizeFactors(three, 0.5f, 7, /*threads=*/3);
  RandomizeFactors(other_seed, 0.5f, 7 + (uint64_t{1} << 40), /*threads=*/1);  // differs in the high bits only
  EXPECT_EQ(one.data, three.data);
  EXPECT_NE(one.data, other_seed.data);
  double sum = 0, squares = 0;
  size_t count = 0;
  for (int32_t row = 0; row < one.rows; ++row) {
    for (int32_t f = 0; f < one.factors; ++f) {
      sum += one.Row(row)[f];
      squares += double(one.Row(row)[f]) * one.Row(row)[f];
      ++count;
    }
    for (size_t f = static_cast<size_t>(one.factors); f < one.ld; ++f) ASSERT_EQ(one.Row(row)[f], 0.0f) << "padding";
  }
  EXPECT_NEAR(sum / count, 0.0, 0.01);
  EXPECT_NEAR(std::sqrt(squares / count), 0.5, 0.01);
}

}  // namespace
}  // namespace attune
