// AVX2 decode kernels for Q4_0 and Q8_0 (driver and contract in
// decode_driver.h): the AVX2 counterpart of decode_legacy_avx512.cc for CPUs
// without AVX-512, replacing unpack-a-row-then-dot for 1..5 tokens.
//
// Per step (2 blocks of Q4_0, 1 of Q8_0) and row, vpmaddubsw + vpmaddwd of
// the value bytes against the int8 activations give 8 int32 lanes whose sums
// are the exact block sums. Q4_0 takes its values unsigned (u = q + 8) and
// adds the bias -8 * isum in each block's first lane, formed once per step
// for all rows;
// Q8_0 takes them signed with the sign trick (|q| times a carrying q's sign):
// |q| <= 128 and |a| <= 127 (the activation quantizer's range), so each
// vpmaddubsw pair sum is at most 2 * 128 * 127 < 32768 and stays exact.
// The lanes are scaled by d_w * d_a and accumulated in float, one accumulator
// per row, reduced once.
#include <immintrin.h>

#include <cstdint>
#include <cstring>

#include "kernels/blocks.h"
#include "kernels/decode_avx2.h"

namespace dm::kernels {
namespace {

inline float HalfAt(const uint8_t* p) {
  uint16_t h;
  std::memcpy(&h, p, 2);
  return _cvtsh_ss(h);
}

// Q4_0: 18-byte blocks (d, qs[16]). A step is 2 blocks: their qs in one
// register, low nibbles against activations [a0[0..15] | a1[0..15]] and high
// nibbles against [a0[16..31] | a1[16..31]] (both sums <= 2 * 15 * 127 per
// int16, so adding them stays exact); int32 lanes 0..3 belong to the first
// block, 4..7 to the second, whose biases sit in lanes 0 and 4.
struct Q4_0 {
  static constexpr int kBlockBytes = 18;
  static constexpr int kStepBlocks = 2;
  static constexpr int kPrefetchBlocks = 4;  // 72 bytes, at most 2 new lines

  struct Act {
    __m256i a_lo, a_hi, bias;
    __m128 da0, da1;
  };
  static Act MakeAct(const DecodeAct& x, int64_t b) {
    const __m256i a0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x.q + kQK * b));
    const __m256i a1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x.q + kQK * (b + 1)));
    return {_mm256_permute2x128_si256(a0, a1, 0x20), _mm256_permute2x128_si256(a0, a1, 0x31),
            _mm256_setr_epi32(-8 * x.isum[b], 0, 0, 0, -8 * x.isum[b + 1], 0, 0, 0), _mm_set1_ps(x.da[b]),
            _mm_set1_ps(x.da[b + 1])};
  }
  static __m256 Scales(const uint8_t* blk, const Act& s) {
    return _mm256_set_m128(_mm_mul_ps(_mm_set1_ps(HalfAt(blk + kBlockBytes)), s.da1),
                           _mm_mul_ps(_mm_set1_ps(HalfAt(blk)), s.da0));
  }
  static __m256i Lanes(const uint8_t* blk, const Act& s) {
    const __m256i m4 = _mm256_set1_epi8(0x0f);
    const __m256i v = _mm256_loadu2_m128i(reinterpret_cast<const __m128i*>(blk + kBlockBytes + 2),
                                          reinterpret_cast<const __m128i*>(blk + 2));
    const __m256i lo = _mm256_maddubs_epi16(_mm256_and_si256(v, m4), s.a_lo);
    const __m256i hi = _mm256_maddubs_epi16(_mm256_and_si256(_mm256_srli_epi16(v, 4), m4), s.a_hi);
    return _mm256_add_epi32(_mm256_madd_epi16(_mm256_add_epi16(lo, hi), _mm256_set1_epi16(1)), s.bias);
  }

  // A last odd block on its own: values in element order, bias in lane 0.
  struct TailAct {
    __m256i a, bias;
    float da;
  };
  static TailAct MakeTailAct(const DecodeAct& x, int64_t b) {
    return {_mm256_loadu_si256(reinterpret_cast<const __m256i*>(x.q + kQK * b)),
            _mm256_setr_epi32(-8 * x.isum[b], 0, 0, 0, 0, 0, 0, 0), x.da[b]};
  }
  static __m256i TailLanes(const uint8_t* blk, const TailAct& s) {
    const __m128i qs = _mm_loadu_si128(reinterpret_cast<const __m128i*>(blk + 2));
    const __m256i u = _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(qs, 4), qs), _mm256_set1_epi8(0x0f));
    return _mm256_add_epi32(_mm256_madd_epi16(_mm256_maddubs_epi16(u, s.a), _mm256_set1_epi16(1)), s.bias);
  }
};

// Q8_0: 34-byte blocks (d, qs[32]), one per step.
struct Q8_0 {
  static constexpr int kBlockBytes = 34;
  static constexpr int kStepBlocks = 1;
  static constexpr int kPrefetchBlocks = 2;  // 68 bytes, at most 2 new lines

  struct Act {
    __m256i a;
    float da;
  };
  static Act MakeAct(const DecodeAct& x, int64_t b) {
    return {_mm256_loadu_si256(reinterpret_cast<const __m256i*>(x.q + kQK * b)), x.da[b]};
  }
  static __m256 Scales(const uint8_t* blk, const Act& s) { return _mm256_set1_ps(HalfAt(blk) * s.da); }
  static __m256i Lanes(const uint8_t* blk, const Act& s) {
    const __m256i q = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(blk + 2));
    const __m256i p = _mm256_maddubs_epi16(_mm256_sign_epi8(q, q), _mm256_sign_epi8(s.a, q));
    return _mm256_madd_epi16(p, _mm256_set1_epi16(1));
  }
};

template <typename K>
struct Legacy {
  template <int R>
  static void Rows(const uint8_t* const* w, int64_t ahead, int64_t cols, const DecodeAct& x, float* out) {
    __m256 acc[R];
    for (int i = 0; i < R; ++i) acc[i] = _mm256_setzero_ps();
    const int64_t nb = cols / kQK;
    int64_t b = 0;
    for (; b + K::kStepBlocks <= nb; b += K::kStepBlocks) {
      const typename K::Act s = K::MakeAct(x, b);
      for (int i = 0; i < R; ++i) {
        const uint8_t* blk = w[i] + K::kBlockBytes * b;
        if (b % K::kPrefetchBlocks == 0) {
          _mm_prefetch(reinterpret_cast<const char*>(blk + ahead), _MM_HINT_T1);
          _mm_prefetch(reinterpret_cast<const char*>(blk + ahead + 63), _MM_HINT_T1);
        }
        acc[i] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(K::Lanes(blk, s)), K::Scales(blk, s), acc[i]);
      }
    }
    if constexpr (K::kStepBlocks > 1) {
      for (; b < nb; ++b) {
        const typename K::TailAct s = K::MakeTailAct(x, b);
        for (int i = 0; i < R; ++i) {
          const uint8_t* blk = w[i] + K::kBlockBytes * b;
          acc[i] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(K::TailLanes(blk, s)), _mm256_set1_ps(HalfAt(blk) * s.da),
                                   acc[i]);
        }
      }
    }
    StoreRowSums<R>(acc, out);
  }
};

}  // namespace

RowRangeFn Avx2LegacyDecode(GgmlType type) {
  switch (type) {
    case GgmlType::kQ4_0:
      return DecodeRowRange<Legacy<Q4_0>>;
    case GgmlType::kQ8_0:
      return DecodeRowRange<Legacy<Q8_0>>;
    default:
      return nullptr;
  }
}

}  // namespace dm::kernels
