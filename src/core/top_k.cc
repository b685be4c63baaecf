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

// Scores are scanned in blocks of this many; a block none of whose scores beats the heap's worst
// is skipped by one branch instead of one per score (the test below vectorises). Once the heap is
// full nearly every block is skipped, which makes the full-catalogue scan of evaluation several
// times faster.
constexpr size_t kScanBlock = 16;

bool AnyAbove(const float* scores, float threshold) {
  int any = 0;
  for (size_t j = 0; j < kScanBlock; ++j) any |= scores[j] > threshold;
  return any != 0;
}

}  // namespace

void SelectTopK(std::span<const float> scores, int k, std::vector<ScoredItem>& out) {
  auto identity = [](size_t i) { return static_cast<int32_t>(i); };
  const size_t n = scores.size();
  if (k <= 0 || n < 4 * kScanBlock) return SelectTopKImpl(n, scores, k, identity, out);
  // Fill the heap from a prefix, then skip blocks that cannot enter it. Items come in index order,
  // so a later item that only ties the worst kept score ranks after it: "> threshold" is exact.
  size_t prefix = std::min(n, std::max<size_t>(static_cast<size_t>(k), kScanBlock));
  SelectTopKImpl(prefix, scores, k, identity, out);
  std::make_heap(out.begin(), out.end(), WorseFirst{});
  auto offer = [&](size_t i) {
    const float s = scores[i];
    if (!(s > kExcludedScore)) return;  // -inf and NaN never enter
    const ScoredItem candidate{static_cast<int32_t>(i), s};
    if (out.size() < static_cast<size_t>(k)) {
      out.push_back(candidate);
      std::push_heap(out.begin(), out.end(), WorseFirst{});
    } else if (RanksBefore(candidate, out.front())) {
      std::pop_heap(out.begin(), out.end(), WorseFirst{});
      out.back() = candidate;
      std::push_heap(out.begin(), out.end(), WorseFirst{});
    }
  };
  size_t i = prefix;
  for (; i + kScanBlock <= n; i += kScanBlock) {
    // Until the heap is full every eligible score enters; then only those above its worst.
    const float threshold = out.size() < static_cast<size_t>(k) ? kExcludedScore : out.front().score;
    if (!AnyAbove(scores.data() + i, threshold)) continue;
    for (size_t j = i; j < i + kScanBlock; ++j) offer(j);
  }
  for (; i < n; ++i) offer(i);
  std::sort_heap(out.begin(), out.end(), WorseFirst{});
}

void SelectTopKOf(std::span<const int32_t> candidates, std::span<const float> scores, int k,
                  std::vector<ScoredItem>& out) {
  SelectTopKImpl(candidates.size(), scores, k, [&](size_t i) { return candidates[i]; }, out);
}

}  // namespace attune
