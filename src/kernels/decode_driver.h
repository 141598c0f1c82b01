// The row-group driver of the fused decode kernels (decode_*_avx512.cc,
// decode_*_avx2.cc); include only through decode_avx512.h / decode_avx2.h.
//
// A decode kernel K reads weight blocks straight from the matrix (no unpack
// buffer) and computes R rows (1..kDecodeRows) against one activation row of
// the integer layout (int_path.h) in one pass, so every activation load and
// shuffle is shared by R rows and each row's sum stays in a register:
//     template <int R> static void K::Rows(const uint8_t* const* rows,
//         int64_t ahead, int64_t cols, const DecodeAct& x, float* out);
// out[0..R) gets the R sums. Rows are short (a few KiB) and read as R
// interleaved streams, too short for the hardware prefetcher to ramp up, so
// the kernel prefetches each row's bytes `ahead` bytes on (the same bytes of
// a later row group, see PrefetchAhead) into L2.
// Arithmetic as the scalar reference: exact integer sums per block (or per
// K super-block), scaled once; only the float summation order differs.
#pragma once

#include <xmmintrin.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "kernels/kernel_table.h"

namespace dm::kernels {

inline constexpr int kDecodeRows = 4;

struct DecodeAct {
  const int8_t* q;
  const float* da;
  const int32_t* isum;
};

// How far on each row's bytes are prefetched: whole row groups (so the same
// bytes of a later group), at least kPrefetchMinBytes. One group of short rows
// (4 x 504 bytes for Q4_0 at 896 columns) is less than the bytes that must be
// in flight to cover the memory latency at one core's bandwidth; 8 KiB
// measured best (0.5B Q4_0 decode 73 -> 95 tok/s; 4 and 16 KiB close behind).
inline constexpr int64_t kPrefetchMinBytes = 8192;
// static: files compiled for different ISAs must not share one copy.
static inline int64_t PrefetchAhead(size_t row_bytes) {
  const auto group = static_cast<int64_t>(kDecodeRows * row_bytes);
  return group * std::max<int64_t>(1, (kPrefetchMinBytes + group - 1) / group);
}

// Prefetches (into L2) the lines of kBytes bytes at p: one K super-block of
// a row, `ahead` bytes on.
template <size_t kBytes>
inline void PrefetchBlock(const char* p) {
  for (size_t o = 0; o < kBytes + 63; o += 64) _mm_prefetch(p + o, _MM_HINT_T1);
}

// Rows [r0, r1) in groups of kDecodeRows, every token.
template <typename K>
void DecodeRowRange(const MatMulArgs& a, int64_t r0, int64_t r1) {
  for (int64_t r = r0; r < r1; r += kDecodeRows) {
    const int n = static_cast<int>(std::min<int64_t>(kDecodeRows, r1 - r));
    const uint8_t* rows[kDecodeRows];
    for (int i = 0; i < kDecodeRows; ++i) rows[i] = a.w + static_cast<size_t>(r + std::min(i, n - 1)) * a.w_row_bytes;
    const int64_t ahead = PrefetchAhead(a.w_row_bytes);
    for (int64_t t = 0; t < a.n_tokens; ++t) {
      const uint8_t* p = a.act + static_cast<size_t>(t) * a.act_row_bytes;
      const DecodeAct x{reinterpret_cast<const int8_t*>(p), reinterpret_cast<const float*>(p + a.act_layout.da_off),
                        reinterpret_cast<const int32_t*>(p + a.act_layout.isum_off)};
      float out[kDecodeRows];
      switch (n) {
        case 4:
          K::template Rows<4>(rows, ahead, a.cols, x, out);
          break;
        case 3:
          K::template Rows<3>(rows, ahead, a.cols, x, out);
          break;
        case 2:
          K::template Rows<2>(rows, ahead, a.cols, x, out);
          break;
        default:
          K::template Rows<1>(rows, ahead, a.cols, x, out);
          break;
      }
      for (int i = 0; i < n; ++i) a.y[t * a.y_stride + r + i] = out[i];
    }
  }
}

}  // namespace dm::kernels
