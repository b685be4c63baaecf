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

// IEEE 754 binary16 bits. Training can gather the fixed side's rows in this form (half the memory
// traffic of float32; 11 significant bits, which moves the solution by far less than CG's own
// truncation), or as int8 with a scale per row (the default; model/als_solver.h GatherCopy); all
// arithmetic stays float32.
using Half = uint16_t;

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
  // out = d * p elementwise (A p for a diagonal A).
  void (*diag_mul)(const float* d, const float* p, float* out, size_t ld);
  // out = 1 / d elementwise.
  void (*reciprocal)(const float* d, float* out, size_t ld);
  // One preconditioned CG update after ap = A p, with the preconditioner M^-1 = diag(inv_m):
  // step = rz_old / p.ap; x += step p; r -= step ap; rz_new = r.(inv_m r);
  // p = inv_m r + (rz_new / rz_old) p. Returns rz_new, or -1 (nothing changed) when p.ap <= 0.
  float (*pcg_update)(float* x, float* r, float* p, const float* ap, const float* inv_m,
                      float rz_old, size_t ld);
  // gather_apply over rows stored as Half (same layout: `ld` values apart, zero-padded).
  void (*gather_apply_half)(const Half* base, size_t ld, const int32_t* idx, const float* cw,
                            size_t n, const float* p, float c_one, float c_dot, float* out);
  // out[j] = in[j] rounded to the nearest Half, for n values.
  void (*to_half)(const float* in, Half* out, size_t n);
  // The first pass of a preconditioned solve: gather_apply(..., x, c_one = 1, c_dot = -1, out)
  // and, in the same pass, the data term of the Jacobi preconditioner:
  //   diag[j] += sum_i cw[i] * y_i[j]^2.
  // When `rows_out` is not null, it also receives the gathered rows as floats, contiguous
  // (y_i at rows_out + i * ld, n * ld floats), for apply_rows in the later passes.
  // `prefetch_n` (<= n: none) says idx holds that many valid indices, the ones past n being the
  // caller's next rows': the kernel starts fetching their rows too, so that short rows, which
  // are most rows, do not each wait on memory for their first items. Results depend on idx[0, n)
  // only.
  void (*gather_residual_diag)(const float* base, size_t ld, const int32_t* idx, const float* cw,
                               size_t n, const float* x, float* out, float* diag, float* rows_out,
                               size_t prefetch_n);
  void (*gather_residual_diag_half)(const Half* base, size_t ld, const int32_t* idx,
                                    const float* cw, size_t n, const float* x, float* out,
                                    float* diag, float* rows_out, size_t prefetch_n);
  // out += sum_i cw[i] * dot(y_i, p) * y_i over contiguous rows y_i = rows + i * ld: the product
  // A p of a CG step (gather_apply with c_one = 0, c_dot = 1) over the copy gather_residual_diag
  // wrote, with neither an index nor a conversion per row.
  void (*apply_rows)(const float* rows, size_t ld, const float* cw, size_t n, const float* p,
                     float* out);
  // gather_residual_diag and gather_apply over rows stored as int8 (ld bytes apart, zero-padded)
  // with a scale per row: row r is scales[r] * base[r * ld + j]. rows_out receives the rows
  // scaled, as floats.
  void (*gather_residual_diag_int8)(const int8_t* base, const float* scales, size_t ld,
                                    const int32_t* idx, const float* cw, size_t n, const float* x,
                                    float* out, float* diag, float* rows_out, size_t prefetch_n);
  void (*gather_apply_int8)(const int8_t* base, const float* scales, size_t ld, const int32_t* idx,
                            const float* cw, size_t n, const float* p, float c_one, float c_dot,
                            float* out);
  // Quantises `rows` rows of `ld` floats: scales[r] = max_j |in[r][j]| / 127 and
  // out[r][j] = round(in[r][j] / scales[r]) (0 for an all-zero row, whose scale is 0).
  void (*to_int8_rows)(const float* in, size_t rows, size_t ld, int8_t* out, float* scales);
  // c = a q for n rows of `ld` floats (a and c: row i at + i * ld; they must not overlap), with q
  // an ld x ld matrix in PackColumnPanels' layout.
  void (*rows_times_panels)(const float* a, size_t n, size_t ld, const float* q_panels, float* c);
};

// A k x k row-major matrix q (k <= ld) as rows_times_panels reads it: padded with zeros to
// ld x ld, in panels of 16 columns, each panel its ld rows of 16 floats (panel p: columns
// [16p, 16p + 16), at q_panels + 16p * ld). ld * ld floats.
void PackColumnPanels(const float* q, size_t k, size_t ld, float* q_panels);

// Half -> float, exactly (every Half is a float); for tests and scalar code.
float HalfToFloat(Half h);

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
