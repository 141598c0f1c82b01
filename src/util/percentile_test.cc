#include "util/percentile.h"

#include <gtest/gtest.h>

namespace dm {
namespace {

TEST(PercentileTest, NearestRank) {
  const std::vector<double> v = {5, 1, 4, 2, 3};
  EXPECT_EQ(Percentile(v, 0.0), 1);
  EXPECT_EQ(Percentile(v, 0.5), 3);   // rank ceil(2.5) = 3
  EXPECT_EQ(Percentile(v, 0.99), 5);
  EXPECT_EQ(Percentile(v, 1.0), 5);
  EXPECT_EQ(Percentile({7, 9}, 0.5), 7);  // rank 1 of 2
  EXPECT_EQ(Percentile({}, 0.5), 0);
  EXPECT_EQ(Percentile({2, 1}, 2.0), 2);  // p clamped
}

}  // namespace
}  // namespace dm
