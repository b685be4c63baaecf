// c = a q over rows of `ld` floats, q in 16-column panels (kernels.h PackColumnPanels): the
// rotations of ALS training (model/als_solver.cc RotateRows), two per half-iteration over every
// factor row. A tile of six rows by one panel keeps its 6 x 16 sums in twelve registers while it
// walks q's rows: per step two loads of the panel, six broadcasts of a's values, twelve FMAs.
// Measured on Zen 3, two threads, 650,000 rows in blocks of 1,024: 120 GFLOP/s at 64 and 128
// factors where OpenBLAS's sgemm (Haswell kernels, one thread each) gave 77 and 92: the rows are
// too few per call, and k too small, for its packing to pay.
#include "model/kernels/kernels_avx2_gemm.h"

#pragma GCC push_options
#pragma GCC target("avx2,fma,f16c")
#include <immintrin.h>

namespace attune::kernels::avx2 {
namespace {

constexpr size_t kPanel = 16;  // columns per panel: two registers

// Rows [0, R) of a (ld apart) times all of q's panels, into the same rows of c.
template <int R>
void Tile(const float* a, size_t ld, const float* q_panels, float* c) {
  for (size_t col = 0; col < ld; col += kPanel) {
    const float* q = q_panels + col * ld;  // this panel: ld rows of kPanel floats
    __m256 acc[R][2];
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) acc[r][0] = acc[r][1] = _mm256_setzero_ps();
#pragma GCC unroll 4
    for (size_t k = 0; k < ld; ++k) {
      const __m256 q0 = _mm256_loadu_ps(q + k * kPanel), q1 = _mm256_loadu_ps(q + k * kPanel + 8);
#pragma GCC unroll 8
      for (int r = 0; r < R; ++r) {
        const __m256 av = _mm256_broadcast_ss(a + r * ld + k);
        acc[r][0] = _mm256_fmadd_ps(av, q0, acc[r][0]);
        acc[r][1] = _mm256_fmadd_ps(av, q1, acc[r][1]);
      }
    }
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) {
      _mm256_storeu_ps(c + r * ld + col, acc[r][0]);
      _mm256_storeu_ps(c + r * ld + col + 8, acc[r][1]);
    }
  }
}

}  // namespace

void RowsTimesPanels(const float* a, size_t n, size_t ld, const float* q_panels, float* c) {
  constexpr size_t kRows = 6;  // 12 sums + 2 panel values + 1 broadcast: 15 of 16 registers
  size_t i = 0;
  for (; i + kRows <= n; i += kRows) Tile<kRows>(a + i * ld, ld, q_panels, c + i * ld);
  a += i * ld;
  c += i * ld;
  switch (n - i) {
    case 5: return Tile<5>(a, ld, q_panels, c);
    case 4: return Tile<4>(a, ld, q_panels, c);
    case 3: return Tile<3>(a, ld, q_panels, c);
    case 2: return Tile<2>(a, ld, q_panels, c);
    case 1: return Tile<1>(a, ld, q_panels, c);
    default: return;
  }
}

}  // namespace attune::kernels::avx2

#pragma GCC pop_options
