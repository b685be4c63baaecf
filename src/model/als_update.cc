// Als::UpdateFrom (als.h): update training of user-personalization.
#include <algorithm>

#include "core/item_content.h"
#include "model/als.h"

namespace attune {
namespace {

// Rows of `m` kept only where keep[row]; the others empty (same shape).
CsrMatrix KeepRows(const CsrMatrix& m, const std::vector<uint8_t>& keep) {
  std::vector<Triplet> cells;
  for (int32_t row = 0; row < m.rows; ++row) {
    if (!keep[static_cast<size_t>(row)]) continue;
    for (int64_t p = m.indptr[row]; p < m.indptr[row + 1]; ++p) cells.push_back({row, m.indices[p], m.values[p]});
  }
  return CsrMatrix::FromTriplets(m.rows, m.cols, std::move(cells));
}

void CopyRows(const FactorMatrix& from, int32_t rows, FactorMatrix& to) {
  for (int32_t row = 0; row < rows; ++row) std::copy_n(from.Row(row), from.ld, to.Row(row));
}

}  // namespace

Status Als::UpdateFrom(const Als& previous, const TrainingData& data) {
  if (data.user_items == nullptr) return InvalidArgument("user-personalization: no training matrix");
  ATTUNE_RETURN_IF_ERROR(CheckAlsWeights(*data.user_items));
  const CsrMatrix& user_items = *data.user_items;
  if (previous.factors() != factors()) {
    return FailedPrecondition("update: the live version has " + std::to_string(previous.factors()) +
                              " factors, these parameters say " + std::to_string(factors()) + "; train full");
  }
  const int32_t old_items = previous.item_factors_.rows, old_users = previous.user_factors_.rows;
  if (user_items.cols < old_items || user_items.rows < old_users) {
    return FailedPrecondition("update: the data has fewer stories or readers than the live version; train full");
  }
  item_factors_ = FactorMatrix::Zeros(user_items.cols, factors());
  user_factors_ = FactorMatrix::Zeros(user_items.rows, factors());
  CopyRows(previous.item_factors_, old_items, item_factors_);
  CopyRows(previous.user_factors_, old_users, user_factors_);
  projection_ = previous.projection_;
  const CsrMatrix item_users = user_items.Transposed(data.threads);
  std::vector<uint8_t> needs_fold_in(static_cast<size_t>(user_items.cols), 0);
  for (int32_t item = old_items; item < user_items.cols; ++item) {
    const bool has_content = data.item_content != nullptr && item < data.item_content->features.rows &&
                             data.item_content->features.indptr[item + 1] > data.item_content->features.indptr[item];
    if (has_content && !projection_.empty()) {
      projection_.Project(data.item_content->features, item, item_factors_.Row(item));
    } else {
      needs_fold_in[static_cast<size_t>(item)] = 1;
    }
  }
  const float lambda = options_.regularization;
  const std::vector<float> user_cw = ConfidenceWeights(user_items.values, options_.alpha, options_.log_confidence);
  std::vector<float> gram = RegularizedGram(item_factors_, lambda);
  SolveRows({.other = &item_factors_, .gram = gram.data()}, user_items, user_cw, options_.fold_in_steps, data.threads, user_factors_);
  // New stories without content: solved from their readers, with the readers' vectors fixed.
  const CsrMatrix new_items = KeepRows(item_users, needs_fold_in);
  if (new_items.nnz() > 0) {
    const std::vector<float> item_cw = ConfidenceWeights(new_items.values, options_.alpha, options_.log_confidence);
    gram = RegularizedGram(user_factors_, lambda);
    FactorMatrix solved = item_factors_;
    SolveRows({.other = &user_factors_, .gram = gram.data()}, new_items, item_cw, options_.fold_in_steps, data.threads, solved);
    for (int32_t item = old_items; item < user_items.cols; ++item) {
      if (needs_fold_in[static_cast<size_t>(item)]) std::copy_n(solved.Row(item), solved.ld, item_factors_.Row(item));
    }
  }
  row_hash_.resize(static_cast<size_t>(user_items.rows));
  for (int32_t u = 0; u < user_items.rows; ++u) {
    row_hash_[static_cast<size_t>(u)] = RowHash(user_items.RowIndices(u), user_items.RowValues(u));
  }
  FinishModel();
  if (data.progress) data.progress(1.0, "folded in");
  return Status::Ok();
}

}  // namespace attune
