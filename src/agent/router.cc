#include "agent/router.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace dm::agent {
namespace {

struct Cue {
  const char* text;
  double weight;
};

// Cues are matched on the lower-cased utterance (Chinese as is).
const Cue kRealtime[] = {{"天气", 1}, {"气温", 0.8}, {"下雨吗", 1}, {"新闻", 1}, {"股价", 1}, {"股票", 0.8},
                         {"比分", 1}, {"赛况", 1}, {"油价", 1}, {"汇率", 1}, {"路况", 0.6}, {"最新", 0.7},
                         {"现在", 0.3}, {"今天", 0.3}, {"实时", 0.8}, {"热搜", 1}, {"weather", 1},
                         {"forecast", 1}, {"news", 1}, {"stock", 1}, {"score", 0.8}, {"latest", 0.7},
                         {"exchange rate", 1}, {"right now", 0.5}, {"today", 0.3}, {"tonight", 0.3},
                         {"price of", 0.6}, {"headlines", 1}, {"traffic", 0.4}};
const Cue kCreative[] = {{"写一首", 1.2}, {"写首", 1.2}, {"写一副", 1.2}, {"诗", 0.8}, {"对联", 1.2}, {"春联", 1.2},
                         {"上联", 1}, {"下联", 1}, {"故事", 0.9}, {"歌词", 1}, {"作文", 1}, {"笑话", 0.8},
                         {"藏头", 1}, {"poem", 1.2}, {"haiku", 1.2}, {"couplet", 1.2}, {"story", 0.9},
                         {"lyrics", 1}, {"joke", 0.8}, {"write a", 0.6}, {"compose", 0.8}};
const Cue kTranslation[] = {{"翻译", 1.5}, {"用英语", 1.2}, {"用英文", 1.2}, {"用中文", 1.2},
                            {"英文怎么说", 1.5}, {"英语怎么说", 1.5}, {"translate", 1.5},
                            {"how do you say", 1.2}, {"in english", 0.8}, {"in chinese", 0.8}};
const Cue kReasoning[] = {{"为什么", 0.8}, {"计算", 0.8}, {"算一下", 0.8}, {"规划", 0.9}, {"比较", 0.8},
                          {"分析", 0.9}, {"证明", 1}, {"推理", 1}, {"方案", 0.6}, {"行程", 0.6},
                          {"why", 0.7}, {"calculate", 0.9}, {"plan a", 0.9}, {"compare", 0.9},
                          {"analy", 0.9}, {"prove", 1}, {"step by step", 1}, {"itinerary", 0.9},
                          {"pros and cons", 1}};
const Cue kKnowledge[] = {{"是什么", 0.9}, {"什么是", 0.9}, {"是谁", 0.9}, {"谁是", 0.9}, {"哪一年", 0.9},
                          {"历史", 0.7}, {"介绍一下", 0.8}, {"多少年", 0.6}, {"为什么", 0.4},
                          {"原理", 0.8}, {"what is", 0.9}, {"what's the", 0.4}, {"who is", 0.9},
                          {"who was", 0.9}, {"when did", 0.9}, {"how does", 0.8}, {"explain", 0.9},
                          {"history of", 0.9}, {"tell me about", 0.8}};
const Cue kChat[] = {{"你好", 1}, {"谢谢", 1}, {"无聊", 0.8}, {"聊聊", 1}, {"陪我", 0.8}, {"心情", 0.6},
                     {"hello", 1}, {"hi ", 0.6}, {"thanks", 1}, {"how are you", 1}, {"bored", 0.8},
                     {"chat", 0.6}};

double Score(const std::string& text, const Cue* begin, const Cue* end) {
  double s = 0;
  for (const Cue* c = begin; c != end; ++c) {
    if (text.find(c->text) != std::string::npos) s += c->weight;
  }
  return s;
}

template <size_t N>
double Score(const std::string& text, const Cue (&cues)[N]) {
  return Score(text, cues, cues + N);
}

// ASCII lower case (UTF-8 multibyte sequences pass through unchanged).
std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

const char* RouteName(Route route) {
  switch (route) {
    case Route::kFast: return "fast";
    case Route::kLocal: return "local";
    case Route::kCloud: return "cloud";
    case Route::kNone: return "none";
  }
  return "none";
}

const char* TaskKindName(TaskKind kind) {
  switch (kind) {
    case TaskKind::kVehicle: return "vehicle";
    case TaskKind::kKnowledge: return "knowledge";
    case TaskKind::kRealtime: return "realtime";
    case TaskKind::kCreative: return "creative";
    case TaskKind::kTranslation: return "translation";
    case TaskKind::kReasoning: return "reasoning";
    case TaskKind::kChat: return "chat";
  }
  return "chat";
}

TaskScores ScoreTask(const std::string& utterance, double vehicle_score) {
  const std::string text = Lower(utterance);
  TaskScores s;
  s.vehicle = 2 * std::clamp(vehicle_score, 0.0, 1.0);
  s.realtime = Score(text, kRealtime);
  s.creative = Score(text, kCreative);
  s.translation = Score(text, kTranslation);
  s.reasoning = Score(text, kReasoning);
  s.knowledge = Score(text, kKnowledge);
  s.chat = Score(text, kChat) + 0.2;  // the default when nothing else speaks
  // Long requests usually need long reasoning.
  size_t len = CodePoints(utterance);
  if (len > 60) s.reasoning += 0.5 + std::min(1.0, static_cast<double>(len - 60) / 120.0);
  // A real-time cue beats a vehicle cue about the world ("今天天气" is not
  // the car's climate), but not an explicit vehicle request.
  return s;
}

RouteDecision DecideRoute(const RouteInput& in, const RouterOptions& options) {
  RouteDecision d;
  // Rule 1: the fast path is sure -> vehicle control on the device.
  if (in.fast_confidence >= options.fast_threshold) {
    d.route = Route::kFast;
    d.kind = TaskKind::kVehicle;
    d.confidence = in.fast_confidence;
    d.reason = "fast path parsed a vehicle request";
    return d;
  }
  TaskScores s = ScoreTask(in.utterance, in.vehicle_score);
  std::array<std::pair<TaskKind, double>, 7> ranked = {{{TaskKind::kVehicle, s.vehicle},
                                                        {TaskKind::kRealtime, s.realtime},
                                                        {TaskKind::kCreative, s.creative},
                                                        {TaskKind::kTranslation, s.translation},
                                                        {TaskKind::kReasoning, s.reasoning},
                                                        {TaskKind::kKnowledge, s.knowledge},
                                                        {TaskKind::kChat, s.chat}}};
  std::stable_sort(ranked.begin(), ranked.end(), [](auto& a, auto& b) { return a.second > b.second; });
  // Rule 2: vehicle wording above threshold stays local even when another
  // cue is present, unless that cue clearly dominates.
  if (in.vehicle_score >= options.vehicle_threshold && ranked[0].second < s.vehicle + 0.5) {
    ranked[0] = {TaskKind::kVehicle, s.vehicle};
  }
  d.kind = ranked[0].first;
  const double top = ranked[0].second, second = ranked[1].second;
  d.confidence = top <= 0 ? 0 : std::clamp((top - second + 0.5) / (top + 0.5), 0.0, 1.0);
  const bool cloud_ok = in.cloud_configured && in.cloud_reachable;

  switch (d.kind) {
    case TaskKind::kVehicle:
      // Rule 3: vehicle control never leaves the device.
      d.route = in.local_model ? Route::kLocal : (in.fast_confidence > 0 ? Route::kFast : Route::kNone);
      d.reason = in.local_model ? "vehicle request, local model with tools" : "vehicle request, fast path only";
      if (d.route == Route::kNone) {
        d.notice_zh = "抱歉，我没听懂要对车做什么，请换个说法。";
        d.notice_en = "Sorry, I didn't understand what to do with the car. Please rephrase.";
      }
      return d;
    case TaskKind::kRealtime:
    case TaskKind::kKnowledge:
    case TaskKind::kReasoning:
    case TaskKind::kCreative:
    case TaskKind::kTranslation:
      // Rule 4: open-domain, real-time, creative and long reasoning go to the
      // cloud when it can be reached.
      d.wanted_cloud = true;
      if (cloud_ok) {
        d.route = Route::kCloud;
        d.reason = std::string(TaskKindName(d.kind)) + " -> cloud";
        return d;
      }
      break;
    case TaskKind::kChat:
      d.wanted_cloud = !in.local_model;
      if (in.local_model) {
        d.route = Route::kLocal;
        d.reason = "small talk on the local model";
        return d;
      }
      if (cloud_ok) {
        d.route = Route::kCloud;
        d.reason = "small talk, no local model -> cloud";
        return d;
      }
      break;
  }
  // Rule 5: the cloud is wanted but unusable.
  if (d.kind == TaskKind::kRealtime) {
    // Real-time information cannot come from a local model: say so.
    d.route = Route::kNone;
    d.reason = "real-time information needs the network";
    d.notice_zh = "现在连不上网络，查不了实时信息；车辆控制不受影响，随时吩咐。";
    d.notice_en = "I'm offline, so I can't look up live information; I can still control the car.";
    return d;
  }
  if (in.local_model) {
    d.route = Route::kLocal;
    d.reason = std::string(TaskKindName(d.kind)) + " -> local (cloud unreachable)";
    d.notice_zh = in.cloud_configured ? "云端暂时连不上，我先用车载模型回答。" : "";
    d.notice_en = in.cloud_configured ? "The cloud is unreachable; answering with the on-board model." : "";
    return d;
  }
  d.route = Route::kNone;
  d.reason = "no model can serve this offline";
  d.notice_zh = "现在连不上网络，也没有加载车载模型，这个问题暂时回答不了；车辆控制不受影响。";
  d.notice_en = "I'm offline and no on-board model is loaded, so I can't answer that now; I can still control the car.";
  return d;
}

bool AsksForText(const std::string& utterance) {
  const std::string text = Lower(utterance);
  // A strong cue: a request verb with its text kind ("写一首" + "诗", "write a
  // poem"), or one explicit translation cue.
  constexpr double kStrong = 1.5;
  return Score(text, kCreative) >= kStrong || Score(text, kTranslation) >= kStrong;
}

}  // namespace dm::agent
