// The OpenAI Chat Completions data model as the agent uses it: messages
// (with tool calls and DeepSeek's `reasoning_content`), a request with tools,
// and the assembled response with `usage`. JSON in and out follows the
// OpenAI wire format; DeepSeek's is the same plus `reasoning_content`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace dm::agent {

using Json = nlohmann::json;

// One function call the model asked for. `arguments` is the raw JSON text the
// model produced (it may be malformed: callers parse and validate it).
struct ToolCall {
  std::string id;
  std::string name;
  std::string arguments;
};

struct ChatMessage {
  std::string role;     // "system" | "user" | "assistant" | "tool"
  std::string content;
  // Assistant messages of reasoning models (DeepSeek). Sent back only as
  // ReasoningPassback says: DeepSeek's thinking mode with tool calls needs it
  // for the assistant messages of the current turn (after the last user
  // message); deepseek-reasoner rejects it anywhere else.
  std::string reasoning_content;
  std::vector<ToolCall> tool_calls;  // assistant messages
  std::string tool_call_id;          // tool messages: the call answered
};

struct Usage {
  int prompt_tokens = 0;
  int completion_tokens = 0;
  int total_tokens = 0;
  int reasoning_tokens = 0;  // completion_tokens_details.reasoning_tokens when given
};

struct ChatRequest {
  std::vector<ChatMessage> messages;
  Json tools = Json::array();  // [{"type":"function","function":{name,description,parameters}}]
  // "none" | "auto" | "required" | {"type":"function","function":{"name":...}};
  // null: not sent (the endpoint's default, "auto" when tools are given).
  Json tool_choice;
  bool stream = true;
  std::optional<double> temperature;
  std::optional<int> max_tokens;
};

struct ChatResponse {
  std::string id;
  std::string model;
  std::string content;
  std::string reasoning_content;
  std::vector<ToolCall> tool_calls;
  std::string finish_reason;  // "stop" | "tool_calls" | "length" | ...
  std::optional<Usage> usage;

  // The assistant message to append to the history for the next round.
  ChatMessage AsMessage() const;
};

// Wire JSON of one message; `with_reasoning` controls reasoning_content.
Json MessageToJson(const ChatMessage& message, bool with_reasoning);

// Which assistant messages carry their reasoning_content back to the API.
enum class ReasoningPassback {
  kNever,        // OpenAI and other endpoints that do not know the field
  kCurrentTurn,  // DeepSeek: only messages after the last user message
  kAlways,
};

// Request body for POST /chat/completions with `model`.
Json RequestToJson(const ChatRequest& request, const std::string& model,
                   ReasoningPassback passback);

// Parses a non-streaming response body. Errors: Corrupt with the JSON pointer
// of the offending field; an API error object ({"error": {...}}) becomes
// Unavailable with its message.
Result<ChatResponse> ParseCompletion(const std::string& body);

// Parses the `usage` object of a response or a final chunk.
Usage ParseUsage(const Json& usage);

}  // namespace dm::agent
