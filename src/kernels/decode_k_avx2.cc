// AVX2 decode kernels for Q4_K and Q6_K (driver and contract in
// decode_driver.h), for CPUs without AVX-512, on matrices in the file layout
// (Model::Load interleaves those whose rows are a multiple of 16, and
// interleaved_avx2.cc reads them).
//
// Q6_K: per 256-element super-block and row, the 6-bit values are assembled
// into eight 32-byte registers in element order (layout below). vpmaddubsw against
// the int8 activations gives int16 pair sums (at most 2 * 63 * 127, exact);
// vpmaddwd multiplies each by its group's int8 scale and adds pairs into
// int32 lanes, so the super-block's lanes add up to sum_g sc_g sum(u * a).
// The offset 32 enters as -32 * sum_g sc_g * isum_g (activation group sums,
// packed to int16 once per super-block for all rows). The exact integer is
// scaled once by d_w * d_a.
#include <immintrin.h>

#include <cstdint>

#include "kernels/blocks.h"
#include "kernels/decode_avx2.h"

namespace dm::kernels {
namespace {

// vpshufb index broadcasting int16 word j of each 128-bit lane.
inline __m256i WordIndex(int j) { return _mm256_set1_epi16(static_cast<int16_t>(0x0100 * (2 * j + 1) + 2 * j)); }

// Q6_K (blocks.h): for h = 0, 1, with L0 = ql[64h..+31], L1 = ql[64h+32..+63]
// and H = qh[32h..+31], register k of half h holds elements 128h + 32k .. +31:
//   k = 0: L0 & 15 | (H bits 0-1) << 4     k = 1: L1 & 15 | (H bits 2-3) << 4
//   k = 2: L0 >> 4 | (H bits 4-5) << 4     k = 3: L1 >> 4 | (H bits 6-7) << 4
// Its 128-bit lanes are groups 8h + 2k and 8h + 2k + 1 (16 elements each).
struct Q6K {
  template <int R>
  static void Rows(const uint8_t* const* w, int64_t ahead, int64_t cols, const DecodeAct& x, float* out) {
    const __m256i m4 = _mm256_set1_epi8(0x0f), m30 = _mm256_set1_epi8(0x30);
    // Within each lane: scale words 0, 2, 4, 6 first, then 1, 3, 5, 7.
    const __m256i evens_first = _mm256_broadcastsi128_si256(
        _mm_setr_epi8(0, 1, 4, 5, 8, 9, 12, 13, 2, 3, 6, 7, 10, 11, 14, 15));
    __m256 acc[R];
    for (int i = 0; i < R; ++i) acc[i] = _mm256_setzero_ps();
    for (int64_t b = 0; b < cols / kQKK; ++b) {
      const int8_t* q = x.q + kQKK * b;
      // The 16 group sums as int16 words in group order.
      const __m256i isum = _mm256_permute4x64_epi64(
          _mm256_packs_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(x.isum + 16 * b)),
                             _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x.isum + 16 * b + 8))),
          0xd8);
      const float da = x.da[16 * b];
      for (int i = 0; i < R; ++i) {
        const auto* blk = reinterpret_cast<const BlockQ6K*>(w[i]) + b;
        PrefetchBlock<sizeof(BlockQ6K)>(reinterpret_cast<const char*>(blk) + ahead);
        const __m256i sc = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blk->scales)));
        // Lane 0: scales of the even groups, lane 1: of the odd ones.
        const __m256i split = _mm256_permute4x64_epi64(_mm256_shuffle_epi8(sc, evens_first), 0xd8);
        __m256i sum = _mm256_slli_epi32(_mm256_madd_epi16(sc, isum), 5);
        sum = _mm256_sub_epi32(_mm256_setzero_si256(), sum);  // -32 * sc_g * isum_g
        for (int h = 0; h < 2; ++h) {
          const __m256i l0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(blk->ql + 64 * h));
          const __m256i l1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(blk->ql + 64 * h + 32));
          const __m256i hb = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(blk->qh + 32 * h));
          const __m256i u[4] = {
              _mm256_or_si256(_mm256_and_si256(l0, m4), _mm256_and_si256(_mm256_slli_epi16(hb, 4), m30)),
              _mm256_or_si256(_mm256_and_si256(l1, m4), _mm256_and_si256(_mm256_slli_epi16(hb, 2), m30)),
              _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l0, 4), m4), _mm256_and_si256(hb, m30)),
              _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l1, 4), m4),
                              _mm256_and_si256(_mm256_srli_epi16(hb, 2), m30)),
          };
          for (int k = 0; k < 4; ++k) {
            const int m = 4 * h + k;  // groups 2m (lane 0) and 2m + 1 (lane 1)
            const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + 128 * h + 32 * k));
            const __m256i scale = _mm256_shuffle_epi8(split, WordIndex(m));
            sum = _mm256_add_epi32(sum, _mm256_madd_epi16(_mm256_maddubs_epi16(u[k], a), scale));
          }
        }
        acc[i] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sum), _mm256_set1_ps(_cvtsh_ss(blk->d) * da), acc[i]);
      }
    }
    StoreRowSums<R>(acc, out);
  }
};

// Q4_K (blocks.h): qs[32j..32j+31] (j = 0..3) holds sub-block 2j in its low
// nibbles and 2j + 1 in its high ones, 32 elements each in order. Per
// sub-block, vpmaddubsw against the int8 activations gives int16 pair sums
// (at most 2 * 15 * 128, exact) and vpmaddwd multiplies them by the
// sub-block's 6-bit scale (broadcast from the scale words with vpshufb) and
// adds pairs into int32 lanes. The mins enter as sum_j m_j * isum_j, in
// their own 8 lanes: acc += d * sum - dmin * mins, with d, dmin times d_a.
struct Q4K {
  template <int R>
  static void Rows(const uint8_t* const* w, int64_t ahead, int64_t cols, const DecodeAct& x, float* out) {
    const __m256i m4 = _mm256_set1_epi8(0x0f);
    __m256 acc[R];
    for (int i = 0; i < R; ++i) acc[i] = _mm256_setzero_ps();
    for (int64_t b = 0; b < cols / kQKK; ++b) {
      const int8_t* q = x.q + kQKK * b;
      const __m256i isum = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x.isum + 8 * b));
      const float da = x.da[8 * b];
      for (int i = 0; i < R; ++i) {
        const auto* blk = reinterpret_cast<const BlockQ4K*>(w[i]) + b;
        PrefetchBlock<sizeof(BlockQ4K)>(reinterpret_cast<const char*>(blk) + ahead);
        uint64_t sc8, m8;
        GetScalesMinsK4(blk->scales, sc8, m8);
        // The 8 scales as int16 words, in both 128-bit lanes.
        const __m256i sc = _mm256_broadcastsi128_si256(_mm_cvtepu8_epi16(_mm_cvtsi64_si128(static_cast<int64_t>(sc8))));
        const __m256i mins = _mm256_mullo_epi32(_mm256_cvtepu8_epi32(_mm_cvtsi64_si128(static_cast<int64_t>(m8))), isum);
        __m256i sum = _mm256_setzero_si256();
        for (int j = 0; j < 4; ++j) {
          const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(blk->qs + 32 * j));
          const __m256i a_lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + 64 * j));
          const __m256i a_hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + 64 * j + 32));
          const __m256i p_lo = _mm256_maddubs_epi16(_mm256_and_si256(v, m4), a_lo);
          const __m256i p_hi = _mm256_maddubs_epi16(_mm256_and_si256(_mm256_srli_epi16(v, 4), m4), a_hi);
          sum = _mm256_add_epi32(sum, _mm256_madd_epi16(p_lo, _mm256_shuffle_epi8(sc, WordIndex(2 * j))));
          sum = _mm256_add_epi32(sum, _mm256_madd_epi16(p_hi, _mm256_shuffle_epi8(sc, WordIndex(2 * j + 1))));
        }
        const float d = _cvtsh_ss(blk->d) * da, dmin = _cvtsh_ss(blk->dmin) * da;
        acc[i] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sum), _mm256_set1_ps(d), acc[i]);
        acc[i] = _mm256_fnmadd_ps(_mm256_cvtepi32_ps(mins), _mm256_set1_ps(dmin), acc[i]);
      }
    }
    StoreRowSums<R>(acc, out);
  }
};

}  // namespace

RowRangeFn Avx2KDecode(GgmlType type) {
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
