// Scalar reference dot products: one weight row with one activation row in
// the weight type's activation format. Integer products are summed per block
// (or per sub-block for K types) and scaled once, exactly like the reference
// CPU backend; only the float summation order may differ in other paths.
#include <cstring>

#include "kernels/blocks.h"
#include "kernels/half.h"
#include "kernels/kernel_table.h"

namespace dm::kernels {

namespace {

// Float rows: sum_i w_i * a_i, with both stored as T and widened by `to_f32`.
template <typename T, float (*to_f32)(T)>
float FloatDot(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const T*>(w);
  const auto* y = static_cast<const T*>(a);
  float s = 0.0f;
  for (int64_t i = 0; i < n; ++i) s += to_f32(x[i]) * to_f32(y[i]);
  return s;
}

float Identity(float v) { return v; }

// Legacy 32-element blocks: per block d_w * d_a * sum_j q_j * a_j, where
// `quant(x, j)` is weight element j's integer (offset already applied), plus
// m_w * s_a for the types that store a minimum (Q4_1, Q5_1 with Q8_1 rows).
template <typename Block, typename Act, typename Quant>
float LegacyDot(int64_t n, const void* w, const void* a, Quant quant) {
  const auto* x = static_cast<const Block*>(w);
  const auto* y = static_cast<const Act*>(a);
  float s = 0.0f;
  for (int64_t b = 0; b < n / kQK; ++b) {
    int sum = 0;
    for (int j = 0; j < kQK; ++j) sum += quant(x[b], j) * y[b].qs[j];
    float block = F16ToF32(x[b].d) * F16ToF32(y[b].d) * static_cast<float>(sum);
    if constexpr (requires { x[b].m; }) block += F16ToF32(x[b].m) * F16ToF32(y[b].s);
    s += block;
  }
  return s;
}

// Element j of a 4-bit block: low nibbles hold elements 0..15, high 16..31.
int Nibble(const uint8_t* qs, int j) { return j < 16 ? (qs[j] & 0xf) : (qs[j - 16] >> 4); }

// Element j of a 5-bit block: the nibble plus bit j of qh as bit 4.
template <typename Block>
int FiveBit(const Block& x, int j) {
  uint32_t qh;
  std::memcpy(&qh, x.qh, 4);
  return Nibble(x.qs, j) | static_cast<int>(((qh >> j) & 1u) << 4);
}

}  // namespace

float VecDotF32(int64_t n, const void* w, const void* a) { return FloatDot<float, Identity>(n, w, a); }
float VecDotF16(int64_t n, const void* w, const void* a) { return FloatDot<uint16_t, F16ToF32>(n, w, a); }
float VecDotBf16(int64_t n, const void* w, const void* a) { return FloatDot<uint16_t, Bf16ToF32>(n, w, a); }

float VecDotQ4_0(int64_t n, const void* w, const void* a) {
  return LegacyDot<BlockQ4_0, BlockQ8_0>(n, w, a, [](const BlockQ4_0& x, int j) { return Nibble(x.qs, j) - 8; });
}

float VecDotIq4Nl(int64_t n, const void* w, const void* a) {
  return LegacyDot<BlockIq4Nl, BlockQ8_0>(
      n, w, a, [](const BlockIq4Nl& x, int j) { return static_cast<int>(kIq4nlValues[Nibble(x.qs, j)]); });
}

float VecDotQ4_1(int64_t n, const void* w, const void* a) {
  return LegacyDot<BlockQ4_1, BlockQ8_1>(n, w, a, [](const BlockQ4_1& x, int j) { return Nibble(x.qs, j); });
}

float VecDotQ5_0(int64_t n, const void* w, const void* a) {
  return LegacyDot<BlockQ5_0, BlockQ8_0>(n, w, a, [](const BlockQ5_0& x, int j) { return FiveBit(x, j) - 16; });
}

float VecDotQ5_1(int64_t n, const void* w, const void* a) {
  return LegacyDot<BlockQ5_1, BlockQ8_1>(n, w, a, [](const BlockQ5_1& x, int j) { return FiveBit(x, j); });
}

float VecDotQ8_0(int64_t n, const void* w, const void* a) {
  return LegacyDot<BlockQ8_0, BlockQ8_0>(n, w, a, [](const BlockQ8_0& x, int j) { return static_cast<int>(x.qs[j]); });
}

// K types: per super-block, sum_e x_e * a_e =
//   y.d * (d * sum_s sc_s * sum_{e in s} q_e a_e  -  dmin * sum_s m_s * bsum_s).

float VecDotQ2K(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ2K*>(w);
  const auto* y = static_cast<const BlockQ8K*>(a);
  float s = 0.0f;
  for (int64_t b = 0; b < n / kQKK; ++b) {
    int sum_q = 0, sum_m = 0;
    for (int sb = 0; sb < 16; ++sb) {
      const uint8_t sc = x[b].scales[sb];
      int dot = 0;
      for (int i = 0; i < 16; ++i) {
        const int e = 16 * sb + i, h = e / 128, j = (e / 32) % 4, l = e % 32;
        dot += ((x[b].qs[32 * h + l] >> (2 * j)) & 3) * y[b].qs[e];
      }
      sum_q += (sc & 0xf) * dot;
      sum_m += (sc >> 4) * y[b].bsums[sb];
    }
    s += y[b].d * (F16ToF32(x[b].d) * static_cast<float>(sum_q) - F16ToF32(x[b].dmin) * static_cast<float>(sum_m));
  }
  return s;
}

float VecDotQ3K(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ3K*>(w);
  const auto* y = static_cast<const BlockQ8K*>(a);
  float s = 0.0f;
  for (int64_t b = 0; b < n / kQKK; ++b) {
    int sum = 0;
    for (int sb = 0; sb < 16; ++sb) {
      int dot = 0;
      for (int i = 0; i < 16; ++i) {
        const int e = 16 * sb + i, h = e / 128, j = (e / 32) % 4, l = e % 32;
        const int low = (x[b].qs[32 * h + l] >> (2 * j)) & 3;
        const int high = (x[b].hmask[l] >> (4 * h + j)) & 1;
        dot += (low + 4 * high - 4) * y[b].qs[e];
      }
      sum += GetScaleQ3K(sb, x[b].scales) * dot;
    }
    s += y[b].d * F16ToF32(x[b].d) * static_cast<float>(sum);
  }
  return s;
}

namespace {

// Q4_K and Q5_K: 8 sub-blocks of 32 with 6-bit scale and min each;
// `quant(x, sb, l)` is element l of sub-block sb.
template <typename Block, typename Quant>
float ScaleMinDot(int64_t n, const void* w, const void* a, Quant quant) {
  const auto* x = static_cast<const Block*>(w);
  const auto* y = static_cast<const BlockQ8K*>(a);
  float s = 0.0f;
  for (int64_t b = 0; b < n / kQKK; ++b) {
    int sum_q = 0, sum_m = 0;
    for (int sb = 0; sb < 8; ++sb) {
      uint8_t sc, m;
      GetScaleMinK4(sb, x[b].scales, &sc, &m);
      int dot = 0;
      for (int l = 0; l < 32; ++l) dot += quant(x[b], sb, l) * y[b].qs[32 * sb + l];
      sum_q += sc * dot;
      sum_m += m * (y[b].bsums[2 * sb] + y[b].bsums[2 * sb + 1]);
    }
    s += y[b].d * (F16ToF32(x[b].d) * static_cast<float>(sum_q) - F16ToF32(x[b].dmin) * static_cast<float>(sum_m));
  }
  return s;
}

// Sub-blocks 2p and 2p+1 share 32 bytes: low nibbles, then high nibbles.
int KNibble(const uint8_t* qs, int sb, int l) { return (qs[32 * (sb / 2) + l] >> (4 * (sb % 2))) & 0xf; }

}  // namespace

float VecDotQ4K(int64_t n, const void* w, const void* a) {
  return ScaleMinDot<BlockQ4K>(n, w, a, [](const BlockQ4K& x, int sb, int l) { return KNibble(x.qs, sb, l); });
}

float VecDotQ5K(int64_t n, const void* w, const void* a) {
  return ScaleMinDot<BlockQ5K>(n, w, a, [](const BlockQ5K& x, int sb, int l) {
    return KNibble(x.qs, sb, l) | (((x.qh[l] >> sb) & 1) << 4);
  });
}

float VecDotQ6K(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ6K*>(w);
  const auto* y = static_cast<const BlockQ8K*>(a);
  float s = 0.0f;
  for (int64_t b = 0; b < n / kQKK; ++b) {
    int sum = 0;
    for (int sb = 0; sb < 16; ++sb) {
      int dot = 0;
      for (int i = 0; i < 16; ++i) {
        const int e = 16 * sb + i, h = e / 128, k = (e / 32) % 4, l = e % 32;
        const uint8_t ql = x[b].ql[64 * h + 32 * (k % 2) + l];
        const int low = k < 2 ? (ql & 0xf) : (ql >> 4);
        const int high = (x[b].qh[32 * h + l] >> (2 * k)) & 3;
        dot += ((low | (high << 4)) - 32) * y[b].qs[e];
      }
      sum += x[b].scales[sb] * dot;
    }
    s += y[b].d * F16ToF32(x[b].d) * static_cast<float>(sum);
  }
  return s;
}

}  // namespace dm::kernels
