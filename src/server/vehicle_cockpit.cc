#include "server/vehicle_cockpit.h"

#include <charconv>

#include "agent/proactive_replay.h"
#include "intent/change_phrase.h"
#include "vehicle/data_dir.h"

namespace dm::server {
namespace {

// Prefixes of the signals the cockpit UI shows.
constexpr const char* kUiPrefixes[] = {
    "Vehicle.Cabin.HVAC.", "Vehicle.Cabin.Door.", "Vehicle.Cabin.Seat.", "Vehicle.Cabin.Light.",
    "Vehicle.Cabin.Sunroof.", "Vehicle.Body.Lights.", "Vehicle.Body.Windshield.", "Media.",
    "Vehicle.Speed", "Vehicle.Cabin.Infotainment.Media.", "Navigation.", "Phone.Call."};

// False when the profile lacks the function or the instance that sets `path`
// (a third row on a two-row car, a front middle seat); signals no function
// sets (sensors) are shown.
bool OnThisVehicle(const vehicle::Catalog& catalog, const vehicle::VehicleProfile& profile, const std::string& path) {
  const std::optional<vehicle::PathWriter> writer = catalog.WriterOf(path);
  if (!writer) return true;
  if (profile.Unavailable(writer->fn->name)) return false;
  for (const vehicle::InstanceArg& inst : writer->fn->instances) {
    auto it = writer->instances.find(inst.arg);
    if (it != writer->instances.end() && !profile.HasInstance(*writer->fn, inst, it->second)) return false;
  }
  return true;
}

agent::SignalState ToSignalState(const Json& set) {
  agent::SignalState state;
  for (auto it = set.begin(); it != set.end(); ++it) state[it.key()] = it.value();
  return state;
}

}  // namespace

Result<std::unique_ptr<VehicleCockpit>> VehicleCockpit::Create(VehicleHost& host, const std::string& data_dir,
                                                               const std::string& profile,
                                                               AssistantOptions assistant,
                                                               const std::string& rules_file) {
  const std::string data = vehicle::ResolveDataDir(data_dir);
  DM_ASSIGN_OR_RETURN(agent::RuleSet rules,
                      agent::LoadRuleSet(rules_file.empty() ? data + "/proactive/rules.json" : rules_file));
  std::unique_ptr<VehicleCockpit> cockpit(new VehicleCockpit(host, std::move(rules)));
  DM_ASSIGN_OR_RETURN(cockpit->assistant_, CockpitAgent::Create(host, data, std::move(assistant)));
  const std::string profile_name = profile.empty() ? vehicle::VehicleProfile::kDefaultName : profile;
  DM_ASSIGN_OR_RETURN(agent::SignalState initial, agent::LoadProfileState(data + "/vehicle", profile_name));
  VehicleCockpit* self = cockpit.get();
  host.With([&](intent::VehicleSession& vehicle) {
    self->engine_.Update(vehicle.vehicle->Now(), initial);
    return 0;
  });
  host.DrainChanges();
  host.StartClock(100, [self](intent::VehicleSession&, double now) {
    self->Publish(now, self->engine_.AdvanceTo(now));
  });
  return cockpit;
}

VehicleCockpit::~VehicleCockpit() { host_.StopClock(); }

void VehicleCockpit::SetEventSink(CockpitEventSink sink) {
  std::lock_guard<std::mutex> lock(sink_mu_);
  sink_ = std::move(sink);
}

Json VehicleCockpit::SuggestionJson(const agent::Suggestion& s) const {
  Json j = s.ToJson("zh");
  j["id"] = std::to_string(s.id);
  j["text_zh"] = s.text_zh;
  j["text_en"] = s.text_en;
  j["priority"] = s.priority;
  return j;
}

void VehicleCockpit::Publish(double now, std::vector<agent::Suggestion> fired) {
  Json changes = host_.DrainChanges();
  if (!changes.empty()) {
    // The rules watch what the assistant and the actuators changed too.
    agent::SignalState values;
    for (const auto& c : changes) values[c["path"].get<std::string>()] = c["to"];
    for (auto& s : engine_.Update(now, values)) fired.push_back(std::move(s));
  }
  std::lock_guard<std::mutex> lock(sink_mu_);
  if (!sink_) return;
  if (!changes.empty()) sink_("state", Json{{"changes", std::move(changes)}});
  for (const auto& s : fired) sink_("suggestion", SuggestionJson(s));
}

Result<Json> VehicleCockpit::Turn(const std::string& utterance, const std::string& session,
                                  const ReplySink& reply_sink, agent::CancelToken* cancel) {
  agent::CancelToken own;
  agent::CancelToken& token = cancel != nullptr ? *cancel : own;
  bool streamed = false;
  agent::StreamCallbacks callbacks;
  if (reply_sink) {
    callbacks.on_content = [&](std::string_view piece) {
      if (piece.empty() || token.cancelled()) return;
      streamed = true;
      if (!reply_sink(std::string(piece))) token.Cancel();
    };
  }
  agent::AgentTurn turn = assistant_->Turn(utterance, callbacks, &token);
  // What the turn changed reaches the UI and the proactive rules now, not at
  // the next clock tick.
  host_.With([&](intent::VehicleSession& vehicle) {
    const double now = vehicle.vehicle->Now();
    Publish(now, engine_.AdvanceTo(now));
    return 0;
  });
  if (token.cancelled()) return Cancelled("the turn was cancelled (client gone or server stopping)");
  Json act = std::move(turn.act);
  act["session"] = session;
  const std::string reply = act.value("reply", "");
  if (reply_sink && !streamed && !reply.empty()) reply_sink(reply);
  return act;
}

Json VehicleCockpit::State() const {
  return host_.With([&](intent::VehicleSession& vehicle) {
    const vehicle::Catalog& catalog = host_.env().catalog();
    Json signals = Json::object();
    Json names = Json::object();
    for (const char* prefix : kUiPrefixes) {
      Json part = vehicle.vehicle->Snapshot(prefix);
      for (auto it = part.begin(); it != part.end(); ++it) {
        auto [entry, added] = ui_signals_.try_emplace(it.key());
        if (added) {
          entry->second.shown = OnThisVehicle(catalog, *vehicle.profile, it.key());
          entry->second.names = {{"zh", intent::SignalName(catalog, it.key(), true)},
                                 {"en", intent::SignalName(catalog, it.key(), false)}};
        }
        if (!entry->second.shown) continue;
        signals[it.key()] = it.value();
        names[it.key()] = entry->second.names;
      }
    }
    return Json{{"profile", vehicle.profile->name()},
                {"time_s", vehicle.vehicle->Now()},
                {"signals", std::move(signals)},
                {"names", std::move(names)}};
  });
}

Result<Json> VehicleCockpit::ApplySignals(const Json& set) {
  if (set.size() > 256) return InvalidArgument("at most 256 signals per update");
  return host_.With([&](intent::VehicleSession& vehicle) -> Result<Json> {
    DM_RETURN_IF_ERROR(vehicle.vehicle->InjectAll(set));
    std::vector<agent::Suggestion> fired = engine_.Update(vehicle.vehicle->Now(), ToSignalState(set));
    Json out = Json::array();
    for (const auto& s : fired) out.push_back(SuggestionJson(s));
    Publish(vehicle.vehicle->Now(), std::move(fired));
    return Json{{"applied", set.size()}, {"suggestions", std::move(out)}};
  });
}

Result<Json> VehicleCockpit::AcceptSuggestion(const std::string& id) {
  int64_t number = 0;
  auto [ptr, ec] = std::from_chars(id.data(), id.data() + id.size(), number);
  if (ec != std::errc() || ptr != id.data() + id.size()) return NotFound("no suggestion '{}'", id);
  return host_.With([&](intent::VehicleSession& vehicle) -> Result<Json> {
    DM_ASSIGN_OR_RETURN(auto calls, engine_.Accept(number));
    Json result = {{"id", id}, {"accepted", true}, {"calls", Json::array()}, {"changes", Json::array()},
                   {"refused", Json::array()}};
    vehicle::ExecuteOptions options;
    options.lang = "zh";
    options.confirmed = true;  // accepting the suggestion is the driver's confirmation
    for (const auto& call : calls) {
      result["calls"].push_back({{"name", call.name}, {"arguments", call.arguments}});
      auto r = vehicle.executor->Execute({call.name, call.arguments}, options);
      if (!r.ok()) {
        result["refused"].push_back({{"name", call.name}, {"reason", r.status().message()}});
        continue;
      }
      for (const auto& c : r->changes) result["changes"].push_back({{"path", c.path}, {"from", c.from}, {"to", c.to}});
      for (const auto& x : r->refused) result["refused"].push_back({{"name", x.name}, {"reason", x.reason}});
    }
    Publish(vehicle.vehicle->Now(), {});
    std::lock_guard<std::mutex> lock(sink_mu_);
    if (sink_) sink_("suggestion_closed", Json{{"id", id}, {"accepted", true}});
    return result;
  });
}

Result<Json> VehicleCockpit::DismissSuggestion(const std::string& id) {
  int64_t number = 0;
  auto [ptr, ec] = std::from_chars(id.data(), id.data() + id.size(), number);
  if (ec != std::errc() || ptr != id.data() + id.size()) return NotFound("no suggestion '{}'", id);
  return host_.With([&](intent::VehicleSession&) -> Result<Json> {
    DM_RETURN_IF_ERROR(engine_.Dismiss(number));
    std::lock_guard<std::mutex> lock(sink_mu_);
    if (sink_) sink_("suggestion_closed", Json{{"id", id}, {"accepted", false}});
    return Json{{"id", id}, {"dismissed", true}};
  });
}

Json VehicleCockpit::Suggestions() const {
  return host_.With([&](intent::VehicleSession&) {
    Json out = Json::array();
    for (const auto& s : engine_.Pending()) out.push_back(SuggestionJson(s));
    return out;
  });
}

}  // namespace dm::server
