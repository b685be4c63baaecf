// Holds the CG iALS solver (model/als_solver.h, model/als.h) to dense direct solutions.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "model/als.h"
#include "model/als_solver.h"
#include "model/registry.h"
#include "tests/reference/dense_solver.h"

namespace attune {
namespace {

constexpr int kUsers = 40, kItems = 30, kFactors = 8;

CsrMatrix RandomInteractions(uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<Triplet> triplets;
  for (int u = 0; u < kUsers; ++u) {
    for (int i = 0; i < kItems; ++i) {
      if (rng() % 4 == 0) triplets.push_back({u, i, static_cast<float>(1 + rng() % 5)});
    }
  }
  return CsrMatrix::FromTriplets(kUsers, kItems, std::move(triplets));
}

std::vector<double> ToDense(const FactorMatrix& m) {
  std::vector<double> out;
  for (int32_t row = 0; row < m.rows; ++row) out.insert(out.end(), m.Row(row), m.Row(row) + m.factors);
  return out;
}

std::vector<double> ExactForRow(const CsrMatrix& m, int32_t u, const FactorMatrix& y, float alpha,
                                float lambda) {
  std::vector<int> items(m.RowIndices(u).begin(), m.RowIndices(u).end());
  std::vector<double> confidence;
  for (float w : m.RowValues(u)) confidence.push_back(1.0 + alpha * w);
  return reference::ExactUserFactors(ToDense(y), y.rows, y.factors, items, confidence, lambda);
}

TEST(AlsReferenceTest, CgSolveMatchesDenseCholeskyPerUser) {
  const CsrMatrix m = RandomInteractions(1);
  const float alpha = 2.0f, lambda = 0.5f;
  FactorMatrix y = FactorMatrix::Zeros(kItems, kFactors);
  RandomizeFactors(y, 0.5f, 3);
  const std::vector<float> gram = RegularizedGram(y, lambda);
  const std::vector<float> cw = ConfidenceWeights(m.values, alpha, false);
  FactorMatrix x = FactorMatrix::Zeros(kUsers, kFactors);
  SolveRows({.other = &y, .gram = gram.data()}, m, cw, /*steps=*/2 * kFactors, /*threads=*/2, x);
  for (int32_t u = 0; u < kUsers; ++u) {
    const std::vector<double> want = ExactForRow(m, u, y, alpha, lambda);
    ASSERT_EQ(want.size(), size_t{kFactors});
    for (int f = 0; f < kFactors; ++f) {
      EXPECT_NEAR(x.Row(u)[f], want[f], 1e-3 * (1 + std::fabs(want[f]))) << "user " << u << " f " << f;
    }
    for (size_t f = kFactors; f < x.ld; ++f) EXPECT_EQ(x.Row(u)[f], 0.0f) << "padding must stay 0";
  }
}

double RowDot(const FactorMatrix& a, int32_t row_a, const FactorMatrix& b, int32_t row_b) {
  double sum = 0;
  for (size_t f = 0; f < a.ld; ++f) sum += double(a.Row(row_a)[f]) * b.Row(row_b)[f];
  return sum;
}

TEST(AlsReferenceTest, EigenbasisRotationKeepsDotProductsAndDiagonalisesTheGram) {
  const float lambda = 0.25f;
  FactorMatrix y = FactorMatrix::Zeros(kItems, kFactors), x = FactorMatrix::Zeros(kUsers, kFactors);
  RandomizeFactors(y, 0.5f, 7);
  RandomizeFactors(x, 0.5f, 8);
  const FactorMatrix y0 = y, x0 = x;
  const DiagonalGram gram = RotateToGramEigenbasis(y, x, lambda);
  for (int32_t u = 0; u < kUsers; u += 3) {
    for (int32_t i = 0; i < kItems; i += 2) EXPECT_NEAR(RowDot(x, u, y, i), RowDot(x0, u, y0, i), 1e-5);
  }
  const std::vector<float> rotated_gram = RegularizedGram(y, lambda);
  for (int a = 0; a < kFactors; ++a) {
    for (int b = 0; b < kFactors; ++b) {
      const float want = a == b ? gram.diagonal[static_cast<size_t>(a)] : 0.0f;
      EXPECT_NEAR(rotated_gram[static_cast<size_t>(a) * y.ld + static_cast<size_t>(b)], want, 1e-4) << a << "," << b;
    }
    EXPECT_GT(gram.diagonal[static_cast<size_t>(a)], 0.0f);
  }
  for (size_t f = kFactors; f < y.ld; ++f) EXPECT_EQ(y.Row(0)[f], 0.0f) << "padding must stay 0";
}

// The diagonal (eigenbasis, preconditioned) form of CG reaches the same exact solution as the
// dense form, gathering float32 rows or their Half or int8 copies (to the copy's precision).
TEST(AlsReferenceTest, PreconditionedEigenbasisSolveMatchesDenseCholeskyPerUser) {
  const CsrMatrix m = RandomInteractions(9);
  const float alpha = 2.0f, lambda = 0.5f;
  FactorMatrix y0 = FactorMatrix::Zeros(kItems, kFactors);
  RandomizeFactors(y0, 0.5f, 3);
  const std::vector<float> cw = ConfidenceWeights(m.values, alpha, false);
  for (GatherPrecision precision : {GatherPrecision::kFloat, GatherPrecision::kHalf, GatherPrecision::kInt8}) {
    const char* name = precision == GatherPrecision::kFloat ? " (float)" : precision == GatherPrecision::kHalf ? " (half)" : " (int8)";
    FactorMatrix y = y0, x = FactorMatrix::Zeros(kUsers, kFactors);
    GatherCopy copy(precision);
    const DiagonalGram gram = RotateToGramEigenbasis(y, x, lambda, &copy);
    GatherCopy separately(precision);
    separately.From(y);
    EXPECT_EQ(copy.half, separately.half) << "the fused conversion is GatherCopy::From" << name;
    EXPECT_EQ(copy.int8, separately.int8) << "the fused conversion is GatherCopy::From" << name;
    EXPECT_EQ(copy.scales, separately.scales) << "the fused conversion is GatherCopy::From" << name;
    SolveRows(gram.Problem(y, &copy), m, cw, /*steps=*/2 * kFactors, /*threads=*/2, x);
    const double tolerance = precision == GatherPrecision::kFloat ? 1e-3 : precision == GatherPrecision::kHalf ? 2e-2 : 4e-2;
    for (int32_t u = 0; u < kUsers; ++u) {
      const std::vector<double> want = ExactForRow(m, u, y0, alpha, lambda);  // original basis
      for (int32_t i = 0; i < kItems; ++i) {
        double want_score = 0;
        for (int f = 0; f < kFactors; ++f) want_score += want[static_cast<size_t>(f)] * y0.Row(i)[f];
        EXPECT_NEAR(RowDot(x, u, y, i), want_score, tolerance * (1 + std::fabs(want_score)))
            << "user " << u << " item " << i << name;
      }
    }
  }
}

// Rows too long for the solver's per-thread row copy (over 1,024 items, kMaxRowCopyRows in
// src/model/als_solver.cc) gather their rows in every CG pass instead; both paths reach the
// exact solution.
TEST(AlsReferenceTest, LongRowsWithoutTheRowCopyMatchDenseCholesky) {
  constexpr int32_t kManyItems = 6000;
  std::mt19937 rng(41);
  std::vector<Triplet> triplets;
  const int32_t first[] = {0, 200, 1500}, lengths[] = {5000, 100, 4500};  // no copy, copy, no copy
  for (int32_t u = 0; u < 3; ++u) {
    for (int32_t k = 0; k < lengths[u]; ++k) {
      triplets.push_back({u, first[u] + k, static_cast<float>(1 + rng() % 3)});
    }
  }
  const CsrMatrix m = CsrMatrix::FromTriplets(3, kManyItems, std::move(triplets));
  ASSERT_GT(m.RowSize(0), 1024) << "user 0 must be too long for the copy";
  ASSERT_LT(m.RowSize(1), 1024) << "user 1 must fit in the copy";
  const float alpha = 4.0f, lambda = 0.5f;
  FactorMatrix y0 = FactorMatrix::Zeros(kManyItems, kFactors);
  RandomizeFactors(y0, 0.5f, 12);
  const std::vector<float> cw = ConfidenceWeights(m.values, alpha, false);
  for (GatherPrecision precision : {GatherPrecision::kHalf, GatherPrecision::kInt8}) {
    FactorMatrix y = y0, x = FactorMatrix::Zeros(3, kFactors);
    GatherCopy copy(precision);
    const DiagonalGram gram = RotateToGramEigenbasis(y, x, lambda, &copy);
    SolveRows(gram.Problem(y, &copy), m, cw, /*steps=*/2 * kFactors, /*threads=*/2, x);
    for (int32_t u = 0; u < 3; ++u) {
      // The scores over all items against the exact ones, as a relative RMS error (single scores
      // are small here, and int8's rounding moves each by a little).
      const std::vector<double> want = ExactForRow(m, u, y0, alpha, lambda);  // original basis
      double error = 0, norm = 0;
      for (int32_t i = 0; i < kManyItems; ++i) {
        double want_score = 0;
        for (int f = 0; f < kFactors; ++f) want_score += want[static_cast<size_t>(f)] * y0.Row(i)[f];
        error += (RowDot(x, u, y, i) - want_score) * (RowDot(x, u, y, i) - want_score);
        norm += want_score * want_score;
      }
      EXPECT_LT(std::sqrt(error / norm), precision == GatherPrecision::kHalf ? 5e-3 : 3e-2)
          << "user " << u << (precision == GatherPrecision::kHalf ? " (half)" : " (int8)");
    }
  }
}

TEST(AlsReferenceTest, ImplicitLossMatchesBruteForce) {
  const CsrMatrix m = RandomInteractions(2);
  const float alpha = 1.5f, lambda = 0.1f;
  FactorMatrix x = FactorMatrix::Zeros(kUsers, kFactors), y = FactorMatrix::Zeros(kItems, kFactors);
  RandomizeFactors(x, 0.3f, 4);
  RandomizeFactors(y, 0.3f, 5);
  double want = 0;
  for (int32_t u = 0; u < kUsers; ++u) {
    for (int32_t i = 0; i < kItems; ++i) {
      double s = 0;
      for (int f = 0; f < kFactors; ++f) s += double(x.Row(u)[f]) * y.Row(i)[f];
      const float w = m.At(u, i);
      const double c = 1.0 + alpha * w, p = w > 0 ? 1.0 : 0.0;
      want += c * (p - s) * (p - s);
    }
  }
  for (float v : x.data) want += lambda * double(v) * v;
  for (float v : y.data) want += lambda * double(v) * v;
  const double got = ImplicitLoss(m, ConfidenceWeights(m.values, alpha, false), x, y, lambda);
  EXPECT_NEAR(got, want, 1e-6 * want);
}

TEST(AlsReferenceTest, TrainingLossNeverIncreases) {
  const CsrMatrix m = RandomInteractions(3);
  auto params = Params::FromStrings({"factors=8", "iterations=8", "alpha=3", "regularization=0.2"});
  ASSERT_TRUE(params.ok());
  auto made = MakeRecommender("user-personalization", *params);
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  auto& als = static_cast<Als&>(**made);
  const std::vector<float> cw = ConfidenceWeights(m.values, 3.0f, false);
  std::vector<double> losses;
  als.set_half_step_hook([&](const FactorMatrix& x, const FactorMatrix& y) {
    losses.push_back(ImplicitLoss(m, cw, x, y, 0.2f));
  });
  TrainingData data;
  data.user_items = &m;
  data.threads = 2;
  ASSERT_TRUE(als.Fit(data).ok());
  ASSERT_EQ(losses.size(), 16u);
  for (size_t step = 1; step < losses.size(); ++step) {
    EXPECT_LE(losses[step], losses[step - 1] * (1 + 1e-5)) << "half-step " << step;
  }
  EXPECT_LT(losses.back(), 0.9 * losses.front());
}

TEST(AlsReferenceTest, FoldInMatchesDenseSolutionForFixedItems) {
  const CsrMatrix m = RandomInteractions(4);
  auto params = Params::FromStrings({"factors=8", "iterations=5", "alpha=2", "regularization=0.3"});
  ASSERT_TRUE(params.ok());
  auto made = MakeRecommender("user-personalization", *params);
  ASSERT_TRUE(made.ok());
  auto& als = static_cast<Als&>(**made);
  TrainingData data;
  data.user_items = &m;
  ASSERT_TRUE(als.Fit(data).ok());
  for (int32_t u = 0; u < kUsers; u += 7) {
    const std::vector<double> want = ExactForRow(m, u, als.item_factors(), 2.0f, 0.3f);
    const std::vector<float> got = als.FoldInUser(m.RowIndices(u), m.RowValues(u));
    for (int f = 0; f < kFactors; ++f) {
      EXPECT_NEAR(got[f], want[f], 1e-3 * (1 + std::fabs(want[f]))) << "user " << u;
    }
  }
}

}  // namespace
}  // namespace attune
