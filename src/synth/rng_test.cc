#include "synth/rng.h"

#include <gtest/gtest.h>

#include <vector>

#include "synth/alias_table.h"

namespace attune::synth {
namespace {

TEST(RngTest, SameSeedSameStreamDifferentSeedDifferentStream) {
  Rng a(7), b(7), c(8);
  bool differs = false;
  for (int step = 0; step < 100; ++step) {
    const uint64_t x = a.Next();
    EXPECT_EQ(x, b.Next());
    differs |= x != c.Next();
  }
  EXPECT_TRUE(differs);
}

TEST(RngTest, DrawsStayInTheirRanges) {
  Rng rng(1);
  for (int step = 0; step < 10000; ++step) {
    const double u = rng.Uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    ASSERT_LT(rng.Below(7), 7u);
    ASSERT_GE(rng.Pareto(1.5), 1.0);
    ASSERT_GE(rng.Exponential(3.0), 0.0);
  }
}

TEST(RngTest, ExponentialHasTheRequestedMean) {
  Rng rng(2);
  double sum = 0;
  const int n = 200000;
  for (int step = 0; step < n; ++step) sum += rng.Exponential(5.0);
  EXPECT_NEAR(sum / n, 5.0, 0.1);
}

TEST(AliasTableTest, SamplesInProportionToWeights) {
  const std::vector<double> weights = {1, 0, 3, 6};
  const AliasTable table(weights);
  Rng rng(3);
  std::vector<int> hits(weights.size());
  const int n = 200000;
  for (int step = 0; step < n; ++step) ++hits[table.Sample(rng)];
  EXPECT_EQ(hits[1], 0);
  EXPECT_NEAR(hits[0] / double(n), 0.1, 0.01);
  EXPECT_NEAR(hits[2] / double(n), 0.3, 0.01);
  EXPECT_NEAR(hits[3] / double(n), 0.6, 0.01);
}

}  // namespace
}  // namespace attune::synth
