// Order statistics of measured samples (latencies, rates) for reports.
#pragma once

#include <vector>

namespace dm {

// The p-quantile (0 <= p <= 1) of `samples` by the nearest-rank method: the
// smallest sample with at least p * n samples at or below it (the minimum for
// p = 0); 0 when there are none.
double Percentile(std::vector<double> samples, double p);

}  // namespace dm
