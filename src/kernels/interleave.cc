#include "kernels/interleave.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "kernels/blocks.h"
#include "kernels/kernel_table.h"
#include "util/status.h"

namespace dm::kernels {
namespace {

// A supported type's block: an F16 d, then value_bytes bytes; 4-byte words
// of values go to lines, each byte xor-ed with flip.
struct BlockShape {
  size_t block_bytes;
  size_t value_bytes;
  uint8_t flip;
  size_t lines() const { return value_bytes / 4; }
};

BlockShape ShapeOf(GgmlType type) {
  switch (type) {
    case GgmlType::kQ4_0:
      return {sizeof(BlockQ4_0), sizeof(BlockQ4_0::qs), 0x00};
    case GgmlType::kQ8_0:
      return {sizeof(BlockQ8_0), sizeof(BlockQ8_0::qs), 0x80};
    default:
      DM_CHECK_MSG(false, "type has no interleaved layout");
  }
  return {};
}

// Writes row j's block (file layout) from the group's block at `place`.
inline void RestoreBlock(const BlockShape& s, const uint8_t* group, const BlockPlace& place, size_t j,
                         uint8_t* block) {
  std::memcpy(block, group + place.scales + j * 2, 2);
  const uint32_t flip = s.flip * 0x01010101u;
  for (size_t k = 0; k < s.lines(); ++k) {
    uint32_t word;
    std::memcpy(&word, group + place.lines + (k * kInterleaveRows + j) * 4, 4);
    word ^= flip;
    std::memcpy(block + 2 + 4 * k, &word, 4);
  }
}

}  // namespace

bool CanInterleave(GgmlType type, int64_t rows) {
  return (type == GgmlType::kQ4_0 || type == GgmlType::kQ8_0) && rows > 0 && rows % kInterleaveRows == 0;
}

void InterleaveRows(GgmlType type, const uint8_t* src, int64_t rows, int64_t cols, uint8_t* dst) {
  DM_CHECK(CanInterleave(type, rows) && cols % kQK == 0);
  const BlockShape s = ShapeOf(type);
  const auto nb = static_cast<size_t>(cols / kQK);
  const size_t row_bytes = nb * s.block_bytes;
  const uint32_t flip = s.flip * 0x01010101u;
  for (int64_t g = 0; g < rows / kInterleaveRows; ++g) {
    const uint8_t* in = src + static_cast<size_t>(g) * kInterleaveRows * row_bytes;
    uint8_t* out = dst + static_cast<size_t>(g) * kInterleaveRows * row_bytes;
    for (size_t b = 0; b < nb; ++b) {
      const BlockPlace place = PlaceOf(b, nb, s.lines());
      auto* words = reinterpret_cast<uint32_t*>(out + place.lines);
      for (size_t k = 0; k < s.lines(); ++k) {
        for (size_t j = 0; j < kInterleaveRows; ++j) {
          uint32_t word;
          std::memcpy(&word, in + j * row_bytes + b * s.block_bytes + 2 + 4 * k, 4);
          *words++ = word ^ flip;
        }
      }
      for (size_t j = 0; j < kInterleaveRows; ++j) {
        std::memcpy(out + place.scales + j * 2, in + j * row_bytes + b * s.block_bytes, 2);
      }
    }
  }
}

void DeinterleaveRow(GgmlType type, const uint8_t* group, int64_t cols, int lane, uint8_t* dst) {
  DM_CHECK(lane >= 0 && lane < kInterleaveRows && cols % kQK == 0);
  const BlockShape s = ShapeOf(type);
  const auto nb = static_cast<size_t>(cols / kQK);
  for (size_t b = 0; b < nb; ++b) {
    RestoreBlock(s, group, PlaceOf(b, nb, s.lines()), static_cast<size_t>(lane), dst + b * s.block_bytes);
  }
}

void DeinterleaveGroup(GgmlType type, const uint8_t* group, int64_t cols, uint8_t* dst) {
  DM_CHECK(cols % kQK == 0);
  const BlockShape s = ShapeOf(type);
  const auto nb = static_cast<size_t>(cols / kQK);
  const size_t row_bytes = nb * s.block_bytes;
  for (size_t b = 0; b < nb; ++b) {
    const BlockPlace place = PlaceOf(b, nb, s.lines());
    for (size_t j = 0; j < kInterleaveRows; ++j) RestoreBlock(s, group, place, j, dst + j * row_bytes + b * s.block_bytes);
  }
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
      const size_t offset = static_cast<size_t>(g) * a.w_row_bytes;
      DeinterleaveGroup(a.w_type, a.w + static_cast<size_t>(r) * a.w_row_bytes + offset, a.cols, rows.data() + offset);
    }
    piece.y = a.y + r;
    a.deinterleaved_kernel(piece, 0, n);
  }
}

}  // namespace dm::kernels
