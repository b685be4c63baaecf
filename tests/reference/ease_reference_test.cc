// EASE (model/ease.h) against the textbook closed form computed with a dense double-precision
// inverse: B = I - P diag(1 / diag(P)), P = (X^T X + lambda I)^-1, over the vocabulary.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <random>

#include "model/ease.h"

namespace attune {
namespace {

CsrMatrix RandomMatrix(int rows, int cols, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<Triplet> t;
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      // Popularity falls with the column index, so the vocabulary is well defined.
      if (unit(rng) < 0.7 / (1.0 + 0.1 * c)) t.push_back({r, c, 1.0f});
    }
  }
  return CsrMatrix::FromTriplets(rows, cols, t);
}

// The oracle: EASE weights over `vocabulary` (item indices), dense, by direct inversion.
Eigen::MatrixXd ReferenceWeights(const CsrMatrix& m, const std::vector<int32_t>& vocabulary,
                                 double lambda) {
  const int n = static_cast<int>(vocabulary.size());
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(m.rows, n);
  for (int j = 0; j < n; ++j)
    for (int32_t u = 0; u < m.rows; ++u) x(u, j) = m.At(u, vocabulary[static_cast<size_t>(j)]);
  const Eigen::MatrixXd gram = x.transpose() * x + lambda * Eigen::MatrixXd::Identity(n, n);
  const Eigen::MatrixXd p = gram.inverse();
  Eigen::MatrixXd b = -p * p.diagonal().cwiseInverse().asDiagonal();
  b.diagonal().setZero();
  return b;
}

void ExpectMatchesOracle(const CsrMatrix& m, double lambda, int max_items) {
  Params params;
  params.Set("lambda", std::to_string(lambda));
  params.Set("max_items", std::to_string(max_items));
  Ease ease(params, lambda, max_items);
  TrainingData data;
  data.user_items = &m;
  ASSERT_TRUE(ease.Fit(data).ok());
  const Eigen::MatrixXd expected = ReferenceWeights(m, ease.vocabulary(), lambda);
  const auto& w = ease.weights();
  ASSERT_EQ(w.rows, expected.rows());
  double worst = 0;
  for (int64_t i = 0; i < w.rows; ++i)
    for (int64_t j = 0; j < w.cols; ++j) worst = std::max(worst, std::abs(w.At(i, j) - expected(i, j)));
  EXPECT_LT(worst, 1e-4 * std::max(1.0, expected.cwiseAbs().maxCoeff()))
      << "lambda " << lambda << " max_items " << max_items;
}

TEST(EaseReferenceTest, FullVocabularyMatchesDirectInverse) {
  ExpectMatchesOracle(RandomMatrix(200, 40, 1), 10.0, 40);
  ExpectMatchesOracle(RandomMatrix(200, 40, 2), 0.5, 40);
}

TEST(EaseReferenceTest, RestrictedVocabularyMatchesDirectInverseOverIt) {
  const CsrMatrix m = RandomMatrix(300, 60, 3);
  ExpectMatchesOracle(m, 5.0, 25);
}

}  // namespace
}  // namespace attune
