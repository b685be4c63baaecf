// Dense float32 kernels for implicit ALS (model/als_solver.cc), with runtime dispatch: AVX-512
// where the CPU has it, AVX2+FMA otherwise, and a portable fallback. All three compute the same
// sums (up to float rounding; tests/reference checks them against each other).
//
// Layout contract: factor rows are `ld` floats apart and `ld` is a multiple of kLanes (16); only
// the first `ld` floats of a row are read, so rows must be zero-padded from `factors` up to `ld`.
// Thread safety: pure functions of their arguments.
#pragma once

#include <cstddef>
#include <cstdint>

namespace attune::kernels {

constexpr int kLanes = 16;  // row padding unit: one AVX-512 register of floats

enum class Isa { kPortable, kAvx2, kAvx512 };

struct KernelTable {
  // out += sum_i coef_i * y_i with y_i = base + idx[i] * ld and
  //   coef_i = c_one * (1 + cw[i]) + c_dot * cw[i] * dot(y_i, p).
  // ALS uses it for the CG residual (c_one=1, c_dot=-1) and for the product A p (0, 1), where
  // cw[i] = confidence - 1. Reads `ld` floats of p, out and every y_i.
  void (*gather_apply)(const float* base, size_t ld, const int32_t* idx, const float* cw,
                       size_t n, const float* p, float c_one, float c_dot, float* out);
  // out = A p for a symmetric ld x ld row-major matrix A.
  void (*symv)(const float* a, size_t ld, const float* p, float* out);
  // One CG update after ap = A p: step = rs_old / p.ap; x += step p; r -= step ap;
  // rs_new = r.r; p = r + (rs_new / rs_old) p. Returns rs_new, or -1 (nothing changed) when
  // p.ap <= 0, i.e. p is numerically zero and CG has converged.
  float (*cg_update)(float* x, float* r, float* p, const float* ap, float rs_old, size_t ld);
  // a.b over ld floats.
  float (*dot)(const float* a, const float* b, size_t ld);
};

// The best ISA this CPU supports (cpuid via __builtin_cpu_supports).
Isa BestIsa();
const char* IsaName(Isa isa);
// The kernels for `isa`; the caller must make sure the CPU supports it (see BestIsa).
const KernelTable& KernelsFor(Isa isa);
// KernelsFor(BestIsa()), resolved once.
const KernelTable& Kernels();

// Per-ISA tables, defined in kernels_<isa>.cc.
const KernelTable& PortableKernels();
const KernelTable& Avx2Kernels();
const KernelTable& Avx512Kernels();

}  // namespace attune::kernels
