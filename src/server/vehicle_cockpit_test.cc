// The cockpit's assistant turns go through the agent: fast-path vehicle
// requests, memory across a restart (--memory), the local model's streamed
// text, the cloud with held proposals (a real HTTP server replaying
// recordings), cancellation when the client goes away, and the vehicle lock
// left free while text is generated.
#include "server/vehicle_cockpit.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "agent/replay_server_for_tests.h"
#include "server/chat_generator.h"
#include "server/tiny_model_for_tests.h"

namespace dm::server {
namespace {

constexpr char kDriverTemp[] = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature";
constexpr char kDriverWindow[] = "Vehicle.Cabin.Door.Row1.DriverSide.Window.Position";

struct Rig {
  std::unique_ptr<VehicleHost> host;
  std::unique_ptr<VehicleCockpit> cockpit;
  std::mutex mu;
  std::vector<std::pair<std::string, Json>> events;

  explicit Rig(AssistantOptions options) {
    auto h = VehicleHost::Load("", "");
    EXPECT_TRUE(h.ok()) << h.status().ToString();
    host = std::move(h).value();
    auto c = VehicleCockpit::Create(*host, "", "", std::move(options));
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    cockpit = std::move(c).value();
    cockpit->SetEventSink([this](const std::string& type, const Json& data) {
      std::lock_guard<std::mutex> lock(mu);
      events.emplace_back(type, data);
    });
  }
  ~Rig() { cockpit.reset(); }

  Json Signal(const char* path) { return cockpit->State()["signals"].value(path, Json()); }
  // Waits up to 5 s for a published change of `path` (moving actuators
  // change their current value on the vehicle clock's ticks).
  bool SawStateChange(const std::string& path) {
    for (int i = 0; i < 100; ++i) {
      {
        std::lock_guard<std::mutex> lock(mu);
        for (const auto& [type, data] : events) {
          if (type != "state") continue;
          for (const auto& c : data["changes"]) {
            if (c["path"] == path) return true;
          }
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
};

AssistantOptions Offline() {
  AssistantOptions o;
  o.offline = true;
  return o;
}

// Runs a turn collecting the streamed pieces.
Result<Json> Turn(VehicleCockpit& cockpit, const std::string& utterance, std::string* streamed, int* pieces) {
  return cockpit.Turn(utterance, "s1", [&](const std::string& piece) {
    *streamed += piece;
    ++*pieces;
    return true;
  }, nullptr);
}

TEST(VehicleCockpit, VehicleRequestTakesTheFastPathAndIsPublished) {
  Rig rig(Offline());
  std::string streamed;
  int pieces = 0;
  auto act = Turn(*rig.cockpit, "把主驾温度调到22度", &streamed, &pieces);
  ASSERT_TRUE(act.ok()) << act.status().ToString();
  EXPECT_EQ((*act)["route"], "fast") << act->dump();
  EXPECT_EQ((*act)["session"], "s1");
  EXPECT_FALSE((*act)["changes"].empty());
  EXPECT_EQ(streamed, (*act)["reply"].get<std::string>());  // the whole reply, once
  EXPECT_EQ(pieces, 1);
  EXPECT_EQ(rig.Signal(kDriverTemp), 22);
  EXPECT_TRUE(rig.SawStateChange(kDriverTemp));
}

TEST(VehicleCockpit, MemoryFileKeepsPreferencesAcrossARestart) {
  const auto db = std::filesystem::temp_directory_path() / ("dm_cockpit_memory_" + std::to_string(::getpid()) + ".db");
  for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
  AssistantOptions options = Offline();
  options.memory_path = db.string();
  {
    Rig rig(options);
    ASSERT_TRUE(rig.cockpit->Turn("我习惯22度", "s1", nullptr, nullptr).ok());
  }
  Rig rig(options);
  ASSERT_TRUE(rig.cockpit->ApplySignals({{kDriverTemp, 26}}).ok());
  auto act = rig.cockpit->Turn("把空调调到我习惯的温度", "s1", nullptr, nullptr);
  ASSERT_TRUE(act.ok());
  EXPECT_EQ((*act)["route"], "fast") << act->dump();
  EXPECT_EQ(rig.Signal(kDriverTemp), 22) << act->dump();
  for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
}

TEST(VehicleCockpit, SmallTalkWithoutAModelOfflineIsRouteNone) {
  Rig rig(Offline());
  auto act = rig.cockpit->Turn("你好，陪我聊聊天吧", "s1", nullptr, nullptr);
  ASSERT_TRUE(act.ok());
  EXPECT_EQ((*act)["route"], "none") << act->dump();
  EXPECT_TRUE((*act)["changes"].empty());
}

TEST(VehicleCockpit, SmallTalkStreamsTheLocalModelsText) {
  auto chat = LoadTinyChat(1);
  ASSERT_NE(chat, nullptr);
  AssistantOptions options = Offline();
  ChatGeneratorOptions g;
  g.max_tokens = 12;
  g.seed = 1;
  options.generate = MakeChatGenerator(chat, g);
  Rig rig(std::move(options));
  std::string streamed;
  int pieces = 0;
  auto act = Turn(*rig.cockpit, "你好，陪我聊聊天吧", &streamed, &pieces);
  ASSERT_TRUE(act.ok()) << act.status().ToString();
  EXPECT_EQ((*act)["route"], "local") << act->dump();
  EXPECT_GT(pieces, 1);
  const std::string reply = (*act)["reply"];
  ASSERT_FALSE(streamed.empty());
  EXPECT_EQ(reply.substr(reply.size() - std::min(reply.size(), streamed.size())), streamed);
}

TEST(VehicleCockpit, ConversationHistoryStaysWithinTheModelsContext) {
  auto chat = LoadTinyChat(1, 512);
  ASSERT_NE(chat, nullptr);
  AssistantOptions options = Offline();
  ChatGeneratorOptions g;
  g.max_tokens = 48;
  options.generate = MakeChatGenerator(chat, g);
  options.context_tokens = 512;
  options.reply_tokens = 48;
  options.count = [&](std::string_view text) { return chat->CountTokens(text); };
  Rig rig(std::move(options));
  // Each turn adds about 100 tokens of history; a 4096-token budget would
  // overflow the 512-token context after a few turns.
  for (int i = 0; i < 8; ++i) {
    auto act = rig.cockpit->Turn("你好，陪我聊聊天吧。今天有点无聊，跟我说说最近有什么有意思的事情吧，随便聊聊就好，"
                                 "我们可以慢慢聊，不着急，你觉得呢？" + std::to_string(i),
                                 "s1", nullptr, nullptr);
    ASSERT_TRUE(act.ok());
    EXPECT_EQ((*act)["route"], "local") << "turn " << i << ": " << act->dump();
  }
}

TEST(VehicleCockpit, ClientGoneCancelsTheTurn) {
  auto chat = LoadTinyChat(1);
  ASSERT_NE(chat, nullptr);
  AssistantOptions options = Offline();
  ChatGeneratorOptions g;
  g.max_tokens = 64;
  options.generate = MakeChatGenerator(chat, g);
  Rig rig(std::move(options));
  int pieces = 0;
  auto act = rig.cockpit->Turn("你好，陪我聊聊天吧", "s1", [&](const std::string&) { return ++pieces < 2; }, nullptr);
  EXPECT_EQ(act.status().code(), StatusCode::kCancelled);
  EXPECT_EQ(pieces, 2);
}

TEST(VehicleCockpit, VehicleLockIsFreeWhileTextIsGenerated) {
  std::promise<void> started, release;
  std::shared_future<void> released = release.get_future().share();
  AssistantOptions options = Offline();
  // Stands in for a slow model: blocks until the test has used the vehicle.
  options.generate = [&](const std::vector<agent::ChatMessage>&, const agent::StreamCallbacks& cb,
                         agent::CancelToken*) -> Result<std::string> {
    started.set_value();
    if (released.wait_for(std::chrono::seconds(20)) != std::future_status::ready) return DeadlineExceeded("test");
    if (cb.on_content) cb.on_content("ok");
    return std::string("ok");
  };
  Rig rig(std::move(options));
  auto turn = std::async(std::launch::async, [&] { return rig.cockpit->Turn("你好，陪我聊聊天吧", "s1", nullptr, nullptr); });
  started.get_future().wait();
  // While the turn generates, the state, signals and suggestions answer.
  auto applied = std::async(std::launch::async, [&] { return rig.cockpit->ApplySignals({{kDriverTemp, 25}}); });
  EXPECT_EQ(applied.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(rig.Signal(kDriverTemp), 25);
  release.set_value();
  auto act = turn.get();
  ASSERT_TRUE(act.ok());
  EXPECT_EQ((*act)["route"], "local");
  EXPECT_EQ((*act)["reply"], "ok");
}

TEST(VehicleCockpit, CancelTokenEndsATurnWaitingForText) {
  AssistantOptions options = Offline();
  // Stands in for a model that never finishes on its own.
  options.generate = [](const std::vector<agent::ChatMessage>&, const agent::StreamCallbacks&,
                        agent::CancelToken* cancel) -> Result<std::string> {
    while (cancel != nullptr && cancel->WaitFor(std::chrono::milliseconds(20))) {
    }
    return Cancelled("stopped");
  };
  Rig rig(std::move(options));
  agent::CancelToken shutdown;
  auto turn = std::async(std::launch::async,
                         [&] { return rig.cockpit->Turn("你好，陪我聊聊天吧", "s1", nullptr, &shutdown); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  shutdown.Cancel();
  ASSERT_EQ(turn.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(turn.get().status().code(), StatusCode::kCancelled);
}

TEST(VehicleCockpit, CloudProposalsWaitForTheDriversYes) {
  agent::testing::ReplayServer server;
  server.Post("/v1/chat/completions",
              {agent::testing::SseReply("inject_round1_search.sse"), agent::testing::SseReply("inject_round2_window.sse"),
               agent::testing::SseReply("inject_round3_answer.sse")});
  server.Get("/search", {agent::testing::JsonReply("searxng_weather.json")});
  AssistantOptions options;
  options.cloud_url = server.url();
  options.search_url = server.url("");
  Rig rig(std::move(options));
  const Json before = rig.Signal(kDriverWindow);
  std::string streamed;
  int pieces = 0;
  auto act = Turn(*rig.cockpit, "北京今天天气怎么样", &streamed, &pieces);
  ASSERT_TRUE(act.ok()) << act.status().ToString();
  EXPECT_EQ((*act)["route"], "cloud") << act->dump();
  EXPECT_EQ(streamed, (*act)["reply"].get<std::string>());
  ASSERT_EQ((*act)["confirm"].size(), 1u);
  EXPECT_EQ((*act)["confirm"][0]["name"], "set_window");
  EXPECT_EQ(rig.Signal(kDriverWindow), before);

  auto yes = rig.cockpit->Turn("确认", "s1", nullptr, nullptr);
  ASSERT_TRUE(yes.ok());
  EXPECT_EQ((*yes)["route"], "fast") << yes->dump();
  EXPECT_FALSE((*yes)["changes"].empty());
  EXPECT_TRUE(rig.SawStateChange(kDriverWindow));
}

}  // namespace
}  // namespace dm::server
