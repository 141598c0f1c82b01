#include "server/chat_request.h"

#include <cctype>
#include <cmath>
#include <fmt/format.h>

namespace dm::server {
namespace {

// Thrown inside the parser only; converted to ApiError at the boundary.
struct Reject {
  std::string param;
  std::string message;
};

[[noreturn]] void Fail(std::string param, std::string message) {
  throw Reject{std::move(param), std::move(message)};
}

const char* TypeName(const Json& v) { return v.type_name(); }

std::string GetString(const Json& obj, const char* key, const std::string& param, bool required) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) Fail(param, fmt::format("'{}' is required", param));
    return {};
  }
  if (!it->is_string()) Fail(param, fmt::format("'{}' must be a string, not {}", param, TypeName(*it)));
  return it->get<std::string>();
}

// Message content: a string, or an array of {"type": "text", "text": ...} parts.
std::string ParseContent(const Json& content, const std::string& param) {
  if (content.is_null()) return {};
  if (content.is_string()) return content.get<std::string>();
  if (!content.is_array()) Fail(param, fmt::format("'{}' must be a string or an array of parts", param));
  std::string text;
  for (size_t i = 0; i < content.size(); ++i) {
    const Json& part = content[i];
    const std::string p = fmt::format("{}[{}]", param, i);
    if (!part.is_object()) Fail(p, fmt::format("'{}' must be an object", p));
    const std::string type = GetString(part, "type", p + ".type", true);
    if (type != "text") {
      Fail(p + ".type", fmt::format("content part type '{}' is not supported (only 'text')", type));
    }
    text += GetString(part, "text", p + ".text", true);
  }
  return text;
}

ChatMessage ParseMessage(const Json& m, const std::string& param) {
  if (!m.is_object()) Fail(param, fmt::format("'{}' must be an object", param));
  ChatMessage msg;
  msg.role = GetString(m, "role", param + ".role", true);
  if (msg.role != "system" && msg.role != "developer" && msg.role != "user" &&
      msg.role != "assistant" && msg.role != "tool") {
    Fail(param + ".role", fmt::format("unknown role '{}' (expected system, developer, user, "
                                      "assistant or tool)", msg.role));
  }
  auto content = m.find("content");
  if (content != m.end()) msg.content = ParseContent(*content, param + ".content");
  msg.name = GetString(m, "name", param + ".name", false);
  if (msg.role == "assistant") {
    msg.reasoning_content = GetString(m, "reasoning_content", param + ".reasoning_content", false);
    auto calls = m.find("tool_calls");
    if (calls != m.end() && !calls->is_null()) {
      if (!calls->is_array()) Fail(param + ".tool_calls", "'tool_calls' must be an array");
      for (size_t i = 0; i < calls->size(); ++i) {
        const Json& c = (*calls)[i];
        const std::string p = fmt::format("{}.tool_calls[{}]", param, i);
        if (!c.is_object()) Fail(p, fmt::format("'{}' must be an object", p));
        ToolCall call;
        call.id = GetString(c, "id", p + ".id", true);
        const std::string type = GetString(c, "type", p + ".type", false);
        if (!type.empty() && type != "function") Fail(p + ".type", "tool call type must be 'function'");
        auto fn = c.find("function");
        if (fn == c.end() || !fn->is_object()) Fail(p + ".function", "'function' object is required");
        call.name = GetString(*fn, "name", p + ".function.name", true);
        call.arguments = GetString(*fn, "arguments", p + ".function.arguments", false);
        if (call.arguments.empty()) call.arguments = "{}";
        msg.tool_calls.push_back(std::move(call));
      }
    }
    if (content == m.end() && msg.tool_calls.empty()) {
      Fail(param + ".content", "an assistant message needs 'content' or 'tool_calls'");
    }
  } else {
    if (content == m.end() || content->is_null()) {
      Fail(param + ".content", fmt::format("'{}.content' is required", param));
    }
  }
  if (msg.role == "tool") msg.tool_call_id = GetString(m, "tool_call_id", param + ".tool_call_id", true);
  return msg;
}

ToolDef ParseTool(const Json& t, const std::string& param) {
  if (!t.is_object()) Fail(param, fmt::format("'{}' must be an object", param));
  const std::string type = GetString(t, "type", param + ".type", true);
  if (type != "function") Fail(param + ".type", fmt::format("tool type '{}' is not supported", type));
  auto fn = t.find("function");
  if (fn == t.end() || !fn->is_object()) Fail(param + ".function", "'function' object is required");
  ToolDef tool;
  tool.name = GetString(*fn, "name", param + ".function.name", true);
  if (tool.name.empty() || tool.name.size() > 64) {
    Fail(param + ".function.name", "function names are 1 to 64 characters");
  }
  for (char c : tool.name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) {
      Fail(param + ".function.name", fmt::format("invalid function name '{}' (a-z, A-Z, 0-9, _, -, .)", tool.name));
    }
  }
  tool.description = GetString(*fn, "description", param + ".function.description", false);
  auto params = fn->find("parameters");
  if (params == fn->end() || params->is_null()) {
    tool.parameters = Json{{"type", "object"}, {"properties", Json::object()}};
  } else {
    if (!params->is_object()) Fail(param + ".function.parameters", "'parameters' must be a JSON Schema object");
    tool.parameters = *params;
  }
  return tool;
}

double GetNumber(const Json& body, const char* key, double fallback, double lo, double hi) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return fallback;
  if (!it->is_number()) Fail(key, fmt::format("'{}' must be a number", key));
  const double v = it->get<double>();
  if (!std::isfinite(v) || v < lo || v > hi) {
    Fail(key, fmt::format("'{}' must be between {} and {}, got {}", key, lo, hi, v));
  }
  return v;
}

bool GetBool(const Json& body, const char* key, bool fallback, const std::string& param) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) Fail(param, fmt::format("'{}' must be a boolean", param));
  return it->get<bool>();
}

void ParseToolChoice(const Json& body, ChatRequest& req) {
  req.tool_choice = req.tools.empty() ? ToolChoice::kNone : ToolChoice::kAuto;
  auto it = body.find("tool_choice");
  if (it == body.end() || it->is_null()) return;
  if (it->is_string()) {
    const std::string v = it->get<std::string>();
    if (v == "none") req.tool_choice = ToolChoice::kNone;
    else if (v == "auto") req.tool_choice = ToolChoice::kAuto;
    else if (v == "required") req.tool_choice = ToolChoice::kRequired;
    else Fail("tool_choice", fmt::format("unknown tool_choice '{}' (none, auto, required or an object)", v));
  } else if (it->is_object()) {
    const std::string type = GetString(*it, "type", "tool_choice.type", true);
    if (type != "function") Fail("tool_choice.type", "tool_choice.type must be 'function'");
    auto fn = it->find("function");
    if (fn == it->end() || !fn->is_object()) Fail("tool_choice.function", "'function' object is required");
    req.tool_choice = ToolChoice::kNamed;
    req.tool_choice_name = GetString(*fn, "name", "tool_choice.function.name", true);
    bool found = false;
    for (const auto& t : req.tools) found = found || t.name == req.tool_choice_name;
    if (!found) {
      Fail("tool_choice.function.name",
           fmt::format("tool_choice names '{}', which is not in 'tools'", req.tool_choice_name));
    }
  } else {
    Fail("tool_choice", "'tool_choice' must be a string or an object");
  }
  if (req.tools.empty() && req.tool_choice != ToolChoice::kNone) {
    Fail("tool_choice", "'tool_choice' requires 'tools'");
  }
}

void ParseResponseFormat(const Json& body, ChatRequest& req) {
  auto it = body.find("response_format");
  if (it == body.end() || it->is_null()) return;
  if (!it->is_object()) Fail("response_format", "'response_format' must be an object");
  const std::string type = GetString(*it, "type", "response_format.type", true);
  if (type == "text") {
    req.response_format = ResponseFormat::kText;
  } else if (type == "json_object") {
    req.response_format = ResponseFormat::kJsonObject;
  } else if (type == "json_schema") {
    req.response_format = ResponseFormat::kJsonSchema;
    auto js = it->find("json_schema");
    if (js == it->end() || !js->is_object()) {
      Fail("response_format.json_schema", "'json_schema' object is required");
    }
    req.json_schema_name = GetString(*js, "name", "response_format.json_schema.name", true);
    auto schema = js->find("schema");
    if (schema == js->end() || !(schema->is_object() || schema->is_boolean())) {
      Fail("response_format.json_schema.schema", "'schema' must be a JSON Schema");
    }
    req.json_schema = *schema;
  } else {
    Fail("response_format.type",
         fmt::format("unknown response_format type '{}' (text, json_object, json_schema)", type));
  }
}

void ParseStop(const Json& body, ChatRequest& req, const ChatLimits& limits) {
  auto it = body.find("stop");
  if (it == body.end() || it->is_null()) return;
  auto add = [&](const Json& s, const std::string& param) {
    if (!s.is_string()) Fail(param, "stop sequences must be strings");
    std::string v = s.get<std::string>();
    if (v.empty() || v.size() > limits.max_stop_bytes) {
      Fail(param, fmt::format("stop sequences are 1 to {} bytes", limits.max_stop_bytes));
    }
    req.stop.push_back(std::move(v));
  };
  if (it->is_string()) {
    add(*it, "stop");
  } else if (it->is_array()) {
    if (it->size() > limits.max_stop) Fail("stop", fmt::format("at most {} stop sequences", limits.max_stop));
    for (size_t i = 0; i < it->size(); ++i) add((*it)[i], fmt::format("stop[{}]", i));
  } else {
    Fail("stop", "'stop' must be a string or an array of strings");
  }
}

ChatRequest Parse(const Json& body, const ChatLimits& limits) {
  if (!body.is_object()) Fail("", "the request body must be a JSON object");
  ChatRequest req;
  req.model = GetString(body, "model", "model", false);
  auto messages = body.find("messages");
  if (messages == body.end() || !messages->is_array()) Fail("messages", "'messages' must be an array");
  if (messages->empty()) Fail("messages", "'messages' must not be empty");
  if (messages->size() > limits.max_messages) {
    Fail("messages", fmt::format("at most {} messages", limits.max_messages));
  }
  for (size_t i = 0; i < messages->size(); ++i) {
    req.messages.push_back(ParseMessage((*messages)[i], fmt::format("messages[{}]", i)));
  }
  auto tools = body.find("tools");
  if (tools != body.end() && !tools->is_null()) {
    if (!tools->is_array()) Fail("tools", "'tools' must be an array");
    if (tools->size() > limits.max_tools) Fail("tools", fmt::format("at most {} tools", limits.max_tools));
    for (size_t i = 0; i < tools->size(); ++i) {
      req.tools.push_back(ParseTool((*tools)[i], fmt::format("tools[{}]", i)));
      for (size_t j = 0; j < i; ++j) {
        if (req.tools[j].name == req.tools[i].name) {
          Fail(fmt::format("tools[{}].function.name", i),
               fmt::format("duplicate tool name '{}'", req.tools[i].name));
        }
      }
    }
  }
  ParseToolChoice(body, req);
  req.parallel_tool_calls = GetBool(body, "parallel_tool_calls", true, "parallel_tool_calls");
  ParseResponseFormat(body, req);
  req.stream = GetBool(body, "stream", false, "stream");
  auto so = body.find("stream_options");
  if (so != body.end() && !so->is_null()) {
    if (!so->is_object()) Fail("stream_options", "'stream_options' must be an object");
    if (!req.stream) Fail("stream_options", "'stream_options' is only allowed when 'stream' is true");
    req.include_usage = GetBool(*so, "include_usage", false, "stream_options.include_usage");
  }
  req.temperature = GetNumber(body, "temperature", 1.0, 0.0, 2.0);
  req.top_p = GetNumber(body, "top_p", 1.0, 0.0, 1.0);
  if (req.top_p <= 0) Fail("top_p", "'top_p' must be greater than 0");
  req.presence_penalty = GetNumber(body, "presence_penalty", 0.0, -2.0, 2.0);
  req.frequency_penalty = GetNumber(body, "frequency_penalty", 0.0, -2.0, 2.0);
  for (const char* key : {"max_completion_tokens", "max_tokens"}) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) continue;
    if (!it->is_number_integer() || it->get<int64_t>() < 1 || it->get<int64_t>() > 1'000'000) {
      Fail(key, fmt::format("'{}' must be an integer from 1 to 1000000", key));
    }
    req.max_tokens = static_cast<int>(it->get<int64_t>());
    break;
  }
  ParseStop(body, req, limits);
  auto seed = body.find("seed");
  if (seed != body.end() && !seed->is_null()) {
    if (!seed->is_number_integer()) Fail("seed", "'seed' must be an integer");
    req.seed = seed->get<int64_t>();
  }
  auto n = body.find("n");
  if (n != body.end() && !n->is_null() && !(n->is_number_integer() && n->get<int64_t>() == 1)) {
    Fail("n", "only n = 1 is supported");
  }
  for (const char* key : {"logprobs", "top_logprobs", "logit_bias", "audio", "modalities"}) {
    auto it = body.find(key);
    if (it != body.end() && !it->is_null() && !(it->is_boolean() && !it->get<bool>())) {
      Fail(key, fmt::format("'{}' is not supported by this server", key));
    }
  }
  req.user = GetString(body, "user", "user", false);
  if (req.user.size() > 256) Fail("user", "'user' is at most 256 bytes");
  return req;
}

}  // namespace

std::variant<ChatRequest, ApiError> ParseChatRequest(const Json& body, const ChatLimits& limits) {
  try {
    return Parse(body, limits);
  } catch (const Reject& r) {
    return BadRequest(r.message, r.param, "invalid_value");
  } catch (const Json::exception& e) {
    return BadRequest(fmt::format("invalid request: {}", e.what()));
  }
}

}  // namespace dm::server
