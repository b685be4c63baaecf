// Portable reference versions of the ALS kernels: plain loops the compiler may auto-vectorise.
#include "model/kernels/kernels.h"

namespace attune::kernels {
namespace {

float Dot(const float* a, const float* b, size_t n) {
  float sum = 0.0f;
  for (size_t j = 0; j < n; ++j) sum += a[j] * b[j];
  return sum;
}

void GatherApply(const float* base, size_t ld, const int32_t* idx, const float* cw, size_t n,
                 const float* p, float c_one, float c_dot, float* out) {
  for (size_t i = 0; i < n; ++i) {
    const float* y = base + static_cast<size_t>(idx[i]) * ld;
    const float coef = c_one * (1.0f + cw[i]) + c_dot * cw[i] * Dot(y, p, ld);
    for (size_t j = 0; j < ld; ++j) out[j] += coef * y[j];
  }
}

void Symv(const float* a, size_t ld, const float* p, float* out) {
  for (size_t row = 0; row < ld; ++row) out[row] = Dot(a + row * ld, p, ld);
}

float CgUpdate(float* x, float* r, float* p, const float* ap, float rs_old, size_t ld) {
  const float p_ap = Dot(p, ap, ld);
  if (!(p_ap > 0.0f)) return -1.0f;
  const float step = rs_old / p_ap;
  for (size_t j = 0; j < ld; ++j) x[j] += step * p[j];
  for (size_t j = 0; j < ld; ++j) r[j] -= step * ap[j];
  const float rs_new = Dot(r, r, ld);
  const float beta = rs_new / rs_old;
  for (size_t j = 0; j < ld; ++j) p[j] = r[j] + beta * p[j];
  return rs_new;
}

}  // namespace

const KernelTable& PortableKernels() {
  static const KernelTable table{&GatherApply, &Symv, &CgUpdate, &Dot};
  return table;
}

}  // namespace attune::kernels
