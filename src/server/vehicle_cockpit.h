// The Cockpit (cockpit.h) on the product's layers: the shared VehicleHost,
// the agent layer's assistant (cockpit_agent.h: memory, fast/local/cloud
// routing, skills, held cloud proposals) for turns, and the agent layer's
// proactive engine, whose clock is the simulated vehicle's clock.
//
// A turn goes through the agent: vehicle requests are parsed by the intent
// layer and executed through the FunctionExecutor (validation + safety
// policy); other requests go to the cloud or the on-board model, whose text
// streams to the reply sink. The act JSON follows DESIGN.md (route fast /
// local / cloud / none) plus "session". State changes the turn made are then
// published and fed to the proactive rules. Signal values applied from
// outside (trace replay) feed both the vehicle and the proactive engine; fired
// suggestions are published as events and wait for accept (their calls run
// through the executor, the acceptance counting as the driver's confirmation)
// or dismiss.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "agent/proactive_engine.h"
#include "server/cockpit.h"
#include "server/cockpit_agent.h"
#include "server/vehicle_host.h"

namespace dm::server {

class VehicleCockpit : public Cockpit {
 public:
  // `data_dir` "" resolves the data folder; `rules_file` "" =
  // <data>/proactive/rules.json. Starts the vehicle clock.
  static Result<std::unique_ptr<VehicleCockpit>> Create(VehicleHost& host, const std::string& data_dir,
                                                        const std::string& profile,
                                                        AssistantOptions assistant = {},
                                                        const std::string& rules_file = "");
  ~VehicleCockpit() override;

  Result<Json> Turn(const std::string& utterance, const std::string& session,
                    const ReplySink& reply_sink, agent::CancelToken* cancel) override;
  Json State() const override;
  Result<Json> ApplySignals(const Json& set) override;
  Result<Json> AcceptSuggestion(const std::string& id) override;
  Result<Json> DismissSuggestion(const std::string& id) override;
  Json Suggestions() const override;
  void SetEventSink(CockpitEventSink sink) override;

 private:
  VehicleCockpit(VehicleHost& host, agent::RuleSet rules) : host_(host), engine_(std::move(rules)) {}
  // Under the host lock: feeds collected state changes to the rules, then
  // publishes them and every suggestion fired (`fired` plus new ones).
  void Publish(double now, std::vector<agent::Suggestion> fired);
  Json SuggestionJson(const agent::Suggestion& s) const;

  // What State() shows of a signal, worked out once per path.
  struct UiSignal {
    bool shown = false;  // the profile has the function and instance that set it
    Json names;          // {"zh", "en"}: intent::SignalName
  };

  VehicleHost& host_;
  std::unique_ptr<CockpitAgent> assistant_;
  mutable std::map<std::string, UiSignal> ui_signals_;  // guarded by the host lock
  agent::ProactiveEngine engine_;  // guarded by the host lock
  mutable std::mutex sink_mu_;
  CockpitEventSink sink_;
};

}  // namespace dm::server
