#include "kernels/ops.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "kernels/cpu_features.h"

namespace dm {

// --- F16 ---------------------------------------------------------------------

float F16ToF32(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t exp = (h >> 10) & 0x1fu;
  uint32_t mant = h & 0x3ffu;
  uint32_t bits;
  if (exp == 0x1f) {  // inf / nan
    bits = sign | 0x7f800000u | (mant << 13);
  } else if (exp != 0) {  // normal
    bits = sign | ((exp + 112u) << 23) | (mant << 13);
  } else if (mant == 0) {  // zero
    bits = sign;
  } else {  // subnormal: renormalize
    int e = -1;
    do {
      ++e;
      mant <<= 1;
    } while ((mant & 0x400u) == 0);
    bits = sign | ((112u - static_cast<uint32_t>(e)) << 23) | ((mant & 0x3ffu) << 13);
  }
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

uint16_t F32ToF16(float f) {
  uint32_t x;
  std::memcpy(&x, &f, sizeof x);
  const uint16_t sign = static_cast<uint16_t>((x >> 16) & 0x8000u);
  const uint32_t abs = x & 0x7fffffffu;
  if (abs >= 0x7f800000u) {  // inf / nan
    return static_cast<uint16_t>(sign | 0x7c00u | (abs > 0x7f800000u ? 0x200u : 0u));
  }
  if (abs >= 0x477ff000u) return static_cast<uint16_t>(sign | 0x7c00u);  // rounds to inf
  if (abs < 0x38800000u) {  // below the smallest normal half: subnormal or zero
    if (abs < 0x33000000u) return sign;  // below half the smallest subnormal
    const uint32_t e = abs >> 23;
    const uint32_t m = (abs & 0x7fffffu) | 0x800000u;
    const uint32_t shift = 126u - e;  // 14 + (113 - e) - ... aligns to 2^-24 units
    uint32_t half = m >> shift;
    const uint32_t rem = m & ((1u << shift) - 1u);
    const uint32_t mid = 1u << (shift - 1u);
    if (rem > mid || (rem == mid && (half & 1u))) ++half;
    return static_cast<uint16_t>(sign | half);
  }
  // Normal: rebias the exponent and round the mantissa to 10 bits.
  uint32_t h = ((abs >> 23) - 112u) << 10 | ((abs >> 13) & 0x3ffu);
  const uint32_t rem = abs & 0x1fffu;
  if (rem > 0x1000u || (rem == 0x1000u && (h & 1u))) ++h;  // may carry into inf
  return static_cast<uint16_t>(sign | h);
}

namespace ops_internal {

void F32ToF16RowScalar(const float* src, uint16_t* dst, int64_t n) {
  for (int64_t i = 0; i < n; ++i) dst[i] = F32ToF16(src[i]);
}

void F16ToF32RowScalar(const uint16_t* src, float* dst, int64_t n) {
  for (int64_t i = 0; i < n; ++i) dst[i] = F16ToF32(src[i]);
}

int64_t ArgMaxScalar(const float* x, int64_t n) {
  int64_t best = 0;
  for (int64_t i = 1; i < n; ++i) {
    if (x[i] > x[best] || (std::isnan(x[best]) && !std::isnan(x[i]))) best = i;
  }
  return best;
}

}  // namespace ops_internal

// --- Vector primitives -------------------------------------------------------

namespace ops_internal {

float DotF32Scalar(const float* a, const float* b, int64_t n) {
  // Eight independent partial sums, like the vector paths.
  float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int j = 0; j < 8; ++j) acc[j] += a[i + j] * b[i + j];
  }
  for (; i < n; ++i) acc[0] += a[i] * b[i];
  return ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
}

float DotF16Scalar(const uint16_t* a, const float* b, int64_t n) {
  float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int j = 0; j < 8; ++j) acc[j] += F16ToF32(a[i + j]) * b[i + j];
  }
  for (; i < n; ++i) acc[0] += F16ToF32(a[i]) * b[i];
  return ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
}

void AxpyF32Scalar(float alpha, const float* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] += alpha * x[i];
}

void AxpyF16Scalar(float alpha, const uint16_t* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] += alpha * F16ToF32(x[i]);
}

void SwiGluScalar(float* gate, const float* up, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    const float g = gate[i];
    gate[i] = g / (1.0f + std::exp(-g)) * up[i];
  }
}

}  // namespace ops_internal

namespace {
inline bool UseAvx2() { return ActiveIsa() != Isa::kScalar; }
}  // namespace

float DotF32(const float* a, const float* b, int64_t n) {
  return UseAvx2() ? ops_internal::DotF32Avx2(a, b, n) : ops_internal::DotF32Scalar(a, b, n);
}

float DotF16(const uint16_t* a, const float* b, int64_t n) {
  return UseAvx2() ? ops_internal::DotF16Avx2(a, b, n) : ops_internal::DotF16Scalar(a, b, n);
}

void AxpyF32(float alpha, const float* x, float* y, int64_t n) {
  if (UseAvx2()) {
    ops_internal::AxpyF32Avx2(alpha, x, y, n);
  } else {
    ops_internal::AxpyF32Scalar(alpha, x, y, n);
  }
}

void AxpyF16(float alpha, const uint16_t* x, float* y, int64_t n) {
  if (UseAvx2()) {
    ops_internal::AxpyF16Avx2(alpha, x, y, n);
  } else {
    ops_internal::AxpyF16Scalar(alpha, x, y, n);
  }
}

void AddInPlace(float* y, const float* x, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] += x[i];
}

void ScaleInPlace(float* y, float s, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] *= s;
}

// --- Normalization and activations -------------------------------------------

void RmsNorm(const float* x, const float* weight, int64_t n, float eps, float* out) {
  // Eight independent double sums: a single chain of n dependent additions
  // took 1.6 us for n = 1536 (twice per layer and token), these 0.5 us.
  constexpr int kLanes = 8;
  double lanes[kLanes] = {};
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (int k = 0; k < kLanes; ++k) lanes[k] += static_cast<double>(x[i + k]) * x[i + k];
  }
  for (; i < n; ++i) lanes[0] += static_cast<double>(x[i]) * x[i];
  const double sum = ((lanes[0] + lanes[4]) + (lanes[1] + lanes[5])) + ((lanes[2] + lanes[6]) + (lanes[3] + lanes[7]));
  const float scale = 1.0f / std::sqrt(static_cast<float>(sum / static_cast<double>(n)) + eps);
  for (i = 0; i < n; ++i) out[i] = x[i] * scale * weight[i];
}

void Softmax(float* x, int64_t n) {
  float max = x[0];
  for (int64_t i = 1; i < n; ++i) max = std::max(max, x[i]);
  double sum = 0.0;
  for (int64_t i = 0; i < n; ++i) {
    const float e = std::exp(x[i] - max);
    x[i] = e;
    sum += e;
  }
  const float inv = static_cast<float>(1.0 / sum);
  for (int64_t i = 0; i < n; ++i) x[i] *= inv;
}

void F32ToF16Row(const float* src, uint16_t* dst, int64_t n) {
  if (UseAvx2()) {
    ops_internal::F32ToF16RowAvx2(src, dst, n);
  } else {
    ops_internal::F32ToF16RowScalar(src, dst, n);
  }
}

void F16ToF32Row(const uint16_t* src, float* dst, int64_t n) {
  if (UseAvx2()) {
    ops_internal::F16ToF32RowAvx2(src, dst, n);
  } else {
    ops_internal::F16ToF32RowScalar(src, dst, n);
  }
}

int64_t ArgMax(const float* x, int64_t n) {
  return UseAvx2() ? ops_internal::ArgMaxAvx2(x, n) : ops_internal::ArgMaxScalar(x, n);
}

void SwiGluInPlace(float* gate, const float* up, int64_t n) {
  if (UseAvx2()) {
    ops_internal::SwiGluAvx2(gate, up, n);
  } else {
    ops_internal::SwiGluScalar(gate, up, n);
  }
}

// --- RoPE ----------------------------------------------------------------------

void RopeNormal(float* x, int head_dim, const float* cos, const float* sin) {
  for (int j = 0; j < head_dim / 2; ++j) {
    const float x0 = x[2 * j];
    const float x1 = x[2 * j + 1];
    x[2 * j] = x0 * cos[j] - x1 * sin[j];
    x[2 * j + 1] = x0 * sin[j] + x1 * cos[j];
  }
}

void RopeNeox(float* x, int head_dim, const float* cos, const float* sin) {
  const int half = head_dim / 2;
  for (int j = 0; j < half; ++j) {
    const float x0 = x[j];
    const float x1 = x[j + half];
    x[j] = x0 * cos[j] - x1 * sin[j];
    x[j + half] = x0 * sin[j] + x1 * cos[j];
  }
}

// --- Attention -----------------------------------------------------------------

void Attention(const AttentionArgs& a) {
  if (UseAvx2() && ops_internal::AttentionAvx2(a)) return;
  ops_internal::AttentionScalar(a);
}

void ops_internal::AttentionScalar(const AttentionArgs& a) {
  const int64_t d = a.head_dim;
  for (int h = 0; h < a.n_q; ++h) {
    const float* q = a.q + h * a.q_stride;
    float* scores = a.scores + h * a.n_kv;
    float* out = a.out + h * a.out_stride;
    if (a.f16) {
      const auto* k = static_cast<const uint16_t*>(a.k);
      for (int64_t i = 0; i < a.n_kv; ++i) scores[i] = a.scale * DotF16(k + i * a.stride, q, d);
    } else {
      const auto* k = static_cast<const float*>(a.k);
      for (int64_t i = 0; i < a.n_kv; ++i) scores[i] = a.scale * DotF32(k + i * a.stride, q, d);
    }
    Softmax(scores, a.n_kv);
    std::fill(out, out + d, 0.0f);
    if (a.f16) {
      const auto* v = static_cast<const uint16_t*>(a.v);
      for (int64_t i = 0; i < a.n_kv; ++i) AxpyF16(scores[i], v + i * a.stride, out, d);
    } else {
      const auto* v = static_cast<const float*>(a.v);
      for (int64_t i = 0; i < a.n_kv; ++i) AxpyF32(scores[i], v + i * a.stride, out, d);
    }
  }
}

}  // namespace dm
