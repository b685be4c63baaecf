// ease: Embarrassingly Shallow Autoencoder (Steck, WWW 2019), restricted to the `max_items` most
// popular items so that the dense item x item weights fit in memory and time.
//
// B = argmin ||X - X B||^2 + lambda ||B||^2 subject to diag(B) = 0 has the closed form
//   P = (X^T X + lambda I)^-1,   B_ij = -P_ij / P_jj,   B_jj = 0,
// solved here with a Cholesky inverse (LAPACK spotrf/spotri from OpenBLAS). A user's scores are
// the history row times B. Items outside the vocabulary (the long tail beyond max_items) score
// kExcludedScore: EASE cannot rank them; history items outside it are ignored.
// Memory: 4 * max_items^2 bytes (10,000 items: 400 MB); time grows as max_items^3.
//
// Parameters:
//   lambda (200)        L2 regularisation; larger for denser data.
//   max_items (10000)   vocabulary size (most popular items by number of users).
// Thread safety: as Recommender.
#pragma once

#include <memory>
#include <vector>

#include "model/linalg/dense.h"
#include "model/recommender.h"

namespace attune {

class Ease final : public Recommender {
 public:
  Ease(Params params, double lambda, int max_items)
      : params_(std::move(params)), lambda_(lambda), max_items_(max_items) {}

  std::string_view recipe() const override { return "ease"; }
  const Params& params() const override { return params_; }
  Status Fit(const TrainingData& data) override;
  int32_t num_items() const override { return num_items_; }
  void ScoreUsers(const CsrMatrix& history, std::span<const int32_t> users,
                  std::span<float> out) const override;
  Result<std::vector<ScoredItem>> SimilarItems(int32_t item, int k) const override;
  void SaveBody(ModelWriter& writer) const override;
  Status LoadBody(ModelReader& reader) override;

  // The vocabulary (item indices, most popular first) and the weights over it.
  const std::vector<int32_t>& vocabulary() const { return vocabulary_; }
  const linalg::DenseF& weights() const { return weights_; }

 private:
  void IndexVocabulary();

  Params params_;
  double lambda_;
  int max_items_;
  int32_t num_items_ = 0;
  std::vector<int32_t> vocabulary_;  // position -> item (stored)
  linalg::DenseF weights_;           // B over the vocabulary, positions x positions (stored)
  std::vector<int32_t> position_;    // item -> position or -1 (derived)
};

Result<std::unique_ptr<Recommender>> NewEase(const Params& params);

}  // namespace attune
