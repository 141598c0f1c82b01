// The agent's on-board text generation (agent::GenerateFn) on a ChatService:
// the agent's messages become a chat completion request (no tools, plain
// text), content deltas stream to StreamCallbacks::on_content and reasoning
// deltas to on_reasoning (when set), and the answer's content is returned.
// With `dashmind serve --model` this is the same LocalChatService instance as
// /v1/chat/completions, so its KV prefix reuse serves the agent's turns too.
//
// Errors: whatever Complete returns (context_length_exceeded as
// kResourceExhausted, ...); kCancelled when the CancelToken fires (checked on
// every generated piece); an admission refusal when `admit` refuses.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "agent/local_assistant.h"
#include "server/admission.h"
#include "server/chat_service.h"

namespace dm::server {

struct ChatGeneratorOptions {
  int max_tokens = 512;      // per answer; the context must hold the prompt plus this
  double temperature = 0.7;  // 0 = greedy
  double top_p = 0.9;
  std::optional<int64_t> seed;  // unset: a fresh random seed per answer
  // When set, called before each generation for a slot of the server's
  // admission control (held until the answer is complete); an error is
  // returned as the generation's error. Unset: no admission (one user).
  std::function<Result<AdmissionTicket>()> admit;
  // When set, called with every finished answer (token counts, timings).
  std::function<void(const ChatResult&)> on_result;
};

agent::GenerateFn MakeChatGenerator(std::shared_ptr<ChatService> service, ChatGeneratorOptions options = {});

}  // namespace dm::server
