// A LocalAssistant that takes the VehicleHost's lock around every use of the
// vehicle (the vehicle turn, executing confirmed calls, reading the state) and
// only then: text generation (on-board model) and the catalog lookups run
// without it, so a long generation never blocks the UI, MCP calls or the
// vehicle clock.
#pragma once

#include "agent/local_assistant.h"
#include "server/vehicle_host.h"

namespace dm::server {

class LockedAssistant : public agent::LocalAssistant {
 public:
  // `inner` acts on `host`'s session; both must outlive this object.
  LockedAssistant(VehicleHost& host, agent::LocalAssistant& inner) : host_(host), inner_(inner) {}

  Json Act(const std::string& utterance) override {
    return host_.With([&](intent::VehicleSession&) { return inner_.Act(utterance); });
  }
  Json Execute(const std::vector<agent::ProposedCall>& calls, const std::string& lang) override {
    return host_.With([&](intent::VehicleSession&) { return inner_.Execute(calls, lang); });
  }
  Result<std::string> Generate(const std::vector<agent::ChatMessage>& messages,
                               const agent::StreamCallbacks& callbacks, agent::CancelToken* cancel) override {
    return inner_.Generate(messages, callbacks, cancel);
  }
  bool has_model() const override { return inner_.has_model(); }
  Json VehicleTools(const std::string& utterance, size_t k) override { return inner_.VehicleTools(utterance, k); }
  bool IsVehicleFunction(const std::string& name) const override { return inner_.IsVehicleFunction(name); }
  Json VehicleState() const override {
    return host_.With([&](intent::VehicleSession&) { return inner_.VehicleState(); });
  }

 private:
  VehicleHost& host_;
  agent::LocalAssistant& inner_;
};

}  // namespace dm::server
