#include "model/similar_items.h"

#include <algorithm>

#include "core/item_content.h"
#include "model/csr_io.h"

namespace attune {

Result<std::unique_ptr<Recommender>> NewSimilarItems(const Params& params) {
  ATTUNE_ASSIGN_OR_RETURN(ItemKnnOptions knn, ItemKnnOptionsFromParams(params));
  ATTUNE_ASSIGN_OR_RETURN(double content_weight, params.GetDouble("content_weight", 0.3, 0.0, 1.0));
  ATTUNE_RETURN_IF_ERROR(params.CheckAllUsed("similar-items"));
  return std::unique_ptr<Recommender>(std::make_unique<SimilarItemsRecipe>(params, knn, content_weight));
}

Status SimilarItemsRecipe::Fit(const TrainingData& data) {
  if (data.user_items == nullptr) return InvalidArgument("similar-items: no training matrix");
  ATTUNE_RETURN_IF_ERROR(knn_.Fit(data));
  const int32_t items = data.user_items->cols;
  if (data.item_content != nullptr && data.item_content->features.rows == items) {
    content_ = data.item_content->features;
  } else {
    content_ = CsrMatrix::FromTriplets(items, 0, {});
  }
  content_t_ = content_.Transposed();
  return Status::Ok();
}

void SimilarItemsRecipe::AddContentSimilarities(int32_t item, float scale, std::span<float> acc) const {
  if (item < 0 || item >= content_.rows) return;
  for (int64_t p = content_.indptr[item]; p < content_.indptr[item + 1]; ++p) {
    const float w = scale * content_.values[p];
    const int32_t feature = content_.indices[p];
    for (int64_t q = content_t_.indptr[feature]; q < content_t_.indptr[feature + 1]; ++q) {
      acc[static_cast<size_t>(content_t_.indices[q])] += w * content_t_.values[q];
    }
  }
}

void SimilarItemsRecipe::ScoreUsers(const CsrMatrix& history, std::span<const int32_t> users,
                                    std::span<float> out) const {
  knn_.ScoreUsers(history, users, out);
  const size_t items = static_cast<size_t>(num_items());
  const float keep = static_cast<float>(1.0 - content_weight_);
  for (float& v : out) v *= keep;
  if (content_weight_ == 0.0) return;
  for (size_t b = 0; b < users.size(); ++b) {
    const int32_t user = users[b];
    if (user < 0 || user >= history.rows) continue;
    std::span<float> row = out.subspan(b * items, items);
    auto indices = history.RowIndices(user);
    auto values = history.RowValues(user);
    for (size_t k = 0; k < indices.size(); ++k) {
      AddContentSimilarities(indices[k], static_cast<float>(content_weight_) * values[k], row);
    }
  }
}

Result<std::vector<ScoredItem>> SimilarItemsRecipe::SimilarItems(int32_t item, int k) const {
  if (item < 0 || item >= num_items()) {
    return InvalidArgument("similar-items: item index " + std::to_string(item) + " is not in the model");
  }
  std::vector<float> scores(static_cast<size_t>(num_items()), 0.0f);
  const CsrMatrix& knn = knn_.similarities();
  const float keep = static_cast<float>(1.0 - content_weight_);
  for (int64_t p = knn.indptr[item]; p < knn.indptr[item + 1]; ++p) {
    scores[static_cast<size_t>(knn.indices[p])] += keep * knn.values[p];
  }
  AddContentSimilarities(item, static_cast<float>(content_weight_), scores);
  scores[static_cast<size_t>(item)] = kExcludedScore;
  // Only items with some similarity are neighbours.
  for (float& s : scores) {
    if (s <= 0.0f) s = kExcludedScore;
  }
  std::vector<ScoredItem> top;
  SelectTopK(scores, k, top);
  return top;
}

void SimilarItemsRecipe::SaveBody(ModelWriter& writer) const {
  knn_.SaveBody(writer);
  PutCsr(writer, content_);
}

Status SimilarItemsRecipe::LoadBody(ModelReader& reader) {
  ATTUNE_RETURN_IF_ERROR(knn_.LoadBody(reader));
  ATTUNE_RETURN_IF_ERROR(GetCsr(reader, "similar-items content", content_));
  if (content_.rows != knn_.num_items()) {
    return InvalidArgument("similar-items: content rows do not match the items of the model body");
  }
  content_t_ = content_.Transposed();
  return Status::Ok();
}

}  // namespace attune
