#include "decode/string_mask_cache.h"

#include <filesystem>
#include <random>

#include <gtest/gtest.h>

#include "decode/grammar_matcher.h"
#include "decode/schema_compiler.h"

namespace dm::decode {
namespace {

using Json = nlohmann::ordered_json;

// Printable ASCII plus pieces that cross a string's closing quote, partial
// UTF-8 and escapes.
TokenVocabulary QuoteVocab() {
  std::vector<std::string> t;
  for (int c = 0x20; c < 0x7F; ++c) t.emplace_back(1, static_cast<char>(c));
  for (const char* s : {"na", "name", "name\"", "nam", "me\":", "e\":", "\":", "\": ", "\",", "\"}", "\",\"", "x\":1",
                        "ab\"", "a@b", ".com\"", "@", "\\n", "\\u00", "\xE4\xBD\xA0", "\xE4\xBD", "\xA0\"", "\n",
                        "\"name\":\"", ",\"n", "{\"", "}}", "://", "http", "https://", "a.b\"}", "\"\""}) {
    t.emplace_back(s);
  }
  t.emplace_back("<eos>");
  std::vector<bool> special(t.size(), false);
  special.back() = true;
  return TokenVocabulary(t, special, {static_cast<int32_t>(t.size() - 1)});
}

TokenMask BruteForce(GrammarMatcher& m, const TokenVocabulary& vocab) {
  TokenMask mask(vocab.size());
  for (int32_t id = 0; id < vocab.size(); ++id) {
    if (m.Accept(id)) {
      mask.Set(id);
      m.Rollback(1);
    }
  }
  return mask;
}

Grammar Compile(const std::string& schema) {
  auto g = CompileJsonSchema(Json::parse(schema));
  EXPECT_TRUE(g.ok()) << g.status().ToString();
  return std::move(*g);
}

// Constrained strings (open-object keys, formats, patterns with counters):
// masks from the cache equal trying every token, along random walks.
TEST(StringMaskCache, MasksMatchBruteForce) {
  const TokenVocabulary vocab = QuoteVocab();
  const TokenIndex index(vocab);
  const char* schemas[] = {
      R"({"type":"object","properties":{"name":{"type":"string"},"nab":{"type":"integer"}},"required":["name"]})",
      R"({"type":"object","properties":{"a":{"type":"string","format":"email"},"u":{"type":"string","format":"uri"}}})",
      R"({"type":"array","items":{"type":"string","pattern":"^[a-e]+(@b)?$","minLength":2,"maxLength":6}})",
      R"({"type":"object","additionalProperties":{"type":"string","pattern":"^n"},"propertyNames":{"pattern":"^[a-n]+$"}})",
  };
  std::mt19937 rng(11);
  for (const char* s : schemas) {
    const Grammar g = Compile(s);
    auto cache = std::make_shared<StringMaskCache>(g, index);
    for (int run = 0; run < 30; ++run) {
      GrammarMatcher m(g, index, cache);
      TokenMask mask;
      for (int step = 0; step < 30 && !m.IsTerminated(); ++step) {
        m.FillMask(&mask);
        ASSERT_EQ(mask, BruteForce(m, vocab)) << s << " run " << run << " step " << step;
        std::vector<int32_t> allowed;
        for (int32_t id = 0; id < vocab.size(); ++id) {
          if (mask.Test(id)) allowed.push_back(id);
        }
        if (allowed.empty()) break;
        ASSERT_TRUE(m.Accept(allowed[rng() % allowed.size()]));
      }
    }
    EXPECT_GT(cache->size(), 0u) << s;
  }
}

TEST(StringMaskCache, SharedBetweenMatchers) {
  const TokenVocabulary vocab = QuoteVocab();
  const TokenIndex index(vocab);
  const Grammar g = Compile(R"({"type":"object","properties":{"e":{"type":"string","format":"email"}}})");
  auto cache = std::make_shared<StringMaskCache>(g, index);
  TokenMask first, second;
  {
    GrammarMatcher m(g, index, cache);
    ASSERT_TRUE(m.AcceptBytes("{\"e\":\"a@"));
    m.FillMask(&first);
  }
  const size_t entries = cache->size();
  EXPECT_GT(entries, 0u);
  GrammarMatcher m(g, index, cache);
  ASSERT_TRUE(m.AcceptBytes("{\"e\":\"a@"));
  m.FillMask(&second);
  EXPECT_EQ(cache->size(), entries);  // reused, not recomputed
  EXPECT_EQ(first, second);
  EXPECT_TRUE(second.Test(vocab.Find("b")));
  EXPECT_FALSE(second.Test(vocab.Find("@")));
}

// Every "format": "email" of a schema calls one rule, so the second property
// reuses the first one's entries.
TEST(StringMaskCache, EqualFormatsShareEntries) {
  const TokenVocabulary vocab = QuoteVocab();
  const TokenIndex index(vocab);
  const Grammar g = Compile(
      R"({"type":"object","properties":{"a":{"type":"string","format":"email"},"b":{"type":"string","format":"email"}},"required":["a","b"],"additionalProperties":false})");
  auto cache = std::make_shared<StringMaskCache>(g, index);
  GrammarMatcher m(g, index, cache);
  TokenMask first, second;
  ASSERT_TRUE(m.AcceptBytes("{\"a\":\"x@"));
  m.FillMask(&first);
  const size_t entries = cache->size();
  ASSERT_TRUE(m.AcceptBytes("y.co\",\"b\":\"x@"));
  m.FillMask(&second);
  EXPECT_EQ(cache->size(), entries);  // the same state as after a's "x@"
  EXPECT_TRUE(second.Test(vocab.Find("a")));
  EXPECT_FALSE(second.Test(vocab.Find("@")));
}

// The same check over the real Qwen2 vocabulary (151k tokens, multi-byte
// pieces, tokens spanning quotes) at a few constrained positions.
TEST(StringMaskCache, QwenVocabularyMatchesBruteForce) {
  const std::string path = std::string(DM_SHARED_DIR) + "/fixtures/tokenizer/qwen2-vocab.gguf";
  if (!std::filesystem::exists(path)) GTEST_SKIP();
  auto vocab = TokenVocabulary::Load(path);
  ASSERT_TRUE(vocab.ok()) << vocab.status().ToString();
  const TokenIndex index(*vocab);
  const Grammar g = Compile(
      R"({"type":"object","properties":{"email":{"type":"string","format":"email"},"uri":{"type":"string","format":"uri"},"code":{"type":"string","pattern":"^[A-Z]{2}-[0-9]+$","maxLength":8}}})");
  for (const char* prefix : {"{\"", "{\"em", "{\"emailx", "{\"email\":\"jo", "{\"email\":\"a@b.", "{\"uri\":\"https://",
                             "{\"uri\":\"http://x.org/a", "{\"code\":\"AB-1", "{\"code\":\"AB-12\",\""}) {
    GrammarMatcher m(g, index);
    ASSERT_TRUE(m.AcceptBytes(prefix)) << prefix;
    TokenMask mask;
    m.FillMask(&mask);
    EXPECT_EQ(mask, BruteForce(m, *vocab)) << prefix;
  }
}

}  // namespace
}  // namespace dm::decode
