// AVX-512 VNNI decode kernels for row-interleaved Q4_0, Q5_0, Q8_0, Q4_K and Q6_K
// weights (layout in interleave.h): one 16-row group at a time, int32 lane
// j = row j.
//
// Each line is multiplied with vpdpbusd against a broadcast of the 4
// activation bytes it covers, so a lane holds an exact integer sum of its
// row, as in the scalar reference (vec_dot_scalar.cc), which does the same
// arithmetic row by row:
//   Q4_0 / Q5_0 / Q8_0, per 32-element block: starting from -offset * isum,
//     the sum of (u - offset) * a (offset 8 for Q4_0, 16 for Q5_0, 128 for
//     Q8_0's flipped bytes),
//     scaled by the 16 rows' d (one vcvtph2ps) times d_a;
//   Q4_K, per super-block: each 32-element sub-block's sum times its 6-bit
//     scale (vpmulld; the scales and mins are unpacked from the 3 scale lines
//     for all 16 rows at once), scaled by d * d_a, minus dmin * d_a times the
//     sum of min * isum (vpdpwssd);
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

// A block kind K: kElements per block, kGroups activation groups (isum, d_a)
// per block, kHeadBytes and kLines as in interleave.h, and
//   static __m512 Block(const uint8_t* head, const uint8_t* lines,
//       const int8_t* a, const int32_t* isum, float da, __m512 acc)
// which adds the block's products for the 16 rows to acc (a, isum: the
// token's activations of this block).

// Q4_0 / Q8_0: integer sums of the block for the 16 rows, from `bias`.
struct Q4_0Lines {
  static constexpr int kLines = 4;
  static constexpr int kOffsetShift = 3;
  static __m512i Sums(const uint8_t* lines, const int8_t* a, __m512i bias) {
    const __m512i m4 = _mm512_set1_epi8(0x0f);
    __m512i lo = bias, hi = _mm512_setzero_si512();
    for (int k = 0; k < kLines; ++k) {
      const __m512i w = Line(lines, k);
      lo = _mm512_dpbusd_epi32(lo, _mm512_and_si512(w, m4), Broadcast4(a + 4 * k));
      hi = _mm512_dpbusd_epi32(hi, _mm512_and_si512(_mm512_srli_epi16(w, 4), m4), Broadcast4(a + 16 + 4 * k));
    }
    return _mm512_add_epi32(lo, hi);
  }
};

// Line 0: the regrouped qh (interleave.h); lines 1..4 as Q4_0's 0..3, the
// fifth bit of byte t's elements from bit k (low nibble) or 4 + k (high) of
// the qh byte, moved to bit 4.
struct Q5_0Lines {
  static constexpr int kLines = 5;
  static constexpr int kOffsetShift = 4;
  static __m512i Sums(const uint8_t* lines, const int8_t* a, __m512i bias) {
    const __m512i m4 = _mm512_set1_epi8(0x0f), bit4 = _mm512_set1_epi8(0x10);
    const __m512i qh = Line(lines, 0);
    __m512i lo = bias, hi = _mm512_setzero_si512();
    for (int k = 0; k < 4; ++k) {
      const __m512i w = Line(lines, 1 + k);
      const __m512i lo_bit = _mm512_and_si512(_mm512_slli_epi32(qh, 4 - k), bit4);
      const __m512i hi_bit = _mm512_and_si512(_mm512_srli_epi32(qh, k), bit4);
      // 0xca: low nibble from the second operand, high from the third.
      lo = _mm512_dpbusd_epi32(lo, _mm512_ternarylogic_epi32(m4, w, lo_bit, 0xca), Broadcast4(a + 4 * k));
      hi = _mm512_dpbusd_epi32(hi, _mm512_ternarylogic_epi32(m4, _mm512_srli_epi16(w, 4), hi_bit, 0xca),
                               Broadcast4(a + 16 + 4 * k));
    }
    return _mm512_add_epi32(lo, hi);
  }
};

struct Q8_0Lines {
  static constexpr int kLines = 8;
  static constexpr int kOffsetShift = 7;
  static __m512i Sums(const uint8_t* lines, const int8_t* a, __m512i bias) {
    __m512i even = bias, odd = _mm512_setzero_si512();
    for (int k = 0; k < kLines; k += 2) {
      even = _mm512_dpbusd_epi32(even, Line(lines, k), Broadcast4(a + 4 * k));
      odd = _mm512_dpbusd_epi32(odd, Line(lines, k + 1), Broadcast4(a + 4 * (k + 1)));
    }
    return _mm512_add_epi32(even, odd);
  }
};

template <typename L>
struct Legacy {
  static constexpr int64_t kElements = kQK;
  static constexpr int kGroups = 1;
  static constexpr size_t kHeadBytes = 32, kLines = L::kLines;
  static __m512 Block(const uint8_t* head, const uint8_t* lines, const int8_t* a, const int32_t* isum, float da,
                      __m512 acc) {
    const __m512i sums = L::Sums(lines, a, _mm512_set1_epi32(-(isum[0] << L::kOffsetShift)));
    return _mm512_fmadd_ps(_mm512_cvtepi32_ps(sums), _mm512_mul_ps(Halves(head), _mm512_set1_ps(da)), acc);
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

// Q4_K lines: 0..2 the scale words, 3 + 8c + k the qs word 32c + 4k, whose
// low nibbles are elements 64c + 4k.. (sub-block 2c) and high nibbles
// 64c + 32 + 4k.. (sub-block 2c + 1). Head: 16 d, then 16 dmin.
struct Q4K {
  static constexpr int64_t kElements = kQKK;
  static constexpr int kGroups = 8;
  static constexpr size_t kHeadBytes = 64, kLines = 35;
  static __m512 Block(const uint8_t* head, const uint8_t* lines, const int8_t* a, const int32_t* isum, float da,
                      __m512 acc) {
    const __m512i m4 = _mm512_set1_epi8(0x0f), m6 = _mm512_set1_epi8(0x3f);
    const __m512i s0 = Line(lines, 0), s1 = Line(lines, 1), s2 = Line(lines, 2);
    // Byte j of a lane: the 6-bit scale (min) of sub-block j (lo) or 4 + j
    // (hi), unpacked as the reference's get_scale_min_k4; 0xca selects the
    // low nibble from the second operand, the high one from the third.
    const __m512i sc_lo = _mm512_and_si512(s0, m6), m_lo = _mm512_and_si512(s1, m6);
    const __m512i sc_hi = _mm512_and_si512(_mm512_ternarylogic_epi32(m4, s2, _mm512_srli_epi32(s0, 2), 0xca), m6);
    const __m512i m_hi = _mm512_and_si512(
        _mm512_ternarylogic_epi32(m4, _mm512_srli_epi32(s2, 4), _mm512_srli_epi32(s1, 2), 0xca), m6);
    // sum_j m_j * isum_j: words (m_j, m_j+2) against (isum_j, isum_j+2).
    const __m512i even = _mm512_set1_epi32(0x00ff00ff);
    __m512i mins =
        _mm512_dpwssd_epi32(_mm512_setzero_si512(), _mm512_and_si512(m_lo, even), WordPair(isum[0], isum[2]));
    mins = _mm512_dpwssd_epi32(mins, _mm512_and_si512(_mm512_srli_epi32(m_lo, 8), even), WordPair(isum[1], isum[3]));
    mins = _mm512_dpwssd_epi32(mins, _mm512_and_si512(m_hi, even), WordPair(isum[4], isum[6]));
    mins = _mm512_dpwssd_epi32(mins, _mm512_and_si512(_mm512_srli_epi32(m_hi, 8), even), WordPair(isum[5], isum[7]));
    __m512i sum = _mm512_setzero_si512();
    for (int c = 0; c < 4; ++c) {
      // High nibbles are multiplied in place (16 u) and the sums shifted back.
      __m512i lo[2] = {_mm512_setzero_si512(), _mm512_setzero_si512()}, hi[2] = {lo[0], lo[1]};
      for (int k = 0; k < 8; ++k) {
        const __m512i w = Line(lines, 3 + 8 * c + k);
        lo[k % 2] = _mm512_dpbusd_epi32(lo[k % 2], _mm512_and_si512(w, m4), Broadcast4(a + 64 * c + 4 * k));
        hi[k % 2] = _mm512_dpbusd_epi32(hi[k % 2], _mm512_andnot_si512(m4, w), Broadcast4(a + 64 * c + 32 + 4 * k));
      }
      const __m512i sc = c < 2 ? sc_lo : sc_hi;
      const __m512i lo_sum = _mm512_add_epi32(lo[0], lo[1]);
      const __m512i hi_sum = _mm512_srai_epi32(_mm512_add_epi32(hi[0], hi[1]), 4);
      sum = _mm512_add_epi32(sum, _mm512_mullo_epi32(lo_sum, ByteOf(sc, 2 * (c % 2))));
      sum = _mm512_add_epi32(sum, _mm512_mullo_epi32(hi_sum, ByteOf(sc, 2 * (c % 2) + 1)));
    }
    const __m512 vda = _mm512_set1_ps(da);
    acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum), _mm512_mul_ps(Halves(head), vda), acc);
    return _mm512_fnmadd_ps(_mm512_cvtepi32_ps(mins), _mm512_mul_ps(Halves(head + 32), vda), acc);
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
  static __m512 Block(const uint8_t* head, const uint8_t* lines, const int8_t* a, const int32_t* isum, float da,
                      __m512 acc) {
    const __m512i m4 = _mm512_set1_epi8(0x0f), m33 = _mm512_set1_epi8(0x33);
    const __m512i scales[4] = {Line(lines, 0), Line(lines, 1), Line(lines, 2), Line(lines, 3)};
    __m512i sum = _mm512_setzero_si512();
    for (int h = 0; h < 2; ++h) {
      for (int j = 0; j < 2; ++j) {
        __m512i g[4];  // group 8h + 2i + j, from the offset -32 * isum
        for (int i = 0; i < 4; ++i) g[i] = _mm512_set1_epi32(-32 * isum[8 * h + 2 * i + j]);
        for (int m = 4 * j; m < 4 * j + 4; ++m) {
          const int line = 4 + 3 * (8 * h + m);
          const __m512i ql0 = Line(lines, line), ql1 = Line(lines, line + 1), qh = Line(lines, line + 2);
          // qh bits 0-1 / 4-5 (hb) and 2-3 / 6-7 (hb2) at bits 0-1 / 4-5.
          const __m512i hb = _mm512_and_si512(qh, m33), hb2 = _mm512_and_si512(_mm512_srli_epi16(qh, 2), m33);
          const int8_t* e = a + 128 * h + 4 * m;
          // 0xca: low nibble from the second operand, high from the third.
          g[0] = _mm512_dpbusd_epi32(g[0], _mm512_ternarylogic_epi32(m4, ql0, _mm512_slli_epi16(hb, 4), 0xca),
                                     Broadcast4(e));
          g[1] = _mm512_dpbusd_epi32(g[1], _mm512_ternarylogic_epi32(m4, ql1, _mm512_slli_epi16(hb2, 4), 0xca),
                                     Broadcast4(e + 32));
          g[2] = _mm512_dpbusd_epi32(g[2], _mm512_ternarylogic_epi32(m4, _mm512_srli_epi16(ql0, 4), hb, 0xca),
                                     Broadcast4(e + 64));
          g[3] = _mm512_dpbusd_epi32(g[3], _mm512_ternarylogic_epi32(m4, _mm512_srli_epi16(ql1, 4), hb2, 0xca),
                                     Broadcast4(e + 96));
        }
        for (int i = 0; i < 4; ++i) {
          const int group = 8 * h + 2 * i + j;
          // The int8 scale: byte group % 4 of scale line group / 4, sign-extended.
          const __m512i sc = _mm512_srai_epi32(_mm512_slli_epi32(scales[group / 4], 24 - 8 * (group % 4)), 24);
          sum = _mm512_add_epi32(sum, _mm512_mullo_epi32(g[i], sc));
        }
      }
    }
    return _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum), _mm512_mul_ps(Halves(head), _mm512_set1_ps(da)), acc);
  }
};

// Lines are 64-byte aligned when the copy is (interleave.h).
template <typename K>
void Groups(const MatMulArgs& a, int64_t r0, int64_t r1) {
  DM_CHECK(a.act_layout.group * K::kGroups == K::kElements);
  const int64_t nb = a.cols / K::kElements;
  for (int64_t r = r0; r < r1; r += kInterleaveRows) {
    const uint8_t* values = a.w + InterleavedOffset(r, a.w_row_bytes);
    for (int64_t t = 0; t < a.n_tokens; ++t) {
      const uint8_t* p = a.act + static_cast<size_t>(t) * a.act_row_bytes;
      const auto* q = reinterpret_cast<const int8_t*>(p);
      const auto* da = reinterpret_cast<const float*>(p + a.act_layout.da_off);
      const auto* isum = reinterpret_cast<const int32_t*>(p + a.act_layout.isum_off);
      __m512 acc = _mm512_setzero_ps();
      for (int64_t b = 0; b < nb; ++b) {
        const BlockPlace place = PlaceOf(static_cast<size_t>(b), static_cast<size_t>(nb), K::kHeadBytes, K::kLines);
        acc = K::Block(values + place.head, values + place.lines, q + K::kElements * b, isum + K::kGroups * b,
                       da[K::kGroups * b], acc);
      }
      _mm512_storeu_ps(a.y + t * a.y_stride + r, acc);
    }
  }
}

}  // namespace

void Avx512InterleavedDecode(const MatMulArgs& a, int64_t r0, int64_t r1) {
  DM_CHECK(r0 % kInterleaveRows == 0 && r1 % kInterleaveRows == 0 && a.n_tokens <= kDecodeMaxTokens);
  switch (a.w_type) {
    case GgmlType::kQ4_0:
      return Groups<Legacy<Q4_0Lines>>(a, r0, r1);
    case GgmlType::kQ5_0:
      return Groups<Legacy<Q5_0Lines>>(a, r0, r1);
    case GgmlType::kQ8_0:
      return Groups<Legacy<Q8_0Lines>>(a, r0, r1);
    case GgmlType::kQ4_K:
      return Groups<Q4K>(a, r0, r1);
    case GgmlType::kQ6_K:
      return Groups<Q6K>(a, r0, r1);
    default:
      DM_CHECK_MSG(false, "type has no interleaved decode kernel");
  }
}

}  // namespace dm::kernels
