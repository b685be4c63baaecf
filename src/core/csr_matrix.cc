#include "core/csr_matrix.h"

#include <algorithm>
#include <cassert>

namespace attune {

float CsrMatrix::At(int32_t row, int32_t col) const {
  auto cols_of_row = RowIndices(row);
  auto it = std::lower_bound(cols_of_row.begin(), cols_of_row.end(), col);
  if (it == cols_of_row.end() || *it != col) return 0.0f;
  return values[static_cast<size_t>(indptr[row] + (it - cols_of_row.begin()))];
}

CsrMatrix CsrMatrix::Transposed() const {
  CsrMatrix t;
  t.rows = cols;
  t.cols = rows;
  t.indptr.assign(static_cast<size_t>(cols) + 1, 0);
  for (int32_t c : indices) t.indptr[static_cast<size_t>(c) + 1]++;
  for (size_t i = 1; i < t.indptr.size(); ++i) t.indptr[i] += t.indptr[i - 1];
  t.indices.resize(indices.size());
  t.values.resize(values.size());
  std::vector<int64_t> next(t.indptr.begin(), t.indptr.end() - 1);
  // Rows are visited in order, so each transposed row receives its columns already sorted.
  for (int32_t r = 0; r < rows; ++r) {
    for (int64_t p = indptr[r]; p < indptr[r + 1]; ++p) {
      const int64_t dst = next[static_cast<size_t>(indices[p])]++;
      t.indices[dst] = r;
      t.values[dst] = values[p];
    }
  }
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
