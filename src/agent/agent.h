// The agent's turn: memory, routing, skills, the cloud, and the guard around
// vehicle actions, in one object that `dashmind chat` and the server drive.
//
//   Agent agent(&sessions, &local, &cloud_or_null, &search_or_null, &health);
//   AgentTurn t = agent.Turn("写一副春联");        // t.act is the act JSON
//
// A turn:
//  1. a pending cloud proposal is confirmed ("确认"/"yes": executed through
//     the executor) or dropped (anything else, then handled as a new turn);
//  2. stated preferences are applied ("我习惯的温度" -> the learned value);
//  3. the intent layer tries it as a vehicle request (fast path / planner);
//     if it understood a vehicle request, that is the turn (route fast/local);
//  4. otherwise the router picks cloud, local model or none (with a notice of
//     what cannot be done offline); cloud failures fall back to the local
//     model, then to the notice; vehicle calls the cloud model makes are held
//     for confirmation (act "confirm"), never executed;
//  5. the turn is recorded in memory (facts learned, at most this turn lost on
//     a crash).
#pragma once

#include <string>

#include "agent/action_guard.h"
#include "agent/cloud_client.h"
#include "agent/cloud_health.h"
#include "agent/local_assistant.h"
#include "agent/privacy_filter.h"
#include "agent/router.h"
#include "agent/session_manager.h"
#include "agent/skills.h"
#include "agent/web_search.h"

namespace dm::agent {

struct AgentOptions {
  std::string lang = "zh";        // default reply language (the user's wins)
  TokenCounter count = EstimateTokens;
  RouterOptions router;
  size_t cloud_vehicle_tools = 8;  // catalog functions offered to the cloud model
  int max_cloud_rounds = 4;
  // When set, the filtered vehicle state is given to the cloud model; without
  // a filter no vehicle state is sent at all.
  const PrivacyFilter* privacy = nullptr;
};

struct AgentTurn {
  Json act;                 // DESIGN.md act JSON (+ "skill", "notice", "task")
  RouteDecision decision;
  std::string error;        // the cloud/local failure that caused a fallback
};

class Agent {
 public:
  // All pointers except `sessions` and `local` may be null; all must outlive
  // the agent.
  // When `local` has a model, it also writes the memory's condensed
  // summaries (SessionManager::SetSummarizer); otherwise they stay extractive.
  Agent(SessionManager* sessions, LocalAssistant* local, const CloudClient* cloud, SearchProvider* search,
        CloudHealth* health, AgentOptions options = {});

  AgentTurn Turn(const std::string& utterance, const StreamCallbacks& callbacks = {},
                 CancelToken* cancel = nullptr);

  // Holds calls from an untrusted or proactive source for the next turn's
  // confirmation (e.g. an accepted-by-voice suggestion flow).
  void Hold(const std::vector<ProposedCall>& calls, Provenance source) { gate_.Hold(calls, source); }
  const ActionGate& gate() const { return gate_; }

 private:
  std::string ApplyPreferences(const std::string& utterance);
  void CloudOrLocal(const std::string& utterance, const std::string& lang, AgentTurn* turn,
                    const StreamCallbacks& callbacks, CancelToken* cancel);
  bool LocalAnswer(const std::vector<ChatMessage>& messages, AgentTurn* turn, const StreamCallbacks& callbacks,
                   CancelToken* cancel);
  void Record(const std::string& utterance, const AgentTurn& turn);

  SessionManager* sessions_;
  LocalAssistant* local_;
  const CloudClient* cloud_;
  SearchProvider* search_;
  CloudHealth* health_;
  AgentOptions options_;
  ActionGate gate_;
};

}  // namespace dm::agent
