// LocalAssistant over the intent layer: the TurnRunner takes the vehicle turn
// (fast path, local planner) on one VehicleSession, and confirmed calls run
// through that same session's executor, so there is one vehicle. Text
// generation comes from a loaded local model when given.
#pragma once

#include "agent/local_assistant.h"
#include "intent/environment.h"
#include "intent/turn_runner.h"

namespace dm::agent {

class IntentAssistant : public LocalAssistant {
 public:
  // All references must outlive the assistant.
  IntentAssistant(const intent::Environment& env, intent::VehicleSession& session, intent::TurnRunner& runner,
                  GenerateFn generate = nullptr)
      : env_(env), session_(session), runner_(runner), generate_(std::move(generate)) {}

  Json Act(const std::string& utterance) override;
  Json Execute(const std::vector<ProposedCall>& calls, const std::string& lang) override;
  Result<std::string> Generate(const std::vector<ChatMessage>& messages, const StreamCallbacks& callbacks,
                               CancelToken* cancel) override;
  bool has_model() const override { return static_cast<bool>(generate_); }
  Json VehicleTools(const std::string& utterance, size_t k) override;
  bool IsVehicleFunction(const std::string& name) const override { return env_.catalog().Find(name) != nullptr; }
  Json VehicleState() const override { return session_.vehicle->Snapshot(); }

 private:
  const intent::Environment& env_;
  intent::VehicleSession& session_;
  intent::TurnRunner& runner_;
  GenerateFn generate_;
};

}  // namespace dm::agent
