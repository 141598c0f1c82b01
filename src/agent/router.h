// The edge-cloud router: decides where a turn runs, by explicit rules plus a
// confidence score.
//
//   fast   the intent fast path parsed a vehicle request with confidence >=
//          fast_threshold: executed on the device in milliseconds
//   local  vehicle control the fast path was unsure about (local model with
//          tool calling), and chat/skills the local model can do when the
//          cloud is not wanted or not reachable
//   cloud  open-domain knowledge, real-time information, creative writing,
//          translation of long text and long reasoning — when a cloud
//          endpoint is configured and reachable
//   none   nothing can serve it (e.g. real-time information offline, no local
//          model): the reply says what cannot be done; vehicle control still
//          works because it never depends on the network
//
// Vehicle control never goes to the cloud: the cloud model is not trusted
// with actions (see action_guard.h).
#pragma once

#include <string>
#include <vector>

namespace dm::agent {

enum class Route { kFast, kLocal, kCloud, kNone };
const char* RouteName(Route route);

enum class TaskKind {
  kVehicle,     // control or query of the car (catalog functions)
  kKnowledge,   // open-domain facts and explanations
  kRealtime,    // weather, news, traffic, prices, scores: needs search
  kCreative,    // poems, couplets, stories, jokes
  kTranslation,
  kReasoning,   // planning, comparison, calculation, long questions
  kChat,        // small talk
};
const char* TaskKindName(TaskKind kind);

struct RouteInput {
  std::string utterance;
  double fast_confidence = 0;   // intent fast path: 0 = no parse, 1 = certain
  double vehicle_score = 0;     // 0..1: how strongly the text is about the car (retrieval)
  bool local_model = false;     // a local model is loaded
  bool cloud_configured = false;
  bool cloud_reachable = false; // CloudHealth says so
};

struct RouteDecision {
  Route route = Route::kNone;
  TaskKind kind = TaskKind::kChat;
  double confidence = 0;       // of the task classification, 0..1
  bool wanted_cloud = false;   // the cloud would have been used if reachable
  std::string reason;          // for logs and the trace UI
  // When wanted_cloud and the cloud is unusable: what the assistant tells the
  // user it cannot do ("zh" and "en").
  std::string notice_zh;
  std::string notice_en;
};

struct RouterOptions {
  double fast_threshold = 0.8;
  double vehicle_threshold = 0.45;  // vehicle_score at which a request is vehicle control
};

// Cue-based task scores (before routing), exposed for tests and traces.
struct TaskScores {
  double vehicle = 0, knowledge = 0, realtime = 0, creative = 0, translation = 0, reasoning = 0, chat = 0;
};
TaskScores ScoreTask(const std::string& utterance, double vehicle_score);

RouteDecision DecideRoute(const RouteInput& in, const RouterOptions& options = {});

// True when the utterance asks for a text (write a poem or a couplet,
// translate): its words ("雨", "music", "window") name the topic, not the car,
// so the vehicle fast path must not act on it.
bool AsksForText(const std::string& utterance);

}  // namespace dm::agent
