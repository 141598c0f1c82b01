// Row-interleaved super-block kinds with 16 groups of 16 elements
// (interleave.h) for AVX2: Q2_K, Q3_K and Q6_K (contract in interleaved_avx2.h;
// include only from files compiled with AVX2).
#pragma once

#include "kernels/blocks.h"
#include "kernels/interleaved_avx2.h"

namespace dm::kernels::interleaved_avx2 {

// Int16 word w of every lane into both words of the lane.
inline constexpr LaneBytes kWord[2] = {MakeLaneBytes(0, 1, 0, 1), MakeLaneBytes(2, 3, 2, 3)};

// Super-blocks of 16 groups of 16 elements with int8 scales. Element
// 128n + 32j + 4k + t (n = 0, 1; j = 0..3; k = 0..7; t = 0..3) is byte t of
// weight vector j of step (n, k), in group 8n + 2j + k / 4; V gives
//   kLines, kHeadBytes, kMaxU (the bytes u <= kMaxU), kOffset (the values
//   are u - kOffset, a power of two or 0), kHasMin (x = d * sc * u -
//   dmin * min), kPrefetchAheadOfStep (RunSteps),
//   V(lines), Unpack(n, k, i, lo, hi) weight vectors i and i + 2 of step
//   (n, k), Scales(s) (and with kHasMin Mins(s)) the int8 scales (mins)
//   of groups 4s .. 4s + 3 in bytes 0..3 of every lane.
// Per super-block, row and token the exact integer
//   sum_g sc_g * sum(u * a) - kOffset * sum_g sc_g * isum_g
// is scaled by d * d_a, and with kHasMin dmin * d_a * sum_g min_g * isum_g
// is subtracted. Per group, runs of Int16Products(kMaxU) vpmaddubsw
// results add up in int16 and vpmaddwd multiplies them by the group's scale
// (both words of a lane). A sum over groups of sc_g or min_g times isum_g
// takes 2 vpmaddwd per line of 4 groups: the bytes as int16 words (4s,
// 4s + 2) and (4s + 1, 4s + 3), which also give the groups' scale words,
// against the same pairs of isum words (|isum| < 2^15). Head: 16 d (then
// 16 dmin).
template <typename V>
struct SixteenGroups {
  static constexpr int64_t kElements = kQKK;
  static constexpr int kGroups = 16;
  static constexpr size_t kHeadBytes = V::kHeadBytes, kLines = V::kLines;
  static constexpr int kTile = 4;
  static constexpr int kRun = Int16Products(V::kMaxU) < 4 ? Int16Products(V::kMaxU) : 4;
  static constexpr int kOffsetShift = V::kOffset > 0 ? __builtin_ctz(V::kOffset) : 0;
  static_assert(kRun >= 1 && 4 % kRun == 0 && (V::kOffset & (V::kOffset - 1)) == 0);

  // The 16 isum words of a super-block, as dword k = pair PairIndex(s, i)
  // (isum_4s+i, isum_4s+i+2) for s = 0..3, i = 0, 1: packs leaves words
  // 0..3, 8..11 in the low 128-bit lane and 4..7, 12..15 in the high one;
  // vpshufb pairs word w with w + 2 within each half lane.
  static __m256i IsumPairs(const int32_t* isum) {
    const __m256i words = _mm256_packs_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(isum)),
                                             _mm256_loadu_si256(reinterpret_cast<const __m256i*>(isum + 8)));
    return _mm256_shuffle_epi8(words, _mm256_broadcastsi128_si256(_mm_setr_epi8(0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12,
                                                                                 13, 10, 11, 14, 15)));
  }
  static constexpr int PairIndex(int s, int i) { return 4 * (s % 2) + 2 * (s / 2) + i; }

  // The int8 bytes 0, 2 (words[0]) and 1, 3 (words[1]) of every lane of v
  // (a line of 4 groups' scales or mins), sign-extended to int16 words.
  static void SplitWords(__m256i v, __m256i* words) {
    words[0] = _mm256_srai_epi16(_mm256_slli_epi16(v, 8), 8);
    words[1] = _mm256_srai_epi16(v, 8);
  }
  // Per lane, sum_g w_g * isum_g over the 16 groups, w_g from SplitWords of
  // lines 0..3 and the isum words from IsumPairs.
  static __m256i GroupIsumSums(const __m256i (*words)[2], __m256i pairs) {
    __m256i total = _mm256_setzero_si256();
    for (int s = 0; s < 4; ++s) {
      for (int q = 0; q < 2; ++q) {
        const __m256i isum = _mm256_permutevar8x32_epi32(pairs, _mm256_set1_epi32(PairIndex(s, q)));
        total = _mm256_add_epi32(total, _mm256_madd_epi16(words[s][q], isum));
      }
    }
    return total;
  }

  // Adds step (n, q, i)'s integer sums (groups 8n + 2j + q of weight
  // vectors j = i, i + 2, which V unpacks together) for halves
  // values[0..H) and tokens a[0..T), times the halves' scales
  // scales[h][step][0] (vector i) and scales[h][step][1] (vector i + 2), to
  // sum.
  template <int T, int H>
  static void StepSums(const std::array<V, H>& values, int step, const __m256i (*scales)[8][2], const int8_t* const* a,
                       __m256i (*sum)[T]) {
    const int n = step / 4, q = step / 2 % 2, i = step % 2;
    for (int k0 = 4 * q; k0 < 4 * q + 4; k0 += kRun) {
      __m256i run_lo[H][T], run_hi[H][T];
      for (int h = 0; h < H; ++h) {
        for (int t = 0; t < T; ++t) run_lo[h][t] = run_hi[h][t] = _mm256_setzero_si256();
      }
      for (int k = k0; k < k0 + kRun; ++k) {
        __m256i lo[H], hi[H];
        for (int h = 0; h < H; ++h) values[h].Unpack(n, k, i, &lo[h], &hi[h]);
        for (int t = 0; t < T; ++t) {
          const int8_t* e = a[t] + 128 * n + 32 * i + 4 * k;
          const __m256i word_lo = Broadcast4(e), word_hi = Broadcast4(e + 64);
          for (int h = 0; h < H; ++h) {
            run_lo[h][t] = AddPairs(run_lo[h][t], ProductPairs(lo[h], word_lo));
            run_hi[h][t] = AddPairs(run_hi[h][t], ProductPairs(hi[h], word_hi));
          }
        }
      }
      for (int h = 0; h < H; ++h) {
        for (int t = 0; t < T; ++t) {
          sum[h][t] = _mm256_add_epi32(sum[h][t], _mm256_madd_epi16(run_lo[h][t], scales[h][step][0]));
          sum[h][t] = _mm256_add_epi32(sum[h][t], _mm256_madd_epi16(run_hi[h][t], scales[h][step][1]));
          KeepInRegister(sum[h][t]);
        }
      }
    }
  }

  template <int T, int H>
  static void Block(const uint8_t* head, const uint8_t* lines, const TokenActs* tok, int64_t b, const char* prefetch,
                    __m256 (*acc)[T]) {
    const auto values = HalvesOf<V, H>(lines);
    const int8_t* a[T];
    __m256i pairs[T];
    for (int t = 0; t < T; ++t) {
      a[t] = tok[t].q + kElements * b;
      pairs[t] = IsumPairs(tok[t].isum + kGroups * b);
    }
    // Per half h: the sums start from the offset term, and scales[h][step]
    // holds the scale words of step (n, q, i)'s groups: group 8n + 2j + q
    // is on scale line 2n + j / 2, byte 2 (j % 2) + q. With mins,
    // dmin * d_a times the sum of min * isum leaves acc at once.
    __m256i sum[H][T], scales[H][8][2];
    for (int h = 0; h < H; ++h) {
      __m256i words[4][2];  // scale line s: words of byte 2i + q of every lane in words[s][q]
      for (int s = 0; s < 4; ++s) SplitWords(values[h].Scales(s), words[s]);
      for (int t = 0; t < T; ++t) {
        sum[h][t] = _mm256_setzero_si256();
        if constexpr (V::kOffset > 0) {
          sum[h][t] = _mm256_sub_epi32(sum[h][t], _mm256_slli_epi32(GroupIsumSums(words, pairs[t]), kOffsetShift));
        }
      }
      if constexpr (V::kHasMin) {
        __m256i min_words[4][2], mins[T];
        for (int s = 0; s < 4; ++s) SplitWords(values[h].Mins(s), min_words[s]);
        for (int t = 0; t < T; ++t) mins[t] = GroupIsumSums(min_words, pairs[t]);
        SubtractScaledMins<T>(head + 32 + 16 * h, tok, kGroups * b, mins, acc[h]);
      }
      for (int step = 0; step < 8; ++step) {
        const int n = step / 4, q = step / 2 % 2, i = step % 2;
        scales[h][step][0] = ShuffleLanes(words[2 * n][q], kWord[i]);
        scales[h][step][1] = ShuffleLanes(words[2 * n + 1][q], kWord[i]);
      }
    }
    RunSteps<T, H, kTile, 64 * kLines + kHeadBytes, V::kPrefetchAheadOfStep>(prefetch, [&](int step) {
      StepSums<T, H>(values, step, scales, a, sum);
      return sum[0][0];
    });
    AddScaledSums<T, H>(head, tok, kGroups * b, sum, acc);
  }
};

// Q6_K lines: 0..3 the scales 4s..4s+3, then per step (n, k) at
// 4 + 3 (8n + k) the ql words 16n + k and 16n + 8 + k and the qh word
// 32 + 8n + k, which hold the 4 weight vectors' low nibbles (j = 0, 2 in the
// first word's low / high nibbles, j = 1, 3 in the second's) and their high
// 2 bits (bits 2j, 2j + 1 of the qh word; blocks.h).
struct Q6KValues {
  static constexpr size_t kLines = 52, kHeadBytes = 32;
  static constexpr int kMaxU = 63, kOffset = 32;
  static constexpr bool kHasMin = false, kPrefetchAheadOfStep = true;
  explicit Q6KValues(const uint8_t* lines) : lines_(lines) {}
  // Weight vectors i and i + 2 of step (n, k) (i = 0, 1 at run time).
  void Unpack(int n, int k, int i, __m256i* lo, __m256i* hi) const {
    const __m256i m4 = _mm256_set1_epi8(0x0f), m30 = _mm256_set1_epi8(0x30);
    const int line = 4 + 3 * (8 * n + k);
    const __m256i ql = Line(lines_, line + i), qh = Line(lines_, line + 2);
    const __m256i qh_lo = _mm256_sll_epi32(qh, _mm_cvtsi32_si128(4 - 2 * i));
    const __m256i qh_hi = _mm256_srl_epi32(qh, _mm_cvtsi32_si128(2 * i));
    SplitNibbles(ql, m4, lo, hi);
    *lo = _mm256_or_si256(*lo, _mm256_and_si256(qh_lo, m30));
    *hi = _mm256_or_si256(*hi, _mm256_and_si256(qh_hi, m30));
  }
  __m256i Scales(int s) const { return Line(lines_, s); }
  const uint8_t* lines_;
};

// Q3_K lines: 0..7 the hmask words k (bits regrouped, interleave.h),
// 8 + 8n + k the qs words 8n + k, 24..26 the scale words. Byte t of qs line
// (n, k) holds weight vector j's low 2 bits at bits 2j, 2j + 1; byte t of
// hmask line k holds its third bit at bit 2, 3, 6, 7 (j = 0..3) for n = 0
// and two below for n = 1. Merged: vectors i and i + 2 at bits 0-2 and 4-6
// of one register (the qs pairs shifted down by 2i, the hmask bits up by
// 2n - i), then split by masks.
struct Q3KValues {
  static constexpr size_t kLines = 27, kHeadBytes = 32;
  static constexpr int kMaxU = 7, kOffset = 4;
  static constexpr bool kHasMin = false, kPrefetchAheadOfStep = false;
  explicit Q3KValues(const uint8_t* lines) : lines_(lines) {}
  // Weight vectors i and i + 2 of step (n, k) (i = 0, 1 at run time).
  void Unpack(int n, int k, int i, __m256i* lo, __m256i* hi) const {
    const __m256i m33 = _mm256_set1_epi8(0x33), mcc = _mm256_set1_epi8(static_cast<char>(0xcc));
    const __m256i m7 = _mm256_set1_epi8(0x07);
    const __m256i qs = _mm256_srl_epi32(Line(lines_, 8 + 8 * n + k), _mm_cvtsi32_si128(2 * i));
    // hmask line k serves 4 steps. Loaded once, GCC kept the 16 lines of
    // both halves live across the unrolled steps and spilled them, so each
    // step loads it afresh through an opaque copy of the pointer.
    const uint8_t* hmask = lines_;
    asm volatile("" : "+r"(hmask));
    const int up = 2 * n - i;  // -1..2: vector i's third bit to bit 2 (and i + 2's to bit 6)
    const __m256i third = _mm256_srl_epi32(_mm256_sll_epi32(Line(hmask, k), _mm_cvtsi32_si128(up > 0 ? up : 0)),
                                           _mm_cvtsi32_si128(up < 0 ? -up : 0));
    const __m256i merged = _mm256_or_si256(_mm256_and_si256(qs, m33), _mm256_and_si256(third, mcc));
    SplitNibbles(merged, m7, lo, hi);
  }
  // Scales 4s..4s+3 minus 32 as int8 (GetScaleQ3K): low 4 bits from the
  // low (s < 2) or high (s >= 2) nibbles of scale word s % 2, high 2 bits
  // from bits 2s, 2s + 1 of scale word 2's bytes.
  __m256i Scales(int s) const {
    const __m256i m4 = _mm256_set1_epi8(0x0f), m30 = _mm256_set1_epi8(0x30);
    const __m256i word = Line(lines_, 24 + s % 2), high = Line(lines_, 26);
    const __m256i low = _mm256_srl_epi32(word, _mm_cvtsi32_si128(s < 2 ? 0 : 4));
    const __m256i top = _mm256_srl_epi32(_mm256_sll_epi32(high, _mm_cvtsi32_si128(s < 2 ? 4 - 2 * s : 0)),
                                         _mm_cvtsi32_si128(s < 2 ? 0 : 2 * s - 4));
    const __m256i scale = _mm256_or_si256(_mm256_and_si256(low, m4), _mm256_and_si256(top, m30));
    return _mm256_sub_epi8(scale, _mm256_set1_epi8(32));
  }
  const uint8_t* lines_;
};

// Q2_K lines: 0..3 the scale words (byte i of word s: the scale of group
// 4s + i in the low nibble, its min in the high one), 4 + 8n + k the qs
// words 8n + k, whose byte t holds weight vector j at bits 2j, 2j + 1.
// Head: 16 d, then 16 dmin.
struct Q2KValues {
  static constexpr size_t kLines = 20, kHeadBytes = 64;
  static constexpr int kMaxU = 3, kOffset = 0;
  static constexpr bool kHasMin = true, kPrefetchAheadOfStep = false;
  explicit Q2KValues(const uint8_t* lines) : lines_(lines) {}
  // Weight vectors i and i + 2 of step (n, k) (i = 0, 1 at run time).
  void Unpack(int n, int k, int i, __m256i* lo, __m256i* hi) const {
    const __m256i qs = _mm256_srl_epi32(Line(lines_, 4 + 8 * n + k), _mm_cvtsi32_si128(2 * i));
    SplitNibbles(qs, _mm256_set1_epi8(0x03), lo, hi);
  }
  __m256i Scales(int s) const { return _mm256_and_si256(Line(lines_, s), _mm256_set1_epi8(0x0f)); }
  __m256i Mins(int s) const { return _mm256_and_si256(_mm256_srli_epi16(Line(lines_, s), 4), _mm256_set1_epi8(0x0f)); }
  const uint8_t* lines_;
};

}  // namespace dm::kernels::interleaved_avx2
