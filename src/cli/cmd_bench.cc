// dashmind bench --model M [-p 512] [-n 128] [-t 2] [-r 3] [--json]
//
// Prefill (-p tokens as one batch) and decode (-n single-token steps from an
// empty cache, as llama-bench's tg test) throughput, the machine's memory read
// bandwidth measured with the same threads, and decode's share of it: bytes of
// weights read per token x tokens/s / bandwidth.
//
// On a shared machine the bandwidth swings from minute to minute, so decode
// runs -r rounds, each between two bandwidth probes: a round's share uses the
// mean of the probes beside it, and the figures printed are the medians over
// rounds (tokens/s, bandwidth, share; nearest rank).
// --json: {"prefill_tps", "decode_tps", "bandwidth_gbs", "decode_bandwidth_share",
//          "rounds", "load_ms", "rss_mb", "weights_mb", "kv_mb"}
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "cli/cli_util.h"
#include "cli/command.h"
#include "kernels/ops.h"
#include "model/forward.h"
#include "model/model.h"
#include "model/state.h"
#include "util/huge_page_buffer.h"
#include "util/percentile.h"
#include "util/read_bandwidth.h"
#include "util/thread_pool.h"
#include "util/timer.h"

namespace dm::cli {
namespace {

// A size field of /proc/self/status in MiB: "VmRSS" (resident now) or
// "VmHWM" (the peak so far); -1 when absent.
double StatusMb(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stod(line.substr(field.size() + 1)) / 1024.0;
  }
  return -1;
}

int RunBench(const std::vector<std::string>& args) {
  CLI::App app{"Measure prefill and decode speed and memory bandwidth use"};
  std::string model_path, kv_name = "f16";
  int n_prompt = 512, n_gen = 128, threads = 2, batch = 512, rounds = 3, depth = 0;
  bool json = false;
  app.add_option("--model,-m", model_path, "GGUF model file")->required();
  app.add_option("-p,--n-prompt", n_prompt, "prompt tokens (prefill)")->check(CLI::Range(0, 1 << 20));
  app.add_option("-n,--n-gen", n_gen, "generated tokens (decode)")->check(CLI::Range(0, 1 << 20));
  app.add_option("-d,--depth", depth, "cached positions before decode (decode at that context length)")
      ->check(CLI::Range(0, 1 << 20));
  app.add_option("-t,--threads", threads, "threads")->check(CLI::Range(1, 256));
  app.add_option("-b,--batch", batch, "prefill batch size")->check(CLI::Range(1, 4096));
  app.add_option("-r,--rounds", rounds, "decode rounds, each between bandwidth probes")
      ->check(CLI::Range(1, 100));
  app.add_option("--kv", kv_name, "KV cache type: f16 or f32")->check(CLI::IsMember({"f32", "f16"}));
  app.add_flag("--json", json, "print one JSON object");
  if (int code = ParseArgs(app, args); code >= 0) return code;

  ThreadPool pool(threads);

  auto loaded = Model::Load(model_path);
  if (!loaded.ok()) return ReportError("bench", loaded.status());
  const Model& model = **loaded;
  // Before anything else runs: the peak resident memory of loading (with
  // regrouped weights, the copy and the file pages it has not released yet).
  const double load_peak_rss = StatusMb("VmHWM");
  const Config& c = model.config();
  const int n_ctx = std::max(1, std::max(n_prompt, depth + n_gen) + 1);
  if (n_ctx > c.n_ctx_train) {
    return ReportError("bench", OutOfRange("-p/-d/-n need {} positions; the model's context is {}",
                                           n_ctx, c.n_ctx_train), 2);
  }
  StateOptions options;
  options.n_ctx = n_ctx;
  options.max_batch = std::min(batch, std::max({1, n_prompt, depth}));
  options.kv_type = kv_name == "f32" ? KvType::kF32 : KvType::kF16;
  State state(model, options);

  std::vector<int32_t> prompt(static_cast<size_t>(std::max(n_prompt, depth)));
  uint32_t seed = 12345;
  for (auto& t : prompt) {
    seed = seed * 1664525u + 1013904223u;
    t = static_cast<int32_t>((seed >> 8) % static_cast<uint32_t>(c.n_vocab));
  }

  // Warm-up: one short pass faults the weights in.
  {
    const int32_t token = 1 % c.n_vocab;
    auto warm = Forward(model, state, std::span<const int32_t>(&token, 1), pool);
    if (!warm.ok()) return ReportError("bench", warm.status());
    (void)state.kv().Truncate(0);
  }

  double prefill_tps = 0;
  if (n_prompt > 0) {
    Timer timer;
    auto r = Forward(model, state, std::span<const int32_t>(prompt.data(), n_prompt), pool, LogitsMode::kLast);
    if (!r.ok()) return ReportError("bench", r.status());
    prefill_tps = n_prompt / timer.Seconds();
  }
  (void)state.kv().Truncate(0);
  // The context decode starts from (untimed); each round truncates back to it.
  if (depth > 0) {
    auto r = Forward(model, state, std::span<const int32_t>(prompt.data(), depth), pool, LogitsMode::kLast);
    if (!r.ok()) return ReportError("bench", r.status());
  }

  // Decode rounds between bandwidth probes (probe[r] before round r, probe[r+1] after).
  // A token reads the weights and the cached keys and values of every
  // position before it (counted at the round's middle position).
  const double kv_bytes_per_position =
      2.0 * c.n_layer * c.kv_dim() * static_cast<double>(state.kv().elem_bytes());
  const double bytes_per_token = static_cast<double>(model.weights().DecodeBytesPerToken()) +
                                 kv_bytes_per_position * (depth + n_gen / 2.0);
  auto probe = MakeReadProbe(pool);
  if (!probe.ok()) return ReportError("bench", probe.status().WithContext("bandwidth probe"));
  std::vector<double> probes{MeasureReadBandwidth(pool, *probe)};
  std::vector<double> round_tps, round_share;
  for (int round = 0; round < rounds && n_gen > 0; ++round) {
    int32_t token = prompt.empty() ? 0 : prompt[0];
    Timer timer;
    for (int i = 0; i < n_gen; ++i) {
      auto r = Forward(model, state, std::span<const int32_t>(&token, 1), pool);
      if (!r.ok()) return ReportError("bench", r.status());
      token = static_cast<int32_t>(ArgMax(r->data(), static_cast<int64_t>(r->size())));
    }
    round_tps.push_back(n_gen / timer.Seconds());
    (void)state.kv().Truncate(depth);
    probes.push_back(MeasureReadBandwidth(pool, *probe));
    const double bandwidth = (probes[probes.size() - 2] + probes.back()) / 2;
    round_share.push_back(bandwidth > 0 ? bytes_per_token * round_tps.back() / (bandwidth * 1e9) : 0);
  }
  const double decode_tps = Percentile(round_tps, 0.5);
  const double bandwidth = Percentile(probes, 0.5);
  const double share = Percentile(round_share, 0.5);
  *probe = HugePageBuffer();  // rss_mb counts the model and the session, not the probe
  const double rss = StatusMb("VmRSS");
  const double weights_mb = static_cast<double>(model.weights().TotalBytes()) / (1 << 20);
  const double kv_mb = static_cast<double>(state.kv().reserved_bytes()) / (1 << 20);

  if (json) {
    std::printf("{\"prefill_tps\": %.3f, \"decode_tps\": %.3f, \"bandwidth_gbs\": %.3f, "
                "\"decode_bandwidth_share\": %.4f, \"rounds\": %d, \"load_ms\": %.2f, "
                "\"load_peak_rss_mb\": %.1f, \"rss_mb\": %.1f, \"weights_mb\": %.1f, \"kv_mb\": %.3f, "
                "\"depth\": %d}\n",
                prefill_tps, decode_tps, bandwidth, share, rounds, model.load_ms(), load_peak_rss, rss,
                weights_mb, kv_mb, depth);
  } else {
    std::printf("model        %s (%s, %d layers, n_embd %d, %.1f MiB of weights)\n",
                model_path.c_str(), std::string(ArchName(c.arch)).c_str(), c.n_layer, c.n_embd,
                weights_mb);
    std::printf("threads      %d\n", threads);
    std::printf("load         %.1f ms, peak resident %.1f MiB\n", model.load_ms(), load_peak_rss);
    std::printf("prefill      %d tokens: %.2f tok/s\n", n_prompt, prefill_tps);
    std::printf("decode       %d tokens after %d cached: %.2f tok/s (median of %d rounds)\n", n_gen, depth,
                decode_tps, rounds);
    std::printf("bandwidth    %.2f GB/s measured read; decode reads %.1f MiB/token = %.1f%%\n",
                bandwidth, bytes_per_token / (1 << 20), share * 100);
    std::printf("rss          %.1f MiB (weights %.1f MiB mapped, KV cache %.1f MiB)\n", rss,
                weights_mb, kv_mb);
  }
  return 0;
}

}  // namespace

DM_COMMAND("bench", "prefill/decode speed and memory bandwidth share", RunBench);

}  // namespace dm::cli
