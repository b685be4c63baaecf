#include "model/als_solver.h"

#include <cblas.h>

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>

#include "base/thread_pool.h"
#include "model/kernels/kernels.h"
#include "model/linalg/dense.h"

namespace attune {
namespace {

float Dot(const float* a, const float* b, size_t n) {
  float sum = 0.0f;
  for (size_t j = 0; j < n; ++j) sum += a[j] * b[j];
  return sum;
}

// Upper triangle of a Gram matrix (in double) over the first `factors` columns of `m`.
std::vector<double> GramDouble(const FactorMatrix& m) {
  const size_t k = static_cast<size_t>(m.factors);
  std::vector<double> gram(k * k, 0.0);
  for (int32_t row = 0; row < m.rows; ++row) {
    const float* v = m.Row(row);
    for (size_t a = 0; a < k; ++a) {
      for (size_t b = a; b < k; ++b) gram[a * k + b] += double(v[a]) * v[b];
    }
  }
  return gram;
}

double SquaredNorm(const FactorMatrix& m) {
  double sum = 0.0;
  for (float v : m.data) sum += double(v) * v;
  return sum;
}

}  // namespace

size_t PaddedFactors(int32_t factors) {
  const size_t lanes = kernels::kLanes;
  return (static_cast<size_t>(factors) + lanes - 1) / lanes * lanes;
}

FactorMatrix FactorMatrix::Zeros(int32_t rows, int32_t factors, int32_t capacity_rows) {
  FactorMatrix m;
  m.rows = rows;
  m.factors = factors;
  m.ld = PaddedFactors(factors);
  m.data.reserve(static_cast<size_t>(std::max(rows, capacity_rows)) * m.ld);
  m.data.assign(static_cast<size_t>(rows) * m.ld, 0.0f);
  return m;
}

namespace {

// Calls body(block, first, count) for the consecutive blocks of `block_rows` rows that cover
// [0, rows), the blocks handed out one at a time to `threads` threads (<= 0: all).
void ForRowBlocks(int32_t rows, int32_t block_rows, int threads,
                  const std::function<void(size_t block, int32_t first, int32_t count)>& body) {
  const size_t blocks = (static_cast<size_t>(std::max(rows, 0)) + static_cast<size_t>(block_rows) - 1) /
                        static_cast<size_t>(block_rows);
  ParallelFor(0, blocks, threads <= 0 ? HardwareThreads() : threads, [&](int, size_t block) {
    const int32_t first = static_cast<int32_t>(block) * block_rows;
    body(block, first, std::min(block_rows, rows - first));
  }, /*chunk=*/1);
}

}  // namespace

void RandomizeFactors(FactorMatrix& m, float stddev, uint64_t seed, int threads) {
  // Rows in blocks, each drawn from its own generator seeded by (seed, block): the same values
  // whatever the thread count, and the blocks fill in parallel. (One generator for the whole
  // matrix took about 2.1 s of a fit's setup for 650,000 rows of 128 factors; two threads, 1.2 s.)
  ForRowBlocks(m.rows, /*block_rows=*/4096, threads, [&](size_t block, int32_t first, int32_t count) {
    // seed_seq keeps 32 bits of each value: the seed goes in as two halves.
    std::seed_seq block_seed{seed & 0xffffffffu, seed >> 32, static_cast<uint64_t>(block)};
    std::mt19937_64 rng(block_seed);
    std::normal_distribution<float> normal(0.0f, stddev);
    for (int32_t row = first; row < first + count; ++row) {
      float* v = m.Row(row);
      for (int32_t f = 0; f < m.factors; ++f) v[f] = normal(rng);
    }
  });
}

std::vector<float> RegularizedGram(const FactorMatrix& y, float lambda, int threads) {
  if (threads <= 0) threads = HardwareThreads();
  const int ld = static_cast<int>(y.ld);
  const size_t size = y.ld * y.ld;
  // One ssyrk per part of the rows, each on one BLAS thread, the parts on our threads, then the
  // partial sums added: OpenBLAS's own threading of one tall, narrow ssyrk uses the cores poorly.
  // The parts do not depend on `threads`, so neither does the sum (training is deterministic
  // whatever the thread count).
  constexpr int32_t kGramParts = 8;
  const int32_t parts = y.rows < 4096 ? 1 : kGramParts;
  std::vector<float> partial(size * static_cast<size_t>(parts), 0.0f);
  {
    linalg::ScopedBlasThreads one_each(1);
    ParallelFor(0, static_cast<size_t>(parts), std::min<int>(threads, parts), [&](int, size_t part) {
      const int32_t first = static_cast<int32_t>(int64_t{y.rows} * int64_t(part) / parts);
      const int32_t last = static_cast<int32_t>(int64_t{y.rows} * int64_t(part + 1) / parts);
      if (last > first) {
        cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, ld, last - first, 1.0f, y.Row(first), ld, 0.0f,
                    partial.data() + size * part, ld);
      }
    }, /*chunk=*/1);
  }
  std::vector<float> gram(partial.begin(), partial.begin() + static_cast<ptrdiff_t>(size));
  for (int32_t part = 1; part < parts; ++part) {
    for (size_t j = 0; j < size; ++j) gram[j] += partial[size * static_cast<size_t>(part) + j];
  }
  for (size_t a = 0; a < y.ld; ++a) {
    for (size_t b = 0; b < a; ++b) gram[a * y.ld + b] = gram[b * y.ld + a];
    gram[a * y.ld + a] += lambda;
  }
  return gram;
}

std::vector<float> ConfidenceWeights(std::span<const float> values, float alpha, bool log_scale) {
  std::vector<float> cw(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    cw[i] = alpha * (log_scale ? std::log1p(values[i]) : values[i]);
  }
  return cw;
}

namespace {

// The per-thread copy of a row's gathered rows (SolveRowDiagonal) holds at most this many rows
// (256 KiB of floats at 64 factors, 512 KiB at 128): a copy much longer than L2 costs more in the
// later passes than gathering the (int8 or Half) rows again. Measured in-process on the bench_als
// matrix with the rows prefetched across row ends (docs/benchmarks.md): at 64 factors 256 KiB
// beat 1 MiB by 10-20%; at 128 factors 512 KiB and 1 MiB beat 256 KiB by about 10%, and 4 MiB or
// no cap were slower again. Longer rows gather in every pass.
constexpr size_t kMaxRowCopyRows = 1024;

// m <- m Q into `spare`, whose buffer then becomes m's (swapped, not copied); `q_panels` is Q
// padded to ld x ld in kernels::PackColumnPanels' layout, so padding stays zero. `copy`, when
// given, receives the result in its form too (GatherCopy::From), block by block while in cache.
void RotateRows(FactorMatrix& m, const std::vector<float>& q_panels, HugePageVector<float>& spare, int threads,
                GatherCopy* copy) {
  spare.resize(m.data.size());
  if (copy != nullptr) copy->Resize(m);
  const kernels::KernelTable& k = kernels::Kernels();
  // In blocks of rows whose output fits in L2, handed out to `threads` threads. (Our kernel, not
  // BLAS: sgemm on such blocks, one thread each, ran at 65-75% of its speed, kernels_avx2_gemm.cc.)
  ForRowBlocks(m.rows, /*block_rows=*/1024, threads, [&](size_t, int32_t first, int32_t rows) {
    const size_t offset = static_cast<size_t>(first) * m.ld;
    k.rows_times_panels(m.data.data() + offset, static_cast<size_t>(rows), m.ld, q_panels.data(),
                        spare.data() + offset);
    if (copy != nullptr) copy->FromRows(spare.data() + offset, m.ld, first, rows);
  });
  m.data.swap(spare);
}

// Preconditioned CG on the diagonal form (CgProblem): the same passes over the row's items as the
// dense form, with elementwise products instead of the Gram matrix products. `prefetch_n`: how
// many indices from items.data() on are valid (this row's, then the next rows'), for the first
// pass to fetch ahead (kernels.h).
void SolveRowDiagonal(const CgProblem& problem, std::span<const int32_t> items, std::span<const float> cw,
                      int steps, CgScratch& scratch, float* x, size_t prefetch_n) {
  const kernels::KernelTable& k = kernels::Kernels();
  const FactorMatrix& y = *problem.other;
  const size_t ld = y.ld;
  float* r = scratch.r.data();
  float* p = scratch.p.data();
  float* ap = scratch.ap.data();
  float* m = scratch.m.data();
  float* inv_m = scratch.inv_m.data();
  const int32_t* idx = items.data();
  const size_t n = items.size();
  const kernels::Half* half = problem.other_half;
  // The first pass copies the row's items' rows, as floats, into scratch.rows when they fit
  // (kMaxRowCopyRows), and the CG steps then read that copy from L2: one random read and one
  // conversion per item instead of one per pass.
  float* copy = n * ld <= scratch.rows.size() ? scratch.rows.data() : nullptr;
  // r = b - A x and m = diag(A) = diag(G) + sum_i cw_i y_i^2, in one pass over the items.
  k.diag_mul(problem.gram_diagonal, x, ap, ld);
  for (size_t j = 0; j < ld; ++j) r[j] = -ap[j];
  std::copy_n(problem.gram_diagonal, ld, m);
  if (problem.other_int8 != nullptr) {
    k.gather_residual_diag_int8(problem.other_int8, problem.other_scales, ld, idx, cw.data(), n, x, r, m, copy,
                                prefetch_n);
  } else if (half != nullptr) {
    k.gather_residual_diag_half(half, ld, idx, cw.data(), n, x, r, m, copy, prefetch_n);
  } else {
    k.gather_residual_diag(y.data.data(), ld, idx, cw.data(), n, x, r, m, copy, prefetch_n);
  }
  k.reciprocal(m, inv_m, ld);
  k.diag_mul(inv_m, r, p, ld);
  float rz_old = k.dot(r, p, ld);
  for (int step = 0; step < steps && rz_old > 1e-20f; ++step) {
    k.diag_mul(problem.gram_diagonal, p, ap, ld);
    if (copy != nullptr) {
      k.apply_rows(copy, ld, cw.data(), n, p, ap);
    } else if (problem.other_int8 != nullptr) {
      k.gather_apply_int8(problem.other_int8, problem.other_scales, ld, idx, cw.data(), n, p, 0.0f, 1.0f, ap);
    } else if (half != nullptr) {
      k.gather_apply_half(half, ld, idx, cw.data(), n, p, 0.0f, 1.0f, ap);
    } else {
      k.gather_apply(y.data.data(), ld, idx, cw.data(), n, p, 0.0f, 1.0f, ap);
    }
    rz_old = k.pcg_update(x, r, p, ap, inv_m, rz_old, ld);  // < 0 when converged
  }
}

}  // namespace

void GatherCopy::Resize(const FactorMatrix& m) {
  switch (precision) {
    case GatherPrecision::kFloat: break;
    case GatherPrecision::kHalf: half.resize(m.data.size()); break;
    case GatherPrecision::kInt8:
      int8.resize(m.data.size());
      scales.resize(static_cast<size_t>(m.rows));
      break;
  }
}

void GatherCopy::FromRows(const float* rows, size_t ld, int32_t first, int32_t count) {
  const size_t offset = static_cast<size_t>(first) * ld, n = static_cast<size_t>(count);
  switch (precision) {
    case GatherPrecision::kFloat: break;
    case GatherPrecision::kHalf: kernels::Kernels().to_half(rows, half.data() + offset, n * ld); break;
    case GatherPrecision::kInt8:
      kernels::Kernels().to_int8_rows(rows, n, ld, int8.data() + offset, scales.data() + first);
      break;
  }
}

void GatherCopy::From(const FactorMatrix& m) {
  Resize(m);
  FromRows(m.data.data(), m.ld, 0, m.rows);
}

CgProblem DiagonalGram::Problem(const FactorMatrix& other, const GatherCopy* copy) const {
  CgProblem problem{.other = &other, .gram_diagonal = diagonal.data()};
  if (copy != nullptr && copy->precision == GatherPrecision::kHalf) problem.other_half = copy->half.data();
  if (copy != nullptr && copy->precision == GatherPrecision::kInt8) {
    problem.other_int8 = copy->int8.data();
    problem.other_scales = copy->scales.data();
  }
  return problem;
}

DiagonalGram RotateToGramEigenbasis(FactorMatrix& gram_side, FactorMatrix& other_side, float lambda,
                                    GatherCopy* gram_side_copy, HugePageVector<float>* spare, int threads) {
  if (threads <= 0) threads = HardwareThreads();
  HugePageVector<float> local;
  HugePageVector<float>& buffer = spare != nullptr ? *spare : local;
  const int k = gram_side.factors;
  const std::vector<float> gram = RegularizedGram(gram_side, lambda, threads);
  Eigen::MatrixXd g(k, k);
  for (int a = 0; a < k; ++a) {
    for (int b = 0; b < k; ++b) g(a, b) = gram[static_cast<size_t>(a) * gram_side.ld + static_cast<size_t>(b)];
  }
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(g);
  std::vector<float> q(static_cast<size_t>(k) * static_cast<size_t>(k));  // row-major k x k
  for (int a = 0; a < k; ++a) {
    for (int b = 0; b < k; ++b) q[static_cast<size_t>(a) * k + static_cast<size_t>(b)] = static_cast<float>(eigen.eigenvectors()(a, b));
  }
  std::vector<float> q_panels(gram_side.ld * gram_side.ld);
  kernels::PackColumnPanels(q.data(), static_cast<size_t>(k), gram_side.ld, q_panels.data());
  RotateRows(gram_side, q_panels, buffer, threads, gram_side_copy);
  RotateRows(other_side, q_panels, buffer, threads, nullptr);
  DiagonalGram out;
  out.diagonal.assign(gram_side.ld, 1.0f);
  for (int a = 0; a < k; ++a) {
    // G is positive semi-definite; clamp rounding below zero (lambda = 0 with too few rows), so
    // that the preconditioner stays positive.
    out.diagonal[static_cast<size_t>(a)] = static_cast<float>(std::max(eigen.eigenvalues()(a), 1e-12));
  }
  return out;
}

void SolveRow(const CgProblem& problem, std::span<const int32_t> items, std::span<const float> cw,
              int steps, CgScratch& scratch, float* x) {
  if (problem.gram_diagonal != nullptr) return SolveRowDiagonal(problem, items, cw, steps, scratch, x, items.size());
  const kernels::KernelTable& k = kernels::Kernels();
  const FactorMatrix& y = *problem.other;
  const size_t ld = y.ld;
  float* r = scratch.r.data();
  float* p = scratch.p.data();
  float* ap = scratch.ap.data();
  // r = b - A x, with b - (sum_i cw_i y_i y_i^T) x folded into one pass over the items.
  k.symv(problem.gram, ld, x, ap);
  for (size_t j = 0; j < ld; ++j) r[j] = -ap[j];
  k.gather_apply(y.data.data(), ld, items.data(), cw.data(), items.size(), x, 1.0f, -1.0f, r);
  std::copy(r, r + ld, p);
  float rs_old = k.dot(r, r, ld);
  for (int step = 0; step < steps && rs_old > 1e-20f; ++step) {
    k.symv(problem.gram, ld, p, ap);
    k.gather_apply(y.data.data(), ld, items.data(), cw.data(), items.size(), p, 0.0f, 1.0f, ap);
    rs_old = k.cg_update(x, r, p, ap, rs_old, ld);  // < 0 when converged
  }
}

namespace {

// SolveRows hands rows out in blocks of consecutive rows holding about this many interactions (a
// row with more is a block of its own): enough blocks for the two threads to balance, and long
// enough runs of consecutive rows for the first pass to fetch the next rows' items ahead, since
// a block's indices are contiguous.
constexpr int64_t kBlockInteractions = 4096;
constexpr int32_t kBlockMaxRows = 512;

// The first row of each block, then rows.rows.
std::vector<int32_t> RowBlocks(const CsrMatrix& rows) {
  std::vector<int32_t> starts{0};
  for (int32_t row = 0; row < rows.rows; ++row) {
    const int32_t first = starts.back();
    if (row > first && (rows.indptr[row] - rows.indptr[first] >= kBlockInteractions || row - first >= kBlockMaxRows)) {
      starts.push_back(row);
    }
  }
  starts.push_back(rows.rows);
  return starts;
}

// Starts fetching the factor rows of the items at stream positions [pos, end) into cache: a
// block's first rows, which the first pass's own fetching (it runs ahead of the items it works
// on) does not reach.
void PrefetchRows(const CgProblem& problem, const CsrMatrix& rows, int64_t pos, int64_t end, size_t ld) {
  const char* base = reinterpret_cast<const char*>(problem.other->data.data());
  size_t row_bytes = ld * sizeof(float);
  if (problem.other_half != nullptr) {
    base = reinterpret_cast<const char*>(problem.other_half);
    row_bytes = ld * sizeof(kernels::Half);
  } else if (problem.other_int8 != nullptr) {
    base = reinterpret_cast<const char*>(problem.other_int8);
    row_bytes = ld;
  }
  for (; pos < end; ++pos) {
    const int32_t item = rows.indices[static_cast<size_t>(pos)];
    const char* y = base + static_cast<size_t>(item) * row_bytes;
    for (size_t line = 0; line < row_bytes; line += 64) __builtin_prefetch(y + line, 0, 3);
    if (problem.other_scales != nullptr) __builtin_prefetch(problem.other_scales + item, 0, 3);
  }
}

// As many as the kernels fetch ahead for the narrowest rows (kernels_avx2.cc PrefetchDistance).
constexpr int64_t kBlockStartPrefetch = 32;

}  // namespace

void SolveRows(const CgProblem& problem, const CsrMatrix& rows, std::span<const float> cw,
               int steps, int threads, FactorMatrix& solve, SolveScratch* reuse) {
  if (threads <= 0) threads = HardwareThreads();
  SolveScratch local;
  std::vector<CgScratch>& scratch = (reuse != nullptr ? *reuse : local).threads;
  if (scratch.size() < static_cast<size_t>(threads) || (!scratch.empty() && scratch[0].r.size() != solve.ld)) {
    scratch.assign(static_cast<size_t>(threads), CgScratch(solve.ld));
  }
  if (problem.gram_diagonal != nullptr) {
    // Room for the longest row's copy (SolveRowDiagonal), up to kMaxRowCopyRows per thread;
    // longer rows gather in every pass instead. Grown, never shrunk, so that a caller that keeps
    // `reuse` allocates it once for both sides.
    int64_t longest = 0;
    for (int32_t row = 0; row < rows.rows; ++row) longest = std::max(longest, rows.RowSize(row));
    const size_t copy_rows = std::min(static_cast<size_t>(longest), kMaxRowCopyRows);
    for (CgScratch& s : scratch) {
      if (s.rows.size() < copy_rows * solve.ld) s.rows.resize(copy_rows * solve.ld);
    }
  }
  const std::vector<int32_t> blocks = RowBlocks(rows);
  ParallelFor(0, blocks.size() - 1, threads, [&](int thread_idx, size_t block) {
    const int32_t first = blocks[block], last = blocks[block + 1];
    const int64_t block_end = rows.indptr[last];
    if (problem.gram_diagonal != nullptr) {
      PrefetchRows(problem, rows, rows.indptr[first], std::min(block_end, rows.indptr[first] + kBlockStartPrefetch),
                   solve.ld);
    }
    for (int32_t row = first; row < last; ++row) {
      float* x = solve.Row(row);
      if (rows.RowSize(row) == 0) {
        std::fill(x, x + solve.ld, 0.0f);  // no interactions: the minimiser is 0
        continue;
      }
      const size_t begin = static_cast<size_t>(rows.indptr[row]);
      const std::span<const int32_t> items = rows.RowIndices(row);
      const std::span<const float> row_cw = cw.subspan(begin, items.size());
      CgScratch& s = scratch[static_cast<size_t>(thread_idx)];
      if (problem.gram_diagonal != nullptr) {
        SolveRowDiagonal(problem, items, row_cw, steps, s, x, static_cast<size_t>(block_end - rows.indptr[row]));
      } else {
        SolveRow(problem, items, row_cw, steps, s, x);
      }
    }
  }, /*chunk=*/1);
}

double ImplicitLoss(const CsrMatrix& user_items, std::span<const float> cw, const FactorMatrix& x,
                    const FactorMatrix& y, float lambda) {
  // sum over all pairs of (x.y)^2 = <XtX, YtY>; observed pairs then add c(1-s)^2 - s^2.
  const std::vector<double> xtx = GramDouble(x), yty = GramDouble(y);
  const size_t k = static_cast<size_t>(x.factors);
  double loss = 0.0;
  for (size_t a = 0; a < k; ++a) {
    loss += xtx[a * k + a] * yty[a * k + a];
    for (size_t b = a + 1; b < k; ++b) loss += 2.0 * xtx[a * k + b] * yty[a * k + b];
  }
  for (int32_t u = 0; u < user_items.rows; ++u) {
    for (int64_t pos = user_items.indptr[u]; pos < user_items.indptr[u + 1]; ++pos) {
      const double s = Dot(x.Row(u), y.Row(user_items.indices[static_cast<size_t>(pos)]), x.ld);
      const double c = 1.0 + cw[static_cast<size_t>(pos)];
      loss += c * (1.0 - s) * (1.0 - s) - s * s;
    }
  }
  return loss + lambda * (SquaredNorm(x) + SquaredNorm(y));
}

}  // namespace attune
