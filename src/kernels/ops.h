// Elementwise and attention operations of the transformer forward pass: the
// small kernels around the matrix products (RMSNorm, RoPE, softmax, SwiGLU,
// attention of the query heads of one KV head over a KV cache).
//
// Every function has one scalar reference definition in ops.cc; the hot inner
// loops (dot product, axpy, F16 rows) have AVX2 paths in ops_avx2.cc and
// attention has one in attention_avx2.cc, chosen at
// run time through ActiveIsa() and tested against the scalar ones. Numerics
// follow the reference GGUF implementation: sums of squares and softmax
// denominators accumulate in double.
#pragma once

#include <cstdint>

namespace dm {

// --- F16 storage (IEEE half) -------------------------------------------------

float F16ToF32(uint16_t h);
uint16_t F32ToF16(float f);  // round to nearest even
void F32ToF16Row(const float* src, uint16_t* dst, int64_t n);
void F16ToF32Row(const uint16_t* src, float* dst, int64_t n);

// --- Vector primitives -------------------------------------------------------

// sum_i a[i] * b[i]
float DotF32(const float* a, const float* b, int64_t n);
// sum_i f16(a[i]) * b[i]
float DotF16(const uint16_t* a, const float* b, int64_t n);
// y[i] += alpha * x[i]
void AxpyF32(float alpha, const float* x, float* y, int64_t n);
// y[i] += alpha * f16(x[i])
void AxpyF16(float alpha, const uint16_t* x, float* y, int64_t n);
// y[i] += x[i]
void AddInPlace(float* y, const float* x, int64_t n);
// y[i] *= s
void ScaleInPlace(float* y, float s, int64_t n);

// --- Normalization and activations -------------------------------------------

// out[i] = x[i] / sqrt(mean(x²) + eps) * weight[i]; out may alias x.
void RmsNorm(const float* x, const float* weight, int64_t n, float eps, float* out);

// In place: x[i] = exp(x[i] - max) / sum; returns nothing. n >= 1.
void Softmax(float* x, int64_t n);

// SwiGLU: gate[i] = silu(gate[i]) * up[i], silu(g) = g / (1 + exp(-g)).
void SwiGluInPlace(float* gate, const float* up, int64_t n);

// The first index of the largest of x[0, n) (greedy decoding over logits);
// NaNs never win, 0 if all are NaN. n >= 1.
int64_t ArgMax(const float* x, int64_t n);

// --- Rotary position embedding -----------------------------------------------

// Rotates one head vector x[head_dim] in place by the angles whose cosines and
// sines are cos[head_dim/2], sin[head_dim/2] (pair j uses angle j).
//   Normal (llama): pairs (x[2j], x[2j+1]).
//   NEOX (qwen2):   pairs (x[j], x[j + head_dim/2]).
void RopeNormal(float* x, int head_dim, const float* cos, const float* sin);
void RopeNeox(float* x, int head_dim, const float* cos, const float* sin);

// --- Attention ---------------------------------------------------------------

// The n_q query heads that share one KV head (grouped-query attention), each
// attending over n_kv >= 1 cached positions.
//   q:      n_q rows of head_dim floats, q_stride floats apart
//   k, v:   n_kv rows of head_dim elements, `stride` elements apart; F32
//           (f16 == false) or F16 (uint16_t)
//   scores: scratch of n_q * n_kv floats
//   out:    n_q rows of head_dim floats, out_stride apart:
//           softmax(scale * q·kᵢ) · V for each head
// q_stride and out_stride matter only for n_q > 1.
struct AttentionArgs {
  const float* q = nullptr;
  const void* k = nullptr;
  const void* v = nullptr;
  bool f16 = false;
  int64_t stride = 0;
  int64_t n_kv = 0;
  int head_dim = 0;
  float scale = 1.0f;
  float* scores = nullptr;
  float* out = nullptr;
  int n_q = 1;
  int64_t q_stride = 0;
  int64_t out_stride = 0;
};
void Attention(const AttentionArgs& args);

namespace ops_internal {
// Scalar definitions, reachable for tests that compare the paths.
float DotF32Scalar(const float* a, const float* b, int64_t n);
float DotF16Scalar(const uint16_t* a, const float* b, int64_t n);
void AxpyF32Scalar(float alpha, const float* x, float* y, int64_t n);
void AxpyF16Scalar(float alpha, const uint16_t* x, float* y, int64_t n);
void SwiGluScalar(float* gate, const float* up, int64_t n);
void F32ToF16RowScalar(const float* src, uint16_t* dst, int64_t n);
void F16ToF32RowScalar(const uint16_t* src, float* dst, int64_t n);
int64_t ArgMaxScalar(const float* x, int64_t n);
// AVX2 + FMA + F16C definitions (ops_avx2.cc); call only when the CPU has them.
float DotF32Avx2(const float* a, const float* b, int64_t n);
float DotF16Avx2(const uint16_t* a, const float* b, int64_t n);
void AxpyF32Avx2(float alpha, const float* x, float* y, int64_t n);
void AxpyF16Avx2(float alpha, const uint16_t* x, float* y, int64_t n);
void SwiGluAvx2(float* gate, const float* up, int64_t n);
// vcvtps2ph / vcvtph2ps: equal to the scalar rows bit for bit except that a
// NaN keeps the top bits of its payload.
void F32ToF16RowAvx2(const float* src, uint16_t* dst, int64_t n);
void F16ToF32RowAvx2(const uint16_t* src, float* dst, int64_t n);
int64_t ArgMaxAvx2(const float* x, int64_t n);
// Attention for head_dim 32, 64 or 128 (attention_avx2.cc); false (nothing
// done) for other sizes.
bool AttentionAvx2(const AttentionArgs& args);
// The scalar-path Attention: one head after the other.
void AttentionScalar(const AttentionArgs& args);
}  // namespace ops_internal

}  // namespace dm
