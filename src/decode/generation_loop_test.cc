#include "decode/generation_loop.h"

#include <random>

#include <gtest/gtest.h>

#include "decode/schema_compiler.h"
#include "decode/token_index.h"

namespace dm::decode {
namespace {

using Json = nlohmann::ordered_json;

TokenVocabulary Vocab() {
  std::vector<std::string> t;
  for (int c = 0x20; c < 0x7F; ++c) t.emplace_back(1, static_cast<char>(c));
  for (const char* s : {"{\"", "\":", "\",", "\"}", "zone", "celsius", "driver", "rear", "12"}) t.emplace_back(s);
  t.emplace_back("<eos>");
  std::vector<bool> special(t.size(), false);
  special.back() = true;
  return TokenVocabulary(t, special, {static_cast<int32_t>(t.size() - 1)});
}

// A fake model: seeded random logits; records every fed token and batch.
struct FakeModel {
  explicit FakeModel(int32_t n) : logits(static_cast<size_t>(n)) { Next(); }
  std::span<const float> Next() {
    for (float& x : logits) x = static_cast<float>(rng() % 1000) / 100.0f;
    return logits;
  }
  ForwardFn Fn() {
    return [this](std::span<const int32_t> tokens) {
      fed.insert(fed.end(), tokens.begin(), tokens.end());
      batches.push_back(tokens.size());
      return Next();
    };
  }
  std::mt19937 rng{3};
  std::vector<float> logits;
  std::vector<int32_t> fed;
  std::vector<size_t> batches;
};

constexpr const char* kTool = R"({"type":"object","properties":{
  "zone":{"type":"string","enum":["driver","rear"]},"celsius":{"type":"integer","minimum":16,"maximum":30}},
  "required":["zone","celsius"],"additionalProperties":false})";

std::string Text(const TokenVocabulary& v, const std::vector<int32_t>& tokens, size_t from, size_t to) {
  std::string s;
  for (size_t i = from; i < to; ++i) {
    if (!v.IsEos(tokens[i])) s += v.TokenBytes(tokens[i]);
  }
  return s;
}

TEST(GenerationLoop, ConstrainedSentencesAreValidAndForcedRunsAreBatched) {
  const TokenVocabulary vocab = Vocab();
  const TokenIndex index(vocab);
  auto grammar = CompileJsonSchema(Json::parse(kTool));
  ASSERT_TRUE(grammar.ok());
  for (bool forced : {false, true}) {
    FakeModel model(vocab.size());
    GrammarMatcher matcher(*grammar, index);
    Sampler sampler({.temperature = 1.0f, .seed = 5});
    const GenerationResult r =
        Generate(model.logits, model.Fn(), sampler, &matcher, {.max_tokens = 400, .forced_runs = forced, .restart = true});
    ASSERT_FALSE(r.failed);
    ASSERT_EQ(r.tokens.size(), 400u);
    EXPECT_EQ(r.sampled + r.forced, 400);
    // The model saw the generated tokens once each, in order (those of the
    // last step are not fed).
    ASSERT_LT(model.fed.size(), r.tokens.size()) << forced;
    EXPECT_TRUE(std::equal(model.fed.begin(), model.fed.end(), r.tokens.begin()));
    // The stream is a sequence of valid calls: replay it through a fresh
    // matcher, starting over where a call ends.
    GrammarMatcher check(*grammar, index);
    size_t start = 0, sentences = 0;
    for (size_t i = 0; i < r.tokens.size(); ++i) {
      ASSERT_TRUE(check.Accept(r.tokens[i])) << Text(vocab, r.tokens, start, i + 1);
      if (check.IsTerminated()) {
        EXPECT_TRUE(grammar->AcceptsBytes(Text(vocab, r.tokens, start, i + 1)));
        check.Reset();
        start = i + 1;
        ++sentences;
      }
    }
    EXPECT_GT(sentences, 3u);
    if (forced) {
      // Property names and punctuation arrive in batches: fewer passes than tokens.
      EXPECT_GT(r.forced, 0);
      EXPECT_LT(r.forward_calls + 1, static_cast<int>(r.tokens.size()));
      EXPECT_GT(*std::max_element(model.batches.begin(), model.batches.end()), 1u);
    } else {
      EXPECT_EQ(r.forced, 0);
      EXPECT_EQ(r.forward_calls + 1, static_cast<int>(r.tokens.size()));
    }
  }
}

TEST(GenerationLoop, UnconstrainedAndStopping) {
  const TokenVocabulary vocab = Vocab();
  FakeModel model(vocab.size());
  Sampler sampler({.temperature = 0.0f});
  GenerationResult r = Generate(model.logits, model.Fn(), sampler, nullptr, {.max_tokens = 50});
  EXPECT_EQ(r.sampled, 50);
  EXPECT_EQ(r.forward_calls, 49);
  EXPECT_EQ(r.mask_ms, 0.0);

  // Without restart, a constrained generation stops at the end of its sentence.
  const TokenIndex index(vocab);
  auto grammar = CompileJsonSchema(Json::parse(kTool));
  ASSERT_TRUE(grammar.ok());
  GrammarMatcher matcher(*grammar, index);
  r = Generate(model.logits, model.Fn(), sampler, &matcher, {.max_tokens = 1000, .forced_runs = true});
  EXPECT_LT(r.tokens.size(), 1000u);
  EXPECT_TRUE(matcher.IsTerminated());
  EXPECT_TRUE(grammar->AcceptsBytes(Text(vocab, r.tokens, 0, r.tokens.size())));

  // A model that fails stops the loop.
  Sampler s2;
  r = Generate(model.logits, [](std::span<const int32_t>) { return std::span<const float>(); }, s2, nullptr,
               {.max_tokens = 10});
  EXPECT_TRUE(r.failed);
  EXPECT_EQ(r.tokens.size(), 1u);
}

}  // namespace
}  // namespace dm::decode
