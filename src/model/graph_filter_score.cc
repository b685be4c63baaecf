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

float GraphFilter::HistoryWeight(int32_t item, float value) const {
  return history_factor_.empty() ? value : value * history_factor_[static_cast<size_t>(item)];
}

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
      const float value = HistoryWeight(row_items[k], row_values[k]);
      for (int64_t p = normalized_t_.indptr[row_items[k]]; p < normalized_t_.indptr[row_items[k] + 1]; ++p) {
        float& w = user_weight[static_cast<size_t>(normalized_t_.indices[p])];
        if (w == 0.0f) touched.push_back(normalized_t_.indices[p]);
        w += value * normalized_t_.values[p];
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
      dst += HistoryWeight(row_items[k], row_values[k]) * Eigen::Map<const Eigen::VectorXf>(left_.Row(row_items[k]), rank);
    }
  }
  linalg::Gemm(projected, right_, static_cast<float>(options_.alpha), 1.0f, out);
}

namespace {

constexpr int64_t kChunk = 32;  // users sharpened together (see Sharpen)

// out (rows x kChunk) = a (rows x cols, sparse) * b (cols x kChunk), fixed width so that the
// per-non-zero axpy is a fully unrolled, vectorised loop.
void SparseTimesChunk(const CsrMatrix& a, const std::vector<float>& b, std::vector<float>& out) {
  out.assign(static_cast<size_t>(a.rows) * kChunk, 0.0f);
  for (int32_t row = 0; row < a.rows; ++row) {
    float acc[kChunk] = {};
    for (int64_t p = a.indptr[row]; p < a.indptr[row + 1]; ++p) {
      const float weight = a.values[p];
      const float* src = b.data() + static_cast<size_t>(a.indices[p]) * kChunk;
      for (int64_t c = 0; c < kChunk; ++c) acc[c] += weight * src[c];
    }
    std::copy(acc, acc + kChunk, out.data() + static_cast<size_t>(row) * kChunk);
  }
}

}  // namespace

void GraphFilter::Sharpen(int64_t block_rows, std::span<float> out) const {
  // Users are sharpened kChunk at a time: each step multiplies an items x kChunk dense matrix by
  // the sparse R~ and R~^T, gathering one row of kChunk floats per non-zero. At 32 users a row is
  // two cache lines and both dense matrices (~5 MB on Gowalla) stay in cache; at 256 users they
  // were 40 MB and every gather missed it.
  for (int64_t first = 0; first < block_rows; first += kChunk) {
    const int64_t rows = std::min(kChunk, block_rows - first);
    SharpenChunk(rows, out.subspan(static_cast<size_t>(first * num_items()),
                                   static_cast<size_t>(rows * num_items())));
  }
}

void GraphFilter::SharpenChunk(int64_t chunk_rows, std::span<float> out) const {
  // s <- s * sum_j (-t P')^j / j!, j = 0..order, P' = P / spectral_radius_; each term is the
  // previous one times P'.
  // term is items x kChunk (users in columns, zero beyond chunk_rows).
  const int64_t items = num_items();
  std::vector<float> term(static_cast<size_t>(items) * kChunk, 0.0f);
  for (int64_t b = 0; b < chunk_rows; ++b) {
    for (int64_t i = 0; i < items; ++i) term[static_cast<size_t>(i * kChunk + b)] = out[static_cast<size_t>(b * items + i)];
  }
  std::vector<float> via_users;
  for (int order = 1; order <= options_.sharpen_order; ++order) {
    SparseTimesChunk(normalized_, term, via_users);
    SparseTimesChunk(normalized_t_, via_users, term);
    const float factor = static_cast<float>(-options_.sharpen / spectral_radius_ / order);
    for (float& v : term) v *= factor;
    for (int64_t b = 0; b < chunk_rows; ++b) {
      for (int64_t i = 0; i < items; ++i) {
        out[static_cast<size_t>(b * items + i)] += term[static_cast<size_t>(i * kChunk + b)];
      }
    }
  }
}

}  // namespace attune
