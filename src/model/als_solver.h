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

#include "core/csr_matrix.h"

namespace attune {

// Rows of `factors` floats stored `ld` apart (ld = factors rounded up to kernels::kLanes); the
// padding is zero and stays zero through training, so kernels can work in whole registers.
struct FactorMatrix {
  int32_t rows = 0;
  int32_t factors = 0;
  size_t ld = 0;
  std::vector<float> data;  // rows * ld

  static FactorMatrix Zeros(int32_t rows, int32_t factors);
  float* Row(int32_t row) { return data.data() + static_cast<size_t>(row) * ld; }
  const float* Row(int32_t row) const { return data.data() + static_cast<size_t>(row) * ld; }
};

size_t PaddedFactors(int32_t factors);

// Fills the first `factors` columns with normal(0, stddev) draws from `seed` (deterministic).
void RandomizeFactors(FactorMatrix& m, float stddev, uint64_t seed);

// Y^T Y + lambda I as a dense ld x ld row-major matrix (BLAS ssyrk).
std::vector<float> RegularizedGram(const FactorMatrix& y, float lambda);

// Per-stored-value confidence minus one: alpha * w, or alpha * log(1 + w) when `log_scale`.
std::vector<float> ConfidenceWeights(std::span<const float> values, float alpha, bool log_scale);

struct CgProblem {
  const FactorMatrix* other = nullptr;  // the fixed side (item factors when solving users)
  const float* gram = nullptr;          // RegularizedGram(*other, lambda)
};

// Per-thread scratch for CG: three vectors of ld floats.
struct CgScratch {
  std::vector<float> r, p, ap;
  explicit CgScratch(size_t ld) : r(ld), p(ld), ap(ld) {}
};

// Improves x (ld floats, warm start) by `steps` CG steps on one row: `items` are the row's column
// indices and `cw` their confidence weights minus one.
void SolveRow(const CgProblem& problem, std::span<const int32_t> items, std::span<const float> cw,
              int steps, CgScratch& scratch, float* x);

// One half-iteration: every row of `rows` (a CSR whose columns index problem.other) updates its
// factor in `solve` by SolveRow. `cw` is aligned with rows.values.
void SolveRows(const CgProblem& problem, const CsrMatrix& rows, std::span<const float> cw,
               int steps, int threads, FactorMatrix& solve);

// The training objective (in double): sum over all (u, i) of c_ui (p_ui - x_u.y_i)^2 with
// c = 1 for unobserved pairs, plus lambda (|X|^2 + |Y|^2). O(nnz k + (users + items) k^2).
double ImplicitLoss(const CsrMatrix& user_items, std::span<const float> cw, const FactorMatrix& x,
                    const FactorMatrix& y, float lambda);

}  // namespace attune
