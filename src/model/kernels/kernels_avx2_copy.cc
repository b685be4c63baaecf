// AVX2 kernels around a row's copy (kernels_avx2_copy.h). Each works through the row's items in
// chunks of kChunkItems, in two passes per chunk:
//   1. the dot products y_i . p, four items at a time (gathering, converting and storing the rows
//      into the copy in the first pass of a solve);
//   2. the sums out += coef_i y_i (and the preconditioner's diag += w_i y_i^2), a few columns at a
//      time with the sums in registers for the whole chunk.
// Why not one pass per block of four items, as the gathering kernels do (kernels_avx2.cc): there,
// each block's sums wait on its dot products' reduction, and rows wider than 64 floats keep their
// sums in L1, loaded and stored once per block. Split in two, the dot products of one chunk have
// nothing to wait on, and the sums cost one FMA per register per item and nothing else.
// Measured on Zen 3 (hot rows, 48 items, best of many runs, TSC ticks per item): the int8 first
// pass 77 -> 64 at 128 factors and 37 -> 32 at 64; apply_rows 30 -> 27 and 17 -> 14. On the
// bench_als matrix, 5-8% less time per iteration (docs/benchmarks.md).
#include "model/kernels/kernels_avx2_copy.h"

#include <algorithm>
#include <array>
#include <type_traits>
#include <utility>

#pragma GCC push_options
#pragma GCC target("avx2,fma,f16c")
#include <immintrin.h>

#include "model/kernels/kernels_avx2_common.h"

namespace attune::kernels::avx2 {
namespace {

// Items per chunk: the chunk's rows (16 KiB at 128 factors) stay in L1 from the first pass to
// the second.
constexpr size_t kChunkItems = 32;

// The widest column chunk, of at most `most` registers, that divides a row of `nv` registers.
constexpr int ColumnChunk(int nv, int most) {
  for (int c = most; c > 1; --c) {
    if (nv % c == 0) return c;
  }
  return 1;
}

// dots[i] = y_i . p for the n <= kChunkItems rows of a chunk. kGather: y_i is row idx[i] of
// `base` (T values, scaled by scales[idx[i]] for int8), converted to floats and stored, scaled, at
// rows_out + i * ld, with rows fetched PrefetchDistance items ahead among the `prefetch_n` valid
// entries of idx. Otherwise y_i = base + i * ld (T = float).
template <int NV, typename T, bool kGather>
void ChunkDots(const T* base, size_t ld, const int32_t* idx, size_t n, const float* scales, const float* p,
               float* rows_out, float* dots, size_t prefetch_n) {
  constexpr bool kScaled = std::is_same_v<T, int8_t>;
  constexpr int kRowBytes = NV * 8 * static_cast<int>(sizeof(T));
  constexpr size_t kAhead = PrefetchDistance(kRowBytes);
  auto row = [&](size_t i) { return kGather ? base + static_cast<size_t>(idx[i]) * ld : base + i * ld; };
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    if constexpr (kGather) {
      for (size_t ahead = i + kAhead; ahead < i + kAhead + 4 && ahead < prefetch_n; ++ahead) {
        FetchRow<kRowBytes>(base, ld, idx[ahead], scales);
      }
    }
    const T* y[4] = {row(i), row(i + 1), row(i + 2), row(i + 3)};
    __m128 scale = _mm_set1_ps(1.0f);
    if constexpr (kScaled) scale = _mm_setr_ps(scales[idx[i]], scales[idx[i + 1]], scales[idx[i + 2]], scales[idx[i + 3]]);
    __m256 lane_scale[4];
    if constexpr (kScaled) {
      const __m256 s = _mm256_castps128_ps256(scale);
#pragma GCC unroll 4
      for (int k = 0; k < 4; ++k) lane_scale[k] = _mm256_permutevar8x32_ps(s, _mm256_set1_epi32(k));
    }
    // Even and odd registers in two chains per item: one chain would be NV dependent FMAs long.
    __m256 d[2][4];
#pragma GCC unroll 8
    for (int k = 0; k < 8; ++k) d[k / 4][k % 4] = _mm256_setzero_ps();
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) {
      const __m256 pv = _mm256_loadu_ps(p + 8 * v);
#pragma GCC unroll 4
      for (int k = 0; k < 4; ++k) {
        const __m256 yv = Load8(y[k] + 8 * v);
        if constexpr (kGather) {
          _mm256_storeu_ps(rows_out + (i + k) * ld + 8 * v, kScaled ? _mm256_mul_ps(yv, lane_scale[k]) : yv);
        }
        d[v % 2][k] = _mm256_fmadd_ps(yv, pv, d[v % 2][k]);
      }
    }
    __m128 sums = Reduce4(_mm256_add_ps(d[0][0], d[1][0]), _mm256_add_ps(d[0][1], d[1][1]),
                          _mm256_add_ps(d[0][2], d[1][2]), _mm256_add_ps(d[0][3], d[1][3]));
    if constexpr (kScaled) sums = _mm_mul_ps(sums, scale);
    _mm_storeu_ps(dots + i, sums);
  }
  for (; i < n; ++i) {
    if constexpr (kGather) {
      if (i + kAhead < prefetch_n) FetchRow<kRowBytes>(base, ld, idx[i + kAhead], scales);
    }
    const T* y = row(i);
    const float scale = kScaled ? scales[idx[i]] : 1.0f;
    __m256 d[2] = {_mm256_setzero_ps(), _mm256_setzero_ps()};
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) {
      const __m256 yv = Load8(y + 8 * v);
      if constexpr (kGather) _mm256_storeu_ps(rows_out + i * ld + 8 * v, kScaled ? _mm256_mul_ps(yv, _mm256_set1_ps(scale)) : yv);
      d[v % 2] = _mm256_fmadd_ps(yv, _mm256_loadu_ps(p + 8 * v), d[v % 2]);
    }
    dots[i] = HorizontalSum(_mm256_add_ps(d[0], d[1])) * scale;
  }
}

// out += sum_i coef[i] * y_i and, with kDiag, diag += sum_i w[i] * y_i^2 (elementwise), over the
// n contiguous float rows y_i = rows + i * ld. Column chunk by column chunk, each with its sums in
// registers across all n rows: eight independent chains of one FMA per item.
template <int NV, bool kDiag>
void ChunkSums(const float* rows, size_t ld, size_t n, const float* coef, const float* w, float* out, float* diag) {
  constexpr int kCols = kDiag ? ColumnChunk(NV, 4) : ColumnChunk(NV, 8);
  for (int c = 0; c < NV; c += kCols) {
    __m256 acc[kCols], dacc[kCols];
#pragma GCC unroll 8
    for (int v = 0; v < kCols; ++v) {
      acc[v] = _mm256_loadu_ps(out + 8 * (c + v));
      if constexpr (kDiag) dacc[v] = _mm256_loadu_ps(diag + 8 * (c + v));
    }
    const float* y = rows + 8 * c;
#pragma GCC unroll 2
    for (size_t i = 0; i < n; ++i, y += ld) {
      const __m256 ci = _mm256_broadcast_ss(coef + i);
      [[maybe_unused]] __m256 wi;
      if constexpr (kDiag) wi = _mm256_broadcast_ss(w + i);
#pragma GCC unroll 8
      for (int v = 0; v < kCols; ++v) {
        const __m256 yv = _mm256_loadu_ps(y + 8 * v);
        acc[v] = _mm256_fmadd_ps(ci, yv, acc[v]);
        if constexpr (kDiag) dacc[v] = _mm256_fmadd_ps(_mm256_mul_ps(wi, yv), yv, dacc[v]);
      }
    }
#pragma GCC unroll 8
    for (int v = 0; v < kCols; ++v) {
      _mm256_storeu_ps(out + 8 * (c + v), acc[v]);
      if constexpr (kDiag) _mm256_storeu_ps(diag + 8 * (c + v), dacc[v]);
    }
  }
}

template <int NV>
void ApplyRowsN(const float* rows, size_t ld, const float* cw, size_t n, const float* p, float* out) {
  alignas(32) float coef[kChunkItems];
  for (size_t start = 0; start < n; start += kChunkItems) {
    const size_t m = std::min(kChunkItems, n - start);
    const float* chunk = rows + start * ld;
    ChunkDots<NV, float, false>(chunk, ld, nullptr, m, nullptr, p, nullptr, coef, 0);
    for (size_t i = 0; i < m; ++i) coef[i] *= cw[start + i];
    ChunkSums<NV, false>(chunk, ld, m, coef, nullptr, out, nullptr);
  }
}

// The first pass: out += sum_i ((1 + cw_i) - cw_i * (y_i . x)) y_i, diag += sum_i cw_i y_i^2.
template <int NV, typename T>
void ResidualDiagToCopyN(const T* base, size_t ld, const int32_t* idx, const float* cw, size_t n, const float* x,
                         float* out, float* diag, float* rows_out, const float* scales, size_t prefetch_n) {
  alignas(32) float coef[kChunkItems];
  prefetch_n = std::max(prefetch_n, n);
  for (size_t start = 0; start < n; start += kChunkItems) {
    const size_t m = std::min(kChunkItems, n - start);
    float* chunk = rows_out + start * ld;
    ChunkDots<NV, T, true>(base, ld, idx + start, m, scales, x, chunk, coef, prefetch_n - start);
    const float* w = cw + start;
    for (size_t i = 0; i < m; ++i) coef[i] = (1.0f + w[i]) - w[i] * coef[i];
    ChunkSums<NV, true>(chunk, ld, m, coef, w, out, diag);
  }
}

constexpr size_t kMaxBlocks = kMaxCopyLd / kLanes;

// The instances for every width, indexed by ld / kLanes (entry 0 unused).
using ApplyRowsFn = void (*)(const float*, size_t, const float*, size_t, const float*, float*);
template <size_t... kBlock>
constexpr std::array<ApplyRowsFn, kMaxBlocks + 1> ApplyRowsTable(std::index_sequence<kBlock...>) {
  return {nullptr, &ApplyRowsN<2 * static_cast<int>(kBlock + 1)>...};
}
constexpr auto kApplyRows = ApplyRowsTable(std::make_index_sequence<kMaxBlocks>{});

template <typename T>
using ResidualFn = void (*)(const T*, size_t, const int32_t*, const float*, size_t, const float*, float*, float*,
                            float*, const float*, size_t);
template <typename T, size_t... kBlock>
constexpr std::array<ResidualFn<T>, kMaxBlocks + 1> ResidualTable(std::index_sequence<kBlock...>) {
  return {nullptr, &ResidualDiagToCopyN<2 * static_cast<int>(kBlock + 1), T>...};
}
template <typename T>
constexpr auto kResidual = ResidualTable<T>(std::make_index_sequence<kMaxBlocks>{});

}  // namespace

void ApplyRows(const float* rows, size_t ld, const float* cw, size_t n, const float* p, float* out) {
  kApplyRows[ld / kLanes](rows, ld, cw, n, p, out);
}

void GatherResidualDiagToCopy(const float* base, size_t ld, const int32_t* idx, const float* cw, size_t n,
                              const float* x, float* out, float* diag, float* rows_out, size_t prefetch_n) {
  kResidual<float>[ld / kLanes](base, ld, idx, cw, n, x, out, diag, rows_out, nullptr, prefetch_n);
}

void GatherResidualDiagToCopy(const Half* base, size_t ld, const int32_t* idx, const float* cw, size_t n,
                              const float* x, float* out, float* diag, float* rows_out, size_t prefetch_n) {
  kResidual<Half>[ld / kLanes](base, ld, idx, cw, n, x, out, diag, rows_out, nullptr, prefetch_n);
}

void GatherResidualDiagToCopy(const int8_t* base, const float* scales, size_t ld, const int32_t* idx,
                              const float* cw, size_t n, const float* x, float* out, float* diag,
                              float* rows_out, size_t prefetch_n) {
  kResidual<int8_t>[ld / kLanes](base, ld, idx, cw, n, x, out, diag, rows_out, scales, prefetch_n);
}

}  // namespace attune::kernels::avx2

#pragma GCC pop_options
