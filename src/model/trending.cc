#include "model/trending.h"

#include <algorithm>

namespace attune {

Result<std::unique_ptr<Recommender>> NewTrendingNow(const Params& params) {
  TrendWindow window;
  ATTUNE_ASSIGN_OR_RETURN(int minutes, params.GetInt("window_minutes", 180, 30, 1440));
  ATTUNE_ASSIGN_OR_RETURN(window.baseline_windows, params.GetInt("baseline_windows", 8, 1, 48));
  ATTUNE_ASSIGN_OR_RETURN(window.buckets_per_window, params.GetInt("buckets_per_window", 6, 1, 60));
  ATTUNE_ASSIGN_OR_RETURN(window.smoothing, params.GetDouble("smoothing", 1.0, 1e-6, 1e6));
  ATTUNE_RETURN_IF_ERROR(params.CheckAllUsed("trending-now"));
  window.window_seconds = int64_t{minutes} * 60;
  return std::unique_ptr<Recommender>(std::make_unique<TrendingNow>(params, window));
}

Status TrendingNow::Fit(const TrainingData& data) {
  if (data.user_items == nullptr) return InvalidArgument("trending-now: no training matrix");
  const CsrMatrix& m = *data.user_items;
  if (data.interaction_times.size() != m.values.size()) {
    return FailedPrecondition(
        "trending-now needs the time of every interaction, and this data has none (e.g. a "
        "LightGCN file); use a CSV with a TIMESTAMP column, or another recipe");
  }
  TrendingCounters counters(window_);
  reference_time_ = m.nnz() == 0 ? 0 : *std::max_element(data.interaction_times.begin(),
                                                          data.interaction_times.end());
  for (int32_t user = 0; user < m.rows; ++user) {
    for (int64_t p = m.indptr[user]; p < m.indptr[user + 1]; ++p) {
      counters.Add(m.indices[p], data.interaction_times[static_cast<size_t>(p)], m.values[p]);
    }
  }
  scores_ = counters.Scores(m.cols, reference_time_);
  if (data.progress) data.progress(1.0, "counted");
  return Status::Ok();
}

void TrendingNow::ScoreUsers(const CsrMatrix&, std::span<const int32_t> users,
                             std::span<float> out) const {
  for (size_t u = 0; u < users.size(); ++u) {
    std::copy(scores_.begin(), scores_.end(), out.begin() + static_cast<ptrdiff_t>(u * scores_.size()));
  }
}

void TrendingNow::SaveBody(ModelWriter& writer) const {
  writer.Put(reference_time_);
  writer.PutVector(scores_);
}

Status TrendingNow::LoadBody(ModelReader& reader) {
  ATTUNE_RETURN_IF_ERROR(reader.Get(reference_time_));
  return reader.GetVector(scores_);
}

}  // namespace attune
