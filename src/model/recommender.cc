#include "model/recommender.h"

#include <algorithm>

namespace attune {

Result<std::vector<ScoredItem>> Recommender::SimilarItems(int32_t, int) const {
  return FailedPrecondition("recipe " + std::string(recipe()) +
                            " does not compute similar items; use similar-items or item-knn");
}

std::vector<ScoredItem> RecommendForUser(const Recommender& model, const CsrMatrix& history,
                                         int32_t user, int k, bool exclude_history) {
  std::vector<float> scores(static_cast<size_t>(model.num_items()));
  const int32_t users[] = {user};
  model.ScoreUsers(history, users, scores);
  if (exclude_history && user < history.rows) {
    for (int32_t item : history.RowIndices(user)) scores[static_cast<size_t>(item)] = kExcludedScore;
  }
  std::vector<ScoredItem> top;
  SelectTopK(scores, k, top);
  return top;
}

std::vector<float> ScoreItemsForUser(const Recommender& model, const CsrMatrix& history,
                                     int32_t user, std::span<const int32_t> items) {
  std::vector<float> scores(static_cast<size_t>(model.num_items()));
  const int32_t users[] = {user};
  model.ScoreUsers(history, users, scores);
  std::vector<float> out;
  out.reserve(items.size());
  for (int32_t item : items) {
    const bool known = item >= 0 && item < model.num_items();
    out.push_back(known ? scores[static_cast<size_t>(item)] : kExcludedScore);
  }
  return out;
}

Result<std::vector<ScoredItem>> RankItemsForUser(const Recommender& model, const CsrMatrix& history,
                                                 int32_t user, std::span<const int32_t> items) {
  if (items.empty()) return InvalidArgument("personalized ranking: the list of items to rank is empty");
  const std::vector<float> scores = ScoreItemsForUser(model, history, user, items);
  std::vector<ScoredItem> ranked;
  ranked.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) ranked.push_back({items[i], scores[i]});
  // Stable: equal scores (and every unknown item, scored kExcludedScore) keep the caller's order.
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const ScoredItem& a, const ScoredItem& b) { return a.score > b.score; });
  return ranked;
}

}  // namespace attune
