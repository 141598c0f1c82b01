// A persistent pool of worker threads for the kernels.
//
// Decode calls into the pool several hundred times per token, so dispatch must
// cost microseconds: workers spin briefly on a generation counter before
// sleeping on a condition variable, and a job is a plain function pointer plus
// context, never a heap allocation. The calling thread takes part as thread 0.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "util/status.h"

namespace dm {

class ThreadPool {
 public:
  // `num_threads` counts the caller; 1 means "run everything inline".
  explicit ThreadPool(int num_threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return num_threads_; }

  // Calls fn(thread_index) once for each index in [0, size()); returns when
  // all calls have returned. The calls run on the pool's threads, or one
  // after another on the caller's while workers are being descheduled (see
  // LastInlineWindow), so fn must not wait for another index's call. Not
  // reentrant: fn must not call Run on this pool.
  template <typename Fn>
  void Run(Fn&& fn) {
    auto trampoline = [](void* ctx, int index) { (*static_cast<Fn*>(ctx))(index); };
    RunRaw(trampoline, &fn);
  }

  // Splits [0, n) into size() contiguous ranges, rounded to multiples of
  // `align`, and calls fn(begin, end) for each non-empty range.
  template <typename Fn>
  void ParallelFor(size_t n, size_t align, Fn&& fn) {
    if (num_threads_ == 1 || n <= align) {
      if (n > 0) fn(size_t{0}, n);
      return;
    }
    const size_t units = (n + align - 1) / align;
    const size_t threads = static_cast<size_t>(num_threads_);
    Run([&](int index) {
      const size_t i = static_cast<size_t>(index);
      const size_t begin = std::min(n, (units * i / threads) * align);
      const size_t end = std::min(n, (units * (i + 1) / threads) * align);
      if (begin < end) fn(begin, end);
    });
  }

  // Splits [0, n) into size() contiguous ranges, one per thread, and calls
  // fn(begin, end) for chunks of them. Thread i claims the chunks of its own
  // range from the front, in order, so the rows it reads form one stream
  // (what the hardware prefetcher follows); a thread whose range is done
  // takes chunks from the back of the others' ranges, so a thread that is
  // descheduled or slowed holds up the others for at most one chunk. A claim
  // takes a quarter of what is left of the range, at least min_chunk. n must
  // be below 2^32.
  template <typename Fn>
  void ParallelForStealing(size_t n, size_t min_chunk, Fn&& fn) {
    if (num_threads_ == 1 || n <= min_chunk) {
      if (n > 0) fn(size_t{0}, n);
      return;
    }
    DM_CHECK(n <= 0xffffffffu);
    const size_t threads = static_cast<size_t>(num_threads_);
    for (size_t i = 0; i < threads; ++i) {
      ranges_[i].bounds.store(PackRange(n * i / threads, n * (i + 1) / threads), std::memory_order_relaxed);
    }
    Run([&](int index) {
      const size_t self = static_cast<size_t>(index);
      for (size_t k = 0; k < threads; ++k) {
        const bool own = k == 0;
        std::atomic<uint64_t>& bounds = ranges_[(self + k) % threads].bounds;
        uint64_t cur = bounds.load(std::memory_order_relaxed);
        for (;;) {
          const size_t begin = cur & 0xffffffffu, end = cur >> 32;
          if (begin >= end) break;
          const size_t take = std::min(end - begin, std::max(min_chunk, (end - begin) / 4));
          const uint64_t next = own ? PackRange(begin + take, end) : PackRange(begin, end - take);
          if (!bounds.compare_exchange_weak(cur, next, std::memory_order_relaxed)) continue;
          if (own) {
            fn(begin, begin + take);
          } else {
            fn(end - take, end);
          }
          cur = bounds.load(std::memory_order_relaxed);
        }
      }
    });
  }

  // How long jobs last ran on the caller alone after a worker came back late
  // (descheduled by another process) from a job; 0 if that never happened.
  std::chrono::nanoseconds LastInlineWindow() const { return last_inline_window_; }

  // The pool shared by the process, sized by SetDefaultThreads (default: the
  // number of hardware threads).
  static ThreadPool& Default();
  static void SetDefaultThreads(int num_threads);

 private:
  using JobFn = void (*)(void*, int);
  void RunRaw(JobFn fn, void* ctx);
  void WorkerLoop(int index);
  void PublishGeneration();
  static uint64_t PackRange(size_t begin, size_t end) { return begin | (static_cast<uint64_t>(end) << 32); }

  int num_threads_;
  std::vector<std::thread> workers_;
  JobFn job_fn_ = nullptr;
  void* job_ctx_ = nullptr;
  std::atomic<uint32_t> generation_{0};
  std::atomic<int> pending_{0};
  std::atomic<bool> stop_{false};
  // Workers that stopped spinning wait here; `sleepers_` lets Run skip the
  // mutex when every worker is still spinning.
  std::mutex sleep_mutex_;
  std::condition_variable wake_;
  std::atomic<int> sleepers_{0};
  // ParallelForStealing's ranges, [begin, end) packed as begin | end << 32,
  // one cache line each.
  struct alignas(64) StealRange {
    std::atomic<uint64_t> bounds{0};
  };
  std::unique_ptr<StealRange[]> ranges_;
  // Oversubscription guard (thread_pool.cc); touched by the caller only.
  std::chrono::steady_clock::time_point inline_until_{};  // run inline before this
  std::chrono::nanoseconds inline_window_;                // the next window's length
  std::chrono::nanoseconds last_inline_window_{0};
};

}  // namespace dm
