// Ranking metrics for offline evaluation, over the full catalogue (the protocol behind the
// published Gowalla numbers and AWS Personalize's offline metrics).
//
// For one user, `ranked` is the recommendation list best first (already without the user's
// training items, ties broken by lower item index as core/top_k.h does) and `test` the user's
// held-out items. At cutoff K, with hits = test items among the first K recommendations:
//   precision@K = hits / K            (a list shorter than K still divides by K)
//   recall@K    = hits / |test|       (not capped at K)
//   ndcg@K      = DCG / IDCG, binary gains, discount 1 / log2(rank + 2) with rank from 0,
//                 IDCG over min(|test|, K) hits at the top
//   mrr@K       = 1 / (rank + 1) of the first hit, 0 without one
//   hr@K        = 1 when there is a hit, else 0
// Averages are over users with at least one test item. coverage@K is the share of the catalogue
// that appears in at least one user's top K.
// Thread safety: pure functions; MetricsTable is filled by one thread per user row.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "base/status.h"

namespace attune {

struct UserMetrics {
  double precision = 0;
  double recall = 0;
  double ndcg = 0;
  double mrr = 0;
  double hit = 0;
};

// Metrics at cutoff k for one user. `test_sorted` must be sorted and unique; an empty test set
// gives all zeros (callers skip such users).
UserMetrics ScoreRanking(std::span<const int32_t> ranked, std::span<const int32_t> test_sorted,
                         int k);

// Averages at one cutoff.
struct MetricsAtK {
  int k = 0;
  double precision = 0;
  double recall = 0;
  double ndcg = 0;
  double mrr = 0;
  double hit_rate = 0;
  double coverage = 0;
};

// Per-user metrics for several cutoffs, written by index so that parallel evaluation sums in a
// fixed order (reproducible to the last bit whatever the thread count).
class MetricsTable {
 public:
  MetricsTable(std::vector<int> ks, int64_t num_users, int32_t num_items);

  const std::vector<int>& ks() const { return ks_; }
  int max_k() const { return ks_.empty() ? 0 : ks_.back(); }
  // Records user `row` (0 <= row < num_users). Different rows may be recorded concurrently;
  // `covered` is the caller's per-thread catalogue mask (num_items entries) for coverage.
  void Record(int64_t row, std::span<const int32_t> ranked, std::span<const int32_t> test_sorted,
              std::vector<uint8_t>& covered_by_k);
  // Averages over all num_users rows; `covered_by_k` is the OR of every thread's masks.
  std::vector<MetricsAtK> Finish(std::span<const uint8_t> covered_by_k) const;
  // Size of the mask each thread passes to Record: ks().size() * num_items.
  size_t CoverageMaskSize() const { return ks_.size() * static_cast<size_t>(num_items_); }

 private:
  std::vector<int> ks_;  // sorted, unique, positive
  int64_t num_users_;
  int32_t num_items_;
  std::vector<UserMetrics> per_user_;  // num_users * ks.size(), row-major
};

// Sorted, unique cutoffs; InvalidArgument for an empty list or a cutoff outside [1, 10000].
Result<std::vector<int>> NormalizeCutoffs(std::vector<int> ks);

// The metric names AWS Personalize reports for a solution version, from results that include
// cutoffs 5, 10 and 25: coverage (at 25), mean_reciprocal_rank_at_25,
// normalized_discounted_cumulative_gain_at_5/10/25, precision_at_5/10/25.
// FailedPrecondition naming the missing cutoff otherwise.
Result<std::map<std::string, double>> PersonalizeMetrics(const std::vector<MetricsAtK>& results);

}  // namespace attune
