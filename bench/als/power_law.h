// A synthetic implicit-feedback matrix shaped like real usage: user activity drawn from a Pareto
// distribution, items from a Zipf popularity law (item ids shuffled, so popular items are spread
// through memory as they are in real id spaces). Deterministic for a seed. Benchmarks only.
#pragma once

#include <cstdint>

#include "core/csr_matrix.h"

namespace attune::bench {

struct PowerLawOptions {
  int32_t users = 360000;
  int32_t items = 290000;
  int64_t interactions = 16000000;  // target nnz (distinct user-item pairs)
  double user_shape = 1.5;          // Pareto shape of user activity (smaller: heavier tail)
  double item_exponent = 0.9;       // Zipf exponent of item popularity
  int64_t max_user_items = 10000;   // caps the Pareto tail (and the rejection sampling cost)
  uint64_t seed = 1;
};

// Binary weights (1.0); each user has at least one item and at most
// min(max_user_items, items / 2).
CsrMatrix PowerLawMatrix(const PowerLawOptions& options);

}  // namespace attune::bench
