// AVX2 activation quantizers for the integer path: F32 row -> ActLayout row
// (int_path.h) in one pass, rounding bit for bit like the scalar Q8_0 / Q8_1 /
// Q8_K quantizers (scale 127/amax or -127/max, ties to even via cvtps2dq
// under the default rounding mode) followed by ToActLayout.
#include <immintrin.h>

#include <cmath>
#include <cstring>

#include "kernels/blocks.h"
#include "kernels/kernel_table.h"

namespace dm::kernels {
namespace {

inline float HorizontalMax(__m256 v) {
  __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  m = _mm_max_ps(m, _mm_movehl_ps(m, m));
  m = _mm_max_ss(m, _mm_movehdup_ps(m));
  return _mm_cvtss_f32(m);
}

inline int HorizontalSum(__m256i v) {
  __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(1, 0, 3, 2)));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(2, 3, 0, 1)));
  return _mm_cvtsi128_si32(s);
}

inline float RoundToHalf(float v) { return _cvtsh_ss(_cvtss_sh(v, _MM_FROUND_TO_NEAREST_INT)); }

const __m256 kAbsMask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));

// 32 floats times `mul`, rounded (ties to even) and saturated to int8, in
// element order.
inline __m256i Round32(const float* x, __m256 mul) {
  const __m256i i0 = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x), mul));
  const __m256i i1 = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + 8), mul));
  const __m256i i2 = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + 16), mul));
  const __m256i i3 = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + 24), mul));
  const __m256i p = _mm256_packs_epi16(_mm256_packs_epi32(i0, i1), _mm256_packs_epi32(i2, i3));
  return _mm256_permutevar8x32_epi32(p, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));  // undo packs' lane interleave
}

// Per 32-bit lane of p (int8 in element order): lanes 0..3 the sums of
// bytes 4k..4k+3 of the low 16 bytes, lanes 4..7 of the high 16.
inline __m256i QuadSums(__m256i p) {
  return _mm256_madd_epi16(_mm256_maddubs_epi16(_mm256_set1_epi8(1), p), _mm256_set1_epi16(1));
}

// Quantizes 32 floats with scale `mul` into q[32]; returns sum(q).
inline int Quantize32(const float* x, __m256 mul, int8_t* q) {
  const __m256i p = Round32(x, mul);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(q), p);
  return HorizontalSum(QuadSums(p));
}

inline float AbsMax32(const float* x) {
  __m256 m = _mm256_and_ps(_mm256_loadu_ps(x), kAbsMask);
  m = _mm256_max_ps(m, _mm256_and_ps(_mm256_loadu_ps(x + 8), kAbsMask));
  m = _mm256_max_ps(m, _mm256_and_ps(_mm256_loadu_ps(x + 16), kAbsMask));
  m = _mm256_max_ps(m, _mm256_and_ps(_mm256_loadu_ps(x + 24), kAbsMask));
  return HorizontalMax(m);
}

template <bool kQ81>
void QuantizeQ8Blocks(const float* x, const ActLayout& l, uint8_t* dst) {
  auto* q = reinterpret_cast<int8_t*>(dst);
  auto* da = reinterpret_cast<float*>(dst + l.da_off);
  auto* isum = reinterpret_cast<int32_t*>(dst + l.isum_off);
  auto* sa = reinterpret_cast<float*>(dst + l.sa_off);
  for (int64_t g = 0; g < l.cols / kQK; ++g) {
    const float amax = AbsMax32(x + kQK * g);
    const float d = amax / 127.0f;
    const float id = amax != 0.0f ? 127.0f / amax : 0.0f;
    const int s = Quantize32(x + kQK * g, _mm256_set1_ps(id), q + kQK * g);
    da[g] = RoundToHalf(d);
    isum[g] = s;
    sa[g] = kQ81 ? RoundToHalf(d * static_cast<float>(s)) : da[g] * static_cast<float>(s);
  }
}

void QuantizeQ8_0Layout(const float* x, const ActLayout& l, uint8_t* dst) { QuantizeQ8Blocks<false>(x, l, dst); }
void QuantizeQ8_1Layout(const float* x, const ActLayout& l, uint8_t* dst) { QuantizeQ8Blocks<true>(x, l, dst); }

// The signed value of the first element of largest magnitude among the 256
// at x (QuantizeQ8K's pivot), or 0 if they are all zero. The block's
// largest and smallest values decide it unless both +amax and -amax occur;
// then the first element of that magnitude does.
inline float Q8KPivot(const float* x) {
  __m256 hi = _mm256_loadu_ps(x), lo = hi;
  for (int j = 8; j < kQKK; j += 8) {
    const __m256 v = _mm256_loadu_ps(x + j);
    hi = _mm256_max_ps(hi, v);
    lo = _mm256_min_ps(lo, v);
  }
  const float largest = HorizontalMax(hi), smallest = -HorizontalMax(_mm256_sub_ps(_mm256_setzero_ps(), lo));
  if (largest > -smallest) return largest;
  if (-smallest > largest) return smallest;
  if (largest == 0.0f) return 0.0f;
  const __m256 amax = _mm256_set1_ps(largest);
  for (int j = 0; j < kQKK; j += 8) {
    const int hits = _mm256_movemask_ps(_mm256_cmp_ps(_mm256_and_ps(_mm256_loadu_ps(x + j), kAbsMask), amax, _CMP_EQ_OQ));
    if (hits != 0) return x[j + __builtin_ctz(static_cast<unsigned>(hits))];
  }
  return 0.0f;  // not reached for finite x
}

// One pass per 256-element block: the pivot, the int8 values, then the
// sums of each 16 (group 16) or 32 (group 32) from 4 registers of quad sums
// at a time, and the group fields.
void QuantizeQ8KLayout(const float* x, const ActLayout& l, uint8_t* dst) {
  auto* q = reinterpret_cast<int8_t*>(dst);
  auto* da = reinterpret_cast<float*>(dst + l.da_off);
  auto* isum = reinterpret_cast<int32_t*>(dst + l.isum_off);
  auto* sa = reinterpret_cast<float*>(dst + l.sa_off);
  const int per_block = kQKK / l.group;
  for (int64_t b = 0; b < l.cols / kQKK; ++b) {
    const float* xb = x + kQKK * b;
    const float pivot = Q8KPivot(xb);
    const float iscale = pivot != 0.0f ? -127.0f / pivot : 0.0f;
    const float d = pivot != 0.0f ? 1.0f / iscale : 0.0f;
    const __m256 mul = _mm256_set1_ps(iscale), d8 = _mm256_set1_ps(d);
    // Each half of the block: 4 registers of 32 values, groups 8h .. 8h + 7 of 16.
    for (int h = 0; h < 2; ++h) {
      __m256i quads[4];
      for (int r = 0; r < 4; ++r) {
        const int e = 128 * h + 32 * r;
        const __m256i p = Round32(xb + e, mul);
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(q + kQKK * b + e), p);
        quads[r] = QuadSums(p);
      }
      // [g0 g2 g4 g6 | g1 g3 g5 g7]: the 16-sums of the half's groups.
      const __m256i sums = _mm256_hadd_epi32(_mm256_hadd_epi32(quads[0], quads[1]),
                                             _mm256_hadd_epi32(quads[2], quads[3]));
      if (l.group == 16) {
        const __m256i ordered = _mm256_permutevar8x32_epi32(sums, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
        const int64_t g = b * per_block + 8 * h;
        _mm256_storeu_ps(da + g, d8);
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(isum + g), ordered);
        _mm256_storeu_ps(sa + g, _mm256_mul_ps(d8, _mm256_cvtepi32_ps(ordered)));
      } else {
        const __m128i pairs = _mm_add_epi32(_mm256_castsi256_si128(sums), _mm256_extracti128_si256(sums, 1));
        const int64_t g = b * per_block + 4 * h;
        _mm_storeu_ps(da + g, _mm256_castps256_ps128(d8));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(isum + g), pairs);
        _mm_storeu_ps(sa + g, _mm_mul_ps(_mm256_castps256_ps128(d8), _mm_cvtepi32_ps(pairs)));
      }
    }
  }
}

}  // namespace

ActLayoutQuantizeFn Avx2ActLayoutQuantizer(GgmlType act_type) {
  switch (act_type) {
    case GgmlType::kQ8_0:
      return QuantizeQ8_0Layout;
    case GgmlType::kQ8_1:
      return QuantizeQ8_1Layout;
    case GgmlType::kQ8_K:
      return QuantizeQ8KLayout;
    default:
      return nullptr;
  }
}

}  // namespace dm::kernels
