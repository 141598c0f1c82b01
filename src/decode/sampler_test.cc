#include "decode/sampler.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace dm::decode {
namespace {

TEST(Sampler, GreedyPicksBestAllowed) {
  Sampler s({.temperature = 0});
  const std::vector<float> logits = {1, 5, 3, 4};
  EXPECT_EQ(s.Sample(logits), 1);
  TokenMask mask(4);
  mask.Set(2);
  mask.Set(3);
  EXPECT_EQ(s.Sample(logits, &mask), 3);
  TokenMask none(4);
  EXPECT_EQ(s.Sample(logits, &none), -1);
}

TEST(Sampler, MaskIsNeverViolated) {
  Sampler s({.temperature = 5.0f, .seed = 3});
  std::vector<float> logits(100);
  for (int i = 0; i < 100; ++i) logits[static_cast<size_t>(i)] = static_cast<float>(i % 7);
  TokenMask mask(100);
  for (int i = 0; i < 100; i += 9) mask.Set(i);
  for (int k = 0; k < 2000; ++k) {
    const int32_t t = s.Sample(logits, &mask);
    ASSERT_TRUE(mask.Test(t)) << t;
  }
}

TEST(Sampler, SeededAndReproducible) {
  std::vector<float> logits(50);
  for (int i = 0; i < 50; ++i) logits[static_cast<size_t>(i)] = std::sin(static_cast<float>(i));
  auto run = [&](uint64_t seed) {
    Sampler s({.temperature = 1.0f, .top_p = 0.95f, .seed = seed});
    std::vector<int32_t> out;
    for (int i = 0; i < 64; ++i) {
      out.push_back(s.Sample(logits));
      s.Accept(out.back());
    }
    return out;
  };
  EXPECT_EQ(run(42), run(42));
  EXPECT_NE(run(42), run(43));
}

TEST(Sampler, MatchesSoftmaxDistribution) {
  Sampler s({.temperature = 1.0f, .seed = 9});
  const std::vector<float> logits = {std::log(0.25f), std::log(0.75f)};
  int ones = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) ones += s.Sample(logits) == 1;
  EXPECT_NEAR(static_cast<double>(ones) / n, 0.75, 0.02);
}

TEST(Sampler, TopKTopPMinPTruncate) {
  const std::vector<float> logits = {0.0f, 2.0f, 1.9f, -1.0f, 1.8f};
  Sampler k1({.temperature = 1.0f, .top_k = 1, .seed = 1});
  Sampler p({.temperature = 1.0f, .top_p = 0.01f, .seed = 1});
  Sampler m({.temperature = 1.0f, .min_p = 0.85f, .seed = 1});
  for (int i = 0; i < 500; ++i) {
    EXPECT_EQ(k1.Sample(logits), 1);
    EXPECT_EQ(p.Sample(logits), 1);
    const int32_t t = m.Sample(logits);  // p(2)/p(1) = e^-0.1 = 0.905 >= 0.85; p(4)/p(1) = 0.82
    EXPECT_TRUE(t == 1 || t == 2) << t;
  }
}

// The pipeline of sampler.h written the obvious way (sort everything): the
// probability of each token after top-k, softmax, top-p and min-p.
std::vector<double> ReferenceDistribution(const std::vector<float>& logits, const SamplerConfig& c) {
  std::vector<int> order(logits.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return logits[a] > logits[b]; });
  size_t k = order.size();
  if (c.top_k > 0) k = std::min(k, static_cast<size_t>(c.top_k));
  std::vector<double> p(k);
  double sum = 0;
  for (size_t i = 0; i < k; ++i) sum += p[i] = std::exp((logits[order[i]] - logits[order[0]]) / c.temperature);
  size_t keep = k;
  double cum = 0;
  for (size_t i = 0; i < k && c.top_p < 1.0f; ++i) {
    cum += p[i] / sum;
    if (cum >= c.top_p) {
      keep = i + 1;
      break;
    }
  }
  size_t m = 1;
  while (m < keep && p[m] >= c.min_p * p[0]) ++m;
  std::vector<double> out(logits.size(), 0.0);
  const double kept = std::accumulate(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(m), 0.0);
  for (size_t i = 0; i < m; ++i) out[order[i]] = p[i] / kept;
  return out;
}

TEST(Sampler, DrawsFromTheTruncatedSoftmax) {
  std::mt19937 rng(3);
  std::normal_distribution<float> normal(0.0f, 1.5f);
  std::vector<float> logits(200);
  for (float& x : logits) x = normal(rng);
  const SamplerConfig configs[] = {{.temperature = 0.8f},
                                   {.temperature = 1.2f, .top_k = 7},
                                   {.temperature = 0.7f, .top_p = 0.6f},
                                   {.temperature = 1.0f, .min_p = 0.2f},
                                   {.temperature = 0.9f, .top_k = 50, .top_p = 0.8f, .min_p = 0.1f}};
  for (const SamplerConfig& config : configs) {
    const std::vector<double> want = ReferenceDistribution(logits, config);
    Sampler sampler(config);
    std::vector<int> hits(logits.size(), 0);
    const int n = 40000;
    for (int i = 0; i < n; ++i) ++hits[static_cast<size_t>(sampler.Sample(logits))];
    for (size_t id = 0; id < logits.size(); ++id) {
      if (want[id] == 0) {
        EXPECT_EQ(hits[id], 0) << "token " << id << " is outside the kept set, top_k " << config.top_k;
      } else {
        EXPECT_NEAR(static_cast<double>(hits[id]) / n, want[id], 0.012) << "token " << id;
      }
    }
  }
}

TEST(Sampler, PenaltiesDiscourageRepeats) {
  const std::vector<float> logits = {2.0f, 1.5f, 0.0f};
  Sampler rep({.temperature = 0, .repetition_penalty = 2.0f});
  rep.Accept(0);
  EXPECT_EQ(rep.Sample(logits), 1);  // 2.0 / 2 = 1.0 < 1.5
  Sampler pres({.temperature = 0, .presence_penalty = 0.6f});
  pres.Accept(0);
  EXPECT_EQ(pres.Sample(logits), 1);
  Sampler freq({.temperature = 0, .frequency_penalty = 0.3f});
  freq.Accept(0);
  EXPECT_EQ(freq.Sample(logits), 0);  // 2.0 - 0.3 > 1.5
  freq.Accept(0);
  EXPECT_EQ(freq.Sample(logits), 1);  // 2.0 - 0.6 < 1.5
  Sampler window({.temperature = 0, .presence_penalty = 1.0f, .penalty_last_n = 1});
  window.Accept(0);
  window.Accept(2);
  EXPECT_EQ(window.Sample(logits), 0);  // token 0 left the window
}

}  // namespace
}  // namespace dm::decode
