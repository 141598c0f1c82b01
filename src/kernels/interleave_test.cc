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

constexpr GgmlType kTypes[] = {GgmlType::kQ4_0, GgmlType::kQ4_1, GgmlType::kQ5_0, GgmlType::kQ5_1,
                               GgmlType::kQ8_0, GgmlType::kIQ4_NL,
                               GgmlType::kQ2_K, GgmlType::kQ3_K, GgmlType::kQ4_K, GgmlType::kQ5_K,
                               GgmlType::kQ6_K};

int64_t BlockElements(GgmlType type) { return GetGgmlType(type).block_size; }

TEST(Interleave, OnlySupportedTypesInWholeGroups) {
  EXPECT_TRUE(CanInterleave(GgmlType::kQ4_0, 16));
  EXPECT_TRUE(CanInterleave(GgmlType::kQ8_0, 151936));
  EXPECT_TRUE(CanInterleave(GgmlType::kQ4_K, 16));
  EXPECT_TRUE(CanInterleave(GgmlType::kQ6_K, 256));
  EXPECT_FALSE(CanInterleave(GgmlType::kQ4_0, 24));
  EXPECT_FALSE(CanInterleave(GgmlType::kQ8_0, 0));
  EXPECT_FALSE(CanInterleave(GgmlType::kQ6_K, 8));
  EXPECT_TRUE(CanInterleave(GgmlType::kQ5_0, 32));
  EXPECT_TRUE(CanInterleave(GgmlType::kQ4_1, 16));
  EXPECT_TRUE(CanInterleave(GgmlType::kQ5_K, 16));
  EXPECT_TRUE(CanInterleave(GgmlType::kQ5_1, 16));
  EXPECT_TRUE(CanInterleave(GgmlType::kQ2_K, 16));
  EXPECT_FALSE(CanInterleave(GgmlType::kQ2_K, 8));
  EXPECT_TRUE(CanInterleave(GgmlType::kIQ4_NL, 16));
  EXPECT_TRUE(CanInterleave(GgmlType::kQ3_K, 16));
}

// Every row comes back bit for bit, for even and odd block counts.
TEST(Interleave, RoundTripsEveryRow) {
  for (GgmlType type : kTypes) {
    for (int64_t blocks : {1, 3, 48}) {
      const int64_t cols = blocks * BlockElements(type);
      const int64_t rows = 48;
      const size_t row_bytes = *GgmlRowBytes(type, static_cast<uint64_t>(cols));
      const auto src = RandomBytes(rows * row_bytes, static_cast<uint32_t>(cols));
      std::vector<uint8_t> dst(InterleavedOffset(rows, row_bytes)), row(row_bytes);
      ASSERT_EQ(InterleavedGroupBytes(row_bytes) % 64, 0u);
      InterleaveRows(type, src.data(), rows, cols, dst.data());
      for (int64_t r = 0; r < rows; ++r) {
        DeinterleaveRow(type, dst.data() + InterleavedOffset(r / 16 * 16, row_bytes), cols, static_cast<int>(r % 16),
                        row.data());
        ASSERT_EQ(0, std::memcmp(row.data(), src.data() + r * row_bytes, row_bytes))
            << GgmlTypeName(type) << " cols " << cols << " row " << r;
      }
    }
  }
}

// Q6_K's documented line order: scale words 48..51, then per (h, m) the
// words 16h + m, 16h + 8 + m, 32 + 8h + m.
size_t Q6KWord(size_t k) {
  if (k < 4) return 48 + k;
  const size_t h = (k - 4) / 24, m = (k - 4) / 3 % 8;
  return (k - 4) % 3 == 0 ? 16 * h + m : (k - 4) % 3 == 1 ? 16 * h + 8 + m : 32 + 8 * h + m;
}

// The documented placement: line k of block b holds word k (Q6_K: Q6KWord(k))
// of each of the 16 rows (Q5_0's qh and Q3_K's hmask with their bits
// regrouped); Q8_0 values have the sign bit flipped; a block's head holds each
// F16 field of the 16 rows; a pair of blocks with 32-byte heads is
// [head b][head b+1][lines b][lines b+1], a 64-byte head goes before its lines.
TEST(Interleave, PlacesBytesAsDocumented) {
  struct Shape {
    GgmlType type;
    size_t heads, head_offset, words_offset;
  };
  const Shape shapes[] = {{GgmlType::kQ4_0, 1, 0, 2}, {GgmlType::kQ5_0, 1, 0, 2}, {GgmlType::kQ8_0, 1, 0, 2},
                          {GgmlType::kIQ4_NL, 1, 0, 2}, {GgmlType::kQ4_1, 2, 0, 4},
                          {GgmlType::kQ4_K, 2, 0, 4}, {GgmlType::kQ5_K, 2, 0, 4}, {GgmlType::kQ6_K, 1, 208, 0},
                          {GgmlType::kQ3_K, 1, 108, 0}, {GgmlType::kQ2_K, 2, 80, 0}};
  for (const Shape& shape : shapes) {
    const int64_t cols = 2 * BlockElements(shape.type), rows = 16;
    const size_t row_bytes = *GgmlRowBytes(shape.type, static_cast<uint64_t>(cols));
    const size_t block_bytes = row_bytes / 2, head_bytes = 32 * shape.heads;
    const size_t lines = (block_bytes - 2 * shape.heads) / 4;
    const uint8_t flip = shape.type == GgmlType::kQ8_0 ? 0x80 : 0x00;
    const auto src = RandomBytes(rows * row_bytes, 7);
    std::vector<uint8_t> dst(InterleavedOffset(rows, row_bytes));
    InterleaveRows(shape.type, src.data(), rows, cols, dst.data());
    for (size_t b = 0; b < 2; ++b) {
      const size_t head = head_bytes == 64 ? b * block_bytes * 16 : 32 * b;
      const size_t first_line = head_bytes == 64 ? head + 64 : 64 + b * 64 * lines;
      for (size_t k = 0; k < lines; ++k) {
        const size_t word = shape.type == GgmlType::kQ6_K ? Q6KWord(k) : k;
        if (shape.type == GgmlType::kQ3_K && k < 8) {  // hmask, bits regrouped
          constexpr int kHmaskBit[8] = {2, 3, 6, 7, 0, 1, 4, 5};  // of bit 4n + j
          for (size_t j = 0; j < 16; ++j) {
            for (size_t i = 0; i < 4; ++i) {
              const uint8_t hmask = src[j * row_bytes + b * block_bytes + 4 * k + i];
              const uint8_t stored = dst[first_line + (k * 16 + j) * 4 + i];
              for (int bit = 0; bit < 8; ++bit) ASSERT_EQ((stored >> kHmaskBit[bit]) & 1, (hmask >> bit) & 1);
            }
          }
          continue;
        }
        if (shape.type == GgmlType::kQ5_0 && k == 0) {  // qh, bits regrouped
          for (size_t j = 0; j < 16; ++j) {
            uint32_t qh, stored;
            std::memcpy(&qh, &src[j * row_bytes + b * block_bytes + 2], 4);
            std::memcpy(&stored, &dst[first_line + j * 4], 4);
            for (uint32_t byte = 0; byte < 4; ++byte) {
              for (uint32_t bit = 0; bit < 4; ++bit) {
                ASSERT_EQ((stored >> (8 * byte + bit)) & 1, (qh >> (4 * bit + byte)) & 1);
                ASSERT_EQ((stored >> (8 * byte + 4 + bit)) & 1, (qh >> (16 + 4 * bit + byte)) & 1);
              }
            }
          }
          continue;
        }
        for (size_t j = 0; j < 16; ++j) {
          for (size_t i = 0; i < 4; ++i) {
            const uint8_t value = src[j * row_bytes + b * block_bytes + shape.words_offset + 4 * word + i];
            ASSERT_EQ(dst[first_line + (k * 16 + j) * 4 + i], value ^ flip) << GgmlTypeName(shape.type);
          }
        }
      }
      for (size_t f = 0; f < shape.heads; ++f) {
        for (size_t j = 0; j < 16; ++j) {
          const uint8_t* field = &src[j * row_bytes + b * block_bytes + shape.head_offset + 2 * f];
          ASSERT_EQ(0, std::memcmp(&dst[head + 32 * f + 2 * j], field, 2)) << GgmlTypeName(shape.type);
        }
      }
    }
  }
}

// With 32-byte heads and an odd block count the last block is [lines][head],
// and each group is padded with zeros to a multiple of 64 bytes.
TEST(Interleave, OddBlockCountKeepsLinesAligned) {
  const int64_t cols = 3 * 256, rows = 32;  // 3 Q6_K super-blocks: 630-byte rows
  const size_t row_bytes = *GgmlRowBytes(GgmlType::kQ6_K, cols);
  ASSERT_EQ(InterleavedGroupBytes(row_bytes), 16 * row_bytes + 32);
  const auto src = RandomBytes(rows * row_bytes, 11);
  std::vector<uint8_t> dst(InterleavedOffset(rows, row_bytes), 0xff);
  InterleaveRows(GgmlType::kQ6_K, src.data(), rows, cols, dst.data());
  const BlockPlace last = PlaceOf(2, 3, 32, 52);
  EXPECT_EQ(last.lines % 64, 0u);
  EXPECT_EQ(last.head, last.lines + 52 * 64);
  for (size_t g = 0; g < 2; ++g) {
    const uint8_t* group = dst.data() + g * InterleavedGroupBytes(row_bytes);
    for (size_t j = 0; j < 16; ++j) {  // d of row j's last block
      ASSERT_EQ(0, std::memcmp(group + last.head + 2 * j, &src[(16 * g + j) * row_bytes + 2 * 210 + 208], 2));
    }
    for (size_t i = 16 * row_bytes; i < InterleavedGroupBytes(row_bytes); ++i) ASSERT_EQ(group[i], 0) << i;
  }
}

}  // namespace
}  // namespace dm::kernels
