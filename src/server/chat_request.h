// POST /v1/chat/completions request body: parsed and validated into a typed
// request. Every rejection names the offending field as OpenAI does
// (`param`: "messages[2].role", "tools[0].function.parameters", ...).
#pragma once

#include <cstdint>
#include <optional>
#include <variant>
#include <string>
#include <vector>

#include "server/api_error.h"
#include "server/json_body.h"

namespace dm::server {

struct ToolCall {
  std::string id;
  std::string name;
  std::string arguments;  // JSON text, as on the wire
};

struct ChatMessage {
  std::string role;  // system | developer | user | assistant | tool
  std::string content;
  std::string reasoning_content;  // assistant, optional
  std::vector<ToolCall> tool_calls;  // assistant
  std::string tool_call_id;          // tool
  std::string name;
};

struct ToolDef {
  std::string name;
  std::string description;
  Json parameters;  // JSON Schema (object); {"type":"object"} when absent
};

enum class ToolChoice { kNone, kAuto, kRequired, kNamed };
enum class ResponseFormat { kText, kJsonObject, kJsonSchema };

struct ChatRequest {
  std::string model;
  std::vector<ChatMessage> messages;
  std::vector<ToolDef> tools;
  ToolChoice tool_choice = ToolChoice::kAuto;  // kNone when there are no tools
  std::string tool_choice_name;                // kNamed
  bool parallel_tool_calls = true;
  ResponseFormat response_format = ResponseFormat::kText;
  Json json_schema;  // kJsonSchema: the schema
  std::string json_schema_name;
  bool stream = false;
  bool include_usage = false;
  double temperature = 1.0;
  double top_p = 1.0;
  double presence_penalty = 0;   // -2..2, over the tokens of the answer
  double frequency_penalty = 0;  // -2..2
  int max_tokens = 0;  // 0 = until the context is full
  std::vector<std::string> stop;
  std::optional<int64_t> seed;
  std::string user;  // also the session affinity key when set
};

// Limits a request must respect beyond JSON well-formedness.
struct ChatLimits {
  size_t max_messages = 256;
  size_t max_tools = 512;
  size_t max_stop = 4;
  size_t max_stop_bytes = 256;
};

// Returns the request, or an ApiError (400, with `param`) describing the first
// problem found.
std::variant<ChatRequest, ApiError> ParseChatRequest(const Json& body,
                                                     const ChatLimits& limits = {});

}  // namespace dm::server
