#include "util/thread_pool.h"

#include <atomic>
#include <chrono>
#include <numeric>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace dm {
namespace {

TEST(ThreadPool, RunCallsEveryThreadOnce) {
  for (int n : {1, 2, 3, 5}) {
    ThreadPool pool(n);
    std::vector<std::atomic<int>> calls(static_cast<size_t>(n));
    for (int round = 0; round < 200; ++round) {
      pool.Run([&](int index) { calls[static_cast<size_t>(index)].fetch_add(1); });
    }
    for (auto& c : calls) EXPECT_EQ(c.load(), 200);
  }
}

TEST(ThreadPool, ParallelForCoversRangeExactlyOnceAligned) {
  ThreadPool pool(3);
  for (size_t n : {0u, 1u, 7u, 64u, 1000u, 1001u}) {
    for (size_t align : {1u, 4u, 32u}) {
      std::vector<int> hits(n, 0);
      pool.ParallelFor(n, align, [&](size_t begin, size_t end) {
        EXPECT_LT(begin, end);
        EXPECT_EQ(begin % align, 0u);
        for (size_t i = begin; i < end; ++i) hits[i]++;
      });
      for (size_t i = 0; i < n; ++i) ASSERT_EQ(hits[i], 1) << "n=" << n << " i=" << i;
    }
  }
}

TEST(ThreadPool, ParallelForGuidedCoversRangeExactlyOnceInShrinkingChunks) {
  for (int threads : {1, 2, 3}) {
    ThreadPool pool(threads);
    for (size_t n : {0u, 1u, 7u, 64u, 1000u, 1001u}) {
      for (size_t min_chunk : {1u, 5u, 64u}) {
        std::vector<std::atomic<int>> hits(n);
        std::atomic<size_t> claims{0};
        pool.ParallelForGuided(n, min_chunk, [&](size_t begin, size_t end) {
          EXPECT_LT(begin, end);
          // At least min_chunk (unless the range ends) and at most the share
          // of what was left when the chunk was claimed.
          EXPECT_TRUE(end - begin >= min_chunk || end == n);
          if (threads > 1 && n > min_chunk) {
            EXPECT_LE(end - begin, std::max<size_t>(min_chunk, (n - begin) / (2 * threads)));
          }
          claims.fetch_add(1);
          for (size_t i = begin; i < end; ++i) hits[i].fetch_add(1);
        });
        for (size_t i = 0; i < n; ++i) ASSERT_EQ(hits[i].load(), 1) << "n=" << n << " i=" << i;
        // Shrinking shares keep the claims logarithmic in n / min_chunk.
        if (threads > 1 && n >= 1000 && min_chunk == 5) {
          EXPECT_LE(claims.load(), 60u) << "threads=" << threads << " n=" << n;
        }
      }
    }
  }
}

// A worker that comes back from a job long after the caller (as when another
// process holds its core) sends the jobs of the next 10 ms to the caller
// alone, each index in turn; then the pool goes parallel again, and the
// window doubles while workers keep coming back late.
TEST(ThreadPool, RunsJobsOnTheCallerWhileAWorkerComesBackLate) {
  ThreadPool pool(2);
  const auto late_job = [](int index) {
    if (index == 1) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  };
  EXPECT_EQ(pool.LastInlineWindow(), std::chrono::nanoseconds(0));
  pool.Run([&](int index) { late_job(index); });
  ASSERT_EQ(pool.LastInlineWindow(), std::chrono::milliseconds(10));

  const std::thread::id caller = std::this_thread::get_id();
  std::vector<int> order;
  std::vector<std::thread::id> ran_on(2);
  pool.Run([&](int index) {
    order.push_back(index);  // safe: inline calls run one after another
    ran_on[static_cast<size_t>(index)] = std::this_thread::get_id();
  });
  EXPECT_EQ(order, (std::vector<int>{0, 1}));
  EXPECT_EQ(ran_on[1], caller);

  // After the window, parallel again: late once more, the window doubles.
  std::this_thread::sleep_for(std::chrono::milliseconds(15));
  std::thread::id worker_id;
  pool.Run([&](int index) {
    late_job(index);
    if (index == 1) worker_id = std::this_thread::get_id();
  });
  EXPECT_NE(worker_id, caller);
  EXPECT_EQ(pool.LastInlineWindow(), std::chrono::milliseconds(20));
}

// A long job (as in prefill) whose worker finishes well after the caller is
// ordinary imbalance, not a descheduled worker: the pool stays parallel.
TEST(ThreadPool, LongJobsWithSomeImbalanceStayParallel) {
  ThreadPool pool(2);
  pool.Run([](int index) { std::this_thread::sleep_for(std::chrono::milliseconds(index == 0 ? 40 : 80)); });
  EXPECT_EQ(pool.LastInlineWindow(), std::chrono::nanoseconds(0));
}

TEST(ThreadPool, ResultsAreVisibleAfterRun) {
  ThreadPool pool(2);
  std::vector<int64_t> data(1 << 16);
  for (int round = 1; round <= 50; ++round) {
    pool.ParallelFor(data.size(), 16, [&](size_t b, size_t e) {
      for (size_t i = b; i < e; ++i) data[i] = static_cast<int64_t>(i) * round;
    });
    int64_t sum = std::accumulate(data.begin(), data.end(), int64_t{0});
    int64_t n = static_cast<int64_t>(data.size());
    ASSERT_EQ(sum, round * n * (n - 1) / 2);
  }
}

}  // namespace
}  // namespace dm
