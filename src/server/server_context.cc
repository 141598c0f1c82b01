#include "server/server_context.h"

#include <chrono>

namespace dm::server {

ServerContext::ServerContext(ServerOptions options)
    : options_(std::move(options)),
      admission_(options_.limits.sessions, options_.limits.max_queue, &metrics_) {}

void ServerContext::SetModelLoading() { model_state_.store(ModelState::kLoading); }

void ServerContext::SetModelReady(std::shared_ptr<ChatService> service) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    chat_ = std::move(service);
    if (stopping()) chat_->Stop();  // loaded after shutdown began
  }
  metrics_.model_loaded.store(1);
  model_state_.store(ModelState::kReady);
}

void ServerContext::SetModelFailed(std::string reason) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    model_error_ = std::move(reason);
  }
  model_state_.store(ModelState::kFailed);
}

std::shared_ptr<ChatService> ServerContext::chat() const {
  std::lock_guard<std::mutex> lock(mu_);
  return chat_;
}

std::string ServerContext::model_error() const {
  std::lock_guard<std::mutex> lock(mu_);
  return model_error_;
}

void ServerContext::BeginShutdown() {
  std::lock_guard<std::mutex> lock(mu_);
  shutdown_.Cancel();
  if (chat_) chat_->Stop();
}

agent::GenerateFn ServerContext::ModelGenerator(ChatGeneratorOptions options) {
  options.admit = [this] {
    return admission_.Enter(std::chrono::steady_clock::now() + std::chrono::seconds(options_.limits.request_timeout_s));
  };
  options.on_result = [this](const ChatResult& r) {
    metrics_.CountGeneration(r.usage.prompt_tokens, r.usage.cached_tokens, r.usage.completion_tokens,
                             r.prefill_seconds, r.decode_seconds);
  };
  return [this, options = std::move(options)](const std::vector<agent::ChatMessage>& messages,
                                              const agent::StreamCallbacks& callbacks,
                                              agent::CancelToken* cancel) -> Result<std::string> {
    std::shared_ptr<ChatService> service = chat();
    if (service == nullptr) {
      return Unavailable("the on-board model is {}",
                         model_state() == ModelState::kFailed ? "unavailable" : "still loading");
    }
    return MakeChatGenerator(std::move(service), options)(messages, callbacks, cancel);
  };
}

agent::TokenCounter ServerContext::ModelTokenCounter() {
  return [this](std::string_view text) {
    std::shared_ptr<ChatService> service = chat();
    return service != nullptr ? service->CountTokens(text) : agent::EstimateTokens(text);
  };
}

void ServerContext::SetCockpit(std::shared_ptr<Cockpit> cockpit) {
  cockpit_ = std::move(cockpit);
  if (cockpit_) {
    cockpit_->SetEventSink([this](const std::string& type, const Json& data) {
      events_.Publish(type, DumpJson(data));
    });
  }
}

}  // namespace dm::server
