// The agent's cloud client (agent::CloudClient, the DeepSeek/OpenAI client of
// the edge-cloud router) against dashmind's own server on loopback: the same
// wire protocol both ways, streaming and not, with tools. The model is the
// tiny random-weight fixture, so only the protocol is checked, not the text.
#include <gtest/gtest.h>

#include "agent/cloud_client.h"
#include "server/http_server.h"
#include "server/server_context.h"
#include "server/tiny_model_for_tests.h"

namespace dm::server {
namespace {

class CloudClientOnOwnServer : public ::testing::Test {
 protected:
  void SetUp() override {
    chat_ = LoadTinyChat();
    ASSERT_NE(chat_, nullptr);
    ServerOptions options;
    options.port = 0;
    ctx_ = std::make_unique<ServerContext>(options);
    ctx_->SetModelReady(chat_);
    http_ = std::make_unique<HttpServer>(*ctx_);
    ASSERT_TRUE(http_->Bind().ok());
    http_->Start();
    config_.base_url = "http://127.0.0.1:" + std::to_string(http_->port()) + "/v1";
    config_.model = chat_->model_id();
    config_.max_retries = 0;
  }
  void TearDown() override {
    if (http_) http_->Stop();
  }

  static agent::ChatRequest Ask(const std::string& text, bool stream) {
    agent::ChatRequest request;
    agent::ChatMessage user;
    user.role = "user";
    user.content = text;
    request.messages.push_back(user);
    request.stream = stream;
    request.max_tokens = 12;
    request.temperature = 0;
    return request;
  }

  std::shared_ptr<LocalChatService> chat_;
  std::unique_ptr<ServerContext> ctx_;
  std::unique_ptr<HttpServer> http_;
  agent::CloudConfig config_;
};

TEST_F(CloudClientOnOwnServer, StreamedAndPlainAnswersAgree) {
  agent::CloudClient client(config_);
  std::string streamed;
  agent::StreamCallbacks callbacks;
  callbacks.on_content = [&](std::string_view piece) { streamed += piece; };
  agent::CloudCallStats stats;
  auto live = client.Complete(Ask("hello there", true), callbacks, nullptr, &stats);
  ASSERT_TRUE(live.ok()) << live.status().ToString();
  EXPECT_TRUE(stats.streamed);
  EXPECT_EQ(stats.http_status, 200);
  EXPECT_EQ(streamed, live->content);
  EXPECT_TRUE(live->finish_reason == "length" || live->finish_reason == "stop") << live->finish_reason;
  ASSERT_TRUE(live->usage.has_value());  // stream_options.include_usage
  EXPECT_GT(live->usage->prompt_tokens, 0);
  EXPECT_GT(live->usage->completion_tokens, 0);
  EXPECT_LE(live->usage->completion_tokens, 12);

  auto plain = client.Complete(Ask("hello there", false), {}, nullptr, &stats);
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_FALSE(stats.streamed);
  EXPECT_EQ(plain->content, live->content);  // greedy: the same answer
}

TEST_F(CloudClientOnOwnServer, RequiredToolCallArrivesValid) {
  agent::CloudClient client(config_);
  agent::ChatRequest request = Ask("open the driver window", true);
  request.max_tokens = 64;
  request.tools = Json::array({Json::parse(R"({"type": "function", "function": {
      "name": "set_window", "description": "Open or close a window",
      "parameters": {"type": "object", "additionalProperties": false, "required": ["position"],
                     "properties": {"position": {"type": "integer", "minimum": 0, "maximum": 100}}}}})")});
  request.tool_choice = "required";
  auto r = client.Complete(request);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->finish_reason, "tool_calls");
  ASSERT_FALSE(r->tool_calls.empty());
  EXPECT_EQ(r->tool_calls[0].name, "set_window");
  const Json args = Json::parse(r->tool_calls[0].arguments);
  ASSERT_TRUE(args.contains("position"));
  EXPECT_GE(args["position"].get<int>(), 0);
  EXPECT_LE(args["position"].get<int>(), 100);
}

TEST_F(CloudClientOnOwnServer, AWrongModelNameIsAClearError) {
  config_.model = "no-such-model";
  agent::CloudClient client(config_);
  auto r = client.Complete(Ask("hi", true));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("no-such-model"), std::string::npos) << r.status().ToString();
}

}  // namespace
}  // namespace dm::server
