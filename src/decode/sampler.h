// Sampler: picks the next token from logits, after the grammar mask.
//
// Pipeline (each stage optional): mask (tokens outside it are never chosen) ->
// repetition penalty (CTRL: logit / p if positive, * p if negative, for tokens
// in the last `penalty_last_n` accepted) -> presence and frequency penalties
// (logit -= presence + frequency * count) -> greedy when temperature <= 0,
// else top-k -> softmax(logit / temperature) -> top-p (smallest set with
// cumulative probability >= top_p) -> min-p (drop tokens with
// p < min_p * p_max) -> draw with a seeded std::mt19937_64. The same seed,
// logits and accepted history give the same tokens on every platform that
// uses IEEE floats (the RNG is portable; no std::*_distribution is used).
//
// Cost per call, n allowed tokens: O(n) when neither top-k nor top-p is set
// (nothing is sorted); top-k sorts its k best; top-p finds its cut from
// per-bucket weight sums and sorts one bucket. Penalties cost
// O(penalty_last_n * log n).
#pragma once

#include <cstdint>
#include <deque>
#include <bit>
#include <random>
#include <span>
#include <unordered_map>
#include <vector>

#include "decode/token_mask.h"

namespace dm::decode {

struct SamplerConfig {
  float temperature = 1.0f;  // <= 0: greedy (argmax, lowest id on ties)
  int32_t top_k = 0;         // 0: off
  float top_p = 1.0f;        // 1: off
  float min_p = 0.0f;        // 0: off
  float repetition_penalty = 1.0f;  // 1: off
  float presence_penalty = 0.0f;
  float frequency_penalty = 0.0f;
  int32_t penalty_last_n = 64;  // history window for the penalties
  uint64_t seed = 0;
};

class Sampler {
 public:
  explicit Sampler(SamplerConfig config = {});

  // The chosen token id, or -1 when the mask allows nothing. `logits` has one
  // entry per vocabulary id; `mask`, when given, has the same size.
  int32_t Sample(std::span<const float> logits, const TokenMask* mask = nullptr);
  // Records an accepted token (for the penalties); call for forced tokens too.
  void Accept(int32_t token);
  // Clears the history and reseeds.
  void Reset();
  const SamplerConfig& config() const { return config_; }

 private:
  // A token still in the running: `value` is its (penalized) logit, then its
  // weight relative to the best one once the temperature is applied.
  struct Candidate {
    float value;
    int32_t id;
  };
  float Penalized(float logit, int32_t count) const;
  // Fills candidates_ with the allowed tokens in ascending id order, penalized.
  void CollectCandidates(std::span<const float> logits, const TokenMask* mask);
  // Keeps the shortest best-first prefix of candidates_ whose weight sum
  // reaches `target` (all of them if none does), in their current order.
  template <typename Better>
  void KeepTopP(double target, Better better);
  double Uniform();  // in [0, 1)

  SamplerConfig config_;
  std::mt19937_64 rng_;
  std::deque<int32_t> history_;
  std::unordered_map<int32_t, int32_t> counts_;
  std::vector<Candidate> candidates_;
  std::vector<Candidate> scratch_;  // KeepTopP's working copy
};

}  // namespace dm::decode
