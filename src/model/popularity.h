// popularity-count: every user gets the same ranking, items by their total interaction weight in
// training (or by the number of users, with weighted=false). The baseline every other recipe
// must beat, and the fallback for users with no history.
//
// Parameters:
//   weighted (true)  sum the interaction weights; false counts distinct users per item.
#pragma once

#include <memory>
#include <vector>

#include "model/recommender.h"

namespace attune {

class PopularityCount final : public Recommender {
 public:
  explicit PopularityCount(Params params, bool weighted)
      : params_(std::move(params)), weighted_(weighted) {}

  std::string_view recipe() const override { return "popularity-count"; }
  const Params& params() const override { return params_; }
  Status Fit(const TrainingData& data) override;
  int32_t num_items() const override { return static_cast<int32_t>(counts_.size()); }
  void ScoreUsers(const CsrMatrix& history, std::span<const int32_t> users,
                  std::span<float> out) const override;
  void SaveBody(ModelWriter& writer) const override;
  Status LoadBody(ModelReader& reader) override;

  const std::vector<float>& counts() const { return counts_; }

 private:
  Params params_;
  bool weighted_;
  std::vector<float> counts_;  // per item
};

Result<std::unique_ptr<Recommender>> NewPopularityCount(const Params& params);

}  // namespace attune
