// The row-interleaved weight layout: Q4_0 and Q8_0 matrices regrouped once
// at load so that one 64-byte load holds 4 value bytes of 16 rows. A decode
// kernel then multiplies it with vpdpbusd against a broadcast of 4
// activation bytes and has one int32 lane per row: no per-row regrouping of
// the 18- or 34-byte blocks and one float conversion per block for 16 rows.
//
// Format. Rows form groups of 16 (rows must be a multiple of 16); group g
// (rows 16g .. 16g+15) starts at byte g * 16 * row_bytes, so a group takes the
// bytes of its 16 rows in the file layout. With nb = cols / 32 blocks per row,
// a group holds, per block b, 16 F16 scales (the d of block b of rows
// 0..15 in order) and L lines of 64 bytes, placed by PlaceOf so that the
// group reads as one linear stream. Line k of block b holds, for rows
// j = 0..15 in order, 4 bytes of row j's block b:
//   Q4_0 (L = 4): qs[4k .. 4k+3], whose low nibbles are elements 4k..4k+3
//         and high nibbles elements 16+4k..16+4k+3;
//   Q8_0 (L = 8): elements 4k..4k+3 as unsigned u = q + 128 (sign bit
//         flipped, the form vpdpbusd multiplies).
// Every value of the file layout appears once, so the two layouts convert
// both ways exactly.
#pragma once

#include <cstddef>
#include <cstdint>

#include "gguf/ggml_type.h"

namespace dm::kernels {

inline constexpr int64_t kInterleaveRows = 16;

// Byte offsets (from the group start) of block b's 16 scales and its L
// lines, of nb blocks: blocks go in pairs [32 B scales of b][32 B scales of
// b+1][lines of b][lines of b+1], so with nb even every line is 64-byte
// aligned in an aligned copy; a lone last block (nb odd) is [scales][lines].
struct BlockPlace {
  size_t scales, lines;
};
inline BlockPlace PlaceOf(size_t b, size_t nb, size_t lines) {
  const size_t pair_off = (b / 2) * (64 + 128 * lines);
  if ((b / 2) * 2 + 1 < nb) return {pair_off + 32 * (b % 2), pair_off + 64 + (b % 2) * 64 * lines};
  return {pair_off, pair_off + 32};
}

// True for matrices the layout supports: Q4_0 or Q8_0, rows a multiple of 16.
bool CanInterleave(GgmlType type, int64_t rows);

// Regroups a whole matrix of `rows` file-layout rows (row_bytes apart, tightly
// packed) into dst (rows * row_bytes bytes). Requires CanInterleave.
void InterleaveRows(GgmlType type, const uint8_t* src, int64_t rows, int64_t cols, uint8_t* dst);

// Writes row `lane` (0..15) of the interleaved group at `group` in the file
// layout (row_bytes bytes) to dst.
void DeinterleaveRow(GgmlType type, const uint8_t* group, int64_t cols, int lane, uint8_t* dst);
// Writes all 16 rows of the group in the file layout to dst (16 * row_bytes).
void DeinterleaveGroup(GgmlType type, const uint8_t* group, int64_t cols, uint8_t* dst);

}  // namespace dm::kernels
