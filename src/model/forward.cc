#include "model/forward.h"

#include <algorithm>
#include <cmath>

#include "kernels/matmul.h"
#include "kernels/ops.h"

namespace dm {
namespace {

// Calls fn(row) for rows [0, n), split across the pool when there is enough
// work to pay for the dispatch.
template <typename Fn>
void ForRows(ThreadPool& pool, int64_t n, Fn&& fn) {
  if (n < 4 || pool.size() == 1) {
    for (int64_t i = 0; i < n; ++i) fn(i);
    return;
  }
  pool.ParallelFor(static_cast<size_t>(n), 1, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) fn(static_cast<int64_t>(i));
  });
}

// One chunk of n <= max_batch tokens at positions [pos0, pos0 + n). Leaves the
// final hidden states of the chunk in s.x.
void ForwardChunk(const Model& model, State& state, const int32_t* tokens, int64_t n,
                  ThreadPool& pool) {
  const Config& c = model.config();
  const Weights& w = model.weights();
  const State::Scratch& s = state.scratch();
  KvCache& kv = state.kv();
  const int pos0 = kv.n_past();
  const int64_t E = c.n_embd, QD = c.q_dim(), KD = c.kv_dim(), F = c.n_ff;
  const int hd = c.head_dim, half = hd / 2;
  const int group = c.n_head / c.n_head_kv;
  const float scale = 1.0f / std::sqrt(static_cast<float>(hd));
  const bool f16 = kv.type() == KvType::kF16;

  ForRows(pool, n, [&](int64_t t) {
    GetRow(w.token_embd, tokens[t], s.x + t * E);
    model.rope().Compute(pos0 + static_cast<int>(t), s.cos + t * half, s.sin + t * half);
  });

  for (int l = 0; l < c.n_layer; ++l) {
    const LayerWeights& L = w.layers[static_cast<size_t>(l)];

    // --- attention ---
    ForRows(pool, n, [&](int64_t t) { RmsNorm(s.x + t * E, L.attn_norm, E, c.rms_eps, s.xn + t * E); });
    const MatMulPart qkv[] = {{&L.wq, s.q}, {&L.wk, s.k}, {&L.wv, s.v}};
    MatMulGroup(qkv, s.xn, n, pool);
    ForRows(pool, n, [&](int64_t t) {
      float* q = s.q + t * QD;
      float* k = s.k + t * KD;
      float* v = s.v + t * KD;
      if (c.qkv_bias) {
        AddInPlace(q, L.bq, QD);
        AddInPlace(k, L.bk, KD);
        AddInPlace(v, L.bv, KD);
      }
      const float* cs = s.cos + t * half;
      const float* sn = s.sin + t * half;
      auto rope = c.rope_layout == RopeLayout::kNeox ? RopeNeox : RopeNormal;
      for (int h = 0; h < c.n_head; ++h) rope(q + h * hd, hd, cs, sn);
      for (int h = 0; h < c.n_head_kv; ++h) rope(k + h * hd, hd, cs, sn);
      kv.Store(l, pos0 + static_cast<int>(t), k, v);
    });

    // Items: (token, KV head, part of its query heads). The query heads of
    // a KV head read the cache together (ops.h, Attention); they are split
    // into parts only when there are fewer (token, KV head) pairs than
    // threads. Interleaved items balance the causal triangle across threads.
    const int threads = pool.size();
    const int64_t pairs = n * c.n_head_kv;
    const int parts = static_cast<int>(std::clamp<int64_t>((threads + pairs - 1) / pairs, 1, group));
    const int per_part = (group + parts - 1) / parts;
    const int64_t items = pairs * parts;
    pool.Run([&](int index) {
      for (int64_t item = index; item < items; item += threads) {
        const int64_t t = item / (c.n_head_kv * parts);
        const int kvh = static_cast<int>(item / parts % c.n_head_kv);
        const int h0 = kvh * group + static_cast<int>(item % parts) * per_part;
        const int n_q = std::min(per_part, (kvh + 1) * group - h0);
        if (n_q <= 0) continue;
        AttentionArgs a;
        a.q = s.q + t * QD + h0 * hd;
        a.k = kv.K(l, kvh);
        a.v = kv.V(l, kvh);
        a.f16 = f16;
        a.stride = hd;
        a.n_kv = pos0 + t + 1;
        a.head_dim = hd;
        a.scale = scale;
        a.scores = state.scores(index);
        a.out = s.att + t * QD + h0 * hd;
        a.n_q = n_q;
        a.q_stride = a.out_stride = hd;
        Attention(a);
      }
    });
    MatMul(L.wo, s.att, n, s.xn, pool);
    ForRows(pool, n, [&](int64_t t) {
      AddInPlace(s.x + t * E, s.xn + t * E, E);
      RmsNorm(s.x + t * E, L.ffn_norm, E, c.rms_eps, s.xn + t * E);
    });

    // --- feed-forward (SwiGLU), in blocks of ffn_rows tokens; each block's
    // output overwrites its own (already consumed) rows of xn ---
    for (int64_t t0 = 0; t0 < n; t0 += state.ffn_rows()) {
      const int64_t m = std::min<int64_t>(state.ffn_rows(), n - t0);
      float* xn = s.xn + t0 * E;
      const MatMulPart gate_up[] = {{&L.w_gate, s.gate}, {&L.w_up, s.up}};
      MatMulGroup(gate_up, xn, m, pool);
      // Split by columns, not tokens: a decode token's 8960 exps take 5 us
      // on one thread.
      pool.ParallelFor(static_cast<size_t>(F), 64, [&](size_t b, size_t e) {
        for (int64_t t = 0; t < m; ++t) SwiGluInPlace(s.gate + t * F + b, s.up + t * F + b, static_cast<int64_t>(e - b));
      });
      MatMul(L.w_down, s.gate, m, xn, pool);
    }
    ForRows(pool, n, [&](int64_t t) { AddInPlace(s.x + t * E, s.xn + t * E, E); });
  }
  kv.SetPast(pos0 + static_cast<int>(n));
}

// Logits of rows [0, n) of s.x into out[n, n_vocab].
void OutputLogits(const Model& model, State& state, int64_t first, int64_t n, float* out,
                  ThreadPool& pool) {
  const Config& c = model.config();
  const State::Scratch& s = state.scratch();
  const int64_t E = c.n_embd;
  ForRows(pool, n, [&](int64_t t) {
    RmsNorm(s.x + (first + t) * E, model.weights().output_norm, E, c.rms_eps, s.xn + t * E);
  });
  MatMul(model.weights().output, s.xn, n, out, pool);
}

}  // namespace

Result<std::span<const float>> Forward(const Model& model, State& state,
                                       std::span<const int32_t> tokens, ThreadPool& pool,
                                       LogitsMode mode) {
  const Config& c = model.config();
  const int64_t n = static_cast<int64_t>(tokens.size());
  if (n == 0) return InvalidArgument("forward pass over an empty batch");
  for (int64_t i = 0; i < n; ++i) {
    if (tokens[static_cast<size_t>(i)] < 0 || tokens[static_cast<size_t>(i)] >= c.n_vocab) {
      return InvalidArgument("token {} (at batch index {}) is outside the vocabulary [0, {})",
                             tokens[static_cast<size_t>(i)], i, c.n_vocab);
    }
  }
  if (state.n_past() + n > state.n_ctx()) {
    return ResourceExhausted(
        "context full: {} cached + {} new tokens exceed the context length {}", state.n_past(), n,
        state.n_ctx());
  }
  state.ReserveThreads(pool.size());
  const int64_t V = c.n_vocab;
  float* all = mode == LogitsMode::kAll ? state.all_logits(static_cast<size_t>(n)) : nullptr;
  const int64_t B = state.max_batch();
  for (int64_t begin = 0; begin < n; begin += B) {
    const int64_t count = std::min(B, n - begin);
    ForwardChunk(model, state, tokens.data() + begin, count, pool);
    if (mode == LogitsMode::kAll) {
      OutputLogits(model, state, 0, count, all + begin * V, pool);
    } else if (mode == LogitsMode::kLast && begin + count == n) {
      OutputLogits(model, state, count - 1, 1, state.scratch().logits, pool);
    }
  }
  switch (mode) {
    case LogitsMode::kAll:
      return std::span<const float>(all, static_cast<size_t>(n * V));
    case LogitsMode::kLast:
      return std::span<const float>(state.scratch().logits, static_cast<size_t>(V));
    case LogitsMode::kNone:
      break;
  }
  return std::span<const float>();
}

}  // namespace dm
