#include "base/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <vector>

namespace attune {
namespace {

TEST(ParallelForTest, VisitsEveryIndexExactlyOnce) {
  std::vector<std::atomic<int>> seen(10'007);
  ParallelFor(0, seen.size(), 4, [&](int, size_t i) { seen[i]++; }, 13);
  for (size_t i = 0; i < seen.size(); ++i) ASSERT_EQ(seen[i].load(), 1) << i;
}

TEST(ParallelForTest, ThreadIndexStaysBelowThreadCount) {
  std::atomic<int> max_thread{-1};
  ParallelFor(0, 1000, 3, [&](int t, size_t) {
    int cur = max_thread.load();
    while (t > cur && !max_thread.compare_exchange_weak(cur, t)) {}
  }, 1);
  EXPECT_GE(max_thread.load(), 0);
  EXPECT_LT(max_thread.load(), 3);
}

TEST(ParallelForTest, EmptyRangeDoesNothing) {
  int calls = 0;
  ParallelFor(5, 5, 2, [&](int, size_t) { ++calls; });
  EXPECT_EQ(calls, 0);
}

}  // namespace
}  // namespace attune
