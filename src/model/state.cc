#include "model/state.h"

#include <algorithm>

namespace dm {
namespace {

int ClampContext(const Config& c, int requested) {
  return requested <= 0 ? c.n_ctx_train : std::min(requested, c.n_ctx_train);
}

}  // namespace

State::State(const Model& model, const StateOptions& options)
    : kv_(model.config(), ClampContext(model.config(), options.n_ctx), options.kv_type),
      max_batch_(std::clamp(options.max_batch, 1, 4096)),
      n_vocab_(model.config().n_vocab) {
  const Config& c = model.config();
  scores_per_thread_ = static_cast<size_t>(c.n_head / c.n_head_kv) * static_cast<size_t>(kv_.n_ctx());
  const size_t b = static_cast<size_t>(max_batch_), f = static_cast<size_t>(ffn_rows());
  const size_t sizes[] = {
      b * c.n_embd, b * c.n_embd, b * c.q_dim(), b * c.kv_dim(), b * c.kv_dim(), b * c.q_dim(),
      f * c.n_ff,   f * c.n_ff,   b * (c.head_dim / 2), b * (c.head_dim / 2),
      static_cast<size_t>(c.n_vocab)};
  size_t total = 0;
  // Each buffer starts on a 64-byte boundary.
  for (size_t s : sizes) total += (s + 15) / 16 * 16;
  arena_.assign(total + 16, 0.0f);
  float* p = arena_.data();
  while (reinterpret_cast<uintptr_t>(p) % 64 != 0) ++p;
  float** slots[] = {&scratch_.x,   &scratch_.xn,   &scratch_.q,   &scratch_.k,
                     &scratch_.v,   &scratch_.att,  &scratch_.gate, &scratch_.up,
                     &scratch_.cos, &scratch_.sin,  &scratch_.logits};
  for (size_t i = 0; i < std::size(slots); ++i) {
    *slots[i] = p;
    p += (sizes[i] + 15) / 16 * 16;
  }
}

void State::ReserveThreads(int threads) {
  if (threads > score_threads_) {
    scores_.assign(static_cast<size_t>(threads) * scores_per_thread_, 0.0f);
    score_threads_ = threads;
  }
}

float* State::all_logits(size_t n_tokens) {
  const size_t need = n_tokens * static_cast<size_t>(n_vocab_);
  if (all_logits_.size() < need) all_logits_.resize(need);
  return all_logits_.data();
}

}  // namespace dm
