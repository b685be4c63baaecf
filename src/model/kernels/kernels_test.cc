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

namespace attune::kernels {
namespace {

TEST(KernelsTest, CgUpdateAndDotMatchPortableOnEveryIsa) {
  std::mt19937 rng(13);
  for (size_t ld : {16, 64, 128}) {
    const std::vector<float> x0 = RandomVector(ld, rng), r0 = RandomVector(ld, rng);
    const std::vector<float> p0 = RandomVector(ld, rng);
    std::vector<float> ap = p0;
    for (float& v : ap) v *= 2.0f;  // p.ap > 0
    std::vector<float> want_x = x0, want_r = r0, want_p = p0;
    const float want = PortableKernels().cg_update(want_x.data(), want_r.data(), want_p.data(), ap.data(), 3.0f, ld);
    EXPECT_GT(want, 0.0f);
    for (Isa isa : SupportedIsas()) {
      std::vector<float> x = x0, r = r0, p = p0;
      const float got = KernelsFor(isa).cg_update(x.data(), r.data(), p.data(), ap.data(), 3.0f, ld);
      EXPECT_NEAR(got, want, 1e-3 * want) << IsaName(isa);
      for (size_t j = 0; j < ld; ++j) {
        ASSERT_NEAR(x[j], want_x[j], 1e-4) << IsaName(isa);
        ASSERT_NEAR(r[j], want_r[j], 1e-4) << IsaName(isa);
        ASSERT_NEAR(p[j], want_p[j], 1e-3) << IsaName(isa);
      }
      EXPECT_NEAR(KernelsFor(isa).dot(x0.data(), r0.data(), ld),
                  PortableKernels().dot(x0.data(), r0.data(), ld), 1e-4) << IsaName(isa);
      std::vector<float> zero(ld, 0.0f), keep = x0;
      EXPECT_LT(KernelsFor(isa).cg_update(keep.data(), r.data(), zero.data(), zero.data(), 3.0f, ld), 0.0f);
      EXPECT_EQ(keep, x0) << "a converged update must not move x";
    }
  }
}

}  // namespace
}  // namespace attune::kernels
