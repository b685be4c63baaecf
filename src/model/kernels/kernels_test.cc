#include "model/kernels/kernels.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <utility>
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

namespace attune::kernels {
namespace {

TEST(KernelsTest, ToHalfRoundsToNearestEvenOnEveryIsa) {
  // value -> expected binary16 bits: exact values, ties to even, subnormals, overflow, signs.
  const std::vector<std::pair<float, Half>> cases = {
      {0.0f, 0x0000},        {-0.0f, 0x8000},        {1.0f, 0x3c00},          {-2.0f, 0xc000},
      {65504.0f, 0x7bff},    {65520.0f, 0x7c00},     {1e9f, 0x7c00},          {0.1f, 0x2e66},
      {1.0f + 1.0f / 2048, 0x3c00} /* tie: down to even */, {1.0f + 3.0f / 2048, 0x3c02} /* tie: up to even */,
      {5.9604645e-8f, 0x0001} /* smallest subnormal */, {6.1035156e-5f, 0x0400} /* smallest normal */,
      {2.0e-8f, 0x0000},     {-3.0e-6f, 0x8032}};
  for (Isa isa : SupportedIsas()) {
    for (auto [value, want] : cases) {
      Half got = 0;
      KernelsFor(isa).to_half(&value, &got, 1);
      EXPECT_EQ(got, want) << IsaName(isa) << " value " << value;
    }
    // A long run takes the vector path; every value must round-trip through HalfToFloat to within
    // half a unit in the last place (2^-11 relative).
    std::mt19937 rng(5);
    const std::vector<float> values = RandomVector(1003, rng);
    std::vector<Half> halves(values.size());
    KernelsFor(isa).to_half(values.data(), halves.data(), values.size());
    for (size_t j = 0; j < values.size(); ++j) {
      ASSERT_NEAR(HalfToFloat(halves[j]), values[j], std::fabs(values[j]) / 2048 + 3e-8) << IsaName(isa);
    }
  }
}

TEST(KernelsTest, GatherApplyHalfMatchesOracleOnEveryIsaAndWidth) {
  std::mt19937 rng(17);
  for (size_t ld : {16, 48, 64, 128, 272}) {
    const int rows = 40;
    std::vector<float> base = RandomVector(rows * ld, rng);
    std::vector<Half> half(base.size());
    PortableKernels().to_half(base.data(), half.data(), base.size());
    for (size_t j = 0; j < base.size(); ++j) base[j] = HalfToFloat(half[j]);  // the values the kernel sees
    const std::vector<float> p = RandomVector(ld, rng), out0 = RandomVector(ld, rng);
    std::vector<int32_t> idx;
    std::vector<float> cw;
    for (int i = 0; i < 23; ++i) {
      idx.push_back(static_cast<int32_t>(rng() % rows));
      cw.push_back(static_cast<float>(rng() % 7));
    }
    for (auto [c_one, c_dot] : {std::pair{1.0f, -1.0f}, std::pair{0.0f, 1.0f}}) {
      const auto want = GatherApplyOracle(base, ld, idx, cw, p, c_one, c_dot, out0);
      for (Isa isa : SupportedIsas()) {
        std::vector<float> out = out0;
        KernelsFor(isa).gather_apply_half(half.data(), ld, idx.data(), cw.data(), idx.size(), p.data(),
                                          c_one, c_dot, out.data());
        for (size_t j = 0; j < ld; ++j) {
          ASSERT_NEAR(out[j], want[j], 1e-3 * (1 + std::fabs(want[j]))) << IsaName(isa) << " ld=" << ld;
        }
      }
    }
  }
}

TEST(KernelsTest, DiagMulAndPcgUpdateMatchPortableOnEveryIsa) {
  std::mt19937 rng(19);
  for (size_t ld : {16, 64, 128}) {
    const std::vector<float> x0 = RandomVector(ld, rng), r0 = RandomVector(ld, rng), p0 = RandomVector(ld, rng);
    std::vector<float> inv_m = RandomVector(ld, rng);
    for (float& v : inv_m) v = 0.5f + std::fabs(v);
    std::vector<float> ap = p0;
    for (float& v : ap) v *= 3.0f;  // p.ap > 0
    std::vector<float> want_x = x0, want_r = r0, want_p = p0;
    const float want = PortableKernels().pcg_update(want_x.data(), want_r.data(), want_p.data(), ap.data(),
                                                    inv_m.data(), 2.0f, ld);
    // The portable version against the formula, in double.
    double p_ap = 0, rz = 0;
    for (size_t j = 0; j < ld; ++j) p_ap += double(p0[j]) * ap[j];
    for (size_t j = 0; j < ld; ++j) {
      const double r = r0[j] - (2.0 / p_ap) * ap[j];
      rz += r * inv_m[j] * r;
      ASSERT_NEAR(want_x[j], x0[j] + (2.0 / p_ap) * p0[j], 1e-4);
      ASSERT_NEAR(want_r[j], r, 1e-4);
    }
    EXPECT_NEAR(want, rz, 1e-3 * rz);
    for (size_t j = 0; j < ld; ++j) {
      const double r = r0[j] - (2.0 / p_ap) * ap[j];
      ASSERT_NEAR(want_p[j], inv_m[j] * r + (rz / 2.0) * p0[j], 1e-3);
    }
    for (Isa isa : SupportedIsas()) {
      std::vector<float> x = x0, r = r0, p = p0, d(ld);
      const float got = KernelsFor(isa).pcg_update(x.data(), r.data(), p.data(), ap.data(), inv_m.data(), 2.0f, ld);
      EXPECT_NEAR(got, want, 1e-3 * want) << IsaName(isa);
      for (size_t j = 0; j < ld; ++j) {
        ASSERT_NEAR(x[j], want_x[j], 1e-4) << IsaName(isa);
        ASSERT_NEAR(p[j], want_p[j], 1e-3) << IsaName(isa);
      }
      KernelsFor(isa).diag_mul(inv_m.data(), x0.data(), d.data(), ld);
      for (size_t j = 0; j < ld; ++j) ASSERT_FLOAT_EQ(d[j], inv_m[j] * x0[j]) << IsaName(isa);
      std::vector<float> zero(ld, 0.0f), keep = x0;
      EXPECT_LT(KernelsFor(isa).pcg_update(keep.data(), r.data(), zero.data(), zero.data(), inv_m.data(), 2.0f, ld), 0.0f);
      EXPECT_EQ(keep, x0) << "a converged update must not move x";
    }
  }
}

}  // namespace
}  // namespace attune::kernels

namespace attune::kernels {
namespace {

// diag + sum_i cw_i * y_i^2 elementwise, in double: the preconditioner's data term.
std::vector<double> DiagOracle(const std::vector<float>& values, size_t ld, const std::vector<int32_t>& idx,
                               const std::vector<float>& cw, const std::vector<float>& diag) {
  std::vector<double> result(diag.begin(), diag.end());
  for (size_t i = 0; i < idx.size(); ++i) {
    for (size_t j = 0; j < ld; ++j) {
      const double v = values[static_cast<size_t>(idx[i]) * ld + j];
      result[j] += cw[i] * v * v;
    }
  }
  return result;
}

// A residual pass's results against the oracle's: `out` and `diag` to float rounding, and the
// row copy (when asked for; empty otherwise) equal to the rows the gathered values stand for
// (Half -> float is exact, int8 * scale is one rounding, the same as the oracle's).
void CheckResidualPass(const std::vector<float>& out, const std::vector<double>& want_out,
                       const std::vector<float>& diag, const std::vector<double>& want_diag,
                       const std::vector<float>& copy, const std::vector<float>& values,
                       const std::vector<int32_t>& idx, size_t ld, Isa isa) {
  for (size_t j = 0; j < ld; ++j) {
    ASSERT_NEAR(out[j], want_out[j], 1e-3 * (1 + std::fabs(want_out[j]))) << IsaName(isa) << " ld=" << ld;
    ASSERT_NEAR(diag[j], want_diag[j], 1e-3 * (1 + std::fabs(want_diag[j]))) << IsaName(isa) << " ld=" << ld;
  }
  for (size_t i = 0; i < copy.size() / ld; ++i) {
    for (size_t j = 0; j < ld; ++j) {
      ASSERT_FLOAT_EQ(copy[i * ld + j], values[static_cast<size_t>(idx[i]) * ld + j]) << IsaName(isa) << " ld=" << ld;
    }
  }
}

TEST(KernelsTest, GatherResidualDiagMatchesOracleOnEveryIsaAndWidth) {
  std::mt19937 rng(23);
  for (size_t ld : {16, 48, 64, 128, 272}) {
    const int rows = 30;
    std::vector<float> base = RandomVector(rows * ld, rng);
    std::vector<Half> half(base.size());
    PortableKernels().to_half(base.data(), half.data(), base.size());
    std::vector<float> from_half(base.size());
    for (size_t j = 0; j < base.size(); ++j) from_half[j] = HalfToFloat(half[j]);
    const std::vector<float> x = RandomVector(ld, rng), out0 = RandomVector(ld, rng);
    std::vector<float> diag0 = RandomVector(ld, rng);
    std::vector<int32_t> idx;
    std::vector<float> cw;
    for (int i = 0; i < 75; ++i) {  // several chunks of 32 items (the copy kernels'), not a multiple of four
      idx.push_back(static_cast<int32_t>(rng() % rows));
      cw.push_back(static_cast<float>(rng() % 6));
    }
    for (bool use_half : {false, true}) {
      const std::vector<float>& values = use_half ? from_half : base;
      const auto want_out = GatherApplyOracle(values, ld, idx, cw, x, 1.0f, -1.0f, out0);
      const std::vector<double> want_diag = DiagOracle(values, ld, idx, cw, diag0);
      for (Isa isa : SupportedIsas()) {
        for (bool copy_rows : {false, true}) {
          std::vector<float> out = out0, diag = diag0;
          std::vector<float> copy(copy_rows ? idx.size() * ld : 0, -7.0f);
          float* rows_out = copy_rows ? copy.data() : nullptr;
          if (use_half) {
            KernelsFor(isa).gather_residual_diag_half(half.data(), ld, idx.data(), cw.data(), idx.size(), x.data(),
                                                      out.data(), diag.data(), rows_out, idx.size());
          } else {
            KernelsFor(isa).gather_residual_diag(base.data(), ld, idx.data(), cw.data(), idx.size(), x.data(),
                                                 out.data(), diag.data(), rows_out, idx.size());
          }
          CheckResidualPass(out, want_out, diag, want_diag, copy, values, idx, ld, isa);
        }
      }
    }
  }
}

TEST(KernelsTest, ApplyRowsMatchesGatherApplyOnEveryIsaAndWidth) {
  std::mt19937 rng(29);
  for (size_t ld : {16, 48, 64, 128, 272}) {
    const int rows = 71;  // several of the copy kernels' chunks of 32 items, and not a multiple of four
    const std::vector<float> copy = RandomVector(rows * ld, rng);
    const std::vector<float> p = RandomVector(ld, rng), out0 = RandomVector(ld, rng);
    std::vector<int32_t> identity(rows);
    std::vector<float> cw;
    for (int i = 0; i < rows; ++i) {
      identity[static_cast<size_t>(i)] = i;
      cw.push_back(static_cast<float>(rng() % 6));
    }
    // apply_rows over contiguous rows is gather_apply (c_one = 0, c_dot = 1) with idx = 0, 1, ...
    const auto want = GatherApplyOracle(copy, ld, identity, cw, p, 0.0f, 1.0f, out0);
    for (Isa isa : SupportedIsas()) {
      std::vector<float> out = out0;
      KernelsFor(isa).apply_rows(copy.data(), ld, cw.data(), static_cast<size_t>(rows), p.data(), out.data());
      for (size_t j = 0; j < ld; ++j) {
        ASSERT_NEAR(out[j], want[j], 1e-3 * (1 + std::fabs(want[j]))) << IsaName(isa) << " ld=" << ld;
      }
    }
  }
}

TEST(KernelsTest, Int8RowsRoundTripWithinHalfAStepAndMatchAcrossIsas) {
  std::mt19937 rng(31);
  for (size_t ld : {16, 64, 128, 272}) {
    const size_t rows = 9;
    std::vector<float> in = RandomVector(rows * ld, rng);
    std::fill(in.begin() + 3 * ld, in.begin() + 4 * ld, 0.0f);  // an all-zero row: scale 0
    std::vector<int8_t> want(in.size());
    std::vector<float> want_scales(rows);
    PortableKernels().to_int8_rows(in.data(), rows, ld, want.data(), want_scales.data());
    for (size_t r = 0; r < rows; ++r) {
      float max_abs = 0;
      for (size_t j = 0; j < ld; ++j) max_abs = std::max(max_abs, std::fabs(in[r * ld + j]));
      ASSERT_FLOAT_EQ(want_scales[r], max_abs / 127.0f);
      for (size_t j = 0; j < ld; ++j) {
        ASSERT_LE(std::fabs(want[r * ld + j] * want_scales[r] - in[r * ld + j]), 0.5f * want_scales[r] * 1.0001f);
      }
    }
    for (Isa isa : SupportedIsas()) {
      std::vector<int8_t> out(in.size());
      std::vector<float> scales(rows);
      KernelsFor(isa).to_int8_rows(in.data(), rows, ld, out.data(), scales.data());
      ASSERT_EQ(out, want) << IsaName(isa) << " ld=" << ld;
      ASSERT_EQ(scales, want_scales) << IsaName(isa) << " ld=" << ld;
    }
  }
}

TEST(KernelsTest, Int8GathersMatchOracleOnEveryIsaAndWidth) {
  std::mt19937 rng(37);
  for (size_t ld : {16, 48, 64, 128, 272}) {
    const int rows = 30;
    const std::vector<float> base = RandomVector(rows * ld, rng);
    std::vector<int8_t> q(base.size());
    std::vector<float> scales(rows);
    PortableKernels().to_int8_rows(base.data(), rows, ld, q.data(), scales.data());
    std::vector<float> values(base.size());  // what the int8 rows stand for
    for (size_t j = 0; j < values.size(); ++j) values[j] = q[j] * scales[j / ld];
    const std::vector<float> p = RandomVector(ld, rng), out0 = RandomVector(ld, rng), diag0 = RandomVector(ld, rng);
    std::vector<int32_t> idx;
    std::vector<float> cw;
    for (int i = 0; i < 75; ++i) {  // several chunks of 32 items (the copy kernels'), not a multiple of four
      idx.push_back(static_cast<int32_t>(rng() % rows));
      cw.push_back(static_cast<float>(rng() % 6));
    }
    const std::vector<double> want_diag = DiagOracle(values, ld, idx, cw, diag0);
    for (Isa isa : SupportedIsas()) {
      for (auto [c_one, c_dot] : {std::pair{0.0f, 1.0f}, std::pair{1.0f, -1.0f}}) {
        const auto want = GatherApplyOracle(values, ld, idx, cw, p, c_one, c_dot, out0);
        std::vector<float> out = out0;
        KernelsFor(isa).gather_apply_int8(q.data(), scales.data(), ld, idx.data(), cw.data(), idx.size(), p.data(),
                                          c_one, c_dot, out.data());
        for (size_t j = 0; j < ld; ++j) {
          ASSERT_NEAR(out[j], want[j], 1e-3 * (1 + std::fabs(want[j]))) << IsaName(isa) << " ld=" << ld;
        }
      }
      const auto want_out = GatherApplyOracle(values, ld, idx, cw, p, 1.0f, -1.0f, out0);
      for (bool copy_rows : {false, true}) {
        std::vector<float> out = out0, diag = diag0, copy(copy_rows ? idx.size() * ld : 0);
        KernelsFor(isa).gather_residual_diag_int8(q.data(), scales.data(), ld, idx.data(), cw.data(), idx.size(),
                                                  p.data(), out.data(), diag.data(), copy_rows ? copy.data() : nullptr,
                                                  idx.size());
        CheckResidualPass(out, want_out, diag, want_diag, copy, values, idx, ld, isa);
      }
    }
  }
}

// The rotations' product: c = a q with q (k x k, k <= ld) packed and padded to ld x ld, so the
// padding columns of c come out zero; row counts that are not a multiple of the AVX2 tile of six.
TEST(KernelsTest, RowsTimesPanelsIsTheMatrixProductOnEveryIsa) {
  std::mt19937 rng(43);
  for (auto [k, ld] : {std::pair<size_t, size_t>{16, 16}, {50, 64}, {64, 64}, {128, 128}, {260, 272}}) {
    for (size_t n : {size_t{1}, size_t{6}, size_t{17}}) {
      std::vector<float> a = RandomVector(n * ld, rng);
      for (size_t i = 0; i < n; ++i) std::fill(a.begin() + static_cast<ptrdiff_t>(i * ld + k), a.begin() + static_cast<ptrdiff_t>((i + 1) * ld), 0.0f);
      const std::vector<float> q = RandomVector(k * k, rng);
      std::vector<float> panels(ld * ld, -1.0f);
      PackColumnPanels(q.data(), k, ld, panels.data());
      for (Isa isa : SupportedIsas()) {
        std::vector<float> c(n * ld, 7.0f);
        KernelsFor(isa).rows_times_panels(a.data(), n, ld, panels.data(), c.data());
        for (size_t i = 0; i < n; ++i) {
          for (size_t j = 0; j < ld; ++j) {
            double want = 0.0;
            for (size_t t = 0; j < k && t < k; ++t) want += double(a[i * ld + t]) * q[t * k + j];
            ASSERT_NEAR(c[i * ld + j], want, 1e-4 * (1 + std::fabs(want))) << IsaName(isa) << " ld=" << ld << " n=" << n;
          }
        }
      }
    }
  }
}

TEST(KernelsTest, ReciprocalOnEveryIsa) {
  std::vector<float> d(64), out(64);
  for (size_t j = 0; j < d.size(); ++j) d[j] = 0.25f + static_cast<float>(j);
  for (Isa isa : SupportedIsas()) {
    KernelsFor(isa).reciprocal(d.data(), out.data(), d.size());
    for (size_t j = 0; j < d.size(); ++j) ASSERT_FLOAT_EQ(out[j], 1.0f / d[j]) << IsaName(isa);
  }
}

// prefetch_n only lets the first pass fetch the next rows' items ahead: whatever it says, the
// results are those of the row's own n items, bit for bit, in every precision.
TEST(KernelsTest, FirstPassIgnoresTheNextRowsItFetchesAhead) {
  std::mt19937 rng(41);
  for (size_t ld : {16, 64, 128}) {
    const int rows = 200;
    const std::vector<float> base = RandomVector(rows * ld, rng);
    std::vector<Half> half(base.size());
    PortableKernels().to_half(base.data(), half.data(), base.size());
    std::vector<int8_t> q(base.size());
    std::vector<float> scales(rows);
    PortableKernels().to_int8_rows(base.data(), rows, ld, q.data(), scales.data());
    std::vector<int32_t> idx;
    std::vector<float> cw;
    for (int i = 0; i < 150; ++i) {
      idx.push_back(static_cast<int32_t>(rng() % rows));
      cw.push_back(static_cast<float>(rng() % 6));
    }
    const std::vector<float> x = RandomVector(ld, rng), out0 = RandomVector(ld, rng), diag0 = RandomVector(ld, rng);
    for (Isa isa : SupportedIsas()) {
      const KernelTable& k = KernelsFor(isa);
      for (size_t n : {size_t{0}, size_t{3}, size_t{21}, size_t{70}}) {
        for (int precision = 0; precision < 3; ++precision) {
          std::vector<std::vector<float>> results;
          for (size_t prefetch_n : {n, idx.size()}) {
            std::vector<float> out = out0, diag = diag0, copy(n * ld);
            if (precision == 0) {
              k.gather_residual_diag(base.data(), ld, idx.data(), cw.data(), n, x.data(), out.data(), diag.data(),
                                     copy.data(), prefetch_n);
            } else if (precision == 1) {
              k.gather_residual_diag_half(half.data(), ld, idx.data(), cw.data(), n, x.data(), out.data(), diag.data(),
                                          copy.data(), prefetch_n);
            } else {
              k.gather_residual_diag_int8(q.data(), scales.data(), ld, idx.data(), cw.data(), n, x.data(), out.data(),
                                          diag.data(), copy.data(), prefetch_n);
            }
            out.insert(out.end(), diag.begin(), diag.end());
            out.insert(out.end(), copy.begin(), copy.end());
            results.push_back(out);
          }
          ASSERT_EQ(results[0], results[1]) << IsaName(isa) << " ld=" << ld << " n=" << n << " precision=" << precision;
        }
      }
    }
  }
}

}  // namespace
}  // namespace attune::kernels
