// Top-k selection over a dense score vector: the last step of every recommendation.
// Order: higher score first; equal scores break by lower item index, so results are
// deterministic and evaluation is reproducible. Scores of -infinity (excluded items) and NaN are
// never returned.
// Thread safety: pure functions; TopKSelector is per-thread scratch.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace attune {

struct ScoredItem {
  int32_t item;
  float score;
  friend bool operator==(const ScoredItem&, const ScoredItem&) = default;
};

constexpr float kExcludedScore = -std::numeric_limits<float>::infinity();

// True when a ranks before b.
inline bool RanksBefore(const ScoredItem& a, const ScoredItem& b) {
  return a.score > b.score || (a.score == b.score && a.item < b.item);
}

// Writes the best min(k, eligible items) items of `scores` (index = item) to `out`, best first.
// `out` is reused to avoid allocation in loops.
void SelectTopK(std::span<const float> scores, int k, std::vector<ScoredItem>& out);

// Same, over a candidate list: candidates[i] has score scores[i].
void SelectTopKOf(std::span<const int32_t> candidates, std::span<const float> scores, int k,
                  std::vector<ScoredItem>& out);

}  // namespace attune
