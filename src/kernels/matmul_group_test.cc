// MatMulGroup against one scalar-path MatMul per part: mixed weight types
// (several activation formats in one group, as in Q4_K_M files), row counts
// that are not multiples of the 16-row unit, decode and prefill batches, every
// path and thread count.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "kernels/cpu_features.h"
#include "kernels/matmul.h"
#include "kernels/quantize.h"

namespace dm {
namespace {

struct Matrix {
  std::vector<uint8_t> bytes;
  WeightMatrix view;
};

Matrix MakeMatrix(GgmlType type, int64_t rows, int64_t cols, uint32_t seed) {
  Matrix m;
  const size_t row_bytes = *GgmlRowBytes(type, cols);
  m.bytes.resize(row_bytes * static_cast<size_t>(rows));
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist(0.0f, 0.05f);
  std::vector<float> row(static_cast<size_t>(cols));
  for (int64_t r = 0; r < rows; ++r) {
    for (auto& v : row) v = dist(rng);
    EXPECT_TRUE(QuantizeRow(type, row.data(), m.bytes.data() + r * row_bytes, cols).ok());
  }
  m.view = WeightMatrix{type, m.bytes.data(), rows, cols, row_bytes};
  return m;
}

// sum_c |W[r][c] x[t][c]| per output, to scale the tolerance.
std::vector<double> Magnitude(const WeightMatrix& w, const std::vector<float>& x, int64_t n_tokens) {
  std::vector<double> mag(static_cast<size_t>(n_tokens * w.rows));
  std::vector<float> row(static_cast<size_t>(w.cols));
  for (int64_t r = 0; r < w.rows; ++r) {
    GetRow(w, r, row.data());
    for (int64_t t = 0; t < n_tokens; ++t) {
      double m = 0;
      for (int64_t c = 0; c < w.cols; ++c) m += std::fabs(static_cast<double>(row[c]) * x[t * w.cols + c]);
      mag[t * w.rows + r] = m;
    }
  }
  return mag;
}

ThreadPool& Pool(int threads) {
  static ThreadPool* pools[4] = {};
  if (pools[threads] == nullptr) {
    pools[threads] = new ThreadPool(threads);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let the workers start
  }
  return *pools[threads];
}

struct GroupCase {
  int64_t cols;
  std::vector<std::pair<GgmlType, int64_t>> parts;  // type, rows
};

TEST(MatMulGroup, MatchesSeparateScalarProducts) {
  const GroupCase cases[] = {
      // Q4_K_M-like attention: Q/K Q4_K (Q8_K, 32-groups), V Q6_K (Q8_K, 16-groups).
      {512, {{GgmlType::kQ4_K, 70}, {GgmlType::kQ4_K, 17}, {GgmlType::kQ6_K, 17}}},
      // Legacy and float types together: Q8_0, Q8_1, F16 and F32 activations.
      {256, {{GgmlType::kQ4_0, 33}, {GgmlType::kQ4_1, 5}, {GgmlType::kF16, 48}, {GgmlType::kF32, 1}}},
      // Same type twice (gate + up), long rows.
      {1536, {{GgmlType::kQ8_0, 100}, {GgmlType::kQ8_0, 100}}},
  };
  uint32_t seed = 1;
  for (const GroupCase& gc : cases) {
    std::vector<Matrix> mats;
    for (const auto& [type, rows] : gc.parts) mats.push_back(MakeMatrix(type, rows, gc.cols, seed++));
    for (int64_t n_tokens : {1, 2, 5, 17}) {
      std::vector<float> x(static_cast<size_t>(n_tokens * gc.cols));
      std::mt19937 rng(seed++);
      std::normal_distribution<float> dist(0.0f, 1.0f);
      for (auto& v : x) v = dist(rng);
      std::vector<std::vector<float>> want;
      std::vector<std::vector<double>> mag;
      SetIsa(Isa::kScalar);
      for (const Matrix& m : mats) {
        want.emplace_back(static_cast<size_t>(n_tokens * m.view.rows));
        MatMul(m.view, x.data(), n_tokens, want.back().data(), Pool(1));
        mag.push_back(Magnitude(m.view, x, n_tokens));
      }
      for (Isa isa : {Isa::kScalar, Isa::kAvx2, Isa::kAvx512}) {
        if (isa > DetectIsa()) continue;
        SetIsa(isa);
        for (int threads : {1, 2, 3}) {
          std::vector<std::vector<float>> got;
          std::vector<MatMulPart> parts;
          for (const Matrix& m : mats) got.emplace_back(static_cast<size_t>(n_tokens * m.view.rows), NAN);
          for (size_t i = 0; i < mats.size(); ++i) parts.push_back({&mats[i].view, got[i].data()});
          MatMulGroup(parts, x.data(), n_tokens, Pool(threads));
          for (size_t i = 0; i < mats.size(); ++i) {
            for (size_t j = 0; j < got[i].size(); ++j) {
              ASSERT_NEAR(got[i][j], want[i][j], 2e-6 * mag[i][j] + 1e-7)
                  << IsaName(isa) << " threads " << threads << " tokens " << n_tokens << " part " << i << " ("
                  << GgmlTypeName(mats[i].view.type) << ") at " << j;
            }
          }
        }
      }
      SetIsa(DetectIsa());
    }
  }
}

}  // namespace
}  // namespace dm
