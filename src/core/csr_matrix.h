// CsrMatrix: a sparse float matrix in compressed sparse row form, the training representation of
// user x item interactions (rows = users, columns = items, values = weights). Column indices are
// sorted and unique within each row. Immutable once built; share it by const reference.
// Thread safety: const methods may run concurrently.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace attune {

struct Triplet {
  int32_t row;
  int32_t col;
  float value;
};

// How FromTriplets combines several triplets at the same (row, col).
enum class Duplicates { kSum, kMax, kLast };

struct CsrMatrix {
  int32_t rows = 0;
  int32_t cols = 0;
  std::vector<int64_t> indptr = {0};  // rows + 1 entries
  std::vector<int32_t> indices;       // column of each stored value, sorted within a row
  std::vector<float> values;

  int64_t nnz() const { return static_cast<int64_t>(indices.size()); }
  int64_t RowSize(int32_t row) const { return indptr[row + 1] - indptr[row]; }
  std::span<const int32_t> RowIndices(int32_t row) const {
    return {indices.data() + indptr[row], static_cast<size_t>(RowSize(row))};
  }
  std::span<const float> RowValues(int32_t row) const {
    return {values.data() + indptr[row], static_cast<size_t>(RowSize(row))};
  }
  // The value at (row, col), or 0 when not stored. O(log row size).
  float At(int32_t row, int32_t col) const;

  // The transpose, built on `threads` threads (<= 0: all hardware threads); the same matrix
  // whatever the count.
  CsrMatrix Transposed(int threads = 1) const;
  // Builds a matrix of the given shape; triplets outside it are a caller bug (asserted).
  static CsrMatrix FromTriplets(int32_t rows, int32_t cols, std::vector<Triplet> triplets,
                                Duplicates duplicates = Duplicates::kSum);
};

}  // namespace attune
