#include "util/thread_pool.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>

#if defined(__x86_64__)
#include <immintrin.h>
#define DM_CPU_RELAX() _mm_pause()
#else
#define DM_CPU_RELAX() ((void)0)
#endif

namespace dm {
namespace {

// How long an idle worker spins before it sleeps: long enough to bridge the
// gap between two matrix products of one token, short enough not to burn a
// core between tokens.
constexpr int kSpinIterations = 1 << 16;
// Spinning threads yield the core this often, so that on an oversubscribed
// machine (more runnable threads than cores) a descheduled worker or the
// thread it waits for gets to run instead of a whole time slice of spinning.
constexpr int kYieldEvery = 256;

// Oversubscription guard: a job whose workers finish more than kLateWorkers
// after the caller finished its own share, and over kLateRatio times later
// than that share took, means a worker was descheduled (another process
// holds the core, for a time slice of milliseconds). Every job in that time
// would wait for it the same way (a decode token is over a hundred jobs of
// tens of microseconds), so jobs run on the caller alone for kInlineFirst,
// a window that doubles up to kInlineMax while parallel jobs keep coming
// back late. The ratio keeps long jobs (prefill: milliseconds each), whose
// ordinary imbalance on a shared machine can pass 1 ms, parallel.
constexpr auto kLateWorkers = std::chrono::microseconds(1000);
constexpr int kLateRatio = 4;
constexpr auto kInlineFirst = std::chrono::milliseconds(10);
constexpr auto kInlineMax = std::chrono::milliseconds(1280);

inline void SpinOnce(int spin) {
  if (spin % kYieldEvery == kYieldEvery - 1) {
    std::this_thread::yield();
  } else {
    DM_CPU_RELAX();
  }
}

std::mutex g_default_mutex;
std::unique_ptr<ThreadPool> g_default_pool;
int g_default_threads = 0;

}  // namespace

ThreadPool::ThreadPool(int num_threads)
    : num_threads_(std::max(1, num_threads)),
      ranges_(std::make_unique<StealRange[]>(static_cast<size_t>(num_threads_))),
      inline_window_(kInlineFirst) {
  workers_.reserve(static_cast<size_t>(num_threads_ - 1));
  for (int i = 1; i < num_threads_; ++i) {
    workers_.emplace_back([this, i] { WorkerLoop(i); });
  }
}

ThreadPool::~ThreadPool() {
  stop_.store(true, std::memory_order_release);
  PublishGeneration();
  for (auto& worker : workers_) worker.join();
}

void ThreadPool::PublishGeneration() {
  generation_.fetch_add(1, std::memory_order_seq_cst);
  // A worker registers as a sleeper before its last look at the generation,
  // so either it sees the new generation or we see it and wake it.
  if (sleepers_.load(std::memory_order_seq_cst) > 0) {
    { std::lock_guard<std::mutex> lock(sleep_mutex_); }
    wake_.notify_all();
  }
}

void ThreadPool::RunRaw(JobFn fn, void* ctx) {
  if (num_threads_ == 1) {
    fn(ctx, 0);
    return;
  }
  const auto start = std::chrono::steady_clock::now();
  if (start < inline_until_) {
    for (int index = 0; index < num_threads_; ++index) fn(ctx, index);
    return;
  }
  job_fn_ = fn;
  job_ctx_ = ctx;
  pending_.store(num_threads_ - 1, std::memory_order_relaxed);
  PublishGeneration();
  fn(ctx, 0);
  const auto own_share_done = std::chrono::steady_clock::now();
  for (int spin = 0; pending_.load(std::memory_order_acquire) != 0; ++spin) SpinOnce(spin);
  const auto wait = std::chrono::steady_clock::now() - own_share_done;
  if (wait > kLateWorkers && wait > kLateRatio * (own_share_done - start)) {
    last_inline_window_ = inline_window_;
    inline_until_ = std::chrono::steady_clock::now() + inline_window_;
    inline_window_ = std::min<std::chrono::nanoseconds>(2 * inline_window_, kInlineMax);
  } else {
    inline_window_ = kInlineFirst;
  }
}

void ThreadPool::WorkerLoop(int index) {
  // Generation 0 is the one at construction: a job published before this
  // thread got to run must still be seen as new.
  uint32_t seen = 0;
  for (;;) {
    uint32_t current = seen;
    for (int spin = 0; spin < kSpinIterations; ++spin) {
      current = generation_.load(std::memory_order_acquire);
      if (current != seen) break;
      SpinOnce(spin);
    }
    if (current == seen) {
      std::unique_lock<std::mutex> lock(sleep_mutex_);
      sleepers_.fetch_add(1, std::memory_order_seq_cst);
      while ((current = generation_.load(std::memory_order_seq_cst)) == seen) wake_.wait(lock);
      sleepers_.fetch_sub(1, std::memory_order_relaxed);
    }
    seen = current;
    if (stop_.load(std::memory_order_acquire)) return;
    job_fn_(job_ctx_, index);
    pending_.fetch_sub(1, std::memory_order_acq_rel);
  }
}

ThreadPool& ThreadPool::Default() {
  std::lock_guard<std::mutex> lock(g_default_mutex);
  if (!g_default_pool) {
    int n = g_default_threads > 0 ? g_default_threads
                                  : static_cast<int>(std::thread::hardware_concurrency());
    g_default_pool = std::make_unique<ThreadPool>(n);
  }
  return *g_default_pool;
}

void ThreadPool::SetDefaultThreads(int num_threads) {
  std::lock_guard<std::mutex> lock(g_default_mutex);
  g_default_threads = num_threads;
  g_default_pool.reset();
}

}  // namespace dm
