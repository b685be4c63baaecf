// item-knn: item-based collaborative filtering. Each item keeps its `neighbours` most similar
// items by shrunk cosine similarity over the users who read both:
//   sim(i, j) = ((x_i . x_j) / (|x_i|^(2 alpha) |x_j|^(2 (1 - alpha)) + shrinkage)) ^ exponent
// (alpha = 0.5 is the cosine; i is the item read, j the item recommended)
// (x_i = item i's column of interaction weights). A user's score for item j is the sum, over the
// items i in their history, of weight(u, i) * sim(i, j), so new users are scored from their
// history alone (fold-in for free).
//
// Fit computes X^T X one item row at a time (a sparse product, Gustavson's method, with a dense
// per-thread accumulator), never a dense items x items matrix; memory is items * neighbours.
//
// Parameters:
//   neighbours (200)  similar items kept per item: more = better recall, bigger model, slower
//   shrinkage  (10)   added to the cosine denominator: damps similarities backed by few users
//   exponent   (1)    similarities are raised to this power: > 1 sharpens towards close items
//   alpha      (0.5)  asymmetric cosine: < 0.5 penalises popular recommended items more
// Thread safety: as recommender.h (immutable after Fit/LoadBody).
#pragma once

#include <memory>
#include <vector>

#include "model/recommender.h"

namespace attune {

struct ItemKnnOptions {
  int neighbours = 200;
  double shrinkage = 10.0;
  double exponent = 1.0;
  double alpha = 0.5;
};

class ItemKnn final : public Recommender {
 public:
  ItemKnn(Params params, ItemKnnOptions options)
      : params_(std::move(params)), options_(options) {}

  std::string_view recipe() const override { return "item-knn"; }
  const Params& params() const override { return params_; }
  Status Fit(const TrainingData& data) override;
  int32_t num_items() const override { return similar_.rows; }
  void ScoreUsers(const CsrMatrix& history, std::span<const int32_t> users,
                  std::span<float> out) const override;
  Result<std::vector<ScoredItem>> SimilarItems(int32_t item, int k) const override;
  void SaveBody(ModelWriter& writer) const override;
  Status LoadBody(ModelReader& reader) override;

  // items x items; row i holds i's neighbours (column-sorted) and their similarities.
  const CsrMatrix& similarities() const { return similar_; }

 private:
  Params params_;
  ItemKnnOptions options_;
  CsrMatrix similar_;
};

Result<std::unique_ptr<Recommender>> NewItemKnn(const Params& params);
// Reads the parameters above (without checking for unknown keys: recipes built on item-knn, like
// similar-items, add their own).
Result<ItemKnnOptions> ItemKnnOptionsFromParams(const Params& params);

}  // namespace attune
