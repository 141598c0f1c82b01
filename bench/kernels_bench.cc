// Micro-benchmarks of MatMul: decode (1 token) reports weight bytes streamed
// per second; prefill (512 tokens) reports multiply-adds per second. The
// *_interleaved cases run the matrix row-interleaved, as Model::Load stores
// Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, IQ4_NL and the K types on the AVX2 and
// AVX-512 paths (kernels/interleave.h), in huge pages as Model::Load
// allocates them. BM_ReadProbe is the read bandwidth probe of `dashmind
// bench` (util/read_bandwidth.h) with the same threads: a decode case's
// rate over it is the share of the bandwidth that kernel reaches.
// Args: rows, cols, n_tokens. Environment: DM_ISA=scalar|avx2|avx512,
// DM_BENCH_THREADS (default 2), DM_BENCH_REAL_TIME.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <utility>
#include <vector>

#include "kernels/cpu_features.h"
#include "kernels/matmul.h"
#include "kernels/quantize.h"
#include "util/huge_page_buffer.h"
#include "util/read_bandwidth.h"

namespace {

dm::ThreadPool& Pool() {
  static dm::ThreadPool pool([] {
    const char* env = std::getenv("DM_BENCH_THREADS");
    return env ? std::atoi(env) : 2;
  }());
  return pool;
}

// A rows x cols matrix of normal(0, 0.02) values quantized to `type`, in the
// file layout, and n_tokens x cols activations of 50 times that spread;
// false if the type cannot quantize. Up to kDistinctRows rows are
// quantized; larger matrices repeat them (the bytes still stream from
// memory, and the set-up of the 262144-row cases takes seconds instead of
// minutes).
bool RandomOperands(dm::GgmlType type, int64_t rows, int64_t cols, int64_t n_tokens, std::vector<uint8_t>* w,
                    std::vector<float>* x) {
  constexpr int64_t kDistinctRows = 2048;
  const size_t row_bytes = *dm::GgmlRowBytes(type, cols);
  w->assign(row_bytes * rows, 0);
  std::mt19937 rng(1);
  std::normal_distribution<float> dist(0.0f, 0.02f);
  std::vector<float> row(cols);
  for (int64_t r = 0; r < std::min(rows, kDistinctRows); ++r) {
    for (auto& v : row) v = dist(rng);
    if (!dm::QuantizeRow(type, row.data(), w->data() + r * row_bytes, cols).ok()) return false;
  }
  for (int64_t r = kDistinctRows; r < rows; ++r) {
    std::copy_n(w->data() + (r % kDistinctRows) * row_bytes, row_bytes, w->data() + r * row_bytes);
  }
  x->resize(n_tokens * cols);
  for (auto& v : *x) v = dist(rng) * 50.0f;
  return true;
}

void BM_MatMul(benchmark::State& state, dm::GgmlType type, bool interleaved) {
  const int64_t rows = state.range(0), cols = state.range(1), n_tokens = state.range(2);
  const size_t row_bytes = *dm::GgmlRowBytes(type, cols);
  std::vector<uint8_t> w;
  std::vector<float> x, y(n_tokens * rows);
  if (!RandomOperands(type, rows, cols, n_tokens, &w, &x)) return state.SkipWithError("quantize");
  dm::WeightMatrix m{type, w.data(), rows, cols, row_bytes};
  dm::HugePageBuffer regrouped;
  if (interleaved) {
    if (!dm::PrefersInterleaved(m)) return state.SkipWithError("the active path keeps this matrix as stored");
    auto buffer = dm::HugePageBuffer::Allocate(dm::InterleavedBytes(m));
    if (!buffer.ok()) return state.SkipWithError("cannot allocate the interleaved copy");
    regrouped = std::move(buffer).value();
    m = dm::InterleavedCopy(m, regrouped.data());
  }
  for (auto _ : state) {
    dm::MatMul(m, x.data(), n_tokens, y.data(), Pool());
    benchmark::DoNotOptimize(y.data());
  }
  state.SetLabel(std::string(dm::IsaName(dm::ActiveIsa())));
  if (n_tokens == 1) {
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(w.size()));
  }
  state.counters["GMAC/s"] = benchmark::Counter(static_cast<double>(rows * cols * n_tokens) * 1e-9,
                                                benchmark::Counter::kIsIterationInvariantRate);
}

// Decode's pattern: one token against a series of distinct matrices, as a
// model's layers are, each far smaller than the last-level cache but all
// together far larger, so every one streams from memory and each product
// starts cold (its prefetch lead, the threads' hand-off and the tail of
// the last chunk count, as they do in a model). Args: rows, cols, matrices
// (each a copy of one quantized matrix); bytes per second of all of them.
void BM_MatMulSeries(benchmark::State& state, dm::GgmlType type) {
  const int64_t rows = state.range(0), cols = state.range(1), count = state.range(2);
  const size_t row_bytes = *dm::GgmlRowBytes(type, cols);
  std::vector<uint8_t> w;
  std::vector<float> x, y(rows);
  if (!RandomOperands(type, rows, cols, 1, &w, &x)) return state.SkipWithError("quantize");
  const dm::WeightMatrix stored{type, w.data(), rows, cols, row_bytes};
  if (!dm::PrefersInterleaved(stored)) return state.SkipWithError("the active path keeps this matrix as stored");
  const size_t matrix_bytes = dm::InterleavedBytes(stored);
  auto buffer = dm::HugePageBuffer::Allocate(matrix_bytes * static_cast<size_t>(count));
  if (!buffer.ok()) return state.SkipWithError("cannot allocate the interleaved copies");
  std::vector<dm::WeightMatrix> matrices;
  for (int64_t i = 0; i < count; ++i) {
    matrices.push_back(dm::InterleavedCopy(stored, buffer->data() + matrix_bytes * static_cast<size_t>(i)));
  }
  for (auto _ : state) {
    for (const dm::WeightMatrix& m : matrices) dm::MatMul(m, x.data(), 1, y.data(), Pool());
    benchmark::DoNotOptimize(y.data());
  }
  state.SetLabel(std::string(dm::IsaName(dm::ActiveIsa())));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * count * static_cast<int64_t>(w.size()));
}

void SeriesShapes(benchmark::internal::Benchmark* b) {
  b->Args({1536, 1536, 192});  // attn_q / attn_output of a 1.5B model
  b->Args({8960, 1536, 32});   // ffn_gate / ffn_up
  b->Args({1536, 8960, 32});   // ffn_down
  b->Unit(benchmark::kMillisecond);
  if (std::getenv("DM_BENCH_REAL_TIME") != nullptr) b->UseRealTime();
}

void Shapes(benchmark::internal::Benchmark* b) {
  for (int64_t n : {1, 8, 64, 512}) {
    b->Args({1536, 1536, n});
    b->Args({8960, 1536, n});
  }
  // Decode bounds: weights resident in L2 (the kernel's own speed) and far
  // larger than the last-level cache (streaming from memory, as in a model:
  // 132 MB for Q2_K to 428 MB for Q8_0, at least 4 times a 32 MiB L3, so
  // that every type reads all its bytes from memory; at 65536 rows the
  // smaller types had a fair part of their matrix hit in L3).
  b->Args({128, 1536, 1});
  b->Args({262144, 1536, 1});
  b->Args({12288, 8960, 1});  // ffn_down's 8960 columns: 35 K super-blocks, an odd count
  b->Unit(benchmark::kMillisecond);
  // Rates use the main thread's CPU time by default (meaningful with
  // DM_BENCH_THREADS=1 on a shared machine); DM_BENCH_REAL_TIME=1 switches to
  // wall time (use it with 2 threads on a quiet machine).
  if (std::getenv("DM_BENCH_REAL_TIME") != nullptr) b->UseRealTime();
}

void BM_ReadProbe(benchmark::State& state) {
  auto probe = dm::MakeReadProbe(Pool());
  if (!probe.ok()) return state.SkipWithError("cannot allocate the probe");
  for (auto _ : state) dm::ReadProbePass(Pool(), *probe);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(probe->size()));
}
BENCHMARK(BM_ReadProbe)->Unit(benchmark::kMillisecond)->Apply([](benchmark::internal::Benchmark* b) {
  if (std::getenv("DM_BENCH_REAL_TIME") != nullptr) b->UseRealTime();
});

BENCHMARK_CAPTURE(BM_MatMul, q4_0, dm::GgmlType::kQ4_0, false)->Apply(Shapes);
BENCHMARK_CAPTURE(BM_MatMul, q8_0, dm::GgmlType::kQ8_0, false)->Apply(Shapes);
BENCHMARK_CAPTURE(BM_MatMul, q4_0_interleaved, dm::GgmlType::kQ4_0, true)->Apply(Shapes);
BENCHMARK_CAPTURE(BM_MatMul, q8_0_interleaved, dm::GgmlType::kQ8_0, true)->Apply(Shapes);
BENCHMARK_CAPTURE(BM_MatMul, q4_K, dm::GgmlType::kQ4_K, false)->Apply(Shapes);
BENCHMARK_CAPTURE(BM_MatMul, q5_0, dm::GgmlType::kQ5_0, false)->Apply(Shapes);
BENCHMARK_CAPTURE(BM_MatMul, q5_K, dm::GgmlType::kQ5_K, false)->Apply(Shapes);
BENCHMARK_CAPTURE(BM_MatMul, iq4_nl, dm::GgmlType::kIQ4_NL, false)->Apply(Shapes);
BENCHMARK_CAPTURE(BM_MatMul, q4_1, dm::GgmlType::kQ4_1, false)->Apply(Shapes);
BENCHMARK_CAPTURE(BM_MatMul, q5_1, dm::GgmlType::kQ5_1, false)->Apply(Shapes);
BENCHMARK_CAPTURE(BM_MatMul, q6_K, dm::GgmlType::kQ6_K, false)->Apply(Shapes);
BENCHMARK_CAPTURE(BM_MatMul, q5_0_interleaved, dm::GgmlType::kQ5_0, true)->Apply(Shapes);
BENCHMARK_CAPTURE(BM_MatMul, q4_K_interleaved, dm::GgmlType::kQ4_K, true)->Apply(Shapes);
BENCHMARK_CAPTURE(BM_MatMul, q5_K_interleaved, dm::GgmlType::kQ5_K, true)->Apply(Shapes);
BENCHMARK_CAPTURE(BM_MatMul, iq4_nl_interleaved, dm::GgmlType::kIQ4_NL, true)->Apply(Shapes);
BENCHMARK_CAPTURE(BM_MatMul, q4_1_interleaved, dm::GgmlType::kQ4_1, true)->Apply(Shapes);
BENCHMARK_CAPTURE(BM_MatMul, q5_1_interleaved, dm::GgmlType::kQ5_1, true)->Apply(Shapes);
BENCHMARK_CAPTURE(BM_MatMul, q6_K_interleaved, dm::GgmlType::kQ6_K, true)->Apply(Shapes);
BENCHMARK_CAPTURE(BM_MatMul, q2_K, dm::GgmlType::kQ2_K, false)->Apply(Shapes);
BENCHMARK_CAPTURE(BM_MatMul, q2_K_interleaved, dm::GgmlType::kQ2_K, true)->Apply(Shapes);
BENCHMARK_CAPTURE(BM_MatMul, q3_K, dm::GgmlType::kQ3_K, false)->Apply(Shapes);
BENCHMARK_CAPTURE(BM_MatMul, q3_K_interleaved, dm::GgmlType::kQ3_K, true)->Apply(Shapes);
BENCHMARK_CAPTURE(BM_MatMul, f16, dm::GgmlType::kF16, false)->Apply(Shapes);
BENCHMARK_CAPTURE(BM_MatMulSeries, q4_0, dm::GgmlType::kQ4_0)->Apply(SeriesShapes);
BENCHMARK_CAPTURE(BM_MatMulSeries, q8_0, dm::GgmlType::kQ8_0)->Apply(SeriesShapes);
BENCHMARK_CAPTURE(BM_MatMulSeries, q4_K, dm::GgmlType::kQ4_K)->Apply(SeriesShapes);
BENCHMARK_CAPTURE(BM_MatMulSeries, q6_K, dm::GgmlType::kQ6_K)->Apply(SeriesShapes);

}  // namespace

BENCHMARK_MAIN();
