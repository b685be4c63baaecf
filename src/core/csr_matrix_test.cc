#include "core/csr_matrix.h"

#include <gtest/gtest.h>

namespace attune {
namespace {

TEST(CsrMatrixTest, BuildsSortedRowsAndSumsDuplicates) {
  CsrMatrix m = CsrMatrix::FromTriplets(3, 4, {{2, 3, 1}, {0, 2, 1}, {0, 1, 2}, {0, 2, 5}});
  EXPECT_EQ(m.nnz(), 3);
  EXPECT_EQ(m.indptr, (std::vector<int64_t>{0, 2, 2, 3}));
  EXPECT_EQ(m.indices, (std::vector<int32_t>{1, 2, 3}));
  EXPECT_FLOAT_EQ(m.At(0, 2), 6.0f);
  EXPECT_FLOAT_EQ(m.At(1, 0), 0.0f);
  EXPECT_EQ(m.RowSize(1), 0);
}

TEST(CsrMatrixTest, DuplicatePoliciesDiffer) {
  std::vector<Triplet> t = {{0, 0, 3}, {0, 0, 1}};
  EXPECT_FLOAT_EQ(CsrMatrix::FromTriplets(1, 1, t, Duplicates::kMax).At(0, 0), 3.0f);
  EXPECT_FLOAT_EQ(CsrMatrix::FromTriplets(1, 1, t, Duplicates::kLast).At(0, 0), 1.0f);
}

TEST(CsrMatrixTest, TransposeSwapsRowsAndColumns) {
  CsrMatrix m = CsrMatrix::FromTriplets(2, 3, {{0, 2, 1.5f}, {1, 0, 2.0f}, {1, 2, 3.0f}});
  CsrMatrix t = m.Transposed();
  EXPECT_EQ(t.rows, 3);
  EXPECT_EQ(t.cols, 2);
  EXPECT_FLOAT_EQ(t.At(2, 0), 1.5f);
  EXPECT_FLOAT_EQ(t.At(0, 1), 2.0f);
  EXPECT_FLOAT_EQ(t.At(2, 1), 3.0f);
  EXPECT_EQ(t.RowIndices(2)[0], 0);
  EXPECT_EQ(t.RowIndices(2)[1], 1);
  CsrMatrix back = t.Transposed();
  EXPECT_EQ(back.indices, m.indices);
  EXPECT_EQ(back.values, m.values);
}

}  // namespace
}  // namespace attune
