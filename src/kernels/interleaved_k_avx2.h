// Row-interleaved super-block kinds with 32-element sub-blocks and mins
// (interleave.h) for AVX2: Q4_K and Q5_K (contract in interleaved_avx2.h;
// include only from files compiled with AVX2).
#pragma once

#include "kernels/blocks.h"
#include "kernels/interleaved_avx2.h"

namespace dm::kernels::interleaved_avx2 {

// Byte i of every lane, zero-extended into both int16 words.
inline constexpr LaneBytes kBothWords[4] = {MakeLaneBytes(0, -1, 0, -1), MakeLaneBytes(1, -1, 1, -1),
                                            MakeLaneBytes(2, -1, 2, -1), MakeLaneBytes(3, -1, 3, -1)};

// The values of Q4_K and Q5_K: Unpack(j, k) gives the bytes u <= kMaxU of
// elements 32j + 4k .. 32j + 4k + 3 (sub-block j, word k = 0..7). j may be
// a run-time value (tiles keep the sub-block loop rolled, so that its 8
// lines and T tokens keep their sums in registers): shift counts come from
// SubBlock.
struct SubBlock {
  explicit SubBlock(int j)
      : index(j), nibble(_mm_cvtsi32_si128(4 * (j % 2))), up(_mm_cvtsi32_si128(j < 4 ? 4 - j : 0)),
        down(_mm_cvtsi32_si128(j > 4 ? j - 4 : 0)) {}
  int index;
  __m128i nibble;    // 4 * (j % 2): the nibble of sub-block j in a qs byte
  __m128i up, down;  // bit j of a qh byte moves to bit 4: left by 4 - j or right by j - 4
};

// Q4_K lines: 0..2 the scale words, 3 + 8c + k the qs word 32c + 4k, whose
// low nibbles are sub-block 2c and high nibbles sub-block 2c + 1.
struct Q4KValues {
  static constexpr size_t kLines = 35;
  static constexpr int kMaxU = 15;
  explicit Q4KValues(const uint8_t* lines) : lines_(lines) {}
  __m256i Unpack(const SubBlock& j, int k) const {
    const __m256i w = Line(lines_, 3 + 8 * (j.index / 2) + k);
    return _mm256_and_si256(_mm256_srl_epi16(w, j.nibble), _mm256_set1_epi8(0x0f));
  }
  const uint8_t* lines_;
};

// Q5_K lines: 0..2 the scale words, 3 + k the qh word 4k, 11 + 8c + k the qs
// word 32c + 4k (nibbles as Q4_K's). Byte t of qh word k holds the fifth bit
// of the elements of qs byte 4k + t of sub-block j at bit j.
struct Q5KValues {
  static constexpr size_t kLines = 43;
  static constexpr int kMaxU = 31;
  explicit Q5KValues(const uint8_t* lines) : lines_(lines) {}
  __m256i Unpack(const SubBlock& j, int k) const {
    const __m256i w = Line(lines_, 11 + 8 * (j.index / 2) + k), qh = Line(lines_, 3 + k);
    const __m256i low = _mm256_and_si256(_mm256_srl_epi16(w, j.nibble), _mm256_set1_epi8(0x0f));
    const __m256i bit = _mm256_srl_epi32(_mm256_sll_epi32(qh, j.up), j.down);
    return _mm256_or_si256(low, _mm256_and_si256(bit, _mm256_set1_epi8(0x10)));
  }
  const uint8_t* lines_;
};

// A token's isum of the 8 sub-blocks of a super-block split as
// isum = 64 * hi + lo (hi in [-64, 63], lo in [0, 63], since |isum| <= 32 *
// 128), as int8 bytes for vpmaddubsw against a lane's 4 min bytes:
// hi[c] / lo[c] hold those of sub-blocks 4c .. 4c + 3 in every lane.
struct SplitIsums {
  __m256i hi[2], lo[2];
};
inline SplitIsums SplitIsumsOf(const int32_t* isum) {
  const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(isum));
  const __m256i words = _mm256_packs_epi32(_mm256_srai_epi32(v, 6), _mm256_and_si256(v, _mm256_set1_epi32(63)));
  // Per 128-bit lane c: dword 0 the hi bytes of sub-blocks 4c .. 4c + 3,
  // dword 1 their lo bytes (packs keeps the lanes apart).
  const __m256i bytes = _mm256_packs_epi16(words, words);
  const auto dword = [bytes](int i) { return _mm256_permutevar8x32_epi32(bytes, _mm256_set1_epi32(i)); };
  return {{dword(0), dword(4)}, {dword(1), dword(5)}};
}

// Per lane, the sum of min * isum over the 8 sub-blocks: mn[c] byte i the
// 6-bit min of sub-block 4c + i. vpmaddubsw pairs stay within int16
// (|sum| <= 4 * 63 * 64).
inline __m256i MinIsumSums(const __m256i* mn, const SplitIsums& isum) {
  const __m256i hi = _mm256_add_epi16(ProductPairs(mn[0], isum.hi[0]), ProductPairs(mn[1], isum.hi[1]));
  const __m256i lo = _mm256_add_epi16(ProductPairs(mn[0], isum.lo[0]), ProductPairs(mn[1], isum.lo[1]));
  return _mm256_add_epi32(_mm256_madd_epi16(hi, _mm256_set1_epi16(64)), WidenPairs(lo));
}

// Q4_K / Q5_K super-blocks: lines 0..2 the 12 scale bytes, the values as V
// unpacks them. Head: 16 d, then 16 dmin. Per sub-block j and token, runs of
// Int16Products(kMaxU) vpmaddubsw results add up in int16 and vpmaddwd
// multiplies them by the sub-block's 6-bit scale (both words of a lane) into
// the int32 sum, scaled by d * d_a; dmin * d_a times the sum of min * isum
// (MinIsumSums) is subtracted.
template <typename V>
struct KQuant {
  static constexpr int64_t kElements = kQKK;
  static constexpr int kGroups = 8;
  static constexpr size_t kHeadBytes = 64, kLines = V::kLines;
  static constexpr int kTile = 4;
  static constexpr int kRun = Int16Products(V::kMaxU);
  static_assert(kRun >= 1 && 8 % kRun == 0);
  // Adds sub-block j's integer sums for halves values[0..H) and tokens
  // a[0..T), times the halves' scales scales[h][j], to sum.
  template <int T, int H>
  static void SubBlockSums(const std::array<V, H>& values, int j, const __m256i (*scales)[8], const int8_t* const* a,
                           __m256i (*sum)[T]) {
    const SubBlock sub(j);
    for (int k0 = 0; k0 < 8; k0 += kRun) {
      __m256i run[H][T];
      for (int h = 0; h < H; ++h) {
        for (int t = 0; t < T; ++t) run[h][t] = _mm256_setzero_si256();
      }
      for (int k = k0; k < k0 + kRun; ++k) {
        __m256i w[H];
        for (int h = 0; h < H; ++h) w[h] = values[h].Unpack(sub, k);
        for (int t = 0; t < T; ++t) {
          const __m256i word = Broadcast4(a[t] + 32 * j + 4 * k);
          for (int h = 0; h < H; ++h) run[h][t] = AddPairs(run[h][t], ProductPairs(w[h], word));
        }
      }
      for (int h = 0; h < H; ++h) {
        for (int t = 0; t < T; ++t) sum[h][t] = _mm256_add_epi32(sum[h][t], _mm256_madd_epi16(run[h][t], scales[h][j]));
      }
    }
  }

  // Always inlined: GCC otherwise calls it out of line from the tile loop.
  template <int T, int H>
  [[gnu::always_inline]] static void Block(const uint8_t* head, const uint8_t* lines, const TokenActs* tok, int64_t b,
                                           const char* prefetch, __m256 (*acc)[T]) {
    const auto values = HalvesOf<V, H>(lines);
    const __m256i m4 = _mm256_set1_epi8(0x0f), m6 = _mm256_set1_epi8(0x3f), m30 = _mm256_set1_epi8(0x30);
    const int8_t* a[T];
    for (int t = 0; t < T; ++t) a[t] = tok[t].q + kElements * b;
    // Per half, byte i of a lane: the 6-bit scale (min) of sub-block
    // 4c + i in sc[c] (mn[c]), unpacked from scale lines 0, 2 (1, 2) as the
    // reference's get_scale_min_k4.
    __m256i scales[H][8];
    for (int h = 0; h < H; ++h) {
      const __m256i s0 = Line(lines + 32 * h, 0), s2 = Line(lines + 32 * h, 2);
      const __m256i sc[2] = {_mm256_and_si256(s0, m6), _mm256_or_si256(_mm256_and_si256(s2, m4),
                                                                       _mm256_and_si256(_mm256_srli_epi32(s0, 2), m30))};
      for (int j = 0; j < 8; ++j) scales[h][j] = ShuffleLanes(sc[j / 4], kBothWords[j % 4]);
    }
    __m256i sum[H][T];
    for (int h = 0; h < H; ++h) {
      for (int t = 0; t < T; ++t) sum[h][t] = _mm256_setzero_si256();
    }
    RunSteps<T, H, kTile, 64 * kLines + kHeadBytes, false>(prefetch, [&](int j) {
      SubBlockSums<T, H>(values, j, scales, a, sum);
      return sum[0][0];
    });
    // The mins after the sums: their operands are in L1 by now, so that the
    // block's first (slowest) loads hold up few instructions.
    SplitIsums isums[T];
    for (int t = 0; t < T; ++t) isums[t] = SplitIsumsOf(tok[t].isum + kGroups * b);
    for (int h = 0; h < H; ++h) {
      const __m256i s1 = Line(lines + 32 * h, 1), s2 = Line(lines + 32 * h, 2);
      const __m256i mn[2] = {_mm256_and_si256(s1, m6),
                             _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi32(s2, 4), m4),
                                             _mm256_and_si256(_mm256_srli_epi32(s1, 2), m30))};
      __m256i mins[T];
      for (int t = 0; t < T; ++t) mins[t] = MinIsumSums(mn, isums[t]);
      SubtractScaledMins<T>(head + 32 + 16 * h, tok, kGroups * b, mins, acc[h]);
    }
    AddScaledSums<T, H>(head, tok, kGroups * b, sum, acc);
  }
};

}  // namespace dm::kernels::interleaved_avx2
