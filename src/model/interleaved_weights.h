// Row-interleaved copies of a model's matrices (kernels/interleave.h), made
// once at load for the matrices the active kernel path decodes faster that
// way (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, IQ4_NL, Q4_K, Q5_K and Q6_K with AVX-512
// VNNI). The copies replace the mapped bytes: the file's pages are released
// piece by piece as they are copied (and wholly by Model::FromGguf), a tied
// token embedding reads its rows from the copy, and the norm and bias vectors
// are copied too, so resident memory stays about the model's size, during
// the copy as after.
// The copies lie in huge pages (util/huge_page_buffer.h).
#pragma once

#include <cstddef>
#include <vector>

#include "gguf/gguf_file.h"
#include "model/weights.h"
#include "util/huge_page_buffer.h"
#include "util/status.h"

namespace dm {

class InterleavedWeights {
 public:
  InterleavedWeights() = default;

  // Points each matrix of `w` that PrefersInterleaved at an interleaved copy
  // owned by the result (and, when there is one, the norm and bias vectors
  // at copies). The pages of `file` (which `w` points into) that a copied
  // piece covered are released as soon as it is copied, so resident memory
  // peaks near the model's size, not twice it. Fails only when the copy
  // cannot be allocated.
  static Result<InterleavedWeights> Make(Weights& w, const GgufFile& file);

  // Bytes of the copies (0 when no matrix was regrouped).
  size_t bytes() const { return buffer_.size(); }

 private:
  HugePageBuffer buffer_;  // huge pages: decode streams all of it per token
  std::vector<std::vector<float>> vectors_;
};

}  // namespace dm
