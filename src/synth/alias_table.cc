#include "synth/alias_table.h"

#include <numeric>

namespace attune::synth {

AliasTable::AliasTable(const std::vector<double>& weights)
    : prob_(weights.size(), 1.0), alias_(weights.size(), 0) {
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  const double n = static_cast<double>(weights.size());
  std::vector<double> scaled(weights.size());
  std::vector<uint32_t> small, large;
  for (uint32_t idx = 0; idx < weights.size(); ++idx) {
    scaled[idx] = weights[idx] * n / sum;
    (scaled[idx] < 1.0 ? small : large).push_back(idx);
  }
  while (!small.empty() && !large.empty()) {
    const uint32_t lo = small.back();
    const uint32_t hi = large.back();
    small.pop_back();
    prob_[lo] = scaled[lo];
    alias_[lo] = hi;
    scaled[hi] -= 1.0 - scaled[lo];
    if (scaled[hi] < 1.0) {
      large.pop_back();
      small.push_back(hi);
    }
  }
  // Leftovers are 1.0 up to rounding: they keep prob 1 and never use their alias.
  for (uint32_t idx : small) alias_[idx] = idx;
  for (uint32_t idx : large) alias_[idx] = idx;
}

}  // namespace attune::synth
