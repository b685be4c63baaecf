// The numerical core of implicit ALS (Hu, Koren, Volinsky 2008) solved by conjugate gradient
// (Takács, Pilászy, Tikk 2011), as in benfred/implicit: factor storage, the Gram matrix, one
// half-iteration over all rows, the fold-in of one row, and the training loss.
//
// For a row u with items i and confidence c_ui = 1 + cw_ui (cw = alpha * weight, or its log), the
// row's factor x_u minimises  sum_i c_ui (1 - x_u.y_i)^2 + sum_{i unobserved} (x_u.y_i)^2
// + lambda |x_u|^2, i.e. solves (YtY + lambda I + sum_i cw_ui y_i y_i^T) x_u = sum_i c_ui y_i.
// CG never forms that matrix: each step costs one pass over the row's items plus one YtY product.
//
// Thread safety: SolveRows runs its own threads; each writes only its rows of `solve` and its own
// scratch. Everything else is a pure function.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "base/huge_pages.h"
#include "core/csr_matrix.h"
#include "model/kernels/kernels.h"

namespace attune {

// Rows of `factors` floats stored `ld` apart (ld = factors rounded up to kernels::kLanes); the
// padding is zero and stays zero through training, so kernels can work in whole registers.
struct FactorMatrix {
  int32_t rows = 0;
  int32_t factors = 0;
  size_t ld = 0;
  HugePageVector<float> data;  // rows * ld; gathered at random, hence huge-page friendly

  // `capacity_rows`: room for that many rows in `data` (at least `rows`), so that a buffer swapped
  // in later (RotateToGramEigenbasis) of up to that size needs no reallocation.
  static FactorMatrix Zeros(int32_t rows, int32_t factors, int32_t capacity_rows = 0);
  float* Row(int32_t row) { return data.data() + static_cast<size_t>(row) * ld; }
  const float* Row(int32_t row) const { return data.data() + static_cast<size_t>(row) * ld; }
};

size_t PaddedFactors(int32_t factors);

// Fills the first `factors` columns with normal(0, stddev) draws from `seed`, on `threads`
// threads (<= 0: all); the values depend on the seed only, not on the thread count.
void RandomizeFactors(FactorMatrix& m, float stddev, uint64_t seed, int threads = 0);

// Y^T Y + lambda I as a dense ld x ld row-major matrix (BLAS ssyrk on `threads` threads, <= 0: all).
std::vector<float> RegularizedGram(const FactorMatrix& y, float lambda, int threads = 0);

// Per-stored-value confidence minus one: alpha * w, or alpha * log(1 + w) when `log_scale`.
std::vector<float> ConfidenceWeights(std::span<const float> values, float alpha, bool log_scale);

// The fixed side of a half-iteration and its regularised Gram matrix G = YtY + lambda I, in one of
// two forms: dense (`gram`, RegularizedGram), or diagonal (`gram_diagonal`) when the factors were
// rotated into G's eigenbasis (RotateToGramEigenbasis). The diagonal form replaces each step's
// ld x ld product by an elementwise one and preconditions CG by the diagonal of the row's whole
// matrix, G + sum_i cw_i y_i y_i^T (Jacobi; its data term is summed in the residual pass). In that
// basis the preconditioner removes G's whole spread of eigenvalues, so CG converges in far fewer
// steps: 2 reach a lower training loss than implicit's 3 plain ones (docs/benchmarks.md).
struct CgProblem {
  const FactorMatrix* other = nullptr;  // the fixed side (item factors when solving users)
  // With the diagonal form, optionally: the same rows in a smaller form (GatherCopy), gathered
  // instead of `other`: Half, or int8 with a scale per row.
  const kernels::Half* other_half = nullptr;
  const int8_t* other_int8 = nullptr;
  const float* other_scales = nullptr;  // with other_int8
  const float* gram = nullptr;          // dense form: RegularizedGram(*other, lambda), or null
  const float* gram_diagonal = nullptr;  // diagonal form: G's eigenvalues (ld floats), or null
};

// The form training gathers the fixed side's rows in (recipe parameter `precision`); arithmetic
// is float32 in all three.
enum class GatherPrecision {
  kFloat,  // the factor matrix itself
  kHalf,   // IEEE half: 11 significant bits, half the bytes
  kInt8,   // int8 with a scale per row (max |value| / 127): a quarter of the bytes
};

// A copy of a factor matrix in the form training gathers it, same layout (rows `ld` values
// apart). Why the lower precisions are enough: each half-iteration solves every row against the
// copy only a few CG steps deep, and the rounding (relative 2^-11 for Half, under 1/254 of a
// row's largest value for int8) moves the training loss by far less than those steps' truncation
// does (docs/benchmarks.md has the measurements).
struct GatherCopy {
  explicit GatherCopy(GatherPrecision p = GatherPrecision::kHalf) : precision(p) {}
  GatherPrecision precision;
  HugePageVector<kernels::Half> half;  // kHalf
  HugePageVector<int8_t> int8;         // kInt8
  std::vector<float> scales;           // kInt8: one per row
  // Sizes the buffers for `m` (reusing them when the size is unchanged); kFloat: nothing.
  void Resize(const FactorMatrix& m);
  // Converts rows [first, first + count) of a matrix shaped as Resize's, whose row `first`
  // starts at `rows` (ld floats apart).
  void FromRows(const float* rows, size_t ld, int32_t first, int32_t count);
  void From(const FactorMatrix& m);  // Resize, then every row
};

// The diagonal form of a half-iteration's Gram matrix (see CgProblem).
struct DiagonalGram {
  std::vector<float> diagonal;  // ld floats; padding lanes are 1
  // `copy`: the gathered form of `other`, or null to gather `other` itself.
  CgProblem Problem(const FactorMatrix& other, const GatherCopy* copy = nullptr) const;
};

// Rotates both sides of the model by the eigenvectors Q of G = YtY + lambda I (Y = `gram_side`):
// Y <- Y Q and X <- X Q (X = `other_side`, the side about to be solved, whose rows are the warm
// starts). Every dot product x.y and every norm is unchanged, so scores and the training loss are
// the same; in the new basis G is diagonal, and its diagonal (the eigenvalues) is returned.
// Cost: two (rows x k) by (k x k) products (kernels::rows_times_panels), plus an
// eigendecomposition of k x k.
// `gram_side_copy`, when given, receives the rotated gram side in its form (GatherCopy::From).
// `spare`: a buffer the products write into and then swap with the matrices' own (so a loop that
// keeps it, with capacity for the larger side, allocates nothing); a temporary when null.
// `threads`: how many threads the products run on (<= 0: all hardware threads).
DiagonalGram RotateToGramEigenbasis(FactorMatrix& gram_side, FactorMatrix& other_side, float lambda,
                                    GatherCopy* gram_side_copy = nullptr, HugePageVector<float>* spare = nullptr,
                                    int threads = 0);

// Per-thread scratch for CG: vectors of ld floats, and `rows`, room for a row's gathered factor
// rows as floats (the diagonal form copies them in its first pass when n * ld fits; empty: never).
struct CgScratch {
  std::vector<float> r, p, ap, m, inv_m;  // m, inv_m: the Jacobi preconditioner (diagonal form)
  std::vector<float> rows;
  explicit CgScratch(size_t ld) : r(ld), p(ld), ap(ld), m(ld), inv_m(ld) {}
};

// Improves x (ld floats, warm start) by `steps` CG steps (preconditioned with the diagonal form)
// on one row: `items` are the row's column
// indices and `cw` their confidence weights minus one.
void SolveRow(const CgProblem& problem, std::span<const int32_t> items, std::span<const float> cw,
              int steps, CgScratch& scratch, float* x);

// SolveRows' per-thread scratch; a caller that keeps one between half-iterations saves
// allocating (and faulting in) the row copies every time.
struct SolveScratch {
  std::vector<CgScratch> threads;
};

// One half-iteration: every row of `rows` (a CSR whose columns index problem.other) updates its
// factor in `solve` by SolveRow. `cw` is aligned with rows.values. `reuse`: scratch to keep
// between calls (a temporary when null).
void SolveRows(const CgProblem& problem, const CsrMatrix& rows, std::span<const float> cw,
               int steps, int threads, FactorMatrix& solve, SolveScratch* reuse = nullptr);

// The training objective (in double): sum over all (u, i) of c_ui (p_ui - x_u.y_i)^2 with
// c = 1 for unobserved pairs, plus lambda (|X|^2 + |Y|^2). O(nnz k + (users + items) k^2).
double ImplicitLoss(const CsrMatrix& user_items, std::span<const float> cw, const FactorMatrix& x,
                    const FactorMatrix& y, float lambda);

}  // namespace attune
