#include "model/kernels/kernels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace attune::kernels {
namespace {

std::vector<float> RandomVector(size_t n, std::mt19937& rng) {
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

std::vector<Isa> SupportedIsas() {
  std::vector<Isa> isas = {Isa::kPortable};
  if (BestIsa() != Isa::kPortable) isas.push_back(Isa::kAvx2);
  if (BestIsa() == Isa::kAvx512) isas.push_back(Isa::kAvx512);
  return isas;
}

// Double-precision oracle for gather_apply.
std::vector<double> GatherApplyOracle(const std::vector<float>& base, size_t ld,
                                      const std::vector<int32_t>& idx, const std::vector<float>& cw,
                                      const std::vector<float>& p, float c_one, float c_dot,
                                      const std::vector<float>& out) {
  std::vector<double> result(out.begin(), out.end());
  for (size_t i = 0; i < idx.size(); ++i) {
    const float* y = base.data() + static_cast<size_t>(idx[i]) * ld;
    double dot = 0;
    for (size_t j = 0; j < ld; ++j) dot += double(y[j]) * p[j];
    const double coef = c_one * (1.0 + cw[i]) + c_dot * cw[i] * dot;
    for (size_t j = 0; j < ld; ++j) result[j] += coef * y[j];
  }
  return result;
}

TEST(KernelsTest, GatherApplyMatchesOracleOnEveryIsaAndWidth) {
  std::mt19937 rng(7);
  for (size_t ld : {16, 32, 48, 64, 128, 256, 272}) {
    const int rows = 50;
    const std::vector<float> base = RandomVector(rows * ld, rng);
    const std::vector<float> p = RandomVector(ld, rng), out0 = RandomVector(ld, rng);
    std::vector<int32_t> idx;
    std::vector<float> cw;
    for (int i = 0; i < 37; ++i) {
      idx.push_back(static_cast<int32_t>(rng() % rows));
      cw.push_back(static_cast<float>(rng() % 5));
    }
    for (auto [c_one, c_dot] : {std::pair{1.0f, -1.0f}, std::pair{0.0f, 1.0f}}) {
      const auto want = GatherApplyOracle(base, ld, idx, cw, p, c_one, c_dot, out0);
      for (Isa isa : SupportedIsas()) {
        std::vector<float> out = out0;
        KernelsFor(isa).gather_apply(base.data(), ld, idx.data(), cw.data(), idx.size(), p.data(),
                                     c_one, c_dot, out.data());
        for (size_t j = 0; j < ld; ++j) {
          ASSERT_NEAR(out[j], want[j], 1e-3 * (1 + std::fabs(want[j])))
              << IsaName(isa) << " ld=" << ld << " j=" << j;
        }
      }
    }
  }
}

TEST(KernelsTest, SymvMatchesOracleOnEveryIsaAndWidth) {
  std::mt19937 rng(11);
  for (size_t ld : {16, 64, 128, 272}) {
    std::vector<float> a = RandomVector(ld * ld, rng);
    for (size_t r = 0; r < ld; ++r) {
      for (size_t c = 0; c < r; ++c) a[r * ld + c] = a[c * ld + r];
    }
    const std::vector<float> p = RandomVector(ld, rng);
    for (Isa isa : SupportedIsas()) {
      std::vector<float> out(ld, 99.0f);
      KernelsFor(isa).symv(a.data(), ld, p.data(), out.data());
      for (size_t r = 0; r < ld; ++r) {
        double want = 0;
        for (size_t c = 0; c < ld; ++c) want += double(a[r * ld + c]) * p[c];
        ASSERT_NEAR(out[r], want, 1e-3 * (1 + std::fabs(want))) << IsaName(isa) << " ld=" << ld;
      }
    }
  }
}

TEST(KernelsTest, ReportsTheIsaInUse) {
  // Not an assertion about the machine: documents what the dispatcher picked in the test log.
  const Isa isa = BestIsa();
  std::printf("kernels: best ISA on this CPU is %s\n", IsaName(isa));
  EXPECT_EQ(&Kernels(), &KernelsFor(isa));
}

}  // namespace
}  // namespace attune::kernels
