// The row-interleaved weight layout: Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, IQ4_NL,
// Q2_K, Q3_K, Q4_K, Q5_K and Q6_K matrices
// regrouped once at load so that one 64-byte load holds 4 bytes of the same
// place in 16 rows. A decode kernel then multiplies it with vpdpbusd against
// a broadcast of 4 activation bytes and has one int32 lane per row: no
// per-row regrouping of the blocks and one float conversion per block for 16
// rows. AVX2 kernels read each line as two halves of 8 rows
// (interleaved_avx2.h).
//
// Format. Rows form groups of 16 (rows must be a multiple of 16); group g
// (rows 16g .. 16g+15) starts at byte g * InterleavedGroupBytes(row_bytes):
// the bytes of its 16 rows in the file layout, then zeros up to a multiple
// of 64 (so every group of an aligned copy starts aligned). A block (32 elements for Q4_0 and
// Q8_0, a 256-element super-block for the K types) of a row is split into
// F16 header fields and 4-byte words:
//   Q4_0: d, then words qs[0..15] (4 words)
//   Q5_0: d, then words qh, qs[0..15] (5 words); qh is stored with its bits
//         regrouped so that byte t bit k holds bit 4k + t and bit 4 + k
//         holds bit 16 + 4k + t (k, t = 0..3): the fifth bits of the 8
//         elements of qs word k that byte t covers sit at bits k and 4 + k
//   Q4_1: d, m, then words qs[0..15] (4 words)
//   Q5_1: d, m, then words qh, qs[0..15] (5 words), qh regrouped as Q5_0's
//   Q8_0: d, then words qs[0..31] (8 words), each byte's sign bit flipped
//         (u = q + 128, the form vpdpbusd multiplies)
//   IQ4_NL: d, then words qs[0..15] (4 words), as Q4_0
//   Q2_K: words scales[0..15], qs[0..63] (20 words), then d, dmin
//   Q3_K: words hmask[0..31], qs[0..63], scales[0..11] (27 words), then d;
//         each hmask byte's bits regrouped: bit 4n + j (n = 0, 1; j = 0..3)
//         goes to bit 2, 3, 6, 7 (n = 0) or 0, 1, 4, 5 (n = 1) for j = 0..3
//   Q4_K: d, dmin, then words scales[0..11], qs[0..127] (35 words)
//   Q5_K: d, dmin, then words scales[0..11], qh[0..31], qs[0..127] (43 words)
//   Q6_K: words ql[0..127], qh[0..63], scales[0..15] (52 words), then d.
// Per block b a group holds a head of 32 bytes per field (field f of rows
// 0..15 in order, fields in the order above) and one 64-byte line per word:
// line k holds word k of rows 0..15 in order, except for Q6_K, whose lines
// go in the order its decode kernel reads them: the 4 scale words (48..51),
// then for h = 0, 1 and m = 0..7 the words 16h + m, 16h + 8 + m (ql) and
// 32 + 8h + m (qh). PlaceOf places heads and lines so that the group reads
// as one linear stream (the hardware prefetcher loses a stream that jumps
// back within a block). Every byte of the file layout appears
// once, so the two layouts convert both ways exactly.
#pragma once

#include <cstddef>
#include <cstdint>

#include "gguf/ggml_type.h"

namespace dm::kernels {

inline constexpr int64_t kInterleaveRows = 16;

// Byte offsets (from the group start) of block b's head and its L lines, of
// nb blocks. A 64-byte head (Q4_1, Q5_1, Q2_K, Q4_K, Q5_K) goes before each block's lines. 32-byte
// heads go in pairs [head b][head b+1][lines b][lines b+1]; a lone last
// block (nb odd) is [lines][head]. Every line is then 64-byte aligned in an
// aligned copy.
struct BlockPlace {
  size_t head, lines;
};
inline BlockPlace PlaceOf(size_t b, size_t nb, size_t head_bytes, size_t lines) {
  if (head_bytes == 64) {
    const size_t off = b * (64 + 64 * lines);
    return {off, off + 64};
  }
  const size_t pair_off = (b / 2) * (64 + 128 * lines);
  if ((b / 2) * 2 + 1 < nb) return {pair_off + 32 * (b % 2), pair_off + 64 + (b % 2) * 64 * lines};
  return {pair_off + 64 * lines, pair_off};
}

// Bytes of one group of 16 rows of row_bytes each, padded to 64.
inline size_t InterleavedGroupBytes(size_t row_bytes) { return (kInterleaveRows * row_bytes + 63) / 64 * 64; }
// Offset of the group that starts at `row` (a multiple of 16).
inline size_t InterleavedOffset(int64_t row, size_t row_bytes) {
  return static_cast<size_t>(row / kInterleaveRows) * InterleavedGroupBytes(row_bytes);
}

// True for matrices the layout supports: Q4_0, Q4_1, Q5_0, Q5_1, Q8_0,
// IQ4_NL, Q2_K, Q3_K, Q4_K, Q5_K or Q6_K, rows a multiple of 16.
bool CanInterleave(GgmlType type, int64_t rows);

// The largest batch for which the AVX-512 interleaved kernel beats restoring
// the groups for the GEMM: any batch, except Q6_K above 64 tokens
// (kernels_bench 8960x1536, 512 tokens: 193 against 241 GMAC/s; 64 tokens:
// 185 against 165), Q2_K above 64 (64 tokens: 108 against 99; 512: 100
// against 128) and Q3_K above 16 (16 tokens: 113 against 48; 32: 111
// against 125).
int64_t InterleavedMaxTokens(GgmlType type);

// Regroups a whole matrix of `rows` file-layout rows (row_bytes apart, tightly
// packed) into dst (InterleavedOffset(rows, row_bytes) bytes). Requires
// CanInterleave.
void InterleaveRows(GgmlType type, const uint8_t* src, int64_t rows, int64_t cols, uint8_t* dst);

// Writes row `lane` (0..15) of the interleaved group at `group` in the file
// layout (row_bytes bytes) to dst.
void DeinterleaveRow(GgmlType type, const uint8_t* group, int64_t cols, int lane, uint8_t* dst);
// Writes all 16 rows of the group in the file layout to dst (16 * row_bytes).
void DeinterleaveGroup(GgmlType type, const uint8_t* group, int64_t cols, uint8_t* dst);

}  // namespace dm::kernels
