// dashmind chat [--model M] [--profile P] [--cloud URL] [--offline]
// An interactive assistant in the terminal against one simulated vehicle:
// each turn goes through the agent (memory, edge-cloud routing, skills) and
// prints the reply, the calls made and the state changes. Works with piped
// input (stdin not a terminal) and exits cleanly at end of input or on
// "exit" / "quit" / "退出". Memory persists in --memory (SQLite), so a
// restart resumes the last session.
//
// With --model, the model plans vehicle calls the fast path is unsure about
// and writes the local route's text (chat, skills offline, memory
// summaries). Its KV cache is kept across turns (only new tokens are
// evaluated) and saved beside the memory file (<memory>.kv) at exit, so a
// restarted chat answers its first follow-up without re-reading the history.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include "agent/agent.h"
#include "agent/cloud_client.h"
#include "agent/cloud_config.h"
#include "agent/cloud_health.h"
#include "agent/intent_assistant.h"
#include "agent/privacy_filter.h"
#include "agent/session_manager.h"
#include "agent/web_search.h"
#include "cli/cli_util.h"
#include "cli/command.h"
#include "intent/environment.h"
#include "util/timer.h"
#include "vehicle/data_dir.h"
#include "intent/model_planner.h"
#include "intent/replies.h"
#include "intent/turn_runner.h"
#include "server/chat_generator.h"
#include "server/local_chat.h"
#include "util/log.h"

namespace dm::cli {
namespace {

std::string Field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// Prints one turn's act JSON (DESIGN.md) for a person, then the route it
// took; `error` is what failed on the way (a cloud or local-model error that
// led to a fallback); `local` is the local model's answer when this turn used it.
void PrintTurn(const nlohmann::json& act, const std::string& error, const server::ChatResult* local) {
  std::printf("assistant> %s\n", Field(act, "reply").c_str());
  for (const auto& c : act.value("calls", nlohmann::json::array())) {
    std::printf("  call   %s %s\n", Field(c, "name").c_str(), Field(c, "arguments").c_str());
  }
  for (const auto& c : act.value("changes", nlohmann::json::array())) {
    std::printf("  change %s: %s -> %s\n", Field(c, "path").c_str(), Field(c, "from").c_str(),
                Field(c, "to").c_str());
  }
  for (const auto& x : act.value("refused", nlohmann::json::array())) {
    std::printf("  refused %s: %s\n", Field(x, "name").c_str(), Field(x, "reason").c_str());
  }
  for (const auto& x : act.value("confirm", nlohmann::json::array())) {
    std::printf("  confirm? %s: %s\n", Field(x, "name").c_str(), Field(x, "reason").c_str());
  }
  if (!Field(act, "notice").empty()) std::printf("  note   %s\n", Field(act, "notice").c_str());
  if (!error.empty()) std::printf("  failed %s\n", error.c_str());
  const auto latency = act.find("latency_ms");
  std::printf("  [%s, %.0f ms", Field(act, "route").c_str(),
              latency != act.end() && latency->is_number() ? latency->get<double>() : 0.0);
  if (local != nullptr) {
    std::printf("; prompt %d tokens, %d from the KV cache, first token after %.0f ms", local->usage.prompt_tokens,
                local->usage.cached_tokens, local->prefill_seconds * 1e3);
  }
  std::printf("]\n");
  std::fflush(stdout);
}

std::string DefaultMemoryPath() {
  const char* home = std::getenv("HOME");
  std::filesystem::path dir = home ? std::filesystem::path(home) / ".local/share/dashmind"
                                   : std::filesystem::temp_directory_path() / "dashmind";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  return (dir / "memory.db").string();
}

// The on-board model: the planner for unsure vehicle requests and the chat
// service behind the local route (one KV session, restored from `kv_path`).
struct LocalModel {
  std::unique_ptr<intent::ModelPlanner> planner;
  std::shared_ptr<server::LocalChatService> chat;
  std::string kv_path;
};

Result<LocalModel> LoadLocalModel(const std::string& path, const intent::Environment& env, int n_ctx,
                                  const std::string& kv_path) {
  LocalModel m;
  DM_ASSIGN_OR_RETURN(m.planner, intent::LoadLocalPlanner(path, env));
  server::ServerLimits limits;
  limits.sessions = 1;
  limits.session_ctx = n_ctx;
  DM_ASSIGN_OR_RETURN(m.chat, server::LocalChatService::Load(path, limits));
  m.kv_path = kv_path;
  if (std::filesystem::exists(kv_path)) {
    Status restored = m.chat->LoadSession(kv_path);
    if (!restored.ok()) DM_LOG_WARNING("chat: saved KV cache not used ({})", restored.ToString());
  }
  return m;
}

int RunChat(const std::vector<std::string>& args) {
  CLI::App app{"Interactive assistant against a simulated vehicle", "dashmind chat"};
  std::string model, profile, cloud, data_dir, memory_path;
  bool offline = false;
  int n_ctx = 4096;
  app.add_option("--model", model, "GGUF model: plans unsure vehicle requests, writes local chat replies");
  app.add_option("--ctx", n_ctx, "KV positions of the local model's chat session")->check(CLI::Range(256, 131072));
  app.add_option("--profile", profile, "vehicle profile (default sedan-5)");
  app.add_option("--cloud", cloud, "OpenAI-compatible base URL for open-domain requests (overrides data/agent/cloud.json and DASHMIND_CLOUD_URL)");
  app.add_flag("--offline", offline, "never contact a cloud endpoint");
  app.add_option("--data", data_dir, "data directory (default: resolved automatically)");
  app.add_option("--memory", memory_path, "SQLite memory file (default ~/.local/share/dashmind/memory.db)");
  if (int rc = ParseArgs(app, args); rc >= 0) return rc;

  auto env = intent::Environment::Load(data_dir);
  if (!env.ok()) return ReportError("chat", env.status());
  auto session = (*env)->NewSession(profile);
  if (!session.ok()) return ReportError("chat", session.status());
  intent::TurnRunner runner(**env, **session);
  if (memory_path.empty()) memory_path = DefaultMemoryPath();
  LocalModel local_model;
  agent::GenerateFn generate;
  std::optional<server::ChatResult> last_local;  // the local model's answer in this turn
  if (!model.empty()) {
    auto loaded = LoadLocalModel(model, **env, n_ctx, memory_path + ".kv");
    if (!loaded.ok()) return ReportError("chat", loaded.status());
    local_model = std::move(loaded).value();
    runner.SetPlanner(local_model.planner.get());
    server::ChatGeneratorOptions generation;
    generation.on_result = [&last_local](const server::ChatResult& r) { last_local = r; };
    generate = server::MakeChatGenerator(local_model.chat, generation);
  }
  const std::string data = vehicle::ResolveDataDir(data_dir);
  auto sessions = agent::SessionManager::Open(memory_path);
  if (!sessions.ok()) return ReportError("chat", sessions.status());
  auto cloud_config = agent::LoadCloudConfig(data + "/agent/cloud.json");
  if (!cloud_config.ok()) return ReportError("chat", cloud_config.status());
  agent::ApplyCloudEnvironment(&*cloud_config);
  if (!cloud.empty()) cloud_config->base_url = cloud;
  auto privacy = agent::PrivacyFilter::Load(data + "/agent/privacy.json");
  if (!privacy.ok()) return ReportError("chat", privacy.status());
  agent::CloudClient cloud_client(*cloud_config);
  const Timer clock;
  agent::CloudHealth health([&clock] { return clock.Seconds(); });
  health.SetOffline(offline);
  const char* search_url = std::getenv("DASHMIND_SEARCH_URL");
  agent::SearxngConfig search_config;
  search_config.url = search_url ? search_url : "";
  agent::SearxngSearch search(search_config);
  agent::IntentAssistant local(**env, **session, runner, generate);
  agent::AgentOptions options;
  options.privacy = &*privacy;
  agent::Agent assistant(sessions->get(), &local,
                         cloud_config->enabled() && !offline ? &cloud_client : nullptr,
                         search_url ? &search : nullptr, &health, options);

  const bool tty = isatty(STDIN_FILENO) != 0;
  const auto* p = (*session)->profile;
  std::printf("dashmind assistant — %s (%s). Type a request; \"exit\" to leave.\n", p->title().en.c_str(),
              p->name().c_str());
  std::printf("Try:\n");
  auto zh = intent::ExampleRequests("zh");
  auto en = intent::ExampleRequests("en");
  for (size_t i = 0; i < 3; ++i) std::printf("  %s\n", (i == 1 ? en[i] : zh[i]).c_str());
  std::fflush(stdout);
  std::string line;
  while (true) {
    if (tty) {
      std::printf("you> ");
      std::fflush(stdout);
    }
    if (!std::getline(std::cin, line)) break;
    size_t b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos) continue;
    line = line.substr(b);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line == "exit" || line == "quit" || line == "退出") break;
    if (!tty) std::printf("you> %s\n", line.c_str());
    agent::StreamCallbacks stream;
    if (tty) stream.on_content = [](std::string_view text) { std::fwrite(text.data(), 1, text.size(), stdout); };
    last_local.reset();
    const agent::AgentTurn turn = assistant.Turn(line, stream);
    PrintTurn(turn.act, turn.error, turn.act.value("route", "") == "local" && last_local ? &*last_local : nullptr);
  }
  if (tty) std::printf("\n");
  if (local_model.chat) {
    Status saved = local_model.chat->SaveSession(local_model.kv_path);
    if (!saved.ok() && saved.code() != StatusCode::kNotFound) {
      DM_LOG_WARNING("chat: KV cache not saved ({})", saved.ToString());
    }
  }
  return 0;
}

}  // namespace

DM_COMMAND("chat", "interactive assistant in the terminal (simulated vehicle)", RunChat);

}  // namespace dm::cli
