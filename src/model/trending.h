// trending-now: the stories whose reading rises fastest right now, the same for every reader.
// At training, every (user, story) cell of the training matrix counts its weight at the time of
// its newest event (TrainingData::interaction_times) in TrendingCounters; the scores are the
// counters' trends at the newest event time of the data (the "now" of the snapshot). Serving
// keeps its own TrendingCounters fed by live events, so a story that took off after training
// rises there too (trending_counters.h).
//
// Parameters:
//   window_minutes (180)    the recent window, 30 minutes to a day.
//   baseline_windows (8)    windows before it that set a story's usual rate.
//   buckets_per_window (6)  time resolution of the counters.
//   smoothing (1)           prior weight: a story needs a few events before its trend counts.
// Needs event times: Fit is FailedPrecondition without them (e.g. LightGCN files).
// Thread safety: as Recommender.
#pragma once

#include <memory>
#include <vector>

#include "model/recommender.h"
#include "model/trending_counters.h"

namespace attune {

class TrendingNow final : public Recommender {
 public:
  TrendingNow(Params params, TrendWindow window) : params_(std::move(params)), window_(window) {}

  std::string_view recipe() const override { return "trending-now"; }
  const Params& params() const override { return params_; }
  Status Fit(const TrainingData& data) override;
  int32_t num_items() const override { return static_cast<int32_t>(scores_.size()); }
  void ScoreUsers(const CsrMatrix& history, std::span<const int32_t> users,
                  std::span<float> out) const override;
  void SaveBody(ModelWriter& writer) const override;
  Status LoadBody(ModelReader& reader) override;

  const TrendWindow& window() const { return window_; }
  int64_t reference_time() const { return reference_time_; }  // the snapshot's "now"

 private:
  Params params_;
  TrendWindow window_;
  int64_t reference_time_ = 0;
  std::vector<float> scores_;  // per item
};

Result<std::unique_ptr<Recommender>> NewTrendingNow(const Params& params);

}  // namespace attune
