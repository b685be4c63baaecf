// TrendingCounters: live per-story counters that say which stories are rising fastest, in
// constant memory per story. Feed it every positive event as it arrives (story index, event time,
// weight); ask it for the trend of a story or the top trending stories at any moment.
//
// Time is cut into buckets of window / buckets_per_window seconds; each story keeps a ring of
// buckets covering the recent window plus `baseline_windows` windows before it. A story's trend
// at `now` compares the weight of its events in the recent window with its average per window
// over the baseline (TrendScore). Events older than the ring (or older than a bucket already
// reused) no longer count; events from the future count in the bucket of their own time.
//
// The trending-now recipe (trending.h) computes its scores at training time with the same
// counters, so training and serving agree.
// Thread safety: every method may be called concurrently (one mutex).
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include "core/top_k.h"

namespace attune {

struct TrendWindow {
  int64_t window_seconds = 3 * 3600;  // the "recent" window
  int baseline_windows = 8;           // windows before it that set the usual rate
  int buckets_per_window = 6;         // time resolution inside a window
  double smoothing = 1.0;             // prior weight: damps the trend of stories with few events
};

// How far `recent` (weight in the last window) rises above the usual rate (`baseline_total`
// over `baseline_windows` windows), in units of the usual rate's Poisson spread:
// (recent - rate) / sqrt(rate + smoothing). Positive when rising, 0 for a story with no events.
float TrendScore(double recent, double baseline_total, const TrendWindow& window);

class TrendingCounters {
 public:
  explicit TrendingCounters(TrendWindow window);

  // Counts `weight` for `item` (>= 0; the table grows as needed) at `time` (epoch seconds).
  void Add(int32_t item, int64_t time, float weight = 1.0f);
  // The trend of `item` at `now`; 0 for an item never seen.
  float Score(int32_t item, int64_t now) const;
  // Trend scores of items 0 .. num_items-1 at `now` (items never seen score 0).
  std::vector<float> Scores(int32_t num_items, int64_t now) const;
  // The k items with the highest trend at `now`, best first (ties by lower index).
  std::vector<ScoredItem> Top(int64_t now, int k) const;
  int32_t num_items() const;
  const TrendWindow& window() const { return window_; }

 private:
  struct Bucket {
    int64_t epoch = -1;  // floor(time / bucket_seconds) of what the bucket holds
    float weight = 0.0f;
  };
  float ScoreLocked(int32_t item, int64_t now) const;

  TrendWindow window_;
  int64_t bucket_seconds_;
  int ring_;  // buckets per item: (baseline_windows + 1) * buckets_per_window
  mutable std::mutex mu_;
  std::vector<Bucket> buckets_;  // item-major: ring_ buckets per item
};

}  // namespace attune
