// AVX-512 VNNI decode kernel for row-interleaved Q4_0 and Q8_0 weights
// (layout in interleave.h): one 16-row group at a time, int32 lane j = row j.
//
// Per block b of a token's activations (int8 a, d_a, isum; int_path.h), the
// group's L value lines are multiplied with vpdpbusd against a broadcast of
// the 4 activation bytes each line covers (Q4_0: low nibbles with elements
// 4k.., high nibbles with 16+4k..), starting from -offset * isum so each lane
// holds the exact integer sum of (u - offset) * a of its row (offset 8 for
// Q4_0, 128 for Q8_0's flipped bytes). The lanes are then scaled by the 16
// rows' d (one vcvtph2ps) times d_a and accumulated in float; the scalar
// reference (vec_dot_scalar.cc) does the same arithmetic row by row.
// A group, scales inline (PlaceOf), is read as one linear stream and left to
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

// Integer sums of block b (activations at a, 32 int8) for the 16 rows.
struct Q4_0Lines {
  static constexpr int kLines = 4;
  static constexpr int kOffsetShift = 3;
  static __m512i Sums(const uint8_t* lines, const int8_t* a, __m512i bias) {
    const __m512i m4 = _mm512_set1_epi8(0x0f);
    __m512i lo = bias, hi = _mm512_setzero_si512();
    for (int k = 0; k < kLines; ++k) {
      const __m512i w = _mm512_loadu_si512(lines + 64 * k);
      lo = _mm512_dpbusd_epi32(lo, _mm512_and_si512(w, m4), Broadcast4(a + 4 * k));
      hi = _mm512_dpbusd_epi32(hi, _mm512_and_si512(_mm512_srli_epi16(w, 4), m4), Broadcast4(a + 16 + 4 * k));
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
      even = _mm512_dpbusd_epi32(even, _mm512_loadu_si512(lines + 64 * k), Broadcast4(a + 4 * k));
      odd = _mm512_dpbusd_epi32(odd, _mm512_loadu_si512(lines + 64 * (k + 1)), Broadcast4(a + 4 * (k + 1)));
    }
    return _mm512_add_epi32(even, odd);
  }
};

// Lines are 64-byte aligned when the copy is and nb is even (a group starts
// at a multiple of 16 * row_bytes = nb * (64 L + 32) bytes).
template <typename K>
void Groups(const MatMulArgs& a, int64_t r0, int64_t r1) {
  const int64_t nb = a.cols / kQK;
  for (int64_t r = r0; r < r1; r += kInterleaveRows) {
    const uint8_t* values = a.w + static_cast<size_t>(r) * a.w_row_bytes;
    for (int64_t t = 0; t < a.n_tokens; ++t) {
      const uint8_t* p = a.act + static_cast<size_t>(t) * a.act_row_bytes;
      const auto* q = reinterpret_cast<const int8_t*>(p);
      const auto* da = reinterpret_cast<const float*>(p + a.act_layout.da_off);
      const auto* isum = reinterpret_cast<const int32_t*>(p + a.act_layout.isum_off);
      __m512 acc = _mm512_setzero_ps();
      for (int64_t b = 0; b < nb; ++b) {
        const BlockPlace place = PlaceOf(static_cast<size_t>(b), static_cast<size_t>(nb), K::kLines);
        const uint8_t* lines = values + place.lines;
        const uint8_t* d = values + place.scales;
        const __m512i bias = _mm512_set1_epi32(-(isum[b] << K::kOffsetShift));
        const __m512i sums = K::Sums(lines, q + kQK * b, bias);
        const __m512 dw = _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(d)));
        acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sums), _mm512_mul_ps(dw, _mm512_set1_ps(da[b])), acc);
      }
      _mm512_storeu_ps(a.y + t * a.y_stride + r, acc);
    }
  }
}

}  // namespace

void Avx512InterleavedDecode(const MatMulArgs& a, int64_t r0, int64_t r1) {
  DM_CHECK(r0 % kInterleaveRows == 0 && r1 % kInterleaveRows == 0 && a.n_tokens <= kDecodeMaxTokens);
  DM_CHECK(a.act_layout.group == kQK);
  if (a.w_type == GgmlType::kQ4_0) {
    Groups<Q4_0Lines>(a, r0, r1);
  } else {
    DM_CHECK(a.w_type == GgmlType::kQ8_0);
    Groups<Q8_0Lines>(a, r0, r1);
  }
}

}  // namespace dm::kernels
