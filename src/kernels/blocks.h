// Byte layouts of the ggml block formats (GGUF tensor data), bit-compatible
// with every GGUF implementation. All multi-byte fields are little-endian;
// `uint16_t d` fields hold IEEE F16 values (see half.h).
//
// "Legacy" types use blocks of 32 weights; "K" types use super-blocks of 256
// weights split into 16 or 8 sub-blocks with their own small integer scales.
// Element numbering below is within one block (0..31) or super-block (0..255).
#pragma once

#include <cstdint>
#include <cstring>

namespace dm {

inline constexpr int kQK = 32;    // weights per legacy block
inline constexpr int kQKK = 256;  // weights per K super-block

// Q4_0: x[e] = d * (q[e] - 8), q in 0..15.
// Element e < 16 is the low nibble of qs[e]; element e + 16 its high nibble.
struct BlockQ4_0 {
  uint16_t d;
  uint8_t qs[16];
};
// Q4_1: x[e] = d * q[e] + m, q in 0..15; nibble order as Q4_0.
struct BlockQ4_1 {
  uint16_t d;
  uint16_t m;
  uint8_t qs[16];
};
// Q5_0: x[e] = d * (q[e] - 16), q in 0..31: low 4 bits as Q4_0, bit 4 of
// element e is bit e of the little-endian 32-bit word qh.
struct BlockQ5_0 {
  uint16_t d;
  uint8_t qh[4];
  uint8_t qs[16];
};
// Q5_1: x[e] = d * q[e] + m, q in 0..31; bits as Q5_0.
struct BlockQ5_1 {
  uint16_t d;
  uint16_t m;
  uint8_t qh[4];
  uint8_t qs[16];
};
// Q8_0: x[e] = d * qs[e].
struct BlockQ8_0 {
  uint16_t d;
  int8_t qs[32];
};
// Q8_1 (activations only): x[e] = d * qs[e]; s = d * sum(qs) as F16.
struct BlockQ8_1 {
  uint16_t d;
  uint16_t s;
  int8_t qs[32];
};
// IQ4_NL: x[e] = d * kIq4nlValues[q[e]], q in 0..15; nibble order as Q4_0.
struct BlockIq4Nl {
  uint16_t d;
  uint8_t qs[16];
};
inline constexpr int8_t kIq4nlValues[16] = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

// Q2_K: 16 sub-blocks of 16. scales[s] = scale (low nibble) | min (high nibble)
// of sub-block s = e / 16; x[e] = d * sc * q - dmin * m, q in 0..3.
// Element e = 128*h + 32*j + l (h 0..1, j 0..3, l 0..31): q = qs[32*h + l] >> 2j.
struct BlockQ2K {
  uint8_t scales[16];
  uint8_t qs[64];
  uint16_t d;
  uint16_t dmin;
};
// Q3_K: 16 sub-blocks of 16 with signed 6-bit scales (stored +32, packed in 12
// bytes: scale s has low 4 bits in scales[s % 8] (nibble s / 8) and high 2 bits
// in scales[8 + s % 4] bits 2*(s / 4)). x[e] = d * (sc - 32) * (q - 4), q in
// 0..7: low 2 bits as Q2_K's qs; bit 2 is bit (4*h + j) of hmask[l]
// (e = 128*h + 32*j + l).
struct BlockQ3K {
  uint8_t hmask[32];
  uint8_t qs[64];
  uint8_t scales[12];
  uint16_t d;
};
// Q4_K: 8 sub-blocks of 32 with 6-bit scale and min packed in 12 bytes (see
// GetScaleMinK4). x[e] = d * sc * q - dmin * m, q in 0..15.
// Element e = 64*p + l (p 0..3, l 0..31) is the low nibble of qs[32*p + l],
// element 64*p + 32 + l its high nibble.
struct BlockQ4K {
  uint16_t d;
  uint16_t dmin;
  uint8_t scales[12];
  uint8_t qs[128];
};
// Q5_K: as Q4_K plus a fifth bit: for e = 64*p + l it is bit 2p of qh[l], for
// e = 64*p + 32 + l bit 2p+1 of qh[l]. q in 0..31.
struct BlockQ5K {
  uint16_t d;
  uint16_t dmin;
  uint8_t scales[12];
  uint8_t qh[32];
  uint8_t qs[128];
};
// Q6_K: 16 sub-blocks of 16 with int8 scales. x[e] = d * scales[e/16] * (q - 32),
// q in 0..63. For e = 128*h + 32*k + l (k 0..3, l 0..31) the low 4 bits come
// from ql and the high 2 bits from qh:
//   k=0: ql[64h + l] & 15,      (qh[32h + l] >> 0) & 3
//   k=1: ql[64h + 32 + l] & 15, (qh[32h + l] >> 2) & 3
//   k=2: ql[64h + l] >> 4,      (qh[32h + l] >> 4) & 3
//   k=3: ql[64h + 32 + l] >> 4, (qh[32h + l] >> 6) & 3
struct BlockQ6K {
  uint8_t ql[128];
  uint8_t qh[64];
  int8_t scales[16];
  uint16_t d;
};
// Q8_K (activations for K types): x[e] = d * qs[e] (d is F32, may be negative);
// bsums[i] = sum of qs[16i .. 16i+15].
struct BlockQ8K {
  float d;
  int8_t qs[256];
  int16_t bsums[16];
};

static_assert(sizeof(BlockQ4_0) == 18 && sizeof(BlockQ4_1) == 20);
static_assert(sizeof(BlockQ5_0) == 22 && sizeof(BlockQ5_1) == 24);
static_assert(sizeof(BlockQ8_0) == 34 && sizeof(BlockQ8_1) == 36 && sizeof(BlockIq4Nl) == 18);
static_assert(sizeof(BlockQ2K) == 84 && sizeof(BlockQ3K) == 110 && sizeof(BlockQ4K) == 144);
static_assert(sizeof(BlockQ5K) == 176 && sizeof(BlockQ6K) == 210 && sizeof(BlockQ8K) == 292);

// Scale and min (6 bits each) of sub-block j (0..7) of a Q4_K / Q5_K block:
// j < 4: low 6 bits of scales[j] and scales[j + 4]; j >= 4: low nibble /
// high nibble of scales[j + 4] with bits 4..5 taken from the top 2 bits of
// scales[j - 4] / scales[j].
inline void GetScaleMinK4(int j, const uint8_t* q, uint8_t* sc, uint8_t* m) {
  if (j < 4) {
    *sc = q[j] & 63;
    *m = q[j + 4] & 63;
  } else {
    *sc = static_cast<uint8_t>((q[j + 4] & 0xf) | ((q[j - 4] >> 6) << 4));
    *m = static_cast<uint8_t>((q[j + 4] >> 4) | ((q[j] >> 6) << 4));
  }
}

// All 8 scales and mins of a Q4_K / Q5_K block at once, with word
// operations: byte j of `sc` / `m` is GetScaleMinK4(j)'s sc / m.
inline void GetScalesMinsK4(const uint8_t* q, uint64_t& sc, uint64_t& m) {
  uint32_t w0, w1, w2;
  std::memcpy(&w0, q, 4);
  std::memcpy(&w1, q + 4, 4);
  std::memcpy(&w2, q + 8, 4);
  const uint32_t sc_hi = (w2 & 0x0f0f0f0fu) | (((w0 >> 6) & 0x03030303u) << 4);
  const uint32_t m_hi = ((w2 >> 4) & 0x0f0f0f0fu) | (((w1 >> 6) & 0x03030303u) << 4);
  sc = (w0 & 0x3f3f3f3fu) | (static_cast<uint64_t>(sc_hi) << 32);
  m = (w1 & 0x3f3f3f3fu) | (static_cast<uint64_t>(m_hi) << 32);
}

// Signed scale (-32..31) of sub-block s (0..15) of a Q3_K block.
inline int GetScaleQ3K(int s, const uint8_t* scales) {
  const int low = s < 8 ? (scales[s] & 0xf) : (scales[s - 8] >> 4);
  const int high = (scales[8 + s % 4] >> (2 * (s / 4))) & 3;
  return (low | (high << 4)) - 32;
}

}  // namespace dm
