#include "core/csr_matrix.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

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

// Big enough for the transpose to split its rows between threads; empty rows and columns too.
TEST(CsrMatrixTest, TransposeOnThreadsIsTheSameMatrixAndEachColumnIsSorted) {
  std::mt19937 rng(5);
  std::vector<Triplet> triplets;
  for (int i = 0; i < 200000; ++i) {
    triplets.push_back({static_cast<int32_t>(rng() % 3000), static_cast<int32_t>(rng() % 700 * 2),
                        static_cast<float>(i)});
  }
  const CsrMatrix m = CsrMatrix::FromTriplets(3001, 1401, triplets, Duplicates::kLast);
  const CsrMatrix one = m.Transposed(1);
  for (int threads : {2, 3, 8}) {
    const CsrMatrix t = m.Transposed(threads);
    EXPECT_EQ(t.indptr, one.indptr) << threads;
    EXPECT_EQ(t.indices, one.indices) << threads;
    EXPECT_EQ(t.values, one.values) << threads;
  }
  ASSERT_EQ(one.rows, 1401);
  ASSERT_EQ(one.cols, 3001);
  ASSERT_EQ(one.nnz(), m.nnz());
  ASSERT_EQ(one.RowSize(1), 0);  // odd columns are empty
  for (int32_t c = 0; c < one.rows; ++c) {
    const auto rows = one.RowIndices(c);
    ASSERT_TRUE(std::is_sorted(rows.begin(), rows.end())) << c;
    for (size_t k = 0; k < rows.size(); ++k) ASSERT_EQ(one.RowValues(c)[k], m.At(rows[k], c));
  }
  const CsrMatrix back = one.Transposed(2);
  EXPECT_EQ(back.indptr, m.indptr);
  EXPECT_EQ(back.indices, m.indices);
  EXPECT_EQ(back.values, m.values);
}

}  // namespace
}  // namespace attune
