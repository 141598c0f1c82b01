// The ChatService on a local GGUF model.
//
// Sessions: `limits.sessions` KV caches (agent::KvSession) of
// `limits.session_ctx` positions each. A request takes the free session whose
// cached tokens share the longest prefix with its prompt (the same
// conversation continued, or the same system prompt and tools), truncates the
// cache to that prefix and evaluates only the rest; the reused count is
// usage.prompt_tokens_details.cached_tokens. Forward passes of different
// sessions take turns (one compute mutex, token by token), so concurrent
// requests interleave fairly. SaveSession / LoadSession write and restore a
// cache in KvSession's checked file format, so a restart keeps the prefix.
//
// Per request: the prompt is rendered by the model family's chat format
// (text/chat_format.h); output is split into reasoning, content and tool
// calls by text::OutputParser; `response_format` and `tool_choice`
// (required / named) constrain sampling with a grammar (tool_grammar.h);
// `stop` sequences end the answer (excluded from it); `max_tokens` ends it
// with finish_reason "length". Sampling is decode::Sampler (temperature,
// top_p, presence/frequency penalties over the answer, seeded by `seed`).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "agent/kv_session.h"
#include "decode/token_index.h"
#include "decode/token_vocabulary.h"
#include "model/model.h"
#include "model/state.h"
#include "server/chat_service.h"
#include "server/server_options.h"
#include "text/chat_format.h"
#include "text/tokenizer.h"
#include "util/thread_pool.h"

namespace dm::server {

class LocalChatService : public ChatService {
 public:
  static Result<std::shared_ptr<LocalChatService>> Load(const std::string& path, const ServerLimits& limits);

  const std::string& model_id() const override { return model_id_; }
  int context_length() const override { return n_ctx_; }
  size_t CountTokens(std::string_view text) const override;
  Result<ChatResult> Complete(const ChatRequest& request, const DeltaSink& sink) override;
  void Stop() override { stopping_.store(true); }

  // Writes the cache of the most recently used session (its tokens: the last
  // prompt and answer) to `path`. kUnavailable when
  // that session is generating right now; kNotFound when no request ran yet.
  Status SaveSession(const std::string& path);
  // Restores a saved cache into the least recently used free session (which
  // becomes the most recently used), so the next request sharing its prefix
  // reports those tokens as cached_tokens. Refuses a file for another model
  // shape, a larger context, a truncated or corrupt file (the session is then
  // left empty); kUnavailable when every session is busy.
  Status LoadSession(const std::string& path);

 private:
  struct Session {
    std::unique_ptr<agent::KvSession> kv;  // the cache and the tokens it holds
    bool busy = false;
    uint64_t last_used = 0;  // 0: never
  };
  LocalChatService() = default;
  Result<std::vector<int32_t>> RenderPrompt(const ChatRequest& request, bool* opens_reasoning) const;
  Session* Acquire(const std::vector<int32_t>& prompt);
  void ReleaseSession(Session* session);
  // Under the compute mutex. On failure the cache is cut back to the tokens
  // it is known to hold.
  Result<std::span<const float>> Prefill(Session& session, std::span<const int32_t> prompt, int* reused);
  Result<std::span<const float>> Append(Session& session, int32_t token);

  std::unique_ptr<Model> model_;
  std::unique_ptr<text::Tokenizer> tokenizer_;
  std::unique_ptr<text::ChatFormat> format_;
  std::unique_ptr<decode::TokenVocabulary> vocab_;
  std::unique_ptr<decode::TokenIndex> index_;
  std::string model_id_;
  int n_ctx_ = 0;
  StateOptions state_options_;
  std::mutex sessions_mu_;
  std::vector<Session> sessions_;
  uint64_t use_counter_ = 0;  // guarded by sessions_mu_
  std::atomic<bool> stopping_{false};
  std::mutex compute_mu_;
  std::unique_ptr<ThreadPool> pool_;  // used under compute_mu_
};

}  // namespace dm::server
