// The scoring half of graph-filter (graph_filter.h): the linear filter r P through the sparse
// matrix, the ideal low-pass through two thin dense products, and the sharpening polynomial.
#include <Eigen/Core>
#include <algorithm>

#include "model/graph_filter.h"

namespace attune {
namespace {

std::span<const int32_t> HistoryItems(const CsrMatrix& history, int32_t user) {
  if (user < 0 || user >= history.rows) return {};
  return history.RowIndices(user);
}

std::span<const float> HistoryValues(const CsrMatrix& history, int32_t user) {
  if (user < 0 || user >= history.rows) return {};
  return history.RowValues(user);
}

}  // namespace

void GraphFilter::AddLinearFilter(const CsrMatrix& history, std::span<const int32_t> users,
                                  std::span<float> out) const {
  const size_t items = static_cast<size_t>(num_items());
  // r P = (r R~^T) R~: first the weights over training users, then their rows.
  std::vector<float> user_weight(static_cast<size_t>(normalized_.rows), 0.0f);
  std::vector<int32_t> touched;
  for (size_t b = 0; b < users.size(); ++b) {
    auto row_items = HistoryItems(history, users[b]);
    auto row_values = HistoryValues(history, users[b]);
    for (size_t k = 0; k < row_items.size(); ++k) {
      if (row_items[k] < 0 || row_items[k] >= num_items()) continue;
      for (int64_t p = normalized_t_.indptr[row_items[k]]; p < normalized_t_.indptr[row_items[k] + 1]; ++p) {
        float& w = user_weight[static_cast<size_t>(normalized_t_.indices[p])];
        if (w == 0.0f) touched.push_back(normalized_t_.indices[p]);
        w += row_values[k] * normalized_t_.values[p];
      }
    }
    float* dst = out.data() + b * items;
    for (int32_t user : touched) {
      const float w = user_weight[static_cast<size_t>(user)];
      user_weight[static_cast<size_t>(user)] = 0.0f;
      for (int64_t p = normalized_.indptr[user]; p < normalized_.indptr[user + 1]; ++p) {
        dst[normalized_.indices[p]] += w * normalized_.values[p];
      }
    }
    touched.clear();
  }
}

void GraphFilter::AddLowPass(const CsrMatrix& history, std::span<const int32_t> users,
                             std::span<float> out) const {
  const int64_t rank = left_.cols;
  linalg::DenseF projected(static_cast<int64_t>(users.size()), rank);
  for (size_t b = 0; b < users.size(); ++b) {
    auto row_items = HistoryItems(history, users[b]);
    auto row_values = HistoryValues(history, users[b]);
    Eigen::Map<Eigen::VectorXf> dst(projected.Row(static_cast<int64_t>(b)), rank);
    for (size_t k = 0; k < row_items.size(); ++k) {
      if (row_items[k] < 0 || row_items[k] >= num_items()) continue;
      dst += row_values[k] * Eigen::Map<const Eigen::VectorXf>(left_.Row(row_items[k]), rank);
    }
  }
  linalg::Gemm(projected, right_, static_cast<float>(options_.alpha), 1.0f, out);
}

void GraphFilter::Sharpen(int64_t block_rows, std::span<float> out) const {
  // s <- s * sum_j (-t P)^j / j!, j = 0..order; each term is the previous one times P.
  const int64_t items = num_items();
  linalg::DenseF term(items, block_rows);  // transposed: items x users, so rows are contiguous
  for (int64_t b = 0; b < block_rows; ++b) {
    for (int64_t i = 0; i < items; ++i) term.At(i, b) = out[static_cast<size_t>(b * items + i)];
  }
  linalg::DenseF via_users;
  for (int order = 1; order <= options_.sharpen_order; ++order) {
    linalg::SparseTimesDense(normalized_, term, via_users, 1);
    linalg::SparseTimesDense(normalized_t_, via_users, term, 1);
    const float factor = static_cast<float>(-options_.sharpen / order);
    for (float& v : term.data) v *= factor;
    for (int64_t b = 0; b < block_rows; ++b) {
      for (int64_t i = 0; i < items; ++i) out[static_cast<size_t>(b * items + i)] += term.At(i, b);
    }
  }
}

}  // namespace attune
