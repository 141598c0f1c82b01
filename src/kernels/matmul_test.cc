#include "kernels/matmul.h"

#include <gtest/gtest.h>

#include <bit>
#include <chrono>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "kernels/cpu_features.h"
#include "kernels/interleave.h"
#include "kernels/kernel_table.h"
#include "kernels/quantize.h"

namespace dm {
namespace {

// The activation format MatMul rounds x to for each weight type.
GgmlType ActType(GgmlType w) {
  switch (w) {
    case GgmlType::kF32:
      return GgmlType::kF32;
    case GgmlType::kF16:
      return GgmlType::kF16;
    case GgmlType::kBF16:
      return GgmlType::kBF16;
    case GgmlType::kQ4_1:
    case GgmlType::kQ5_1:
      return GgmlType::kQ8_1;
    case GgmlType::kQ4_0:
    case GgmlType::kQ5_0:
    case GgmlType::kQ8_0:
    case GgmlType::kIQ4_NL:
      return GgmlType::kQ8_0;
    default:
      return GgmlType::kQ8_K;
  }
}

struct Problem {
  GgmlType type;
  int64_t rows, cols, n_tokens;
  std::vector<uint8_t> w;
  std::vector<float> x;
  WeightMatrix view() const {
    return WeightMatrix{type, w.data(), rows, cols, static_cast<size_t>(*GgmlRowBytes(type, cols))};
  }
};

Problem MakeProblem(GgmlType type, int64_t rows, int64_t cols, int64_t n_tokens, uint32_t seed) {
  Problem p{type, rows, cols, n_tokens, {}, {}};
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist(0.0f, 1.0f);
  std::vector<float> wf(static_cast<size_t>(cols));
  const size_t row_bytes = *GgmlRowBytes(type, cols);
  p.w.resize(row_bytes * rows);
  for (int64_t r = 0; r < rows; ++r) {
    const float row_scale = 0.02f * (1.0f + static_cast<float>(r % 5));
    for (auto& v : wf) v = row_scale * dist(rng) + (r % 3 == 0 ? 0.01f : 0.0f);
    EXPECT_TRUE(QuantizeRow(type, wf.data(), p.w.data() + r * row_bytes, cols).ok());
  }
  p.x.resize(static_cast<size_t>(n_tokens * cols));
  for (auto& v : p.x) v = dist(rng);
  for (int64_t c = 0; c < cols; c += 97) p.x[c] = 9.0f;  // outliers, as in real activations
  return p;
}

// Pools live for the whole test binary. A worker that has not started yet
// when the pool is first used (or destroyed) can miss that generation bump in
// util/thread_pool.cc, so give the workers time to start once.
ThreadPool& Pool(int threads) {
  static ThreadPool* pools[4] = {};
  if (pools[threads] == nullptr) {
    pools[threads] = new ThreadPool(threads);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return *pools[threads];
}

std::vector<float> RunMatMul(const Problem& p, Isa isa, int threads, const WeightMatrix* w = nullptr) {
  SetIsa(isa);
  ThreadPool& pool = Pool(threads);
  std::vector<float> y(static_cast<size_t>(p.n_tokens * p.rows), NAN);
  MatMul(w != nullptr ? *w : p.view(), p.x.data(), p.n_tokens, y.data(), pool);
  SetIsa(DetectIsa());
  return y;
}

// sum_c |w[r][c] * xq[t][c]| in double, with xq the activations rounded to the
// weight type's activation format, and the exact product of those operands.
void Reference(const Problem& p, std::vector<double>* exact, std::vector<double>* magnitude) {
  const GgmlType act = ActType(p.type);
  std::vector<float> wr(static_cast<size_t>(p.cols)), xr(static_cast<size_t>(p.cols));
  std::vector<uint8_t> xq(*GgmlRowBytes(act, p.cols));
  exact->assign(static_cast<size_t>(p.n_tokens * p.rows), 0.0);
  magnitude->assign(exact->size(), 0.0);
  for (int64_t t = 0; t < p.n_tokens; ++t) {
    ASSERT_TRUE(QuantizeRow(act, p.x.data() + t * p.cols, xq.data(), p.cols).ok());
    DequantizeRow(act, xq.data(), xr.data(), p.cols);
    for (int64_t r = 0; r < p.rows; ++r) {
      GetRow(p.view(), r, wr.data());
      double s = 0, m = 0;
      for (int64_t c = 0; c < p.cols; ++c) {
        s += static_cast<double>(wr[c]) * xr[c];
        m += std::fabs(static_cast<double>(wr[c]) * xr[c]);
      }
      (*exact)[t * p.rows + r] = s;
      (*magnitude)[t * p.rows + r] = m;
    }
  }
}

class MatMulTest : public ::testing::TestWithParam<GgmlType> {};

// The scalar path computes exactly the product of the dequantized weights and
// the rounded activations (up to float summation error).
TEST_P(MatMulTest, ScalarMatchesDequantizedProduct) {
  const GgmlType type = GetParam();
  const int64_t cols = GetGgmlType(type).block_size == 256 ? 768 : 224;
  const Problem p = MakeProblem(type, 19, cols, 3, 11);
  std::vector<double> exact, mag;
  Reference(p, &exact, &mag);
  const auto y = RunMatMul(p, Isa::kScalar, 1);
  // Q8_1 stores s = d * sum(q) as F16, so the min term carries F16 rounding.
  const double rel = ActType(type) == GgmlType::kQ8_1 ? 1e-3 : 2e-6;
  for (size_t i = 0; i < y.size(); ++i) ASSERT_NEAR(y[i], exact[i], rel * mag[i] + 1e-7) << i;
}

// Every path, at every thread count, matches the scalar path on odd shapes.
TEST_P(MatMulTest, EveryPathMatchesScalar) {
  const GgmlType type = GetParam();
  const bool k = GetGgmlType(type).block_size == 256;
  // 48 rows: whole 16-row groups (AVX2 regroups Q6_K per call for prefill).
  const int64_t shapes[][2] = {{1, k ? 256 : 32}, {37, k ? 512 : 96}, {48, k ? 768 : 160}, {70, k ? 1280 : 544}};
  for (const auto& shape : shapes) {
    for (int64_t n_tokens : {1, 3, 17, 64}) {
      const Problem p =
          MakeProblem(type, shape[0], shape[1], n_tokens, static_cast<uint32_t>(shape[0] * 131 + n_tokens));
      std::vector<double> exact, mag;
      Reference(p, &exact, &mag);
      const auto ref = RunMatMul(p, Isa::kScalar, 1);
      for (Isa isa : {Isa::kScalar, Isa::kAvx2, Isa::kAvx512}) {
        if (isa > DetectIsa()) continue;
        for (int threads : {1, 2, 3}) {
          const auto y = RunMatMul(p, isa, threads);
          for (size_t i = 0; i < y.size(); ++i) {
            ASSERT_NEAR(y[i], ref[i], 2e-6 * mag[i] + 1e-7)
                << IsaName(isa) << " threads " << threads << " rows " << p.rows << " cols " << p.cols << " tokens "
                << n_tokens << " at " << i;
          }
        }
      }
    }
  }
}

// The fused decode kernels (decode_*_avx512.cc, 1..5 tokens) on model-sized
// rows: row groups of 4 with 1..3 left over, every step full plus tails.
TEST_P(MatMulTest, DecodeKernelsMatchScalarOnModelShapes) {
  const GgmlType type = GetParam();
  if (kernels::FindIntWeightType(type) == nullptr || DetectIsa() < Isa::kAvx2) GTEST_SKIP();
  const int64_t shapes[][2] = {{13, 1536}, {6, 8960}, {7, 4864}};
  for (const auto& shape : shapes) {
    if (shape[1] % GetGgmlType(type).block_size != 0) continue;
    for (int64_t n_tokens : {1, 2, 5}) {
      const Problem p = MakeProblem(type, shape[0], shape[1], n_tokens, static_cast<uint32_t>(shape[1] + n_tokens));
      std::vector<double> exact, mag;
      Reference(p, &exact, &mag);
      const auto ref = RunMatMul(p, Isa::kScalar, 1);
      for (Isa isa : {Isa::kAvx2, Isa::kAvx512}) {
        if (isa > DetectIsa()) continue;
        for (int threads : {1, 2}) {
          const auto y = RunMatMul(p, isa, threads);
          for (size_t i = 0; i < y.size(); ++i) {
            ASSERT_NEAR(y[i], ref[i], 2e-6 * mag[i] + 1e-7) << IsaName(isa) << " rows " << p.rows << " cols "
                                                             << p.cols << " tokens " << n_tokens << " at " << i;
          }
        }
      }
    }
  }
}

// Row-interleaved Q4_0 / Q8_0 (interleave.h): the AVX-512 decode kernel and
// the fallback of every other path and batch match the scalar path on the
// file layout; odd block counts leave the lines unaligned.
TEST_P(MatMulTest, InterleavedMatchesScalar) {
  const GgmlType type = GetParam();
  if (!kernels::CanInterleave(type, 16)) GTEST_SKIP();
  // 3 blocks, an even count and an odd one (4864 = 19 K super-blocks);
  // token counts with every tile remainder, and past Q6_K's 64 (GEMM on
  // restored groups).
  const int64_t three_blocks = 3 * static_cast<int64_t>(GetGgmlType(type).block_size);
  const int64_t shapes[][2] = {{16, three_blocks}, {48, 1536}, {32, 4864}};
  for (const auto& shape : shapes) {
    for (int64_t n_tokens : {1, 2, 5, 7, 17, 70}) {
      const Problem p = MakeProblem(type, shape[0], shape[1], n_tokens, static_cast<uint32_t>(shape[1] + n_tokens));
      std::vector<double> exact, mag;
      Reference(p, &exact, &mag);
      const auto ref = RunMatMul(p, Isa::kScalar, 1);
      std::vector<uint8_t> storage(InterleavedBytes(p.view()) + 64);
      auto* aligned = storage.data() + (64 - reinterpret_cast<uintptr_t>(storage.data()) % 64) % 64;
      const WeightMatrix w = InterleavedCopy(p.view(), aligned);
      for (Isa isa : {Isa::kScalar, Isa::kAvx2, Isa::kAvx512}) {
        if (isa > DetectIsa()) continue;
        for (int threads : {1, 2}) {
          const auto y = RunMatMul(p, isa, threads, &w);
          for (size_t i = 0; i < y.size(); ++i) {
            ASSERT_NEAR(y[i], ref[i], 2e-6 * mag[i] + 1e-7) << IsaName(isa) << " threads " << threads << " rows "
                                                             << p.rows << " cols " << p.cols << " tokens "
                                                             << n_tokens << " at " << i;
          }
        }
      }
      std::vector<float> row(static_cast<size_t>(p.cols)), expected(row.size());
      for (int64_t r = 0; r < p.rows; r += 7) {
        GetRow(w, r, row.data());
        GetRow(p.view(), r, expected.data());
        ASSERT_EQ(row, expected) << "row " << r;
      }
    }
  }
}

TEST_P(MatMulTest, QuantizedProductApproximatesF32Product) {
  const GgmlType type = GetParam();
  const Problem p = MakeProblem(type, 16, 512, 2, 5);
  const auto y = RunMatMul(p, DetectIsa(), 2);
  // Compare with the F32 weights' product: error relative to the output RMS.
  std::vector<float> wr(512);
  double err = 0, sig = 0;
  for (int64_t t = 0; t < 2; ++t) {
    for (int64_t r = 0; r < 16; ++r) {
      GetRow(p.view(), r, wr.data());
      double s = 0;
      for (int64_t c = 0; c < 512; ++c) s += static_cast<double>(wr[c]) * p.x[t * 512 + c];
      err += (y[t * 16 + r] - s) * (y[t * 16 + r] - s);
      sig += s * s;
    }
  }
  EXPECT_LT(std::sqrt(err / sig), 0.02) << GgmlTypeName(type);
}

INSTANTIATE_TEST_SUITE_P(Types, MatMulTest,
                         ::testing::Values(GgmlType::kF32, GgmlType::kF16, GgmlType::kBF16, GgmlType::kQ4_0,
                                           GgmlType::kQ4_1, GgmlType::kQ5_0, GgmlType::kQ5_1, GgmlType::kQ8_0,
                                           GgmlType::kIQ4_NL, GgmlType::kQ2_K, GgmlType::kQ3_K, GgmlType::kQ4_K,
                                           GgmlType::kQ5_K, GgmlType::kQ6_K),
                         [](const auto& info) { return std::string(GgmlTypeName(info.param)); });

TEST(MatMul, SupportedTypes) {
  EXPECT_TRUE(IsSupportedWeightType(GgmlType::kQ4_K));
  EXPECT_TRUE(IsSupportedWeightType(GgmlType::kIQ4_NL));
  EXPECT_FALSE(IsSupportedWeightType(GgmlType::kIQ2_XXS));
  EXPECT_FALSE(IsSupportedWeightType(GgmlType::kQ8_K));
}

TEST(CpuFeatures, SetIsaIsClampedToDetected) {
  SetIsa(Isa::kAvx512);
  EXPECT_LE(ActiveIsa(), DetectIsa());
  SetIsa(Isa::kScalar);
  EXPECT_EQ(ActiveIsa(), Isa::kScalar);
  SetIsa(DetectIsa());
  EXPECT_EQ(IsaName(Isa::kAvx2), "avx2");
}

}  // namespace
}  // namespace dm

namespace dm {
namespace {

// The SIMD activation converters round exactly like the scalar ones.
TEST(ActivationConverters, SimdMatchesScalarBitForBit) {
  if (DetectIsa() < Isa::kAvx2) GTEST_SKIP() << "no AVX2";
  std::mt19937 rng(3);
  std::normal_distribution<float> dist(0.0f, 3.0f);
  std::vector<float> x(1000);
  for (auto& v : x) v = dist(rng);
  x[1] = 65519.0f;  // largest value that rounds to a finite half
  x[2] = 1e-7f;     // half subnormal
  x[3] = -0.0f;
  x[4] = std::bit_cast<float>(0x3f808000u);  // bf16 tie
  for (GgmlType type : {GgmlType::kF16, GgmlType::kBF16}) {
    const kernels::QuantizeRowFn simd = kernels::Avx2ActQuantizer(type);
    ASSERT_NE(simd, nullptr);
    std::vector<uint16_t> a(x.size()), b(x.size());
    simd(x.data(), a.data(), static_cast<int64_t>(x.size()));
    ASSERT_TRUE(QuantizeRow(type, x.data(), b.data(), static_cast<int64_t>(x.size())).ok());
    EXPECT_EQ(a, b) << GgmlTypeName(type);
  }
}

}  // namespace
}  // namespace dm

namespace dm {
namespace {

// The one-pass SIMD activation quantizer equals scalar quantize + layout.
TEST(ActivationConverters, SimdLayoutMatchesScalarBitForBit) {
  if (DetectIsa() < Isa::kAvx2) GTEST_SKIP() << "no AVX2";
  std::mt19937 rng(4);
  std::normal_distribution<float> dist(0.0f, 2.0f);
  std::vector<float> x(1024);
  for (auto& v : x) v = dist(rng);
  for (int i = 0; i < 32; ++i) x[64 + i] = 0.0f;  // an all-zero block
  x[300] = 50.0f;                                 // largest magnitude, positive ...
  x[310] = -50.0f;                                // ... tied with a later negative one
  x[5] = 0.5f / 127.0f * 3.0f;
  for (int i = 512; i < 768; ++i) x[i] = -std::fabs(x[i]);  // a 256-block of values <= 0
  for (int i = 768; i < 1024; ++i) x[i] = 0.0f;             // an all-zero 256-block
  const struct {
    GgmlType act;
    int group;
  } cases[] = {{GgmlType::kQ8_0, 32}, {GgmlType::kQ8_1, 32}, {GgmlType::kQ8_K, 16}, {GgmlType::kQ8_K, 32}};
  for (const auto& c : cases) {
    const kernels::ActLayout layout = kernels::MakeActLayout(1024, c.group);
    std::vector<uint8_t> blocks(*GgmlRowBytes(c.act, 1024)), want(layout.stride), got(layout.stride);
    ASSERT_TRUE(QuantizeRow(c.act, x.data(), blocks.data(), 1024).ok());
    kernels::ToActLayout(c.act, blocks.data(), layout, want.data());
    kernels::Avx2ActLayoutQuantizer(c.act)(x.data(), layout, got.data());
    EXPECT_EQ(0, std::memcmp(want.data(), got.data(), 1024)) << GgmlTypeName(c.act) << " values";
    const size_t groups = 1024 / c.group;
    EXPECT_EQ(0, std::memcmp(want.data() + layout.da_off, got.data() + layout.da_off, groups * 4)) << "da";
    EXPECT_EQ(0, std::memcmp(want.data() + layout.isum_off, got.data() + layout.isum_off, groups * 4)) << "isum";
    EXPECT_EQ(0, std::memcmp(want.data() + layout.sa_off, got.data() + layout.sa_off, groups * 4)) << "sa";
  }
}

}  // namespace
}  // namespace dm
