// Read-only views of a model's tensors inside the mapped GGUF file. Nothing is
// copied: every pointer aims into the file's bytes, which the owning Model
// keeps mapped. Shapes below use [rows, cols] with cols = GGUF ne[0].
#pragma once

#include <vector>

#include "gguf/gguf_file.h"
#include "kernels/matmul.h"
#include "model/config.h"
#include "util/status.h"

namespace dm {

struct LayerWeights {
  const float* attn_norm = nullptr;  // [n_embd]
  WeightMatrix wq;                   // [q_dim, n_embd]
  WeightMatrix wk;                   // [kv_dim, n_embd]
  WeightMatrix wv;                   // [kv_dim, n_embd]
  const float* bq = nullptr;         // [q_dim]   (qwen2 only)
  const float* bk = nullptr;         // [kv_dim]  (qwen2 only)
  const float* bv = nullptr;         // [kv_dim]  (qwen2 only)
  WeightMatrix wo;                   // [n_embd, q_dim]
  const float* ffn_norm = nullptr;   // [n_embd]
  WeightMatrix w_gate;               // [n_ff, n_embd]
  WeightMatrix w_up;                 // [n_ff, n_embd]
  WeightMatrix w_down;               // [n_embd, n_ff]
};

struct Weights {
  WeightMatrix token_embd;             // [n_vocab, n_embd]
  std::vector<LayerWeights> layers;    // [n_layer]
  const float* output_norm = nullptr;  // [n_embd]
  WeightMatrix output;                 // [n_vocab, n_embd]; == token_embd when tied
  const float* rope_freqs = nullptr;   // [head_dim / 2] divisors of the angles, or null

  // Bytes of weights one decoded token reads: every matrix of every layer, the
  // output matrix, and one embedding row.
  uint64_t DecodeBytesPerToken() const;
  // Bytes of all tensors the forward pass uses.
  uint64_t TotalBytes() const;
};

// Binds every tensor `config` needs, checking names, shapes and types. Refuses
// missing, misshapen, unsupported-type and unexpected tensors with a message
// naming the tensor.
Result<Weights> WeightsFromGguf(const GgufFile& file, const Config& config);

}  // namespace dm
