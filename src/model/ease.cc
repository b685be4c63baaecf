#include "model/ease.h"

#include <Eigen/Core>
#include <algorithm>
#include <numeric>

#include "base/thread_pool.h"

namespace attune {
namespace {

// The `limit` items with the most users, most popular first; ties by lower index.
std::vector<int32_t> MostPopular(const CsrMatrix& m, int limit) {
  std::vector<int64_t> users_per_item(static_cast<size_t>(m.cols), 0);
  for (int32_t item : m.indices) users_per_item[static_cast<size_t>(item)]++;
  std::vector<int32_t> order(static_cast<size_t>(m.cols));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    return users_per_item[static_cast<size_t>(a)] > users_per_item[static_cast<size_t>(b)];
  });
  size_t keep = std::min(order.size(), static_cast<size_t>(limit));
  while (keep > 0 && users_per_item[static_cast<size_t>(order[keep - 1])] == 0) --keep;
  order.resize(keep);
  return order;
}

bool IsCancelled(const TrainingData& data) {
  return data.cancel != nullptr && data.cancel->load(std::memory_order_relaxed);
}

}  // namespace

Result<std::unique_ptr<Recommender>> NewEase(const Params& params) {
  ATTUNE_ASSIGN_OR_RETURN(double lambda, params.GetDouble("lambda", 200.0, 1e-6, 1e9));
  ATTUNE_ASSIGN_OR_RETURN(int max_items, params.GetInt("max_items", 10000, 1, 50000));
  ATTUNE_RETURN_IF_ERROR(params.CheckAllUsed("ease"));
  return std::unique_ptr<Recommender>(std::make_unique<Ease>(params, lambda, max_items));
}

void Ease::IndexVocabulary() {
  position_.assign(static_cast<size_t>(num_items_), -1);
  for (size_t p = 0; p < vocabulary_.size(); ++p) {
    position_[static_cast<size_t>(vocabulary_[p])] = static_cast<int32_t>(p);
  }
}

Status Ease::Fit(const TrainingData& data) {
  if (data.user_items == nullptr) return InvalidArgument("ease: no training matrix");
  if (IsCancelled(data)) return Cancelled("ease: cancelled");
  const CsrMatrix& m = *data.user_items;
  num_items_ = m.cols;
  vocabulary_ = MostPopular(m, max_items_);
  IndexVocabulary();
  const int64_t n = static_cast<int64_t>(vocabulary_.size());
  // Gram matrix over the vocabulary: row a = sum over a's users of their (vocabulary) rows.
  const CsrMatrix by_item = m.Transposed();
  weights_ = linalg::DenseF(n, n);
  ParallelFor(0, static_cast<size_t>(n), data.threads, [&](int, size_t a) {
    float* row = weights_.Row(static_cast<int64_t>(a));
    const int32_t item = vocabulary_[a];
    for (int64_t p = by_item.indptr[item]; p < by_item.indptr[item + 1]; ++p) {
      const int32_t user = by_item.indices[p];
      for (int64_t q = m.indptr[user]; q < m.indptr[user + 1]; ++q) {
        const int32_t other = position_[static_cast<size_t>(m.indices[q])];
        if (other >= 0) row[other] += by_item.values[p] * m.values[q];
      }
    }
    row[a] += static_cast<float>(lambda_);
  }, 16);
  if (IsCancelled(data)) return Cancelled("ease: cancelled");
  if (data.progress) data.progress(0.3, "gram matrix");
  ATTUNE_RETURN_IF_ERROR(linalg::InvertSpd(weights_).WithContext("ease"));
  for (int64_t j = 0; j < n; ++j) {
    const float inverse_diagonal = -1.0f / weights_.At(j, j);
    for (int64_t i = 0; i < n; ++i) weights_.At(i, j) *= inverse_diagonal;
  }
  for (int64_t j = 0; j < n; ++j) weights_.At(j, j) = 0.0f;
  if (data.progress) data.progress(1.0, "weights");
  return Status::Ok();
}

void Ease::ScoreUsers(const CsrMatrix& history, std::span<const int32_t> users,
                      std::span<float> out) const {
  const size_t items = static_cast<size_t>(num_items_);
  const int64_t n = weights_.cols;
  std::vector<float> dense(static_cast<size_t>(n));
  for (size_t b = 0; b < users.size(); ++b) {
    std::fill(dense.begin(), dense.end(), 0.0f);
    if (users[b] >= 0 && users[b] < history.rows) {
      auto row_items = history.RowIndices(users[b]);
      auto row_values = history.RowValues(users[b]);
      for (size_t k = 0; k < row_items.size(); ++k) {
        if (row_items[k] < 0 || row_items[k] >= num_items_) continue;
        const int32_t from = position_[static_cast<size_t>(row_items[k])];
        if (from < 0) continue;
        Eigen::Map<Eigen::VectorXf>(dense.data(), n) +=
            row_values[k] * Eigen::Map<const Eigen::VectorXf>(weights_.Row(from), n);
      }
    }
    float* dst = out.data() + b * items;
    std::fill(dst, dst + items, kExcludedScore);
    for (int64_t j = 0; j < n; ++j) dst[vocabulary_[static_cast<size_t>(j)]] = dense[static_cast<size_t>(j)];
  }
}

Result<std::vector<ScoredItem>> Ease::SimilarItems(int32_t item, int k) const {
  if (item < 0 || item >= num_items_) {
    return InvalidArgument("ease: item index " + std::to_string(item) + " out of range");
  }
  const int32_t from = position_[static_cast<size_t>(item)];
  if (from < 0) return FailedPrecondition("ease: item " + std::to_string(item) + " is outside the vocabulary (max_items)");
  std::vector<int32_t> candidates;
  std::vector<float> scores;
  for (int64_t j = 0; j < weights_.cols; ++j) {
    if (j == from) continue;
    candidates.push_back(vocabulary_[static_cast<size_t>(j)]);
    scores.push_back(weights_.At(from, j));
  }
  std::vector<ScoredItem> top;
  SelectTopKOf(candidates, scores, k, top);
  return top;
}

void Ease::SaveBody(ModelWriter& writer) const {
  writer.Put<int32_t>(num_items_);
  writer.PutVector(vocabulary_);
  writer.PutVector(weights_.data);
}

Status Ease::LoadBody(ModelReader& reader) {
  ATTUNE_RETURN_IF_ERROR(reader.Get(num_items_));
  ATTUNE_RETURN_IF_ERROR(reader.GetVector(vocabulary_));
  ATTUNE_RETURN_IF_ERROR(reader.GetVector(weights_.data));
  const size_t n = vocabulary_.size();
  if (num_items_ < 0 || weights_.data.size() != n * n) {
    return InvalidArgument("ease: model body has inconsistent sizes");
  }
  for (int32_t item : vocabulary_) {
    if (item < 0 || item >= num_items_) return InvalidArgument("ease: vocabulary item out of range");
  }
  weights_.rows = weights_.cols = static_cast<int64_t>(n);
  IndexVocabulary();
  return Status::Ok();
}

}  // namespace attune
