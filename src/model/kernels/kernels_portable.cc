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

}  // namespace

const KernelTable& PortableKernels() {
  static const KernelTable table{&GatherApply, &Symv};
  return table;
}

}  // namespace attune::kernels
