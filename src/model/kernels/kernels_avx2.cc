// AVX2+FMA versions of the ALS kernels, for CPUs without AVX-512. The whole file is compiled for
// AVX2 (pragma below) and only called after BestIsa() saw avx2 and fma at runtime. It includes
// nothing but intrinsics so that no inline library function gets an AVX2 body that the linker
// could pick for other code.
#include "model/kernels/kernels.h"

#pragma GCC push_options
#pragma GCC target("avx2,fma")
#include <immintrin.h>

namespace attune::kernels {
namespace {

constexpr size_t kPrefetchDistance = 6;  // see kernels_avx512.cc

float HorizontalSum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

// NV = number of 8-float registers per row (2 per kLanes).
template <int NV>
void GatherApplyN(const float* base, size_t ld, const int32_t* idx, const float* cw, size_t n,
                  const float* p, float c_one, float c_dot, float* out) {
  __m256 pv[NV], acc[NV];
  for (int v = 0; v < NV; ++v) {
    pv[v] = _mm256_loadu_ps(p + 8 * v);
    acc[v] = _mm256_loadu_ps(out + 8 * v);
  }
  for (size_t i = 0; i < n; ++i) {
    if (i + kPrefetchDistance < n) {
      const float* ahead = base + static_cast<size_t>(idx[i + kPrefetchDistance]) * ld;
      for (int v = 0; v < NV; v += 2) _mm_prefetch(reinterpret_cast<const char*>(ahead + 8 * v), _MM_HINT_T0);
    }
    const float* y = base + static_cast<size_t>(idx[i]) * ld;
    __m256 yv[NV];
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    for (int v = 0; v < NV; ++v) {
      yv[v] = _mm256_loadu_ps(y + 8 * v);
      if (v % 2 == 0) s0 = _mm256_fmadd_ps(yv[v], pv[v], s0);
      else s1 = _mm256_fmadd_ps(yv[v], pv[v], s1);
    }
    const float dot = HorizontalSum(_mm256_add_ps(s0, s1));
    const __m256 coef = _mm256_set1_ps(c_one * (1.0f + cw[i]) + c_dot * cw[i] * dot);
    for (int v = 0; v < NV; ++v) acc[v] = _mm256_fmadd_ps(coef, yv[v], acc[v]);
  }
  for (int v = 0; v < NV; ++v) _mm256_storeu_ps(out + 8 * v, acc[v]);
}

template <int NV>
void SymvN(const float* a, size_t ld, const float* p, float* out) {
  __m256 acc0[NV], acc1[NV];
  for (int v = 0; v < NV; ++v) acc0[v] = acc1[v] = _mm256_setzero_ps();
  for (size_t j = 0; j < ld; j += 2) {
    const __m256 b0 = _mm256_set1_ps(p[j]), b1 = _mm256_set1_ps(p[j + 1]);
    const float* r0 = a + j * ld;
    const float* r1 = r0 + ld;
    for (int v = 0; v < NV; ++v) {
      acc0[v] = _mm256_fmadd_ps(b0, _mm256_loadu_ps(r0 + 8 * v), acc0[v]);
      acc1[v] = _mm256_fmadd_ps(b1, _mm256_loadu_ps(r1 + 8 * v), acc1[v]);
    }
  }
  for (int v = 0; v < NV; ++v) _mm256_storeu_ps(out + 8 * v, _mm256_add_ps(acc0[v], acc1[v]));
}

// Row-length loops in whole registers (ld is a multiple of 8).
float Dot(const float* a, const float* b, size_t ld) {
  __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
  size_t j = 0;
  for (; j + 16 <= ld; j += 16) {
    s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + j), _mm256_loadu_ps(b + j), s0);
    s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + j + 8), _mm256_loadu_ps(b + j + 8), s1);
  }
  for (; j < ld; j += 8) s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + j), _mm256_loadu_ps(b + j), s0);
  return HorizontalSum(_mm256_add_ps(s0, s1));
}

float CgUpdate(float* x, float* r, float* p, const float* ap, float rs_old, size_t ld) {
  const float p_ap = Dot(p, ap, ld);
  if (!(p_ap > 0.0f)) return -1.0f;
  const __m256 step = _mm256_set1_ps(rs_old / p_ap);
  __m256 rs = _mm256_setzero_ps();
  for (size_t j = 0; j < ld; j += 8) {
    _mm256_storeu_ps(x + j, _mm256_fmadd_ps(step, _mm256_loadu_ps(p + j), _mm256_loadu_ps(x + j)));
    const __m256 rj = _mm256_fnmadd_ps(step, _mm256_loadu_ps(ap + j), _mm256_loadu_ps(r + j));
    _mm256_storeu_ps(r + j, rj);
    rs = _mm256_fmadd_ps(rj, rj, rs);
  }
  const float rs_new = HorizontalSum(rs);
  const __m256 beta = _mm256_set1_ps(rs_new / rs_old);
  for (size_t j = 0; j < ld; j += 8) _mm256_storeu_ps(p + j, _mm256_fmadd_ps(beta, _mm256_loadu_ps(p + j), _mm256_loadu_ps(r + j)));
  return rs_new;
}

using GatherApplyFn = void (*)(const float*, size_t, const int32_t*, const float*, size_t,
                               const float*, float, float, float*);
using SymvFn = void (*)(const float*, size_t, const float*, float*);

constexpr int kMaxLanes = 16;  // kLanes-blocks: up to 256 factors; wider models use portable
const GatherApplyFn kGatherApply[kMaxLanes + 1] = {
    nullptr,           &GatherApplyN<2>,  &GatherApplyN<4>,  &GatherApplyN<6>,  &GatherApplyN<8>,
    &GatherApplyN<10>, &GatherApplyN<12>, &GatherApplyN<14>, &GatherApplyN<16>, &GatherApplyN<18>,
    &GatherApplyN<20>, &GatherApplyN<22>, &GatherApplyN<24>, &GatherApplyN<26>, &GatherApplyN<28>,
    &GatherApplyN<30>, &GatherApplyN<32>};
const SymvFn kSymv[kMaxLanes + 1] = {
    nullptr,    &SymvN<2>,  &SymvN<4>,  &SymvN<6>,  &SymvN<8>,  &SymvN<10>, &SymvN<12>,
    &SymvN<14>, &SymvN<16>, &SymvN<18>, &SymvN<20>, &SymvN<22>, &SymvN<24>, &SymvN<26>,
    &SymvN<28>, &SymvN<30>, &SymvN<32>};

void GatherApply(const float* base, size_t ld, const int32_t* idx, const float* cw, size_t n,
                 const float* p, float c_one, float c_dot, float* out) {
  const size_t blocks = ld / 16;
  if (blocks > kMaxLanes) return PortableKernels().gather_apply(base, ld, idx, cw, n, p, c_one, c_dot, out);
  kGatherApply[blocks](base, ld, idx, cw, n, p, c_one, c_dot, out);
}

void Symv(const float* a, size_t ld, const float* p, float* out) {
  const size_t blocks = ld / 16;
  if (blocks > kMaxLanes) return PortableKernels().symv(a, ld, p, out);
  kSymv[blocks](a, ld, p, out);
}

}  // namespace

const KernelTable& Avx2Kernels() {
  static const KernelTable table{&GatherApply, &Symv, &CgUpdate, &Dot};
  return table;
}

}  // namespace attune::kernels

#pragma GCC pop_options
