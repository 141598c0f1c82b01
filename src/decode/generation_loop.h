// Generate: the decode loop of one sequence, with or without a grammar, for
// any model given as a function from fed tokens to the next logits (the CLI
// binds it to model/forward.h; tests use a fake).
//
// Each step samples one token from the logits (under the matcher's mask when
// a matcher is given) and feeds it back. With `forced_runs`, whenever the
// grammar admits exactly one continuation (GrammarMatcher::ForcedTokens: a
// property name, `":`, closing `"}`), those tokens are appended without
// sampling and fed to the model in one batch, so a run of k forced tokens
// costs one forward pass instead of k.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "decode/grammar_matcher.h"
#include "decode/sampler.h"
#include "decode/token_mask.h"

namespace dm::decode {

// Feeds `tokens` (one or more) after everything fed before and returns the
// logits after the last of them (one per vocabulary id, valid until the next
// call); an empty span stops the generation (the model failed).
using ForwardFn = std::function<std::span<const float>(std::span<const int32_t> tokens)>;

struct GenerationOptions {
  int max_tokens = 128;
  bool forced_runs = false;
  // When the grammar's sentence ends (EOS accepted, or nothing can follow),
  // start a new one instead of stopping: a benchmark's steady stream of
  // constrained values.
  bool restart = false;
};

struct GenerationResult {
  std::vector<int32_t> tokens;  // every generated token, sampled or forced, EOS included
  int sampled = 0;              // tokens chosen by the sampler
  int forced = 0;               // tokens appended from forced runs
  int forward_calls = 0;
  double mask_ms = 0;           // time in FillMask
  bool failed = false;          // the model failed or the mask allowed nothing
};

// `logits`: the model's logits after the prompt. `matcher` may be null
// (unconstrained); `sampler` and `matcher` keep their state across calls.
GenerationResult Generate(std::span<const float> logits, const ForwardFn& forward, Sampler& sampler,
                          GrammarMatcher* matcher, const GenerationOptions& options);

}  // namespace dm::decode
