#include "model/content_projection.h"

#include <algorithm>
#include <functional>

namespace attune {
namespace {

// A dims x k (or items x k) dense block as one vector; the CG works on it as a whole.
using Block = std::vector<float>;

double Dot(const Block& a, const Block& b) {
  double sum = 0;
  for (size_t i = 0; i < a.size(); ++i) sum += double(a[i]) * b[i];
  return sum;
}

// out (m.rows x k) = m (sparse) * x (m.cols x k).
void Multiply(const CsrMatrix& m, const Block& x, int32_t k, Block& out) {
  out.assign(static_cast<size_t>(m.rows) * k, 0.0f);
  for (int32_t row = 0; row < m.rows; ++row) {
    float* dst = out.data() + static_cast<size_t>(row) * k;
    for (int64_t p = m.indptr[row]; p < m.indptr[row + 1]; ++p) {
      const float* src = x.data() + static_cast<size_t>(m.indices[p]) * k;
      const float w = m.values[p];
      for (int32_t c = 0; c < k; ++c) dst[c] += w * src[c];
    }
  }
}

}  // namespace

void ContentProjection::Fit(const CsrMatrix& features, int32_t factors,
                            const std::vector<uint8_t>& trained,
                            const std::function<const float*(int32_t)>& item_factors, float lambda,
                            int iterations) {
  dims_ = features.cols;
  factors_ = factors;
  // F restricted to trained items (other rows empty), and the targets V of those items.
  std::vector<Triplet> cells;
  Block targets(static_cast<size_t>(features.rows) * factors, 0.0f);
  for (int32_t item = 0; item < features.rows; ++item) {
    if (static_cast<size_t>(item) >= trained.size() || !trained[static_cast<size_t>(item)]) continue;
    for (int64_t p = features.indptr[item]; p < features.indptr[item + 1]; ++p) {
      cells.push_back({item, features.indices[p], features.values[p]});
    }
    std::copy_n(item_factors(item), factors, targets.data() + static_cast<size_t>(item) * factors);
  }
  const CsrMatrix f = CsrMatrix::FromTriplets(features.rows, features.cols, std::move(cells));
  const CsrMatrix ft = f.Transposed();
  auto apply = [&](const Block& x, Block& out) {  // out = (F^T F + lambda I) x
    Block via_items;
    Multiply(f, x, factors, via_items);
    Multiply(ft, via_items, factors, out);
    for (size_t i = 0; i < out.size(); ++i) out[i] += lambda * x[i];
  };
  weights_.assign(static_cast<size_t>(dims_) * factors, 0.0f);
  Block r;
  Multiply(ft, targets, factors, r);  // r = F^T V - A 0
  Block p = r, ap;
  double rs = Dot(r, r);
  for (int it = 0; it < iterations && rs > 1e-12; ++it) {
    apply(p, ap);
    const double step = rs / std::max(Dot(p, ap), 1e-30);
    for (size_t i = 0; i < weights_.size(); ++i) {
      weights_[i] += static_cast<float>(step * p[i]);
      r[i] -= static_cast<float>(step * ap[i]);
    }
    const double rs_new = Dot(r, r);
    for (size_t i = 0; i < p.size(); ++i) p[i] = static_cast<float>(r[i] + rs_new / rs * p[i]);
    rs = rs_new;
  }
}

void ContentProjection::Project(const CsrMatrix& features, int32_t item, float* out) const {
  std::fill(out, out + factors_, 0.0f);
  if (empty() || item < 0 || item >= features.rows) return;
  for (int64_t p = features.indptr[item]; p < features.indptr[item + 1]; ++p) {
    if (features.indices[p] >= dims_) continue;
    const float* w = weights_.data() + static_cast<size_t>(features.indices[p]) * factors_;
    for (int32_t c = 0; c < factors_; ++c) out[c] += features.values[p] * w[c];
  }
}

void ContentProjection::Save(ModelWriter& writer) const {
  writer.Put<int32_t>(dims_);
  writer.PutVector(weights_);
}

Status ContentProjection::Load(ModelReader& reader, int32_t factors) {
  ATTUNE_RETURN_IF_ERROR(reader.Get(dims_));
  ATTUNE_RETURN_IF_ERROR(reader.GetVector(weights_));
  factors_ = factors;
  if (dims_ < 0 || weights_.size() != static_cast<size_t>(dims_) * static_cast<size_t>(factors)) {
    return InvalidArgument("content projection: " + std::to_string(weights_.size()) +
                           " weights do not fit " + std::to_string(dims_) + " dims x " +
                           std::to_string(factors) + " factors; the model file is damaged");
  }
  return Status::Ok();
}

}  // namespace attune
