#include "agent/chat_types.h"

namespace dm::agent {

ChatMessage ChatResponse::AsMessage() const {
  ChatMessage m;
  m.role = "assistant";
  m.content = content;
  m.reasoning_content = reasoning_content;
  m.tool_calls = tool_calls;
  return m;
}

Json MessageToJson(const ChatMessage& message, bool with_reasoning) {
  Json j = {{"role", message.role}};
  // OpenAI accepts null content for assistant messages that only call tools.
  if (message.role == "assistant" && message.content.empty() && !message.tool_calls.empty()) {
    j["content"] = nullptr;
  } else {
    j["content"] = message.content;
  }
  if (with_reasoning && message.role == "assistant" && !message.reasoning_content.empty()) {
    j["reasoning_content"] = message.reasoning_content;
  }
  if (!message.tool_calls.empty()) {
    Json calls = Json::array();
    for (const auto& c : message.tool_calls) {
      calls.push_back({{"id", c.id},
                       {"type", "function"},
                       {"function", {{"name", c.name}, {"arguments", c.arguments}}}});
    }
    j["tool_calls"] = std::move(calls);
  }
  if (message.role == "tool") j["tool_call_id"] = message.tool_call_id;
  return j;
}

Json RequestToJson(const ChatRequest& request, const std::string& model,
                   ReasoningPassback passback) {
  size_t last_user = 0;
  for (size_t i = 0; i < request.messages.size(); ++i) {
    if (request.messages[i].role == "user") last_user = i;
  }
  Json messages = Json::array();
  for (size_t i = 0; i < request.messages.size(); ++i) {
    bool with = passback == ReasoningPassback::kAlways ||
                (passback == ReasoningPassback::kCurrentTurn && i > last_user);
    messages.push_back(MessageToJson(request.messages[i], with));
  }
  Json body = {{"model", model}, {"messages", std::move(messages)}, {"stream", request.stream}};
  if (request.stream) body["stream_options"] = {{"include_usage", true}};
  if (!request.tools.empty()) body["tools"] = request.tools;
  if (!request.tool_choice.is_null()) body["tool_choice"] = request.tool_choice;
  if (request.temperature) body["temperature"] = *request.temperature;
  if (request.max_tokens) body["max_tokens"] = *request.max_tokens;
  return body;
}

Usage ParseUsage(const Json& usage) {
  Usage u;
  if (!usage.is_object()) return u;
  auto get = [&](const char* key) {
    auto it = usage.find(key);
    return it != usage.end() && it->is_number_integer() ? it->get<int>() : 0;
  };
  u.prompt_tokens = get("prompt_tokens");
  u.completion_tokens = get("completion_tokens");
  u.total_tokens = get("total_tokens");
  auto details = usage.find("completion_tokens_details");
  if (details != usage.end() && details->is_object()) {
    auto r = details->find("reasoning_tokens");
    if (r != details->end() && r->is_number_integer()) u.reasoning_tokens = r->get<int>();
  }
  return u;
}

namespace {

std::string StringOr(const Json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Result<ChatResponse> ParseCompletion(const std::string& body) {
  Json j = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Corrupt("completion body is not JSON ({} bytes)", body.size());
  if (!j.is_object()) return Corrupt("completion body is not a JSON object");
  if (auto err = j.find("error"); err != j.end()) {
    std::string msg = err->is_object() ? StringOr(*err, "message") : err->dump();
    return Unavailable("cloud API error: {}", msg);
  }
  auto choices = j.find("choices");
  if (choices == j.end() || !choices->is_array() || choices->empty() ||
      !(*choices)[0].is_object()) {
    return Corrupt("/choices: missing or empty");
  }
  const Json& choice = (*choices)[0];
  auto msg = choice.find("message");
  if (msg == choice.end() || !msg->is_object()) return Corrupt("/choices/0/message: missing");
  ChatResponse r;
  r.id = StringOr(j, "id");
  r.model = StringOr(j, "model");
  r.content = StringOr(*msg, "content");
  r.reasoning_content = StringOr(*msg, "reasoning_content");
  r.finish_reason = StringOr(choice, "finish_reason");
  if (auto calls = msg->find("tool_calls"); calls != msg->end() && calls->is_array()) {
    for (size_t i = 0; i < calls->size(); ++i) {
      const Json& c = (*calls)[i];
      auto fn = c.find("function");
      if (!c.is_object() || fn == c.end() || !fn->is_object()) {
        return Corrupt("/choices/0/message/tool_calls/{}/function: missing", i);
      }
      ToolCall call{StringOr(c, "id"), StringOr(*fn, "name"), StringOr(*fn, "arguments")};
      if (call.name.empty()) return Corrupt("/choices/0/message/tool_calls/{}/function/name: missing", i);
      r.tool_calls.push_back(std::move(call));
    }
  }
  if (auto u = j.find("usage"); u != j.end() && u->is_object()) r.usage = ParseUsage(*u);
  return r;
}

}  // namespace dm::agent
