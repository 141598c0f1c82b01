// Internal to the AVX2 decode kernels (decode_*_avx2.cc; include only from
// files compiled with AVX2): the row-group driver (decode_driver.h) and the
// lane reduction they share.
#pragma once

#include <immintrin.h>

#include "kernels/decode_driver.h"

namespace dm::kernels {

// Sum of the 8 lanes of each acc[i] into out[i].
template <int R>
inline void StoreRowSums(const __m256* acc, float* out) {
  for (int i = 0; i < R; ++i) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(acc[i]), _mm256_extractf128_ps(acc[i], 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    out[i] = _mm_cvtss_f32(s);
  }
}

// Per-type decode kernels (nullptr where the file has none for `type`).
RowRangeFn Avx2LegacyDecode(GgmlType type);  // decode_legacy_avx2.cc
RowRangeFn Avx2KDecode(GgmlType type);       // decode_k_avx2.cc

}  // namespace dm::kernels
