// AVX-512 VNNI decode kernels for the 32-element block types Q4_0, Q5_0 and
// Q8_0 (driver and contract in decode_avx512.h).
//
// One step covers 64 bytes of quantized values: 4 blocks of 4-/5-bit values
// or 2 blocks of Q8_0. Per row, two overlapping unaligned loads v0, v1 cover
// the step's blocks; one vpermt2w gathers their value bytes into a register
// and one more vpermt2w + vcvtph2ps spread each block's F16 scale d over the
// block's int32 lanes. vpdpbusd sums u * a per 4 bytes, starting from the
// bias -offset * isum in the block's first lane, so each block's lanes add up
// to the exact sum of (u - offset) * a (int_path.h); the lanes are then
// scaled by d_w * d_a and accumulated in float. Activation loads, their
// regrouping to the nibble order, the biases and d_a are formed once per step
// for all rows of the group.
#include "kernels/avx512_intrinsics.h"  // first: see there

#include <cstdint>

#include "kernels/blocks.h"
#include "kernels/decode_avx512.h"

namespace dm::kernels {
namespace {

inline __mmask64 ByteMask(int64_t n) { return n <= 0 ? 0 : n >= 64 ? ~__mmask64{0} : (__mmask64{1} << n) - 1; }

struct WordIdx {
  alignas(64) uint16_t w[32];
};

// A block type's step: kBytes per block, value bytes from word kQsWord of
// each block, kQsWords value words per block, kBlocks blocks per step; v0
// holds the step's words [0, 32), v1 its words [kShift, kShift + 32).
template <int kBytes, int kQsWord, int kQsWords, int kBlocks_, int kShift>
struct Shape {
  static constexpr int kBlocks = kBlocks_;
  static constexpr int kBlockBytes = kBytes;
  static constexpr int kBlockWords = kBytes / 2;
  static constexpr int kV1Byte = 2 * kShift;
  static_assert(kBytes * kBlocks <= kV1Byte + 64 && kV1Byte <= 64);

  // permutex2var index of the step's word s.
  static constexpr uint16_t Pick(int s) { return static_cast<uint16_t>(s < 32 ? s : 32 + s - kShift); }
  static constexpr WordIdx Qs() {  // value bytes of the step's blocks, in block order
    WordIdx r{};
    for (int k = 0; k < 32; ++k) r.w[k] = Pick(kBlockWords * (k / kQsWords) + kQsWord + k % kQsWords);
    return r;
  }
  static constexpr WordIdx D() {  // word k < 16: d of the block int32 lane k belongs to
    WordIdx r{};
    for (int k = 0; k < 16; ++k) r.w[k] = Pick(kBlockWords * (k / (16 / kBlocks)));
    return r;
  }
  static constexpr WordIdx kQs = Qs();
  static constexpr WordIdx kD = D();

  // The step's weights of one row; bytes past `bytes` (a tail step) read as 0.
  template <bool kTail>
  static void Load(const uint8_t* p, int64_t bytes, __m512i& v0, __m512i& v1) {
    if constexpr (kTail) {
      v0 = _mm512_maskz_loadu_epi8(ByteMask(bytes), p);
      v1 = _mm512_maskz_loadu_epi8(ByteMask(bytes - kV1Byte), p + kV1Byte);
    } else {
      v0 = _mm512_loadu_si512(p);
      v1 = _mm512_loadu_si512(p + kV1Byte);
    }
  }
};

inline __m512i LoadIdx(const WordIdx& i) { return _mm512_load_si512(i.w); }

// Per-step activation terms shared by the rows: the int8 values (a_lo /
// a_hi match the weight bytes' low / high nibbles; Q8_0 uses a_lo only),
// the int32 bias in each block's first lane and d_a over each block's lanes.
struct StepAct {
  __m512i a_lo, a_hi, bias;
  __m512 da;
};

// Activations of blocks [b, b + t), t <= kBlocks; bias = -(isum << shift).
template <int kBlocks, bool kTail>
inline StepAct MakeStepAct(const DecodeAct& x, int64_t b, int t, int shift) {
  const int8_t* q = x.q + kQK * b;
  const auto m = static_cast<__mmask8>((1u << t) - 1);
  const __m512i a0 = kTail ? _mm512_maskz_loadu_epi8(ByteMask(kQK * t), q) : _mm512_loadu_si512(q);
  const __m128i isum = _mm_maskz_loadu_epi32(m, x.isum + b);
  const __m128 da = _mm_maskz_loadu_ps(m, x.da + b);
  StepAct s;
  __m512i lanes;
  __mmask16 first;
  if constexpr (kBlocks == 4) {  // lane i of a_lo: elements 0..15 of block i; of a_hi: 16..31
    const __m512i a1 = kTail ? _mm512_maskz_loadu_epi8(ByteMask(kQK * t - 64), q + 64) : _mm512_loadu_si512(q + 64);
    s.a_lo = _mm512_shuffle_i64x2(a0, a1, _MM_SHUFFLE(2, 0, 2, 0));
    s.a_hi = _mm512_shuffle_i64x2(a0, a1, _MM_SHUFFLE(3, 1, 3, 1));
    lanes = _mm512_set_epi32(3, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 0, 0, 0, 0);
    first = 0x1111;
  } else {
    s.a_lo = s.a_hi = a0;
    lanes = _mm512_set_epi32(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0);
    first = 0x0101;
  }
  const __m512i spread = _mm512_maskz_permutexvar_epi32(first, lanes, _mm512_castsi128_si512(isum));
  s.bias = _mm512_sub_epi32(_mm512_setzero_si512(), _mm512_sll_epi32(spread, _mm_cvtsi32_si128(shift)));
  s.da = _mm512_permutexvar_ps(lanes, _mm512_castps128_ps512(da));
  return s;
}

// Q4_0: 18-byte blocks, 4 per step (72 bytes), offset 8.
struct Q4_0 {
  using S = Shape<18, 1, 8, 4, 4>;
  static constexpr int kOffsetShift = 3;
  static __m512i Sums(__m512i v0, __m512i v1, const StepAct& s) {
    const __m512i m4 = _mm512_set1_epi8(0x0f);
    const __m512i qs = _mm512_permutex2var_epi16(v0, LoadIdx(S::kQs), v1);
    const __m512i lo = _mm512_and_si512(qs, m4);
    const __m512i hi = _mm512_and_si512(_mm512_srli_epi16(qs, 4), m4);
    return _mm512_dpbusd_epi32(_mm512_dpbusd_epi32(s.bias, lo, s.a_lo), hi, s.a_hi);
  }
};

// Q5_0: 22-byte blocks (d, qh[4], qs[16]), 4 per step (88 bytes), offset 16.
// Bit 4 of element e is bit e of qh; the step's qh words, gathered like the
// values, are the byte masks of the low (elements 0..15) and high halves.
using Q5_0Shape = Shape<22, 3, 8, 4, 12>;
constexpr WordIdx Q5_0Qh() {  // words 0..3: bits 0..15 of the blocks' qh; words 4..7: bits 16..31
  WordIdx r{};
  for (int k = 0; k < 8; ++k) r.w[k] = Q5_0Shape::Pick(Q5_0Shape::kBlockWords * (k % 4) + 1 + k / 4);
  return r;
}
struct Q5_0 {
  using S = Q5_0Shape;
  static constexpr int kOffsetShift = 4;
  static constexpr WordIdx kQh = Q5_0Qh();
  static __m512i Sums(__m512i v0, __m512i v1, const StepAct& s) {
    const __m512i m4 = _mm512_set1_epi8(0x0f), bit4 = _mm512_set1_epi8(0x10);
    const __m512i qs = _mm512_permutex2var_epi16(v0, LoadIdx(S::kQs), v1);
    const __m128i qh = _mm512_castsi512_si128(_mm512_permutex2var_epi16(v0, LoadIdx(kQh), v1));
    const __mmask64 k_lo = _cvtu64_mask64(static_cast<uint64_t>(_mm_cvtsi128_si64(qh)));
    const __mmask64 k_hi = _cvtu64_mask64(static_cast<uint64_t>(_mm_extract_epi64(qh, 1)));
    const __m512i lo = _mm512_and_si512(qs, m4);
    const __m512i hi = _mm512_and_si512(_mm512_srli_epi16(qs, 4), m4);
    return _mm512_dpbusd_epi32(_mm512_dpbusd_epi32(s.bias, _mm512_mask_add_epi8(lo, k_lo, lo, bit4), s.a_lo),
                               _mm512_mask_add_epi8(hi, k_hi, hi, bit4), s.a_hi);
  }
};

// Q8_0: 34-byte blocks, 2 per step (68 bytes); u = q + 128 (sign bit
// flipped), offset 128.
struct Q8_0 {
  using S = Shape<34, 1, 16, 2, 2>;
  static constexpr int kOffsetShift = 7;
  static __m512i Sums(__m512i v0, __m512i v1, const StepAct& s) {
    const __m512i qs = _mm512_permutex2var_epi16(v0, LoadIdx(S::kQs), v1);
    return _mm512_dpbusd_epi32(s.bias, _mm512_xor_si512(qs, _mm512_set1_epi8(static_cast<char>(0x80))), s.a_lo);
  }
};

template <typename K>
struct Legacy {
  using S = typename K::S;

  template <int R, bool kTail>
  static void Step(const uint8_t* const* w, int64_t ahead, int64_t b, int t, const DecodeAct& x, __m512* acc) {
    const StepAct s = MakeStepAct<S::kBlocks, kTail>(x, b, t, K::kOffsetShift);
    const __m512i d_idx = LoadIdx(S::kD);
    for (int i = 0; i < R; ++i) {
      const uint8_t* p = w[i] + S::kBlockBytes * b;
      if constexpr (!kTail) {  // the step spans up to 2 lines
        _mm_prefetch(reinterpret_cast<const char*>(p + ahead), _MM_HINT_T1);
        _mm_prefetch(reinterpret_cast<const char*>(p + ahead + 63), _MM_HINT_T1);
      }
      __m512i v0, v1;
      S::template Load<kTail>(p, S::kBlockBytes * t, v0, v1);
      const __m512 dw = _mm512_cvtph_ps(_mm512_castsi512_si256(_mm512_permutex2var_epi16(v0, d_idx, v1)));
      acc[i] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(K::Sums(v0, v1, s)), _mm512_mul_ps(dw, s.da), acc[i]);
    }
  }

  template <int R>
  static void Rows(const uint8_t* const* w, int64_t ahead, int64_t cols, const DecodeAct& x, float* out) {
    const int64_t nb = cols / kQK;
    __m512 acc[R];
    for (int i = 0; i < R; ++i) acc[i] = _mm512_setzero_ps();
    int64_t b = 0;
    for (; b + S::kBlocks <= nb; b += S::kBlocks) Step<R, false>(w, ahead, b, S::kBlocks, x, acc);
    if (b < nb) Step<R, true>(w, ahead, b, static_cast<int>(nb - b), x, acc);
    StoreRowSums<R>(acc, out);
  }
};

}  // namespace

RowRangeFn Avx512LegacyDecode(GgmlType type) {
  switch (type) {
    case GgmlType::kQ4_0:
      return DecodeRowRange<Legacy<Q4_0>>;
    case GgmlType::kQ5_0:
      return DecodeRowRange<Legacy<Q5_0>>;
    case GgmlType::kQ8_0:
      return DecodeRowRange<Legacy<Q8_0>>;
    default:
      return nullptr;
  }
}

}  // namespace dm::kernels
