// AVX-512 VNNI matrix kernels for row-interleaved Q4_0, Q4_1, Q5_0, Q5_1,
// Q8_0, IQ4_NL, Q4_K, Q5_K and Q6_K weights (layout in interleave.h), for decode and prefill alike: one
// 16-row group at a time, int32 lane j = row j, tokens in tiles of 4 (each
// line is loaded and unpacked once per tile; the group stays in L1/L2 from
// one tile to the next).
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
//     its int8 scale, scaled by d * d_a.
// A group, heads inline (PlaceOf), is read as one linear stream and left to
// the hardware prefetcher: software prefetches 8-16 KiB ahead made decode
// slower on this layout (docs/engine.md).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"  // GCC 12 intrinsic false positive (bug 105593)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>

#include <cstdint>
#include <cstring>
#include <limits>

#include "kernels/blocks.h"
#include "kernels/decode_avx512.h"
#include "kernels/interleave.h"
#include "kernels/kernel_table.h"
#include "util/status.h"

namespace dm::kernels {
namespace {

inline __m512i Broadcast4(const int8_t* a) {
  int32_t word;
  std::memcpy(&word, a, 4);
  return _mm512_set1_epi32(word);
}

inline __m512i Line(const uint8_t* lines, int k) { return _mm512_loadu_si512(lines + 64 * k); }

inline __m512 Halves(const uint8_t* head) {
  return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(head)));
}

// One token's activations (ActLayout): int8 values, and per group of the
// layout its d_a and isum (the sum of the group's int8 values).
struct TokenActs {
  const int8_t* q;
  const float* da;
  const int32_t* isum;
  const float* sa;  // d_a * isum, rounded as the activation format stores it
};

// A block kind K: kElements per block, kGroups activation groups per block,
// kHeadBytes and kLines as in interleave.h, kTile tokens per pass, and
//   template <int T> static void Block(const uint8_t* head,
//       const uint8_t* lines, const TokenActs* tok, int64_t b, __m512* acc)
// which adds block b's products for the 16 rows to acc[t] for the T tokens
// tok[0..T). A line is loaded and unpacked once for the T tokens.

// Q4_0 / Q5_0 / Q8_0 lines: Sums<T> adds to sums[t] (which starts at the
// offset bias) the integer sums of the block for the 16 rows and token t.

// Q4_0 / Q5_0: 4 value lines; line k's low nibbles are elements 4k..4k+3 and
// its high nibbles 16 + 4k.., unpacked to bytes by V::Unpack.
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
    for (int t = 0; t < T; ++t) sums[t] = _mm512_add_epi32(sums[t], hi[t]);
  }
};

struct Q4_0Values {
  static constexpr int kLines = 4;
  static constexpr int kOffsetShift = 3;
  explicit Q4_0Values(const uint8_t* lines) : lines_(lines) {}
  void Unpack(int k, __m512i* lo, __m512i* hi) const {
    const __m512i m4 = _mm512_set1_epi8(0x0f), w = Line(lines_, k);
    *lo = _mm512_and_si512(w, m4);
    *hi = _mm512_and_si512(_mm512_srli_epi16(w, 4), m4);
  }
  const uint8_t* lines_;
};

// Line 0: the regrouped qh (interleave.h); lines 1..4 as Q4_0's 0..3, the
// fifth bit of byte t's elements from bit k (low nibble) or 4 + k (high) of
// the qh byte, moved to bit 4.
struct Q5_0Values {
  static constexpr int kLines = 5;
  static constexpr int kOffsetShift = 4;
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

// v shifted left by s bits (right by -s) in every 32-bit lane.
inline __m512i ShiftLanes(__m512i v, int s) { return s >= 0 ? _mm512_slli_epi32(v, s) : _mm512_srli_epi32(v, -s); }

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

// Q6_K lines: 0..3 the scales 4s..4s+3, then per (h, m), m = 0..7, at
// 4 + 3 (8h + m) the ql words 64h + 4m and 64h + 32 + 4m and the qh word
// 32h + 4m. Those three words give elements 128h + 32i + 4m.. for
// i = 0..3 (blocks.h), all in group 8h + 2i + m / 4. Head: 16 d.
struct Q6K {
  static constexpr int64_t kElements = kQKK;
  static constexpr int kGroups = 16;
  static constexpr size_t kHeadBytes = 32, kLines = 52;
  static constexpr int kTile = 4;
  template <int T>
  static void Block(const uint8_t* head, const uint8_t* lines, const TokenActs* tok, int64_t b, __m512* acc) {
    const __m512i m4 = _mm512_set1_epi8(0x0f), m33 = _mm512_set1_epi8(0x33);
    const int8_t* a[T];
    const int32_t* isum[T];
    __m512i sum[T];
    for (int t = 0; t < T; ++t) {
      a[t] = tok[t].q + kElements * b;
      isum[t] = tok[t].isum + kGroups * b;
      sum[t] = _mm512_setzero_si512();
    }
    for (int h = 0; h < 2; ++h) {
      for (int j = 0; j < 2; ++j) {
        __m512i g[T][4];  // group 8h + 2i + j, from the offset -32 * isum
        for (int t = 0; t < T; ++t) {
          for (int i = 0; i < 4; ++i) g[t][i] = _mm512_set1_epi32(-32 * isum[t][8 * h + 2 * i + j]);
        }
        for (int m = 4 * j; m < 4 * j + 4; ++m) {
          const int line = 4 + 3 * (8 * h + m);
          const __m512i ql0 = Line(lines, line), ql1 = Line(lines, line + 1), qh = Line(lines, line + 2);
          // qh bits 0-1 / 4-5 (hb) and 2-3 / 6-7 (hb2) at bits 0-1 / 4-5.
          const __m512i hb = _mm512_and_si512(qh, m33), hb2 = _mm512_and_si512(_mm512_srli_epi16(qh, 2), m33);
          // 0xca: low nibble from the second operand, high from the third.
          const __m512i w[4] = {_mm512_ternarylogic_epi32(m4, ql0, _mm512_slli_epi16(hb, 4), 0xca),
                                _mm512_ternarylogic_epi32(m4, ql1, _mm512_slli_epi16(hb2, 4), 0xca),
                                _mm512_ternarylogic_epi32(m4, _mm512_srli_epi16(ql0, 4), hb, 0xca),
                                _mm512_ternarylogic_epi32(m4, _mm512_srli_epi16(ql1, 4), hb2, 0xca)};
          for (int t = 0; t < T; ++t) {
            const int8_t* e = a[t] + 128 * h + 4 * m;
            for (int i = 0; i < 4; ++i) g[t][i] = _mm512_dpbusd_epi32(g[t][i], w[i], Broadcast4(e + 32 * i));
          }
        }
        for (int i = 0; i < 4; ++i) {
          const int group = 8 * h + 2 * i + j;
          // The int8 scale: byte group % 4 of scale line group / 4, sign-extended
          // (loaded again here, from L1: 4 registers fewer in the loop above).
          const __m512i sc = _mm512_srai_epi32(_mm512_slli_epi32(Line(lines, group / 4), 24 - 8 * (group % 4)), 24);
          for (int t = 0; t < T; ++t) sum[t] = _mm512_add_epi32(sum[t], _mm512_mullo_epi32(g[t][i], sc));
        }
      }
    }
    const __m512 d = Halves(head);
    for (int t = 0; t < T; ++t) {
      acc[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum[t]), _mm512_mul_ps(d, _mm512_set1_ps(tok[t].da[kGroups * b])),
                               acc[t]);
    }
  }
};

// Tokens [t0, t0 + T) against one 16-row group (rows r..r+15).
template <typename K, int T>
void Tile(const MatMulArgs& a, const uint8_t* values, int64_t nb, int64_t t0, int64_t r) {
  TokenActs tok[T];
  for (int t = 0; t < T; ++t) {
    const uint8_t* p = a.act + static_cast<size_t>(t0 + t) * a.act_row_bytes;
    tok[t] = {reinterpret_cast<const int8_t*>(p), reinterpret_cast<const float*>(p + a.act_layout.da_off),
              reinterpret_cast<const int32_t*>(p + a.act_layout.isum_off),
              reinterpret_cast<const float*>(p + a.act_layout.sa_off)};
  }
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

int64_t InterleavedMaxTokens(GgmlType type) {
  return type == GgmlType::kQ6_K ? 64 : std::numeric_limits<int64_t>::max();
}

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
    case GgmlType::kQ4_K:
      return Groups<KQuant<Q4KValues>>(a, r0, r1);
    case GgmlType::kQ5_K:
      return Groups<KQuant<Q5KValues>>(a, r0, r1);
    case GgmlType::kQ6_K:
      return Groups<Q6K>(a, r0, r1);
    default:
      DM_CHECK_MSG(false, "type has no interleaved decode kernel");
  }
}

}  // namespace dm::kernels
