// The same-run reference for the iALS benchmark: conjugate-gradient ALS written the way
// benfred/implicit's CPU solver is (implicit/cpu/_als.pyx, least_squares_cg): per row, three CG
// steps from the previous solution, with one BLAS call per interaction per pass (sdot + saxpy)
// and ssymv for YtY p. Unpadded float32 rows, per-thread scratch, rows spread over threads.
// Benchmarks only: it exists to be timed against model/als_solver.h on the same matrix.
#pragma once

#include <span>
#include <vector>

#include "core/csr_matrix.h"

namespace attune::bench {

struct DenseFactors {
  int32_t rows = 0;
  int factors = 0;
  std::vector<float> data;  // rows x factors
  float* Row(int32_t r) { return data.data() + static_cast<size_t>(r) * factors; }
  const float* Row(int32_t r) const { return data.data() + static_cast<size_t>(r) * factors; }
};

// One half-iteration: solves every row of `rows` against the fixed `other`.
void TextbookSolveRows(const CsrMatrix& rows, std::span<const float> cw, const DenseFactors& other,
                       float lambda, int cg_steps, int threads, DenseFactors& solve);

}  // namespace attune::bench
