// Row-interleaved super-block kinds with 32-element sub-blocks and mins
// (interleave.h): Q4_K and Q5_K (contract in interleaved_avx512.h; include
// only from files compiled with AVX-512).
#pragma once

#include "kernels/blocks.h"
#include "kernels/interleaved_avx512.h"

namespace dm::kernels::interleaved {

// vpshufb index that zero-extends byte t of every 32-bit lane.
constexpr Vec64 ByteOfLane(int t) {
  Vec64 r{};
  for (int i = 0; i < 64; ++i) r.b[i] = i % 4 == 0 ? static_cast<uint8_t>(i % 16 + t) : 0x80;
  return r;
}
constexpr Vec64 kByteOfLane[4] = {ByteOfLane(0), ByteOfLane(1), ByteOfLane(2), ByteOfLane(3)};

inline __m512i ByteOf(__m512i v, int t) { return _mm512_shuffle_epi8(v, Load(kByteOfLane[t])); }

// (lo, hi) as the two int16 words of every lane.
inline __m512i WordPair(int32_t lo, int32_t hi) {
  const uint32_t pair = (static_cast<uint32_t>(lo) & 0xffff) | (static_cast<uint32_t>(hi) << 16);
  return _mm512_set1_epi32(static_cast<int32_t>(pair));
}

// Independent vpdpbusd chains per token and sum: 2 for a lone token, to hide
// the instruction's latency; 1 when T tokens already give T chains.
template <int T>
inline constexpr int kChains = T == 1 ? 2 : 1;

// The values of Q4_K and Q5_K, per sub-block pair c = 0..3 and word k = 0..7:
// Unpack(c, k) gives the bytes of elements 64c + 4k.. (sub-block 2c) and
// 64c + 32 + 4k.. (sub-block 2c + 1), the second times 2^kHighShift.
// Q4_K lines: 0..2 the scale words, 3 + 8c + k the qs word 32c + 4k, whose
// low nibbles are the first and high nibbles the second; the high nibbles
// are multiplied in place (16 u) and the sums shifted back.
struct Q4KValues {
  static constexpr size_t kLines = 35;
  static constexpr int kHighShift = 4;
  explicit Q4KValues(const uint8_t* lines) : lines_(lines) {}
  void Unpack(int c, int k, __m512i* lo, __m512i* hi) const {
    const __m512i m4 = _mm512_set1_epi8(0x0f), w = Line(lines_, 3 + 8 * c + k);
    *lo = _mm512_and_si512(w, m4);
    *hi = _mm512_andnot_si512(m4, w);
  }
  const uint8_t* lines_;
};

// Q5_K lines: 0..2 the scale words, 3 + k the qh word 4k, 11 + 8c + k the qs
// word 32c + 4k. Byte t of qh word k holds the fifth bits of the elements of
// qs byte 4k + t: bit 2c for its low nibble, 2c + 1 for its high one.
struct Q5KValues {
  static constexpr size_t kLines = 43;
  static constexpr int kHighShift = 0;
  explicit Q5KValues(const uint8_t* lines) : lines_(lines) {}
  void Unpack(int c, int k, __m512i* lo, __m512i* hi) const {
    const __m512i m4 = _mm512_set1_epi8(0x0f), bit4 = _mm512_set1_epi8(0x10);
    const __m512i w = Line(lines_, 11 + 8 * c + k), qh = Line(lines_, 3 + k);
    const __m512i lo_bit = _mm512_and_si512(ShiftLanes(qh, 4 - 2 * c), bit4);
    const __m512i hi_bit = _mm512_and_si512(ShiftLanes(qh, 3 - 2 * c), bit4);
    // 0xca: low nibble from the second operand, high from the third.
    *lo = _mm512_ternarylogic_epi32(m4, w, lo_bit, 0xca);
    *hi = _mm512_ternarylogic_epi32(m4, _mm512_srli_epi16(w, 4), hi_bit, 0xca);
  }
  const uint8_t* lines_;
};

// Q4_K / Q5_K super-blocks: lines 0..2 the 12 scale bytes, the values as V
// unpacks them. Head: 16 d, then 16 dmin.
template <typename V>
struct KQuant {
  static constexpr int64_t kElements = kQKK;
  static constexpr int kGroups = 8;
  static constexpr size_t kHeadBytes = 64, kLines = V::kLines;
  static constexpr int kTile = 4;
  template <int T>
  static void Block(const uint8_t* head, const uint8_t* lines, const TokenActs* tok, int64_t b, __m512* acc) {
    constexpr int P = kChains<T>;
    const V values(lines);
    const __m512i m4 = _mm512_set1_epi8(0x0f), m6 = _mm512_set1_epi8(0x3f);
    const __m512i s0 = Line(lines, 0), s1 = Line(lines, 1), s2 = Line(lines, 2);
    // Byte j of a lane: the 6-bit scale (min) of sub-block j (lo) or 4 + j
    // (hi), unpacked as the reference's get_scale_min_k4; 0xca selects the
    // low nibble from the second operand, the high one from the third.
    const __m512i sc_lo = _mm512_and_si512(s0, m6), m_lo = _mm512_and_si512(s1, m6);
    const __m512i sc_hi = _mm512_and_si512(_mm512_ternarylogic_epi32(m4, s2, _mm512_srli_epi32(s0, 2), 0xca), m6);
    const __m512i m_hi = _mm512_and_si512(
        _mm512_ternarylogic_epi32(m4, _mm512_srli_epi32(s2, 4), _mm512_srli_epi32(s1, 2), 0xca), m6);
    // Words (m_j, m_j+2) of every lane, j = 0, 1, 4, 5.
    const __m512i even = _mm512_set1_epi32(0x00ff00ff);
    const __m512i min_words[4] = {_mm512_and_si512(m_lo, even), _mm512_and_si512(_mm512_srli_epi32(m_lo, 8), even),
                                  _mm512_and_si512(m_hi, even), _mm512_and_si512(_mm512_srli_epi32(m_hi, 8), even)};
    const int8_t* a[T];
    __m512i mins[T], sum[T];
    for (int t = 0; t < T; ++t) {
      a[t] = tok[t].q + kElements * b;
      // sum_j m_j * isum_j: words (m_j, m_j+2) against (isum_j, isum_j+2).
      const int32_t* isum = tok[t].isum + kGroups * b;
      mins[t] = _mm512_dpwssd_epi32(_mm512_setzero_si512(), min_words[0], WordPair(isum[0], isum[2]));
      mins[t] = _mm512_dpwssd_epi32(mins[t], min_words[1], WordPair(isum[1], isum[3]));
      mins[t] = _mm512_dpwssd_epi32(mins[t], min_words[2], WordPair(isum[4], isum[6]));
      mins[t] = _mm512_dpwssd_epi32(mins[t], min_words[3], WordPair(isum[5], isum[7]));
      sum[t] = _mm512_setzero_si512();
    }
    for (int c = 0; c < 4; ++c) {
      __m512i lo[T][P], hi[T][P];
      for (int t = 0; t < T; ++t) {
        for (int p = 0; p < P; ++p) lo[t][p] = hi[t][p] = _mm512_setzero_si512();
      }
      for (int k = 0; k < 8; ++k) {
        __m512i w_lo, w_hi;
        values.Unpack(c, k, &w_lo, &w_hi);
        for (int t = 0; t < T; ++t) {
          lo[t][k % P] = _mm512_dpbusd_epi32(lo[t][k % P], w_lo, Broadcast4(a[t] + 64 * c + 4 * k));
          hi[t][k % P] = _mm512_dpbusd_epi32(hi[t][k % P], w_hi, Broadcast4(a[t] + 64 * c + 32 + 4 * k));
        }
      }
      const __m512i sc = c < 2 ? sc_lo : sc_hi;
      const __m512i sc_first = ByteOf(sc, 2 * (c % 2)), sc_second = ByteOf(sc, 2 * (c % 2) + 1);
      for (int t = 0; t < T; ++t) {
        __m512i lo_sum = lo[t][0], hi_sum = hi[t][0];
        for (int p = 1; p < P; ++p) {
          lo_sum = _mm512_add_epi32(lo_sum, lo[t][p]);
          hi_sum = _mm512_add_epi32(hi_sum, hi[t][p]);
        }
        sum[t] = _mm512_add_epi32(sum[t], _mm512_mullo_epi32(lo_sum, sc_first));
        if constexpr (V::kHighShift > 0) hi_sum = _mm512_srai_epi32(hi_sum, V::kHighShift);
        sum[t] = _mm512_add_epi32(sum[t], _mm512_mullo_epi32(hi_sum, sc_second));
      }
    }
    const __m512 d = Halves(head), dmin = Halves(head + 32);
    for (int t = 0; t < T; ++t) {
      const __m512 vda = _mm512_set1_ps(tok[t].da[kGroups * b]);
      acc[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum[t]), _mm512_mul_ps(d, vda), acc[t]);
      acc[t] = _mm512_fnmadd_ps(_mm512_cvtepi32_ps(mins[t]), _mm512_mul_ps(dmin, vda), acc[t]);
    }
  }
};

}  // namespace dm::kernels::interleaved
