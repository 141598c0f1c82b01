// Test helper: a LocalChatService on the tiny random-weight qwen2 fixture
// (tests/data/parity/tiny-qwen2-q8_0.gguf, which carries a real tokenizer).
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "server/local_chat.h"

namespace dm::server {

inline std::string TinyModelPath() { return std::string(DM_TEST_DATA_DIR) + "/parity/tiny-qwen2-q8_0.gguf"; }

// A fresh service (own sessions) on the fixture; null after a test failure.
inline std::shared_ptr<LocalChatService> LoadTinyChat(int sessions = 2, int ctx = 512) {
  ServerLimits limits;
  limits.sessions = sessions;
  limits.session_ctx = ctx;
  limits.compute_threads = 1;
  auto service = LocalChatService::Load(TinyModelPath(), limits);
  EXPECT_TRUE(service.ok()) << service.status().ToString();
  return service.ok() ? std::move(service).value() : nullptr;
}

}  // namespace dm::server
