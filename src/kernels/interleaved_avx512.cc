// AVX-512 VNNI matrix kernels for row-interleaved Q4_0, Q4_1, Q5_0, Q5_1,
// Q8_0, IQ4_NL, Q2_K, Q3_K, Q4_K, Q5_K and Q6_K weights (layout in interleave.h), for
// decode and prefill alike: one 16-row group at a time, int32 lane j = row j,
// tokens in tiles of 4 (each line is loaded and unpacked once per tile; the
// group stays in L1/L2 from one tile to the next). This file drives the
// block kinds of interleaved_legacy_avx512.h (32-element blocks),
// interleaved_k_avx512.h (Q4_K, Q5_K) and interleaved_k16_avx512.h (Q2_K,
// Q3_K, Q6_K).
//
// Each line is multiplied with vpdpbusd against a broadcast of the 4
// activation bytes it covers, so a lane holds an exact integer sum of its
// row, as in the scalar reference (vec_dot_scalar.cc), which does the same
// arithmetic row by row:
//   Q4_0 / Q5_0 / Q8_0 / IQ4_NL, per 32-element block: starting from
//     -offset * isum, the sum of (u - offset) * a (offset 8 for Q4_0, 16 for
//     Q5_0, 128 for Q8_0's flipped bytes and IQ4_NL's table values + 128),
//     scaled by the 16 rows' d (one vcvtph2ps) times d_a;
//   Q4_1 / Q5_1, per block: the sum of u * a times d * d_a, plus m times
//     the activation block's s (d_a * isum, as Q8_1 stores it);
//   Q4_K and Q5_K, per super-block: each 32-element sub-block's sum times
//     its 6-bit scale (vpmulld; the scales and mins are unpacked from the 3
//     scale lines for all 16 rows at once), scaled by d * d_a, minus
//     dmin * d_a times the sum of min * isum (vpdpwssd);
//   Q6_K, per super-block: each 16-element group's sum from -32 * isum, times
//     its int8 scale, scaled by d * d_a;
//   Q3_K, per super-block: the same from -4 * isum, two weight vectors'
//     low bit pairs and (regrouped) hmask bits merged by one vpternlogd and
//     split by a mask each;
//   Q2_K, per super-block: each group's sum of u * a times its 4-bit
//     scale, minus dmin * d_a times the sum of min * isum.
// A group, heads inline (PlaceOf), is read as one linear stream and left to
// the hardware prefetcher: software prefetches 8-16 KiB ahead made decode
// slower on this layout (docs/engine.md).
#include "kernels/avx512_intrinsics.h"  // first: see there

#include <cstdint>

#include "kernels/interleave.h"
#include "kernels/interleaved_avx512.h"
#include "kernels/interleaved_k16_avx512.h"
#include "kernels/interleaved_k_avx512.h"
#include "kernels/interleaved_legacy_avx512.h"
#include "kernels/kernel_table.h"
#include "util/status.h"

namespace dm::kernels {
namespace {

using namespace interleaved;  // the block kinds, TokenActs, Line

// Tokens [t0, t0 + T) against one 16-row group (rows r..r+15).
template <typename K, int T>
void Tile(const MatMulArgs& a, const uint8_t* values, int64_t nb, int64_t t0, int64_t r) {
  TokenActs tok[T];
  for (int t = 0; t < T; ++t) tok[t] = TokenActsAt(a, t0 + t);
  __m512 acc[T];
  for (int t = 0; t < T; ++t) acc[t] = _mm512_setzero_ps();
  for (int64_t b = 0; b < nb; ++b) {
    const BlockPlace place = PlaceOf(static_cast<size_t>(b), static_cast<size_t>(nb), K::kHeadBytes, K::kLines);
    K::template Block<T>(values + place.head, values + place.lines, tok, b, acc);
  }
  for (int t = 0; t < T; ++t) _mm512_storeu_ps(a.y + (t0 + t) * a.y_stride + r, acc[t]);
}

// Lines are 64-byte aligned when the copy is (interleave.h). Tokens go in
// tiles of K::kTile, the rest one by one.
template <typename K>
void Groups(const MatMulArgs& a, int64_t r0, int64_t r1) {
  DM_CHECK(a.act_layout.group * K::kGroups == K::kElements);
  const int64_t nb = a.cols / K::kElements;
  for (int64_t r = r0; r < r1; r += kInterleaveRows) {
    const uint8_t* values = a.w + InterleavedOffset(r, a.w_row_bytes);
    int64_t t = 0;
    for (; t + K::kTile <= a.n_tokens; t += K::kTile) Tile<K, K::kTile>(a, values, nb, t, r);
    for (; t < a.n_tokens; ++t) Tile<K, 1>(a, values, nb, t, r);
  }
}

}  // namespace

void Avx512InterleavedRowRange(const MatMulArgs& a, int64_t r0, int64_t r1) {
  DM_CHECK(r0 % kInterleaveRows == 0 && r1 % kInterleaveRows == 0 && a.n_tokens <= InterleavedMaxTokens(a.w_type));
  switch (a.w_type) {
    case GgmlType::kQ4_0:
      return Groups<Legacy<NibbleLines<Q4_0Values>>>(a, r0, r1);
    case GgmlType::kQ4_1:
      return Groups<Legacy<NibbleLines<Q4_0Values>, true>>(a, r0, r1);
    case GgmlType::kQ5_0:
      return Groups<Legacy<NibbleLines<Q5_0Values>>>(a, r0, r1);
    case GgmlType::kQ5_1:
      return Groups<Legacy<NibbleLines<Q5_0Values>, true>>(a, r0, r1);
    case GgmlType::kQ8_0:
      return Groups<Legacy<Q8_0Lines>>(a, r0, r1);
    case GgmlType::kIQ4_NL:
      return Groups<Legacy<NibbleLines<Iq4NlValues>>>(a, r0, r1);
    case GgmlType::kQ2_K:
      return Groups<SixteenGroups<Q2KValues>>(a, r0, r1);
    case GgmlType::kQ3_K:
      return Groups<SixteenGroups<Q3KValues>>(a, r0, r1);
    case GgmlType::kQ4_K:
      return Groups<KQuant<Q4KValues>>(a, r0, r1);
    case GgmlType::kQ5_K:
      return Groups<KQuant<Q5KValues>>(a, r0, r1);
    case GgmlType::kQ6_K:
      return Groups<SixteenGroups<Q6KValues>>(a, r0, r1);
    default:
      DM_CHECK_MSG(false, "type has no interleaved decode kernel");
  }
}

}  // namespace dm::kernels
