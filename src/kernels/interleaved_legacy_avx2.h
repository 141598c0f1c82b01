// Row-interleaved block kinds of 32 elements (interleave.h) for AVX2: Q4_0,
// Q4_1, Q5_0, Q5_1, Q8_0 and IQ4_NL (contract in interleaved_avx2.h;
// include only from files compiled with AVX2).
#pragma once

#include "kernels/blocks.h"
#include "kernels/interleaved_avx2.h"

namespace dm::kernels::interleaved_avx2 {

// Lines L: Sums<T, H, kPrefetchBytes>(lines, a, sums, prefetch) sets
// sums[h][t] to the integer sums of u * a over the block for the 8 rows of
// half h and token t. A pass over both halves (H == 2) also prefetches the
// kPrefetchBytes at `prefetch` (the block's size, some way ahead): in one
// burst first where the block has 4 steps, one line per step for Q8_0's 8.

// Q4_0 / Q5_0 (Q4_1 / Q5_1): 4 value lines; line k's low nibbles are
// elements 4k..4k+3 and its high nibbles 16 + 4k.., unpacked to bytes u <=
// V::kMaxU by V::Unpack. The 8 vpmaddubsw results of a block add up in one
// int16 accumulator where Int16Products allows 8 (kMaxU = 15), else the 4 of
// each nibble half in one of two (kMaxU = 31), before they are widened.
template <typename V>
struct NibbleLines {
  static constexpr int kLines = V::kLines;
  static constexpr int kOffset = V::kOffset;
  static constexpr int kAccumulators = Int16Products(V::kMaxU) >= 8 ? 1 : 2;
  static_assert(Int16Products(V::kMaxU) >= 4);
  template <int T, int H, size_t kPrefetchBytes>
  static void Sums(const uint8_t* lines, const int8_t* const* a, __m256i (*sums)[T], const char* prefetch) {
    if constexpr (H == 2) PrefetchLines<kPrefetchBytes>(prefetch);
    const auto values = HalvesOf<V, H>(lines);
    __m256i p[H][T][kAccumulators];
    for (int h = 0; h < H; ++h) {
      for (int t = 0; t < T; ++t) {
        for (int i = 0; i < kAccumulators; ++i) p[h][t][i] = _mm256_setzero_si256();
      }
    }
    for (int k = 0; k < 4; ++k) {
      __m256i w_lo[H], w_hi[H];
      for (int h = 0; h < H; ++h) values[h].Unpack(k, &w_lo[h], &w_hi[h]);
      for (int t = 0; t < T; ++t) {
        const __m256i a_lo = Broadcast4(a[t] + 4 * k), a_hi = Broadcast4(a[t] + 16 + 4 * k);
        for (int h = 0; h < H; ++h) {
          p[h][t][0] = AddPairs(p[h][t][0], ProductPairs(w_lo[h], a_lo));
          p[h][t][kAccumulators - 1] = AddPairs(p[h][t][kAccumulators - 1], ProductPairs(w_hi[h], a_hi));
        }
      }
    }
    for (int h = 0; h < H; ++h) {
      for (int t = 0; t < T; ++t) {
        sums[h][t] = WidenPairs(p[h][t][0]);
        if constexpr (kAccumulators == 2) sums[h][t] = _mm256_add_epi32(sums[h][t], WidenPairs(p[h][t][1]));
      }
    }
  }
};

struct Q4_0Values {
  static constexpr int kLines = 4;
  static constexpr int kOffset = 8;
  static constexpr int kMaxU = 15;
  explicit Q4_0Values(const uint8_t* lines) : lines_(lines) {}
  void Unpack(int k, __m256i* lo, __m256i* hi) const {
    SplitNibbles(Line(lines_, k), _mm256_set1_epi8(0x0f), lo, hi);
  }
  const uint8_t* lines_;
};

// Line 0: the regrouped qh (interleave.h); lines 1..4 as Q4_0's 0..3, the
// fifth bit of byte t's elements from bit k (low nibble) or 4 + k (high) of
// the qh byte, moved to bit 4.
struct Q5_0Values {
  static constexpr int kLines = 5;
  static constexpr int kOffset = 16;
  static constexpr int kMaxU = 31;
  explicit Q5_0Values(const uint8_t* lines) : lines_(lines), qh_(Line(lines, 0)) {}
  void Unpack(int k, __m256i* lo, __m256i* hi) const {
    const __m256i bit4 = _mm256_set1_epi8(0x10);
    SplitNibbles(Line(lines_, 1 + k), _mm256_set1_epi8(0x0f), lo, hi);
    *lo = _mm256_or_si256(*lo, _mm256_and_si256(_mm256_slli_epi32(qh_, 4 - k), bit4));
    *hi = _mm256_or_si256(*hi, _mm256_and_si256(_mm256_srli_epi32(qh_, k), bit4));
  }
  const uint8_t* lines_;
  __m256i qh_;
};

// Adds the products of signed bytes q and a to the int32 lanes of sum:
// vpmaddubsw needs one unsigned operand, so it takes |q| (abs_q) times a
// carrying q's sign. |q| <= 128 and |a| <= 127 (the activation quantizer's
// range) keep each pair sum below 32768; it is widened at once.
inline __m256i AddSignedProducts(__m256i sum, __m256i q, __m256i abs_q, __m256i a) {
  sum = _mm256_add_epi32(sum, WidenPairs(ProductPairs(abs_q, _mm256_sign_epi8(a, q))));
  KeepInRegister(sum);
  return sum;
}

// Q8_0: 8 lines of bytes stored as u = q + 128 (interleave.h), multiplied
// as signed bytes q (u * a could saturate vpmaddubsw). Its prefetch goes
// out in 8 slices, one after each line's products: 1 thread, 262144x1536
// from memory, 15.9 GB/s with the block's 9 prefetches in one burst, 19.4
// spread (0.87 -> 1.09 of the read probe; 2 threads 0.94 -> 1.09).
struct Q8_0Lines {
  static constexpr int kLines = 8;
  static constexpr int kOffset = 0;
  template <int T, int H, size_t kPrefetchBytes>
  static void Sums(const uint8_t* lines, const int8_t* const* a, __m256i (*sums)[T], const char* prefetch) {
    const __m256i flip = _mm256_set1_epi8(static_cast<char>(0x80));
    for (int h = 0; h < H; ++h) {
      for (int t = 0; t < T; ++t) sums[h][t] = _mm256_setzero_si256();
    }
#pragma GCC unroll 8
    for (int k = 0; k < kLines; ++k) {
      __m256i q[H], abs_q[H];
      for (int h = 0; h < H; ++h) {
        q[h] = _mm256_xor_si256(Line(lines + 32 * h, k), flip);
        abs_q[h] = _mm256_sign_epi8(q[h], q[h]);
      }
      for (int t = 0; t < T; ++t) {
        const __m256i word = Broadcast4(a[t] + 4 * k);
        for (int h = 0; h < H; ++h) sums[h][t] = AddSignedProducts(sums[h][t], q[h], abs_q[h], word);
      }
      if constexpr (H == 2) PrefetchSlice<kPrefetchBytes, kLines>(prefetch, k, sums[0][0]);
    }
  }
};

// IQ4_NL: Q4_0's 4 lines (nibbles as NibbleLines'), each nibble looked up
// (vpshufb) in the table of signed values kIq4nlValues and multiplied as
// signed bytes, as Q8_0's (|q| <= 127).
struct Iq4NlLines {
  static constexpr int kLines = 4;
  static constexpr int kOffset = 0;
  template <int T, int H, size_t kPrefetchBytes>
  static void Sums(const uint8_t* lines, const int8_t* const* a, __m256i (*sums)[T], const char* prefetch) {
    if constexpr (H == 2) PrefetchLines<kPrefetchBytes>(prefetch);
    const __m256i m4 = _mm256_set1_epi8(0x0f);
    const __m256i table = _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(kIq4nlValues)));
    for (int h = 0; h < H; ++h) {
      for (int t = 0; t < T; ++t) sums[h][t] = _mm256_setzero_si256();
    }
#pragma GCC unroll 4
    for (int k = 0; k < kLines; ++k) {
      __m256i q_lo[H], q_hi[H], abs_lo[H], abs_hi[H];
      for (int h = 0; h < H; ++h) {
        __m256i lo, hi;
        SplitNibbles(Line(lines + 32 * h, k), m4, &lo, &hi);
        q_lo[h] = _mm256_shuffle_epi8(table, lo);
        q_hi[h] = _mm256_shuffle_epi8(table, hi);
        abs_lo[h] = _mm256_sign_epi8(q_lo[h], q_lo[h]);
        abs_hi[h] = _mm256_sign_epi8(q_hi[h], q_hi[h]);
      }
      for (int t = 0; t < T; ++t) {
        const __m256i word_lo = Broadcast4(a[t] + 4 * k), word_hi = Broadcast4(a[t] + 16 + 4 * k);
        for (int h = 0; h < H; ++h) {
          sums[h][t] = AddSignedProducts(sums[h][t], q_lo[h], abs_lo[h], word_lo);
          sums[h][t] = AddSignedProducts(sums[h][t], q_hi[h], abs_hi[h], word_hi);
        }
      }
    }
  }
};

// 32-element blocks of lines L: x = d * (u - offset) (head d), or with
// kHasMin x = d * u + m (Q4_1 / Q5_1: no offset; head d, then m).
template <typename L, bool kHasMin = false>
struct Legacy {
  static constexpr int64_t kElements = kQK;
  static constexpr int kGroups = 1;
  static constexpr size_t kHeadBytes = kHasMin ? 64 : 32, kLines = L::kLines;
  static constexpr int kTile = 4;
  template <int T, int H>
  static void Block(const uint8_t* head, const uint8_t* lines, const TokenActs* tok, int64_t b, const char* prefetch,
                    __m256 (*acc)[T]) {
    const int8_t* a[T];
    __m256i sums[H][T];
    for (int t = 0; t < T; ++t) a[t] = tok[t].q + kElements * b;
    L::template Sums<T, H, 64 * kLines + kHeadBytes>(lines, a, sums, prefetch);
    for (int h = 0; h < H; ++h) {
      const __m256 d = Halves(head + 16 * h);
      // The offset's term, -offset * d * d_a * isum, is -offset * d times s.
      const __m256 m =
          kHasMin ? Halves(head + 16 * h + 32) : _mm256_mul_ps(d, _mm256_set1_ps(-static_cast<float>(L::kOffset)));
      for (int t = 0; t < T; ++t) {
        const __m256 scale = _mm256_mul_ps(d, _mm256_set1_ps(tok[t].da[b]));
        acc[h][t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sums[h][t]), scale, acc[h][t]);
        if constexpr (kHasMin || L::kOffset > 0) {
          acc[h][t] = _mm256_fmadd_ps(m, _mm256_set1_ps(tok[t].sa[b]), acc[h][t]);
        }
      }
    }
  }
};

}  // namespace dm::kernels::interleaved_avx2
