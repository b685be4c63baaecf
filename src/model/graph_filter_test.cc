#include "model/graph_filter.h"

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <random>

#include "model/registry.h"

namespace attune {
namespace {

using Mat = Eigen::MatrixXd;

// Users 0-4 read items 0-3, users 5-9 read items 4-7; user 0 misses item 3 and user 5 item 7.
CsrMatrix TwoCommunities() {
  std::vector<Triplet> t;
  for (int u = 0; u < 10; ++u) {
    const int first = u < 5 ? 0 : 4;
    for (int i = first; i < first + 4; ++i) {
      if ((u == 0 && i == 3) || (u == 5 && i == 7)) continue;
      t.push_back({u, i, 1.0f});
    }
  }
  return CsrMatrix::FromTriplets(10, 8, t);
}

CsrMatrix RandomMatrix(int rows, int cols, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<Triplet> t;
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      if (unit(rng) < ((r % 3) == (c % 3) ? 0.6 : 0.1)) t.push_back({r, c, 1.0f});
    }
  }
  return CsrMatrix::FromTriplets(rows, cols, t);
}

Mat ToDense(const CsrMatrix& m) {
  Mat d = Mat::Zero(m.rows, m.cols);
  for (int32_t r = 0; r < m.rows; ++r) {
    for (int64_t p = m.indptr[r]; p < m.indptr[r + 1]; ++p) d(r, m.indices[p]) = m.values[p];
  }
  return d;
}

// The GF-CF / BSPM formula computed densely: the oracle for ScoreUsers.
struct Formula {
  int rank = 0;
  double alpha = 0, sharpen = 0;
  int order = 0;
  double user_power = 0.5, history_power = 0, degree_power = 0;
};

Mat ReferenceScores(const CsrMatrix& m, const Formula& f) {
  const Mat r = ToDense(m);
  const Eigen::VectorXd du = r.rowwise().sum(), di = r.colwise().sum().transpose();
  Eigen::VectorXd iu = du, ii = di, history = di, degree = di;
  for (int k = 0; k < iu.size(); ++k) iu(k) = du(k) > 0 ? std::pow(du(k), -f.user_power) : 0;
  for (int k = 0; k < ii.size(); ++k) {
    ii(k) = di(k) > 0 ? 1 / std::sqrt(di(k)) : 0;
    history(k) = std::pow(di(k) + 1, f.history_power);
    degree(k) = std::pow(di(k) + 1, f.degree_power);
  }
  const Mat norm = iu.asDiagonal() * r * ii.asDiagonal();
  const Mat p = norm.transpose() * norm;
  const Mat input = r * history.asDiagonal();
  Mat s = input * p;
  if (f.rank > 0) {
    Eigen::JacobiSVD<Mat> svd(norm, Eigen::ComputeThinV);
    const Mat v = svd.matrixV().leftCols(f.rank);
    s += f.alpha * input * ii.asDiagonal() * v * v.transpose() * di.cwiseSqrt().asDiagonal();
  }
  const double largest = Eigen::SelfAdjointEigenSolver<Mat>(p).eigenvalues().maxCoeff();
  Mat term = s;
  for (int j = 1; j <= f.order && f.sharpen > 0; ++j) {
    term = term * p * (-f.sharpen / largest / j);
    s += term;
  }
  return s * degree.asDiagonal();
}

Mat ReferenceScores(const CsrMatrix& m, int rank, double alpha, double sharpen, int order) {
  return ReferenceScores(m, Formula{rank, alpha, sharpen, order});
}

Mat ModelScores(const Recommender& model, const CsrMatrix& m) {
  std::vector<int32_t> users(static_cast<size_t>(m.rows));
  for (int32_t u = 0; u < m.rows; ++u) users[static_cast<size_t>(u)] = u;
  std::vector<float> out(static_cast<size_t>(m.rows) * static_cast<size_t>(m.cols));
  model.ScoreUsers(m, users, out);
  Mat d(m.rows, m.cols);
  for (int u = 0; u < m.rows; ++u)
    for (int i = 0; i < m.cols; ++i) d(u, i) = out[static_cast<size_t>(u * m.cols + i)];
  return d;
}

std::unique_ptr<Recommender> Fitted(const CsrMatrix& m, std::vector<std::string> params) {
  auto model = MakeRecommender("graph-filter", *Params::FromStrings(params));
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  TrainingData data;
  data.user_items = &m;
  data.threads = 2;
  EXPECT_TRUE((*model)->Fit(data).ok());
  return std::move(*model);
}

TEST(GraphFilterTest, RecommendsTheMissingItemOfTheUsersCommunity) {
  const CsrMatrix m = TwoCommunities();
  auto model = Fitted(m, {"rank=2", "alpha=0.3", "sharpen=0.2"});
  EXPECT_EQ(RecommendForUser(*model, m, 0, 1)[0].item, 3);
  EXPECT_EQ(RecommendForUser(*model, m, 5, 1)[0].item, 7);
  auto similar = model->SimilarItems(4, 3);
  ASSERT_TRUE(similar.ok());
  for (const ScoredItem& s : *similar) EXPECT_GE(s.item, 5) << "item 4's neighbours are 5-7";
}

TEST(GraphFilterTest, LinearFilterMatchesDenseFormula) {
  const CsrMatrix m = RandomMatrix(30, 12, 3);
  auto model = Fitted(m, {"rank=0"});
  EXPECT_LT((ModelScores(*model, m) - ReferenceScores(m, 0, 0, 0, 0)).cwiseAbs().maxCoeff(), 1e-5);
}

TEST(GraphFilterTest, LowPassMatchesExactSvd) {
  const CsrMatrix m = RandomMatrix(40, 15, 5);
  auto model = Fitted(m, {"rank=3", "alpha=0.5", "power_iterations=12", "oversample=6"});
  EXPECT_LT((ModelScores(*model, m) - ReferenceScores(m, 3, 0.5, 0, 0)).cwiseAbs().maxCoeff(), 1e-4);
}

TEST(GraphFilterTest, SharpeningMatchesDensePolynomial) {
  const CsrMatrix m = RandomMatrix(25, 10, 9);
  for (int order : {1, 3}) {
    auto model = Fitted(m, {"rank=0", "sharpen=0.7", "sharpen_order=" + std::to_string(order)});
    EXPECT_LT((ModelScores(*model, m) - ReferenceScores(m, 0, 0, 0.7, order)).cwiseAbs().maxCoeff(),
              1e-5) << "order " << order;
  }
}

// user_power, history_power and degree_power generalise the degree normalisation; sharpening time
// is in units of P's largest eigenvalue (1 at user_power 0.5, larger below it).
TEST(GraphFilterTest, GeneralisedNormalisationMatchesDenseFormula) {
  const CsrMatrix m = RandomMatrix(40, 15, 13);
  auto model = Fitted(m, {"rank=3", "alpha=0.5", "power_iterations=12", "oversample=6", "user_power=0.3",
                          "history_power=0.2", "degree_power=0.1", "sharpen=1.5", "sharpen_order=2"});
  Formula f{3, 0.5, 1.5, 2, 0.3, 0.2, 0.1};
  const Mat want = ReferenceScores(m, f);
  EXPECT_LT((ModelScores(*model, m) - want).cwiseAbs().maxCoeff(), 1e-4 * (1 + want.cwiseAbs().maxCoeff()));
  // Each of the three matters: leaving one out moves the scores.
  for (Formula other : {Formula{3, 0.5, 1.5, 2, 0.5, 0.2, 0.1}, Formula{3, 0.5, 1.5, 2, 0.3, 0, 0.1},
                        Formula{3, 0.5, 1.5, 2, 0.3, 0.2, 0}}) {
    EXPECT_GT((ReferenceScores(m, other) - want).cwiseAbs().maxCoeff(), 1e-3);
  }
}

TEST(GraphFilterTest, SaveLoadRoundTripsScores) {
  const CsrMatrix m = RandomMatrix(20, 9, 11);
  const std::vector<std::string> params = {"rank=2", "alpha=0.4", "user_power=0.3", "sharpen=1", "degree_power=0.1"};
  auto model = Fitted(m, params);
  ModelWriter writer;
  model->SaveBody(writer);
  auto loaded = MakeRecommender("graph-filter", *Params::FromStrings(params));
  ModelReader reader(writer.bytes());
  ASSERT_TRUE((*loaded)->LoadBody(reader).ok());
  EXPECT_EQ(ModelScores(*model, m), ModelScores(**loaded, m));
  ModelReader truncated(std::string_view(writer.bytes()).substr(0, writer.bytes().size() - 3));
  EXPECT_FALSE((*loaded)->LoadBody(truncated).ok());
}

TEST(GraphFilterTest, FitHonoursCancelAndParamsAreChecked) {
  const CsrMatrix m = TwoCommunities();
  auto model = MakeRecommender("graph-filter", Params());
  std::atomic<bool> cancel{true};
  TrainingData data;
  data.user_items = &m;
  data.cancel = &cancel;
  EXPECT_EQ((*model)->Fit(data).code(), StatusCode::kCancelled);
  auto misspelt = MakeRecommender("graph-filter", *Params::FromStrings({"alhpa=0.3"}));
  ASSERT_FALSE(misspelt.ok());
  EXPECT_NE(misspelt.status().message().find("alhpa"), std::string::npos);
  EXPECT_FALSE(MakeRecommender("graph-filter", *Params::FromStrings({"sharpen_order=9"})).ok());
}

}  // namespace
}  // namespace attune
