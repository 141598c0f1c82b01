#include "util/read_bandwidth.h"

#include <gtest/gtest.h>

#include <cmath>

namespace dm {
namespace {

TEST(ReadBandwidth, ProbeIsFilledAndLargerThanCaches) {
  ThreadPool pool(2);
  auto probe = MakeReadProbe(pool);
  ASSERT_TRUE(probe.ok()) << probe.status().ToString();
  EXPECT_GE(probe->size(), size_t{512} << 20);
  // Every page was touched with the word pattern (word i holds i * odd constant).
  const auto* words = reinterpret_cast<const uint64_t*>(probe->data());
  const size_t n = probe->size() / sizeof(uint64_t);
  for (size_t i : {size_t{1}, n / 2 + 1, n - 1}) EXPECT_EQ(words[i], i * 0x9e3779b97f4a7c15ull) << i;
}

TEST(ReadBandwidth, RatesArePositiveAndFiniteForAnyThreadCount) {
  for (int threads : {1, 3}) {
    ThreadPool pool(threads);
    auto probe = MakeReadProbe(pool);
    ASSERT_TRUE(probe.ok()) << probe.status().ToString();
    const double one = ReadProbePass(pool, *probe);
    EXPECT_TRUE(std::isfinite(one));
    EXPECT_GT(one, 0);
    const double best = MeasureReadBandwidth(pool, *probe, 2);
    EXPECT_TRUE(std::isfinite(best));
    EXPECT_GT(best, 0);
  }
}

}  // namespace
}  // namespace dm
