// Row-interleaved block kinds of 32 elements (interleave.h): Q4_0, Q4_1,
// Q5_0, Q5_1, Q8_0 and IQ4_NL (contract in interleaved_avx512.h; include only
// from files compiled with AVX-512).
#pragma once

#include "kernels/blocks.h"
#include "kernels/interleaved_avx512.h"

namespace dm::kernels::interleaved {

// Q4_0 / Q5_0 / Q8_0 lines: Sums<T> adds to sums[t] (which starts at the
// offset bias) the integer sums of the block for the 16 rows and token t.

// Q4_0 / Q5_0: 4 value lines; line k's low nibbles are elements 4k..4k+3 and
// its high nibbles 16 + 4k.., unpacked to bytes by V::Unpack, the high ones
// times 2^V::kHighShift (their sums are shifted back).
template <typename V>
struct NibbleLines {
  static constexpr int kLines = V::kLines;
  static constexpr int kOffsetShift = V::kOffsetShift;
  template <int T>
  static void Sums(const uint8_t* lines, const int8_t* const* a, __m512i* sums) {
    const V values(lines);
    __m512i hi[T];
    for (int t = 0; t < T; ++t) hi[t] = _mm512_setzero_si512();
    for (int k = 0; k < 4; ++k) {
      __m512i w_lo, w_hi;
      values.Unpack(k, &w_lo, &w_hi);
      for (int t = 0; t < T; ++t) {
        sums[t] = _mm512_dpbusd_epi32(sums[t], w_lo, Broadcast4(a[t] + 4 * k));
        hi[t] = _mm512_dpbusd_epi32(hi[t], w_hi, Broadcast4(a[t] + 16 + 4 * k));
      }
    }
    for (int t = 0; t < T; ++t) {
      if constexpr (V::kHighShift > 0) hi[t] = _mm512_srai_epi32(hi[t], V::kHighShift);
      sums[t] = _mm512_add_epi32(sums[t], hi[t]);
    }
  }
};

// The high nibbles stay in place (16 u: one op fewer per line).
struct Q4_0Values {
  static constexpr int kLines = 4;
  static constexpr int kOffsetShift = 3;
  static constexpr int kHighShift = 4;
  explicit Q4_0Values(const uint8_t* lines) : lines_(lines) {}
  void Unpack(int k, __m512i* lo, __m512i* hi) const {
    const __m512i m4 = _mm512_set1_epi8(0x0f), w = Line(lines_, k);
    *lo = _mm512_and_si512(w, m4);
    *hi = _mm512_andnot_si512(m4, w);
  }
  const uint8_t* lines_;
};

// Line 0: the regrouped qh (interleave.h); lines 1..4 as Q4_0's 0..3, the
// fifth bit of byte t's elements from bit k (low nibble) or 4 + k (high) of
// the qh byte, moved to bit 4.
struct Q5_0Values {
  static constexpr int kLines = 5;
  static constexpr int kOffsetShift = 4;
  static constexpr int kHighShift = 0;
  explicit Q5_0Values(const uint8_t* lines) : lines_(lines), qh_(Line(lines, 0)) {}
  void Unpack(int k, __m512i* lo, __m512i* hi) const {
    const __m512i m4 = _mm512_set1_epi8(0x0f), bit4 = _mm512_set1_epi8(0x10), w = Line(lines_, 1 + k);
    const __m512i lo_bit = _mm512_and_si512(_mm512_slli_epi32(qh_, 4 - k), bit4);
    const __m512i hi_bit = _mm512_and_si512(_mm512_srli_epi32(qh_, k), bit4);
    // 0xca: low nibble from the second operand, high from the third.
    *lo = _mm512_ternarylogic_epi32(m4, w, lo_bit, 0xca);
    *hi = _mm512_ternarylogic_epi32(m4, _mm512_srli_epi16(w, 4), hi_bit, 0xca);
  }
  const uint8_t* lines_;
  __m512i qh_;
};

// IQ4_NL: Q4_0's lines, each nibble looked up (vpshufb) in the non-linear
// table shifted by 128 to the unsigned form vpdpbusd takes.
constexpr Vec64 Iq4NlTable() {
  Vec64 r{};
  for (int i = 0; i < 64; ++i) r.b[i] = static_cast<uint8_t>(kIq4nlValues[i % 16] + 128);
  return r;
}
constexpr Vec64 kIq4NlTable = Iq4NlTable();

struct Iq4NlValues {
  static constexpr int kLines = 4;
  static constexpr int kOffsetShift = 7;
  static constexpr int kHighShift = 0;
  explicit Iq4NlValues(const uint8_t* lines) : lines_(lines) {}
  void Unpack(int k, __m512i* lo, __m512i* hi) const {
    const __m512i m4 = _mm512_set1_epi8(0x0f), table = Load(kIq4NlTable), w = Line(lines_, k);
    *lo = _mm512_shuffle_epi8(table, _mm512_and_si512(w, m4));
    *hi = _mm512_shuffle_epi8(table, _mm512_and_si512(_mm512_srli_epi16(w, 4), m4));
  }
  const uint8_t* lines_;
};

struct Q8_0Lines {
  static constexpr int kLines = 8;
  static constexpr int kOffsetShift = 7;
  template <int T>
  static void Sums(const uint8_t* lines, const int8_t* const* a, __m512i* sums) {
    __m512i odd[T];
    for (int t = 0; t < T; ++t) odd[t] = _mm512_setzero_si512();
    for (int k = 0; k < kLines; k += 2) {
      const __m512i w_even = Line(lines, k), w_odd = Line(lines, k + 1);
      for (int t = 0; t < T; ++t) {
        sums[t] = _mm512_dpbusd_epi32(sums[t], w_even, Broadcast4(a[t] + 4 * k));
        odd[t] = _mm512_dpbusd_epi32(odd[t], w_odd, Broadcast4(a[t] + 4 * (k + 1)));
      }
    }
    for (int t = 0; t < T; ++t) sums[t] = _mm512_add_epi32(sums[t], odd[t]);
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
  template <int T>
  static void Block(const uint8_t* head, const uint8_t* lines, const TokenActs* tok, int64_t b, __m512* acc) {
    const int8_t* a[T];
    __m512i sums[T];
    for (int t = 0; t < T; ++t) {
      a[t] = tok[t].q + kElements * b;
      sums[t] = _mm512_set1_epi32(kHasMin ? 0 : -(tok[t].isum[b] << L::kOffsetShift));
    }
    L::template Sums<T>(lines, a, sums);
    const __m512 d = Halves(head);
    for (int t = 0; t < T; ++t) {
      acc[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sums[t]), _mm512_mul_ps(d, _mm512_set1_ps(tok[t].da[b])), acc[t]);
      if constexpr (kHasMin) acc[t] = _mm512_fmadd_ps(Halves(head + 32), _mm512_set1_ps(tok[t].sa[b]), acc[t]);
    }
  }
};

}  // namespace dm::kernels::interleaved
