#include "kernels/ops.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "kernels/cpu_features.h"

namespace dm {
namespace {

std::vector<float> RandomVector(int64_t n, uint32_t seed, float scale = 1.0f) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist(0.0f, scale);
  std::vector<float> v(static_cast<size_t>(n));
  for (auto& x : v) x = dist(rng);
  return v;
}

TEST(F16Test, KnownValues) {
  EXPECT_EQ(F32ToF16(0.0f), 0x0000);
  EXPECT_EQ(F32ToF16(-0.0f), 0x8000);
  EXPECT_EQ(F32ToF16(1.0f), 0x3c00);
  EXPECT_EQ(F32ToF16(-2.0f), 0xc000);
  EXPECT_EQ(F32ToF16(65504.0f), 0x7bff);
  EXPECT_EQ(F32ToF16(65520.0f), 0x7c00);           // ties to even -> inf
  EXPECT_EQ(F32ToF16(std::ldexp(1.0f, -24)), 0x0001);  // smallest subnormal
  EXPECT_EQ(F32ToF16(std::ldexp(1.0f, -25)), 0x0000);  // tie -> even (zero)
  EXPECT_EQ(F32ToF16(std::ldexp(1.5f, -25)), 0x0001);
  EXPECT_EQ(F32ToF16(1.0f + std::ldexp(1.0f, -11)), 0x3c00);  // tie -> even
  EXPECT_EQ(F32ToF16(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3c02);
  EXPECT_FLOAT_EQ(F16ToF32(0x3555), 0.333251953125f);
  EXPECT_FLOAT_EQ(F16ToF32(0x0001), std::ldexp(1.0f, -24));
  EXPECT_FLOAT_EQ(F16ToF32(0x03ff), std::ldexp(1023.0f, -24));
  EXPECT_TRUE(std::isinf(F16ToF32(0xfc00)));
  EXPECT_TRUE(std::isnan(F16ToF32(0x7e00)));
}

TEST(F16Test, EveryHalfRoundTrips) {
  for (uint32_t h = 0; h < 0x10000u; ++h) {
    const uint16_t half = static_cast<uint16_t>(h);
    const float f = F16ToF32(half);
    if (std::isnan(f)) continue;
    EXPECT_EQ(F32ToF16(f), half) << h;
  }
}

TEST(OpsTest, RmsNormMatchesDefinition) {
  for (const int64_t n : {96, 101}) {  // whole lanes of 8, and a tail
    auto x = RandomVector(n, 1);
    auto w = RandomVector(n, 2);
    std::vector<float> out(n);
    RmsNorm(x.data(), w.data(), n, 1e-5f, out.data());
    double ss = 0;
    for (float v : x) ss += v * v;
    const double scale = 1.0 / std::sqrt(ss / n + 1e-5);
    for (int64_t i = 0; i < n; ++i) EXPECT_NEAR(out[i], x[i] * scale * w[i], 1e-5) << n;
    RmsNorm(x.data(), w.data(), n, 1e-5f, x.data());  // in place
    for (int64_t i = 0; i < n; ++i) EXPECT_FLOAT_EQ(x[i], out[i]);
  }
}

TEST(OpsTest, SoftmaxIsStableAndNormalized) {
  std::vector<float> x = {1000.0f, 1001.0f, 999.0f, -1e30f};
  Softmax(x.data(), 4);
  const double e0 = std::exp(-1.0), e2 = std::exp(-2.0), sum = e0 + 1 + e2;
  EXPECT_NEAR(x[0], e0 / sum, 1e-6);
  EXPECT_NEAR(x[1], 1 / sum, 1e-6);
  EXPECT_NEAR(x[2], e2 / sum, 1e-6);
  EXPECT_EQ(x[3], 0.0f);
}

TEST(OpsTest, SwiGlu) {
  std::vector<float> g = {0.0f, 1.0f, -2.0f};
  std::vector<float> u = {5.0f, 2.0f, 3.0f};
  SwiGluInPlace(g.data(), u.data(), 3);
  EXPECT_FLOAT_EQ(g[0], 0.0f);
  EXPECT_NEAR(g[1], 2.0 / (1 + std::exp(-1.0)), 1e-6);
  EXPECT_NEAR(g[2], 3.0 * -2.0 / (1 + std::exp(2.0)), 1e-6);
}

TEST(OpsTest, RopeLayouts) {
  const int d = 8;
  std::vector<float> c(d / 2), s(d / 2);
  for (int j = 0; j < d / 2; ++j) {
    c[j] = std::cos(0.3f * (j + 1));
    s[j] = std::sin(0.3f * (j + 1));
  }
  std::vector<float> x = {1, 2, 3, 4, 5, 6, 7, 8};
  auto normal = x;
  RopeNormal(normal.data(), d, c.data(), s.data());
  // pair 1 of the normal layout is (x[2], x[3]) rotated by angle 0.6
  EXPECT_NEAR(normal[2], 3 * c[1] - 4 * s[1], 1e-6);
  EXPECT_NEAR(normal[3], 3 * s[1] + 4 * c[1], 1e-6);
  auto neox = x;
  RopeNeox(neox.data(), d, c.data(), s.data());
  // pair 1 of the NEOX layout is (x[1], x[5])
  EXPECT_NEAR(neox[1], 2 * c[1] - 6 * s[1], 1e-6);
  EXPECT_NEAR(neox[5], 2 * s[1] + 6 * c[1], 1e-6);
  // rotations preserve the norm
  double n0 = 0, n1 = 0, n2 = 0;
  for (int i = 0; i < d; ++i) {
    n0 += x[i] * x[i];
    n1 += normal[i] * normal[i];
    n2 += neox[i] * neox[i];
  }
  EXPECT_NEAR(n1, n0, 1e-4);
  EXPECT_NEAR(n2, n0, 1e-4);
}

void NaiveAttention(const std::vector<float>& q, const std::vector<float>& k,
                    const std::vector<float>& v, int64_t n_kv, int d, int64_t stride, float scale,
                    std::vector<float>* out) {
  std::vector<double> sc(n_kv);
  double max = -1e300;
  for (int64_t i = 0; i < n_kv; ++i) {
    double dot = 0;
    for (int j = 0; j < d; ++j) dot += static_cast<double>(q[j]) * k[i * stride + j];
    sc[i] = dot * scale;
    max = std::max(max, sc[i]);
  }
  double sum = 0;
  for (auto& x : sc) sum += (x = std::exp(x - max));
  out->assign(d, 0.0f);
  for (int64_t i = 0; i < n_kv; ++i) {
    for (int j = 0; j < d; ++j) (*out)[j] += static_cast<float>(sc[i] / sum * v[i * stride + j]);
  }
}

class AttentionTest : public testing::TestWithParam<std::tuple<int, int64_t>> {};

TEST_P(AttentionTest, F32AndF16MatchNaive) {
  const auto [d, n_kv] = GetParam();
  const int64_t stride = 2 * d;
  const float scale = 1.0f / std::sqrt(static_cast<float>(d));
  auto q = RandomVector(d, 3, 2.0f);
  auto k = RandomVector(n_kv * stride, 4);
  auto v = RandomVector(n_kv * stride, 5);
  std::vector<float> expect;
  NaiveAttention(q, k, v, n_kv, d, stride, scale, &expect);
  std::vector<uint16_t> k16(k.size()), v16(v.size());
  F32ToF16Row(k.data(), k16.data(), static_cast<int64_t>(k.size()));
  F32ToF16Row(v.data(), v16.data(), static_cast<int64_t>(v.size()));
  std::vector<float> kr(k.size()), vr(v.size()), expect16;
  F16ToF32Row(k16.data(), kr.data(), static_cast<int64_t>(k.size()));
  F16ToF32Row(v16.data(), vr.data(), static_cast<int64_t>(v.size()));
  NaiveAttention(q, kr, vr, n_kv, d, stride, scale, &expect16);
  for (Isa isa : {Isa::kScalar, DetectIsa()}) {
    SetIsa(isa);
    std::vector<float> scores(static_cast<size_t>(n_kv)), out(static_cast<size_t>(d));
    Attention({q.data(), k.data(), v.data(), false, stride, n_kv, d, scale, scores.data(),
                   out.data()});
    for (int j = 0; j < d; ++j) EXPECT_NEAR(out[j], expect[j], 2e-5) << IsaName(isa) << " " << j;
    Attention({q.data(), k16.data(), v16.data(), true, stride, n_kv, d, scale,
                   scores.data(), out.data()});
    for (int j = 0; j < d; ++j) EXPECT_NEAR(out[j], expect16[j], 2e-5) << IsaName(isa) << " " << j;
  }
  SetIsa(DetectIsa());
}

// Head sizes with register-resident paths (32, 64, 128) and one without (80);
// position counts around the vector width.
INSTANTIATE_TEST_SUITE_P(Shapes, AttentionTest,
                         testing::Combine(testing::Values(32, 64, 80, 128),
                                          testing::Values(int64_t{1}, int64_t{7}, int64_t{37},
                                                          int64_t{300})));

// The query heads of one KV head in one call (n_q > 1, rows q_stride and
// out_stride apart): each head as the naive attention of that head alone, on
// every path, across sets of up to 4 heads and value blocks of 64 positions.
TEST(OpsTest, GroupedAttentionMatchesEachHeadAlone) {
  const int d = 64;
  const int64_t stride = 3 * d, q_stride = d + 16, out_stride = d + 8;
  for (int n_q : {2, 5, 7}) {
    for (int64_t n_kv : {int64_t{1}, int64_t{9}, int64_t{130}}) {
      const auto q = RandomVector(n_q * q_stride, 30 + n_q, 2.0f);
      const auto k = RandomVector(n_kv * stride, 31);
      const auto v = RandomVector(n_kv * stride, 32);
      std::vector<uint16_t> k16(k.size()), v16(v.size());
      F32ToF16Row(k.data(), k16.data(), static_cast<int64_t>(k.size()));
      F32ToF16Row(v.data(), v16.data(), static_cast<int64_t>(v.size()));
      std::vector<float> kr(k.size()), vr(v.size());
      F16ToF32Row(k16.data(), kr.data(), static_cast<int64_t>(k.size()));
      F16ToF32Row(v16.data(), vr.data(), static_cast<int64_t>(v.size()));
      for (Isa isa : {Isa::kScalar, DetectIsa()}) {
        SetIsa(isa);
        for (bool f16 : {false, true}) {
          std::vector<float> scores(static_cast<size_t>(n_q * n_kv)), out(static_cast<size_t>(n_q * out_stride), -7.0f);
          AttentionArgs a{q.data(), f16 ? static_cast<const void*>(k16.data()) : k.data(),
                          f16 ? static_cast<const void*>(v16.data()) : v.data(), f16, stride, n_kv, d, 0.125f,
                          scores.data(), out.data(), n_q, q_stride, out_stride};
          Attention(a);
          for (int h = 0; h < n_q; ++h) {
            std::vector<float> head(q.begin() + h * q_stride, q.begin() + h * q_stride + d), expect;
            NaiveAttention(head, f16 ? kr : k, f16 ? vr : v, n_kv, d, stride, 0.125f, &expect);
            for (int j = 0; j < d; ++j) {
              ASSERT_NEAR(out[h * out_stride + j], expect[j], 2e-5)
                  << IsaName(isa) << " f16=" << f16 << " n_q=" << n_q << " n_kv=" << n_kv << " head " << h;
            }
            // The gap between output rows is left alone.
            for (int64_t j = d; j < out_stride && h + 1 < n_q; ++j) ASSERT_EQ(out[h * out_stride + j], -7.0f);
          }
        }
      }
    }
  }
  SetIsa(DetectIsa());
}

TEST(OpsTest, VectorPathsMatchScalar) {
  if (DetectIsa() == Isa::kScalar) GTEST_SKIP() << "no AVX2 on this CPU";
  for (int64_t n : {1, 7, 8, 15, 16, 64, 133}) {
    auto a = RandomVector(n, 10 + static_cast<uint32_t>(n));
    auto b = RandomVector(n, 20 + static_cast<uint32_t>(n));
    std::vector<uint16_t> a16(n);
    F32ToF16Row(a.data(), a16.data(), n);
    EXPECT_NEAR(ops_internal::DotF32Avx2(a.data(), b.data(), n),
                ops_internal::DotF32Scalar(a.data(), b.data(), n), 1e-4);
    EXPECT_NEAR(ops_internal::DotF16Avx2(a16.data(), b.data(), n),
                ops_internal::DotF16Scalar(a16.data(), b.data(), n), 1e-4);
    auto y1 = b, y2 = b, y3 = b, y4 = b;
    ops_internal::AxpyF32Avx2(0.7f, a.data(), y1.data(), n);
    ops_internal::AxpyF32Scalar(0.7f, a.data(), y2.data(), n);
    ops_internal::AxpyF16Avx2(-1.3f, a16.data(), y3.data(), n);
    ops_internal::AxpyF16Scalar(-1.3f, a16.data(), y4.data(), n);
    for (int64_t i = 0; i < n; ++i) {
      EXPECT_NEAR(y1[i], y2[i], 1e-5);
      EXPECT_NEAR(y3[i], y4[i], 1e-5);
    }
  }
}

// Every half, and floats around every rounding boundary of the half range
// (ties, subnormals, overflow to inf), convert as the scalar rows do; a NaN
// stays a NaN (the vector path keeps part of its payload).
TEST(OpsTest, F16RowVectorPathsMatchScalar) {
  if (DetectIsa() == Isa::kScalar) GTEST_SKIP() << "no AVX2 on this CPU";
  std::vector<uint16_t> halves(0x10000);
  for (uint32_t h = 0; h < 0x10000u; ++h) halves[h] = static_cast<uint16_t>(h);
  std::vector<float> vec(halves.size()), ref(halves.size());
  ops_internal::F16ToF32RowAvx2(halves.data(), vec.data(), static_cast<int64_t>(halves.size()) - 3);
  ops_internal::F16ToF32RowScalar(halves.data(), ref.data(), static_cast<int64_t>(halves.size()) - 3);
  for (size_t i = 0; i + 3 < halves.size(); ++i) {
    if (std::isnan(ref[i])) {
      ASSERT_TRUE(std::isnan(vec[i])) << i;
    } else {
      ASSERT_EQ(std::memcmp(&vec[i], &ref[i], 4), 0) << i;
    }
  }
  std::vector<float> floats;
  for (float f : ref) {
    if (!std::isfinite(f)) continue;
    for (float step : {-0.5f, -0.25f, 0.0f, 0.25f, 0.5f}) {
      floats.push_back(f + step * std::ldexp(std::abs(f) > 0 ? std::abs(f) : 1.0f, -10));
    }
    floats.push_back(std::nextafter(f, 0.0f));
  }
  for (float f : {70000.0f, 65519.0f, 65520.0f, 1e-8f, 3e-8f, std::ldexp(1.0f, -25), 1e38f}) {
    floats.push_back(f);
    floats.push_back(-f);
  }
  floats.push_back(std::numeric_limits<float>::infinity());
  floats.push_back(std::numeric_limits<float>::quiet_NaN());
  const auto n = static_cast<int64_t>(floats.size());
  std::vector<uint16_t> got(floats.size()), want(floats.size());
  ops_internal::F32ToF16RowAvx2(floats.data(), got.data(), n);
  ops_internal::F32ToF16RowScalar(floats.data(), want.data(), n);
  for (int64_t i = 0; i < n; ++i) {
    if (std::isnan(floats[i])) {
      ASSERT_TRUE(std::isnan(F16ToF32(got[i])));
    } else {
      ASSERT_EQ(got[i], want[i]) << floats[i];
    }
  }
}

// First index of the maximum, NaNs ignored: vector path against scalar, over
// lengths around the vector widths and with ties, NaNs and infinities.
TEST(OpsTest, ArgMaxVectorPathMatchesScalar) {
  if (DetectIsa() == Isa::kScalar) GTEST_SKIP() << "no AVX2 on this CPU";
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  for (int64_t n : {1, 7, 15, 16, 17, 31, 33, 1000, 151936}) {
    for (int pattern = 0; pattern < 7; ++pattern) {
      auto x = RandomVector(n, 50 + static_cast<uint32_t>(n));
      const auto last = static_cast<size_t>(n - 1);
      if (pattern == 1) x[last] = 100.0f;                          // the last wins
      if (pattern == 2) x[0] = nan, x[last / 2] = 100.0f;          // a NaN first
      if (pattern == 3) x[last / 3] = 100.0f, x[last] = 100.0f;    // a tie: the first
      if (pattern == 4) std::fill(x.begin(), x.end(), nan);        // all NaN: 0
      if (pattern == 5) std::fill(x.begin(), x.end(), -inf), x[last] = nan;
      if (pattern == 6) {  // the maximum (at a multiple of 16), then NaNs at every later position
        const size_t at = last / 4 / 16 * 16;
        x[at] = 100.0f;
        std::fill(x.begin() + static_cast<std::ptrdiff_t>(at) + 1, x.end(), nan);
      }
      EXPECT_EQ(ops_internal::ArgMaxAvx2(x.data(), n), ops_internal::ArgMaxScalar(x.data(), n))
          << "n " << n << " pattern " << pattern;
    }
  }
  const std::vector<float> x{1.0f, nan, 3.0f, 3.0f, -inf};
  EXPECT_EQ(ArgMax(x.data(), 5), 2);
}

TEST(OpsTest, SwiGluVectorPathMatchesScalar) {
  if (DetectIsa() == Isa::kScalar) GTEST_SKIP() << "no AVX2 on this CPU";
  // Saturating ends (first, so they take the vector loop), then the whole
  // range, then a tail shorter than a vector.
  std::vector<float> gate{0.0f, -0.0f, 1e-30f, -1e-30f, 87.5f, -87.5f, 3e38f, -3e38f, -86.9f, -88.0f, -200.0f};
  for (int k = 0; k <= 650; ++k) gate.push_back(-120.0f + 0.37f * static_cast<float>(k));
  const auto n = static_cast<int64_t>(gate.size());
  const auto up = RandomVector(n, 99);
  auto vec = gate, ref = gate;
  ops_internal::SwiGluAvx2(vec.data(), up.data(), n);
  ops_internal::SwiGluScalar(ref.data(), up.data(), n);
  for (int64_t i = 0; i < n; ++i) {
    ASSERT_TRUE(std::isfinite(vec[i])) << "gate " << gate[i];
    ASSERT_NEAR(vec[i], ref[i], 1e-6f * std::abs(ref[i]) + 1e-30f) << "gate " << gate[i];
  }
}

}  // namespace
}  // namespace dm
