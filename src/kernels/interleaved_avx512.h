// Internal to the row-interleaved AVX-512 kernels (interleaved_avx512.cc and
// the block kinds it includes; include only from files compiled with
// AVX-512): loads, one token's activations and the block-kind contract.
#pragma once

#include "kernels/avx512_intrinsics.h"

#include <cstdint>
#include <cstring>

#include "kernels/decode_avx512.h"
#include "kernels/kernel_table.h"

namespace dm::kernels::interleaved {

inline __m512i Broadcast4(const int8_t* a) {
  int32_t word;
  std::memcpy(&word, a, 4);
  return _mm512_set1_epi32(word);
}

inline __m512i Line(const uint8_t* lines, int k) { return _mm512_loadu_si512(lines + 64 * k); }

// v shifted left by s bits (right by -s) in every 32-bit lane.
inline __m512i ShiftLanes(__m512i v, int s) { return s >= 0 ? _mm512_slli_epi32(v, s) : _mm512_srli_epi32(v, -s); }

inline __m512 Halves(const uint8_t* head) {
  return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(head)));
}

// A block kind K: kElements per block, kGroups activation groups per block,
// kHeadBytes and kLines as in interleave.h, kTile tokens per pass, and
//   template <int T> static void Block(const uint8_t* head,
//       const uint8_t* lines, const TokenActs* tok, int64_t b, __m512* acc)
// which adds block b's products for the 16 rows to acc[t] for the T tokens
// tok[0..T). A line is loaded and unpacked once for the T tokens.

}  // namespace dm::kernels::interleaved
