#include "server/chat_request.h"

#include <gtest/gtest.h>

namespace dm::server {
namespace {

ApiError Error(const char* text) {
  auto r = ParseChatRequest(Json::parse(text));
  EXPECT_TRUE(std::holds_alternative<ApiError>(r)) << text;
  return std::holds_alternative<ApiError>(r) ? std::get<ApiError>(r) : ApiError{};
}

TEST(ChatRequest, ParsesTheFullShape) {
  auto r = ParseChatRequest(Json::parse(R"({
    "model": "m", "messages": [
      {"role": "system", "content": "s"},
      {"role": "user", "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]},
      {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function",
        "function": {"name": "f", "arguments": "{\"x\":1}"}}]},
      {"role": "tool", "tool_call_id": "c1", "content": "ok"}],
    "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}],
    "tool_choice": {"type": "function", "function": {"name": "f"}}, "parallel_tool_calls": false,
    "response_format": {"type": "json_schema", "json_schema": {"name": "n", "schema": {"type": "object"}}},
    "stream": true, "stream_options": {"include_usage": true}, "temperature": 0.2, "top_p": 0.5,
    "max_completion_tokens": 9, "stop": ["\n", "END"], "seed": 42, "presence_penalty": 0.5,
    "frequency_penalty": -1})"));
  ASSERT_TRUE(std::holds_alternative<ChatRequest>(r)) << std::get<ApiError>(r).message;
  const ChatRequest& q = std::get<ChatRequest>(r);
  EXPECT_EQ(q.messages.size(), 4u);
  EXPECT_EQ(q.messages[1].content, "ab");
  EXPECT_EQ(q.messages[2].tool_calls[0].arguments, "{\"x\":1}");
  EXPECT_EQ(q.tool_choice, ToolChoice::kNamed);
  EXPECT_EQ(q.tool_choice_name, "f");
  EXPECT_FALSE(q.parallel_tool_calls);
  EXPECT_EQ(q.response_format, ResponseFormat::kJsonSchema);
  EXPECT_TRUE(q.include_usage);
  EXPECT_EQ(q.max_tokens, 9);
  EXPECT_EQ(q.stop.size(), 2u);
  EXPECT_EQ(*q.seed, 42);
  EXPECT_DOUBLE_EQ(q.presence_penalty, 0.5);
  EXPECT_DOUBLE_EQ(q.frequency_penalty, -1);
}

TEST(ChatRequest, PenaltiesOutOfRangeAreRefused) {
  EXPECT_EQ(Error(R"({"messages": [{"role": "user", "content": "x"}], "presence_penalty": 2.5})").param,
            "presence_penalty");
  EXPECT_EQ(Error(R"({"messages": [{"role": "user", "content": "x"}], "frequency_penalty": "high"})").param,
            "frequency_penalty");
}

TEST(ChatRequest, DefaultsToolChoice) {
  auto none = ParseChatRequest(Json::parse(R"({"messages": [{"role": "user", "content": "x"}]})"));
  EXPECT_EQ(std::get<ChatRequest>(none).tool_choice, ToolChoice::kNone);
  auto with = ParseChatRequest(Json::parse(R"({"messages": [{"role": "user", "content": "x"}],
    "tools": [{"type": "function", "function": {"name": "f"}}]})"));
  EXPECT_EQ(std::get<ChatRequest>(with).tool_choice, ToolChoice::kAuto);
}

TEST(ChatRequest, NamesTheOffendingParameter) {
  EXPECT_EQ(Error(R"({"messages": []})").param, "messages");
  EXPECT_EQ(Error(R"({"messages": [{"role": "robot", "content": "x"}]})").param, "messages[0].role");
  EXPECT_EQ(Error(R"({"messages": [{"role": "user"}]})").param, "messages[0].content");
  EXPECT_EQ(Error(R"({"messages": [{"role": "user", "content": "x"}], "temperature": 3})").param, "temperature");
  EXPECT_EQ(Error(R"({"messages": [{"role": "user", "content": "x"}], "top_p": 0})").param, "top_p");
  EXPECT_EQ(Error(R"({"messages": [{"role": "user", "content": "x"}], "max_tokens": 0})").param, "max_tokens");
  EXPECT_EQ(Error(R"({"messages": [{"role": "user", "content": "x"}], "stop": ["a","b","c","d","e"]})").param, "stop");
  EXPECT_EQ(Error(R"({"messages": [{"role": "user", "content": "x"}], "tool_choice": "required"})").param, "tool_choice");
  EXPECT_EQ(Error(R"({"messages": [{"role": "user", "content": "x"}], "n": 2})").param, "n");
  EXPECT_EQ(Error(R"({"messages": [{"role": "user", "content": "x"}], "stream_options": {"include_usage": true}})").param,
            "stream_options");
  EXPECT_EQ(Error(R"({"messages": [{"role": "user", "content": "x"}],
    "tools": [{"type": "function", "function": {"name": "bad name!"}}]})").param, "tools[0].function.name");
  EXPECT_EQ(Error(R"({"messages": [{"role": "user", "content": "x"}],
    "response_format": {"type": "json_schema", "json_schema": {"name": "n"}}})").param, "response_format.json_schema.schema");
  EXPECT_EQ(Error(R"({"messages": [{"role": "user", "content": [{"type": "image_url"}]}]})").param, "messages[0].content[0].type");
  const ApiError e = Error(R"([1])");
  EXPECT_EQ(e.http_status, 400);
  EXPECT_EQ(e.ToJson()["error"]["type"], "invalid_request_error");
}

}  // namespace
}  // namespace dm::server
