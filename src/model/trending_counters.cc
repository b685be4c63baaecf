#include "model/trending_counters.h"

#include <algorithm>
#include <cmath>

namespace attune {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

float TrendScore(double recent, double baseline_total, const TrendWindow& window) {
  const double rate = baseline_total / std::max(1, window.baseline_windows);
  return static_cast<float>((recent - rate) / std::sqrt(rate + window.smoothing));
}

TrendingCounters::TrendingCounters(TrendWindow window)
    : window_(window),
      bucket_seconds_(std::max<int64_t>(1, window.window_seconds / std::max(1, window.buckets_per_window))),
      ring_((std::max(1, window.baseline_windows) + 1) * std::max(1, window.buckets_per_window)) {}

void TrendingCounters::Add(int32_t item, int64_t time, float weight) {
  if (item < 0) return;
  const int64_t epoch = FloorDiv(time, bucket_seconds_);
  std::lock_guard<std::mutex> lock(mu_);
  const size_t needed = (static_cast<size_t>(item) + 1) * static_cast<size_t>(ring_);
  if (buckets_.size() < needed) buckets_.resize(needed);
  Bucket& bucket = buckets_[static_cast<size_t>(item) * ring_ + static_cast<size_t>(epoch % ring_ + ring_) % ring_];
  if (bucket.epoch > epoch) return;  // the slot already holds newer time: this event is too old
  if (bucket.epoch < epoch) bucket = Bucket{epoch, 0.0f};
  bucket.weight += weight;
}

float TrendingCounters::ScoreLocked(int32_t item, int64_t now) const {
  if (item < 0 || static_cast<size_t>(item + 1) * ring_ > buckets_.size()) return 0.0f;
  const int64_t now_epoch = FloorDiv(now, bucket_seconds_);
  const int64_t per_window = std::max(1, window_.buckets_per_window);
  double recent = 0, baseline = 0;
  const Bucket* ring = buckets_.data() + static_cast<size_t>(item) * ring_;
  for (int slot = 0; slot < ring_; ++slot) {
    const int64_t age = now_epoch - ring[slot].epoch;  // in buckets; negative: from the future
    if (ring[slot].epoch < 0 || age >= ring_) continue;
    (age < per_window ? recent : baseline) += ring[slot].weight;
  }
  return TrendScore(recent, baseline, window_);
}

float TrendingCounters::Score(int32_t item, int64_t now) const {
  std::lock_guard<std::mutex> lock(mu_);
  return ScoreLocked(item, now);
}

std::vector<float> TrendingCounters::Scores(int32_t num_items, int64_t now) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<float> scores(static_cast<size_t>(std::max(0, num_items)), 0.0f);
  for (int32_t item = 0; item < num_items; ++item) scores[static_cast<size_t>(item)] = ScoreLocked(item, now);
  return scores;
}

std::vector<ScoredItem> TrendingCounters::Top(int64_t now, int k) const {
  std::vector<ScoredItem> top;
  SelectTopK(Scores(num_items(), now), k, top);
  return top;
}

int32_t TrendingCounters::num_items() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int32_t>(buckets_.size() / static_cast<size_t>(ring_));
}

}  // namespace attune
