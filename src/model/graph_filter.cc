#include "model/graph_filter.h"

#include <cmath>

#include "model/csr_io.h"
#include "model/linalg/randomized_svd.h"

namespace attune {
namespace {

// Sums each row and each column of `m` (the weighted degrees of users and items).
void Degrees(const CsrMatrix& m, std::vector<double>& rows, std::vector<double>& cols) {
  rows.assign(static_cast<size_t>(m.rows), 0.0);
  cols.assign(static_cast<size_t>(m.cols), 0.0);
  for (int32_t r = 0; r < m.rows; ++r) {
    for (int64_t p = m.indptr[r]; p < m.indptr[r + 1]; ++p) {
      rows[static_cast<size_t>(r)] += m.values[p];
      cols[static_cast<size_t>(m.indices[p])] += m.values[p];
    }
  }
}

double InverseSqrt(double degree) { return degree > 0 ? 1.0 / std::sqrt(degree) : 0.0; }
double InversePower(double degree, double power) { return degree > 0 ? std::pow(degree, -power) : 0.0; }

// R~ = D_U^-user_power R D_I^-1/2.
CsrMatrix Normalize(const CsrMatrix& m, double user_power, std::vector<float>& item_scale) {
  std::vector<double> user_degree, item_degree;
  Degrees(m, user_degree, item_degree);
  CsrMatrix out = m;
  for (int32_t r = 0; r < m.rows; ++r) {
    for (int64_t p = m.indptr[r]; p < m.indptr[r + 1]; ++p) {
      out.values[p] = static_cast<float>(m.values[p] * InversePower(user_degree[r], user_power) *
                                         InverseSqrt(item_degree[m.indices[p]]));
    }
  }
  item_scale.resize(item_degree.size());
  for (size_t i = 0; i < item_degree.size(); ++i) {
    item_scale[i] = static_cast<float>(std::sqrt(std::max(0.0, item_degree[i])));
  }
  return out;
}

// (d_i + 1)^power per item from the stored d_i^1/2; empty when power is 0 (nothing to scale).
std::vector<float> DegreePowers(const std::vector<float>& item_scale, double power) {
  std::vector<float> out;
  if (power == 0) return out;
  out.resize(item_scale.size());
  for (size_t i = 0; i < item_scale.size(); ++i) {
    const double degree = double{item_scale[i]} * item_scale[i];
    out[i] = static_cast<float>(std::pow(degree + 1.0, power));
  }
  return out;
}

// The largest eigenvalue of P = m^T m, by power iteration from the all-ones vector (m is
// non-negative, so that start overlaps the Perron vector and the iteration is deterministic).
double SpectralRadius(const CsrMatrix& m, const CsrMatrix& m_t) {
  std::vector<double> v(static_cast<size_t>(m.cols), 1.0), via_rows(static_cast<size_t>(m.rows)), w;
  double lambda = 0;
  for (int iteration = 0; iteration < 60; ++iteration) {
    for (int32_t r = 0; r < m.rows; ++r) {
      double sum = 0;
      for (int64_t p = m.indptr[r]; p < m.indptr[r + 1]; ++p) sum += m.values[p] * v[static_cast<size_t>(m.indices[p])];
      via_rows[static_cast<size_t>(r)] = sum;
    }
    w.assign(v.size(), 0.0);
    for (int32_t c = 0; c < m_t.rows; ++c) {
      double sum = 0;
      for (int64_t p = m_t.indptr[c]; p < m_t.indptr[c + 1]; ++p) sum += m_t.values[p] * via_rows[static_cast<size_t>(m_t.indices[p])];
      w[static_cast<size_t>(c)] = sum;
    }
    double norm_v = 0, norm_w = 0;
    for (size_t i = 0; i < v.size(); ++i) norm_v += v[i] * v[i], norm_w += w[i] * w[i];
    if (norm_w == 0 || norm_v == 0) return 0;
    lambda = std::sqrt(norm_w / norm_v);
    for (size_t i = 0; i < v.size(); ++i) v[i] = w[i] / std::sqrt(norm_w);
  }
  return lambda;
}

}  // namespace

Result<std::unique_ptr<Recommender>> NewGraphFilter(const Params& params) {
  GraphFilterOptions o;
  ATTUNE_ASSIGN_OR_RETURN(o.rank, params.GetInt("rank", o.rank, 0, 4096));
  ATTUNE_ASSIGN_OR_RETURN(o.alpha, params.GetDouble("alpha", o.alpha, 0.0, 100.0));
  ATTUNE_ASSIGN_OR_RETURN(o.sharpen, params.GetDouble("sharpen", o.sharpen, 0.0, 10.0));
  ATTUNE_ASSIGN_OR_RETURN(o.sharpen_order, params.GetInt("sharpen_order", o.sharpen_order, 1, 4));
  ATTUNE_ASSIGN_OR_RETURN(o.degree_power, params.GetDouble("degree_power", o.degree_power, -2.0, 2.0));
  ATTUNE_ASSIGN_OR_RETURN(o.history_power,
                          params.GetDouble("history_power", o.history_power, -2.0, 2.0));
  ATTUNE_ASSIGN_OR_RETURN(o.user_power, params.GetDouble("user_power", o.user_power, 0.0, 2.0));
  ATTUNE_ASSIGN_OR_RETURN(o.power_iterations,
                          params.GetInt("power_iterations", o.power_iterations, 0, 20));
  ATTUNE_ASSIGN_OR_RETURN(o.oversample, params.GetInt("oversample", o.oversample, 0, 1024));
  ATTUNE_ASSIGN_OR_RETURN(o.seed, params.GetInt("seed", o.seed, 0, 1 << 30));
  ATTUNE_RETURN_IF_ERROR(params.CheckAllUsed("graph-filter"));
  return std::unique_ptr<Recommender>(std::make_unique<GraphFilter>(params, o));
}

Status GraphFilter::Fit(const TrainingData& data) {
  if (data.user_items == nullptr) return InvalidArgument("graph-filter: no training matrix");
  if (data.cancel != nullptr && data.cancel->load()) return Cancelled("graph-filter: cancelled");
  normalized_ = Normalize(*data.user_items, options_.user_power, item_scale_);
  vectors_ = linalg::DenseF(normalized_.cols, 0);
  if (options_.rank > 0 && normalized_.nnz() > 0) {
    linalg::RandomizedSvdOptions svd_options;
    svd_options.rank = options_.rank;
    svd_options.oversample = options_.oversample;
    svd_options.power_iterations = options_.power_iterations;
    svd_options.seed = static_cast<uint64_t>(options_.seed);
    svd_options.threads = data.threads;
    svd_options.cancel = data.cancel;
    ATTUNE_ASSIGN_OR_RETURN(linalg::TruncatedSvd svd, RandomizedSvd(normalized_, svd_options));
    const linalg::DenseD& v = svd.right_vectors;
    vectors_ = linalg::DenseF(v.rows, v.cols);
    for (size_t i = 0; i < v.data.size(); ++i) vectors_.data[i] = static_cast<float>(v.data[i]);
  }
  Prepare();
  if (data.progress) data.progress(1.0, "filter ready");
  return Status::Ok();
}

void GraphFilter::Prepare() {
  normalized_t_ = normalized_.Transposed();
  spectral_radius_ = SpectralRadius(normalized_, normalized_t_);
  if (!(spectral_radius_ > 0)) spectral_radius_ = 1;  // empty graph: P = 0, nothing to scale
  const int64_t items = vectors_.rows;
  const int64_t rank = vectors_.cols;
  left_ = linalg::DenseF(items, rank);
  right_ = linalg::DenseF(rank, items);
  for (int64_t i = 0; i < items; ++i) {
    const float scale = item_scale_[static_cast<size_t>(i)];
    const float inverse = scale > 0 ? 1.0f / scale : 0.0f;
    for (int64_t j = 0; j < rank; ++j) {
      left_.At(i, j) = vectors_.At(i, j) * inverse;
      right_.At(j, i) = vectors_.At(i, j) * scale;
    }
  }
  degree_factor_ = DegreePowers(item_scale_, options_.degree_power);
  history_factor_ = DegreePowers(item_scale_, options_.history_power);
}

void GraphFilter::ScoreUsers(const CsrMatrix& history, std::span<const int32_t> users,
                             std::span<float> out) const {
  std::fill(out.begin(), out.begin() + static_cast<ptrdiff_t>(users.size() * num_items()), 0.0f);
  AddLinearFilter(history, users, out);
  if (options_.alpha > 0 && right_.rows > 0) AddLowPass(history, users, out);
  if (options_.sharpen > 0) Sharpen(static_cast<int64_t>(users.size()), out);
  if (!degree_factor_.empty()) {
    const size_t items = degree_factor_.size();
    for (size_t u = 0; u < users.size(); ++u) {
      float* row = out.data() + u * items;
      for (size_t i = 0; i < items; ++i) row[i] *= degree_factor_[i];
    }
  }
}

Result<std::vector<ScoredItem>> GraphFilter::SimilarItems(int32_t item, int k) const {
  if (item < 0 || item >= num_items()) {
    return InvalidArgument("graph-filter: item index " + std::to_string(item) + " out of range");
  }
  // The filter's response to a history of just `item`.
  CsrMatrix one = CsrMatrix::FromTriplets(1, num_items(), {{0, item, 1.0f}});
  std::vector<float> scores(static_cast<size_t>(num_items()));
  const int32_t users[] = {0};
  ScoreUsers(one, users, scores);
  scores[static_cast<size_t>(item)] = kExcludedScore;
  std::vector<ScoredItem> top;
  SelectTopK(scores, k, top);
  return top;
}

void GraphFilter::SaveBody(ModelWriter& writer) const {
  PutCsr(writer, normalized_);
  writer.PutVector(item_scale_);
  writer.Put<int64_t>(vectors_.cols);
  writer.PutVector(vectors_.data);
}

Status GraphFilter::LoadBody(ModelReader& reader) {
  CsrMatrix m;
  int64_t rank = 0;
  ATTUNE_RETURN_IF_ERROR(GetCsr(reader, "graph-filter", m));
  ATTUNE_RETURN_IF_ERROR(reader.GetVector(item_scale_));
  ATTUNE_RETURN_IF_ERROR(reader.Get(rank));
  ATTUNE_RETURN_IF_ERROR(reader.GetVector(vectors_.data));
  const bool consistent =
      item_scale_.size() == static_cast<size_t>(m.cols) && rank >= 0 &&
      vectors_.data.size() == static_cast<size_t>(m.cols) * static_cast<size_t>(rank);
  if (!consistent) return InvalidArgument("graph-filter: model body has inconsistent sizes");
  normalized_ = std::move(m);
  vectors_.rows = normalized_.cols;
  vectors_.cols = rank;
  Prepare();
  return Status::Ok();
}

}  // namespace attune
