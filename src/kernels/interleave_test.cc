#include "kernels/interleave.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

namespace dm::kernels {
namespace {

std::vector<uint8_t> RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(rng());
  return v;
}

TEST(Interleave, OnlyQ4_0AndQ8_0InWholeGroups) {
  EXPECT_TRUE(CanInterleave(GgmlType::kQ4_0, 16));
  EXPECT_TRUE(CanInterleave(GgmlType::kQ8_0, 151936));
  EXPECT_FALSE(CanInterleave(GgmlType::kQ4_0, 24));
  EXPECT_FALSE(CanInterleave(GgmlType::kQ8_0, 0));
  EXPECT_FALSE(CanInterleave(GgmlType::kQ4_K, 16));
  EXPECT_FALSE(CanInterleave(GgmlType::kQ5_0, 16));
}

// Every row comes back bit for bit, for even and odd block counts.
TEST(Interleave, RoundTripsEveryRow) {
  for (GgmlType type : {GgmlType::kQ4_0, GgmlType::kQ8_0}) {
    for (int64_t cols : {32, 96, 1536}) {
      const int64_t rows = 48;
      const size_t row_bytes = *GgmlRowBytes(type, static_cast<uint64_t>(cols));
      const auto src = RandomBytes(rows * row_bytes, static_cast<uint32_t>(cols));
      std::vector<uint8_t> dst(src.size()), row(row_bytes);
      InterleaveRows(type, src.data(), rows, cols, dst.data());
      for (int64_t r = 0; r < rows; ++r) {
        DeinterleaveRow(type, dst.data() + (r / 16) * 16 * row_bytes, cols, static_cast<int>(r % 16), row.data());
        ASSERT_EQ(0, std::memcmp(row.data(), src.data() + r * row_bytes, row_bytes)) << "cols " << cols << " row " << r;
      }
    }
  }
}

// The documented placement: line k of block b holds 4 value bytes of each of
// the 16 rows; Q8_0 values have the sign bit flipped; a pair of blocks is
// [scales b][scales b+1][lines b][lines b+1].
TEST(Interleave, PlacesBytesAsDocumented) {
  const int64_t cols = 64, rows = 16;  // 2 blocks per row
  for (GgmlType type : {GgmlType::kQ4_0, GgmlType::kQ8_0}) {
    const size_t row_bytes = *GgmlRowBytes(type, cols);
    const size_t block_bytes = row_bytes / 2, lines = (block_bytes - 2) / 4;
    const uint8_t flip = type == GgmlType::kQ8_0 ? 0x80 : 0x00;
    const auto src = RandomBytes(rows * row_bytes, 7);
    std::vector<uint8_t> dst(src.size());
    InterleaveRows(type, src.data(), rows, cols, dst.data());
    for (size_t b = 0; b < 2; ++b) {
      for (size_t k = 0; k < lines; ++k) {
        for (size_t j = 0; j < 16; ++j) {
          for (size_t i = 0; i < 4; ++i) {
            const uint8_t value = src[j * row_bytes + b * block_bytes + 2 + 4 * k + i];
            ASSERT_EQ(dst[64 + b * 64 * lines + (k * 16 + j) * 4 + i], value ^ flip);
          }
        }
      }
      for (size_t j = 0; j < 16; ++j) {
        const size_t scale = 32 * b + 2 * j;
        ASSERT_EQ(0, std::memcmp(&dst[scale], &src[j * row_bytes + b * block_bytes], 2));
      }
    }
  }
}

}  // namespace
}  // namespace dm::kernels
