// Internal: what MatMul needs to know per weight type and per instruction-set
// path. The scalar path (vec_dot_scalar.cc) defines the arithmetic; the AVX2
// and AVX-512 paths (*_avx2.cc, *_avx512.cc) reproduce it up to float
// summation order.
#pragma once

#include <cstddef>
#include <cstdint>

#include "gguf/ggml_type.h"
#include "kernels/cpu_features.h"
#include "kernels/int_path.h"
#include "kernels/quant_impl.h"

namespace dm::kernels {

// Dot product of n elements: one weight row (weight type layout) with one
// activation row (the weight type's activation layout, see WeightTypeInfo).
using VecDotFn = float (*)(int64_t n, const void* w, const void* a);

// Batches of up to this many tokens count as decode: the fused row-group
// kernels (decode_driver.h) or a row-at-a-time dot run them, and MatMulGroup
// hands their rows out in guided chunks. Larger batches amortize unpacking a
// row (AVX2) or building GEMM panels (AVX-512) over the tokens.
inline constexpr int64_t kDecodeMaxTokens = 5;

struct MatMulArgs;
// Computes y for weight rows [r0, r1) and every token. Called concurrently on
// disjoint row ranges.
using RowRangeFn = void (*)(const MatMulArgs& args, int64_t r0, int64_t r1);

// One MatMul call's operands after the activations were converted.
struct MatMulArgs {
  const uint8_t* w = nullptr;  // weight rows, w_row_bytes apart
  size_t w_row_bytes = 0;
  int64_t cols = 0;
  const uint8_t* act = nullptr;  // n_tokens activation rows, act_row_bytes apart
  size_t act_row_bytes = 0;
  int64_t n_tokens = 0;
  float* y = nullptr;  // y[t * y_stride + r]
  int64_t y_stride = 0;
  // Integer path only: the weight type's unpacker and the activation layout
  // (act rows are then ActLayout rows, act_row_bytes == act_layout.stride).
  const IntWeightType* int_type = nullptr;
  ActLayout act_layout;
  // Row-interleaved weights (interleave.h) only: their type, and the kernel
  // DeinterleavedRowRange runs on groups restored to the file layout.
  GgmlType w_type = GgmlType::kF32;
  RowRangeFn deinterleaved_kernel = nullptr;
};

// One token's activations in the integer layout, as the kernels read them:
// int8 values, and per group of the layout its d_a, isum (the sum of the
// group's int8 values) and sa (d_a * isum, rounded as the activation format
// stores it).
struct TokenActs {
  const int8_t* q;
  const float* da;
  const int32_t* isum;
  const float* sa;
};
inline TokenActs TokenActsAt(const MatMulArgs& a, int64_t token) {
  const uint8_t* p = a.act + static_cast<size_t>(token) * a.act_row_bytes;
  return {reinterpret_cast<const int8_t*>(p), reinterpret_cast<const float*>(p + a.act_layout.da_off),
          reinterpret_cast<const int32_t*>(p + a.act_layout.isum_off),
          reinterpret_cast<const float*>(p + a.act_layout.sa_off)};
}

struct WeightTypeInfo {
  GgmlType type;
  GgmlType act_type;  // F32, F16, BF16, Q8_0, Q8_1 or Q8_K
  QuantizeRowFn quantize;
  DequantizeRowFn dequantize;
  VecDotFn vec_dot;  // scalar reference
};

// nullptr for types MatMul does not support.
const WeightTypeInfo* FindWeightType(GgmlType type);
// Row converters for any type QuantizeRow/DequantizeRow know (includes the
// activation-only types Q8_1 and Q8_K); nullptr otherwise.
QuantizeRowFn FindQuantizer(GgmlType type);
DequantizeRowFn FindDequantizer(GgmlType type);

// Scalar vec_dot per weight type (vec_dot_scalar.cc).
float VecDotF32(int64_t n, const void* w, const void* a);
float VecDotF16(int64_t n, const void* w, const void* a);
float VecDotBf16(int64_t n, const void* w, const void* a);
float VecDotQ4_0(int64_t n, const void* w, const void* a);
float VecDotQ4_1(int64_t n, const void* w, const void* a);
float VecDotQ5_0(int64_t n, const void* w, const void* a);
float VecDotQ5_1(int64_t n, const void* w, const void* a);
float VecDotQ8_0(int64_t n, const void* w, const void* a);
float VecDotIq4Nl(int64_t n, const void* w, const void* a);
float VecDotQ2K(int64_t n, const void* w, const void* a);
float VecDotQ3K(int64_t n, const void* w, const void* a);
float VecDotQ4K(int64_t n, const void* w, const void* a);
float VecDotQ5K(int64_t n, const void* w, const void* a);
float VecDotQ6K(int64_t n, const void* w, const void* a);

// Row-range kernels per path; nullptr where the path has no specialised
// kernel for the type (MatMul then uses the next lower path).
RowRangeFn ScalarRowRange(GgmlType type);
RowRangeFn Avx2RowRange(GgmlType type);
RowRangeFn Avx512RowRange(GgmlType type);

// Activation converters per path (F32 row -> act_type row); nullptr falls back.
QuantizeRowFn Avx2ActQuantizer(GgmlType act_type);
QuantizeRowFn Avx512ActQuantizer(GgmlType act_type);

// F32 row -> integer-path activation row in one pass, bit-identical to the
// scalar quantizer followed by ToActLayout (act_quant_avx2.cc).
using ActLayoutQuantizeFn = void (*)(const float* x, const ActLayout& layout, uint8_t* dst);
ActLayoutQuantizeFn Avx2ActLayoutQuantizer(GgmlType act_type);

// Row-interleaved weights: rows [r0, r1) (multiples of 16). The AVX-512
// kernel needs the integer activation layout and at most
// InterleavedMaxTokens(type) tokens (interleave.h); the other restores each
// 16-row group to the file layout and runs args.deinterleaved_kernel on it
// (any path, any batch).
void Avx512InterleavedRowRange(const MatMulArgs& args, int64_t r0, int64_t r1);
// The AVX2 kernel (interleaved_avx2.cc) takes any batch, with the integer
// activation layout, for the types Avx2HasInterleavedKernel accepts.
bool Avx2HasInterleavedKernel(GgmlType type);
void Avx2InterleavedRowRange(const MatMulArgs& args, int64_t r0, int64_t r1);
void DeinterleavedRowRange(const MatMulArgs& args, int64_t r0, int64_t r1);

// Integer-path row-range kernels (need args.int_type and args.act_layout).
void Avx2IntRowRange(const MatMulArgs& args, int64_t r0, int64_t r1);
void Avx512IntRowRange(const MatMulArgs& args, int64_t r0, int64_t r1);

}  // namespace dm::kernels
