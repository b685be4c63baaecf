#include <cblas.h>

#include <gtest/gtest.h>

#include <memory>

#include "model/linalg/dense.h"

namespace attune::linalg {
namespace {

TEST(ScopedBlasThreadsTest, SetsTheCountAndRestoresIt) {
  openblas_set_num_threads(2);
  const int outside = openblas_get_num_threads();
  {
    const ScopedBlasThreads one(1);
    EXPECT_EQ(openblas_get_num_threads(), 1);
  }
  EXPECT_EQ(openblas_get_num_threads(), outside);
}

// Two evaluations at once (two training jobs): the scope that ends first must not put the count
// back while the other runs, and the one that ends last must not leave the inner value behind.
TEST(ScopedBlasThreadsTest, OverlappingScopesRestoreTheCountOutsideAll) {
  openblas_set_num_threads(2);
  const int outside = openblas_get_num_threads();
  auto first = std::make_unique<ScopedBlasThreads>(1);
  auto second = std::make_unique<ScopedBlasThreads>(1);
  first.reset();
  EXPECT_EQ(openblas_get_num_threads(), 1);
  second.reset();
  EXPECT_EQ(openblas_get_num_threads(), outside);
}

}  // namespace
}  // namespace attune::linalg
