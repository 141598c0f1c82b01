// The machine's memory read bandwidth, as decode's yardstick: `dashmind
// bench` divides decode's bytes per second by it, and kernels_bench reports
// it beside the matrix kernels, so both compare against the same probe.
//
// The probe is a 512 MiB buffer in huge pages (as the regrouped weights
// are), far larger than the caches; each of the pool's threads sums its
// contiguous share of it as 64-bit words, in four independent chains, with
// no software prefetch (the hardware prefetcher's best on a plain stream).
#pragma once

#include "util/huge_page_buffer.h"
#include "util/status.h"
#include "util/thread_pool.h"

namespace dm {

// The probe buffer, filled once (every page touched) by the pool's threads.
Result<HugePageBuffer> MakeReadProbe(ThreadPool& pool);

// Reads all of `probe` once with every thread of `pool`; returns GB/s
// (1e9 bytes per second) of that one pass.
double ReadProbePass(ThreadPool& pool, const HugePageBuffer& probe);

// The best of `passes` passes (ReadProbePass); GB/s.
double MeasureReadBandwidth(ThreadPool& pool, const HugePageBuffer& probe, int passes = 5);

}  // namespace dm
