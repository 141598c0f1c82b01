// Internal to the AVX-512 decode kernels (decode_*_avx512.cc; include only
// from files compiled with AVX-512): the row-group driver (decode_driver.h)
// and the lane reduction they share.
#pragma once

#include "kernels/avx512_intrinsics.h"

#include "kernels/decode_driver.h"

namespace dm::kernels {

// A 64-byte vector constant, built at compile time.
struct Vec64 {
  alignas(64) uint8_t b[64];
};
inline __m512i Load(const Vec64& v) { return _mm512_load_si512(v.b); }

// Sum of the 16 lanes of each acc[i] into out[i].
template <int R>
inline void StoreRowSums(const __m512* acc, float* out) {
  for (int i = 0; i < R; ++i) out[i] = _mm512_reduce_add_ps(acc[i]);
}

// Per-type decode kernels (nullptr where the file has none for `type`).
RowRangeFn Avx512LegacyDecode(GgmlType type);  // decode_legacy_avx512.cc
RowRangeFn Avx512KDecode(GgmlType type);       // decode_k_avx512.cc

}  // namespace dm::kernels
