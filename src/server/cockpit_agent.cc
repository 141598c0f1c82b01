#include "server/cockpit_agent.h"

#include <chrono>

#include "agent/cloud_config.h"
#include "vehicle/data_dir.h"

namespace dm::server {

Result<std::unique_ptr<CockpitAgent>> CockpitAgent::Create(VehicleHost& host, const std::string& data_dir,
                                                           AssistantOptions options) {
  const std::string data = vehicle::ResolveDataDir(data_dir);
  std::unique_ptr<CockpitAgent> self(new CockpitAgent());
  agent::SessionOptions memory;
  if (options.context_tokens > 0) memory.context.budget_tokens = options.context_tokens;
  if (options.reply_tokens > 0) memory.context.reserve_tokens = options.reply_tokens;
  DM_ASSIGN_OR_RETURN(self->sessions_, agent::SessionManager::Open(options.memory_path, memory));
  DM_ASSIGN_OR_RETURN(agent::CloudConfig cloud, agent::LoadCloudConfig(data + "/agent/cloud.json"));
  agent::ApplyCloudEnvironment(&cloud);
  if (!options.cloud_url.empty()) cloud.base_url = options.cloud_url;
  DM_ASSIGN_OR_RETURN(agent::PrivacyFilter privacy, agent::PrivacyFilter::Load(data + "/agent/privacy.json"));
  self->privacy_ = std::make_unique<agent::PrivacyFilter>(std::move(privacy));
  if (cloud.enabled() && !options.offline) self->cloud_ = std::make_unique<agent::CloudClient>(std::move(cloud));
  self->health_ = std::make_unique<agent::CloudHealth>([] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  });
  self->health_->SetOffline(options.offline);
  if (!options.search_url.empty()) {
    agent::SearxngConfig search;
    search.url = options.search_url;
    self->search_ = std::make_unique<agent::SearxngSearch>(std::move(search));
  }
  // The runner and the assistant keep a reference to the host's session; they
  // only use it inside LockedAssistant's host.With calls.
  intent::VehicleSession& session = host.With([](intent::VehicleSession& s) -> intent::VehicleSession& { return s; });
  self->runner_ = std::make_unique<intent::TurnRunner>(host.env(), session);
  self->intent_ =
      std::make_unique<agent::IntentAssistant>(host.env(), session, *self->runner_, std::move(options.generate));
  self->local_ = std::make_unique<LockedAssistant>(host, *self->intent_);
  agent::AgentOptions agent_options;
  agent_options.privacy = self->privacy_.get();
  if (options.count) agent_options.count = std::move(options.count);
  self->agent_ = std::make_unique<agent::Agent>(self->sessions_.get(), self->local_.get(), self->cloud_.get(),
                                                self->search_.get(), self->health_.get(), agent_options);
  return self;
}

agent::AgentTurn CockpitAgent::Turn(const std::string& utterance, const agent::StreamCallbacks& callbacks,
                                    agent::CancelToken* cancel) {
  std::lock_guard<std::mutex> lock(turn_mu_);
  return agent_->Turn(utterance, callbacks, cancel);
}

}  // namespace dm::server
