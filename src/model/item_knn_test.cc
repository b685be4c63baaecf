#include "model/item_knn.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "model/registry.h"

namespace attune {
namespace {

CsrMatrix RandomMatrix(int users, int items, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<Triplet> triplets;
  for (int user = 0; user < users; ++user) {
    for (int item = 0; item < items; ++item) {
      if (rng() % 4 == 0) triplets.push_back({user, item, 1.0f + static_cast<float>(rng() % 3)});
    }
  }
  return CsrMatrix::FromTriplets(users, items, std::move(triplets));
}

// Slow reference: dense cosine with shrinkage, then the best `neighbours` per item.
std::vector<std::vector<ScoredItem>> ReferenceNeighbours(const CsrMatrix& m, int neighbours,
                                                         double shrinkage, double exponent,
                                                         double alpha = 0.5) {
  std::vector<std::vector<double>> dense(m.cols, std::vector<double>(m.rows, 0.0));
  for (int32_t user = 0; user < m.rows; ++user) {
    for (int32_t item : m.RowIndices(user)) dense[item][user] = m.At(user, item);
  }
  auto dot = [&](int a, int b) {
    double sum = 0;
    for (int32_t user = 0; user < m.rows; ++user) sum += dense[a][user] * dense[b][user];
    return sum;
  };
  std::vector<std::vector<ScoredItem>> out(m.cols);
  for (int i = 0; i < m.cols; ++i) {
    for (int j = 0; j < m.cols; ++j) {
      if (i == j || dot(i, j) == 0) continue;
      const double norms = std::pow(dot(i, i), alpha) * std::pow(dot(j, j), 1 - alpha);
      const double cosine = dot(i, j) / (norms + shrinkage);
      out[i].push_back({j, static_cast<float>(std::pow(cosine, exponent))});
    }
    std::sort(out[i].begin(), out[i].end(), RanksBefore);
    if (out[i].size() > static_cast<size_t>(neighbours)) out[i].resize(neighbours);
  }
  return out;
}

std::unique_ptr<Recommender> FitKnn(const CsrMatrix& m, std::vector<std::string> params) {
  auto parsed = Params::FromStrings(params);
  EXPECT_TRUE(parsed.ok());
  auto model = MakeRecommender("item-knn", *parsed);
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  TrainingData data;
  data.user_items = &m;
  data.threads = 2;
  EXPECT_TRUE((*model)->Fit(data).ok());
  return std::move(*model);
}

TEST(ItemKnnTest, NeighboursMatchDenseReference) {
  const CsrMatrix m = RandomMatrix(40, 25, 3);
  auto model = FitKnn(m, {"neighbours=5", "shrinkage=2", "exponent=2"});
  const auto reference = ReferenceNeighbours(m, 5, 2.0, 2.0);
  for (int32_t item = 0; item < m.cols; ++item) {
    auto similar = model->SimilarItems(item, 5);
    ASSERT_TRUE(similar.ok());
    ASSERT_EQ(similar->size(), reference[item].size()) << "item " << item;
    for (size_t n = 0; n < similar->size(); ++n) {
      EXPECT_EQ((*similar)[n].item, reference[item][n].item) << "item " << item << " rank " << n;
      EXPECT_NEAR((*similar)[n].score, reference[item][n].score, 1e-5);
    }
  }
}

TEST(ItemKnnTest, AsymmetricCosineMatchesDenseReference) {
  const CsrMatrix m = RandomMatrix(40, 25, 6);
  auto model = FitKnn(m, {"neighbours=6", "alpha=0.2"});
  const auto reference = ReferenceNeighbours(m, 6, 10.0, 1.0, 0.2);
  for (int32_t item = 0; item < m.cols; ++item) {
    auto similar = model->SimilarItems(item, 6);
    ASSERT_TRUE(similar.ok());
    ASSERT_EQ(similar->size(), reference[item].size());
    for (size_t n = 0; n < similar->size(); ++n) {
      EXPECT_EQ((*similar)[n].item, reference[item][n].item);
      EXPECT_NEAR((*similar)[n].score, reference[item][n].score, 1e-5);
    }
  }
}

TEST(ItemKnnTest, ScoresAreHistoryTimesSimilarities) {
  const CsrMatrix m = RandomMatrix(30, 20, 4);
  auto model = FitKnn(m, {"neighbours=4"});
  const auto reference = ReferenceNeighbours(m, 4, 10.0, 1.0);
  const std::vector<int32_t> users = {3, 0, 29};
  std::vector<float> scores(users.size() * 20);
  model->ScoreUsers(m, users, scores);
  for (size_t row = 0; row < users.size(); ++row) {
    std::vector<double> expected(20, 0.0);
    const auto items = m.RowIndices(users[row]);
    const auto weights = m.RowValues(users[row]);
    for (size_t p = 0; p < items.size(); ++p) {
      for (const ScoredItem& n : reference[items[p]]) expected[n.item] += weights[p] * n.score;
    }
    for (int item = 0; item < 20; ++item) EXPECT_NEAR(scores[row * 20 + item], expected[item], 1e-4);
  }
}

TEST(ItemKnnTest, CoReadItemsAreMostSimilar) {
  // Items 0 and 1 are always read together; item 2 only once with item 0.
  const CsrMatrix m = CsrMatrix::FromTriplets(
      4, 3, {{0, 0, 1}, {0, 1, 1}, {1, 0, 1}, {1, 1, 1}, {2, 0, 1}, {2, 1, 1}, {3, 0, 1}, {3, 2, 1}});
  auto model = FitKnn(m, {"shrinkage=0"});
  auto similar = model->SimilarItems(1, 5);
  ASSERT_TRUE(similar.ok());
  ASSERT_EQ(similar->size(), 1u);  // item 1 was never read with item 2
  EXPECT_EQ((*similar)[0].item, 0);
  EXPECT_NEAR((*similar)[0].score, 3.0 / std::sqrt(4.0 * 3.0), 1e-6);
  EXPECT_FALSE(model->SimilarItems(7, 5).ok());
}

TEST(ItemKnnTest, SaveLoadRoundTripsAndRejectsCorruption) {
  const CsrMatrix m = RandomMatrix(20, 10, 5);
  auto model = FitKnn(m, {});
  ModelWriter writer;
  model->SaveBody(writer);
  ItemKnn loaded{Params(), ItemKnnOptions()};
  ModelReader reader(writer.bytes());
  ASSERT_TRUE(loaded.LoadBody(reader).ok());
  const auto& original = static_cast<const ItemKnn&>(*model).similarities();
  EXPECT_EQ(loaded.similarities().indices, original.indices);
  EXPECT_EQ(loaded.similarities().values, original.values);
  ModelReader truncated(std::string_view(writer.bytes()).substr(0, writer.bytes().size() - 3));
  EXPECT_FALSE(loaded.LoadBody(truncated).ok());
  std::string corrupt = writer.bytes();
  corrupt[0] = 99;  // rows no longer matches indptr
  ModelReader bad(corrupt);
  EXPECT_FALSE(loaded.LoadBody(bad).ok());
}

TEST(ItemKnnTest, RejectsBadParameters) {
  auto zero = MakeRecommender("item-knn", *Params::FromStrings({"neighbours=0"}));
  ASSERT_FALSE(zero.ok());
  EXPECT_NE(zero.status().message().find("neighbours"), std::string::npos);
  auto typo = MakeRecommender("item-knn", *Params::FromStrings({"neighbors=10"}));
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.status().message().find("neighbors"), std::string::npos);
}

}  // namespace
}  // namespace attune
