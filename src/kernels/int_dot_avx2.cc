// AVX2 integer path: each weight row is unpacked once (unpack_avx2.cc) into
// a per-thread buffer and then dotted with every token's int8 activations;
// Q4_0, Q8_0, Q4_K and Q6_K decode (up to kDecodeMaxTokens) use the fused
// kernels of decode_legacy_avx2.cc and decode_k_avx2.cc instead.
// Per group, vpmaddubsw + vpmaddwd give the exact integer sum of u * a, which
// is scaled by ws * da; the min / offset term is sum_g mw * sa (int_path.h).
// Types whose u reaches 255 (Q8_0, IQ4_NL) would saturate vpmaddubsw, so
// their bytes are taken as signed (u - 128) with the sign trick; then the
// offset term mw = -128 ws cancels exactly and is skipped.
#include <immintrin.h>

#include <vector>

#include "kernels/decode_avx2.h"
#include "kernels/kernel_table.h"
#include "kernels/vec_avx2.h"

namespace dm::kernels {
namespace {

using avx2::HorizontalSum;

// 8 int32 lanes, lane i = sum of 4 products u[4i..4i+3] * a[4i..4i+3].
template <bool kSigned>
inline __m256i DotLanes(__m256i u, __m256i a) {
  __m256i p;
  if constexpr (kSigned) {
    const __m256i w = _mm256_xor_si256(u, _mm256_set1_epi8(static_cast<char>(0x80)));
    p = _mm256_maddubs_epi16(_mm256_sign_epi8(w, w), _mm256_sign_epi8(a, w));
  } else {
    p = _mm256_maddubs_epi16(u, a);
  }
  return _mm256_madd_epi16(p, _mm256_set1_epi16(1));
}

template <int G, bool kSigned>
float Dot(const uint8_t* u, const float* ws, const float* mw, const uint8_t* act, const ActLayout& l, int64_t groups) {
  const auto* q = reinterpret_cast<const int8_t*>(act);
  const auto* da = reinterpret_cast<const float*>(act + l.da_off);
  const auto* sa = reinterpret_cast<const float*>(act + l.sa_off);
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
  if constexpr (G == 32) {
    int64_t g = 0;
    for (; g + 2 <= groups; g += 2) {
      const __m256i d0 = DotLanes<kSigned>(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(u + 32 * g)),
                                           _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + 32 * g)));
      const __m256i d1 = DotLanes<kSigned>(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(u + 32 * g + 32)),
                                           _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + 32 * g + 32)));
      acc0 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(d0), _mm256_set1_ps(ws[g] * da[g]), acc0);
      acc1 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(d1), _mm256_set1_ps(ws[g + 1] * da[g + 1]), acc1);
    }
    if (g < groups) {
      const __m256i d0 = DotLanes<kSigned>(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(u + 32 * g)),
                                           _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + 32 * g)));
      acc0 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(d0), _mm256_set1_ps(ws[g] * da[g]), acc0);
    }
  } else {  // G == 16: one vector holds two groups (lanes 0-3 and 4-7)
    for (int64_t g = 0; g < groups; g += 2) {
      const __m256i d = DotLanes<kSigned>(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(u + 16 * g)),
                                          _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + 16 * g)));
      const __m256 s = _mm256_set_m128(_mm_set1_ps(ws[g + 1] * da[g + 1]), _mm_set1_ps(ws[g] * da[g]));
      acc0 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(d), s, acc0);
    }
  }
  float total = HorizontalSum(_mm256_add_ps(acc0, acc1));
  if constexpr (!kSigned) {
    __m256 m = _mm256_setzero_ps();
    int64_t g = 0;
    for (; g + 8 <= groups; g += 8) m = _mm256_fmadd_ps(_mm256_loadu_ps(mw + g), _mm256_loadu_ps(sa + g), m);
    for (; g < groups; ++g) total += mw[g] * sa[g];
    total += HorizontalSum(m);
  }
  return total;
}

using DotFn = float (*)(const uint8_t*, const float*, const float*, const uint8_t*, const ActLayout&, int64_t);

DotFn PickDot(const IntWeightType& t) {
  if (t.group == 16) return Dot<16, false>;
  return t.max_u > 127 ? Dot<32, true> : Dot<32, false>;
}

struct RowBuffers {
  std::vector<uint8_t> u;
  std::vector<float> ws, mw;
};

}  // namespace

void Avx2IntRowRange(const MatMulArgs& a, int64_t r0, int64_t r1) {
  if (a.n_tokens <= kDecodeMaxTokens) {
    if (const RowRangeFn fused = Avx2LegacyDecode(a.int_type->type)) return fused(a, r0, r1);
    if (const RowRangeFn fused_k = Avx2KDecode(a.int_type->type)) return fused_k(a, r0, r1);
  }
  const IntWeightType& t = *a.int_type;
  const int64_t block = GetGgmlType(t.type).block_size;
  const int64_t groups = a.cols / t.group;
  thread_local RowBuffers buf;
  buf.u.resize(static_cast<size_t>(a.cols) + 64);
  buf.ws.resize(static_cast<size_t>(groups) + 16);
  buf.mw.resize(static_cast<size_t>(groups) + 16);
  const DotFn dot = PickDot(t);
  for (int64_t r = r0; r < r1; ++r) {
    t.unpack(a.w + static_cast<size_t>(r) * a.w_row_bytes, 0, a.cols / block, buf.u.data(), buf.ws.data(),
             buf.mw.data());
    for (int64_t tok = 0; tok < a.n_tokens; ++tok) {
      a.y[tok * a.y_stride + r] = dot(buf.u.data(), buf.ws.data(), buf.mw.data(),
                                      a.act + static_cast<size_t>(tok) * a.act_row_bytes, a.act_layout, groups);
    }
  }
}

}  // namespace dm::kernels
