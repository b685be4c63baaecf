// Dense matrices and the products the linear recipes (graph-filter, ease) are made of: sparse x
// dense with the CSR matrix on the left, dense x dense through BLAS, and the inverse of a
// symmetric positive definite matrix through LAPACK's Cholesky (OpenBLAS).
//
// DenseMatrix is row-major: element (r, c) is data[r * cols + c], so that a row of a sparse x
// dense product is a sum of contiguous rows of the dense factor.
// Thread safety: plain values; functions that take `threads` run ParallelFor over output rows and
// write nothing else.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/status.h"
#include "core/csr_matrix.h"

namespace attune::linalg {

// OpenBLAS's thread count set to `threads` for the scope, and put back at its end. For callers
// that already run BLAS calls on several threads of their own (the evaluator scores blocks of
// users in parallel): with OpenBLAS's default, each of those calls would start a thread per core
// and the cores would be oversubscribed (attune eval on Gowalla, 64 factors, 2 cores: 3.06 s with
// the default, 2.13 s with one BLAS thread per call). The count is process-wide, so a BLAS call
// made elsewhere during the scope also runs on `threads` threads: slower, never wrong. Scopes
// may overlap across threads; the count outside every scope is restored when the last one ends.
class ScopedBlasThreads {
 public:
  explicit ScopedBlasThreads(int threads);
  ~ScopedBlasThreads();
  ScopedBlasThreads(const ScopedBlasThreads&) = delete;
  ScopedBlasThreads& operator=(const ScopedBlasThreads&) = delete;
};

template <typename T>
struct Dense {
  int64_t rows = 0;
  int64_t cols = 0;
  std::vector<T> data;  // rows * cols, row-major

  Dense() = default;
  Dense(int64_t r, int64_t c) : rows(r), cols(c), data(static_cast<size_t>(r * c), T(0)) {}
  T* Row(int64_t r) { return data.data() + r * cols; }
  const T* Row(int64_t r) const { return data.data() + r * cols; }
  T& At(int64_t r, int64_t c) { return data[static_cast<size_t>(r * cols + c)]; }
  T At(int64_t r, int64_t c) const { return data[static_cast<size_t>(r * cols + c)]; }
};
using DenseF = Dense<float>;
using DenseD = Dense<double>;

// out = a * b, with a.cols == b.rows. `out` is resized. Parallel over the rows of `a`.
void SparseTimesDense(const CsrMatrix& a, const DenseD& b, DenseD& out, int threads);
void SparseTimesDense(const CsrMatrix& a, const DenseF& b, DenseF& out, int threads);

// out = alpha * a * b + beta * out (sgemm); `out` is a.rows x b.cols, row-major.
void Gemm(const DenseF& a, const DenseF& b, float alpha, float beta, std::span<float> out);

// The transpose of `m` (rows and cols swapped).
DenseF Transposed(const DenseF& m);

// Replaces the symmetric positive definite n x n matrix `m` by its inverse (spotrf + spotri),
// both triangles filled. FailedPrecondition when `m` is not positive definite.
Status InvertSpd(DenseF& m);

// Orthonormalises the columns of `m` in place by Cholesky QR, `passes` times (2 gives columns
// orthonormal to rounding; 1 is enough inside a subspace iteration), falling back to Householder
// QR when the columns are nearly dependent. Requires m.rows >= m.cols.
void Orthonormalize(DenseD& m, int passes = 2);

}  // namespace attune::linalg
