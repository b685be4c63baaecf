#include "bench/als/textbook_als.h"

#include <cblas.h>

#include <algorithm>

#include "base/thread_pool.h"

namespace attune::bench {
namespace {

std::vector<float> Gram(const DenseFactors& y, float lambda) {
  const int k = y.factors;
  std::vector<float> yty(static_cast<size_t>(k) * k, 0.0f);
  cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, k, k, y.rows, 1.0f, y.data.data(), k,
              y.data.data(), k, 0.0f, yty.data(), k);
  for (int f = 0; f < k; ++f) yty[static_cast<size_t>(f) * k + f] += lambda;
  return yty;
}

// implicit's least_squares_cg inner loop for one row.
void SolveOne(const float* yty, const DenseFactors& y, std::span<const int32_t> items,
              std::span<const float> cw, int cg_steps, float* x, float* r, float* p, float* ap) {
  const int k = y.factors;
  cblas_ssymv(CblasRowMajor, CblasUpper, k, -1.0f, yty, k, x, 1, 0.0f, r, 1);
  for (size_t i = 0; i < items.size(); ++i) {
    const float* yi = y.Row(items[i]);
    const float confidence = 1.0f + cw[i];
    const float temp = confidence - (confidence - 1.0f) * cblas_sdot(k, yi, 1, x, 1);
    cblas_saxpy(k, temp, yi, 1, r, 1);
  }
  std::copy(r, r + k, p);
  float rs_old = cblas_sdot(k, r, 1, r, 1);
  if (rs_old < 1e-20f) return;
  for (int step = 0; step < cg_steps; ++step) {
    cblas_ssymv(CblasRowMajor, CblasUpper, k, 1.0f, yty, k, p, 1, 0.0f, ap, 1);
    for (size_t i = 0; i < items.size(); ++i) {
      const float* yi = y.Row(items[i]);
      cblas_saxpy(k, cw[i] * cblas_sdot(k, yi, 1, p, 1), yi, 1, ap, 1);
    }
    const float alpha = rs_old / cblas_sdot(k, p, 1, ap, 1);
    cblas_saxpy(k, alpha, p, 1, x, 1);
    cblas_saxpy(k, -alpha, ap, 1, r, 1);
    const float rs_new = cblas_sdot(k, r, 1, r, 1);
    if (rs_new < 1e-20f) break;
    for (int f = 0; f < k; ++f) p[f] = r[f] + rs_new / rs_old * p[f];
    rs_old = rs_new;
  }
}

}  // namespace

void TextbookSolveRows(const CsrMatrix& rows, std::span<const float> cw, const DenseFactors& other,
                       float lambda, int cg_steps, int threads, DenseFactors& solve) {
  const std::vector<float> yty = Gram(other, lambda);
  const size_t k = static_cast<size_t>(other.factors);
  std::vector<float> scratch(static_cast<size_t>(threads) * 3 * k);
  ParallelFor(0, static_cast<size_t>(rows.rows), threads, [&](int thread_idx, size_t i) {
    const int32_t row = static_cast<int32_t>(i);
    float* x = solve.Row(row);
    if (rows.RowSize(row) == 0) return std::fill(x, x + k, 0.0f);
    float* s = scratch.data() + static_cast<size_t>(thread_idx) * 3 * k;
    const size_t begin = static_cast<size_t>(rows.indptr[row]);
    SolveOne(yty.data(), other, rows.RowIndices(row), cw.subspan(begin, static_cast<size_t>(rows.RowSize(row))),
             cg_steps, x, s, s + k, s + 2 * k);
  }, 16);
}

}  // namespace attune::bench
