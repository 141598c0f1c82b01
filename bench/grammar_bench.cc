// Benchmarks of the constrained-decoding engine (src/decode): schema compile
// time, token-mask time in typical states (closed tool schema, open-object
// keys, formats) over the real Qwen2 vocabulary
// (../shared/fixtures/tokenizer/qwen2-vocab.gguf; skipped when absent), and
// the sampler with a mask. Speed is reported here and by `dashmind schema
// bench`, never asserted in tests.
#include <filesystem>
#include <memory>
#include <random>

#include <benchmark/benchmark.h>

#include "decode/grammar_matcher.h"
#include "decode/sampler.h"
#include "decode/schema_compiler.h"
#include "decode/string_mask_cache.h"
#include "decode/token_index.h"
#include "decode/tool_call_grammar.h"

#ifndef DM_SHARED_DIR
#define DM_SHARED_DIR "../shared"
#endif

namespace dm::decode {
namespace {

using Json = nlohmann::ordered_json;

const char* kToolSchema = R"({"type":"object","properties":{
  "zone":{"type":"string","enum":["driver","passenger","rear_left","rear_right"]},
  "celsius":{"type":"number","minimum":16,"maximum":30},
  "fan":{"type":"integer","minimum":0,"maximum":7},
  "note":{"type":"string","maxLength":200},
  "when":{"type":"string","format":"date-time"}},
  "required":["zone","celsius"],"additionalProperties":false})";

struct Qwen {
  TokenVocabulary vocab;
  std::unique_ptr<TokenIndex> index;
};

Qwen* LoadQwen() {
  static Qwen* q = [] {
    const std::string path = std::string(DM_SHARED_DIR) + "/fixtures/tokenizer/qwen2-vocab.gguf";
    auto v = TokenVocabulary::Load(path);
    if (!v.ok()) return static_cast<Qwen*>(nullptr);
    auto* out = new Qwen{std::move(*v), nullptr};
    out->index = std::make_unique<TokenIndex>(out->vocab);
    return out;
  }();
  return q;
}

void BM_CompileToolSchema(benchmark::State& state) {
  const Json schema = Json::parse(kToolSchema);
  for (auto _ : state) benchmark::DoNotOptimize(CompileJsonSchema(schema));
}
BENCHMARK(BM_CompileToolSchema);

void BM_CompileLargeCounts(benchmark::State& state) {
  const Json schema = Json::parse(
      R"({"type":"array","maxItems":5000,"items":{"type":"string","maxLength":100000,"minLength":3}})");
  for (auto _ : state) benchmark::DoNotOptimize(CompileJsonSchema(schema));
}
BENCHMARK(BM_CompileLargeCounts);

// Mask after `prefix` (cache off: a fresh matcher each iteration).
void MaskAfter(benchmark::State& state, const char* prefix) {
  Qwen* q = LoadQwen();
  if (!q) {
    state.SkipWithError("qwen2-vocab.gguf not found");
    return;
  }
  auto g = CompileJsonSchema(Json::parse(kToolSchema));
  TokenMask mask;
  for (auto _ : state) {
    state.PauseTiming();
    GrammarMatcher m(*g, *q->index);
    m.AcceptBytes(prefix);
    state.ResumeTiming();
    m.FillMask(&mask);
  }
  state.counters["allowed"] = mask.Count();
}
void BM_MaskObjectStart(benchmark::State& s) { MaskAfter(s, ""); }
void BM_MaskInsideFreeString(benchmark::State& s) { MaskAfter(s, R"({"zone":"driver","celsius":21,"note":"open the)"); }
void BM_MaskInsideNumber(benchmark::State& s) { MaskAfter(s, R"({"zone":"driver","celsius":2)"); }
void BM_MaskInsideDateTime(benchmark::State& s) { MaskAfter(s, R"({"zone":"driver","celsius":21,"when":"2024-0)"); }
BENCHMARK(BM_MaskObjectStart);
BENCHMARK(BM_MaskInsideFreeString);
BENCHMARK(BM_MaskInsideNumber);
BENCHMARK(BM_MaskInsideDateTime);

// Constrained strings: a key of an open object (any name but the declared
// ones) and a uri. `shared`: the matchers share one StringMaskCache, as the
// sequences of one compiled grammar do (the first iteration fills it);
// otherwise every iteration pays the first visit.
void MaskInConstrainedString(benchmark::State& state, const char* prefix, bool shared) {
  Qwen* q = LoadQwen();
  if (!q) {
    state.SkipWithError("qwen2-vocab.gguf not found");
    return;
  }
  auto g = CompileJsonSchema(Json::parse(
      R"({"type":"object","properties":{"name":{"type":"string"},"uri":{"type":"string","format":"uri"}}})"));
  auto cache = std::make_shared<StringMaskCache>(*g, *q->index);
  TokenMask mask;
  for (auto _ : state) {
    state.PauseTiming();
    GrammarMatcher m(*g, *q->index, shared ? cache : nullptr);
    m.AcceptBytes(prefix);
    state.ResumeTiming();
    m.FillMask(&mask);
  }
  state.counters["allowed"] = mask.Count();
}
void BM_MaskOpenObjectKey(benchmark::State& s) { MaskInConstrainedString(s, R"({"name":"x",")", false); }
void BM_MaskUriShared(benchmark::State& s) { MaskInConstrainedString(s, R"({"uri":"https://)", true); }
void BM_MaskUriFirstVisit(benchmark::State& s) { MaskInConstrainedString(s, R"({"uri":"https://)", false); }
BENCHMARK(BM_MaskOpenObjectKey);
BENCHMARK(BM_MaskUriShared);
BENCHMARK(BM_MaskUriFirstVisit);

void BM_SampleWithMask(benchmark::State& state) {
  Qwen* q = LoadQwen();
  if (!q) {
    state.SkipWithError("qwen2-vocab.gguf not found");
    return;
  }
  std::vector<float> logits(static_cast<size_t>(q->vocab.size()));
  std::mt19937 rng(1);
  for (float& x : logits) x = static_cast<float>(rng() % 1000) / 100.0f;
  auto g = CompileJsonSchema(Json::parse(kToolSchema));
  GrammarMatcher m(*g, *q->index);
  m.AcceptBytes(R"({"zone":"driver","celsius":21,"note":")");
  TokenMask mask;
  m.FillMask(&mask);
  Sampler sampler({.temperature = 0.7f, .top_k = 40, .top_p = 0.9f, .seed = 1});
  for (auto _ : state) benchmark::DoNotOptimize(sampler.Sample(logits, &mask));
}
BENCHMARK(BM_SampleWithMask);

// Unconstrained sampling over the full Qwen2 vocabulary (151,936 logits), as
// `generate` and chat completions do on every free-text token. Arg: 0 plain
// temperature, 1 top-p 0.9, 2 top-k 40, 3 min-p 0.05 with penalties.
void BM_SampleFullVocab(benchmark::State& state) {
  std::vector<float> logits(151936);
  std::mt19937 rng(1);
  std::normal_distribution<float> normal(0.0f, 2.0f);
  for (float& x : logits) x = normal(rng);
  SamplerConfig config{.temperature = 0.8f, .seed = 1};
  if (state.range(0) == 1) config.top_p = 0.9f;
  if (state.range(0) == 2) config.top_k = 40;
  if (state.range(0) == 3) {
    config.min_p = 0.05f;
    config.repetition_penalty = 1.1f;
  }
  Sampler sampler(config);
  for (int32_t t = 0; t < 64; ++t) sampler.Accept(t * 7);
  for (auto _ : state) benchmark::DoNotOptimize(sampler.Sample(logits));
}
BENCHMARK(BM_SampleFullVocab)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace dm::decode
