// AVX2 + FMA + F16C kernels for the float weight types (F32, F16, BF16) and
// their activation converters. Products are formed in F32 from the F16/BF16
// values, as the scalar reference does; only the summation order differs.
// The AVX-512 path uses these as well.
#include <immintrin.h>

#include <algorithm>

#include "kernels/half.h"
#include "kernels/kernel_table.h"
#include "kernels/vec_avx2.h"

namespace dm::kernels {
namespace {

using avx2::HorizontalSum;

struct F32Load {
  using Elem = float;
  static __m256 Load(const float* p) { return _mm256_loadu_ps(p); }
  static float Scalar(float v) { return v; }
};
struct F16Load {
  using Elem = uint16_t;
  static __m256 Load(const uint16_t* p) { return avx2::LoadF16(p); }
  static float Scalar(uint16_t v) { return F16ToF32(v); }
};
struct Bf16Load {
  using Elem = uint16_t;
  static __m256 Load(const uint16_t* p) {
    const __m256i w = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    return _mm256_castsi256_ps(_mm256_slli_epi32(w, 16));
  }
  static float Scalar(uint16_t v) { return Bf16ToF32(v); }
};

// Four weight rows against one activation row: 4 dot products.
template <typename L>
void Dot4(const typename L::Elem* const* w, int nrows, const typename L::Elem* x, int64_t n, float* out) {
  __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 xv = L::Load(x + i);
    for (int r = 0; r < nrows; ++r) acc[r] = _mm256_fmadd_ps(L::Load(w[r] + i), xv, acc[r]);
  }
  for (int r = 0; r < nrows; ++r) {
    float s = HorizontalSum(acc[r]);
    for (int64_t j = i; j < n; ++j) s += L::Scalar(w[r][j]) * L::Scalar(x[j]);
    out[r] = s;
  }
}

template <typename L>
void FloatRowRange(const MatMulArgs& a, int64_t r0, int64_t r1) {
  using E = typename L::Elem;
  for (int64_t rb = r0; rb < r1; rb += 4) {
    const int nrows = static_cast<int>(std::min<int64_t>(4, r1 - rb));
    const E* w[4];
    for (int r = 0; r < nrows; ++r)
      w[r] = reinterpret_cast<const E*>(a.w + static_cast<size_t>(rb + r) * a.w_row_bytes);
    for (int64_t t = 0; t < a.n_tokens; ++t) {
      float out[4];
      Dot4<L>(w, nrows, reinterpret_cast<const E*>(a.act + static_cast<size_t>(t) * a.act_row_bytes), a.cols, out);
      for (int r = 0; r < nrows; ++r) a.y[t * a.y_stride + rb + r] = out[r];
    }
  }
}

void ToF16(const float* src, void* dst, int64_t n) {
  auto* out = static_cast<uint16_t*>(dst);
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i),
                     _mm256_cvtps_ph(_mm256_loadu_ps(src + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
  }
  for (; i < n; ++i) out[i] = F32ToF16(src[i]);
}

// Round to nearest even on the top 16 bits; NaNs take the scalar route.
void ToBf16(const float* src, void* dst, int64_t n) {
  auto* out = static_cast<uint16_t*>(dst);
  int64_t i = 0;
  const __m256i bias = _mm256_set1_epi32(0x7fff), one = _mm256_set1_epi32(1);
  for (; i + 8 <= n; i += 8) {
    const __m256 v = _mm256_loadu_ps(src + i);
    if (_mm256_movemask_ps(_mm256_cmp_ps(v, v, _CMP_UNORD_Q)) != 0) {
      for (int j = 0; j < 8; ++j) out[i + j] = F32ToBf16(src[i + j]);
      continue;
    }
    const __m256i x = _mm256_castps_si256(v);
    const __m256i r = _mm256_srli_epi32(
        _mm256_add_epi32(_mm256_add_epi32(x, bias), _mm256_and_si256(_mm256_srli_epi32(x, 16), one)), 16);
    const __m128i packed = _mm_packus_epi32(_mm256_castsi256_si128(r), _mm256_extracti128_si256(r, 1));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), packed);
  }
  for (; i < n; ++i) out[i] = F32ToBf16(src[i]);
}

}  // namespace

RowRangeFn Avx2RowRange(GgmlType type) {
  switch (type) {
    case GgmlType::kF32:
      return FloatRowRange<F32Load>;
    case GgmlType::kF16:
      return FloatRowRange<F16Load>;
    case GgmlType::kBF16:
      return FloatRowRange<Bf16Load>;
    default:
      return nullptr;
  }
}

QuantizeRowFn Avx2ActQuantizer(GgmlType act_type) {
  switch (act_type) {
    case GgmlType::kF16:
      return ToF16;
    case GgmlType::kBF16:
      return ToBf16;
    default:
      return nullptr;
  }
}

}  // namespace dm::kernels
