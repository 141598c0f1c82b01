// Everything the route handlers share: options, metrics, admission control,
// the event hub, the chat service (once loaded), the cockpit and MCP.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "agent/cancel_token.h"
#include "agent/token_budget.h"
#include "agent/local_assistant.h"
#include "server/admission.h"
#include "server/chat_generator.h"
#include "server/chat_service.h"
#include "server/cockpit.h"
#include "server/event_hub.h"
#include "server/mcp_server.h"
#include "server/metrics.h"
#include "server/server_options.h"

namespace dm::server {

enum class ModelState { kNone, kLoading, kReady, kFailed };

class ServerContext {
 public:
  explicit ServerContext(ServerOptions options);

  const ServerOptions& options() const { return options_; }
  const ServerLimits& limits() const { return options_.limits; }
  JsonLimits json_limits() const { return {options_.limits.max_body_bytes, options_.limits.max_json_depth}; }
  Metrics& metrics() { return metrics_; }
  Admission& admission() { return admission_; }
  EventHub& events() { return events_; }

  // Chat service lifecycle: kNone (no --model), kLoading, then kReady with a
  // service or kFailed with a reason.
  void SetModelLoading();
  void SetModelReady(std::shared_ptr<ChatService> service);
  void SetModelFailed(std::string reason);
  ModelState model_state() const { return model_state_.load(); }
  std::shared_ptr<ChatService> chat() const;
  std::string model_error() const;
  // The agent's on-board text generation on the chat service
  // (MakeChatGenerator), bound late: until the model is ready it fails with
  // kUnavailable; each answer waits for an admission slot like a chat
  // completion (up to the request timeout; 429-style refusal when the queue
  // is full) and counts in the metrics. `options.admit` and `on_result` are
  // replaced.
  agent::GenerateFn ModelGenerator(ChatGeneratorOptions options = {});
  // Token counts with the model's tokenizer once it is ready, the agent's
  // estimate (agent::EstimateTokens) until then.
  agent::TokenCounter ModelTokenCounter();

  // Shutdown: cancels `shutdown()` (cloud calls of assistant turns hook into
  // it) and stops the chat service's generations. Idempotent.
  void BeginShutdown();
  bool stopping() const { return shutdown_.cancelled(); }
  agent::CancelToken& shutdown() { return shutdown_; }

  // Optional parts, set before serving.
  void SetCockpit(std::shared_ptr<Cockpit> cockpit);
  Cockpit* cockpit() const { return cockpit_.get(); }
  void SetMcp(std::shared_ptr<McpServer> mcp) { mcp_ = std::move(mcp); }
  McpServer* mcp() const { return mcp_.get(); }

 private:
  ServerOptions options_;
  Metrics metrics_;
  Admission admission_;
  EventHub events_;
  std::atomic<ModelState> model_state_{ModelState::kNone};
  mutable std::mutex mu_;
  std::shared_ptr<ChatService> chat_;  // guarded by mu_
  agent::CancelToken shutdown_;
  std::string model_error_;
  std::shared_ptr<Cockpit> cockpit_;
  std::shared_ptr<McpServer> mcp_;
};

}  // namespace dm::server
