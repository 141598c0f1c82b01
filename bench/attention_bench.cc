// Micro-benchmark of decode attention: one layer of a query token against n_kv
// cached positions, on one thread: 2 KV heads of head_dim 128 in an F16 cache,
// each shared by `group` query heads (Qwen2-1.5B: 6; Qwen2-0.5B: 7; Llama 3
// 8B: 4). Reports cached positions per second for the whole layer. Args:
// n_kv, group. Environment: DM_ISA=scalar|avx2|avx512.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "kernels/ops.h"

namespace {

constexpr int kKvHeads = 2, kHeadDim = 128;

void BM_AttentionLayer(benchmark::State& state) {
  const int64_t n_kv = state.range(0);
  const int group = static_cast<int>(state.range(1)), heads = kKvHeads * group;
  std::mt19937 rng(1);
  std::normal_distribution<float> dist(0.0f, 1.0f);
  // Per KV head an [n_kv, kHeadDim] block, as KvCache stores them.
  const int64_t block = n_kv * kHeadDim;
  std::vector<uint16_t> k(static_cast<size_t>(kKvHeads * block)), v(k.size());
  for (auto& x : k) x = dm::F32ToF16(dist(rng));
  for (auto& x : v) x = dm::F32ToF16(dist(rng));
  std::vector<float> q(static_cast<size_t>(heads * kHeadDim)), out(q.size()), scores(static_cast<size_t>(n_kv * group));
  for (auto& x : q) x = dist(rng);
  for (auto _ : state) {
    for (int kvh = 0; kvh < kKvHeads; ++kvh) {
      dm::AttentionArgs a;
      a.q = q.data() + kvh * group * kHeadDim;
      a.k = k.data() + kvh * block;
      a.v = v.data() + kvh * block;
      a.f16 = true;
      a.stride = kHeadDim;
      a.n_kv = n_kv;
      a.head_dim = kHeadDim;
      a.scale = 0.088f;
      a.scores = scores.data();
      a.out = out.data() + kvh * group * kHeadDim;
      a.n_q = group;
      a.q_stride = a.out_stride = kHeadDim;
      dm::Attention(a);
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["positions/s"] =
      benchmark::Counter(static_cast<double>(n_kv), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_AttentionLayer)
    ->ArgsProduct({{256, 1024, 4096}, {4, 6, 7}})
    ->Unit(benchmark::kMicrosecond);

}  // namespace
