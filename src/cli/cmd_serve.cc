// dashmind serve [--model M] [--host 127.0.0.1] [--port 8080] [--api-key K]
//                [--cloud URL] [--offline] [--memory FILE] [--kv-file FILE]
//
// The OpenAI-compatible API (/v1/chat/completions, /v1/models), the cockpit
// endpoints (/v1/assistant/turn, /v1/vehicle/state, /v1/events,
// /v1/suggestions/...), MCP over Streamable HTTP (/mcp), /health, /metrics and
// the web UI (/). The socket is bound before the model loads: /health answers
// 503 until it is ready. Assistant turns go through the agent (memory,
// fast/local/cloud routing, skills) as in `dashmind chat`; its local route
// generates with the --model the API serves. Without --model everything but
// chat completions and local generation works. Listening beyond loopback
// requires --api-key (or $DM_API_KEY). Prints "listening on http://HOST:PORT"
// on stderr once bound. Stops on SIGINT/SIGTERM.
#include <pthread.h>
#include <signal.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "cli/cli_util.h"
#include "cli/command.h"
#include "server/http_server.h"
#include "server/local_chat.h"
#include "server/vehicle_cockpit.h"
#include "server/vehicle_host.h"
#include "server/vehicle_tools.h"
#include "util/log.h"

namespace dm::cli {
namespace {

int RunServe(const std::vector<std::string>& args) {
  CLI::App app{"OpenAI-compatible API, cockpit endpoints, MCP and web UI", "dashmind serve"};
  server::ServerOptions opt;
  std::string profile, log_level = "info";
  server::AssistantOptions assistant;
  std::string kv_file;
  server::ChatGeneratorOptions reply;
  reply.max_tokens = 256;
  app.add_option("--model,-m", opt.model_path, "GGUF model for /v1/chat/completions (optional)");
  app.add_option("--host", opt.host, "address to listen on")->capture_default_str();
  app.add_option("--port", opt.port, "port (0: any free port)")->capture_default_str()->check(CLI::Range(0, 65535));
  app.add_option("--api-key", opt.api_key, "require 'Authorization: Bearer KEY' (default $DM_API_KEY)");
  app.add_option("--cors-origin", opt.cors_origin, "allow this browser origin (CORS is off by default)");
  app.add_option("--profile,-p", profile, "vehicle profile (default sedan-5)");
  app.add_option("--sessions", opt.limits.sessions, "generations served at once")->check(CLI::Range(1, 64))->capture_default_str();
  app.add_option("--queue", opt.limits.max_queue, "generations waiting before 429")->check(CLI::Range(0, 4096))->capture_default_str();
  app.add_option("--ctx", opt.limits.session_ctx, "context length per session")->check(CLI::Range(64, 1 << 20))->capture_default_str();
  app.add_option("--max-body", opt.limits.max_body_bytes, "largest request body, bytes")->capture_default_str();
  app.add_option("--threads,-t", opt.limits.compute_threads, "compute threads (0: all cores)")->check(CLI::Range(0, 256));
  app.add_option("--web-dir", opt.web_dir, "folder of the web UI (default: found at run time)");
  app.add_option("--cloud", assistant.cloud_url, "OpenAI-compatible base URL for open-domain requests (overrides data/agent/cloud.json and DASHMIND_CLOUD_URL)");
  app.add_flag("--offline", assistant.offline, "never contact a cloud endpoint");
  app.add_option("--reply-tokens", reply.max_tokens, "longest on-board model reply of an assistant turn, tokens")->check(CLI::Range(1, 1 << 20))->capture_default_str();
  app.add_option("--kv-file", kv_file, "restore the chat KV cache from FILE at start (when it exists) and save the most recent session to it at exit");
  app.add_option("--memory", assistant.memory_path, "SQLite memory file for the assistant (default: in memory, lost at exit)");
  app.add_option("--log-level", log_level, "debug|info|warning|error|off")->capture_default_str();
  if (int code = ParseArgs(app, args); code >= 0) return code;

  LogLevel level = LogLevel::kInfo;
  if (!ParseLogLevel(log_level, &level)) return ReportError("serve", InvalidArgument("bad --log-level '{}'", log_level), 2);
  SetLogLevel(level);
  if (opt.api_key.empty()) {
    if (const char* env = std::getenv("DM_API_KEY"); env != nullptr) opt.api_key = env;
  }

  // SIGINT/SIGTERM are taken by one thread with sigwait (blocked everywhere
  // else, so every thread created from here on — the vehicle clock included — inherits
  // the mask).
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGUSR1);  // internal: wakes the waiter at exit
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  if (!opt.model_path.empty()) {
    std::FILE* f = std::fopen(opt.model_path.c_str(), "rb");
    if (f == nullptr) return ReportError("serve", IoError("cannot open model '{}'", opt.model_path));
    std::fclose(f);
  }
  // Destroyed in reverse order: the context (which owns the cockpit and the
  // MCP server) before the tools and the host they use.
  auto host = server::VehicleHost::Load("", profile);
  if (!host.ok()) return ReportError("serve", host.status());
  server::VehicleTools tools(**host, "en");
  server::ServerContext ctx(opt);
  if (const char* search = std::getenv("DASHMIND_SEARCH_URL"); search != nullptr) assistant.search_url = search;
  if (!opt.model_path.empty()) {
    assistant.generate = ctx.ModelGenerator(reply);
    assistant.context_tokens = static_cast<size_t>(opt.limits.session_ctx);
    assistant.reply_tokens = static_cast<size_t>(reply.max_tokens);
    assistant.count = ctx.ModelTokenCounter();
  }
  auto cockpit = server::VehicleCockpit::Create(**host, "", profile, std::move(assistant));
  if (!cockpit.ok()) return ReportError("serve", cockpit.status());

  ctx.SetCockpit(std::shared_ptr<server::Cockpit>(std::move(cockpit).value()));
  ctx.SetMcp(std::make_shared<server::McpServer>(tools, server::McpServerInfo{}, &ctx.metrics()));

  server::HttpServer http(ctx);
  if (Status s = http.Bind(); !s.ok()) return ReportError("serve", s);
  std::fprintf(stderr, "dashmind serve: listening on http://%s:%d\n", opt.host.c_str(), http.port());
  std::fflush(stderr);

  std::thread waiter([&http, &stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    http.RequestStop();
  });

  std::thread loader;
  std::shared_ptr<server::LocalChatService> local_chat;  // set by the loader, read after joining it
  if (!opt.model_path.empty()) {
    ctx.SetModelLoading();
    pthread_t waiter_handle = waiter.native_handle();
    loader = std::thread([&ctx, &opt, &kv_file, &local_chat, waiter_handle] {
      auto chat = server::LocalChatService::Load(opt.model_path, opt.limits);
      if (!chat.ok()) {
        std::fprintf(stderr, "dashmind serve: %s: %s\n", opt.model_path.c_str(), chat.status().ToString().c_str());
        ctx.SetModelFailed(chat.status().ToString());
        pthread_kill(waiter_handle, SIGUSR1);
        return;
      }
      local_chat = std::move(chat).value();
      if (!kv_file.empty() && std::filesystem::exists(kv_file)) {
        // A cache for another model or context is refused; the server starts cold.
        if (Status s = local_chat->LoadSession(kv_file); !s.ok()) DM_LOG_WARNING("KV cache not restored: {}", s.ToString());
        else DM_LOG_INFO("KV cache restored from {}", kv_file);
      }
      ctx.SetModelReady(local_chat);
      DM_LOG_INFO("model {} ready", opt.model_path);
    });
  }
  http.Run();  // returns after RequestStop()
  if (loader.joinable()) loader.join();
  if (local_chat && !kv_file.empty()) {
    // Every request has ended: the most recent session is idle.
    Status s = local_chat->SaveSession(kv_file);
    if (!s.ok() && s.code() != StatusCode::kNotFound) DM_LOG_WARNING("KV cache not saved: {}", s.ToString());
  }
  pthread_kill(waiter.native_handle(), SIGUSR1);  // no-op if it already returned
  waiter.join();
  http.Stop();
  const bool failed = ctx.model_state() == server::ModelState::kFailed;
  return failed ? 1 : 0;
}

}  // namespace

DM_COMMAND("serve", "OpenAI-compatible API, cockpit endpoints, MCP at /mcp, web UI at /", RunServe);

}  // namespace dm::cli
