// Row-interleaved copies of a model's matrices (kernels/interleave.h), made
// once at load for the matrices the active kernel path decodes faster that
// way (Q4_0, Q5_0, Q8_0, Q4_K and Q6_K with AVX-512 VNNI). The copies
// replace the mapped bytes: the file's pages are released after copying
// (Model::FromGguf), a tied token embedding reads its rows from the copy,
// and the norm and bias vectors are copied too, so resident memory stays
// about the model's size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

#include "model/weights.h"
#include "util/status.h"

namespace dm {

class InterleavedWeights {
 public:
  InterleavedWeights() = default;

  // Points each matrix of `w` that PrefersInterleaved at an interleaved copy
  // owned by the result (and, when there is one, the norm and bias vectors
  // at copies). Fails only when the copy cannot be allocated.
  static Result<InterleavedWeights> Make(Weights& w);

  // Bytes of the copies (0 when no matrix was regrouped).
  size_t bytes() const { return bytes_; }

 private:
  struct Free {
    void operator()(uint8_t* p) const { std::free(p); }
  };
  std::unique_ptr<uint8_t, Free> buffer_;
  size_t bytes_ = 0;
  std::vector<std::vector<float>> vectors_;
};

}  // namespace dm
