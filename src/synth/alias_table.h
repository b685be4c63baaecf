// AliasTable: O(1) sampling of an index in proportion to fixed non-negative weights (Walker's
// alias method). Used to pick which user starts the next session: millions of draws over
// hundreds of thousands of Pareto-distributed activity weights.
// Thread safety: immutable after construction; Sample() takes the caller's Rng.
#pragma once

#include <cstdint>
#include <vector>

#include "synth/rng.h"

namespace attune::synth {

class AliasTable {
 public:
  // `weights` must be non-empty with a positive sum.
  explicit AliasTable(const std::vector<double>& weights);

  uint32_t Sample(Rng& rng) const {
    const uint32_t slot = rng.Below(static_cast<uint32_t>(prob_.size()));
    return rng.Uniform() < prob_[slot] ? slot : alias_[slot];
  }
  size_t size() const { return prob_.size(); }

 private:
  std::vector<double> prob_;
  std::vector<uint32_t> alias_;
};

}  // namespace attune::synth
