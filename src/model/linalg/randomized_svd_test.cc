#include "model/linalg/randomized_svd.h"

#include <gtest/gtest.h>

#include <Eigen/LU>
#include <Eigen/SVD>
#include <random>

namespace attune::linalg {
namespace {

// A random sparse matrix whose spectrum decays (a few strong blocks plus noise), like real
// interaction data.
CsrMatrix RandomSparse(int rows, int cols, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
  std::vector<Triplet> triplets;
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      const bool same_block = (r * 4 / rows) == (c * 4 / cols);
      if (unit(rng) < (same_block ? 0.5f : 0.05f)) triplets.push_back({r, c, unit(rng) + 0.5f});
    }
  }
  return CsrMatrix::FromTriplets(rows, cols, triplets);
}

Eigen::MatrixXd ToDense(const CsrMatrix& m) {
  Eigen::MatrixXd d = Eigen::MatrixXd::Zero(m.rows, m.cols);
  for (int32_t r = 0; r < m.rows; ++r) {
    for (int64_t p = m.indptr[r]; p < m.indptr[r + 1]; ++p) d(r, m.indices[p]) = m.values[p];
  }
  return d;
}

TEST(RandomizedSvdTest, MatchesExactSvdOnSmallMatrix) {
  const CsrMatrix a = RandomSparse(120, 80, 7);
  RandomizedSvdOptions options;
  options.rank = 6;
  options.oversample = 10;
  options.power_iterations = 4;
  options.threads = 2;
  auto svd = RandomizedSvd(a, options);
  ASSERT_TRUE(svd.ok()) << svd.status().ToString();
  Eigen::JacobiSVD<Eigen::MatrixXd> exact(ToDense(a), Eigen::ComputeThinV);
  ASSERT_EQ(svd->singular_values.size(), 6u);
  for (int j = 0; j < 6; ++j) {
    EXPECT_NEAR(svd->singular_values[j], exact.singularValues()(j),
                1e-3 * exact.singularValues()(0)) << "singular value " << j;
    // Singular vectors are defined up to sign: compare |<v_exact, v_approx>|.
    double dot = 0;
    for (int i = 0; i < a.cols; ++i) dot += exact.matrixV()(i, j) * svd->right_vectors.At(i, j);
    EXPECT_GT(std::abs(dot), 0.99) << "right vector " << j;
  }
}

TEST(RandomizedSvdTest, ExactWhenWidthCoversTheRank) {
  // A rank-2 matrix: the first two singular values are exact, the rest are zero.
  std::vector<Triplet> t;
  for (int r = 0; r < 10; ++r) {
    for (int c = 0; c < 7; ++c) t.push_back({r, c, static_cast<float>((r % 2 + 1) * (c + 1) + (r < 5 ? c % 3 : 0))});
  }
  const CsrMatrix a = CsrMatrix::FromTriplets(10, 7, t);
  RandomizedSvdOptions options;
  options.rank = 4;
  options.oversample = 2;
  auto svd = RandomizedSvd(a, options);
  ASSERT_TRUE(svd.ok()) << svd.status().ToString();
  Eigen::JacobiSVD<Eigen::MatrixXd> exact(ToDense(a));
  for (int j = 0; j < 4; ++j) {
    EXPECT_NEAR(svd->singular_values[j], exact.singularValues()(j), 1e-6) << j;
  }
}

TEST(RandomizedSvdTest, RejectsBadInputAndHonoursCancel) {
  RandomizedSvdOptions options;
  EXPECT_FALSE(RandomizedSvd(CsrMatrix(), options).ok());
  const CsrMatrix a = RandomSparse(20, 20, 1);
  options.rank = 0;
  EXPECT_EQ(RandomizedSvd(a, options).status().code(), StatusCode::kInvalidArgument);
  options.rank = 3;
  std::atomic<bool> cancel{true};
  options.cancel = &cancel;
  EXPECT_EQ(RandomizedSvd(a, options).status().code(), StatusCode::kCancelled);
}

TEST(DenseTest, InvertSpdMatchesEigenInverse) {
  DenseF m(3, 3);
  const float values[9] = {4, 1, 0.5f, 1, 3, 0.2f, 0.5f, 0.2f, 2};
  m.data.assign(values, values + 9);
  ASSERT_TRUE(InvertSpd(m).ok());
  Eigen::Matrix3d e;
  e << 4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2;
  const Eigen::Matrix3d inv = e.inverse();
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(m.At(r, c), inv(r, c), 1e-5) << r << "," << c;
  }
  DenseF not_spd(2, 2);
  not_spd.data = {1, 2, 2, 1};
  EXPECT_EQ(InvertSpd(not_spd).code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace attune::linalg
