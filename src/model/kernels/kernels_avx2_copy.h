// The AVX2 kernels of a row's solve that write or read its row copy (kernels.h: the first pass's
// `rows_out`, and apply_rows), in kernels_avx2_copy.cc. Internal to the AVX2 table
// (kernels_avx2.cc); same contracts as the KernelTable entries they implement. They handle rows
// of up to 256 factors (ld <= 256); the table sends wider ones to the portable kernels.
#pragma once

#include <cstddef>
#include <cstdint>

#include "model/kernels/kernels.h"

namespace attune::kernels::avx2 {

// Widest rows these kernels take, in floats.
constexpr size_t kMaxCopyLd = 256;

// KernelTable::apply_rows.
void ApplyRows(const float* rows, size_t ld, const float* cw, size_t n, const float* p, float* out);

// KernelTable::gather_residual_diag{,_half,_int8} with rows_out != null (scales: int8 only).
void GatherResidualDiagToCopy(const float* base, size_t ld, const int32_t* idx, const float* cw, size_t n,
                              const float* x, float* out, float* diag, float* rows_out, size_t prefetch_n);
void GatherResidualDiagToCopy(const Half* base, size_t ld, const int32_t* idx, const float* cw, size_t n,
                              const float* x, float* out, float* diag, float* rows_out, size_t prefetch_n);
void GatherResidualDiagToCopy(const int8_t* base, const float* scales, size_t ld, const int32_t* idx,
                              const float* cw, size_t n, const float* x, float* out, float* diag,
                              float* rows_out, size_t prefetch_n);

}  // namespace attune::kernels::avx2
