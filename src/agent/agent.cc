#include "agent/agent.h"

#include <fmt/format.h>

#include "agent/couplet.h"
#include "agent/cloud_turn.h"
#include "util/log.h"
#include "util/timer.h"

namespace dm::agent {
namespace {

Json EmptyAct(const std::string& utterance) {
  return Json{{"utterance", utterance}, {"route", "none"},        {"calls", Json::array()},
              {"changes", Json::array()}, {"refused", Json::array()}, {"confirm", Json::array()},
              {"reply", ""}};
}

void Append(Json& to, const Json& from, const char* key) {
  if (!from.contains(key)) return;
  if (!to.contains(key)) to[key] = Json::array();
  for (const auto& e : from[key]) to[key].push_back(e);
}

std::string Join(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return a + " " + b;
}

// The on-board model as the memory's summarizer: SummaryPrompt as the one
// user message, no streaming; an empty answer counts as a failure so the
// extractive summary is used instead.
Summarizer ModelSummarizer(LocalAssistant* local) {
  return [local](const std::string& previous, const std::vector<TurnRecord>& turns) -> Result<std::string> {
    std::vector<ChatMessage> messages(2);
    messages[0].role = "system";
    messages[0].content = "You keep an in-car assistant's memory.";
    messages[1].role = "user";
    messages[1].content = SummaryPrompt(previous, turns);
    DM_ASSIGN_OR_RETURN(std::string text, local->Generate(messages, {}, nullptr));
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) return Internal("the model wrote an empty summary");
    return text;
  };
}

}  // namespace

Agent::Agent(SessionManager* sessions, LocalAssistant* local, const CloudClient* cloud, SearchProvider* search,
             CloudHealth* health, AgentOptions options)
    : sessions_(sessions), local_(local), cloud_(cloud), search_(search), health_(health),
      options_(std::move(options)) {
  if (local_->has_model()) sessions_->SetSummarizer(ModelSummarizer(local_));
}

std::string Agent::ApplyPreferences(const std::string& utterance) {
  static const char* kUsual[] = {"我习惯的温度", "习惯的温度", "平时的温度", "老温度", "my usual temperature",
                                 "my preferred temperature", "the usual temperature"};
  auto prefs = sessions_->Preferences();
  if (!prefs.ok()) return utterance;
  auto t = PreferredTemperature(*prefs);
  if (!t) return utterance;
  for (const char* u : kUsual) {
    size_t p = utterance.find(u);
    if (p == std::string::npos) continue;
    const bool zh = static_cast<unsigned char>(u[0]) >= 0x80;
    std::string value = zh ? fmt::format("{}度", *t) : fmt::format("{} degrees", *t);
    return utterance.substr(0, p) + value + utterance.substr(p + std::string(u).size());
  }
  return utterance;
}

AgentTurn Agent::Turn(const std::string& utterance, const StreamCallbacks& callbacks, CancelToken* cancel) {
  Timer timer;
  AgentTurn turn;
  const std::string lang = DetectLanguage(utterance) == "zh" ? "zh" : (utterance.empty() ? options_.lang : "en");

  // 1. An answer to held proposals.
  if (gate_.has_held()) {
    auto released = gate_.Answer(utterance);
    if (!released.empty()) {
      turn.act = EmptyAct(utterance);
      Json r = local_->Execute(released, lang);
      for (const char* key : {"calls", "changes", "refused", "confirm", "notes"}) Append(turn.act, r, key);
      turn.act["route"] = "fast";
      bool ok = turn.act["refused"].empty();
      turn.act["reply"] = lang == "zh" ? (ok ? "好的，已执行。" : "部分操作被拒绝了。")
                                       : (ok ? "Done." : "Some of it was refused.");
      turn.decision.route = Route::kFast;
      turn.decision.kind = TaskKind::kVehicle;
      turn.decision.reason = "confirmed held actions";
      turn.act["latency_ms"] = timer.Millis();
      Record(utterance, turn);
      return turn;
    }
  }

  // 2-3. Preferences, then the vehicle turn on the device (not for a request
  // to write or translate a text, whose topic words must not move the car).
  const std::string request = ApplyPreferences(utterance);
  Json act = AsksForText(utterance) ? EmptyAct(utterance) : local_->Act(request);
  act["utterance"] = utterance;
  const double confidence = act.value("confidence", 0.0);
  // Anything the vehicle layer did with the request makes it the turn:
  // calls, refusals, confirmations, read values or a clarifying question.
  bool acted = false;
  for (const char* key : {"calls", "confirm", "refused", "values", "clarify"}) {
    acted |= act.contains(key) && act[key].is_array() && !act[key].empty();
  }
  const std::string act_route = act.value("route", "none");
  if (acted && (act_route == "fast" || act_route == "local")) {
    turn.act = std::move(act);
    turn.decision.route = act_route == "fast" ? Route::kFast : Route::kLocal;
    turn.decision.kind = TaskKind::kVehicle;
    turn.decision.confidence = confidence;
    turn.decision.reason = "vehicle request handled on the device";
    turn.act["latency_ms"] = timer.Millis();
    Record(utterance, turn);
    return turn;
  }

  // 4. Route what the vehicle layer did not take.
  turn.act = std::move(act);
  for (const char* key : {"calls", "changes", "refused", "confirm"}) {
    if (!turn.act.contains(key)) turn.act[key] = Json::array();
  }
  CloudOrLocal(request, lang, &turn, callbacks, cancel);
  turn.act["latency_ms"] = timer.Millis();
  Record(utterance, turn);
  return turn;
}

bool Agent::LocalAnswer(const std::vector<ChatMessage>& messages, AgentTurn* turn,
                        const StreamCallbacks& callbacks, CancelToken* cancel) {
  if (!local_->has_model()) return false;
  auto text = local_->Generate(messages, callbacks, cancel);
  if (!text.ok()) {
    turn->error = Join(turn->error, text.status().ToString());
    return false;
  }
  turn->act["route"] = "local";
  turn->act["reply"] = Join(turn->act.value("notice", ""), *text);
  return true;
}

void Agent::CloudOrLocal(const std::string& utterance, const std::string& lang, AgentTurn* turn,
                         const StreamCallbacks& callbacks, CancelToken* cancel) {
  RouteInput in;
  in.utterance = utterance;
  // The vehicle layer (fast path and, when loaded, the local planner) has
  // declined this request: its confidence is about that refusal, not about
  // a vehicle action, so the router sees no vehicle intent.
  in.fast_confidence = 0;
  in.vehicle_score = 0;
  in.local_model = local_->has_model();
  in.cloud_configured = cloud_ && cloud_->config().enabled();
  in.cloud_reachable = in.cloud_configured && (!health_ || health_->reachable());
  turn->decision = DecideRoute(in, options_.router);
  const Skill skill = DetectSkill(utterance, turn->decision.kind);
  turn->act["skill"] = SkillName(skill);
  turn->act["task"] = TaskKindName(turn->decision.kind);
  const std::string notice = lang == "zh" ? turn->decision.notice_zh : turn->decision.notice_en;
  if (!notice.empty()) turn->act["notice"] = notice;

  auto prompt = sessions_->BuildPrompt(SkillSystemPrompt(skill, lang), utterance, options_.count);
  std::vector<ChatMessage> messages;
  if (prompt.ok()) messages = prompt->messages;
  else messages = {{"system", SkillSystemPrompt(skill, lang), "", {}, ""}, {"user", utterance, "", {}, ""}};

  if (turn->decision.route == Route::kCloud) {
    if (options_.privacy && !messages.empty()) {
      Json shared = options_.privacy->Filter(local_->VehicleState());
      if (!shared.empty()) messages[0].content += "\nCurrent vehicle state: " + shared.dump();
    }
    CloudTurnOptions options;
    options.max_rounds = options_.max_cloud_rounds;
    options.vehicle_tools = local_->VehicleTools(utterance, options_.cloud_vehicle_tools);
    options.is_vehicle_function = [this](const std::string& name) { return local_->IsVehicleFunction(name); };
    CloudTurnResult partial;
    auto r = RunCloudTurn(*cloud_, search_,
                          messages, options, callbacks, cancel, &partial);
    if (r.ok() && skill == Skill::kCouplet) {
      // Check the form; ask once for a repair.
      auto couplet = ParseCouplet(r->reply);
      Status form = couplet.ok() ? CheckCouplet(*couplet) : couplet.status();
      if (!form.ok()) {
        auto repair = messages;
        repair.push_back({"assistant", r->reply, "", {}, ""});
        repair.push_back({"user", "The couplet breaks a rule: " + form.message() + ". Rewrite it.", "", {}, ""});
        auto fixed = RunCloudTurn(*cloud_, nullptr, repair, options, {}, cancel);
        if (fixed.ok()) {
          auto c2 = ParseCouplet(fixed->reply);
          if (c2.ok() && CheckCouplet(*c2).ok()) r->reply = fixed->reply;
        }
      }
      auto final_couplet = ParseCouplet(r->reply);
      turn->act["couplet_ok"] = final_couplet.ok() && CheckCouplet(*final_couplet).ok();
    }
    if (r.ok()) {
      if (health_) health_->ReportSuccess();
      turn->act["route"] = "cloud";
      turn->act["reply"] = r->reply;
      turn->act["usage"] = {{"prompt_tokens", r->usage.prompt_tokens},
                            {"completion_tokens", r->usage.completion_tokens},
                            {"reasoning_tokens", r->usage.reasoning_tokens}};
      if (!r->searches.empty()) turn->act["searches"] = r->searches;
      if (!r->proposed.empty()) {
        // Prompt-injection guard: never executed, only offered.
        for (const auto& h : gate_.Hold(r->proposed, r->provenance)) {
          turn->act["confirm"].push_back({{"name", h.call.name},
                                          {"arguments", h.call.arguments},
                                          {"reason", lang == "zh" ? h.reason_zh : h.reason_en},
                                          {"source", ProvenanceName(h.source)}});
        }
      }
      return;
    }
    turn->error = r.status().ToString();
    if (health_) health_->ReportFailure(r.status());
    if (r.status().code() == StatusCode::kCancelled) {
      turn->act["route"] = "cloud";
      turn->act["reply"] = "";
      return;
    }
    DM_LOG_WARNING("agent: cloud failed ({}); falling back", turn->error);
    if (partial.partial) {
      // Text already reached the user: end it honestly instead of repeating.
      turn->act["route"] = "cloud";
      turn->act["reply"] = lang == "zh" ? "（网络中断，回答不完整）" : "(connection lost; the answer is incomplete)";
      return;
    }
    const std::string fallback_notice = lang == "zh" ? "云端暂时不可用，我先用车载模型回答。"
                                                     : "The cloud is unavailable; answering on board.";
    turn->act["notice"] = fallback_notice;
    if (turn->decision.kind != TaskKind::kRealtime && LocalAnswer(messages, turn, callbacks, cancel)) return;
    turn->act["route"] = "none";
    turn->act["reply"] = lang == "zh" ? "云端暂时连不上，这个问题现在回答不了；车辆控制不受影响。"
                                      : "I can't reach the cloud right now, so I can't answer that; I can still "
                                        "control the car.";
    return;
  }
  if (turn->decision.route == Route::kLocal && LocalAnswer(messages, turn, callbacks, cancel)) return;
  turn->act["route"] = "none";
  std::string reply = turn->act.value("reply", "");
  turn->act["reply"] = notice.empty() ? reply : notice;
}

void Agent::Record(const std::string& utterance, const AgentTurn& turn) {
  TurnRecord rec;
  rec.user = utterance;
  rec.reply = turn.act.value("reply", "");
  rec.route = turn.act.value("route", "none");
  auto outcome = [&](const Json& call) {
    for (const auto& r : turn.act["refused"]) {
      if (r.value("name", "") == call.value("name", "")) return "refused";
    }
    for (const auto& c : turn.act["confirm"]) {
      if (c.value("name", "") == call.value("name", "")) return "confirm";
    }
    return "executed";
  };
  for (const auto& c : turn.act.value("calls", Json::array())) {
    rec.actions.push_back({c.value("name", ""), c.value("arguments", Json::object()), outcome(c)});
  }
  for (const auto& c : turn.act.value("confirm", Json::array())) {
    bool listed = false;
    for (const auto& a : rec.actions) listed |= a.name == c.value("name", "");
    if (!listed) rec.actions.push_back({c.value("name", ""), c.value("arguments", Json::object()), "confirm"});
  }
  auto r = sessions_->Record(rec);
  if (!r.ok()) DM_LOG_ERROR("agent: could not record the turn: {}", r.status().ToString());
}

}  // namespace dm::agent
