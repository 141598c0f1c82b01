// `dashmind schema check|bench`: the JSON-Schema-constrained decoding engine
// from the command line.
//
//   schema check --model M --schema S.json --text FILE
//     Tokenizes FILE with M's tokenizer (one trailing newline is ignored) and
//     feeds it token by token to the schema's grammar. Exit 0: accepted and
//     complete; 1: rejected (or incomplete); 2: schema refused (or bad usage).
//     S.json may also be a test file {"schema", "tests"} (its "schema" is used).
//   schema bench --model M --schemas DIR [--json] [--limit N]
//     Compiles every *.json schema in DIR, and times the token mask at every
//     token of each valid instance (test files) or of a seeded random
//     constrained generation (bare schemas). Without --json it also lists the
//     slowest masks with the schema and the text before them.
//   schema bench --model M --schema S.json [-n 256] [-t 2] [--rounds 4] [--json]
//     Decode throughput with a real model (weights needed): the same number
//     of tokens generated unconstrained, constrained by S.json's grammar, and
//     constrained with forced runs fed in one batch, in interleaved rounds
//     (so that load on the machine affects the three alike), each in its own
//     KV cache after the same prompt. Constrained sequences restart when a
//     value is complete. --json: {"unconstrained_tps", "constrained_tps",
//     "forced_tps", "constrained_ratio", "forced_ratio", "forced_share",
//     "mask_us_per_token", "tokens"}.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cli_util.h"
#include "cli/command.h"
#include "decode/corpus_util.h"
#include "decode/generation_loop.h"
#include "decode/grammar_matcher.h"
#include "decode/schema_compiler.h"
#include "decode/token_index.h"
#include "decode/token_vocabulary.h"
#include "gguf/gguf_file.h"
#include "model/forward.h"
#include "model/model.h"
#include "model/state.h"
#include "text/tokenizer.h"
#include "util/percentile.h"
#include "util/thread_pool.h"
#include "util/timer.h"

namespace dm::cli {
namespace {

using Json = nlohmann::ordered_json;

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot open '{}'", path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Model {
  std::optional<text::Tokenizer> tokenizer;
  decode::TokenVocabulary vocab;
};

Result<Model> LoadModel(const std::string& path) {
  DM_ASSIGN_OR_RETURN(GgufFile file, GgufFile::Open(path));
  Model m;
  if (auto tok = text::Tokenizer::FromGguf(file); tok.ok()) {
    m.vocab = decode::TokenVocabulary::FromTokenizer(*tok);
    m.tokenizer = std::move(*tok);
  } else {
    auto vocab = decode::TokenVocabulary::FromGguf(file);
    if (!vocab.ok()) return vocab.status().WithContext(path);
    m.vocab = std::move(*vocab);
  }
  return m;
}

// A schema file (or the "schema" of a test file {"schema", "tests"}), compiled.
Result<decode::Grammar> LoadGrammar(const std::string& path) {
  DM_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  Json schema;
  try {
    schema = Json::parse(text);
  } catch (const std::exception& e) {
    return InvalidArgument("{}: {}", path, e.what());
  }
  if (schema.is_object() && schema.contains("schema") && schema.contains("tests")) schema = Json(schema["schema"]);
  auto grammar = decode::CompileJsonSchema(schema);
  if (!grammar.ok()) return grammar.status().WithContext("schema refused");
  return grammar;
}

int RunCheck(const std::string& model_path, const std::string& schema_path, const std::string& text_path) {
  auto model = LoadModel(model_path);
  if (!model.ok()) return ReportError("schema check", model.status(), 2);
  auto text = ReadFile(text_path);
  if (!text.ok()) return ReportError("schema check", text.status(), 2);
  auto grammar = LoadGrammar(schema_path);
  if (!grammar.ok()) return ReportError("schema check", grammar.status(), 2);
  std::string body = *text;
  if (!body.empty() && body.back() == '\n') body.pop_back();
  if (!body.empty() && body.back() == '\r') body.pop_back();
  const decode::TokenIndex index(model->vocab);
  const std::vector<int32_t> tokens =
      model->tokenizer ? model->tokenizer->Encode(body) : decode::GreedyTokenize(index, body);
  decode::GrammarMatcher matcher(*grammar, index);
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!matcher.Accept(tokens[i])) {
      std::fprintf(stderr, "rejected at token %zu (id %d, %s)\n", i, tokens[i],
                   Json(model->vocab.TokenBytes(tokens[i])).dump(-1, ' ', false, Json::error_handler_t::replace).c_str());
      return 1;
    }
  }
  if (!matcher.IsComplete()) {
    std::fprintf(stderr, "incomplete: the text ends before the value does\n");
    return 1;
  }
  std::printf("accepted (%zu tokens)\n", tokens.size());
  return 0;
}

int RunBench(const std::string& model_path, const std::string& dir, bool json, size_t limit) {
  auto model = LoadModel(model_path);
  if (!model.ok()) return ReportError("schema bench", model.status());
  const decode::TokenIndex index(model->vocab);
  decode::TokenizeFn tokenize;
  if (model->tokenizer) tokenize = [&](std::string_view t) { return model->tokenizer->Encode(t); };
  const decode::CorpusReport r = decode::RunCorpus(dir, &index, limit, tokenize);
  if (r.schemas == 0) return ReportError("schema bench", NotFound("no *.json schemas in '{}'", dir));
  const double c50 = Percentile(r.compile_ms, 0.5), c99 = Percentile(r.compile_ms, 0.99);
  const double m50 = Percentile(r.mask_us, 0.5), m99 = Percentile(r.mask_us, 0.99);
  const double mmax = Percentile(r.mask_us, 1.0);
  if (json) {
    Json out = {{"schemas", r.schemas},       {"compiled", r.compiled},   {"compile_ms_p50", c50},
                {"compile_ms_p99", c99},      {"mask_us_p50", m50},       {"mask_us_p99", m99},
                {"mask_us_max", mmax},        {"masks", r.mask_us.size()}, {"wrong", r.wrong.size()}};
    std::printf("%s\n", out.dump().c_str());
  } else {
    std::printf("%s\n", r.Summary().c_str());
    std::printf("compile ms p50 %.3f p99 %.3f | mask us p50 %.2f p99 %.2f max %.0f over %zu masks (vocab %d)\n", c50,
                c99, m50, m99, mmax, r.mask_us.size(), model->vocab.size());
    for (const auto& [us, where] : r.slowest) std::printf("slow mask %8.0f us  %s\n", us, where.c_str());
    for (const auto& w : r.wrong) std::printf("wrong: %s\n", w.c_str());
  }
  return 0;
}

// One way of decoding in the throughput comparison, with its own KV cache.
struct DecodeMode {
  const char* name;
  bool constrained, forced;
  std::unique_ptr<State> state{};
  std::unique_ptr<decode::GrammarMatcher> matcher{};
  decode::Sampler sampler{{.temperature = 0.8f, .seed = 7}};
  std::span<const float> logits{};
  int tokens = 0, sampled = 0, forced_tokens = 0, passes = 0;
  double seconds = 0, mask_ms = 0;
  double Tps() const { return tokens / std::max(seconds, 1e-9); }
};

int RunDecodeBench(const std::string& model_path, const std::string& schema_path, int n, int threads, int rounds,
                   bool json) {
  auto model = dm::Model::Load(model_path);
  if (!model.ok()) return ReportError("schema bench", model.status());
  auto tokenizer = text::Tokenizer::FromGguf((*model)->gguf());
  if (!tokenizer.ok()) return ReportError("schema bench", tokenizer.status().WithContext(model_path));
  auto grammar = LoadGrammar(schema_path);
  if (!grammar.ok()) return ReportError("schema bench", grammar.status(), 2);
  if (n < rounds || rounds < 1) return ReportError("schema bench", InvalidArgument("need -n >= --rounds >= 1"), 2);
  const decode::TokenVocabulary vocab = decode::TokenVocabulary::FromTokenizer(*tokenizer);
  const decode::TokenIndex index(vocab);
  auto strings = std::make_shared<decode::StringMaskCache>(*grammar, index);
  ThreadPool pool(threads);
  const std::vector<int32_t> prompt = tokenizer->Encode("Call the tool. Arguments as JSON:\n");
  DecodeMode modes[] = {{.name = "unconstrained", .constrained = false, .forced = false},
                        {.name = "constrained", .constrained = true, .forced = false},
                        {.name = "constrained+forced", .constrained = true, .forced = true}};
  for (DecodeMode& m : modes) {
    m.state = std::make_unique<State>(**model, StateOptions{.n_ctx = static_cast<int>(prompt.size()) + n + 64});
    if (m.constrained) m.matcher = std::make_unique<decode::GrammarMatcher>(*grammar, index, strings);
    auto logits = Forward(**model, *m.state, prompt, pool);
    if (!logits.ok()) return ReportError("schema bench", logits.status());
    m.logits = *logits;
  }
  for (int r = 0; r < rounds; ++r) {
    const int count = n / rounds + (r < n % rounds ? 1 : 0);
    for (DecodeMode& m : modes) {
      size_t fed = 0;
      Status error;
      const decode::ForwardFn forward = [&](std::span<const int32_t> tokens) -> std::span<const float> {
        auto logits = Forward(**model, *m.state, tokens, pool);
        if (!logits.ok()) {
          error = logits.status();
          return {};
        }
        fed += tokens.size();
        return *logits;
      };
      Timer timer;
      const decode::GenerationResult g = decode::Generate(
          m.logits, forward, m.sampler, m.matcher.get(), {.max_tokens = count, .forced_runs = m.forced, .restart = true});
      // The last step's tokens are fed too, so that every round costs what it generates.
      if (!g.failed && fed < g.tokens.size()) {
        m.logits = forward(std::span<const int32_t>(g.tokens).subspan(fed));
      }
      m.seconds += timer.Seconds();
      if (g.failed || m.logits.empty()) {
        return ReportError("schema bench", error.ok() ? Internal("{}: the mask allowed no token", m.name) : error);
      }
      m.tokens += static_cast<int>(g.tokens.size());
      m.sampled += g.sampled;
      m.forced_tokens += g.forced;
      m.passes += g.forward_calls + 1;
      m.mask_ms += g.mask_ms;
    }
  }
  const DecodeMode& u = modes[0];
  const DecodeMode& c = modes[1];
  const DecodeMode& f = modes[2];
  if (json) {
    Json out = {{"unconstrained_tps", u.Tps()},
                {"constrained_tps", c.Tps()},
                {"forced_tps", f.Tps()},
                {"constrained_ratio", c.Tps() / u.Tps()},
                {"forced_ratio", f.Tps() / u.Tps()},
                {"forced_share", static_cast<double>(f.forced_tokens) / std::max(f.tokens, 1)},
                {"mask_us_per_token", 1e3 * c.mask_ms / std::max(c.sampled, 1)},
                {"tokens", n}};
    std::printf("%s\n", out.dump().c_str());
    return 0;
  }
  std::printf("%d tokens per mode in %d rounds, %d threads, prompt %zu tokens\n", n, rounds, threads, prompt.size());
  for (const DecodeMode& m : modes) {
    std::printf("%-20s %7.2f tok/s  (%.2fx)  %d forward passes, %d forced tokens, mask %.1f us/sampled token\n",
                m.name, m.Tps(), m.Tps() / u.Tps(), m.passes, m.forced_tokens,
                m.constrained ? 1e3 * m.mask_ms / std::max(m.sampled, 1) : 0.0);
  }
  return 0;
}

int RunSchema(const std::vector<std::string>& args) {
  CLI::App app{"JSON-Schema-constrained decoding: check a text, or benchmark the engine"};
  app.require_subcommand(1);
  std::string model, schema, text, dir, one_schema;
  bool json = false;
  size_t limit = 0;
  int n = 256, threads = 2, rounds = 4;
  CLI::App* check = app.add_subcommand("check", "is FILE accepted token by token and complete?");
  check->add_option("--model", model, "model or vocab-only GGUF")->required();
  check->add_option("--schema", schema, "JSON Schema file")->required();
  check->add_option("--text", text, "text file")->required();
  CLI::App* bench = app.add_subcommand(
      "bench", "compile and mask timings over a folder of schemas, or decode throughput with one schema");
  bench->add_option("--model", model, "model or vocab-only GGUF (--schema: a model with weights)")->required();
  auto* many = bench->add_option("--schemas", dir, "folder of *.json schemas");
  auto* one = bench->add_option("--schema", one_schema, "one schema: decode tokens/s unconstrained vs constrained");
  many->excludes(one);
  one->excludes(many);
  bench->add_flag("--json", json, "print one JSON object");
  bench->add_option("--limit", limit, "--schemas: only the first N files (sorted by name)");
  bench->add_option("-n", n, "--schema: tokens generated per mode");
  bench->add_option("-t,--threads", threads, "--schema: threads");
  bench->add_option("--rounds", rounds, "--schema: interleaved rounds");
  if (int code = ParseArgs(app, args); code >= 0) return code;
  if (check->parsed()) return RunCheck(model, schema, text);
  if (!one_schema.empty()) return RunDecodeBench(model, one_schema, n, threads, rounds, json);
  if (dir.empty()) return ReportError("schema bench", InvalidArgument("--schemas DIR or --schema FILE is required"), 2);
  return RunBench(model, dir, json, limit);
}

}  // namespace

DM_COMMAND("schema", "JSON-Schema-constrained decoding: schema check | schema bench", RunSchema);

}  // namespace dm::cli
