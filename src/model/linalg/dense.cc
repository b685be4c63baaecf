#include "model/linalg/dense.h"

#include <cblas.h>

#include <Eigen/Cholesky>
#include <Eigen/QR>
#include <algorithm>
#include <mutex>
#include <string>

#include "base/thread_pool.h"

// LAPACK from OpenBLAS (no LAPACKE headers on the build machines).
extern "C" {
void spotrf_(const char* uplo, const int* n, float* a, const int* lda, int* info);
void spotri_(const char* uplo, const int* n, float* a, const int* lda, int* info);
}

namespace attune::linalg {

namespace {
// Scopes may overlap (two training jobs evaluating at once): the first one in saves the count
// and the last one out restores it, so that the count never stays at a scope's value.
std::mutex g_blas_scope_mu;
int g_blas_scopes = 0;
int g_blas_threads_outside = 0;
}  // namespace

ScopedBlasThreads::ScopedBlasThreads(int threads) {
  std::lock_guard<std::mutex> lock(g_blas_scope_mu);
  if (g_blas_scopes++ == 0) g_blas_threads_outside = openblas_get_num_threads();
  openblas_set_num_threads(threads);
}

ScopedBlasThreads::~ScopedBlasThreads() {
  std::lock_guard<std::mutex> lock(g_blas_scope_mu);
  if (--g_blas_scopes == 0) openblas_set_num_threads(g_blas_threads_outside);
}
namespace {

template <typename T>
void SparseTimesDenseImpl(const CsrMatrix& a, const Dense<T>& b, Dense<T>& out, int threads) {
  out = Dense<T>(a.rows, b.cols);
  const int64_t width = b.cols;
  using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
  ParallelFor(0, static_cast<size_t>(a.rows), threads, [&](int, size_t row) {
    // Eigen maps so that the axpy is vectorised at -O2 too.
    Eigen::Map<Vector> dst(out.Row(static_cast<int64_t>(row)), width);
    for (int64_t p = a.indptr[row]; p < a.indptr[row + 1]; ++p) {
      dst += static_cast<T>(a.values[p]) * Eigen::Map<const Vector>(b.Row(a.indices[p]), width);
    }
  }, 16);
}

using RowMajorD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// One Cholesky QR pass: m <- m * L^-T where L L^T = m^T m. False when the Gram matrix is not
// numerically positive definite (columns nearly dependent).
bool CholeskyQrPass(DenseD& m) {
  const int n = static_cast<int>(m.cols);
  const int rows = static_cast<int>(m.rows);
  RowMajorD gram = RowMajorD::Zero(n, n);
  cblas_dsyrk(CblasRowMajor, CblasLower, CblasTrans, n, rows, 1.0, m.data.data(), n, 0.0,
              gram.data(), n);
  Eigen::LLT<RowMajorD, Eigen::Lower> llt(gram.selfadjointView<Eigen::Lower>());
  if (llt.info() != Eigen::Success) return false;
  RowMajorD lower = llt.matrixL();
  const double smallest = lower.diagonal().cwiseAbs().minCoeff();
  const double largest = lower.diagonal().cwiseAbs().maxCoeff();
  if (!(smallest > 1e-7 * largest)) return false;
  cblas_dtrsm(CblasRowMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit, rows, n, 1.0,
              lower.data(), n, m.data.data(), n);
  return true;
}

void HouseholderOrthonormalize(DenseD& m) {
  Eigen::Map<RowMajorD> view(m.data.data(), m.rows, m.cols);
  Eigen::HouseholderQR<RowMajorD> qr(view);
  RowMajorD q = qr.householderQ() * RowMajorD::Identity(m.rows, m.cols);
  view = q;
}

}  // namespace

void SparseTimesDense(const CsrMatrix& a, const DenseD& b, DenseD& out, int threads) {
  SparseTimesDenseImpl(a, b, out, threads);
}
void SparseTimesDense(const CsrMatrix& a, const DenseF& b, DenseF& out, int threads) {
  SparseTimesDenseImpl(a, b, out, threads);
}

void Gemm(const DenseF& a, const DenseF& b, float alpha, float beta, std::span<float> out) {
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(a.rows),
              static_cast<int>(b.cols), static_cast<int>(a.cols), alpha, a.data.data(),
              static_cast<int>(a.cols), b.data.data(), static_cast<int>(b.cols), beta,
              out.data(), static_cast<int>(b.cols));
}

DenseF Transposed(const DenseF& m) {
  DenseF t(m.cols, m.rows);
  for (int64_t r = 0; r < m.rows; ++r) {
    for (int64_t c = 0; c < m.cols; ++c) t.At(c, r) = m.At(r, c);
  }
  return t;
}

Status InvertSpd(DenseF& m) {
  const int n = static_cast<int>(m.rows);
  int info = 0;
  // Row-major upper is column-major lower: LAPACK sees the transpose, which is the same matrix.
  spotrf_("L", &n, m.data.data(), &n, &info);
  if (info > 0) {
    return FailedPrecondition("matrix is not positive definite (leading minor " +
                              std::to_string(info) + "); increase the regularisation");
  }
  if (info < 0) return Internal("spotrf: bad argument " + std::to_string(-info));
  spotri_("L", &n, m.data.data(), &n, &info);
  if (info != 0) return FailedPrecondition("matrix is singular; increase the regularisation");
  // Column-major lower holds the inverse: mirror it to the other triangle (row-major view).
  for (int r = 0; r < n; ++r) {
    for (int c = r + 1; c < n; ++c) m.At(c, r) = m.At(r, c);
  }
  return Status::Ok();
}

void Orthonormalize(DenseD& m, int passes) {
  // A second pass restores orthogonality lost to rounding in the first (CholQR2).
  for (int pass = 0; pass < passes; ++pass) {
    if (!CholeskyQrPass(m)) return HouseholderOrthonormalize(m);
  }
}

}  // namespace attune::linalg
