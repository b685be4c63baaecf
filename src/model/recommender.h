// Recommender: the one interface every recipe implements (fit / score / similar items /
// save / load), in the spirit of benfred/implicit's RecommenderBase.
//
// Recipes are pure functions of in-memory data: they never touch the store, HTTP or jobs.
// Users and items are dense indices (core/ids.h). A recipe scores from a user's history row, so
// users unseen at training time are scored too (fold-in) when the recipe supports it.
//
// Thread safety: Fit and Load need exclusive access; after that the object is immutable and every
// const method may run concurrently (serving shares it as shared_ptr<const Recommender>).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "core/csr_matrix.h"
#include "core/top_k.h"
#include "model/model_io.h"
#include "model/params.h"

namespace attune {

struct ItemContent;  // item metadata and text features, defined in core/item_content.h

// Progress of long work: fraction done in [0, 1] and the current stage ("iteration 3/15").
using ProgressFn = std::function<void(double fraction, std::string_view stage)>;

struct TrainingData {
  // users x items; values are positive interaction weights (event weights, decay applied).
  const CsrMatrix* user_items = nullptr;
  // Optional, aligned with user_items->values: the newest event time of each (user, item) cell,
  // epoch seconds. Empty when unknown; recipes that need it (trending-now) say so.
  std::span<const int64_t> interaction_times;
  // Optional item content aligned with the item indices; recipes that need it check for nullptr.
  const ItemContent* item_content = nullptr;
  // Threads for training (<= 0: all hardware threads).
  int threads = 0;
  ProgressFn progress;                         // may be empty
  const std::atomic<bool>* cancel = nullptr;   // when set and true, Fit returns Cancelled
};

class Recommender {
 public:
  virtual ~Recommender() = default;

  // The recipe name, e.g. "popularity-count".
  virtual std::string_view recipe() const = 0;
  // The hyperparameters in effect (after defaults), saved in model files.
  virtual const Params& params() const = 0;

  virtual Status Fit(const TrainingData& data) = 0;

  virtual int32_t num_items() const = 0;

  // Scores every item for each of `users`, whose histories are the rows of `history` with the
  // same indices (history.cols == num_items()). Writes users.size() x num_items() scores,
  // row-major, to `out`. Higher is better. Does not mask the history: callers exclude what they
  // must. Batched so that matrix models can use matrix-matrix products.
  virtual void ScoreUsers(const CsrMatrix& history, std::span<const int32_t> users,
                          std::span<float> out) const = 0;

  // The k items most similar to `item`, best first, not including `item` itself.
  virtual Result<std::vector<ScoredItem>> SimilarItems(int32_t item, int k) const;

  // The recipe's own state, without header or checksum (see model_file.h).
  virtual void SaveBody(ModelWriter& writer) const = 0;
  virtual Status LoadBody(ModelReader& reader) = 0;
};

// Convenience over ScoreUsers for one user: the top k items, excluding the user's history row
// when `exclude_history` is set.
std::vector<ScoredItem> RecommendForUser(const Recommender& model, const CsrMatrix& history,
                                         int32_t user, int k, bool exclude_history = true);

// Scores the given items for one user (personalized ranking): same order as `items`.
std::vector<float> ScoreItemsForUser(const Recommender& model, const CsrMatrix& history,
                                     int32_t user, std::span<const int32_t> items);

// Personalized ranking: `items` re-ordered best first for one user. Items the model does not
// know (index < 0 or >= num_items(), e.g. stories newer than the model) come last, in the order
// given; ties keep the given order. InvalidArgument for an empty list.
Result<std::vector<ScoredItem>> RankItemsForUser(const Recommender& model, const CsrMatrix& history,
                                                 int32_t user, std::span<const int32_t> items);

}  // namespace attune
