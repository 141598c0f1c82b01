#include "server/chat_generator.h"

namespace dm::server {
namespace {

ChatRequest ToChatRequest(const std::vector<agent::ChatMessage>& messages, const ChatGeneratorOptions& options) {
  ChatRequest request;
  for (const agent::ChatMessage& m : messages) {
    ChatMessage out;
    out.role = m.role;
    out.content = m.content;
    out.reasoning_content = m.reasoning_content;
    out.tool_call_id = m.tool_call_id;
    for (const agent::ToolCall& c : m.tool_calls) out.tool_calls.push_back({c.id, c.name, c.arguments});
    request.messages.push_back(std::move(out));
  }
  request.tool_choice = ToolChoice::kNone;
  request.temperature = options.temperature;
  request.top_p = options.top_p;
  request.max_tokens = options.max_tokens;
  request.seed = options.seed;
  return request;
}

}  // namespace

agent::GenerateFn MakeChatGenerator(std::shared_ptr<ChatService> service, ChatGeneratorOptions options) {
  return [service = std::move(service), options = std::move(options)](
             const std::vector<agent::ChatMessage>& messages, const agent::StreamCallbacks& callbacks,
             agent::CancelToken* cancel) -> Result<std::string> {
    if (messages.empty()) return InvalidArgument("no messages to answer");
    const ChatRequest request = ToChatRequest(messages, options);
    AdmissionTicket ticket;
    if (options.admit) {
      DM_ASSIGN_OR_RETURN(ticket, options.admit());
    }
    auto result = service->Complete(request, [&](const ChatDelta& d) {
      if (cancel != nullptr && cancel->cancelled()) return false;
      if (!d.content.empty() && callbacks.on_content) callbacks.on_content(d.content);
      if (!d.reasoning.empty() && callbacks.on_reasoning) callbacks.on_reasoning(d.reasoning);
      return cancel == nullptr || !cancel->cancelled();
    });
    if (!result.ok()) {
      if (result.status().code() == StatusCode::kCancelled) return Cancelled("the turn was cancelled");
      return result.status();
    }
    if (options.on_result) options.on_result(*result);
    return std::move(result->content);
  };
}

}  // namespace dm::server
