// AVX2 + FMA + F16C paths of the vector primitives in ops.h (this file is
// compiled with those instruction sets; ops.cc calls it only when the CPU has
// them).
#include <immintrin.h>

#include <cmath>

#include "kernels/ops.h"
#include "kernels/vec_avx2.h"

namespace dm::ops_internal {

using namespace kernels::avx2;  // HorizontalSum, LoadF16, ExpNonPositive, LoadRow

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

void F32ToF16RowAvx2(const float* src, uint16_t* dst, int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i),
                     _mm256_cvtps_ph(_mm256_loadu_ps(src + i), _MM_FROUND_TO_NEAREST_INT));
  }
  for (; i < n; ++i) dst[i] = static_cast<uint16_t>(_cvtss_sh(src[i], _MM_FROUND_TO_NEAREST_INT));
}

void F16ToF32RowAvx2(const uint16_t* src, float* dst, int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i))));
  }
  for (; i < n; ++i) dst[i] = _cvtsh_ss(src[i]);
}

// Two passes: the largest value, then the first position holding it. The
// running maxima start at -inf and stay the second operand of vmaxps, which
// returns it when the first is a NaN, so NaNs drop out.
int64_t ArgMaxAvx2(const float* x, int64_t n) {
  if (n < 16) return ArgMaxScalar(x, n);
  __m256 m0 = _mm256_set1_ps(-INFINITY), m1 = m0;
  for (int64_t i = 0; i + 16 <= n; i += 16) {
    m0 = _mm256_max_ps(_mm256_loadu_ps(x + i), m0);
    m1 = _mm256_max_ps(_mm256_loadu_ps(x + i + 8), m1);
  }
  // The last 16, overlapping the loop's (harmless for a maximum).
  m0 = _mm256_max_ps(_mm256_loadu_ps(x + n - 16), m0);
  m1 = _mm256_max_ps(_mm256_loadu_ps(x + n - 8), m1);
  alignas(32) float lanes[16];
  _mm256_store_ps(lanes, m0);
  _mm256_store_ps(lanes + 8, m1);
  const float best = lanes[ArgMaxScalar(lanes, 16)];
  const __m256 target = _mm256_set1_ps(best);
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const int hits = _mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(x + i), target, _CMP_EQ_OQ));
    if (hits != 0) return i + __builtin_ctz(static_cast<unsigned>(hits));
  }
  for (; i < n; ++i) {
    if (x[i] == best) return i;
  }
  return 0;  // every value is a NaN
}

}  // namespace dm::ops_internal
