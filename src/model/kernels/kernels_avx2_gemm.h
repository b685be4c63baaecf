// The AVX2 product of a block of factor rows by a square matrix (KernelTable::rows_times_panels),
// in kernels_avx2_gemm.cc. Internal to the AVX2 table (kernels_avx2.cc).
#pragma once

#include <cstddef>

namespace attune::kernels::avx2 {

void RowsTimesPanels(const float* a, size_t n, size_t ld, const float* q_panels, float* c);

}  // namespace attune::kernels::avx2
