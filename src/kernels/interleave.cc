#include "kernels/interleave.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <limits>
#include <vector>

#include "kernels/blocks.h"
#include "kernels/kernel_table.h"
#include "util/status.h"

namespace dm::kernels {
namespace {

// Word of each line: in order, or Q6_K's order (interleave.h): the 4 scale
// words (48..51), then per h = 0, 1 and m = 0..7 the words 16h + m,
// 16h + 8 + m and 32 + 8h + m.
constexpr size_t kMaxLines = 52;
using WordOrder = std::array<uint8_t, kMaxLines>;
constexpr WordOrder InOrder() {
  WordOrder order{};
  for (size_t k = 0; k < kMaxLines; ++k) order[k] = static_cast<uint8_t>(k);
  return order;
}
constexpr WordOrder Q6KOrder() {
  WordOrder order{};
  for (size_t k = 0; k < kMaxLines; ++k) {
    const size_t triple = (k - 4) / 3, h = triple / 8, m = triple % 8;
    const size_t first[3] = {16 * h, 16 * h + 8, 32 + 8 * h};
    order[k] = static_cast<uint8_t>(k < 4 ? 48 + k : first[(k - 4) % 3] + m);
  }
  return order;
}
constexpr WordOrder kInOrder = InOrder(), kQ6KOrder = Q6KOrder();

// Q5_0's qh word as stored in line 0 (interleave.h): byte t bit k holds
// bit 4k + t, bit 4 + k holds bit 16 + 4k + t (k, t = 0..3). Bit i goes to
// bit Regrouped(i): the 5 bits of i rotated right by 2.
constexpr uint32_t Regrouped(uint32_t i) { return (i >> 2) | ((i & 3) << 3); }
constexpr uint32_t Original(uint32_t j) { return ((j << 2) & 31) | (j >> 3); }
// A bit permutation moves each byte's bits independently, so per byte
// position n a table of its 256 values' images ORs into the result.
using ByteImages = std::array<std::array<uint32_t, 256>, 4>;
constexpr ByteImages PermutationTables(uint32_t (*to)(uint32_t)) {
  ByteImages tables{};
  for (uint32_t n = 0; n < 4; ++n) {
    for (uint32_t v = 0; v < 256; ++v) {
      for (uint32_t bit = 0; bit < 8; ++bit) {
        if ((v >> bit) & 1) tables[n][v] |= 1u << to(8 * n + bit);
      }
    }
  }
  return tables;
}
constexpr ByteImages kRegroupQh = PermutationTables(Regrouped), kRestoreQh = PermutationTables(Original);

// Q3_K's hmask words as stored in lines 0..7 (interleave.h): each byte's bit
// 4n + j goes to bit kHmaskBit[4n + j] (n = 0, 1; j = 0..3), so that bits
// 2, 3, 6, 7 hold j = 0, 1, 2, 3 of n = 0 and bits 0, 1, 4, 5 those of n = 1.
constexpr uint32_t kHmaskBit[8] = {2, 3, 6, 7, 0, 1, 4, 5};
constexpr uint32_t HmaskRegrouped(uint32_t i) { return (i & ~7u) | kHmaskBit[i & 7]; }
constexpr uint32_t HmaskOriginal(uint32_t j) {
  uint32_t b = 0;
  while (kHmaskBit[b] != (j & 7)) ++b;
  return (j & ~7u) | b;
}
constexpr ByteImages kRegroupHmask = PermutationTables(HmaskRegrouped),
                     kRestoreHmask = PermutationTables(HmaskOriginal);
uint32_t Permute(const ByteImages& tables, uint32_t word) {
  return tables[0][word & 255] | tables[1][(word >> 8) & 255] | tables[2][(word >> 16) & 255] | tables[3][word >> 24];
}

// A supported type's block: `heads` F16 fields at head_offset, then (or,
// for Q2_K, Q3_K and Q6_K, before) `lines` 4-byte words at words_offset; line k holds word
// (*order)[k] with each byte xor-ed with flip, and lines below
// regrouped_lines the word's bits permuted by regroup (Q5_0 / Q5_1: line 0,
// the qh word; Q3_K: lines 0..7, the hmask words; interleave.h).
struct BlockShape {
  int64_t elements;
  size_t block_bytes;
  size_t heads, head_offset;
  size_t lines, words_offset;
  uint8_t flip;
  const WordOrder* order;
  size_t regrouped_lines = 0;
  const ByteImages* regroup = nullptr;
  const ByteImages* restore = nullptr;
  size_t head_bytes() const { return 32 * heads; }
  size_t WordOffset(size_t k) const { return words_offset + 4 * size_t{(*order)[k]}; }
  BlockPlace Place(size_t b, size_t nb) const { return PlaceOf(b, nb, head_bytes(), lines); }
  uint32_t ToLine(size_t k, uint32_t word) const {
    word ^= flip * 0x01010101u;
    return k < regrouped_lines ? Permute(*regroup, word) : word;
  }
  uint32_t FromLine(size_t k, uint32_t word) const {
    word ^= flip * 0x01010101u;
    return k < regrouped_lines ? Permute(*restore, word) : word;
  }
};

BlockShape ShapeOf(GgmlType type) {
  switch (type) {
    case GgmlType::kQ4_0:
      return {kQK, sizeof(BlockQ4_0), 1, 0, sizeof(BlockQ4_0::qs) / 4, 2, 0x00, &kInOrder};
    case GgmlType::kQ4_1:
      return {kQK, sizeof(BlockQ4_1), 2, 0, sizeof(BlockQ4_1::qs) / 4, 4, 0x00, &kInOrder};
    case GgmlType::kQ5_0:
      return {kQK, sizeof(BlockQ5_0), 1, 0, (sizeof(BlockQ5_0) - 2) / 4, 2, 0x00, &kInOrder, 1, &kRegroupQh, &kRestoreQh};
    case GgmlType::kQ5_1:
      return {kQK, sizeof(BlockQ5_1), 2, 0, (sizeof(BlockQ5_1) - 4) / 4, 4, 0x00, &kInOrder, 1, &kRegroupQh, &kRestoreQh};
    case GgmlType::kQ8_0:
      return {kQK, sizeof(BlockQ8_0), 1, 0, sizeof(BlockQ8_0::qs) / 4, 2, 0x80, &kInOrder};
    case GgmlType::kIQ4_NL:
      return {kQK, sizeof(BlockIq4Nl), 1, 0, sizeof(BlockIq4Nl::qs) / 4, 2, 0x00, &kInOrder};
    case GgmlType::kQ2_K:
      return {kQKK, sizeof(BlockQ2K), 2, offsetof(BlockQ2K, d), offsetof(BlockQ2K, d) / 4, 0, 0x00, &kInOrder};
    case GgmlType::kQ3_K:
      return {kQKK, sizeof(BlockQ3K), 1, offsetof(BlockQ3K, d), offsetof(BlockQ3K, d) / 4, 0, 0x00, &kInOrder, 8,
              &kRegroupHmask, &kRestoreHmask};
    case GgmlType::kQ4_K:
      return {kQKK, sizeof(BlockQ4K), 2, 0, (sizeof(BlockQ4K) - 4) / 4, 4, 0x00, &kInOrder};
    case GgmlType::kQ5_K:
      return {kQKK, sizeof(BlockQ5K), 2, 0, (sizeof(BlockQ5K) - 4) / 4, 4, 0x00, &kInOrder};
    case GgmlType::kQ6_K:
      return {kQKK, sizeof(BlockQ6K), 1, offsetof(BlockQ6K, d), offsetof(BlockQ6K, d) / 4, 0, 0x00,
              &kQ6KOrder};
    default:
      DM_CHECK_MSG(false, "type has no interleaved layout");
  }
  return {};
}

// Writes rows [j0, j1) of the group (0 <= j0 < j1 <= 16) in the file layout
// to dst, row_bytes apart, line by line: each line's words go to the same
// place in every row.
void RestoreRows(const BlockShape& s, const uint8_t* group, size_t nb, size_t j0, size_t j1, uint8_t* dst) {
  const size_t row_bytes = nb * s.block_bytes;
  for (size_t b = 0; b < nb; ++b) {
    const BlockPlace place = s.Place(b, nb);
    uint8_t* block = dst + b * s.block_bytes;  // of row j0; row j's is (j - j0) * row_bytes on
    for (size_t f = 0; f < s.heads; ++f) {
      for (size_t j = j0; j < j1; ++j) {
        std::memcpy(block + (j - j0) * row_bytes + s.head_offset + 2 * f, group + place.head + 32 * f + 2 * j, 2);
      }
    }
    for (size_t k = 0; k < s.lines; ++k) {
      const uint8_t* line = group + place.lines + 64 * k;
      uint8_t* word_in_row = block + s.WordOffset(k);
      for (size_t j = j0; j < j1; ++j) {
        uint32_t word;
        std::memcpy(&word, line + 4 * j, 4);
        word = s.FromLine(k, word);
        std::memcpy(word_in_row + (j - j0) * row_bytes, &word, 4);
      }
    }
  }
}

}  // namespace

bool CanInterleave(GgmlType type, int64_t rows) {
  const bool typed = type == GgmlType::kQ4_0 || type == GgmlType::kQ5_0 || type == GgmlType::kQ8_0 ||
                     type == GgmlType::kIQ4_NL || type == GgmlType::kQ4_1 || type == GgmlType::kQ5_1 ||
                     type == GgmlType::kQ2_K || type == GgmlType::kQ3_K || type == GgmlType::kQ4_K ||
                     type == GgmlType::kQ5_K ||
                     type == GgmlType::kQ6_K;
  return typed && rows > 0 && rows % kInterleaveRows == 0;
}

int64_t InterleavedMaxTokens(GgmlType type) {
  switch (type) {
    case GgmlType::kQ2_K:
    case GgmlType::kQ6_K:
      return 64;
    case GgmlType::kQ3_K:
      return 16;
    default:
      return std::numeric_limits<int64_t>::max();
  }
}

void InterleaveRows(GgmlType type, const uint8_t* src, int64_t rows, int64_t cols, uint8_t* dst) {
  const BlockShape s = ShapeOf(type);
  DM_CHECK(CanInterleave(type, rows) && cols % s.elements == 0);
  const auto nb = static_cast<size_t>(cols / s.elements);
  const size_t row_bytes = nb * s.block_bytes;
  for (int64_t g = 0; g < rows / kInterleaveRows; ++g) {
    const uint8_t* in = src + static_cast<size_t>(g) * kInterleaveRows * row_bytes;
    uint8_t* out = dst + InterleavedOffset(g * kInterleaveRows, row_bytes);
    std::memset(out + kInterleaveRows * row_bytes, 0, InterleavedGroupBytes(row_bytes) - kInterleaveRows * row_bytes);
    for (size_t b = 0; b < nb; ++b) {
      const BlockPlace place = s.Place(b, nb);
      auto* words = reinterpret_cast<uint32_t*>(out + place.lines);
      for (size_t k = 0; k < s.lines; ++k) {
        for (size_t j = 0; j < kInterleaveRows; ++j) {
          uint32_t word;
          std::memcpy(&word, in + j * row_bytes + b * s.block_bytes + s.WordOffset(k), 4);
          *words++ = s.ToLine(k, word);
        }
      }
      for (size_t f = 0; f < s.heads; ++f) {
        for (size_t j = 0; j < kInterleaveRows; ++j) {
          const uint8_t* field = in + j * row_bytes + b * s.block_bytes + s.head_offset + 2 * f;
          std::memcpy(out + place.head + 32 * f + j * 2, field, 2);
        }
      }
    }
  }
}

void DeinterleaveRow(GgmlType type, const uint8_t* group, int64_t cols, int lane, uint8_t* dst) {
  const BlockShape s = ShapeOf(type);
  DM_CHECK(lane >= 0 && lane < kInterleaveRows && cols % s.elements == 0);
  const auto j = static_cast<size_t>(lane);
  RestoreRows(s, group, static_cast<size_t>(cols / s.elements), j, j + 1, dst);
}

void DeinterleaveGroup(GgmlType type, const uint8_t* group, int64_t cols, uint8_t* dst) {
  const BlockShape s = ShapeOf(type);
  DM_CHECK(cols % s.elements == 0);
  RestoreRows(s, group, static_cast<size_t>(cols / s.elements), 0, kInterleaveRows, dst);
}

void DeinterleavedRowRange(const MatMulArgs& a, int64_t r0, int64_t r1) {
  DM_CHECK(r0 % kInterleaveRows == 0 && r1 % kInterleaveRows == 0 && a.deinterleaved_kernel != nullptr);
  // Pieces of whole groups, about kPieceBytes, so the kernel gets row ranges
  // long enough for its own blocking (a GEMM call per 16 rows is slow).
  constexpr size_t kPieceBytes = size_t{256} << 10;
  const int64_t piece_rows =
      std::max<int64_t>(1, static_cast<int64_t>(kPieceBytes / a.w_row_bytes) / kInterleaveRows) * kInterleaveRows;
  thread_local std::vector<uint8_t> rows;
  rows.resize(static_cast<size_t>(piece_rows) * a.w_row_bytes);
  MatMulArgs piece = a;
  piece.w = rows.data();
  for (int64_t r = r0; r < r1; r += piece_rows) {
    const int64_t n = std::min(piece_rows, r1 - r);
    for (int64_t g = 0; g < n; g += kInterleaveRows) {
      DeinterleaveGroup(a.w_type, a.w + InterleavedOffset(r + g, a.w_row_bytes), a.cols,
                        rows.data() + static_cast<size_t>(g) * a.w_row_bytes);
    }
    piece.y = a.y + r;
    a.deinterleaved_kernel(piece, 0, n);
  }
}

}  // namespace dm::kernels
