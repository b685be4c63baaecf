#include "model/popularity.h"

#include <algorithm>

namespace attune {

Result<std::unique_ptr<Recommender>> NewPopularityCount(const Params& params) {
  ATTUNE_ASSIGN_OR_RETURN(bool weighted, params.GetBool("weighted", true));
  ATTUNE_RETURN_IF_ERROR(params.CheckAllUsed("popularity-count"));
  return std::unique_ptr<Recommender>(std::make_unique<PopularityCount>(params, weighted));
}

Status PopularityCount::Fit(const TrainingData& data) {
  if (data.user_items == nullptr) return InvalidArgument("popularity-count: no training matrix");
  const CsrMatrix& m = *data.user_items;
  counts_.assign(static_cast<size_t>(m.cols), 0.0f);
  for (int64_t p = 0; p < m.nnz(); ++p) {
    counts_[static_cast<size_t>(m.indices[p])] += weighted_ ? m.values[p] : 1.0f;
  }
  if (data.progress) data.progress(1.0, "counted");
  return Status::Ok();
}

void PopularityCount::ScoreUsers(const CsrMatrix&, std::span<const int32_t> users,
                                 std::span<float> out) const {
  for (size_t u = 0; u < users.size(); ++u) {
    std::copy(counts_.begin(), counts_.end(), out.begin() + static_cast<ptrdiff_t>(u * counts_.size()));
  }
}

void PopularityCount::SaveBody(ModelWriter& writer) const { writer.PutVector(counts_); }

Status PopularityCount::LoadBody(ModelReader& reader) { return reader.GetVector(counts_); }

}  // namespace attune
