// Matrix products of quantized weights with F32 activations: the kernels that
// dominate inference time.
//
// Shapes (row-major, ne[0] fastest as in GGUF):
//   W: rows x cols, stored as `rows` rows of GgmlRowBytes(type, cols) bytes
//   x: n_tokens x cols  F32, row stride `cols`
//   y: n_tokens x rows  F32, row stride `rows`
//   y[t][r] = sum_c W[r][c] * x[t][c]
//
// Activations are rounded the way the reference implementation does before the
// dot product (8-bit blocks for quantized weights, F16 for F16 weights, BF16 for
// BF16 weights), so results match it to about 1e-3. The instruction-set path is
// chosen at run time (see cpu_features.h); every path matches the scalar one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "gguf/ggml_type.h"
#include "util/thread_pool.h"

namespace dm {

// A weight matrix (a view; no ownership): rows of row_bytes bytes as stored
// in a GGUF file, or, when `interleaved`, the same bytes regrouped in 16-row
// groups (kernels/interleave.h, made once at load by InterleavedCopy).
struct WeightMatrix {
  GgmlType type = GgmlType::kF32;
  const uint8_t* data = nullptr;
  int64_t rows = 0;
  int64_t cols = 0;
  size_t row_bytes = 0;
  bool interleaved = false;
};

// True for the weight types the engine can multiply.
bool IsSupportedWeightType(GgmlType type);

// y = x · Wᵀ for a batch of n_tokens activation rows (see shapes above).
// n_tokens == 1 is decode (matrix-vector); larger batches are prefill and use a
// blocked matrix-matrix product. Work is split across `pool`.
void MatMul(const WeightMatrix& w, const float* x, int64_t n_tokens, float* y, ThreadPool& pool);

// One product of a group: y (n_tokens x w->rows, row stride w->rows) = x · Wᵀ.
struct MatMulPart {
  const WeightMatrix* w = nullptr;
  float* y = nullptr;
};

// The products of several matrices with the same `cols` and the same
// activations x (n_tokens x cols), e.g. Q, K and V, or gate and up; the
// matrices may differ in type (Q4_K_M files mix Q4_K and Q6_K). Results are
// those of one MatMul per part (up to float summation order). x is converted
// once per distinct activation format, and the rows of all parts form one job
// for the pool: decode (up to 5 tokens) gives each thread a contiguous share
// of the 16-row units, claimed in chunks, and a thread done with its share
// takes chunks from the others' (a thread slowed down by other work does
// fewer); prefill splits the units evenly.
void MatMulGroup(std::span<const MatMulPart> parts, const float* x, int64_t n_tokens, ThreadPool& pool);

// At most this many parts per MatMulGroup call.
inline constexpr size_t kMaxMatMulParts = 4;

// True when the active instruction-set path has a faster decode kernel for
// `w` row-interleaved than as stored. MatMul and GetRow accept interleaved
// matrices on every path.
bool PrefersInterleaved(const WeightMatrix& w);
// Bytes InterleavedCopy writes: w.rows * w.row_bytes, each 16-row group
// padded to a multiple of 64 (kernels/interleave.h).
size_t InterleavedBytes(const WeightMatrix& w);
// Writes w (file layout, PrefersInterleaved) regrouped into dst, 64-byte
// aligned and InterleavedBytes(w) long; returns the view of dst.
WeightMatrix InterleavedCopy(const WeightMatrix& w, uint8_t* dst);

// Copies row `row` of W, dequantized, into out[cols] (embedding lookup).
void GetRow(const WeightMatrix& w, int64_t row, float* out);

}  // namespace dm
