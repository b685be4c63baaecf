#include "model/linalg/randomized_svd.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <random>

#include <cblas.h>

namespace attune::linalg {
namespace {

using RowMajorD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

DenseD GaussianStart(int64_t rows, int64_t cols, uint64_t seed) {
  DenseD m(rows, cols);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  for (double& v : m.data) v = normal(rng);
  return m;
}

bool IsCancelled(const std::atomic<bool>* cancel) {
  return cancel != nullptr && cancel->load(std::memory_order_relaxed);
}

// Given an orthonormal basis z (a.cols x width) of the dominant right subspace, the Rayleigh-Ritz
// step: eigen-decompose (a z)^T (a z) and rotate z onto the singular vectors.
TruncatedSvd RitzVectors(const CsrMatrix& a, const DenseD& z, int rank, int threads) {
  DenseD y;
  SparseTimesDense(a, z, y, threads);
  const int width = static_cast<int>(z.cols);
  RowMajorD gram = RowMajorD::Zero(width, width);
  cblas_dsyrk(CblasRowMajor, CblasLower, CblasTrans, width, static_cast<int>(y.rows), 1.0,
              y.data.data(), width, 0.0, gram.data(), width);
  RowMajorD full = gram.selfadjointView<Eigen::Lower>();
  Eigen::SelfAdjointEigenSolver<RowMajorD> eigen(full);  // eigenvalues ascending
  TruncatedSvd out;
  out.right_vectors = DenseD(z.rows, rank);
  RowMajorD rotation(width, rank);
  for (int j = 0; j < rank; ++j) {
    const int src = width - 1 - j;
    out.singular_values.push_back(std::sqrt(std::max(0.0, eigen.eigenvalues()(src))));
    rotation.col(j) = eigen.eigenvectors().col(src);
  }
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(z.rows), rank, width,
              1.0, z.data.data(), width, rotation.data(), rank, 0.0,
              out.right_vectors.data.data(), rank);
  return out;
}

}  // namespace

Result<TruncatedSvd> RandomizedSvd(const CsrMatrix& a, const RandomizedSvdOptions& options) {
  if (a.rows == 0 || a.cols == 0) return InvalidArgument("randomized SVD of an empty matrix");
  if (options.rank < 1) return InvalidArgument("randomized SVD: rank must be >= 1");
  const int64_t smaller = std::min<int64_t>(a.rows, a.cols);
  const int rank = static_cast<int>(std::min<int64_t>(options.rank, smaller));
  const int width = static_cast<int>(std::min<int64_t>(rank + std::max(0, options.oversample), smaller));
  const CsrMatrix at = a.Transposed();
  // A Gaussian start is well conditioned, and one product pair amplifies the condition number
  // only by (s_1 / s_width)^2, so one Cholesky QR per iteration keeps the basis stable in double;
  // the last one gets two passes. This is most of the fit time, so passes are counted.
  DenseD z = GaussianStart(a.cols, width, options.seed);
  DenseD y;
  for (int iteration = 0; iteration <= options.power_iterations; ++iteration) {
    if (IsCancelled(options.cancel)) return Cancelled("randomized SVD cancelled");
    if (iteration > 0) {
      SparseTimesDense(a, z, y, options.threads);
      SparseTimesDense(at, y, z, options.threads);
    }
    Orthonormalize(z, iteration == options.power_iterations ? 2 : 1);
  }
  if (IsCancelled(options.cancel)) return Cancelled("randomized SVD cancelled");
  return RitzVectors(a, z, rank, options.threads);
}

}  // namespace attune::linalg
