// user-personalization: implicit-feedback matrix factorisation (iALS, Hu/Koren/Volinsky 2008)
// trained by alternating conjugate-gradient solves in float32 on all threads (als_solver.h),
// scored by one sgemm per batch of users, with a fold-in for users whose history is new.
//
// Parameters (all optional):
//   factors (64, 1..1024)          latent dimensions; more fits better, costs ~linearly more.
//   iterations (15, 1..1000)       alternating passes (users then items).
//   regularization (0.01, 0..1e6)  lambda, L2 on every factor vector.
//   alpha (1.0, 0..1e6)            confidence = 1 + alpha * weight.
//   confidence (linear | log)      log: 1 + alpha * log(1 + weight), damps heavy repeat users.
//   cg_steps (2, 1..64)            CG steps per row per half-iteration (warm-started, and
//                                  preconditioned: 2 reach a lower loss than 3 plain ones).
//   precision (int8|mixed|float)   how training gathers the fixed side's rows (arithmetic is
//                                  float32 in all): int8 with a scale per row (a quarter of
//                                  float32's memory traffic), mixed: IEEE half (a half), float:
//                                  float32 (slowest; for checking). Same loss (benchmarks.md).
//   fold_in_steps (16, 1..256)     CG steps from zero when folding in a new user at serving time.
//   seed (42, 0..2^31-1)           initialisation seed; training is deterministic for a seed.
//
// Serving: ScoreUsers uses the trained vector of a user whose history row is the one trained on
// (compared by a per-user hash); any other user (index beyond training, or changed history) is
// folded in from the given history row: a few CG steps against the fixed item factors, costing
// O(fold_in_steps * (history * factors + factors^2)) - microseconds for a typical user.
//
// Thread safety: see Recommender. FoldInUser and ScoreUsers are const and reentrant.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "model/als_solver.h"
#include "model/content_projection.h"
#include "model/recommender.h"

namespace attune {

struct AlsOptions {
  int factors = 64;
  int iterations = 15;
  float regularization = 0.01f;
  float alpha = 1.0f;
  bool log_confidence = false;
  int cg_steps = 2;
  GatherPrecision gather_precision = GatherPrecision::kInt8;  // precision
  int fold_in_steps = 16;
  uint64_t seed = 42;
  // Item content (TrainingData::item_content): ridge penalty and CG steps of the projection
  // from content features to item factors (content_projection.h).
  float content_regularization = 0.1f;
  int content_iterations = 50;
};

// InvalidArgument naming the row when an interaction weight is negative or not finite.
Status CheckAlsWeights(const CsrMatrix& m);

// Reads and range-checks the parameters above; unknown keys are an error.
Result<AlsOptions> AlsOptionsFromParams(const Params& params);

class Als final : public Recommender {
 public:
  // `recipe` is the name saved in model files: "user-personalization", or "personalized-ranking"
  // (the same model, offered for re-ranking a caller's list: RankItemsForUser).
  Als(Params params, AlsOptions options, std::string recipe = "user-personalization")
      : params_(std::move(params)), options_(options), recipe_(std::move(recipe)) {}

  std::string_view recipe() const override { return recipe_; }
  const Params& params() const override { return params_; }
  Status Fit(const TrainingData& data) override;
  int32_t num_items() const override { return item_factors_.rows; }
  void ScoreUsers(const CsrMatrix& history, std::span<const int32_t> users,
                  std::span<float> out) const override;
  Result<std::vector<ScoredItem>> SimilarItems(int32_t item, int k) const override;
  void SaveBody(ModelWriter& writer) const override;
  Status LoadBody(ModelReader& reader) override;

  // A user's vector (factors() floats) from their history: item indices < num_items() and their
  // weights, as in the training matrix. Items outside the model are ignored.
  std::vector<float> FoldInUser(std::span<const int32_t> items, std::span<const float> weights) const;

  // A story's vector (factors() floats) from its content features alone (row `item` of
  // `features`, built like the training content): for stories newer than the model. Zeros when
  // the model was trained without content.
  std::vector<float> ProjectContent(const CsrMatrix& features, int32_t item) const;
  const ContentProjection& content_projection() const { return projection_; }

  // Update training (als_update.cc): a new model from `previous` (same parameters) and newer
  // data, in seconds, without retraining. Stories and readers keep their indices (dictionaries
  // never renumber), so the data may only have more of both. The stories' vectors are kept;
  // new stories get their content projection (previous model's W) or, without content, a fold-in
  // from their readers; every reader's vector is re-solved from their whole history against the
  // item vectors (one fold-in step, warm-started from the previous vector).
  Status UpdateFrom(const Als& previous, const TrainingData& data);

  // Optional hook called after every half-iteration with the factors so far (tests use it to check
  // that the loss never increases). Not saved.
  using HalfStepFn = std::function<void(const FactorMatrix& users, const FactorMatrix& items)>;
  void set_half_step_hook(HalfStepFn hook) { half_step_hook_ = std::move(hook); }

  const AlsOptions& options() const { return options_; }
  int32_t factors() const { return options_.factors; }
  const FactorMatrix& user_factors() const { return user_factors_; }
  const FactorMatrix& item_factors() const { return item_factors_; }

 private:
  Status Train(const CsrMatrix& user_items, const TrainingData& data);
  // Learns the content projection from the trained stories and gives every story without
  // interactions (but with content) its projected vector.
  void LearnContent(const ItemContent& content, const CsrMatrix& item_users);
  void FinishModel();
  const float* UserVector(const CsrMatrix& history, int32_t user, std::vector<float>& fold) const;

  Params params_;
  AlsOptions options_;
  std::string recipe_;
  FactorMatrix user_factors_, item_factors_;
  std::vector<uint64_t> row_hash_;   // per trained user: RowHash of the row trained on
  std::vector<float> item_gram_;     // YtY + lambda I, for fold-in (derived, not saved)
  std::vector<float> item_norms_;    // for SimilarItems (derived, not saved)
  HalfStepFn half_step_hook_;
  ContentProjection projection_;     // empty when trained without item content (stored)
};

Result<std::unique_ptr<Recommender>> NewAls(const Params& params);
// personalized-ranking: the same model and parameters under its own recipe name.
Result<std::unique_ptr<Recommender>> NewPersonalizedRanking(const Params& params);

// Hash of one CSR row (indices and values), to tell whether a history is the one trained on.
uint64_t RowHash(std::span<const int32_t> items, std::span<const float> weights);

}  // namespace attune
