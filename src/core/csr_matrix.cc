#include "core/csr_matrix.h"

#include <algorithm>
#include <cassert>

#include "base/thread_pool.h"

namespace attune {

float CsrMatrix::At(int32_t row, int32_t col) const {
  auto cols_of_row = RowIndices(row);
  auto it = std::lower_bound(cols_of_row.begin(), cols_of_row.end(), col);
  if (it == cols_of_row.end() || *it != col) return 0.0f;
  return values[static_cast<size_t>(indptr[row] + (it - cols_of_row.begin()))];
}

CsrMatrix CsrMatrix::Transposed(int threads) const {
  if (threads <= 0) threads = HardwareThreads();
  // Source rows in `parts` runs of about equal nnz. Each part counts its entries per column, and
  // then writes them, in row order, from its own offset in each column: after all earlier parts'
  // entries of that column. So every transposed row receives its columns sorted, and the result
  // does not depend on the number of parts.
  const size_t parts = nnz() < (int64_t{1} << 16) ? 1 : static_cast<size_t>(threads);
  std::vector<int32_t> first_row(parts + 1, rows);
  for (size_t part = 0; part < parts; ++part) {
    const int64_t target = nnz() * static_cast<int64_t>(part) / static_cast<int64_t>(parts);
    first_row[part] = static_cast<int32_t>(std::lower_bound(indptr.begin(), indptr.end(), target) - indptr.begin());
    first_row[part] = std::min(first_row[part], rows);
  }
  std::vector<std::vector<int64_t>> next(parts, std::vector<int64_t>(static_cast<size_t>(cols), 0));
  ParallelFor(0, parts, threads, [&](int, size_t part) {
    std::vector<int64_t>& count = next[part];
    for (int64_t p = indptr[first_row[part]]; p < indptr[first_row[part + 1]]; ++p) count[static_cast<size_t>(indices[p])]++;
  }, /*chunk=*/1);
  CsrMatrix t;
  t.rows = cols;
  t.cols = rows;
  t.indptr.assign(static_cast<size_t>(cols) + 1, 0);
  for (size_t c = 0; c < static_cast<size_t>(cols); ++c) {
    int64_t offset = t.indptr[c];
    for (size_t part = 0; part < parts; ++part) {
      const int64_t count = next[part][c];
      next[part][c] = offset;  // from now on: where the part's next entry of column c goes
      offset += count;
    }
    t.indptr[c + 1] = offset;
  }
  t.indices.resize(indices.size());
  t.values.resize(values.size());
  ParallelFor(0, parts, threads, [&](int, size_t part) {
    std::vector<int64_t>& slot = next[part];
    for (int32_t r = first_row[part]; r < first_row[part + 1]; ++r) {
      for (int64_t p = indptr[r]; p < indptr[r + 1]; ++p) {
        const int64_t dst = slot[static_cast<size_t>(indices[p])]++;
        t.indices[static_cast<size_t>(dst)] = r;
        t.values[static_cast<size_t>(dst)] = values[p];
      }
    }
  }, /*chunk=*/1);
  return t;
}

CsrMatrix CsrMatrix::FromTriplets(int32_t rows, int32_t cols, std::vector<Triplet> triplets,
                                  Duplicates duplicates) {
  // Stable sort keeps input order among equal cells, which kLast relies on.
  std::stable_sort(triplets.begin(), triplets.end(), [](const Triplet& a, const Triplet& b) {
    return a.row != b.row ? a.row < b.row : a.col < b.col;
  });
  CsrMatrix m;
  m.rows = rows;
  m.cols = cols;
  m.indptr.assign(static_cast<size_t>(rows) + 1, 0);
  m.indices.reserve(triplets.size());
  m.values.reserve(triplets.size());
  for (size_t i = 0; i < triplets.size(); ++i) {
    const Triplet& t = triplets[i];
    assert(t.row >= 0 && t.row < rows && t.col >= 0 && t.col < cols);
    const bool same_cell = i > 0 && triplets[i - 1].row == t.row && triplets[i - 1].col == t.col;
    if (same_cell) {
      float& v = m.values.back();
      switch (duplicates) {
        case Duplicates::kSum: v += t.value; break;
        case Duplicates::kMax: v = std::max(v, t.value); break;
        case Duplicates::kLast: v = t.value; break;
      }
      continue;
    }
    m.indices.push_back(t.col);
    m.values.push_back(t.value);
    m.indptr[static_cast<size_t>(t.row) + 1]++;
  }
  for (size_t r = 1; r < m.indptr.size(); ++r) m.indptr[r] += m.indptr[r - 1];
  return m;
}

}  // namespace attune
