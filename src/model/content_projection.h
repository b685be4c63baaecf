// ContentProjection: maps a story's content features (core/item_content.h) into the factor space
// of a trained model, so that a story with no interactions yet (published a minute ago) gets a
// vector and can be recommended to the readers whose taste it matches.
//
// Learned from the stories that do have interactions: W (dims x factors) minimises
//   sum over trained items i of |F_i W - V_i|^2 + lambda |W|^2
// (ridge regression from features F to item factors V), solved by conjugate gradient on
// (F^T F + lambda I) W = F^T V with the sparse F: each step costs two sparse products, never a
// dims x dims matrix.
// Thread safety: immutable after Fit; Project may run concurrently.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "base/status.h"
#include "core/csr_matrix.h"
#include "model/model_io.h"

namespace attune {

class ContentProjection {
 public:
  // `factors(i)` points at item i's `factors` floats; `trained[i]` says whether item i had
  // interactions (only those are learned from).
  void Fit(const CsrMatrix& features, int32_t factors, const std::vector<uint8_t>& trained,
           const std::function<const float*(int32_t)>& item_factors, float lambda, int iterations);

  bool empty() const { return dims_ == 0; }
  int32_t dims() const { return dims_; }
  // out (factors floats) = features row `item` times W.
  void Project(const CsrMatrix& features, int32_t item, float* out) const;

  void Save(ModelWriter& writer) const;
  Status Load(ModelReader& reader, int32_t factors);

 private:
  int32_t dims_ = 0;
  int32_t factors_ = 0;
  std::vector<float> weights_;  // dims x factors, row-major
};

}  // namespace attune
