#include "util/percentile.h"

#include <algorithm>
#include <cmath>

namespace dm {

double Percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return 0;
  const double rank = std::ceil(std::clamp(p, 0.0, 1.0) * static_cast<double>(samples.size()));
  const size_t i = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
  std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(i), samples.end());
  return samples[i];
}

}  // namespace dm
