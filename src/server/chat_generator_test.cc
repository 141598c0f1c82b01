// MakeChatGenerator on the tiny fixture model: streamed content adds up to
// the returned answer, cancellation and admission refusals end it.
#include "server/chat_generator.h"

#include <gtest/gtest.h>

#include "server/tiny_model_for_tests.h"

namespace dm::server {
namespace {

std::vector<agent::ChatMessage> Messages(const std::string& user) {
  return {{"system", "You are a car assistant.", "", {}, ""}, {"user", user, "", {}, ""}};
}

TEST(ChatGenerator, StreamsTheAnswerItReturns) {
  auto chat = LoadTinyChat(1);
  ASSERT_NE(chat, nullptr);
  ChatGeneratorOptions options;
  options.max_tokens = 16;
  options.seed = 3;
  agent::GenerateFn generate = MakeChatGenerator(chat, options);
  std::string streamed;
  int pieces = 0;
  agent::StreamCallbacks callbacks;
  callbacks.on_content = [&](std::string_view piece) {
    streamed += piece;
    ++pieces;
  };
  auto text = generate(Messages("tell me a joke"), callbacks, nullptr);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_FALSE(text->empty());
  EXPECT_EQ(streamed, *text);
  EXPECT_GT(pieces, 1);
  // Same seed, same answer; the conversation prefix is reused.
  auto again = generate(Messages("tell me a joke"), {}, nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *text);
}

TEST(ChatGenerator, CancelTokenStopsTheGeneration) {
  auto chat = LoadTinyChat(1);
  ASSERT_NE(chat, nullptr);
  ChatGeneratorOptions options;
  options.max_tokens = 64;
  agent::GenerateFn generate = MakeChatGenerator(chat, options);
  agent::CancelToken cancel;
  int pieces = 0;
  agent::StreamCallbacks callbacks;
  callbacks.on_content = [&](std::string_view) {
    if (++pieces == 2) cancel.Cancel();
  };
  auto text = generate(Messages("tell me a long story"), callbacks, &cancel);
  EXPECT_EQ(text.status().code(), StatusCode::kCancelled);
  EXPECT_EQ(pieces, 2);
}

TEST(ChatGenerator, AdmissionRefusalIsTheGenerationsError) {
  auto chat = LoadTinyChat(1);
  ASSERT_NE(chat, nullptr);
  Admission admission(1, 0);
  auto held = admission.Enter(std::chrono::steady_clock::now() + std::chrono::seconds(1));
  ASSERT_TRUE(held.ok());
  ChatGeneratorOptions options;
  options.admit = [&] { return admission.Enter(std::chrono::steady_clock::now() + std::chrono::seconds(1)); };
  auto text = MakeChatGenerator(chat, options)(Messages("hi"), {}, nullptr);
  EXPECT_EQ(text.status().code(), StatusCode::kResourceExhausted);
  held->Release();
  options.max_tokens = 4;
  EXPECT_TRUE(MakeChatGenerator(chat, options)(Messages("hi"), {}, nullptr).ok());
}

}  // namespace
}  // namespace dm::server
