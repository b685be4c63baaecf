#include "model/item_knn.h"

#include <algorithm>
#include <cmath>

#include "base/thread_pool.h"

namespace attune {
namespace {

// Per-thread state for one row of X^T X.
struct RowScratch {
  std::vector<float> dot;          // items; zero outside `touched`
  std::vector<int32_t> mark;       // items; item + 1 once touched for the row of `item`
  std::vector<int32_t> touched;    // items with a co-reader
  std::vector<float> similarity;   // aligned with touched
  std::vector<ScoredItem> top;
};

class SimilarityBuilder {
 public:
  SimilarityBuilder(const CsrMatrix& user_items, const ItemKnnOptions& options)
      : x_(user_items), xt_(user_items.Transposed()), options_(options),
        source_norms_(static_cast<size_t>(user_items.cols), 0.0),
        target_norms_(static_cast<size_t>(user_items.cols), 0.0) {
    std::vector<double> squared(static_cast<size_t>(user_items.cols), 0.0);
    for (int64_t p = 0; p < x_.nnz(); ++p) squared[x_.indices[p]] += double{x_.values[p]} * x_.values[p];
    for (size_t item = 0; item < squared.size(); ++item) {
      source_norms_[item] = std::pow(squared[item], options.alpha);
      target_norms_[item] = std::pow(squared[item], 1.0 - options.alpha);
    }
  }

  // The top neighbours of `item`, by item index.
  void Row(int32_t item, RowScratch& s, std::vector<ScoredItem>& out) const {
    if (s.dot.empty()) {
      s.dot.assign(static_cast<size_t>(x_.cols), 0.0f);
      s.mark.assign(static_cast<size_t>(x_.cols), 0);
    }
    s.touched.clear();
    const auto readers = xt_.RowIndices(item);
    const auto reader_weights = xt_.RowValues(item);
    for (size_t r = 0; r < readers.size(); ++r) Accumulate(item, readers[r], reader_weights[r], s);
    s.similarity.clear();
    for (int32_t other : s.touched) {
      const double denominator = source_norms_[item] * target_norms_[other] + options_.shrinkage;
      const double cosine = denominator > 0 ? s.dot[other] / denominator : 0.0;
      s.similarity.push_back(static_cast<float>(std::pow(cosine, options_.exponent)));
      s.dot[other] = 0.0f;
    }
    SelectTopKOf(s.touched, s.similarity, options_.neighbours, out);
    std::sort(out.begin(), out.end(),
              [](const ScoredItem& a, const ScoredItem& b) { return a.item < b.item; });
  }

 private:
  void Accumulate(int32_t item, int32_t user, float weight, RowScratch& s) const {
    const auto items = x_.RowIndices(user);
    const auto weights = x_.RowValues(user);
    for (size_t p = 0; p < items.size(); ++p) {
      if (items[p] == item) continue;
      if (s.mark[items[p]] != item + 1) {
        s.mark[items[p]] = item + 1;
        s.touched.push_back(items[p]);
      }
      s.dot[items[p]] += weight * weights[p];
    }
  }

  const CsrMatrix& x_;
  CsrMatrix xt_;
  ItemKnnOptions options_;
  std::vector<double> source_norms_;  // |x_i|^(2 alpha): the item read
  std::vector<double> target_norms_;  // |x_j|^(2 (1 - alpha)): the item recommended
};

CsrMatrix ToCsr(int32_t items, const std::vector<std::vector<ScoredItem>>& rows) {
  CsrMatrix m;
  m.rows = items;
  m.cols = items;
  for (const auto& row : rows) {
    for (const ScoredItem& entry : row) {
      m.indices.push_back(entry.item);
      m.values.push_back(entry.score);
    }
    m.indptr.push_back(m.nnz());
  }
  return m;
}

Status CheckSimilarities(const CsrMatrix& m) {
  bool ok = m.rows >= 0 && m.rows == m.cols && m.indptr.size() == static_cast<size_t>(m.rows) + 1 &&
            m.indptr.front() == 0 && m.indptr.back() == m.nnz() && m.values.size() == m.indices.size();
  for (size_t row = 0; ok && row + 1 < m.indptr.size(); ++row) ok = m.indptr[row] <= m.indptr[row + 1];
  for (size_t p = 0; ok && p < m.indices.size(); ++p) ok = m.indices[p] >= 0 && m.indices[p] < m.cols;
  return ok ? Status::Ok() : InvalidArgument("item-knn model body is corrupt: bad neighbour table");
}

}  // namespace

Result<ItemKnnOptions> ItemKnnOptionsFromParams(const Params& params) {
  ItemKnnOptions options;
  ATTUNE_ASSIGN_OR_RETURN(options.neighbours, params.GetInt("neighbours", 200, 1, 100000));
  ATTUNE_ASSIGN_OR_RETURN(options.shrinkage, params.GetDouble("shrinkage", 10.0, 0.0, 1e9));
  ATTUNE_ASSIGN_OR_RETURN(options.exponent, params.GetDouble("exponent", 1.0, 0.01, 100.0));
  ATTUNE_ASSIGN_OR_RETURN(options.alpha, params.GetDouble("alpha", 0.5, 0.0, 1.0));
  return options;
}

Result<std::unique_ptr<Recommender>> NewItemKnn(const Params& params) {
  ATTUNE_ASSIGN_OR_RETURN(ItemKnnOptions options, ItemKnnOptionsFromParams(params));
  ATTUNE_RETURN_IF_ERROR(params.CheckAllUsed("item-knn"));
  return std::unique_ptr<Recommender>(std::make_unique<ItemKnn>(params, options));
}

Status ItemKnn::Fit(const TrainingData& data) {
  if (data.user_items == nullptr) return InvalidArgument("item-knn: no training matrix");
  const SimilarityBuilder builder(*data.user_items, options_);
  const int32_t items = data.user_items->cols;
  const int threads = data.threads > 0 ? data.threads : HardwareThreads();
  std::vector<RowScratch> scratch(static_cast<size_t>(threads));
  std::vector<std::vector<ScoredItem>> rows(static_cast<size_t>(items));
  ParallelFor(0, static_cast<size_t>(items), threads, [&](int thread_idx, size_t item) {
    if (data.cancel != nullptr && data.cancel->load()) return;
    builder.Row(static_cast<int32_t>(item), scratch[thread_idx], rows[item]);
  });
  if (data.cancel != nullptr && data.cancel->load()) return Cancelled("item-knn: fit cancelled");
  similar_ = ToCsr(items, rows);
  if (data.progress) data.progress(1.0, "similarities");
  return Status::Ok();
}

void ItemKnn::ScoreUsers(const CsrMatrix& history, std::span<const int32_t> users,
                         std::span<float> out) const {
  const size_t items = static_cast<size_t>(similar_.rows);
  std::fill(out.begin(), out.begin() + static_cast<ptrdiff_t>(users.size() * items), 0.0f);
  for (size_t row = 0; row < users.size(); ++row) {
    if (users[row] < 0 || users[row] >= history.rows) continue;
    float* scores = out.data() + row * items;
    const auto read = history.RowIndices(users[row]);
    const auto weights = history.RowValues(users[row]);
    for (size_t p = 0; p < read.size(); ++p) {
      if (read[p] >= similar_.rows) continue;  // an item newer than the model
      const auto neighbours = similar_.RowIndices(read[p]);
      const auto sims = similar_.RowValues(read[p]);
      for (size_t n = 0; n < neighbours.size(); ++n) scores[neighbours[n]] += weights[p] * sims[n];
    }
  }
}

Result<std::vector<ScoredItem>> ItemKnn::SimilarItems(int32_t item, int k) const {
  if (item < 0 || item >= similar_.rows) {
    return NotFound("item index " + std::to_string(item) + " is not in the model (0.." +
                    std::to_string(similar_.rows - 1) + ")");
  }
  std::vector<ScoredItem> top;
  SelectTopKOf(similar_.RowIndices(item), similar_.RowValues(item), k, top);
  return top;
}

void ItemKnn::SaveBody(ModelWriter& writer) const {
  writer.Put<int32_t>(similar_.rows);
  writer.PutVector(similar_.indptr);
  writer.PutVector(similar_.indices);
  writer.PutVector(similar_.values);
}

Status ItemKnn::LoadBody(ModelReader& reader) {
  CsrMatrix m;
  ATTUNE_RETURN_IF_ERROR(reader.Get(m.rows));
  m.cols = m.rows;
  ATTUNE_RETURN_IF_ERROR(reader.GetVector(m.indptr));
  ATTUNE_RETURN_IF_ERROR(reader.GetVector(m.indices));
  ATTUNE_RETURN_IF_ERROR(reader.GetVector(m.values));
  ATTUNE_RETURN_IF_ERROR(CheckSimilarities(m));
  similar_ = std::move(m);
  return Status::Ok();
}

}  // namespace attune
