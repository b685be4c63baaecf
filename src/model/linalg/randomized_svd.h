// Truncated SVD of a sparse matrix by randomized subspace iteration (Halko, Martinsson and Tropp
// 2011, algorithm 4.4): a random start of rank + oversample columns, a few power iterations
// (a^T a z) with a Cholesky QR re-orthonormalisation after each, then an exact
// eigen-decomposition of the small projected Gram matrix (Rayleigh-Ritz). Only the right singular vectors and the singular values are returned:
// that is what an item-item low-pass filter needs.
//
// Cost: 2 * power_iterations + 1 sparse x dense products of width rank + oversample, plus
// power_iterations + 2 Cholesky QR passes over the cols x width basis. Deterministic for a given seed and
// thread count.
// Thread safety: a pure function; runs `threads` threads for the sparse products.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "base/status.h"
#include "core/csr_matrix.h"
#include "model/linalg/dense.h"

namespace attune::linalg {

struct RandomizedSvdOptions {
  int rank = 256;             // singular triplets wanted; more costs linearly in time and memory
  int oversample = 32;        // extra columns; more gives more accurate trailing vectors
  int power_iterations = 3;   // more sharpens the subspace when the spectrum decays slowly
  uint64_t seed = 42;         // the random start; same seed, same result
  int threads = 0;            // <= 0: all hardware threads
  const std::atomic<bool>* cancel = nullptr;  // checked between iterations
};

struct TruncatedSvd {
  std::vector<double> singular_values;  // descending, `rank` of them (fewer if min(dims) smaller)
  DenseD right_vectors;                 // a.cols x rank, orthonormal columns
};

// InvalidArgument for an empty matrix or rank < 1; Cancelled when `cancel` turns true.
Result<TruncatedSvd> RandomizedSvd(const CsrMatrix& a, const RandomizedSvdOptions& options);

}  // namespace attune::linalg
