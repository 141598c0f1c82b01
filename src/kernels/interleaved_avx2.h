// Internal to the row-interleaved AVX2 kernels (interleaved_avx2.cc and the
// block kinds it includes; include only from files compiled with AVX2):
// loads, the integer dot product without VNNI, and the block-kind contract.
//
// The layout (interleave.h) is the AVX-512 one: a 64-byte line holds one
// 4-byte word of each of 16 rows. An AVX2 kernel reads half of it, the 32
// bytes of rows 8h .. 8h + 7 (h = 0, 1), so a 256-bit int32 lane j is row
// 8h + j; a head field (32 bytes: 16 F16 values) contributes its 16 bytes
// at 16h.
#pragma once

#include <immintrin.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <utility>

#include "kernels/kernel_table.h"

namespace dm::kernels::interleaved_avx2 {

inline __m256i Broadcast4(const int8_t* a) {
  int32_t word;
  std::memcpy(&word, a, 4);
  return _mm256_set1_epi32(word);
}

// Word k of the 8 rows of `lines` (already offset to the half).
inline __m256i Line(const uint8_t* lines, int k) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(lines + 64 * k));
}

// The 8 F16 values of a head field (already offset to the half).
inline __m256 Halves(const uint8_t* head) {
  return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(head)));
}

// A vpshufb index that sets byte n of every 32-bit lane to byte from[n] of
// the same lane, or to zero where from[n] < 0.
struct LaneBytes {
  alignas(32) uint8_t b[32];
};
constexpr LaneBytes MakeLaneBytes(int b0, int b1, int b2, int b3) {
  const int from[4] = {b0, b1, b2, b3};
  LaneBytes r{};
  for (int i = 0; i < 32; ++i) r.b[i] = from[i % 4] < 0 ? 0x80 : static_cast<uint8_t>(i % 16 - i % 4 + from[i % 4]);
  return r;
}
inline __m256i ShuffleLanes(__m256i v, const LaneBytes& index) {
  return _mm256_shuffle_epi8(v, _mm256_load_si256(reinterpret_cast<const __m256i*>(index.b)));
}

// The low (lo) and high (hi) 4-bit fields of every byte of v, each AND-ed
// with mask (0x0f for whole nibbles, less for the fields' low bits).
inline void SplitNibbles(__m256i v, __m256i mask, __m256i* lo, __m256i* hi) {
  *lo = _mm256_and_si256(v, mask);
  *hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), mask);
}

// vpmaddubsw: per int16 lane, u0 * a0 + u1 * a1 of unsigned u and signed a
// bytes (saturating; callers keep the sums in range). vpmaddwd against ones
// then widens adjacent pairs to the int32 lane's sum of 4 products.
inline __m256i ProductPairs(__m256i u, __m256i a) { return _mm256_maddubs_epi16(u, a); }
inline __m256i WidenPairs(__m256i pairs) { return _mm256_madd_epi16(pairs, _mm256_set1_epi16(1)); }

// Holds v in a register at this point. Accumulators of an unrolled run pass
// through it after each addition: otherwise GCC first computes all of the
// run's products and then adds them up as a tree, spilling them to the stack.
inline void KeepInRegister(__m256i& v) { asm("" : "+x"(v)); }

// sum + product in int16, kept in a register.
inline __m256i AddPairs(__m256i sum, __m256i product) {
  sum = _mm256_add_epi16(sum, product);
  KeepInRegister(sum);
  return sum;
}

// Prefetches the kBytes / 64 lines from p on into L2: a pass calls it once
// per block with p kBytes further each time, so the calls cover the stream
// (decode_driver.h's PrefetchBlock also takes the line a lone unaligned
// block straddles, one prefetch more per block).
template <size_t kBytes>
inline void PrefetchLines(const char* p) {
  for (size_t o = 0; o < kBytes; o += 64) _mm_prefetch(p + o, _MM_HINT_T1);
}

// Prefetches slice i of kSlices of the kBytes bytes at p into L2, issued
// once `after` is computed. Without that tie GCC hoists the prefetches of
// all slices to the start of a block, and a burst of 30-40 prefetches lets
// far fewer lines stream in alongside the block's work (see
// PassPrefetchBytes in interleaved_avx2.cc).
template <size_t kBytes, int kSlices>
inline void PrefetchSlice(const char* p, int i, const __m256i& after) {
  constexpr size_t kLinesTotal = (kBytes + 63) / 64;
  for (size_t k = kLinesTotal * i / kSlices; k < kLinesTotal * (i + 1) / kSlices; ++k) {
    asm volatile("prefetcht1 %0" : : "m"(*(p + 64 * k)), "x"(after));
  }
}

// How many vpmaddubsw results of bytes u <= max_u (against |a| <= 128) add
// up in int16 without overflow.
constexpr int Int16Products(int max_u) { return 32767 / (2 * max_u * 128); }

// The value view V of each of H halves of a block's lines (half h at
// lines + 32h).
template <typename V, int H>
std::array<V, H> HalvesOf(const uint8_t* lines) {
  return [lines]<size_t... h>(std::index_sequence<h...>) {
    return std::array<V, H>{V(lines + 32 * h)...};
  }(std::make_index_sequence<H>());
}

// Runs step(0) .. step(7), the steps of a K super-block of kBytes bytes:
// rolled when a pass has kTile or more tokens (their sums and runs stay in
// registers; per-step operands come from memory), unrolled for fewer
// (constant shift counts and shuffle indices). step(i) returns a register
// its sums updated; in a pass over both halves (H == 2), slice i of 8 of
// the block's prefetch (kBytes bytes at `prefetch`) goes out after it, so
// the prefetches spread over the block's work. With kAheadOfStep the slice
// goes out just before step i instead, tied to nothing: tied to the sums,
// it waits for the step's loads, and a step whose lines missed then holds
// back the prefetches that hide the next misses. That costs most where a
// step reads many lines: Q6_K's read 12 (kernels_bench from memory,
// 262144x1536, 1 thread, 4 runs: Q6_K at 0.83-0.90 of Q4_K's rate tied,
// 0.94-0.98 ahead). Q2_K to Q5_K showed no consistent change and keep the
// tie. GCC 12 keeps the untied slices at the step boundaries (checked in
// the assembly: 6-7 prefetcht1 before each step's vpmaddubsw).
template <int T, int H, int kTile, size_t kBytes, bool kAheadOfStep, typename Step>
inline void RunSteps(const char* prefetch, Step&& step) {
  const auto run = [&](int i) {
    if constexpr (H == 2 && kAheadOfStep) PrefetchSlice<kBytes, 8>(prefetch, i, _mm256_setzero_si256());
    const __m256i done = step(i);
    if constexpr (H == 2 && !kAheadOfStep) PrefetchSlice<kBytes, 8>(prefetch, i, done);
  };
  if constexpr (T >= kTile) {
#pragma GCC unroll 1
    for (int i = 0; i < 8; ++i) run(i);
  } else {
#pragma GCC unroll 8
    for (int i = 0; i < 8; ++i) run(i);
  }
}

// acc[h][t] += sum[h][t] * d * d_a: d the 8 F16 values of half h's head field
// (head + 16h), d_a token t's scale of activation group `group`.
template <int T, int H>
inline void AddScaledSums(const uint8_t* head, const TokenActs* tok, int64_t group, const __m256i (*sum)[T],
                          __m256 (*acc)[T]) {
  for (int h = 0; h < H; ++h) {
    const __m256 d = Halves(head + 16 * h);
    for (int t = 0; t < T; ++t) {
      const __m256 scale = _mm256_mul_ps(d, _mm256_set1_ps(tok[t].da[group]));
      acc[h][t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sum[h][t]), scale, acc[h][t]);
    }
  }
}

// acc[t] -= mins[t] * dmin * d_a for the T tokens: dmin the 8 F16 values of
// a half's dmin field, d_a token t's scale of activation group `group`.
template <int T>
inline void SubtractScaledMins(const uint8_t* dmin_field, const TokenActs* tok, int64_t group, const __m256i* mins,
                               __m256* acc) {
  const __m256 dmin = Halves(dmin_field);
  for (int t = 0; t < T; ++t) {
    const __m256 scale = _mm256_mul_ps(dmin, _mm256_set1_ps(tok[t].da[group]));
    acc[t] = _mm256_fnmadd_ps(_mm256_cvtepi32_ps(mins[t]), scale, acc[t]);
  }
}

// A block kind K: kElements per block, kGroups activation groups per block,
// kHeadBytes and kLines as in interleave.h, kTile tokens per pass, and
//   template <int T, int H> static void Block(const uint8_t* head,
//       const uint8_t* lines, const TokenActs* tok, int64_t b,
//       const char* prefetch, __m256 (*acc)[T])
// which adds block b's products for the 8 rows of each of H halves (head
// and lines offset to the first; half h's fields 16h and 32h bytes on) to
// acc[h][t] for the T tokens tok[0..T). A pass over both halves (H == 2)
// also prefetches the block's size (64 * kLines + kHeadBytes) of bytes at
// `prefetch` while it computes; other passes get null. A line is loaded
// and unpacked once for the T tokens, an activation word broadcast once for
// the H halves.

}  // namespace dm::kernels::interleaved_avx2
