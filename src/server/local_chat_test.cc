// LocalChatService on the tiny fixture model: KV prefix reuse across
// requests, saving and restoring a session's cache, seeded sampling.
#include "server/local_chat.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "server/tiny_model_for_tests.h"

namespace dm::server {
namespace {

std::string TempPath(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("dm_server_chat_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

ChatRequest Request(const std::string& user, int max_tokens = 8) {
  ChatRequest r;
  r.messages = {{"system", "You are a car assistant.", "", {}, "", ""}, {"user", user, "", {}, "", ""}};
  r.tool_choice = ToolChoice::kNone;
  r.temperature = 0;
  r.max_tokens = max_tokens;
  return r;
}

TEST(LocalChat, ReusesTheCachedPrefixOfAContinuedConversation) {
  auto chat = LoadTinyChat(1);
  ASSERT_NE(chat, nullptr);
  auto first = chat->Complete(Request("open the window"), nullptr);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->usage.cached_tokens, 0);
  ChatRequest next = Request("open the window");
  next.messages.push_back({"assistant", first->content, "", {}, "", ""});
  next.messages.push_back({"user", "and the sunroof", "", {}, "", ""});
  auto second = chat->Complete(next, nullptr);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  // At least the system prompt and the first user message are reused.
  EXPECT_GT(second->usage.cached_tokens, first->usage.prompt_tokens / 2);
  EXPECT_LT(second->usage.cached_tokens, second->usage.prompt_tokens);
}

TEST(LocalChat, SavedSessionIsRestoredIntoAFreshServiceWithTheSameAnswer) {
  const std::string path = TempPath("session.dmkv");
  auto chat = LoadTinyChat(2);
  ASSERT_NE(chat, nullptr);
  EXPECT_EQ(chat->SaveSession(path).code(), StatusCode::kNotFound);  // nothing ran yet
  const ChatRequest request = Request("set the cabin to 22 degrees", 12);
  auto cold = chat->Complete(request, nullptr);
  ASSERT_TRUE(cold.ok()) << cold.status().ToString();
  ASSERT_TRUE(chat->SaveSession(path).ok());

  auto restarted = LoadTinyChat(2);
  ASSERT_NE(restarted, nullptr);
  Status loaded = restarted->LoadSession(path);
  ASSERT_TRUE(loaded.ok()) << loaded.ToString();
  auto warm = restarted->Complete(request, nullptr);
  ASSERT_TRUE(warm.ok()) << warm.status().ToString();
  // The whole prompt was cached; its last token is evaluated again for logits.
  EXPECT_EQ(warm->usage.cached_tokens, warm->usage.prompt_tokens - 1);
  EXPECT_EQ(warm->content, cold->content);
  EXPECT_EQ(warm->usage.completion_tokens, cold->usage.completion_tokens);
}

TEST(LocalChat, CorruptOrForeignSessionFilesAreRefusedAndLeaveTheServiceWorking) {
  const std::string path = TempPath("corrupt.dmkv");
  auto chat = LoadTinyChat(1);
  ASSERT_NE(chat, nullptr);
  ASSERT_TRUE(chat->Complete(Request("hello"), nullptr).ok());
  ASSERT_TRUE(chat->SaveSession(path).ok());
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-3, std::ios::end);
    f.put('\x7f');
  }
  EXPECT_EQ(chat->LoadSession(path).code(), StatusCode::kCorrupt);
  EXPECT_EQ(chat->LoadSession(TempPath("missing.dmkv")).code(), StatusCode::kNotFound);
  std::filesystem::resize_file(path, 20);
  EXPECT_EQ(chat->LoadSession(path).code(), StatusCode::kCorrupt);
  // The failed restore emptied the session; requests still run, from scratch.
  auto after = chat->Complete(Request("hello"), nullptr);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(after->usage.cached_tokens, 0);
}

TEST(LocalChat, SameSeedSameAnswerAndGreedyIgnoresTheSeed) {
  auto chat = LoadTinyChat(1);
  ASSERT_NE(chat, nullptr);
  ChatRequest r = Request("tell me a story", 16);
  r.temperature = 1.0;
  r.top_p = 0.9;
  r.seed = 5;
  auto a = chat->Complete(r, nullptr);
  auto b = chat->Complete(r, nullptr);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->content, b->content);
  r.temperature = 0;
  r.seed = 1;
  auto g1 = chat->Complete(r, nullptr);
  r.seed = 2;
  auto g2 = chat->Complete(r, nullptr);
  ASSERT_TRUE(g1.ok() && g2.ok());
  EXPECT_EQ(g1->content, g2->content);
}

TEST(LocalChat, NegativePenaltiesMakeAGreedyAnswerRepeatItself) {
  auto chat = LoadTinyChat(1);
  ASSERT_NE(chat, nullptr);
  ChatRequest r = Request("repeat after me", 32);
  auto plain = chat->Complete(r, nullptr);
  // The random model does not repeat itself greedily; a negative penalty
  // rewards the tokens it already wrote.
  r.frequency_penalty = -2.0;
  r.presence_penalty = -2.0;
  auto penalized = chat->Complete(r, nullptr);
  ASSERT_TRUE(plain.ok() && penalized.ok());
  EXPECT_NE(plain->content, penalized->content);
}

}  // namespace
}  // namespace dm::server
