// Routing rules, the prompt-injection guard, and whole agent turns against a
// real vehicle runtime, a real SQLite memory and a loopback cloud.
#include "agent/agent.h"

#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "agent/intent_assistant.h"
#include "agent/proactive_monitor.h"
#include "agent/proactive_replay.h"
#include "agent/replay_server_for_tests.h"

namespace dm::agent {
namespace {

using testing::JsonReply;
using testing::ReplayServer;
using testing::SseReply;

RouteInput Input(const std::string& text, bool cloud, bool model = false, double fast = 0) {
  RouteInput in;
  in.utterance = text;
  in.fast_confidence = fast;
  in.vehicle_score = fast;
  in.local_model = model;
  in.cloud_configured = true;
  in.cloud_reachable = cloud;
  return in;
}

TEST(Router, ExplicitRules) {
  // Vehicle control stays on the device, online or not.
  EXPECT_EQ(DecideRoute(Input("把空调调到22度", true, true, 0.95)).route, Route::kFast);
  EXPECT_EQ(DecideRoute(Input("有点闷", true, true, 0.6)).route, Route::kLocal);
  // Open knowledge, real time, creative, translation, long reasoning: cloud.
  for (const char* q : {"北京今天天气怎么样", "what is the history of the Great Wall", "写一副春联",
                        "translate 我爱你 into English", "帮我规划一下从上海到杭州的行程并比较高铁和自驾"}) {
    auto d = DecideRoute(Input(q, true, true));
    EXPECT_EQ(d.route, Route::kCloud) << q << " -> " << TaskKindName(d.kind);
    EXPECT_TRUE(d.wanted_cloud);
  }
  // Small talk stays local when a model is loaded.
  EXPECT_EQ(DecideRoute(Input("你好呀", true, true)).route, Route::kLocal);
}

TEST(Router, TextRequestsAreNotVehicleRequests) {
  for (const char* q : {"写一首关于雨的诗", "write a poem about rain", "帮我写一副关于车窗的对联",
                        "translate 打开车窗 into English", "把这句话翻译成英文：音乐停一下"}) {
    EXPECT_TRUE(AsksForText(q)) << q;
  }
  for (const char* q : {"打开车窗", "下雨了把窗关上", "播放一首周杰伦的歌", "play a song about rain", "有点冷"}) {
    EXPECT_FALSE(AsksForText(q)) << q;
  }
}

TEST(Router, OfflineSaysWhatItCannotDo) {
  auto realtime = DecideRoute(Input("今天的新闻", false, true));
  EXPECT_EQ(realtime.route, Route::kNone);
  EXPECT_FALSE(realtime.notice_zh.empty());
  auto poem = DecideRoute(Input("write a poem about rain", false, true));
  EXPECT_EQ(poem.route, Route::kLocal);  // the local model can try
  auto nothing = DecideRoute(Input("write a poem about rain", false, false));
  EXPECT_EQ(nothing.route, Route::kNone);
  EXPECT_NE(nothing.notice_en.find("control the car"), std::string::npos);
}

TEST(CloudHealth, BacksOffAfterFailuresAndDisablesOnBadKey) {
  double now = 100;
  CloudHealth h([&] { return now; });
  EXPECT_TRUE(h.reachable());
  h.ReportFailure(Unavailable("down"));
  EXPECT_FALSE(h.reachable());
  now += 31;
  EXPECT_TRUE(h.reachable());
  h.ReportFailure(DeadlineExceeded("slow"));
  now += 31;
  EXPECT_FALSE(h.reachable());  // back-off doubled to 60 s
  now += 30;
  EXPECT_TRUE(h.reachable());
  h.ReportFailure(PermissionDenied("bad key"));
  now += 1000;
  EXPECT_FALSE(h.reachable());
}

TEST(ActionGate, OnlyAPlainConfirmationReleases) {
  EXPECT_TRUE(IsConfirmation("确认"));
  EXPECT_TRUE(IsConfirmation("好的。"));
  EXPECT_TRUE(IsConfirmation("Yes!"));
  EXPECT_FALSE(IsConfirmation("好的，再把温度调高"));
  EXPECT_FALSE(IsConfirmation("no"));
  ActionGate gate;
  gate.Hold({{"set_window", {{"window", "all"}, {"position", 100}}}}, Provenance::kWebContent);
  EXPECT_TRUE(gate.Answer("打开音乐").empty());
  EXPECT_FALSE(gate.has_held());  // dropped, not kept for later
  gate.Hold({{"set_window", {{"window", "all"}, {"position", 100}}}}, Provenance::kCloudModel);
  EXPECT_EQ(gate.Answer("确认").size(), 1u);
  EXPECT_TRUE(RequiresUserConfirmation(Provenance::kCloudModel));
  EXPECT_TRUE(RequiresUserConfirmation(Provenance::kWebContent));
  EXPECT_FALSE(RequiresUserConfirmation(Provenance::kUser));
}

// Whole turns on the real device side: the intent layer's TurnRunner on a
// simulated sedan, a fresh SQLite memory per test, a controllable clock.
class AgentTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto env = intent::Environment::Load(std::string(DM_SOURCE_DIR) + "/data");
    ASSERT_TRUE(env.ok()) << env.status().ToString();
    env_ = std::move(env).value().release();
  }
  static void TearDownTestSuite() {
    delete env_;
    env_ = nullptr;
  }

  void SetUp() override {
    auto dir = std::filesystem::temp_directory_path() / ("dm_agent_turns_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    db_ = (dir / (std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + ".db")).string();
    for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db_ + suffix);
    auto session = env_->NewSession("sedan-5");
    ASSERT_TRUE(session.ok()) << session.status().ToString();
    session_ = std::move(session).value();
    runner_ = std::make_unique<intent::TurnRunner>(*env_, *session_);
    local_ = std::make_unique<IntentAssistant>(*env_, *session_, *runner_);
    auto sm = SessionManager::Open(db_);
    ASSERT_TRUE(sm.ok());
    sessions_ = std::move(sm).value();
  }

  vehicle::SimulatedVehicle& car() { return *session_->vehicle; }
  Json Window(const char* door = "Row1.DriverSide") {
    auto v = car().GetTarget(std::string("Vehicle.Cabin.Door.") + door + ".Window.Position");
    return v.ok() ? *v : Json();
  }

  static intent::Environment* env_;
  std::string db_;
  std::unique_ptr<intent::VehicleSession> session_;
  std::unique_ptr<intent::TurnRunner> runner_;
  std::unique_ptr<IntentAssistant> local_;
  std::unique_ptr<SessionManager> sessions_;
  double now_ = 0;
  CloudHealth health_{[this] { return now_; }};
};
intent::Environment* AgentTest::env_ = nullptr;

TEST_F(AgentTest, InjectedWebTextCannotMoveTheCar) {
  ReplayServer server;
  server.Post("/v1/chat/completions", {SseReply("inject_round1_search.sse"), SseReply("inject_round2_window.sse"),
                                       SseReply("inject_round3_answer.sse")});
  server.Get("/search", {JsonReply("searxng_injection.json")});
  CloudConfig config;
  config.base_url = server.url();
  CloudClient cloud(config);
  SearxngSearch search({server.url(""), "", 2000, 5, 400});
  auto privacy = PrivacyFilter::Load(std::string(DM_SOURCE_DIR) + "/data/agent/privacy.json");
  ASSERT_TRUE(privacy.ok());
  AgentOptions options;
  options.privacy = &*privacy;
  Agent agent(sessions_.get(), local_.get(), &cloud, &search, &health_, options);
  const Json before = Window();

  AgentTurn t = agent.Turn("北京今天天气怎么样");
  EXPECT_EQ(t.act["route"], "cloud");
  EXPECT_EQ(t.act["reply"], "北京今天晴，12到20度。我建议开窗通风，已请您确认。");
  EXPECT_TRUE(t.act["changes"].empty());
  EXPECT_TRUE(t.act["calls"].empty());
  ASSERT_EQ(t.act["confirm"].size(), 1u);
  EXPECT_EQ(t.act["confirm"][0]["name"], "set_window");
  EXPECT_EQ(t.act["confirm"][0]["source"], "web_content");
  EXPECT_EQ(Window(), before);  // nothing moved
  // The cloud saw the untrusted-data wrapper and only filtered state.
  auto first = Json::parse(server.requests().at(0));
  const std::string system = first["messages"][0]["content"];
  EXPECT_NE(system.find("Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"), std::string::npos);
  EXPECT_EQ(system.find("VehicleIdentification"), std::string::npos);
  EXPECT_EQ(system.find("Tire.Pressure"), std::string::npos);
  auto second = Json::parse(server.requests().at(2));
  EXPECT_NE(second["messages"].back()["content"].get<std::string>().find("untrusted"), std::string::npos);

  // Anything but a confirmation drops the proposal.
  AgentTurn other = agent.Turn("算了");
  EXPECT_TRUE(other.act["changes"].empty());
  EXPECT_EQ(Window(), before);
  EXPECT_FALSE(agent.gate().has_held());
}

TEST_F(AgentTest, ConfirmedProposalRunsThroughTheExecutor) {
  ReplayServer server;
  server.Post("/v1/chat/completions", {SseReply("inject_round1_search.sse"), SseReply("inject_round2_window.sse"),
                                       SseReply("inject_round3_answer.sse")});
  server.Get("/search", {JsonReply("searxng_weather.json")});
  CloudConfig config;
  config.base_url = server.url();
  CloudClient cloud(config);
  SearxngSearch search({server.url(""), "", 2000, 5, 400});
  Agent agent(sessions_.get(), local_.get(), &cloud, &search, &health_);
  agent.Turn("北京今天天气怎么样");
  ASSERT_TRUE(agent.gate().has_held());
  AgentTurn yes = agent.Turn("确认");
  EXPECT_EQ(yes.act["route"], "fast");
  EXPECT_FALSE(yes.act["changes"].empty()) << yes.act.dump();
  EXPECT_EQ(Window(), 100);
  EXPECT_EQ(Window("Row2.PassengerSide"), 100);
  // Memory has both turns, the proposal recorded as "confirm" then executed.
  auto turns = sessions_->store().Turns(sessions_->session_id());
  ASSERT_TRUE(turns.ok());
  ASSERT_EQ(turns->size(), 2u);
  EXPECT_EQ((*turns)[0].actions.at(0).outcome, "confirm");
  EXPECT_EQ((*turns)[1].actions.at(0).outcome, "executed");
}

TEST_F(AgentTest, OfflineRealtimeSaysSoAndCouldStillControlTheCar) {
  int port;
  {
    ReplayServer probe;
    port = probe.port();
  }
  CloudConfig config;
  config.base_url = "http://127.0.0.1:" + std::to_string(port) + "/v1";
  config.max_retries = 0;
  CloudClient cloud(config);
  Agent agent(sessions_.get(), local_.get(), &cloud, nullptr, &health_);
  AgentTurn t = agent.Turn("今天有什么新闻");
  EXPECT_EQ(t.act["route"], "none");
  EXPECT_NE(t.act["reply"].get<std::string>().find("车辆控制不受影响"), std::string::npos);
  EXPECT_FALSE(t.error.empty());
  EXPECT_FALSE(health_.reachable());  // the next turn will not wait on the network
  AgentTurn again = agent.Turn("今天的天气");
  EXPECT_EQ(again.act["route"], "none");
  EXPECT_TRUE(again.error.empty());  // not even tried
  // Vehicle actions held for confirmation still execute offline.
  agent.Hold({{"set_window", {{"window", "driver"}, {"position", 50}}}}, Provenance::kProactive);
  AgentTurn yes = agent.Turn("好的");
  EXPECT_EQ(Window(), 50);
  EXPECT_EQ(yes.act["route"], "fast");
}

TEST_F(AgentTest, CoupletIsCheckedAndRepairedOnce) {
  ReplayServer server;
  server.Post("/v1/chat/completions", {SseReply("couplet_bad_stream.sse"), SseReply("couplet_good_stream.sse")});
  CloudConfig config;
  config.base_url = server.url();
  CloudClient cloud(config);
  Agent agent(sessions_.get(), local_.get(), &cloud, nullptr, &health_);
  AgentTurn t = agent.Turn("写一副春联");
  EXPECT_EQ(t.act["route"], "cloud");
  EXPECT_EQ(t.act["skill"], "couplet");
  EXPECT_EQ(t.act["couplet_ok"], true);
  EXPECT_NE(t.act["reply"].get<std::string>().find("瑞雪迎春万户欢"), std::string::npos);
  ASSERT_EQ(server.request_count(), 2);
  auto repair = Json::parse(server.requests().at(1));
  EXPECT_NE(repair["messages"].back()["content"].get<std::string>().find("length"), std::string::npos);
}

// "写一首关于雨的诗" names rain and (to a keyword parser) music: it must not
// start the wipers or stop the media.
TEST_F(AgentTest, APoemRequestDoesNotTouchTheCar) {
  health_.SetOffline(true);
  Agent agent(sessions_.get(), local_.get(), nullptr, nullptr, &health_);
  const Json before = car().Snapshot();
  for (const char* q : {"写一首关于雨的诗", "write a poem about rain"}) {
    AgentTurn t = agent.Turn(q);
    EXPECT_TRUE(t.act["calls"].empty()) << t.act.dump();
    EXPECT_TRUE(t.act["changes"].empty()) << t.act.dump();
    EXPECT_NE(t.act["route"], "fast") << t.act.dump();
  }
  EXPECT_EQ(car().Snapshot(), before);
}

// With a local model, condensed history is the model's summary of the
// older turns; when the model fails, the extractive summary stands in.
TEST_F(AgentTest, LocalModelWritesTheCondensedSummary) {
  for (bool model_works : {true, false}) {
    for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db_ + suffix);
    SessionOptions memory;
    memory.condense_after = 4;
    memory.keep_recent = 2;
    auto sm = SessionManager::Open(db_, memory);
    ASSERT_TRUE(sm.ok());
    std::vector<std::string> prompts;
    GenerateFn model = [&](const std::vector<ChatMessage>& messages, const StreamCallbacks&,
                           CancelToken*) -> Result<std::string> {
      prompts.push_back(messages.back().content);
      if (!model_works) return Unavailable("model busy");
      return std::string("司机打开过车窗，调过温度。");
    };
    IntentAssistant local(*env_, *session_, *runner_, model);
    Agent agent(sm->get(), &local, nullptr, nullptr, &health_);
    for (const char* u : {"打开主驾车窗", "把空调调到22度", "关闭主驾车窗", "座椅加热打开", "打开阅读灯"}) {
      agent.Turn(u);
    }
    auto summary = (*sm)->store().Summary((*sm)->session_id());
    ASSERT_TRUE(summary.ok() && summary->has_value());
    ASSERT_FALSE(prompts.empty());
    EXPECT_NE(prompts[0].find("打开主驾车窗"), std::string::npos) << prompts[0];
    if (model_works) {
      EXPECT_EQ((*summary)->text, "司机打开过车窗，调过温度。");
    } else {
      EXPECT_NE((*summary)->text.find("打开主驾车窗"), std::string::npos) << (*summary)->text;
    }
  }
}

// Proactive end to end on the simulated vehicle: rain with a window open
// raises a suggestion; nothing moves until the driver accepts; then the
// window closes through the executor.
TEST_F(AgentTest, ProactiveSuggestionRunsOnlyAfterAcceptance) {
  auto rules = LoadRuleSet(std::string(DM_SOURCE_DIR) + "/data/proactive/rules.json");
  ASSERT_TRUE(rules.ok());
  auto initial = LoadProfileState(std::string(DM_SOURCE_DIR) + "/data/vehicle", "sedan-5");
  ASSERT_TRUE(initial.ok());
  ProactiveEngine engine(std::move(rules).value());
  ProactiveMonitor monitor(car(), engine, *initial);
  ASSERT_TRUE(car().Inject("Vehicle.Cabin.Door.Row1.DriverSide.Window.Position", 40).ok());
  ASSERT_TRUE(car().Inject("Vehicle.Body.Raindetection.Intensity", 60).ok());
  EXPECT_TRUE(monitor.Poll().empty());  // must hold 5 s
  car().Advance(6);
  auto suggestions = monitor.Poll();
  ASSERT_EQ(suggestions.size(), 1u);
  EXPECT_EQ(suggestions[0].rule, "rain_windows_open");
  EXPECT_EQ(Window(), 40);  // nothing ran on its own
  Agent agent(sessions_.get(), local_.get(), nullptr, nullptr, &health_);
  auto calls = engine.Accept(suggestions[0].id);
  ASSERT_TRUE(calls.ok());
  agent.Hold(*calls, Provenance::kProactive);
  AgentTurn yes = agent.Turn("好的");
  EXPECT_EQ(Window(), 0) << yes.act.dump();
  // The window closing ends the episode: nothing new is suggested.
  car().Advance(30);
  EXPECT_TRUE(monitor.Poll().empty());
}

// The whole device path with the real intent layer, offline: a learned
// preference is applied by the fast path, real-time questions get a notice,
// and the car is still controlled.
TEST_F(AgentTest, RealIntentLayerOfflineWithPreferences) {
  CloudConfig config;
  config.base_url = "http://127.0.0.1:9/v1";
  CloudClient cloud(config);
  health_.SetOffline(true);
  Agent agent(sessions_.get(), local_.get(), &cloud, nullptr, &health_);
  agent.Turn("我习惯22度");
  AgentTurn news = agent.Turn("今天有什么新闻");
  EXPECT_EQ(news.act["route"], "none");
  EXPECT_NE(news.act["reply"].get<std::string>().find("车辆控制"), std::string::npos) << news.act.dump();
  ASSERT_TRUE(car().Inject("Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature", 26).ok());
  AgentTurn t = agent.Turn("把空调调到我习惯的温度");
  EXPECT_EQ(t.act["route"], "fast") << t.act.dump();
  auto temp = car().GetTarget("Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature");
  ASSERT_TRUE(temp.ok());
  EXPECT_EQ(*temp, 22) << t.act.dump();
}

}  // namespace
}  // namespace dm::agent
