// Internal to the AVX-512 decode kernels (decode_*_avx512.cc; include only
// from files compiled with AVX-512): the row-group driver (decode_driver.h)
// and the lane reduction they share.
#pragma once

#include <immintrin.h>

#include "kernels/decode_driver.h"

namespace dm::kernels {

// Sum of the 16 lanes of each acc[i] into out[i].
template <int R>
inline void StoreRowSums(const __m512* acc, float* out) {
  for (int i = 0; i < R; ++i) {
    const __m256 h = _mm256_add_ps(_mm512_castps512_ps256(acc[i]), _mm512_extractf32x8_ps(acc[i], 1));
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    out[i] = _mm_cvtss_f32(s);
  }
}

// Per-type decode kernels (nullptr where the file has none for `type`).
RowRangeFn Avx512LegacyDecode(GgmlType type);  // decode_legacy_avx512.cc
RowRangeFn Avx512KDecode(GgmlType type);       // decode_k_avx512.cc

}  // namespace dm::kernels
