// Helpers shared by the AVX2 kernel files (kernels_avx2.cc, kernels_avx2_copy.cc). Internal:
// include it only after `#pragma GCC target("avx2,fma,f16c")` and <immintrin.h>, from files that
// are compiled for AVX2 and called only after BestIsa() saw it. Everything here has internal
// linkage (an unnamed namespace), so that the linker can never pick one of these AVX2 bodies for
// code that runs on a CPU without AVX2.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "model/kernels/kernels.h"

namespace attune::kernels {
namespace {

// How many items ahead the passes that gather from memory fetch rows: far enough for the work in
// between to cover a miss to memory, so fewer items for wider rows, whose work per item grows
// with them. Measured on the bench/als matrix (Zen 3, AVX2, int8 rows): 32 and 16 items beat 8
// by 10-25% at 64 and 128 factors; 64 and 32 items were no better (docs/benchmarks.md).
constexpr size_t PrefetchDistance(int row_bytes) { return row_bytes <= 64 ? 32 : row_bytes <= 128 ? 16 : 8; }

inline float HorizontalSum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

// Four dot products y_k.p (k = 0..3) as one 128-bit vector: three horizontal adds reduce the
// four accumulators together instead of one shuffle chain each.
inline __m128 Reduce4(__m256 d0, __m256 d1, __m256 d2, __m256 d3) {
  const __m256 h = _mm256_hadd_ps(_mm256_hadd_ps(d0, d1), _mm256_hadd_ps(d2, d3));
  return _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
}

// Eight row values as floats: rows are float32, or IEEE half (Half) converted on load.
inline __m256 Load8(const float* y) { return _mm256_loadu_ps(y); }
inline __m256 Load8(const Half* y) { return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(y))); }
// int8 rows are loaded unscaled; the callers apply the row's scale.
inline __m256 Load8(const int8_t* y) {
  return _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(y))));
}

// Starts fetching row `item` (kRowBytes from base + item * ld) into L1, and its scale when there
// is one. (A function, not a lambda capturing by reference: GCC 12 drops prefetches made through
// such a lambda's captures.)
template <int kRowBytes, typename T>
__attribute__((always_inline)) inline void FetchRow(const T* base, size_t ld, int32_t item, const float* scales) {
  const char* y = reinterpret_cast<const char*>(base + static_cast<size_t>(item) * ld);
#pragma GCC unroll 16
  for (int line = 0; line < kRowBytes; line += 64) _mm_prefetch(y + line, _MM_HINT_T0);
  if constexpr (kRowBytes % 64 != 0) _mm_prefetch(y + kRowBytes - 1, _MM_HINT_T0);  // may straddle
  if constexpr (std::is_same_v<T, int8_t>) _mm_prefetch(reinterpret_cast<const char*>(scales + item), _MM_HINT_T0);
}

}  // namespace
}  // namespace attune::kernels
