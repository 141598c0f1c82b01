// AVX-512 VNNI integer path (int_path.h gives the arithmetic).
//
// Few tokens (decode): Q4_0, Q5_0, Q8_0, Q4_K and Q6_K use the fused
// row-group kernels of decode_*_avx512.cc; other types unpack each weight row
// once into a per-thread buffer and dot it with every token: vpdpbusd sums
// u * a exactly per group, the int32 lanes are scaled by ws * da and
// accumulated in float.
// Many tokens (prefill): a blocked GEMM. 16 weight rows are unpacked and
// interleaved into a panel whose 64-byte line k4 holds bytes 4*k4..4*k4+3 of
// rows 0..15 (row-major within the line); the micro-kernel keeps 16 rows x 8
// tokens of int32 sums in registers, multiplying each panel line with a
// broadcast of 4 activation bytes per token, and folds the sums into float
// accumulators once per group.
#include "kernels/avx512_intrinsics.h"  // first: see there

#include <algorithm>
#include <cstring>
#include <vector>

#include "kernels/decode_avx512.h"
#include "kernels/kernel_table.h"

namespace dm::kernels {
namespace {

constexpr int kTileRows = 16;
constexpr int kTileTokens = 8;

template <typename T>
struct AlignedBuffer {
  std::vector<T> storage;
  T* get(size_t n) {
    if (storage.size() < n + 64 / sizeof(T)) storage.resize(n + 64 / sizeof(T));
    auto p = reinterpret_cast<uintptr_t>(storage.data());
    return reinterpret_cast<T*>(p + ((64 - (p & 63)) & 63));
  }
};

// ---- few tokens: one unpacked row times one activation row ----

inline float HorizontalSum(__m512 v) {
  const __m256 h = _mm256_add_ps(_mm512_castps512_ps256(v), _mm512_extractf32x8_ps(v, 1));
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

template <int G>
float Dot(const uint8_t* u, const float* ws, const float* mw, const TokenActs& x, int64_t groups, float* scd) {
  // scd[g] = ws[g] * da[g], padded with zeros to a multiple of 16.
  const int64_t padded = (groups + 15) & ~int64_t{15};
  __m512 mins = _mm512_setzero_ps();
  for (int64_t g = 0; g < padded; g += 16) {
    const __mmask16 m = groups - g >= 16 ? __mmask16(0xffff) : static_cast<__mmask16>((1u << (groups - g)) - 1);
    const __m512 w = _mm512_maskz_loadu_ps(m, ws + g);
    _mm512_store_ps(scd + g, _mm512_mul_ps(w, _mm512_maskz_loadu_ps(m, x.da + g)));
    mins = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, mw + g), _mm512_maskz_loadu_ps(m, x.sa + g), mins);
  }
  __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
  const int64_t n = groups * G;
  // Lane l of a 64-byte step belongs to group (l * 4) / G of the step.
  const __m512i idx = G == 32 ? _mm512_set_epi32(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0)
                              : _mm512_set_epi32(3, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 0, 0, 0, 0);
  constexpr int kGroupsPerStep = 64 / G;
  int64_t e = 0;
  for (; e + 128 <= n; e += 128) {
    const __m512i d0 =
        _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_loadu_si512(u + e), _mm512_loadu_si512(x.q + e));
    const __m512i d1 =
        _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_loadu_si512(u + e + 64), _mm512_loadu_si512(x.q + e + 64));
    const __m512 s0 = _mm512_permutexvar_ps(idx, _mm512_zextps128_ps512(_mm_loadu_ps(scd + e / G)));
    const __m512 s1 = _mm512_permutexvar_ps(idx, _mm512_zextps128_ps512(_mm_loadu_ps(scd + e / G + kGroupsPerStep)));
    acc0 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(d0), s0, acc0);
    acc1 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(d1), s1, acc1);
  }
  for (; e < n; e += 64) {
    const __mmask64 m = n - e >= 64 ? ~__mmask64{0} : ((__mmask64{1} << (n - e)) - 1);
    const __m512i d = _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_maskz_loadu_epi8(m, u + e),
                                          _mm512_maskz_loadu_epi8(m, x.q + e));
    const __m512 s = _mm512_permutexvar_ps(idx, _mm512_zextps128_ps512(_mm_loadu_ps(scd + e / G)));
    acc0 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(d), s, acc0);
  }
  return HorizontalSum(_mm512_add_ps(_mm512_add_ps(acc0, acc1), mins));
}

struct RowBuffers {
  AlignedBuffer<uint8_t> u;
  AlignedBuffer<float> ws, mw, scd;
};

void FewTokens(const MatMulArgs& a, int64_t r0, int64_t r1) {
  const IntWeightType& t = *a.int_type;
  const int64_t block = GetGgmlType(t.type).block_size;
  const int64_t groups = a.cols / t.group;
  thread_local RowBuffers buf;
  uint8_t* u = buf.u.get(static_cast<size_t>(a.cols) + 64);
  float* ws = buf.ws.get(static_cast<size_t>(groups) + 16);
  float* mw = buf.mw.get(static_cast<size_t>(groups) + 16);
  float* scd = buf.scd.get(static_cast<size_t>(groups) + 32);
  std::fill(scd, scd + groups + 32, 0.0f);
  auto dot = t.group == 32 ? Dot<32> : Dot<16>;
  for (int64_t r = r0; r < r1; ++r) {
    const uint8_t* row = a.w + static_cast<size_t>(r) * a.w_row_bytes;
    if (r + 1 < r1) {  // the unpacker reads a row linearly; prefetch the next one's start
      _mm_prefetch(reinterpret_cast<const char*>(row + a.w_row_bytes), _MM_HINT_T0);
    }
    t.unpack(row, 0, a.cols / block, u, ws, mw);
    for (int64_t tok = 0; tok < a.n_tokens; ++tok) {
      a.y[tok * a.y_stride + r] = dot(u, ws, mw, TokenActsAt(a, tok), groups, scd);
    }
  }
}

// ---- many tokens: blocked GEMM ----

// Panel of kTileRows rows: bytes[(k / 4) * 64 + row * 4 + k % 4], and per
// group g the 16 row scales wsT[g * 16 + row] and mins mwT[g * 16 + row].
struct Panel {
  AlignedBuffer<uint8_t> bytes, rows;
  AlignedBuffer<float> wsT, mwT, ws, mw;
};

void BuildPanel(const MatMulArgs& a, int64_t r0, int nrows, Panel& p, uint8_t*& bytes, float*& wsT, float*& mwT) {
  const IntWeightType& t = *a.int_type;
  const int64_t block = GetGgmlType(t.type).block_size;
  const int64_t groups = a.cols / t.group;
  const size_t cols = static_cast<size_t>(a.cols);
  uint8_t* rows = p.rows.get(cols * kTileRows);
  float* ws = p.ws.get(static_cast<size_t>(groups) * kTileRows);
  float* mw = p.mw.get(static_cast<size_t>(groups) * kTileRows);
  bytes = p.bytes.get(cols * kTileRows);
  wsT = p.wsT.get(static_cast<size_t>(groups) * kTileRows);
  mwT = p.mwT.get(static_cast<size_t>(groups) * kTileRows);
  for (int r = 0; r < nrows; ++r) {
    t.unpack(a.w + static_cast<size_t>(r0 + r) * a.w_row_bytes, 0, a.cols / block, rows + r * cols, ws + r * groups,
             mw + r * groups);
  }
  if (nrows < kTileRows) {  // rows past the end contribute zeros (never stored)
    std::memset(rows + nrows * cols, 0, (kTileRows - nrows) * cols);
    std::fill(ws + nrows * groups, ws + kTileRows * groups, 0.0f);
    std::fill(mw + nrows * groups, mw + kTileRows * groups, 0.0f);
  }
  // Interleave 4-byte words: 16 rows x (cols / 4) -> (cols / 4) x 16.
  const int64_t words = a.cols / 4;
  auto* out = reinterpret_cast<uint32_t*>(bytes);
  for (int r = 0; r < kTileRows; ++r) {
    const auto* in = reinterpret_cast<const uint32_t*>(rows + r * cols);
    for (int64_t k4 = 0; k4 < words; ++k4) out[k4 * kTileRows + r] = in[k4];
  }
  for (int r = 0; r < kTileRows; ++r) {
    for (int64_t g = 0; g < groups; ++g) {
      wsT[g * kTileRows + r] = ws[r * groups + g];
      mwT[g * kTileRows + r] = mw[r * groups + g];
    }
  }
}

// kOffset: the type's mins are a pure offset (IntWeightType::offset), so the
// int32 sums start at -offset * isum and no float min term is needed.
template <int NT, int G, bool kOffset>
void MicroKernel(const uint8_t* panel, const float* wsT, const float* mwT, int offset, int64_t groups, const TokenActs* x,
                 float* const* y, __mmask16 store_mask) {
  __m512 facc[NT];
  for (int i = 0; i < NT; ++i) facc[i] = _mm512_setzero_ps();
  for (int64_t g = 0; g < groups; ++g) {
    __m512i acc[NT];
    for (int i = 0; i < NT; ++i) acc[i] = kOffset ? _mm512_set1_epi32(-offset * x[i].isum[g]) : _mm512_setzero_si512();
    const uint8_t* line = panel + g * (G / 4) * 64;
    for (int k4 = 0; k4 < G / 4; ++k4) {
      const __m512i wv = _mm512_load_si512(line + k4 * 64);
      for (int i = 0; i < NT; ++i) {
        int32_t a4;
        std::memcpy(&a4, x[i].q + g * G + 4 * k4, 4);
        acc[i] = _mm512_dpbusd_epi32(acc[i], wv, _mm512_set1_epi32(a4));
      }
    }
    const __m512 wsv = _mm512_load_ps(wsT + g * kTileRows);
    for (int i = 0; i < NT; ++i) {
      facc[i] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(acc[i]), _mm512_mul_ps(wsv, _mm512_set1_ps(x[i].da[g])), facc[i]);
    }
    if constexpr (!kOffset) {
      const __m512 mwv = _mm512_load_ps(mwT + g * kTileRows);
      for (int i = 0; i < NT; ++i) facc[i] = _mm512_fmadd_ps(mwv, _mm512_set1_ps(x[i].sa[g]), facc[i]);
    }
  }
  for (int i = 0; i < NT; ++i) _mm512_mask_storeu_ps(y[i], store_mask, facc[i]);
}

template <int G, bool kOffset>
void RunTokens(const uint8_t* panel, const float* wsT, const float* mwT, int offset, int64_t groups, const TokenActs* x,
               float* const* y, int nt, __mmask16 mask) {
  switch (nt) {
    case 8:
      return MicroKernel<8, G, kOffset>(panel, wsT, mwT, offset, groups, x, y, mask);
    case 7:
      return MicroKernel<7, G, kOffset>(panel, wsT, mwT, offset, groups, x, y, mask);
    case 6:
      return MicroKernel<6, G, kOffset>(panel, wsT, mwT, offset, groups, x, y, mask);
    case 5:
      return MicroKernel<5, G, kOffset>(panel, wsT, mwT, offset, groups, x, y, mask);
    case 4:
      return MicroKernel<4, G, kOffset>(panel, wsT, mwT, offset, groups, x, y, mask);
    case 3:
      return MicroKernel<3, G, kOffset>(panel, wsT, mwT, offset, groups, x, y, mask);
    case 2:
      return MicroKernel<2, G, kOffset>(panel, wsT, mwT, offset, groups, x, y, mask);
    default:
      return MicroKernel<1, G, kOffset>(panel, wsT, mwT, offset, groups, x, y, mask);
  }
}

void Gemm(const MatMulArgs& a, int64_t r0, int64_t r1) {
  thread_local Panel panel;
  const int G = a.int_type->group;
  const int64_t groups = a.cols / G;
  for (int64_t rt = r0; rt < r1; rt += kTileRows) {
    const int nrows = static_cast<int>(std::min<int64_t>(kTileRows, r1 - rt));
    uint8_t* bytes;
    float *wsT, *mwT;
    BuildPanel(a, rt, nrows, panel, bytes, wsT, mwT);
    const auto mask = static_cast<__mmask16>((1u << nrows) - 1);
    for (int64_t t0 = 0; t0 < a.n_tokens; t0 += kTileTokens) {
      const int nt = static_cast<int>(std::min<int64_t>(kTileTokens, a.n_tokens - t0));
      TokenActs x[kTileTokens];
      float* y[kTileTokens];
      for (int i = 0; i < nt; ++i) {
        x[i] = TokenActsAt(a, t0 + i);
        y[i] = a.y + (t0 + i) * a.y_stride + rt;
      }
      const int off = a.int_type->offset;
      if (G == 32) {
        (off > 0 ? RunTokens<32, true> : RunTokens<32, false>)(bytes, wsT, mwT, off, groups, x, y, nt, mask);
      } else {
        (off > 0 ? RunTokens<16, true> : RunTokens<16, false>)(bytes, wsT, mwT, off, groups, x, y, nt, mask);
      }
    }
  }
}

}  // namespace

void Avx512IntRowRange(const MatMulArgs& a, int64_t r0, int64_t r1) {
  if (a.n_tokens > kDecodeMaxTokens) {  // the GEMM pays for building panels
    Gemm(a, r0, r1);
  } else if (const RowRangeFn fused = Avx512LegacyDecode(a.int_type->type)) {
    fused(a, r0, r1);
  } else if (const RowRangeFn fused_k = Avx512KDecode(a.int_type->type)) {
    fused_k(a, r0, r1);
  } else {
    FewTokens(a, r0, r1);
  }
}

}  // namespace dm::kernels
