// MatMul driver: converts the activations once per call and per activation
// format the group's weight types need (split across the pool by token), then
// splits the rows of all matrices of the group across the pool and runs the
// active path's row-range kernel on each piece.
#include "kernels/matmul.h"

#include <algorithm>
#include <array>
#include <vector>

#include "kernels/cpu_features.h"
#include "kernels/interleave.h"
#include "kernels/kernel_table.h"
#include "kernels/quantize.h"
#include "util/status.h"

namespace dm {
namespace {

using kernels::QuantizeRowFn;
using kernels::RowRangeFn;

RowRangeFn PickRowRange(Isa isa, GgmlType type) {
  RowRangeFn fn = nullptr;
  if (isa >= Isa::kAvx512) fn = kernels::Avx512RowRange(type);
  if (fn == nullptr && isa >= Isa::kAvx2) fn = kernels::Avx2RowRange(type);
  if (fn == nullptr) fn = kernels::ScalarRowRange(type);
  return fn;
}

QuantizeRowFn PickActQuantizer(Isa isa, GgmlType act_type) {
  QuantizeRowFn fn = nullptr;
  if (isa >= Isa::kAvx512) fn = kernels::Avx512ActQuantizer(act_type);
  if (fn == nullptr && isa >= Isa::kAvx2) fn = kernels::Avx2ActQuantizer(act_type);
  if (fn == nullptr) fn = kernels::FindQuantizer(act_type);
  return fn;
}

// Per calling thread, grown on demand; 64-byte aligned rows start inside it.
uint8_t* ActivationScratch(size_t bytes) {
  thread_local std::vector<uint8_t> buffer;
  if (buffer.size() < bytes + 64) buffer.resize(bytes + 64);
  auto p = reinterpret_cast<uintptr_t>(buffer.data());
  return buffer.data() + ((64 - (p & 63)) & 63);
}

// An activation format: what one row of x becomes for a set of weight types.
// Integer path: the ActLayout of (act_type, group); otherwise act_type blocks
// (F32: x itself, no conversion).
struct ActFormat {
  GgmlType act_type = GgmlType::kF32;
  bool int_layout = false;
  kernels::ActLayout layout;  // int_layout only
  size_t stride = 0;          // bytes per token in the scratch
  size_t offset = 0;          // of this format's rows in the scratch
  bool SameAs(const ActFormat& o) const {
    return act_type == o.act_type && int_layout == o.int_layout && (!int_layout || layout.group == o.layout.group);
  }
};

// Rows are handed out in units of 16 so SIMD row tiles stay whole except at
// the end of each matrix.
constexpr int64_t kRowUnit = 16;
// Decode batches (up to kDecodeMaxTokens) claim shrinking chunks
// (ThreadPool::ParallelForStealing) of at least this many weight bytes, and
// at least one unit: 2 units of a Q4_K matrix of 1536 columns, 1 of Q6_K or
// of 8960 columns (80-117 KiB, several microseconds of one thread's
// streaming, which the other would wait at the end of the product had the
// last claims been 2 units).
constexpr size_t kMinChunkBytes = 32 << 10;

}  // namespace

bool IsSupportedWeightType(GgmlType type) { return kernels::FindWeightType(type) != nullptr; }

void MatMul(const WeightMatrix& w, const float* x, int64_t n_tokens, float* y, ThreadPool& pool) {
  const MatMulPart part{&w, y};
  MatMulGroup(std::span<const MatMulPart>(&part, 1), x, n_tokens, pool);
}

void MatMulGroup(std::span<const MatMulPart> parts, const float* x, int64_t n_tokens, ThreadPool& pool) {
  DM_CHECK(!parts.empty() && parts.size() <= kMaxMatMulParts && n_tokens >= 0);
  const int64_t cols = parts[0].w->cols;
  const Isa isa = ActiveIsa();

  // Each part's activation format, deduplicated into `formats`.
  std::array<ActFormat, kMaxMatMulParts> formats;
  std::array<size_t, kMaxMatMulParts> format_of{};
  size_t n_formats = 0, scratch_bytes = 0, max_block_bytes = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    const WeightMatrix& w = *parts[i].w;
    const kernels::WeightTypeInfo* info = kernels::FindWeightType(w.type);
    DM_CHECK(info != nullptr);
    DM_CHECK(w.cols == cols && w.rows >= 0);
    const auto w_row_bytes = GgmlRowBytes(w.type, static_cast<uint64_t>(cols));
    const auto act_row_bytes = GgmlRowBytes(info->act_type, static_cast<uint64_t>(cols));
    DM_CHECK(w_row_bytes.has_value() && act_row_bytes.has_value() && w.row_bytes >= *w_row_bytes);
    ActFormat f;
    f.act_type = info->act_type;
    const kernels::IntWeightType* int_type = isa >= Isa::kAvx2 ? kernels::FindIntWeightType(w.type) : nullptr;
    if (int_type != nullptr) {
      f.int_layout = true;
      f.layout = kernels::MakeActLayout(cols, int_type->group);
      f.stride = f.layout.stride;
      max_block_bytes = std::max(max_block_bytes, static_cast<size_t>(*act_row_bytes));
    } else if (f.act_type != GgmlType::kF32) {
      // Rows padded to 64 bytes so every row starts aligned.
      f.stride = (*act_row_bytes + 63) & ~size_t{63};
    }
    size_t k = 0;
    while (k < n_formats && !formats[k].SameAs(f)) ++k;
    if (k == n_formats) {
      f.offset = scratch_bytes;
      scratch_bytes += f.stride * static_cast<size_t>(n_tokens);
      formats[n_formats++] = f;
    }
    format_of[i] = k;
  }
  if (n_tokens == 0) return;

  // Convert x once per format (F32 needs none).
  uint8_t* scratch = ActivationScratch(scratch_bytes);
  const kernels::ActLayoutQuantizeFn no_direct = nullptr;
  auto convert = [&](size_t t0, size_t t1) {
    thread_local std::vector<uint8_t> blocks;
    blocks.resize(max_block_bytes);
    for (size_t k = 0; k < n_formats; ++k) {
      const ActFormat& f = formats[k];
      if (f.stride == 0) continue;
      const QuantizeRowFn quantize = PickActQuantizer(isa, f.act_type);
      const kernels::ActLayoutQuantizeFn direct =
          f.int_layout ? kernels::Avx2ActLayoutQuantizer(f.act_type) : no_direct;
      for (size_t t = t0; t < t1; ++t) {
        const float* xt = x + t * static_cast<size_t>(cols);
        uint8_t* dst = scratch + f.offset + t * f.stride;
        if (!f.int_layout) {
          quantize(xt, dst, cols);
        } else if (direct != nullptr) {
          direct(xt, f.layout, dst);
        } else {
          quantize(xt, blocks.data(), cols);
          kernels::ToActLayout(f.act_type, blocks.data(), f.layout, dst);
        }
      }
    }
  };
  if (n_tokens > 1) {
    pool.ParallelFor(static_cast<size_t>(n_tokens), 1, convert);
  } else {
    convert(0, 1);
  }

  // Each part's operands and kernel; unit_end[i] = units of parts [0, i].
  std::array<kernels::MatMulArgs, kMaxMatMulParts> args;
  std::array<RowRangeFn, kMaxMatMulParts> kernel{};
  std::array<int64_t, kMaxMatMulParts> unit_end{};
  int64_t units = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    const WeightMatrix& w = *parts[i].w;
    const ActFormat& f = formats[format_of[i]];
    kernels::MatMulArgs& a = args[i];
    a.w = w.data;
    a.w_row_bytes = w.row_bytes;
    a.cols = cols;
    a.n_tokens = n_tokens;
    a.y = parts[i].y;
    a.y_stride = w.rows;
    if (f.stride == 0) {
      a.act = reinterpret_cast<const uint8_t*>(x);
      a.act_row_bytes = static_cast<size_t>(cols) * sizeof(float);
    } else {
      a.act = scratch + f.offset;
      a.act_row_bytes = f.stride;
    }
    if (f.int_layout) {
      a.act_layout = f.layout;
      a.int_type = kernels::FindIntWeightType(w.type);
      kernel[i] = isa >= Isa::kAvx512 ? kernels::Avx512IntRowRange : kernels::Avx2IntRowRange;
    } else {
      kernel[i] = PickRowRange(isa, w.type);
    }
    if (w.interleaved) {
      DM_CHECK(kernels::CanInterleave(w.type, w.rows));
      a.w_type = w.type;
      if (isa >= Isa::kAvx512 && f.int_layout && n_tokens <= kernels::InterleavedMaxTokens(w.type)) {
        kernel[i] = kernels::Avx512InterleavedRowRange;
      } else if (isa == Isa::kAvx2 && f.int_layout && kernels::Avx2HasInterleavedKernel(w.type)) {
        kernel[i] = kernels::Avx2InterleavedRowRange;
      } else {
        a.deinterleaved_kernel = kernel[i];
        kernel[i] = kernels::DeinterleavedRowRange;
      }
    }
    units += (w.rows + kRowUnit - 1) / kRowUnit;
    unit_end[i] = units;
  }

  // Runs units [u0, u1) of the concatenated parts, one kernel call per part.
  auto run_units = [&](size_t u0, size_t u1) {
    int64_t part_begin = 0;
    for (size_t i = 0; i < parts.size(); part_begin = unit_end[i++]) {
      const int64_t b = std::max(static_cast<int64_t>(u0), part_begin);
      const int64_t e = std::min(static_cast<int64_t>(u1), unit_end[i]);
      if (b >= e) continue;
      const int64_t rows = parts[i].w->rows;
      kernel[i](args[i], (b - part_begin) * kRowUnit, std::min(rows, (e - part_begin) * kRowUnit));
    }
  };
  if (n_tokens <= kernels::kDecodeMaxTokens) {
    size_t unit_bytes = 1;
    for (const MatMulPart& part : parts) unit_bytes = std::max(unit_bytes, kRowUnit * part.w->row_bytes);
    pool.ParallelForStealing(static_cast<size_t>(units), std::max<size_t>(1, kMinChunkBytes / unit_bytes), run_units);
  } else {
    pool.ParallelFor(static_cast<size_t>(units), 1, run_units);
  }
}

bool PrefersInterleaved(const WeightMatrix& w) {
  if (w.interleaved || !kernels::CanInterleave(w.type, w.rows)) return false;
  const Isa isa = ActiveIsa();
  return isa >= Isa::kAvx512 || (isa == Isa::kAvx2 && kernels::Avx2HasInterleavedKernel(w.type));
}

size_t InterleavedBytes(const WeightMatrix& w) { return kernels::InterleavedOffset(w.rows, w.row_bytes); }

WeightMatrix InterleavedCopy(const WeightMatrix& w, uint8_t* dst) {
  DM_CHECK(!w.interleaved && kernels::CanInterleave(w.type, w.rows));
  DM_CHECK(w.row_bytes == GgmlRowBytes(w.type, static_cast<uint64_t>(w.cols)));
  kernels::InterleaveRows(w.type, w.data, w.rows, w.cols, dst);
  WeightMatrix out = w;
  out.data = dst;
  out.interleaved = true;
  return out;
}

void GetRow(const WeightMatrix& w, int64_t row, float* out) {
  DM_CHECK(row >= 0 && row < w.rows);
  if (!w.interleaved) {
    DequantizeRow(w.type, w.data + static_cast<size_t>(row) * w.row_bytes, out, w.cols);
    return;
  }
  thread_local std::vector<uint8_t> file_row;
  file_row.resize(w.row_bytes);
  const int64_t group = row / kernels::kInterleaveRows;
  kernels::DeinterleaveRow(w.type, w.data + kernels::InterleavedOffset(group * kernels::kInterleaveRows, w.row_bytes),
                           w.cols, static_cast<int>(row % kernels::kInterleaveRows), file_row.data());
  DequantizeRow(w.type, file_row.data(), out, w.cols);
}

}  // namespace dm
