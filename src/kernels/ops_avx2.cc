// AVX2 + FMA + F16C paths of the vector primitives in ops.h (this file is
// compiled with those instruction sets; ops.cc calls it only when the CPU has
// them).
#include <immintrin.h>

#include <algorithm>
#include <cmath>

#include "kernels/ops.h"

namespace dm::ops_internal {
namespace {

inline float HorizontalSum(__m256 v) {
  __m128 lo = _mm256_castps256_ps128(v);
  __m128 hi = _mm256_extractf128_ps(v, 1);
  lo = _mm_add_ps(lo, hi);
  __m128 shuf = _mm_movehdup_ps(lo);
  __m128 sums = _mm_add_ps(lo, shuf);
  shuf = _mm_movehl_ps(shuf, sums);
  sums = _mm_add_ss(sums, shuf);
  return _mm_cvtss_f32(sums);
}

inline __m256 LoadF16(const uint16_t* p) {
  return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}

}  // namespace

float DotF32Avx2(const float* a, const float* b, int64_t n) {
  __m256 acc0 = _mm256_setzero_ps();
  __m256 acc1 = _mm256_setzero_ps();
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
    acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
  }
  for (; i + 8 <= n; i += 8) {
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
  }
  float sum = HorizontalSum(_mm256_add_ps(acc0, acc1));
  for (; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

float DotF16Avx2(const uint16_t* a, const float* b, int64_t n) {
  __m256 acc0 = _mm256_setzero_ps();
  __m256 acc1 = _mm256_setzero_ps();
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    acc0 = _mm256_fmadd_ps(LoadF16(a + i), _mm256_loadu_ps(b + i), acc0);
    acc1 = _mm256_fmadd_ps(LoadF16(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
  }
  for (; i + 8 <= n; i += 8) {
    acc0 = _mm256_fmadd_ps(LoadF16(a + i), _mm256_loadu_ps(b + i), acc0);
  }
  float sum = HorizontalSum(_mm256_add_ps(acc0, acc1));
  for (; i < n; ++i) sum += _cvtsh_ss(a[i]) * b[i];
  return sum;
}

void AxpyF32Avx2(float alpha, const float* x, float* y, int64_t n) {
  const __m256 va = _mm256_set1_ps(alpha);
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    _mm256_storeu_ps(y + i, _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i)));
  }
  for (; i < n; ++i) y[i] += alpha * x[i];
}

void AxpyF16Avx2(float alpha, const uint16_t* x, float* y, int64_t n) {
  const __m256 va = _mm256_set1_ps(alpha);
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    _mm256_storeu_ps(y + i, _mm256_fmadd_ps(va, LoadF16(x + i), _mm256_loadu_ps(y + i)));
  }
  for (; i < n; ++i) y[i] += alpha * _cvtsh_ss(x[i]);
}

namespace {

// exp(x) for x in [-87, 0] (softmax inputs after subtracting the max): x =
// n ln2 + r with |r| <= ln2/2, exp(r) by its degree-6 Taylor polynomial
// (relative error < 2e-7), scaled by 2^n through the exponent bits.
inline __m256 ExpNonPositive(__m256 x) {
  x = _mm256_max_ps(x, _mm256_set1_ps(-87.0f));
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  // r = x - n ln2, with ln2 split in two for accuracy.
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 p = _mm256_set1_ps(1.0f / 720.0f);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 120.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 24.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 6.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
  const __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
  return _mm256_mul_ps(p, _mm256_castsi256_ps(bits));
}

template <bool kF16>
inline __m256 LoadRow(const void* base, int64_t offset) {
  if constexpr (kF16) {
    return LoadF16(static_cast<const uint16_t*>(base) + offset);
  } else {
    return _mm256_loadu_ps(static_cast<const float*>(base) + offset);
  }
}

// Attention of one head with head_dim = 8 * kD8 held in registers.
template <int kD8, bool kF16>
void AttentionFixed(const AttentionHeadArgs& a) {
  __m256 q[kD8];
  for (int j = 0; j < kD8; ++j) q[j] = _mm256_loadu_ps(a.q + 8 * j);
  float max = -INFINITY;
  for (int64_t i = 0; i < a.n_kv; ++i) {
    const int64_t row = i * a.stride;
    __m256 acc0 = _mm256_mul_ps(q[0], LoadRow<kF16>(a.k, row));
    __m256 acc1 = _mm256_mul_ps(q[1], LoadRow<kF16>(a.k, row + 8));
    for (int j = 2; j < kD8; j += 2) {
      acc0 = _mm256_fmadd_ps(q[j], LoadRow<kF16>(a.k, row + 8 * j), acc0);
      acc1 = _mm256_fmadd_ps(q[j + 1], LoadRow<kF16>(a.k, row + 8 * j + 8), acc1);
    }
    const float s = HorizontalSum(_mm256_add_ps(acc0, acc1)) * a.scale;
    a.scores[i] = s;
    max = std::max(max, s);
  }
  // Softmax numerators and their sum.
  const __m256 vmax = _mm256_set1_ps(max);
  __m256 vsum = _mm256_setzero_ps();
  int64_t i = 0;
  for (; i + 8 <= a.n_kv; i += 8) {
    const __m256 e = ExpNonPositive(_mm256_sub_ps(_mm256_loadu_ps(a.scores + i), vmax));
    _mm256_storeu_ps(a.scores + i, e);
    vsum = _mm256_add_ps(vsum, e);
  }
  double sum = HorizontalSum(vsum);
  for (; i < a.n_kv; ++i) {
    a.scores[i] = std::exp(a.scores[i] - max);
    sum += a.scores[i];
  }
  // out = sum_i p_i V_i, normalized once at the end.
  __m256 out[kD8];
  for (int j = 0; j < kD8; ++j) out[j] = _mm256_setzero_ps();
  for (int64_t t = 0; t < a.n_kv; ++t) {
    const __m256 p = _mm256_set1_ps(a.scores[t]);
    const int64_t row = t * a.stride;
    for (int j = 0; j < kD8; ++j) out[j] = _mm256_fmadd_ps(p, LoadRow<kF16>(a.v, row + 8 * j), out[j]);
  }
  const __m256 inv = _mm256_set1_ps(static_cast<float>(1.0 / sum));
  for (int j = 0; j < kD8; ++j) _mm256_storeu_ps(a.out + 8 * j, _mm256_mul_ps(out[j], inv));
}

}  // namespace

void SwiGluAvx2(float* gate, const float* up, int64_t n) {
  const __m256 sign = _mm256_set1_ps(-0.0f), one = _mm256_set1_ps(1.0f);
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 g = _mm256_loadu_ps(gate + i);
    // sigmoid(g) from e = exp(-|g|) <= 1: 1 / (1 + e) for g >= 0, e / (1 + e) below.
    const __m256 e = ExpNonPositive(_mm256_or_ps(g, sign));
    const __m256 num = _mm256_blendv_ps(one, e, g);  // blendv picks e where g's sign bit is set
    const __m256 sig = _mm256_div_ps(num, _mm256_add_ps(one, e));
    // Below -87 exp saturates; g * sigmoid(g) is 0 to float precision there.
    const __m256 live = _mm256_cmp_ps(g, _mm256_set1_ps(-87.0f), _CMP_GT_OQ);
    const __m256 silu = _mm256_and_ps(live, _mm256_mul_ps(g, sig));
    _mm256_storeu_ps(gate + i, _mm256_mul_ps(silu, _mm256_loadu_ps(up + i)));
  }
  for (; i < n; ++i) gate[i] = gate[i] / (1.0f + std::exp(-gate[i])) * up[i];
}

bool AttentionHeadAvx2(const AttentionHeadArgs& a) {
  switch (a.head_dim) {
    case 64:
      a.f16 ? AttentionFixed<8, true>(a) : AttentionFixed<8, false>(a);
      return true;
    case 128:
      a.f16 ? AttentionFixed<16, true>(a) : AttentionFixed<16, false>(a);
      return true;
    case 32:
      a.f16 ? AttentionFixed<4, true>(a) : AttentionFixed<4, false>(a);
      return true;
    default:
      return false;
  }
}

}  // namespace dm::ops_internal
