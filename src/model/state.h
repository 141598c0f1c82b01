// Per-session mutable state of a model: the KV cache and one scratch arena for
// the activations of a batch. Everything is allocated when the State is
// created; a forward pass allocates nothing (the all-positions logits buffer
// grows once, on first use).
#pragma once

#include <algorithm>
#include <memory>
#include <span>
#include <vector>

#include "model/kv_cache.h"
#include "model/model.h"

namespace dm {

struct StateOptions {
  int n_ctx = 0;           // positions the cache holds; 0 = the model's context length
  int max_batch = 256;     // tokens per forward chunk (longer prompts are split)
  KvType kv_type = KvType::kF32;
};

class State {
 public:
  // n_ctx is clamped to the model's trained context length.
  State(const Model& model, const StateOptions& options = {});

  KvCache& kv() { return kv_; }
  const KvCache& kv() const { return kv_; }
  int n_past() const { return kv_.n_past(); }
  int n_ctx() const { return kv_.n_ctx(); }
  int max_batch() const { return max_batch_; }
  // Tokens the feed-forward buffers hold: a longer chunk runs its FFN in
  // blocks of this many rows. [B, n_ff] twice is most of the arena (35 MiB
  // for 1.5B at B = 512); 256 rows keep prefill's weight reuse.
  static constexpr int kFfnBlockRows = 256;
  int ffn_rows() const { return std::min(max_batch_, kFfnBlockRows); }

  // Scratch views, each sized for max_batch tokens (row-major [tokens, width])
  // except gate and up, sized for ffn_rows() tokens.
  struct Scratch {
    float* x;      // [B, n_embd]  residual stream
    float* xn;     // [B, n_embd]  normalized input / block output
    float* q;      // [B, q_dim]
    float* k;      // [B, kv_dim]
    float* v;      // [B, kv_dim]
    float* att;    // [B, q_dim]   attention output
    float* gate;   // [ffn_rows, n_ff]
    float* up;     // [ffn_rows, n_ff]
    float* cos;    // [B, head_dim/2]
    float* sin;    // [B, head_dim/2]
    float* logits; // [n_vocab]    last position
  };
  const Scratch& scratch() const { return scratch_; }
  // Per-thread attention scores, [n_head / n_head_kv, n_ctx] each (the
  // query heads of one KV head). ReserveThreads (not thread safe) must have
  // covered `thread` before the parallel region.
  void ReserveThreads(int threads);
  float* scores(int thread) { return scores_.data() + static_cast<size_t>(thread) * scores_per_thread_; }
  // [n_tokens, n_vocab] for forward passes that return every position.
  float* all_logits(size_t n_tokens);

 private:
  KvCache kv_;
  int max_batch_;
  int n_vocab_;
  std::vector<float> arena_;
  Scratch scratch_{};
  std::vector<float> scores_;
  size_t scores_per_thread_ = 0;
  int score_threads_ = 0;
  std::vector<float> all_logits_;
};

}  // namespace dm
