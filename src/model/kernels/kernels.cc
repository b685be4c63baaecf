#include "model/kernels/kernels.h"

namespace attune::kernels {

Isa BestIsa() {
  __builtin_cpu_init();
  // The AVX-512 table reuses some AVX2 kernels, so it needs what the AVX2 level needs too.
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("f16c") && __builtin_cpu_supports("fma")) {
    return Isa::kAvx512;
  }
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c")) {
    return Isa::kAvx2;
  }
  return Isa::kPortable;
}

const char* IsaName(Isa isa) {
  switch (isa) {
    case Isa::kAvx512: return "avx512";
    case Isa::kAvx2: return "avx2";
    case Isa::kPortable: return "portable";
  }
  return "unknown";
}

void PackColumnPanels(const float* q, size_t k, size_t ld, float* q_panels) {
  for (size_t col = 0; col < ld; col += kLanes) {
    float* panel = q_panels + col * ld;
    for (size_t row = 0; row < ld; ++row) {
      for (size_t j = 0; j < static_cast<size_t>(kLanes); ++j) {
        panel[row * kLanes + j] = row < k && col + j < k ? q[row * k + col + j] : 0.0f;
      }
    }
  }
}

const KernelTable& KernelsFor(Isa isa) {
  switch (isa) {
    case Isa::kAvx512: return Avx512Kernels();
    case Isa::kAvx2: return Avx2Kernels();
    case Isa::kPortable: break;
  }
  return PortableKernels();
}

const KernelTable& Kernels() {
  static const KernelTable& table = KernelsFor(BestIsa());
  return table;
}

}  // namespace attune::kernels
