// similar-items: "more like this story", for the box under an article. Item-item similarity from
// interactions (item-knn's shrunk cosine over co-readers) blended with content similarity (cosine
// of the stories' content features, core/item_content.h), so that a story published a minute ago,
// which nobody has read yet, still has neighbours: the stories that share its category, tags and
// title words.
//   sim(i, j) = (1 - content_weight) * knn(i, j) + content_weight * content_cos(i, j)
// Scoring a reader sums, over their history, weight * sim(i, j) (as item-knn does).
//
// Parameters: item-knn's (neighbours 200, shrinkage 10, exponent 1, alpha 0.5) and
//   content_weight (0.3)  0 = interactions only (item-knn), 1 = content only.
// Without item content in the training data it is item-knn.
// Thread safety: as Recommender.
#pragma once

#include <memory>
#include <vector>

#include "model/item_knn.h"
#include "model/recommender.h"

namespace attune {

class SimilarItemsRecipe final : public Recommender {
 public:
  SimilarItemsRecipe(Params params, ItemKnnOptions knn_options, double content_weight)
      : params_(std::move(params)), knn_(Params(), knn_options), content_weight_(content_weight) {}

  std::string_view recipe() const override { return "similar-items"; }
  const Params& params() const override { return params_; }
  Status Fit(const TrainingData& data) override;
  int32_t num_items() const override { return knn_.num_items(); }
  void ScoreUsers(const CsrMatrix& history, std::span<const int32_t> users,
                  std::span<float> out) const override;
  Result<std::vector<ScoredItem>> SimilarItems(int32_t item, int k) const override;
  void SaveBody(ModelWriter& writer) const override;
  Status LoadBody(ModelReader& reader) override;

 private:
  // acc[j] += scale * content_cos(item, j) for every j sharing a feature with `item`.
  void AddContentSimilarities(int32_t item, float scale, std::span<float> acc) const;

  Params params_;
  ItemKnn knn_;
  double content_weight_;
  CsrMatrix content_;    // items x dims, unit rows (stored; empty rows when no content)
  CsrMatrix content_t_;  // dims x items (derived)
};

Result<std::unique_ptr<Recommender>> NewSimilarItems(const Params& params);

}  // namespace attune
