// graph-filter: a training-free graph signal filter over the item-item graph (GF-CF, Shen et al.
// CIKM 2021) with an optional BSPM-style sharpening step (Choi et al. SIGIR 2023).
//
// With R~ = D_U^-1/2 R D_I^-1/2 (degrees of the training matrix) and P = R~^T R~, a user's
// history row r is scored as
//   s0 = r P + alpha * r D_I^-1/2 V_k V_k^T D_I^1/2     (linear filter + ideal low-pass)
//   s  = s0 * (I - t P' + (t P')^2 / 2 - ...)           (sharpening, `sharpen_order` terms,
//                                                        P' = P / its largest eigenvalue)
// where V_k are the top `rank` right singular vectors of R~ (randomized SVD, linalg/). P is
// never formed: r P = (r R~^T) R~ through the sparse matrix and its transpose.
// Fit is one truncated SVD; it keeps R~ itself (the model is memory-based), so the model file
// holds the normalised training matrix plus the items x rank singular vectors. Users unseen in
// training are scored from their history row like any other.
//
// Parameters:
//   rank (256)            singular vectors of the low-pass; 0 turns it off; cost grows linearly.
//   alpha (0.3)           weight of the ideal low-pass term.
//   sharpen (0)           sharpening time t, in units of P's largest eigenvalue (which is 1 for
//                         user_power 0.5), so that it means the same whatever the normalisation;
//                         0 is plain GF-CF. Each order costs one r P product.
//   sharpen_order (1)     Taylor terms of exp(-t P) (1 = one Euler step, 4 = one RK4 step).
//   degree_power (0)      final scores times (item degree + 1)^degree_power: > 0 favours popular
//                         stories, < 0 the long tail (scoring only).
//   history_power (0)     each history story weighs (its degree + 1)^history_power in the
//                         filter's input: < 0 lets niche reads speak louder (scoring only).
//   user_power (0.5)      R~ = D_U^-user_power R D_I^-1/2: above 0.5, very active readers weigh
//                         less in the item graph (training; changes the fitted model).
//   power_iterations (3), oversample (32), seed (42): the randomized SVD (linalg/).
// Thread safety: as Recommender; ScoreUsers is single-threaded per call.
#pragma once

#include <memory>
#include <vector>

#include "model/linalg/dense.h"
#include "model/recommender.h"

namespace attune {

struct GraphFilterOptions {
  int rank = 256;
  double alpha = 0.3;
  double sharpen = 0.0;
  int sharpen_order = 1;
  double degree_power = 0.0;
  double history_power = 0.0;
  double user_power = 0.5;
  int power_iterations = 3;
  int oversample = 32;
  int seed = 42;
};

class GraphFilter final : public Recommender {
 public:
  GraphFilter(Params params, GraphFilterOptions options)
      : params_(std::move(params)), options_(options) {}

  std::string_view recipe() const override { return "graph-filter"; }
  const Params& params() const override { return params_; }
  Status Fit(const TrainingData& data) override;
  int32_t num_items() const override { return normalized_.cols; }
  void ScoreUsers(const CsrMatrix& history, std::span<const int32_t> users,
                  std::span<float> out) const override;
  Result<std::vector<ScoredItem>> SimilarItems(int32_t item, int k) const override;
  void SaveBody(ModelWriter& writer) const override;
  Status LoadBody(ModelReader& reader) override;

 private:
  // Derives the scoring matrices (transpose, scaled singular vectors) from the stored state.
  void Prepare();
  // out (users x items, row-major) += rows of `history` times P.
  void AddLinearFilter(const CsrMatrix& history, std::span<const int32_t> users,
                       std::span<float> out) const;
  void AddLowPass(const CsrMatrix& history, std::span<const int32_t> users,
                  std::span<float> out) const;
  // A history entry's input weight: its value times history_factor_ (when set).
  float HistoryWeight(int32_t item, float value) const;
  void Sharpen(int64_t block_rows, std::span<float> out) const;
  void SharpenChunk(int64_t chunk_rows, std::span<float> out) const;

  Params params_;
  GraphFilterOptions options_;
  CsrMatrix normalized_;            // R~, users x items (stored)
  std::vector<float> item_scale_;   // d_i^1/2 per item, 0 for items without interactions (stored)
  linalg::DenseF vectors_;          // V_k, items x rank (stored)
  CsrMatrix normalized_t_;          // R~^T, derived
  linalg::DenseF left_;             // D_I^-1/2 V_k, items x rank, derived
  linalg::DenseF right_;            // V_k^T D_I^1/2, rank x items, derived
  std::vector<float> degree_factor_;   // (d_i + 1)^degree_power, empty when the power is 0
  std::vector<float> history_factor_;  // (d_i + 1)^history_power, empty when the power is 0
  double spectral_radius_ = 1;         // largest eigenvalue of P (1 when user_power is 0.5), derived
};

Result<std::unique_ptr<Recommender>> NewGraphFilter(const Params& params);

}  // namespace attune
