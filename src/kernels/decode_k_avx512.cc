// AVX-512 VNNI decode kernels for the K super-block types Q4_K and Q6_K
// (driver and contract in decode_avx512.h).
//
// Per 256-element super-block and row, the value bits are assembled into
// four 64-byte registers of unsigned values; vpdpbusd against the int8
// activations gives an int32 lane per 4 elements, at most 4 * 63 * 128 in
// magnitude, so two such registers pack into int16 words (vpackssdw, exact)
// and vpdpwssd multiplies each word by its sub-block's integer scale and adds
// pairs into the int32 accumulator. The super-block's lanes then add up to
// the reference's exact integer sum (for Q6_K with sum_g sc_g * -32 * isum_g,
// for Q4_K minus sum_j m_j * isum_j scaled by dmin), which is scaled once by
// d_w * d_a. Activation loads, regrouping and biases are formed once per
// super-block for all rows of the group.
#include "kernels/avx512_intrinsics.h"  // first: see there

#include <cstdint>

#include "kernels/blocks.h"
#include "kernels/decode_avx512.h"

namespace dm::kernels {
namespace {

// Q6_K (blocks.h): for h = 0, 1 the values of elements 128h + 0..63 are
// ql[64h..64h+63] & 15 with qh[32h + l] bits 0-1 (l < 32) or bits 2-3
// (l >= 32) as bits 4-5; elements 128h + 64..127 are the same ql bytes >> 4
// with qh bits 4-5 / 6-7. So register (h, c) holds elements 128h + 64c ..
// + 63 in natural order, and lanes 4j..4j+3 belong to group 8h + 4c + j
// (16 groups of 16, int8 scales; the offset 32 enters as -32 * isum per
// group).
//
// vpermw index (little-endian words): in 128-bit lane k of the packed
// (c = 0 | c = 1) sums of half h, words 0..3 belong to group 8h + k and
// words 4..7 to group 8h + 4 + k.
constexpr Vec64 Q6KScaleWords(int h) {
  Vec64 r{};
  for (int w = 0; w < 32; ++w) r.b[2 * w] = static_cast<uint8_t>(8 * h + w / 8 + (w % 8 < 4 ? 0 : 4));
  return r;
}

struct Q6K {
  static constexpr Vec64 kScaleWords[2] = {Q6KScaleWords(0), Q6KScaleWords(1)};

  template <int R>
  static void Rows(const uint8_t* const* w, int64_t ahead, int64_t cols, const DecodeAct& x, float* out) {
    const __m512i m4 = _mm512_set1_epi8(0x0f), m33 = _mm512_set1_epi8(0x33);
    const __m512i words[2] = {Load(kScaleWords[0]), Load(kScaleWords[1])};
    __m512 acc[R];
    for (int i = 0; i < R; ++i) acc[i] = _mm512_setzero_ps();
    for (int64_t b = 0; b < cols / kQKK; ++b) {
      const int8_t* q = x.q + kQKK * b;
      // The offset: -32 * isum of each of the 16 groups.
      const __m512i bias = _mm512_mullo_epi32(_mm512_loadu_si512(x.isum + 16 * b), _mm512_set1_epi32(-32));
      __m512i a[4];
      for (int v = 0; v < 4; ++v) a[v] = _mm512_loadu_si512(q + 64 * v);
      const float da = x.da[16 * b];
      for (int i = 0; i < R; ++i) {
        const auto* blk = reinterpret_cast<const BlockQ6K*>(w[i]) + b;
        PrefetchBlock<sizeof(BlockQ6K)>(reinterpret_cast<const char*>(blk) + ahead);
        const __m512i qh = _mm512_loadu_si512(blk->qh);
        const __m512i qh2 = _mm512_srli_epi16(qh, 2);  // bits 2-3 / 6-7 down to 0-1 / 4-5
        const __m128i sc8 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(blk->scales));
        const __m512i sc16 = _mm512_castsi256_si512(_mm256_cvtepi8_epi16(sc8));
        __m512i sum = _mm512_mullo_epi32(_mm512_cvtepi8_epi32(sc8), bias);
        for (int h = 0; h < 2; ++h) {
          const __m512i ql = _mm512_loadu_si512(blk->ql + 64 * h);
          // [qh[32h..] | qh[32h..] >> 2], bits 0-1 and 4-5 of each byte kept.
          const __m512i hb = _mm512_and_si512(
              h == 0 ? _mm512_shuffle_i64x2(qh, qh2, _MM_SHUFFLE(1, 0, 1, 0))
                     : _mm512_shuffle_i64x2(qh, qh2, _MM_SHUFFLE(3, 2, 3, 2)),
              m33);
          // bit select (0xca): low nibble from the first source, high from the second.
          const __m512i u0 = _mm512_ternarylogic_epi32(m4, ql, _mm512_slli_epi16(hb, 4), 0xca);
          const __m512i u1 = _mm512_ternarylogic_epi32(m4, _mm512_srli_epi16(ql, 4), hb, 0xca);
          const __m512i d0 = _mm512_dpbusd_epi32(_mm512_setzero_si512(), u0, a[2 * h]);
          const __m512i d1 = _mm512_dpbusd_epi32(_mm512_setzero_si512(), u1, a[2 * h + 1]);
          sum = _mm512_dpwssd_epi32(sum, _mm512_packs_epi32(d0, d1), _mm512_permutexvar_epi16(words[h], sc16));
        }
        acc[i] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum), _mm512_set1_ps(_cvtsh_ss(blk->d) * da), acc[i]);
      }
    }
    StoreRowSums<R>(acc, out);
  }
};

// Q4_K (blocks.h): qs[64c..64c+63] (c = 0, 1) holds sub-blocks 4c..4c+3:
// its low nibbles are sub-blocks 4c (bytes 0..31) and 4c+2 (32..63), its
// high nibbles 4c+1 and 4c+3. The activations are regrouped to match; lanes
// 0..7 / 8..15 of each register belong to one sub-block (groups of 32).
//
// vpshufb index: in 128-bit lane k of the packed (low | high nibble) sums
// of half c, words 0..3 take scale byte 4c + (k < 2 ? 0 : 2) and words
// 4..7 the next one; high bytes zero.
constexpr Vec64 Q4KScaleWords(int c) {
  Vec64 r{};
  for (int byte = 0; byte < 64; ++byte) {
    const int k = byte / 16, word = byte % 16 / 2;
    r.b[byte] = byte % 2 ? 0x80 : static_cast<uint8_t>(4 * c + (k < 2 ? 0 : 2) + (word < 4 ? 0 : 1));
  }
  return r;
}

struct Q4K {
  static constexpr Vec64 kScaleWords[2] = {Q4KScaleWords(0), Q4KScaleWords(1)};

  template <int R>
  static void Rows(const uint8_t* const* w, int64_t ahead, int64_t cols, const DecodeAct& x, float* out) {
    const __m512i m4 = _mm512_set1_epi8(0x0f);
    const __m512i words[2] = {Load(kScaleWords[0]), Load(kScaleWords[1])};
    __m512 acc[R];
    for (int i = 0; i < R; ++i) acc[i] = _mm512_setzero_ps();
    for (int64_t b = 0; b < cols / kQKK; ++b) {
      const int8_t* q = x.q + kQKK * b;
      __m512i a[4];  // (c, low / high nibbles)
      for (int c = 0; c < 2; ++c) {
        const __m512i a0 = _mm512_loadu_si512(q + 128 * c), a1 = _mm512_loadu_si512(q + 128 * c + 64);
        a[2 * c] = _mm512_shuffle_i64x2(a0, a1, _MM_SHUFFLE(1, 0, 1, 0));
        a[2 * c + 1] = _mm512_shuffle_i64x2(a0, a1, _MM_SHUFFLE(3, 2, 3, 2));
      }
      const __m256i isum = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x.isum + 8 * b));
      const float da = x.da[8 * b];
      for (int i = 0; i < R; ++i) {
        const auto* blk = reinterpret_cast<const BlockQ4K*>(w[i]) + b;
        PrefetchBlock<sizeof(BlockQ4K)>(reinterpret_cast<const char*>(blk) + ahead);
        uint64_t sc8, m8;
        GetScalesMinsK4(blk->scales, sc8, m8);
        const __m512i sc = _mm512_set1_epi64(static_cast<int64_t>(sc8));
        const __m256i mins = _mm256_mullo_epi32(_mm256_cvtepu8_epi32(_mm_cvtsi64_si128(static_cast<int64_t>(m8))), isum);
        __m512i sum = _mm512_setzero_si512();
        for (int c = 0; c < 2; ++c) {
          const __m512i v = _mm512_loadu_si512(blk->qs + 64 * c);
          const __m512i lo = _mm512_and_si512(v, m4);
          const __m512i hi = _mm512_and_si512(_mm512_srli_epi16(v, 4), m4);
          const __m512i d0 = _mm512_dpbusd_epi32(_mm512_setzero_si512(), lo, a[2 * c]);
          const __m512i d1 = _mm512_dpbusd_epi32(_mm512_setzero_si512(), hi, a[2 * c + 1]);
          sum = _mm512_dpwssd_epi32(sum, _mm512_packs_epi32(d0, d1), _mm512_shuffle_epi8(sc, words[c]));
        }
        const float d = _cvtsh_ss(blk->d) * da, dmin = _cvtsh_ss(blk->dmin) * da;
        acc[i] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum), _mm512_set1_ps(d), acc[i]);
        acc[i] = _mm512_fnmadd_ps(_mm512_cvtepi32_ps(_mm512_zextsi256_si512(mins)), _mm512_set1_ps(dmin), acc[i]);
      }
    }
    StoreRowSums<R>(acc, out);
  }
};

}  // namespace

RowRangeFn Avx512KDecode(GgmlType type) {
  switch (type) {
    case GgmlType::kQ4_K:
      return DecodeRowRange<Q4K>;
    case GgmlType::kQ6_K:
      return DecodeRowRange<Q6K>;
    default:
      return nullptr;
  }
}

}  // namespace dm::kernels
