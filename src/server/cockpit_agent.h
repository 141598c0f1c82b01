// The assistant behind POST /v1/assistant/turn: the agent layer's Agent
// (SQLite memory, fast/local/cloud routing, skills, cloud client with
// fallback, held cloud proposals that need the driver's "yes") over an
// IntentAssistant whose TurnRunner drives the VehicleHost's session — wired
// as `dashmind chat` wires it (cloud config from <data>/agent/cloud.json and
// the DASHMIND_CLOUD_* environment, the privacy filter from
// <data>/agent/privacy.json, CloudHealth, SearXNG when a search URL is set).
//
// One agent serves the cockpit: one vehicle, one driver, one memory. Turns
// are serialised (the agent's held proposals, the TurnRunner's pending
// confirmation and the memory are one conversation); the `session` a client
// names is echoed, not a separate conversation. The vehicle lock is held only
// while the vehicle is touched (LockedAssistant), never during a cloud call
// or a local generation.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "agent/agent.h"
#include "agent/intent_assistant.h"
#include "server/locked_assistant.h"
#include "server/vehicle_host.h"

namespace dm::server {

struct AssistantOptions {
  // SQLite memory. ":memory:" (the default) lasts as long as the process;
  // a file persists preferences, reminders and history across restarts.
  std::string memory_path = ":memory:";
  std::string cloud_url;   // overrides cloud.json and DASHMIND_CLOUD_URL when set
  bool offline = false;    // never contact a cloud endpoint
  std::string search_url;  // SearXNG base URL; "" = no web search
  // Text from the on-board model for the local route; null = none.
  agent::GenerateFn generate;
  // The prompt the memory builds stays within context_tokens - reply_tokens
  // as `count` counts (null: agent::EstimateTokens); 0 keeps the agent's
  // defaults (4096 / 512).
  size_t context_tokens = 0;
  size_t reply_tokens = 0;
  agent::TokenCounter count;
};

class CockpitAgent {
 public:
  // `data_dir` "" resolves the data folder. `host` must outlive the agent.
  static Result<std::unique_ptr<CockpitAgent>> Create(VehicleHost& host, const std::string& data_dir,
                                                      AssistantOptions options);

  // One turn (serialised with other turns); t.act is the act JSON.
  agent::AgentTurn Turn(const std::string& utterance, const agent::StreamCallbacks& callbacks,
                        agent::CancelToken* cancel);

  // True when a cloud endpoint is configured and not disabled by --offline.
  bool cloud_enabled() const { return cloud_ != nullptr; }

 private:
  CockpitAgent() = default;

  std::unique_ptr<intent::TurnRunner> runner_;
  std::unique_ptr<agent::IntentAssistant> intent_;
  std::unique_ptr<LockedAssistant> local_;
  std::unique_ptr<agent::SessionManager> sessions_;
  std::unique_ptr<agent::PrivacyFilter> privacy_;
  std::unique_ptr<agent::CloudClient> cloud_;
  std::unique_ptr<agent::CloudHealth> health_;
  std::unique_ptr<agent::SearxngSearch> search_;
  std::unique_ptr<agent::Agent> agent_;
  std::mutex turn_mu_;
};

}  // namespace dm::server
