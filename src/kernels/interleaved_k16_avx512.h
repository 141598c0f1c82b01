// Row-interleaved super-block kinds with 16 groups of 16 elements
// (interleave.h): Q2_K, Q3_K and Q6_K (contract in interleaved_avx512.h;
// include only from files compiled with AVX-512).
#pragma once

#include "kernels/blocks.h"
#include "kernels/interleaved_avx512.h"

namespace dm::kernels::interleaved {

// Super-blocks of 16 groups of 16 elements (Q2_K, Q3_K, Q6_K). Element
// 128n + 32j + 4k + t (n = 0, 1; j = 0..3; k = 0..7; t = 0..3) is byte t of
// weight vector j of step (n, k), in group 8n + 2j + k / 4; V gives
//   kLines, kHeadBytes, kOffset (the values are u - kOffset),
//   kHighShift (weight vectors 2 and 3 come as u * 2^kHighShift),
//   kHasMin (x = d * scale * u - dmin * min),
//   V(lines), Unpack(n, k, w) the 4 weight vectors of step (n, k),
//   Scale(group) the group's scale in every lane and, with kHasMin,
//   Min(group) its min.
// Sums start from -kOffset * isum per group (times 2^kHighShift for j >= 2,
// shifted back before the scale) and are multiplied by the group's scale,
// then scaled by d * d_a; with kHasMin, dmin * d_a times the sum of
// min * isum is subtracted. Head: 16 d (then 16 dmin).
template <typename V>
struct SixteenGroups {
  static constexpr int64_t kElements = kQKK;
  static constexpr int kGroups = 16;
  static constexpr size_t kHeadBytes = V::kHeadBytes, kLines = V::kLines;
  static constexpr int kTile = 4;
  template <int T>
  static void Block(const uint8_t* head, const uint8_t* lines, const TokenActs* tok, int64_t b, __m512* acc) {
    const V values(lines);
    const int8_t* a[T];
    const int32_t* isum[T];
    __m512i sum[T], mins[T];
    for (int t = 0; t < T; ++t) {
      a[t] = tok[t].q + kElements * b;
      isum[t] = tok[t].isum + kGroups * b;
      sum[t] = mins[t] = _mm512_setzero_si512();
    }
    for (int n = 0; n < 2; ++n) {
      for (int q = 0; q < 2; ++q) {
        __m512i g[T][4];  // group 8n + 2j + q
        for (int t = 0; t < T; ++t) {
          for (int j = 0; j < 4; ++j) {
            const int shift = j >= 2 ? V::kHighShift : 0;
            g[t][j] = _mm512_set1_epi32(-(V::kOffset << shift) * isum[t][8 * n + 2 * j + q]);
          }
        }
        for (int k = 4 * q; k < 4 * q + 4; ++k) {
          __m512i w[4];
          values.Unpack(n, k, w);
          for (int t = 0; t < T; ++t) {
            const int8_t* e = a[t] + 128 * n + 4 * k;
            for (int j = 0; j < 4; ++j) g[t][j] = _mm512_dpbusd_epi32(g[t][j], w[j], Broadcast4(e + 32 * j));
          }
        }
        for (int j = 0; j < 4; ++j) {
          const int group = 8 * n + 2 * j + q;
          const __m512i scale = values.Scale(group);
          for (int t = 0; t < T; ++t) {
            if (V::kHighShift > 0 && j >= 2) g[t][j] = _mm512_srai_epi32(g[t][j], V::kHighShift);
            sum[t] = _mm512_add_epi32(sum[t], _mm512_mullo_epi32(g[t][j], scale));
          }
          if constexpr (V::kHasMin) {
            const __m512i min = values.Min(group);
            for (int t = 0; t < T; ++t) {
              mins[t] = _mm512_add_epi32(mins[t], _mm512_mullo_epi32(min, _mm512_set1_epi32(isum[t][group])));
            }
          }
        }
      }
    }
    const __m512 d = Halves(head);
    for (int t = 0; t < T; ++t) {
      const __m512 vda = _mm512_set1_ps(tok[t].da[kGroups * b]);
      acc[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum[t]), _mm512_mul_ps(d, vda), acc[t]);
      if constexpr (V::kHasMin) {
        acc[t] = _mm512_fnmadd_ps(_mm512_cvtepi32_ps(mins[t]), _mm512_mul_ps(Halves(head + 32), vda), acc[t]);
      }
    }
  }
};

// Byte i of every 32-bit lane of v, sign-extended.
inline __m512i SignedByteOf(__m512i v, int i) { return _mm512_srai_epi32(_mm512_slli_epi32(v, 24 - 8 * i), 24); }

// Q6_K lines: 0..3 the scales 4s..4s+3, then per step (n, k) at
// 4 + 3 (8n + k) the ql words 16n + k and 16n + 8 + k and the qh word
// 32 + 8n + k, which hold the 4 weight vectors' low nibbles (j = 0, 2 in the
// first word's low / high nibbles, j = 1, 3 in the second's) and their high
// 2 bits (bits 2j, 2j + 1 of the qh word; blocks.h).
struct Q6KValues {
  static constexpr size_t kLines = 52, kHeadBytes = 32;
  static constexpr int kOffset = 32;
  static constexpr int kHighShift = 0;
  static constexpr bool kHasMin = false;
  explicit Q6KValues(const uint8_t* lines) : lines_(lines) {}
  void Unpack(int n, int k, __m512i* w) const {
    const __m512i m4 = _mm512_set1_epi8(0x0f), m33 = _mm512_set1_epi8(0x33);
    const int line = 4 + 3 * (8 * n + k);
    const __m512i ql0 = Line(lines_, line), ql1 = Line(lines_, line + 1), qh = Line(lines_, line + 2);
    // qh bits 0-1 / 4-5 (hb) and 2-3 / 6-7 (hb2) at bits 0-1 / 4-5.
    const __m512i hb = _mm512_and_si512(qh, m33), hb2 = _mm512_and_si512(_mm512_srli_epi16(qh, 2), m33);
    // 0xca: low nibble from the second operand, high from the third.
    w[0] = _mm512_ternarylogic_epi32(m4, ql0, _mm512_slli_epi16(hb, 4), 0xca);
    w[1] = _mm512_ternarylogic_epi32(m4, ql1, _mm512_slli_epi16(hb2, 4), 0xca);
    w[2] = _mm512_ternarylogic_epi32(m4, _mm512_srli_epi16(ql0, 4), hb, 0xca);
    w[3] = _mm512_ternarylogic_epi32(m4, _mm512_srli_epi16(ql1, 4), hb2, 0xca);
  }
  // Byte group % 4 of scale line group / 4 (loaded again, from L1: 4
  // registers fewer in the loop).
  __m512i Scale(int group) const { return SignedByteOf(Line(lines_, group / 4), group % 4); }
  const uint8_t* lines_;
};

// Q3_K lines: 0..7 the hmask words k (bits regrouped, interleave.h),
// 8 + 8n + k the qs words 8n + k, 24..26 the scale words. Byte t of qs line
// (n, k) holds weight vector j's low 2 bits at bits 2j, 2j + 1; byte t of
// hmask line k holds its third bit at bit 2, 3, 6, 7 (j = 0..3) for n = 0
// and two below for n = 1. One vpternlogd then merges vectors 0 and 2
// (pairs at bits 0-1 and 4-5, third bits at 2 and 6) and another 1 and 3;
// a mask splits each: vector 2 and 3 stay in the high nibble (16 u).
struct Q3KValues {
  static constexpr size_t kLines = 27, kHeadBytes = 32;
  static constexpr int kOffset = 4;
  static constexpr int kHighShift = 4;
  static constexpr bool kHasMin = false;
  explicit Q3KValues(const uint8_t* lines) : lines_(lines) {
    // Word w of sc_ holds scales 4w..4w+3 minus 32 as int8 (GetScaleQ3K):
    // low 4 bits from the low (w < 2) or high (w >= 2) nibbles of scale
    // word w % 2, high 2 bits from bits 2w, 2w + 1 of scale word 2's bytes.
    const __m512i m4 = _mm512_set1_epi8(0x0f), m30 = _mm512_set1_epi8(0x30), s32 = _mm512_set1_epi8(32);
    const __m512i s0 = Line(lines, 24), s1 = Line(lines, 25), s2 = Line(lines, 26);
    const __m512i low[4] = {s0, s1, _mm512_srli_epi32(s0, 4), _mm512_srli_epi32(s1, 4)};
    for (int w = 0; w < 4; ++w) {
      const __m512i high = _mm512_and_si512(ShiftLanes(s2, 4 - 2 * w), m30);
      // 0xca: low nibble from the second operand, high from the third.
      sc_[w] = _mm512_sub_epi8(_mm512_ternarylogic_epi32(m4, low[w], high, 0xca), s32);
    }
  }
  void Unpack(int n, int k, __m512i* w) const {
    const __m512i m33 = _mm512_set1_epi8(0x33), m07 = _mm512_set1_epi8(0x07), m70 = _mm512_set1_epi8(0x70);
    const __m512i qs = Line(lines_, 8 + 8 * n + k), hm = ShiftLanes(Line(lines_, k), 2 * n);
    // 0xca: bits 0-1 and 4-5 from the second operand, 2-3 and 6-7 from the third.
    const __m512i even = _mm512_ternarylogic_epi32(m33, qs, hm, 0xca);
    const __m512i odd = _mm512_ternarylogic_epi32(m33, _mm512_srli_epi32(qs, 2), _mm512_srli_epi32(hm, 1), 0xca);
    w[0] = _mm512_and_si512(even, m07);
    w[1] = _mm512_and_si512(odd, m07);
    w[2] = _mm512_and_si512(even, m70);
    w[3] = _mm512_and_si512(odd, m70);
  }
  __m512i Scale(int group) const { return SignedByteOf(sc_[group / 4], group % 4); }
  const uint8_t* lines_;
  __m512i sc_[4];
};

// Q2_K lines: 0..3 the scale words (byte i of word w: scale 4w + i in the
// low nibble, its min in the high one), 4 + 8n + k the qs words 8n + k,
// whose byte t holds weight vector j at bits 2j, 2j + 1. Head: 16 d, then
// 16 dmin.
struct Q2KValues {
  static constexpr size_t kLines = 20, kHeadBytes = 64;
  static constexpr int kOffset = 0;
  static constexpr int kHighShift = 4;
  static constexpr bool kHasMin = true;
  explicit Q2KValues(const uint8_t* lines) : lines_(lines) {}
  void Unpack(int n, int k, __m512i* w) const {
    const __m512i m03 = _mm512_set1_epi8(0x03), m30 = _mm512_set1_epi8(0x30);
    const __m512i qs = Line(lines_, 4 + 8 * n + k), odd = _mm512_srli_epi32(qs, 2);
    w[0] = _mm512_and_si512(qs, m03);
    w[1] = _mm512_and_si512(odd, m03);
    w[2] = _mm512_and_si512(qs, m30);
    w[3] = _mm512_and_si512(odd, m30);
  }
  __m512i Scale(int group) const { return Nibble(group, 0); }
  __m512i Min(int group) const { return Nibble(group, 4); }
  // Bits [shift, shift + 4) of byte group % 4 of scale word group / 4.
  __m512i Nibble(int group, int shift) const {
    return _mm512_and_si512(_mm512_srli_epi32(Line(lines_, group / 4), 8 * (group % 4) + shift), _mm512_set1_epi32(15));
  }
  const uint8_t* lines_;
};

}  // namespace dm::kernels::interleaved
