#include "kernels/interleave.h"

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

void CopyFlipped(const uint8_t* src, uint8_t* dst, size_t n, uint8_t flip) {
  for (size_t i = 0; i < n; ++i) dst[i] = src[i] ^ flip;
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
  const auto j = static_cast<size_t>(lane);
  for (size_t b = 0; b < nb; ++b) {
    uint8_t* block = dst + b * s.block_bytes;
    const BlockPlace place = PlaceOf(b, nb, s.lines());
    std::memcpy(block, group + place.scales + j * 2, 2);
    for (size_t k = 0; k < s.lines(); ++k) {
      CopyFlipped(group + place.lines + (k * kInterleaveRows + j) * 4, block + 2 + 4 * k, 4, s.flip);
    }
  }
}

void DeinterleavedRowRange(const MatMulArgs& a, int64_t r0, int64_t r1) {
  DM_CHECK(r0 % kInterleaveRows == 0 && r1 % kInterleaveRows == 0 && a.deinterleaved_kernel != nullptr);
  thread_local std::vector<uint8_t> rows;
  rows.resize(kInterleaveRows * a.w_row_bytes);
  MatMulArgs group = a;
  group.w = rows.data();
  for (int64_t r = r0; r < r1; r += kInterleaveRows) {
    const uint8_t* src = a.w + static_cast<size_t>(r) * a.w_row_bytes;
    for (int j = 0; j < kInterleaveRows; ++j) {
      DeinterleaveRow(a.w_type, src, a.cols, j, rows.data() + static_cast<size_t>(j) * a.w_row_bytes);
    }
    group.y = a.y + r;
    a.deinterleaved_kernel(group, 0, kInterleaveRows);
  }
}

}  // namespace dm::kernels
