#include "core/top_k.h"

#include <algorithm>
#include <cmath>

namespace attune {
namespace {

// Min-heap on rank: the root is the worst of the current best k.
struct WorseFirst {
  bool operator()(const ScoredItem& a, const ScoredItem& b) const { return RanksBefore(a, b); }
};

template <typename ItemAt>
void SelectTopKImpl(size_t n, std::span<const float> scores, int k, ItemAt item_at,
                    std::vector<ScoredItem>& out) {
  out.clear();
  if (k <= 0) return;
  const size_t limit = static_cast<size_t>(k);
  out.reserve(limit);
  float threshold = kExcludedScore;  // score of the heap's root once full
  for (size_t i = 0; i < n; ++i) {
    const float s = scores[i];
    if (!(s > kExcludedScore)) continue;  // skips -inf and NaN
    if (out.size() == limit) {
      // Fast reject: most items fall below the current k-th best.
      if (s < threshold) continue;
      const ScoredItem candidate{item_at(i), s};
      if (!RanksBefore(candidate, out.front())) continue;
      std::pop_heap(out.begin(), out.end(), WorseFirst{});
      out.back() = candidate;
      std::push_heap(out.begin(), out.end(), WorseFirst{});
      threshold = out.front().score;
    } else {
      out.push_back({item_at(i), s});
      std::push_heap(out.begin(), out.end(), WorseFirst{});
      if (out.size() == limit) threshold = out.front().score;
    }
  }
  std::sort_heap(out.begin(), out.end(), WorseFirst{});
}

}  // namespace

void SelectTopK(std::span<const float> scores, int k, std::vector<ScoredItem>& out) {
  SelectTopKImpl(scores.size(), scores, k, [](size_t i) { return static_cast<int32_t>(i); }, out);
}

void SelectTopKOf(std::span<const int32_t> candidates, std::span<const float> scores, int k,
                  std::vector<ScoredItem>& out) {
  SelectTopKImpl(candidates.size(), scores, k, [&](size_t i) { return candidates[i]; }, out);
}

}  // namespace attune
