// What POST /v1/chat/completions runs: one completion of a validated request.
// The local implementation (local_chat.h) drives the model; the HTTP layer only
// sees this interface.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "server/chat_request.h"
#include "util/status.h"

namespace dm::server {

// An increment of the answer as it is generated (streaming). Exactly one of
// the groups is set: reasoning text, content text, or a tool-call fragment.
struct ChatDelta {
  std::string reasoning;
  std::string content;
  int tool_index = -1;     // >= 0: a tool-call fragment
  std::string tool_id;     // first fragment of a call only
  std::string tool_name;   // first fragment of a call only
  std::string tool_arguments;  // appended JSON text
};

struct ChatUsage {
  int prompt_tokens = 0;
  int completion_tokens = 0;
  int cached_tokens = 0;  // prompt tokens reused from the session's KV cache
  int reasoning_tokens = 0;
};

struct ChatResult {
  std::string content;
  std::string reasoning;
  std::vector<ToolCall> tool_calls;
  std::string finish_reason;  // stop | length | tool_calls
  ChatUsage usage;
  double prefill_seconds = 0;  // wall time evaluating the prompt
  double decode_seconds = 0;   // wall time generating
};

// Called with each delta; returning false cancels the generation (client gone).
using DeltaSink = std::function<bool(const ChatDelta&)>;

class ChatService {
 public:
  virtual ~ChatService() = default;
  // The id /v1/models lists and responses echo.
  virtual const std::string& model_id() const = 0;
  // Context length of one session, in tokens.
  virtual int context_length() const = 0;
  // Tokens `text` takes with the model's tokenizer (plain text, no template).
  virtual size_t CountTokens(std::string_view text) const = 0;
  // Runs one completion. `sink` may be null (non-streaming). Errors: bad
  // request content the parser could not see (an unsupported schema: 400),
  // prompt longer than the context (400, code context_length_exceeded),
  // kCancelled when the sink returned false. Thread safe: the caller holds an
  // admission ticket, so at most `sessions` calls run at once.
  virtual Result<ChatResult> Complete(const ChatRequest& request, const DeltaSink& sink) = 0;
  // For shutdown: every running Complete ends at its next token, and every
  // later one at once, with kUnavailable. Thread safe, idempotent.
  virtual void Stop() = 0;
};

}  // namespace dm::server
