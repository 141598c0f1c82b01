// AVX2 matrix kernels for row-interleaved Q4_0, Q4_1, Q5_0, Q5_1, Q8_0,
// IQ4_NL, Q2_K, Q3_K, Q4_K, Q5_K and Q6_K weights (layout in interleave.h;
// the AVX2 reading of it in interleaved_avx2.h), for decode and prefill
// alike. One 16-row group at a time: few tokens take both 8-row halves of
// each block in one pass (the group is read once, as a linear stream); tiles
// of kTile tokens take one half at a time (the group stays in L1/L2 between
// passes). This file drives the block kinds of interleaved_legacy_avx2.h
// (32-element blocks), interleaved_k_avx2.h (Q4_K, Q5_K) and
// interleaved_k16_avx2.h (Q2_K, Q3_K, Q6_K). Each line is
// loaded and unpacked once per pass and multiplied with vpmaddubsw against a
// broadcast of the 4 activation bytes it covers, so an int32 lane holds an
// exact integer sum of its row, as in the scalar reference
// (vec_dot_scalar.cc):
//   Q4_0 / Q5_0 / Q8_0 / IQ4_NL, per 32-element block: the sum of u * a
//     (signed for Q8_0 and for IQ4_NL's table values), scaled by the 8
//     rows' d (one vcvtph2ps) times d_a, plus -offset * d times the
//     activation block's s = d_a * isum (offset 8 for Q4_0, 16 for Q5_0;
//     none for Q8_0 and IQ4_NL); Q4_1 / Q5_1 add m times s;
//   Q4_K / Q5_K, per super-block: each 32-element sub-block's sum (in int16
//     runs of 8 / 4 vpmaddubsw results) times its 6-bit scale (vpmaddwd),
//     scaled by d * d_a, minus dmin * d_a times the sum of min * isum
//     (vpmaddubsw of the min bytes against isum split into two bytes);
//   Q2_K / Q3_K / Q6_K, per super-block: each 16-element group's sum (runs
//     of 4 / 4 / 2) times its scale (vpmaddwd), minus 4 / 32 times the sum
//     of scale * isum for Q3_K / Q6_K, scaled by d * d_a; Q2_K subtracts
//     dmin * d_a times the sum of min * isum.
#include <immintrin.h>

#include <cstdint>

#include "kernels/interleave.h"
#include "kernels/interleaved_avx2.h"
#include "kernels/interleaved_k16_avx2.h"
#include "kernels/interleaved_k_avx2.h"
#include "kernels/interleaved_legacy_avx2.h"
#include "kernels/kernel_table.h"
#include "util/status.h"

namespace dm::kernels {
namespace {

using namespace interleaved_avx2;  // the block kinds

// A pass over both halves reads its group once, as one stream, and on its
// own a core keeps too few lines in flight for its share of the memory
// bandwidth: such passes prefetch each block's bytes this far ahead into L2
// (into the next group at the end of one): Q4_0, Q4_1, Q5_0, Q5_1 and
// IQ4_NL in one go per block, Q8_0 a line after each of its 8 line steps,
// the K kinds a slice beside each of their 8 steps (RunSteps). 0.5B Q4_0
// decode, 2 threads, Zen 3 at a 28-32 GB/s probe: 64 tok/s without, 75-80
// at 2 KiB, 72-76 at 4 KiB, 72-78 at 8 KiB. A K block is 1.3-3.3 KiB:
// 1 thread, Q4_K 65536x1536 from memory, 16.4 GB/s with one burst of 36
// prefetches 2 KiB ahead per block, 20.6 spread at 2 KiB, 22.6 spread at
// 4 KiB (Q4_0 21.4-22.5 beside them). Beyond L3 (262144x1536, 1 thread,
// rate over the read probe): Q4_K 1.05 / 1.08 / 0.98 at 3 / 4 / 6 KiB,
// Q8_0 (spread) 1.09 at 2 KiB and 0.95 at 4.
template <typename K>
constexpr size_t PassPrefetchBytes() {
  return K::kElements == kQKK ? 4096 : 2048;
}

// Tokens [t0, t0 + T) against halves [h0, h0 + H) of one 16-row group
// (rows r..r+15).
template <typename K, int T, int H>
void Tile(const MatMulArgs& a, const uint8_t* values, int64_t nb, int64_t t0, int64_t r, int h0) {
  TokenActs tok[T];
  for (int t = 0; t < T; ++t) tok[t] = TokenActsAt(a, t0 + t);
  __m256 acc[H][T];
  for (int h = 0; h < H; ++h) {
    for (int t = 0; t < T; ++t) acc[h][t] = _mm256_setzero_ps();
  }
  // Bytes of one block of the 16 rows: its lines and its head.
  constexpr size_t kBlockBytes = 64 * K::kLines + K::kHeadBytes;
  for (int64_t b = 0; b < nb; ++b) {
    const BlockPlace place = PlaceOf(static_cast<size_t>(b), static_cast<size_t>(nb), K::kHeadBytes, K::kLines);
    const char* prefetch =
        H == 2 ? reinterpret_cast<const char*>(values) + b * kBlockBytes + PassPrefetchBytes<K>() : nullptr;
    K::template Block<T, H>(values + place.head + 16 * h0, values + place.lines + 32 * h0, tok, b, prefetch, acc);
  }
  for (int h = 0; h < H; ++h) {
    for (int t = 0; t < T; ++t) _mm256_storeu_ps(a.y + (t0 + t) * a.y_stride + r + 8 * (h0 + h), acc[h][t]);
  }
}

// Every token against the interleaved group `values` (rows r..r+15). Up to
// 2 tokens: both halves per pass. More: tiles of K::kTile tokens, then the
// rest one by one, a half per pass.
template <typename K>
void Group(const MatMulArgs& a, const uint8_t* values, int64_t r) {
  const int64_t nb = a.cols / K::kElements;
  if (a.n_tokens <= 2) {
    for (int64_t t = 0; t < a.n_tokens; ++t) Tile<K, 1, 2>(a, values, nb, t, r, 0);
    return;
  }
  for (int half = 0; half < 2; ++half) {
    int64_t t = 0;
    for (; t + K::kTile <= a.n_tokens; t += K::kTile) Tile<K, K::kTile, 1>(a, values, nb, t, r, half);
    for (; t < a.n_tokens; ++t) Tile<K, 1, 1>(a, values, nb, t, r, half);
  }
}

template <typename K>
void Groups(const MatMulArgs& a, int64_t r0, int64_t r1) {
  DM_CHECK(a.act_layout.group * K::kGroups == K::kElements);
  for (int64_t r = r0; r < r1; r += kInterleaveRows) Group<K>(a, a.w + InterleavedOffset(r, a.w_row_bytes), r);
}

}  // namespace

bool Avx2HasInterleavedKernel(GgmlType type) {
  switch (type) {
    case GgmlType::kQ4_0:
    case GgmlType::kQ4_1:
    case GgmlType::kQ5_0:
    case GgmlType::kQ5_1:
    case GgmlType::kQ8_0:
    case GgmlType::kIQ4_NL:
    case GgmlType::kQ2_K:
    case GgmlType::kQ3_K:
    case GgmlType::kQ4_K:
    case GgmlType::kQ5_K:
    case GgmlType::kQ6_K:
      return true;
    default:
      return false;
  }
}

void Avx2InterleavedRowRange(const MatMulArgs& a, int64_t r0, int64_t r1) {
  DM_CHECK(r0 % kInterleaveRows == 0 && r1 % kInterleaveRows == 0);
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
      return Groups<Legacy<Iq4NlLines>>(a, r0, r1);
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
      DM_CHECK_MSG(false, "type has no AVX2 interleaved kernel");
  }
}

}  // namespace dm::kernels
