// AVX2 + FMA + F16C attention (ops.h, Attention) for head_dim 32, 64 and 128:
// the query heads that share a KV head go through the cache together, in
// sets of up to kMaxSet (as even as possible: 7 heads go as 4 + 3), so each
// cached key and value row is read from memory and converted from F16 once
// per set instead of once per head.
//   scores: for each position, the row's 16-float pieces are multiplied
//     with every head's query (two accumulators per head: 12 of the 16 ymm
//     registers for a set of 6), then each head's sum is reduced, scaled and
//     its running max kept;
//   softmax: per head, exp(s - max) in place and the sum of it;
//   values: out[h] = sum_i p[h][i] V_i in 16-float pieces of the head (two
//     accumulators per head and piece), over blocks of kValueBlock positions
//     so a block of V rows stays in L1 while the pieces go over it; out is
//     divided by the head's sum at the end.
// A set of 7 or 8 with one accumulator per head (registers for 8) was slower
// than two sets (attention_bench, 7 heads: 6.1 M positions/s in one set,
// 10.2-11.4 as 4 + 3).
#include <immintrin.h>

#include <algorithm>
#include <cmath>

#include "kernels/ops.h"
#include "kernels/vec_avx2.h"

namespace dm::ops_internal {

using namespace kernels::avx2;  // HorizontalSum, LoadF16, ExpNonPositive, LoadRow
namespace {

constexpr int kMaxSet = 6;
constexpr int64_t kValueBlock = 64;

// Scores of heads [h0, h0 + NQ) of a head_dim = 8 * kD8; max[h] gets each
// head's largest score.
template <int kD8, bool kF16, int NQ>
void SetScores(const AttentionArgs& a, int h0, float* max) {
  const float* q[NQ];
  float* scores[NQ];
  for (int h = 0; h < NQ; ++h) {
    q[h] = a.q + (h0 + h) * a.q_stride;
    scores[h] = a.scores + (h0 + h) * a.n_kv;
    max[h] = -INFINITY;
  }
  for (int64_t i = 0; i < a.n_kv; ++i) {
    const int64_t row = i * a.stride;
    __m256 acc[NQ][2];
    for (int h = 0; h < NQ; ++h) acc[h][0] = acc[h][1] = _mm256_setzero_ps();
    for (int j = 0; j < kD8; j += 2) {
      const __m256 k0 = LoadRow<kF16>(a.k, row + 8 * j), k1 = LoadRow<kF16>(a.k, row + 8 * j + 8);
      for (int h = 0; h < NQ; ++h) {
        acc[h][0] = _mm256_fmadd_ps(k0, _mm256_loadu_ps(q[h] + 8 * j), acc[h][0]);
        acc[h][1] = _mm256_fmadd_ps(k1, _mm256_loadu_ps(q[h] + 8 * j + 8), acc[h][1]);
      }
    }
    for (int h = 0; h < NQ; ++h) {
      const float s = HorizontalSum(_mm256_add_ps(acc[h][0], acc[h][1])) * a.scale;
      scores[h][i] = s;
      max[h] = std::max(max[h], s);
    }
  }
}

// scores[i] = exp(scores[i] - max) for n scores; returns their sum.
double ExpAndSum(float* scores, int64_t n, float max) {
  const __m256 vmax = _mm256_set1_ps(max);
  __m256 vsum = _mm256_setzero_ps();
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 e = ExpNonPositive(_mm256_sub_ps(_mm256_loadu_ps(scores + i), vmax));
    _mm256_storeu_ps(scores + i, e);
    vsum = _mm256_add_ps(vsum, e);
  }
  double sum = HorizontalSum(vsum);
  for (; i < n; ++i) {
    scores[i] = std::exp(scores[i] - max);
    sum += scores[i];
  }
  return sum;
}

// out[h] = sum_i p[h][i] V_i / sums[h] for heads [h0, h0 + NQ), p the
// softmax numerators in scores.
template <int kD8, bool kF16, int NQ>
void SetValues(const AttentionArgs& a, int h0, const double* sums) {
  const float* p[NQ];
  float* out[NQ];
  for (int h = 0; h < NQ; ++h) {
    p[h] = a.scores + (h0 + h) * a.n_kv;
    out[h] = a.out + (h0 + h) * a.out_stride;
  }
  for (int64_t i0 = 0; i0 < a.n_kv; i0 += kValueBlock) {
    const int64_t i1 = std::min(a.n_kv, i0 + kValueBlock);
    for (int j = 0; j < kD8; j += 2) {
      __m256 acc[NQ][2];
      for (int h = 0; h < NQ; ++h) {
        acc[h][0] = i0 == 0 ? _mm256_setzero_ps() : _mm256_loadu_ps(out[h] + 8 * j);
        acc[h][1] = i0 == 0 ? _mm256_setzero_ps() : _mm256_loadu_ps(out[h] + 8 * j + 8);
      }
      for (int64_t i = i0; i < i1; ++i) {
        const int64_t row = i * a.stride + 8 * j;
        const __m256 v0 = LoadRow<kF16>(a.v, row), v1 = LoadRow<kF16>(a.v, row + 8);
        for (int h = 0; h < NQ; ++h) {
          const __m256 weight = _mm256_broadcast_ss(p[h] + i);
          acc[h][0] = _mm256_fmadd_ps(weight, v0, acc[h][0]);
          acc[h][1] = _mm256_fmadd_ps(weight, v1, acc[h][1]);
        }
      }
      for (int h = 0; h < NQ; ++h) {
        _mm256_storeu_ps(out[h] + 8 * j, acc[h][0]);
        _mm256_storeu_ps(out[h] + 8 * j + 8, acc[h][1]);
      }
    }
  }
  for (int h = 0; h < NQ; ++h) {
    const __m256 inv = _mm256_set1_ps(static_cast<float>(1.0 / sums[h]));
    for (int j = 0; j < kD8; ++j) _mm256_storeu_ps(out[h] + 8 * j, _mm256_mul_ps(_mm256_loadu_ps(out[h] + 8 * j), inv));
  }
}

template <int kD8, bool kF16, int NQ>
void AttendSet(const AttentionArgs& a, int h0) {
  float max[NQ];
  double sums[NQ];
  SetScores<kD8, kF16, NQ>(a, h0, max);
  for (int h = 0; h < NQ; ++h) sums[h] = ExpAndSum(a.scores + (h0 + h) * a.n_kv, a.n_kv, max[h]);
  SetValues<kD8, kF16, NQ>(a, h0, sums);
}

template <int kD8, bool kF16>
void AttendAll(const AttentionArgs& a) {
  const int sets = (a.n_q + kMaxSet - 1) / kMaxSet;
  for (int set = 0, h0 = 0; set < sets; ++set) {
    const int size = (a.n_q - h0) / (sets - set);  // the larger sets last
    switch (size) {
      case 1:
        AttendSet<kD8, kF16, 1>(a, h0);
        break;
      case 2:
        AttendSet<kD8, kF16, 2>(a, h0);
        break;
      case 3:
        AttendSet<kD8, kF16, 3>(a, h0);
        break;
      case 4:
        AttendSet<kD8, kF16, 4>(a, h0);
        break;
      case 5:
        AttendSet<kD8, kF16, 5>(a, h0);
        break;
      default:
        AttendSet<kD8, kF16, kMaxSet>(a, h0);
        break;
    }
    h0 += size;
  }
}

}  // namespace

bool AttentionAvx2(const AttentionArgs& a) {
  switch (a.head_dim) {
    case 32:
      a.f16 ? AttendAll<4, true>(a) : AttendAll<4, false>(a);
      return true;
    case 64:
      a.f16 ? AttendAll<8, true>(a) : AttendAll<8, false>(a);
      return true;
    case 128:
      a.f16 ? AttendAll<16, true>(a) : AttendAll<16, false>(a);
      return true;
    default:
      return false;
  }
}

}  // namespace dm::ops_internal
