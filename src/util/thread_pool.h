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
#include <mutex>
#include <thread>
#include <vector>

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

  // Splits [0, n) into chunks that threads claim in order from a shared
  // counter, and calls fn(begin, end) for each: a thread that is descheduled
  // or slowed by other work takes fewer chunks instead of holding up the
  // others at the end. Each claim takes a share of what is left (remaining /
  // (2 * size()), at least min_chunk): large chunks first, so claims are few,
  // and small ones last, so the threads finish together. No allocation.
  template <typename Fn>
  void ParallelForGuided(size_t n, size_t min_chunk, Fn&& fn) {
    if (num_threads_ == 1 || n <= min_chunk) {
      if (n > 0) fn(size_t{0}, n);
      return;
    }
    const size_t divisor = 2 * static_cast<size_t>(num_threads_);
    std::atomic<size_t> next{0};
    Run([&](int) {
      size_t begin = next.load(std::memory_order_relaxed);
      for (;;) {
        if (begin >= n) return;
        const size_t end = std::min(n, begin + std::max(min_chunk, (n - begin) / divisor));
        if (next.compare_exchange_weak(begin, end, std::memory_order_relaxed)) {
          fn(begin, end);
          begin = next.load(std::memory_order_relaxed);
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
  // Oversubscription guard (thread_pool.cc); touched by the caller only.
  std::chrono::steady_clock::time_point inline_until_{};  // run inline before this
  std::chrono::nanoseconds inline_window_;                // the next window's length
  std::chrono::nanoseconds last_inline_window_{0};
};

}  // namespace dm
