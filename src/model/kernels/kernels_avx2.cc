// AVX2+FMA versions of the ALS kernels, for CPUs without AVX-512. The whole file is compiled for
// AVX2 (pragma below) and only called after BestIsa() saw avx2, fma and f16c at runtime. It includes
// nothing but intrinsics so that no inline library function gets an AVX2 body that the linker
// could pick for other code.
#include "model/kernels/kernels.h"

#include <type_traits>
#include <utility>

#include "model/kernels/kernels_avx2_copy.h"
#include "model/kernels/kernels_avx2_gemm.h"

#pragma GCC push_options
#pragma GCC target("avx2,fma,f16c")
#include <immintrin.h>

#include "model/kernels/kernels_avx2_common.h"

namespace attune::kernels {
namespace {

// Hides a pointer's value from the optimiser. The axpy phase reads a row again from L1 through
// it; otherwise GCC keeps the rows loaded by the dot phase live and spills them to the stack,
// since 4 rows of 64 floats do not fit in AVX2's 16 registers.
template <typename T>
const T* Opaque(const T* p) {
  asm("" : "+r"(p));
  return p;
}

// The four lanes of `coef`, each broadcast to a whole register.
struct Broadcast4 {
  __m256 lane[4];
  explicit Broadcast4(__m128 coef) {
    const __m256 c = _mm256_castps128_ps256(coef);
    lane[0] = _mm256_permutevar8x32_ps(c, _mm256_set1_epi32(0));
    lane[1] = _mm256_permutevar8x32_ps(c, _mm256_set1_epi32(1));
    lane[2] = _mm256_permutevar8x32_ps(c, _mm256_set1_epi32(2));
    lane[3] = _mm256_permutevar8x32_ps(c, _mm256_set1_epi32(3));
  }
};

// acc[0 .. 8*NV) = term(lane k of coef, row k, acc) folded over four rows, with acc read and
// written in L1 eight registers at a time (one load and one store per register and block).
template <int NV, typename T, typename Term>
__attribute__((always_inline)) inline void Accumulate4InL1(float* acc_mem, __m128 coef, const T* y0, const T* y1, const T* y2, const T* y3,
                     Term term) {
  const Broadcast4 c(coef);
  const T* rows[4] = {y0, y1, y2, y3};
  constexpr int kChunk = NV % 8 == 0 ? 8 : (NV % 4 == 0 ? 4 : 2);
  for (int chunk = 0; chunk < NV; chunk += kChunk) {
    __m256 acc[kChunk];
#pragma GCC unroll 8
    for (int v = 0; v < kChunk; ++v) acc[v] = _mm256_loadu_ps(acc_mem + 8 * (chunk + v));
#pragma GCC unroll 8
    for (int v = 0; v < kChunk; ++v) {
#pragma GCC unroll 4
      for (int k = 0; k < 4; ++k) acc[v] = term(c.lane[k], Load8(rows[k] + 8 * (chunk + v)), acc[v]);
    }
#pragma GCC unroll 8
    for (int v = 0; v < kChunk; ++v) _mm256_storeu_ps(acc_mem + 8 * (chunk + v), acc[v]);
  }
}

// The terms, as types (a function pointer would not be inlined).
struct MulAdd {
  __m256 operator()(__m256 c, __m256 y, __m256 acc) const { return _mm256_fmadd_ps(c, y, acc); }
};
struct SquareMulAdd {
  __m256 operator()(__m256 c, __m256 y, __m256 acc) const { return _mm256_fmadd_ps(_mm256_mul_ps(c, y), y, acc); }
};

// The running sum out += coef * y over a row of NV registers. Up to 64 floats (NV <= 8) it lives
// in registers for the whole pass (with the four dot accumulators that is 14 of AVX2's 16). Wider
// rows are read-modified-written in `out` (L1), eight registers at a time and once per block of
// four items, which costs less than spilling.
template <int NV, typename T, bool kInRegisters = (NV <= 8)>
struct RowSum {
  float* out;
  explicit RowSum(float* o) : out(o) {}
  __attribute__((always_inline)) void Add4(__m128 coef, const T* y0, const T* y1, const T* y2, const T* y3) {
    Accumulate4InL1<NV>(out, coef, y0, y1, y2, y3, MulAdd{});
  }
  void Add(__m256 coef, const T* y) {
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) {
      _mm256_storeu_ps(out + 8 * v, _mm256_fmadd_ps(coef, Load8(y + 8 * v), _mm256_loadu_ps(out + 8 * v)));
    }
  }
  void Finish() {}
};

template <int NV, typename T>
struct RowSum<NV, T, true> {
  float* out;
  __m256 acc[NV];
  explicit RowSum(float* o) : out(o) {
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) acc[v] = _mm256_loadu_ps(out + 8 * v);
  }
  void Add4(__m128 coef, const T* y0, const T* y1, const T* y2, const T* y3) {
    const Broadcast4 c(coef);
    Add(c.lane[0], y0);
    Add(c.lane[1], y1);
    Add(c.lane[2], y2);
    Add(c.lane[3], y3);
  }
  void Add(__m256 coef, const T* y) {
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) acc[v] = _mm256_fmadd_ps(coef, Load8(y + 8 * v), acc[v]);
  }
  void Finish() {
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) _mm256_storeu_ps(out + 8 * v, acc[v]);
  }
};

// diag += sum_k cw_k * y_k * y_k (elementwise) over blocks of four rows, read-modified-written in
// L1 eight registers at a time: the Jacobi preconditioner's data term, accumulated in the pass
// that fetches the rows anyway.
template <int NV, typename T>
struct DiagSum {
  float* diag;
  __attribute__((always_inline)) void Add4(__m128 w, const T* y0, const T* y1, const T* y2, const T* y3) {
    Accumulate4InL1<NV>(diag, w, y0, y1, y2, y3, SquareMulAdd{});
  }
  void Add(float w, const T* y) {
    const __m256 c = _mm256_set1_ps(w);
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) {
      const __m256 t = Load8(y + 8 * v);
      _mm256_storeu_ps(diag + 8 * v, _mm256_fmadd_ps(_mm256_mul_ps(c, t), t, _mm256_loadu_ps(diag + 8 * v)));
    }
  }
};

// NV = number of 8-float registers per row (2 per kLanes). Items go four at a time: four
// independent dot-product chains hide the FMA latency and share one reduction and one coefficient
// computation. kPrefetch: fetch rows PrefetchDistance items ahead (passes that gather from memory;
// not the passes over a row copy, which is in L2 or streams in order). kDiag: also
// accumulate the preconditioner's diagonal into `diag` (DiagSum). int8 rows (T = int8_t) are
// value / scales[idx[i]]: the dot products are scaled after the reduction, and the sums'
// coefficients by the scale (the diagonal's by its square). With kPrefetch,
// `prefetch_n` (>= n) is how many entries of idx are valid: the ones past n are the caller's next
// rows', fetched ahead so that a row of a few items finds its rows on the way. (The passes that
// write or read a row's copy are kernels_avx2_copy.cc's.)
template <int NV, bool kPrefetch, typename T, bool kDiag = false>
void GatherApplyN(const T* base, size_t ld, const int32_t* idx, const float* cw, size_t n,
                  const float* p, float c_one, float c_dot, float* out, float* diag = nullptr,
                  const float* scales = nullptr, size_t prefetch_n = 0) {
  constexpr bool kScaled = std::is_same_v<T, int8_t>;
  constexpr int kRowBytes = NV * 8 * static_cast<int>(sizeof(T));
  constexpr size_t kPrefetchDistance = PrefetchDistance(kRowBytes);
  if (prefetch_n < n) prefetch_n = n;
  auto row = [&](size_t i) { return base + static_cast<size_t>(idx[i]) * ld; };
  RowSum<NV, T> sum(out);
  DiagSum<NV, T> diag_sum{diag};
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    if constexpr (kPrefetch) {
      for (size_t ahead = i + kPrefetchDistance; ahead < i + kPrefetchDistance + 4 && ahead < prefetch_n; ++ahead) FetchRow<kRowBytes>(base, ld, idx[ahead], scales);
    }
    const T *y0 = row(i), *y1 = row(i + 1), *y2 = row(i + 2), *y3 = row(i + 3);
    __m128 scale = _mm_set1_ps(1.0f);
    if constexpr (kScaled) {
      scale = _mm_setr_ps(scales[idx[i]], scales[idx[i + 1]], scales[idx[i + 2]], scales[idx[i + 3]]);
    }
    // Two sets of four dot chains, for the even and the odd registers of the rows: one chain per
    // item would be NV dependent FMAs long, and its latency (4 cycles each), not the FMA
    // throughput, would bound the block.
    __m256 d[2][4];
#pragma GCC unroll 8
    for (int k = 0; k < 8; ++k) d[k / 4][k % 4] = _mm256_setzero_ps();
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) {
      __m256* acc = d[v % 2];
      const __m256 pv = _mm256_loadu_ps(p + 8 * v);
      const __m256 v0 = Load8(y0 + 8 * v), v1 = Load8(y1 + 8 * v), v2 = Load8(y2 + 8 * v), v3 = Load8(y3 + 8 * v);
      acc[0] = _mm256_fmadd_ps(v0, pv, acc[0]);
      acc[1] = _mm256_fmadd_ps(v1, pv, acc[1]);
      acc[2] = _mm256_fmadd_ps(v2, pv, acc[2]);
      acc[3] = _mm256_fmadd_ps(v3, pv, acc[3]);
    }
    // coef = c_one * (1 + cw) + c_dot * cw * dot, for the four items at once.
    __m128 w = _mm_loadu_ps(cw + i);
    __m128 dots = Reduce4(_mm256_add_ps(d[0][0], d[1][0]), _mm256_add_ps(d[0][1], d[1][1]),
                          _mm256_add_ps(d[0][2], d[1][2]), _mm256_add_ps(d[0][3], d[1][3]));
    if constexpr (kScaled) dots = _mm_mul_ps(dots, scale);
    __m128 coef = _mm_fmadd_ps(_mm_mul_ps(_mm_set1_ps(c_dot), w), dots,
                               _mm_mul_ps(_mm_set1_ps(c_one), _mm_add_ps(_mm_set1_ps(1.0f), w)));
    if constexpr (kScaled) {
      coef = _mm_mul_ps(coef, scale);
      w = _mm_mul_ps(w, _mm_mul_ps(scale, scale));
    }
    const T *s0 = Opaque(y0), *s1 = Opaque(y1), *s2 = Opaque(y2), *s3 = Opaque(y3);
    sum.Add4(coef, s0, s1, s2, s3);
    if constexpr (kDiag) diag_sum.Add4(w, s0, s1, s2, s3);
  }
  for (; i < n; ++i) {
    if constexpr (kPrefetch) {
      if (i + kPrefetchDistance < prefetch_n) FetchRow<kRowBytes>(base, ld, idx[i + kPrefetchDistance], scales);
    }
    const T* y = row(i);
    const float scale = kScaled ? scales[idx[i]] : 1.0f;
    __m256 d[2] = {_mm256_setzero_ps(), _mm256_setzero_ps()};  // even and odd registers, as above
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) {
      const __m256 yv = Load8(y + 8 * v);
      d[v % 2] = _mm256_fmadd_ps(yv, _mm256_loadu_ps(p + 8 * v), d[v % 2]);
    }
    const T* s = Opaque(y);
    const float coef = c_one * (1.0f + cw[i]) + c_dot * cw[i] * HorizontalSum(_mm256_add_ps(d[0], d[1])) * scale;
    const float unscale = kScaled ? scale : 1.0f;
    sum.Add(_mm256_set1_ps(coef * unscale), s);
    if constexpr (kDiag) diag_sum.Add(cw[i] * unscale * unscale, s);
  }
  sum.Finish();
}

// A is symmetric, so A p = sum_j p[j] * row_j: broadcasts instead of horizontal sums. Columns go
// in chunks of up to four registers with two accumulator sets (eight registers: no spills), which
// keeps both FMA pipes busy.
template <int NV>
void SymvN(const float* a, size_t ld, const float* p, float* out) {
  constexpr int kChunk = NV % 4 == 0 ? 4 : 2;  // NV is even
  static_assert(NV % kChunk == 0);
  for (int c = 0; c < NV; c += kChunk) {
    __m256 acc0[kChunk], acc1[kChunk];
#pragma GCC unroll 4
    for (int v = 0; v < kChunk; ++v) acc0[v] = acc1[v] = _mm256_setzero_ps();
    for (size_t j = 0; j < ld; j += 2) {
      const __m256 b0 = _mm256_broadcast_ss(p + j), b1 = _mm256_broadcast_ss(p + j + 1);
      const float* r0 = a + j * ld + 8 * c;
      const float* r1 = r0 + ld;
#pragma GCC unroll 4
      for (int v = 0; v < kChunk; ++v) {
        acc0[v] = _mm256_fmadd_ps(b0, _mm256_loadu_ps(r0 + 8 * v), acc0[v]);
        acc1[v] = _mm256_fmadd_ps(b1, _mm256_loadu_ps(r1 + 8 * v), acc1[v]);
      }
    }
#pragma GCC unroll 4
    for (int v = 0; v < kChunk; ++v) _mm256_storeu_ps(out + 8 * (c + v), _mm256_add_ps(acc0[v], acc1[v]));
  }
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

void DiagMul(const float* d, const float* p, float* out, size_t ld) {
  for (size_t j = 0; j < ld; j += 8) _mm256_storeu_ps(out + j, _mm256_mul_ps(_mm256_loadu_ps(d + j), _mm256_loadu_ps(p + j)));
}

void Reciprocal(const float* d, float* out, size_t ld) {
  const __m256 one = _mm256_set1_ps(1.0f);
  for (size_t j = 0; j < ld; j += 8) _mm256_storeu_ps(out + j, _mm256_div_ps(one, _mm256_loadu_ps(d + j)));
}

float PcgUpdate(float* x, float* r, float* p, const float* ap, const float* inv_m, float rz_old,
                size_t ld) {
  const float p_ap = Dot(p, ap, ld);
  if (!(p_ap > 0.0f)) return -1.0f;
  const __m256 step = _mm256_set1_ps(rz_old / p_ap);
  __m256 rz = _mm256_setzero_ps();
  for (size_t j = 0; j < ld; j += 8) {
    _mm256_storeu_ps(x + j, _mm256_fmadd_ps(step, _mm256_loadu_ps(p + j), _mm256_loadu_ps(x + j)));
    const __m256 rj = _mm256_fnmadd_ps(step, _mm256_loadu_ps(ap + j), _mm256_loadu_ps(r + j));
    _mm256_storeu_ps(r + j, rj);
    rz = _mm256_fmadd_ps(_mm256_mul_ps(rj, _mm256_loadu_ps(inv_m + j)), rj, rz);
  }
  const float rz_new = HorizontalSum(rz);
  const __m256 beta = _mm256_set1_ps(rz_new / rz_old);
  for (size_t j = 0; j < ld; j += 8) {
    const __m256 z = _mm256_mul_ps(_mm256_loadu_ps(inv_m + j), _mm256_loadu_ps(r + j));
    _mm256_storeu_ps(p + j, _mm256_fmadd_ps(beta, _mm256_loadu_ps(p + j), z));
  }
  return rz_new;
}

void ToHalf(const float* in, Half* out, size_t n) {
  size_t j = 0;
  for (; j + 8 <= n; j += 8) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + j), _mm256_cvtps_ph(_mm256_loadu_ps(in + j), _MM_FROUND_TO_NEAREST_INT));
  }
  for (; j < n; ++j) out[j] = static_cast<Half>(_cvtss_sh(in[j], _MM_FROUND_TO_NEAREST_INT));
}

template <typename T>
using GatherApplyFn = void (*)(const T*, size_t, const int32_t*, const float*, size_t, const float*,
                               float, float, float*, float*, const float*, size_t);
using SymvFn = void (*)(const float*, size_t, const float*, float*);

constexpr int kMaxLanes = 16;  // kLanes-blocks: up to 256 factors; wider models use portable
static_assert(avx2::kMaxCopyLd == kMaxLanes * kLanes);

// GatherApplyN's instances for every width, indexed by ld / 16 (entry 0 unused): one table per
// combination of the template's switches.
template <typename T>
struct GatherTable {
  GatherApplyFn<T> fn[kMaxLanes + 1];
};
template <bool kPrefetch, typename T, bool kDiag, size_t... kBlock>
constexpr GatherTable<T> MakeGatherTable(std::index_sequence<kBlock...>) {
  return {{nullptr, &GatherApplyN<2 * static_cast<int>(kBlock + 1), kPrefetch, T, kDiag>...}};
}
template <bool kPrefetch, typename T, bool kDiag = false>
constexpr GatherTable<T> kGatherTable = MakeGatherTable<kPrefetch, T, kDiag>(std::make_index_sequence<kMaxLanes>{});
// gather_apply with and without fetching ahead: the first pass over a row's items (c_one != 0)
// reads them from memory; the later ones of a fold-in (float rows, few items) find them in cache,
// where 512-byte rows would spend eight prefetch instructions per item for nothing.
// gather_apply_int8 always fetches ahead: training calls it only for rows too long for the row
// copy, whose rows are out of L2 again by the next pass.
template <typename T, bool kPrefetch>
constexpr const GatherApplyFn<T>* kGatherApply = kGatherTable<kPrefetch, T>.fn;
const SymvFn kSymv[kMaxLanes + 1] = {
    nullptr,    &SymvN<2>,  &SymvN<4>,  &SymvN<6>,  &SymvN<8>,  &SymvN<10>, &SymvN<12>,
    &SymvN<14>, &SymvN<16>, &SymvN<18>, &SymvN<20>, &SymvN<22>, &SymvN<24>, &SymvN<26>,
    &SymvN<28>, &SymvN<30>, &SymvN<32>};

// The first pass without a row copy (prefetch, diagonal); with one, kernels_avx2_copy.cc's.
template <typename T>
constexpr const GatherApplyFn<T>* kGatherResidual = kGatherTable<true, T, true>.fn;

template <typename T>
void GatherResidualDiagAny(const T* base, size_t ld, const int32_t* idx, const float* cw, size_t n,
                           const float* x, float* out, float* diag, float* rows_out, size_t prefetch_n) {
  const size_t blocks = ld / 16;
  if (blocks > kMaxLanes) {
    if constexpr (std::is_same_v<T, float>) {
      return PortableKernels().gather_residual_diag(base, ld, idx, cw, n, x, out, diag, rows_out, prefetch_n);
    } else {
      return PortableKernels().gather_residual_diag_half(base, ld, idx, cw, n, x, out, diag, rows_out, prefetch_n);
    }
  }
  if (rows_out != nullptr) return avx2::GatherResidualDiagToCopy(base, ld, idx, cw, n, x, out, diag, rows_out, prefetch_n);
  kGatherResidual<T>[blocks](base, ld, idx, cw, n, x, 1.0f, -1.0f, out, diag, nullptr, prefetch_n);
}

void GatherResidualDiag(const float* base, size_t ld, const int32_t* idx, const float* cw, size_t n,
                        const float* x, float* out, float* diag, float* rows_out, size_t prefetch_n) {
  GatherResidualDiagAny(base, ld, idx, cw, n, x, out, diag, rows_out, prefetch_n);
}

void GatherResidualDiagHalf(const Half* base, size_t ld, const int32_t* idx, const float* cw, size_t n,
                            const float* x, float* out, float* diag, float* rows_out, size_t prefetch_n) {
  GatherResidualDiagAny(base, ld, idx, cw, n, x, out, diag, rows_out, prefetch_n);
}

void GatherResidualDiagInt8(const int8_t* base, const float* scales, size_t ld, const int32_t* idx,
                            const float* cw, size_t n, const float* x, float* out, float* diag,
                            float* rows_out, size_t prefetch_n) {
  const size_t blocks = ld / 16;
  if (blocks > kMaxLanes) {
    return PortableKernels().gather_residual_diag_int8(base, scales, ld, idx, cw, n, x, out, diag, rows_out, prefetch_n);
  }
  if (rows_out != nullptr) return avx2::GatherResidualDiagToCopy(base, scales, ld, idx, cw, n, x, out, diag, rows_out, prefetch_n);
  kGatherResidual<int8_t>[blocks](base, ld, idx, cw, n, x, 1.0f, -1.0f, out, diag, scales, prefetch_n);
}

void GatherApplyInt8(const int8_t* base, const float* scales, size_t ld, const int32_t* idx, const float* cw,
                     size_t n, const float* p, float c_one, float c_dot, float* out) {
  const size_t blocks = ld / 16;
  if (blocks > kMaxLanes) return PortableKernels().gather_apply_int8(base, scales, ld, idx, cw, n, p, c_one, c_dot, out);
  kGatherApply<int8_t, true>[blocks](base, ld, idx, cw, n, p, c_one, c_dot, out, nullptr, scales, n);
}

// Rows of `ld` floats -> int8 (round(v / scale), scale = max |v| / 127 per row; an all-zero row
// gets scale 0 and zeros). ld is a multiple of 16.
void ToInt8Rows(const float* in, size_t rows, size_t ld, int8_t* out, float* scales) {
  const __m256 abs_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
  for (size_t r = 0; r < rows; ++r) {
    const float* v = in + r * ld;
    __m256 mx = _mm256_setzero_ps();
    for (size_t j = 0; j < ld; j += 8) mx = _mm256_max_ps(mx, _mm256_and_ps(abs_mask, _mm256_loadu_ps(v + j)));
    __m128 m4 = _mm_max_ps(_mm256_castps256_ps128(mx), _mm256_extractf128_ps(mx, 1));
    m4 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
    m4 = _mm_max_ss(m4, _mm_movehdup_ps(m4));
    const float max_abs = _mm_cvtss_f32(m4);
    scales[r] = max_abs / 127.0f;
    const __m256 inv = _mm256_set1_ps(max_abs > 0.0f ? 127.0f / max_abs : 0.0f);
    for (size_t j = 0; j < ld; j += 16) {
      // Round to nearest (the default mode), then pack 16 int32 -> 16 int8 with saturation; the
      // packs work within 128-bit lanes, hence the permute.
      const __m256i a = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(v + j), inv));
      const __m256i b = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(v + j + 8), inv));
      const __m256i words = _mm256_permute4x64_epi64(_mm256_packs_epi32(a, b), 0xd8);
      const __m128i bytes = _mm_packs_epi16(_mm256_castsi256_si128(words), _mm256_extracti128_si256(words, 1));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + r * ld + j), bytes);
    }
  }
}

// The cached passes over a row copy (kernels_avx2_copy.cc).
void ApplyRows(const float* rows, size_t ld, const float* cw, size_t n, const float* p, float* out) {
  if (ld > avx2::kMaxCopyLd) return PortableKernels().apply_rows(rows, ld, cw, n, p, out);
  avx2::ApplyRows(rows, ld, cw, n, p, out);
}

template <typename T>
void GatherApplyAny(const T* base, size_t ld, const int32_t* idx, const float* cw, size_t n,
                    const float* p, float c_one, float c_dot, float* out) {
  const size_t blocks = ld / 16;
  if (blocks > kMaxLanes) {
    if constexpr (std::is_same_v<T, float>) {
      return PortableKernels().gather_apply(base, ld, idx, cw, n, p, c_one, c_dot, out);
    } else {
      return PortableKernels().gather_apply_half(base, ld, idx, cw, n, p, c_one, c_dot, out);
    }
  }
  (c_one != 0.0f ? kGatherApply<T, true> : kGatherApply<T, false>)[blocks](base, ld, idx, cw, n, p, c_one, c_dot, out,
                                                                          nullptr, nullptr, n);
}

void GatherApply(const float* base, size_t ld, const int32_t* idx, const float* cw, size_t n,
                 const float* p, float c_one, float c_dot, float* out) {
  GatherApplyAny(base, ld, idx, cw, n, p, c_one, c_dot, out);
}

void GatherApplyHalf(const Half* base, size_t ld, const int32_t* idx, const float* cw, size_t n,
                     const float* p, float c_one, float c_dot, float* out) {
  GatherApplyAny(base, ld, idx, cw, n, p, c_one, c_dot, out);
}

void Symv(const float* a, size_t ld, const float* p, float* out) {
  const size_t blocks = ld / 16;
  if (blocks > kMaxLanes) return PortableKernels().symv(a, ld, p, out);
  kSymv[blocks](a, ld, p, out);
}

}  // namespace

const KernelTable& Avx2Kernels() {
  static const KernelTable table{&GatherApply,        &Symv,     &CgUpdate,           &Dot,
                                 &DiagMul,            &Reciprocal, &PcgUpdate, &GatherApplyHalf, &ToHalf,
                                 &GatherResidualDiag, &GatherResidualDiagHalf, &ApplyRows,
                                 &GatherResidualDiagInt8, &GatherApplyInt8, &ToInt8Rows, &avx2::RowsTimesPanels};
  return table;
}

}  // namespace attune::kernels

#pragma GCC pop_options
