// dashmind logits --model M --tokens 1,2,3 (--gen N | --feed 4,5,6) --out PREFIX
//
// Writes PREFIX.json ({"n_vocab", "prompt", "generated"}) and PREFIX.f32 (rows
// of n_vocab little-endian floats) in the parity fixture format: the prompt is
// evaluated as one batch (one row per prompt position), then one row per
// single-token step, feeding either N greedy (argmax) tokens or the given ones.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/cli_util.h"
#include "cli/command.h"
#include "kernels/ops.h"
#include "model/forward.h"
#include "model/model.h"
#include "model/state.h"
#include "util/mapped_file.h"

namespace dm::cli {
namespace {

Result<std::vector<int32_t>> ParseIds(const std::string& text, const char* what) {
  std::vector<int32_t> ids;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t comma = text.find(',', pos);
    if (comma == std::string::npos) comma = text.size();
    std::string_view item(text.data() + pos, comma - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    int32_t id = 0;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), id);
    if (item.empty() || ec != std::errc() || end != item.data() + item.size()) {
      return InvalidArgument("{}: '{}' is not a token id", what, item);
    }
    ids.push_back(id);
    pos = comma + 1;
  }
  return ids;
}

std::string JoinIds(const std::vector<int32_t>& ids) {
  std::string out;
  for (size_t i = 0; i < ids.size(); ++i) out += fmt::format("{}{}", i ? ", " : "", ids[i]);
  return out;
}

int RunLogits(const std::vector<std::string>& args) {
  CLI::App app{"Evaluate tokens and write their logits in the parity fixture format"};
  std::string model_path, tokens_text, feed_text, out_prefix, kv_name = "f32";
  int gen = -1;
  int threads = 2;
  app.add_option("--model,-m", model_path, "GGUF model file")->required();
  app.add_option("--tokens", tokens_text, "prompt token ids, comma-separated")->required();
  auto* gen_opt = app.add_option("--gen", gen, "greedy single-token steps after the prompt");
  auto* feed_opt = app.add_option("--feed", feed_text, "token ids fed one by one after the prompt");
  gen_opt->excludes(feed_opt);
  app.add_option("--out,-o", out_prefix, "output prefix (writes PREFIX.json, PREFIX.f32)")->required();
  app.add_option("--threads,-t", threads, "threads")->check(CLI::Range(1, 256));
  app.add_option("--kv", kv_name, "KV cache type: f32 or f16")->check(CLI::IsMember({"f32", "f16"}));
  if (int code = ParseArgs(app, args); code >= 0) return code;
  if (gen_opt->count() == 0 && feed_opt->count() == 0) {
    std::fprintf(stderr, "dashmind logits: one of --gen N or --feed IDS is required\n");
    return 2;
  }
  if (gen_opt->count() > 0 && gen < 0) {
    std::fprintf(stderr, "dashmind logits: --gen must be >= 0\n");
    return 2;
  }

  auto prompt = ParseIds(tokens_text, "--tokens");
  if (!prompt.ok()) return ReportError("logits", prompt.status(), 2);
  std::vector<int32_t> feed;
  if (feed_opt->count() > 0 && !feed_text.empty()) {
    auto parsed = ParseIds(feed_text, "--feed");
    if (!parsed.ok()) return ReportError("logits", parsed.status(), 2);
    feed = std::move(parsed).value();
  }
  auto model = Model::Load(model_path);
  if (!model.ok()) return ReportError("logits", model.status());
  const Model& m = **model;
  const int steps = gen_opt->count() > 0 ? gen : static_cast<int>(feed.size());
  const size_t V = static_cast<size_t>(m.config().n_vocab);

  StateOptions options;
  options.n_ctx = std::min<int>(m.config().n_ctx_train,
                                static_cast<int>(prompt->size()) + steps);
  options.max_batch = std::max<int>(1, static_cast<int>(prompt->size()));
  options.kv_type = kv_name == "f16" ? KvType::kF16 : KvType::kF32;
  State state(m, options);
  ThreadPool pool(threads);

  std::vector<float> rows;
  auto first = Forward(m, state, *prompt, pool, LogitsMode::kAll);
  if (!first.ok()) return ReportError("logits", first.status());
  rows.assign(first->begin(), first->end());
  std::vector<int32_t> generated;
  for (int k = 0; k < steps; ++k) {
    int32_t token;
    if (gen_opt->count() > 0) {
      const float* last = rows.data() + rows.size() - V;
      token = static_cast<int32_t>(ArgMax(last, V));
    } else {
      token = feed[static_cast<size_t>(k)];
    }
    generated.push_back(token);
    auto step = Forward(m, state, std::span<const int32_t>(&token, 1), pool);
    if (!step.ok()) return ReportError("logits", step.status().WithContext(fmt::format("step {}", k)));
    rows.insert(rows.end(), step->begin(), step->end());
  }

  const std::string json = fmt::format("{{\"n_vocab\": {}, \"prompt\": [{}], \"generated\": [{}]}}\n",
                                       V, JoinIds(*prompt), JoinIds(generated));
  const std::string bin(reinterpret_cast<const char*>(rows.data()), rows.size() * sizeof(float));
  if (Status s = WriteStringToFile(out_prefix + ".json", json); !s.ok()) return ReportError("logits", s);
  if (Status s = WriteStringToFile(out_prefix + ".f32", bin); !s.ok()) return ReportError("logits", s);
  std::fprintf(stderr, "dashmind logits: %zu rows of %zu logits -> %s.{json,f32}\n",
               rows.size() / V, V, out_prefix.c_str());
  return 0;
}

}  // namespace

DM_COMMAND("logits", "evaluate tokens, write logits in the parity fixture format", RunLogits);

}  // namespace dm::cli
