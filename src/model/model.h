// A loaded model: the mapped GGUF file, its immutable Config, read-only Weights
// (views into the mapping, or into row-interleaved copies of the matrices the
// active kernel path decodes faster, see interleaved_weights.h) and RoPE
// angles. A Model is const after Load and can
// serve any number of sessions (each with its own State) at once.
//
//   auto model = Model::Load("qwen2.5-1.5b-q4_k_m.gguf");      // Result<unique_ptr>
//   State state(**model, StateOptions{});                      // KV cache + scratch
//   auto logits = Forward(**model, state, tokens, pool);        // see forward.h
#pragma once

#include <memory>
#include <string>

#include "gguf/gguf_file.h"
#include "model/config.h"
#include "model/interleaved_weights.h"
#include "model/rope.h"
#include "model/weights.h"
#include "util/status.h"

namespace dm {

class Model {
 public:
  // Maps and validates a model file. Refuses unsupported architectures and
  // hyperparameters, missing/misshapen/unexpected tensors and unsupported
  // weight types with a message naming the problem.
  static Result<std::unique_ptr<Model>> Load(const std::string& path);
  // Takes ownership of an opened file.
  static Result<std::unique_ptr<Model>> FromGguf(GgufFile file);

  const Config& config() const { return config_; }
  const Weights& weights() const { return weights_; }
  const RopeAngles& rope() const { return rope_; }
  const GgufFile& gguf() const { return file_; }
  // Wall time of Load (map, parse, validate, interleave), in milliseconds.
  double load_ms() const { return load_ms_; }

  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

 private:
  Model() = default;

  GgufFile file_;
  Config config_;
  Weights weights_;
  InterleavedWeights interleaved_;
  RopeAngles rope_;
  double load_ms_ = 0;
};

}  // namespace dm
