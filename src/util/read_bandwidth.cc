#include "util/read_bandwidth.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <vector>

#include "util/timer.h"

namespace dm {
namespace {

constexpr size_t kProbeBytes = size_t{512} << 20;

// Keeps the probe's sums observable, so that the reads are not optimized away.
std::atomic<uint64_t> probe_sink{0};

}  // namespace

Result<HugePageBuffer> MakeReadProbe(ThreadPool& pool) {
  DM_ASSIGN_OR_RETURN(HugePageBuffer mapped, HugePageBuffer::Allocate(kProbeBytes));
  auto* words = reinterpret_cast<uint64_t*>(mapped.data());
  pool.ParallelFor(mapped.size() / sizeof(uint64_t), 4096, [&](size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) words[i] = i * 0x9e3779b97f4a7c15ull;
  });
  return mapped;
}

double ReadProbePass(ThreadPool& pool, const HugePageBuffer& probe) {
  const size_t words = probe.size() / sizeof(uint64_t);
  const auto* buffer = reinterpret_cast<const uint64_t*>(probe.data());
  const auto threads = static_cast<size_t>(pool.size());
  std::vector<uint64_t> sinks(threads);
  Timer timer;
  pool.Run([&](int index) {
    const size_t b = words * static_cast<size_t>(index) / threads;
    const size_t e = words * static_cast<size_t>(index + 1) / threads;
    uint64_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    size_t i = b;
    for (; i + 4 <= e; i += 4) {
      a0 += buffer[i];
      a1 += buffer[i + 1];
      a2 += buffer[i + 2];
      a3 += buffer[i + 3];
    }
    for (; i < e; ++i) a0 += buffer[i];
    sinks[static_cast<size_t>(index)] = a0 + a1 + a2 + a3;
  });
  const double seconds = timer.Seconds();
  uint64_t sum = 0;
  for (uint64_t s : sinks) sum ^= s;
  probe_sink.fetch_xor(sum, std::memory_order_relaxed);
  return static_cast<double>(probe.size()) / seconds / 1e9;
}

double MeasureReadBandwidth(ThreadPool& pool, const HugePageBuffer& probe, int passes) {
  double best = 0;
  for (int pass = 0; pass < passes; ++pass) best = std::max(best, ReadProbePass(pool, probe));
  return best;
}

}  // namespace dm
