// AVX-512 versions of the ALS kernels. The whole file is compiled for AVX-512 (pragma below) and is
// only called after BestIsa() saw avx512f/vl/bw at runtime. It includes nothing but intrinsics so
// that no inline library function gets an AVX-512 body that the linker could pick for other code.
#include "model/kernels/kernels.h"

#pragma GCC push_options
#pragma GCC target("avx512f,avx512vl,avx512bw,avx2,fma")
// GCC 12's AVX-512 headers seed masked builtins with a self-initialised "undefined" vector, which
// -Wmaybe-uninitialized reports at every use (GCC bug 105593); the value is never read.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>

namespace attune::kernels {
namespace {

// Rows are fetched this many items ahead: the first pass over a user's items is a random gather
// from a table far larger than the caches, and this hides most of its latency.
constexpr size_t kPrefetchDistance = 6;

float HorizontalSum(__m512 v) {
  v = _mm512_add_ps(v, _mm512_shuffle_f32x4(v, v, 0x4e));  // 256-bit halves
  v = _mm512_add_ps(v, _mm512_shuffle_f32x4(v, v, 0xb1));  // 128-bit quarters
  __m128 s = _mm512_castps512_ps128(v);
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

template <int NV>
void GatherApplyN(const float* base, size_t ld, const int32_t* idx, const float* cw, size_t n,
                  const float* p, float c_one, float c_dot, float* out) {
  __m512 pv[NV], acc[NV];
  for (int v = 0; v < NV; ++v) {
    pv[v] = _mm512_loadu_ps(p + 16 * v);
    acc[v] = _mm512_loadu_ps(out + 16 * v);
  }
  for (size_t i = 0; i < n; ++i) {
    if (i + kPrefetchDistance < n) {
      const float* ahead = base + static_cast<size_t>(idx[i + kPrefetchDistance]) * ld;
      for (int v = 0; v < NV; ++v) _mm_prefetch(reinterpret_cast<const char*>(ahead + 16 * v), _MM_HINT_T0);
    }
    const float* y = base + static_cast<size_t>(idx[i]) * ld;
    __m512 yv[NV];
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
    for (int v = 0; v < NV; ++v) {
      yv[v] = _mm512_loadu_ps(y + 16 * v);
      if (v % 2 == 0) s0 = _mm512_fmadd_ps(yv[v], pv[v], s0);
      else s1 = _mm512_fmadd_ps(yv[v], pv[v], s1);
    }
    const float dot = HorizontalSum(_mm512_add_ps(s0, s1));
    const __m512 coef = _mm512_set1_ps(c_one * (1.0f + cw[i]) + c_dot * cw[i] * dot);
    for (int v = 0; v < NV; ++v) acc[v] = _mm512_fmadd_ps(coef, yv[v], acc[v]);
  }
  for (int v = 0; v < NV; ++v) _mm512_storeu_ps(out + 16 * v, acc[v]);
}

// A is symmetric, so A p = sum_j p[j] * row_j: broadcasts instead of horizontal sums. Two
// accumulator sets keep both FMA ports busy.
template <int NV>
void SymvN(const float* a, size_t ld, const float* p, float* out) {
  __m512 acc0[NV], acc1[NV];
  for (int v = 0; v < NV; ++v) acc0[v] = acc1[v] = _mm512_setzero_ps();
  for (size_t j = 0; j < ld; j += 2) {
    const __m512 b0 = _mm512_set1_ps(p[j]), b1 = _mm512_set1_ps(p[j + 1]);
    const float* r0 = a + j * ld;
    const float* r1 = r0 + ld;
    for (int v = 0; v < NV; ++v) {
      acc0[v] = _mm512_fmadd_ps(b0, _mm512_loadu_ps(r0 + 16 * v), acc0[v]);
      acc1[v] = _mm512_fmadd_ps(b1, _mm512_loadu_ps(r1 + 16 * v), acc1[v]);
    }
  }
  for (int v = 0; v < NV; ++v) _mm512_storeu_ps(out + 16 * v, _mm512_add_ps(acc0[v], acc1[v]));
}

// Row-length loops in whole registers (ld is a multiple of 16).
float Dot(const float* a, const float* b, size_t ld) {
  __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
  size_t j = 0;
  for (; j + 32 <= ld; j += 32) {
    s0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + j), _mm512_loadu_ps(b + j), s0);
    s1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + j + 16), _mm512_loadu_ps(b + j + 16), s1);
  }
  for (; j < ld; j += 16) s0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + j), _mm512_loadu_ps(b + j), s0);
  return HorizontalSum(_mm512_add_ps(s0, s1));
}

float CgUpdate(float* x, float* r, float* p, const float* ap, float rs_old, size_t ld) {
  const float p_ap = Dot(p, ap, ld);
  if (!(p_ap > 0.0f)) return -1.0f;
  const __m512 step = _mm512_set1_ps(rs_old / p_ap);
  __m512 rs = _mm512_setzero_ps();
  for (size_t j = 0; j < ld; j += 16) {
    _mm512_storeu_ps(x + j, _mm512_fmadd_ps(step, _mm512_loadu_ps(p + j), _mm512_loadu_ps(x + j)));
    const __m512 rj = _mm512_fnmadd_ps(step, _mm512_loadu_ps(ap + j), _mm512_loadu_ps(r + j));
    _mm512_storeu_ps(r + j, rj);
    rs = _mm512_fmadd_ps(rj, rj, rs);
  }
  const float rs_new = HorizontalSum(rs);
  const __m512 beta = _mm512_set1_ps(rs_new / rs_old);
  for (size_t j = 0; j < ld; j += 16) _mm512_storeu_ps(p + j, _mm512_fmadd_ps(beta, _mm512_loadu_ps(p + j), _mm512_loadu_ps(r + j)));
  return rs_new;
}

using GatherApplyFn = void (*)(const float*, size_t, const int32_t*, const float*, size_t,
                               const float*, float, float, float*);
using SymvFn = void (*)(const float*, size_t, const float*, float*);

constexpr int kMaxVectors = 16;  // up to 256 factors; wider models use the portable kernels
const GatherApplyFn kGatherApply[kMaxVectors + 1] = {
    nullptr,           &GatherApplyN<1>,  &GatherApplyN<2>,  &GatherApplyN<3>,  &GatherApplyN<4>,
    &GatherApplyN<5>,  &GatherApplyN<6>,  &GatherApplyN<7>,  &GatherApplyN<8>,  &GatherApplyN<9>,
    &GatherApplyN<10>, &GatherApplyN<11>, &GatherApplyN<12>, &GatherApplyN<13>, &GatherApplyN<14>,
    &GatherApplyN<15>, &GatherApplyN<16>};
const SymvFn kSymv[kMaxVectors + 1] = {
    nullptr,   &SymvN<1>,  &SymvN<2>,  &SymvN<3>,  &SymvN<4>,  &SymvN<5>,  &SymvN<6>,
    &SymvN<7>, &SymvN<8>,  &SymvN<9>,  &SymvN<10>, &SymvN<11>, &SymvN<12>, &SymvN<13>,
    &SymvN<14>, &SymvN<15>, &SymvN<16>};

void GatherApply(const float* base, size_t ld, const int32_t* idx, const float* cw, size_t n,
                 const float* p, float c_one, float c_dot, float* out) {
  const size_t nv = ld / 16;
  if (nv > kMaxVectors) return PortableKernels().gather_apply(base, ld, idx, cw, n, p, c_one, c_dot, out);
  kGatherApply[nv](base, ld, idx, cw, n, p, c_one, c_dot, out);
}

void Symv(const float* a, size_t ld, const float* p, float* out) {
  const size_t nv = ld / 16;
  if (nv > kMaxVectors) return PortableKernels().symv(a, ld, p, out);
  kSymv[nv](a, ld, p, out);
}

}  // namespace

const KernelTable& Avx512Kernels() {
  // The preconditioned solver's kernels (elementwise ones, the residual pass with the diagonal,
  // the Half and int8 gathers, the row copy's apply_rows, the int8 conversion, the rotation's
  // product) are the AVX2 ones: AVX-512 CPUs run them. AVX-512 versions of the row kernels (a
  // 128-factor row's sums in registers) were written and measured on Zen 4, which splits 512-bit
  // operations in two, and were no faster (docs/benchmarks.md, 2026-12-04); on full-width AVX-512
  // parts they might be.
  static const KernelTable table{&GatherApply, &Symv, &CgUpdate, &Dot, Avx2Kernels().diag_mul,
                                 Avx2Kernels().reciprocal, Avx2Kernels().pcg_update, Avx2Kernels().gather_apply_half,
                                 Avx2Kernels().to_half, Avx2Kernels().gather_residual_diag,
                                 Avx2Kernels().gather_residual_diag_half, Avx2Kernels().apply_rows,
                                 Avx2Kernels().gather_residual_diag_int8, Avx2Kernels().gather_apply_int8,
                                 Avx2Kernels().to_int8_rows, Avx2Kernels().rows_times_panels};
  return table;
}

}  // namespace attune::kernels

#pragma GCC pop_options
