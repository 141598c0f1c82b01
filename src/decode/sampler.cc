#include "decode/sampler.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>

namespace dm::decode {

Sampler::Sampler(SamplerConfig config) : config_(config), rng_(config.seed) {}

void Sampler::Reset() {
  rng_.seed(config_.seed);
  history_.clear();
  counts_.clear();
}

void Sampler::Accept(int32_t token) {
  history_.push_back(token);
  ++counts_[token];
  while (static_cast<int32_t>(history_.size()) > std::max(config_.penalty_last_n, 0)) {
    const int32_t old = history_.front();
    history_.pop_front();
    if (--counts_[old] == 0) counts_.erase(old);
  }
}

float Sampler::Penalized(float logit, int32_t count) const {
  if (config_.repetition_penalty != 1.0f) {
    logit = logit > 0 ? logit / config_.repetition_penalty : logit * config_.repetition_penalty;
  }
  return logit - config_.presence_penalty - config_.frequency_penalty * static_cast<float>(count);
}

double Sampler::Uniform() { return static_cast<double>(rng_() >> 11) * 0x1.0p-53; }

void Sampler::CollectCandidates(std::span<const float> logits, const TokenMask* mask) {
  candidates_.clear();
  const size_t n = logits.size();
  if (mask) {
    const auto& words = mask->words();
    for (size_t w = 0; w < words.size(); ++w) {
      for (uint64_t bits = words[w]; bits; bits &= bits - 1) {
        const size_t id = w * 64 + static_cast<size_t>(std::countr_zero(bits));
        if (id < n) candidates_.push_back({logits[id], static_cast<int32_t>(id)});
      }
    }
  } else {
    candidates_.resize(n);
    for (size_t id = 0; id < n; ++id) candidates_[id] = {logits[id], static_cast<int32_t>(id)};
  }
  // Candidates are in ascending id order: the penalized ones are found by
  // binary search, O(history * log n) instead of a lookup per token.
  for (const auto& [id, count] : counts_) {
    auto it = std::lower_bound(candidates_.begin(), candidates_.end(), id,
                               [](const Candidate& c, int32_t key) { return c.id < key; });
    if (it != candidates_.end() && it->id == id) it->value = Penalized(it->value, count);
  }
}

int32_t Sampler::Sample(std::span<const float> logits, const TokenMask* mask) {
  CollectCandidates(logits, mask);
  if (candidates_.empty()) return -1;
  // Best first: higher logit, then lower id.
  auto better = [](const Candidate& a, const Candidate& b) {
    return a.value > b.value || (a.value == b.value && a.id < b.id);
  };
  if (config_.temperature <= 0.0f) {
    return std::min_element(candidates_.begin(), candidates_.end(), better)->id;
  }
  if (config_.top_k > 0 && static_cast<size_t>(config_.top_k) < candidates_.size()) {
    const auto k = static_cast<std::ptrdiff_t>(config_.top_k);
    // Sorted (a total order), so the draw below visits them in the same order
    // with every standard library.
    std::partial_sort(candidates_.begin(), candidates_.begin() + k, candidates_.end(), better);
    candidates_.resize(static_cast<size_t>(k));
  }
  // value := exp((logit - best) / temperature), the weight relative to the
  // best candidate, in (0, 1]; the order of candidates is unchanged by this.
  const float best = std::min_element(candidates_.begin(), candidates_.end(), better)->value;
  const float inv_t = 1.0f / config_.temperature;
  double total = 0;
  for (Candidate& c : candidates_) {
    c.value = std::exp((c.value - best) * inv_t);
    total += c.value;
  }
  // min-p: p / p_max = weight. Only the worst candidates go, so this commutes
  // with top-p below, whose threshold stays a share of the top-k total.
  if (config_.min_p > 0.0f) {
    const float floor = std::min(config_.min_p, 1.0f);
    std::erase_if(candidates_, [&](const Candidate& c) { return c.value < floor; });
  }
  if (config_.top_p < 1.0f) KeepTopP(config_.top_p * total, better);
  double kept = 0;
  for (const Candidate& c : candidates_) kept += c.value;
  double r = Uniform() * kept;
  for (const Candidate& c : candidates_) {
    r -= c.value;
    if (r < 0) return c.id;
  }
  return candidates_.back().id;
}

namespace {

// Weight buckets for top-p, best first: a weight in (0, 1] falls in bucket
// (bits(1.0f) - bits(w)) >> 20, i.e. by its binary exponent and top three
// mantissa bits (a factor of at most 2^(1/8) per bucket), so the bucket index
// never decreases as the weight drops. Bucket 1023 takes every weight below
// about 2^-127 (and 0).
constexpr size_t kWeightBuckets = 1024;

size_t WeightBucket(float weight) {
  const uint32_t bits = std::bit_cast<uint32_t>(weight);
  return std::min<size_t>(kWeightBuckets - 1, (0x3F800000u - bits) >> 20);
}

}  // namespace

template <typename Better>
void Sampler::KeepTopP(double target, Better better) {
  // One pass sums the weight per bucket; the bucket where the running sum
  // reaches `target` holds the boundary (the last candidate kept, in
  // best-first order) and is the only one sorted. O(n) however the mass is
  // spread. candidates_ stays in its order, so the draw is the same with
  // every standard library.
  std::array<double, kWeightBuckets> mass{};
  for (const Candidate& c : candidates_) mass[WeightBucket(c.value)] += c.value;
  double above = 0;  // weight of the buckets before `edge`
  size_t edge = 0;
  while (edge < kWeightBuckets && above + mass[edge] < target) above += mass[edge++];
  if (edge == kWeightBuckets) return;  // rounding: the whole set is needed
  scratch_.clear();
  for (const Candidate& c : candidates_) {
    if (WeightBucket(c.value) == edge) scratch_.push_back(c);
  }
  std::sort(scratch_.begin(), scratch_.end(), better);
  Candidate boundary = scratch_.back();
  for (const Candidate& c : scratch_) {
    above += c.value;
    if (above >= target) {
      boundary = c;
      break;
    }
  }
  std::erase_if(candidates_, [&](const Candidate& c) { return better(boundary, c); });
}

}  // namespace dm::decode
