#include "util/thread_pool.h"

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
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

TEST(ThreadPool, ParallelForStealingCoversRangeExactlyOnceInShrinkingChunks) {
  for (int threads : {1, 2, 3}) {
    ThreadPool pool(threads);
    for (size_t n : {0u, 1u, 7u, 64u, 1000u, 1001u}) {
      for (size_t min_chunk : {1u, 5u, 64u}) {
        std::vector<std::atomic<int>> hits(n);
        std::atomic<size_t> claims{0};
        pool.ParallelForStealing(n, min_chunk, [&](size_t begin, size_t end) {
          EXPECT_LT(begin, end);
          // At least min_chunk unless a range ends, at most a quarter of a
          // thread's share (or min_chunk).
          if (threads > 1 && n > min_chunk) {
            EXPECT_LE(end - begin, std::max<size_t>(min_chunk, (n + threads - 1) / threads / 4));
          }
          claims.fetch_add(1);
          for (size_t i = begin; i < end; ++i) hits[i].fetch_add(1);
        });
        for (size_t i = 0; i < n; ++i) ASSERT_EQ(hits[i].load(), 1) << "n=" << n << " i=" << i;
        // Shrinking shares keep the claims logarithmic in n / min_chunk.
        if (threads > 1 && n >= 1000 && min_chunk == 5) {
          EXPECT_LE(claims.load(), 30u * threads) << "threads=" << threads << " n=" << n;
        }
      }
    }
  }
}

// The chunks a thread runs from its own share are adjacent and in order (one
// stream of rows), starting at the share's beginning.
TEST(ThreadPool, ParallelForStealingRunsEachShareInOrder) {
  ThreadPool pool(2);
  const size_t n = 4000;
  std::mutex mutex;
  std::map<std::thread::id, std::vector<std::pair<size_t, size_t>>> chunks;
  pool.ParallelForStealing(n, 3, [&](size_t begin, size_t end) {
    std::lock_guard<std::mutex> lock(mutex);
    chunks[std::this_thread::get_id()].push_back({begin, end});
  });
  for (const auto& [id, list] : chunks) {
    ASSERT_FALSE(list.empty());
    const size_t share_begin = list[0].first;
    ASSERT_TRUE(share_begin == 0 || share_begin == n / 2);
    size_t i = 1;
    while (i < list.size() && list[i].first == list[i - 1].second) ++i;
    // Chunks after the run of adjacent ones are taken from the other share.
    for (size_t k = i; k < list.size(); ++k) {
      EXPECT_TRUE(list[k].first < share_begin || list[k].first >= share_begin + n / 2);
    }
  }
}

// A thread held up in its first chunk (as when another process takes its
// core) leaves the rest of its share to the other thread.
TEST(ThreadPool, ParallelForStealingTakesWorkFromASlowThread) {
  ThreadPool pool(2);
  const size_t n = 1000;
  const auto caller = std::this_thread::get_id();
  std::atomic<size_t> worker_units{0}, worker_chunks{0};
  std::vector<std::atomic<int>> hits(n);
  std::atomic<bool> caller_started{false};
  pool.ParallelForStealing(n, 2, [&](size_t begin, size_t end) {
    if (std::this_thread::get_id() != caller) {
      if (worker_chunks.fetch_add(1) == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      worker_units.fetch_add(end - begin);
    } else if (!caller_started.exchange(true)) {
      // Let the worker claim its first chunk before the caller goes on (up
      // to 1 s: the worker may not run at all on a loaded machine).
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
      while (worker_chunks.load() == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    }
    for (size_t i = begin; i < end; ++i) hits[i].fetch_add(1);
  });
  for (size_t i = 0; i < n; ++i) ASSERT_EQ(hits[i].load(), 1) << i;
  // At most its first claim (a quarter of its share) and what it took in the
  // instant after waking, never the half an even split would give it.
  EXPECT_LE(worker_chunks.load(), 2u);
  EXPECT_LE(worker_units.load(), n / 2 / 4 + 2);
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
