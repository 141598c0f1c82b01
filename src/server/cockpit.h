// What the cockpit endpoints (/v1/assistant/turn, /v1/vehicle/state,
// /v1/events, /v1/suggestions/...) run: one simulated or real vehicle, the
// assistant that turns utterances into calls on it, and proactive
// suggestions. The HTTP layer only sees this interface; vehicle_cockpit.h
// implements it on the vehicle, intent and agent layers.
#pragma once

#include <functional>
#include <string>

#include "agent/cancel_token.h"
#include "server/json_body.h"
#include "util/status.h"

namespace dm::server {

// Receives cockpit events: type "state" (data {"changes": [{path, from, to}]}),
// "suggestion" (data {"id", "rule", "text", "actions", ...}), "suggestion_closed".
using CockpitEventSink = std::function<void(const std::string& type, const Json& data)>;

// Receives reply text as it is produced; returning false (the client went
// away) cancels the rest of the turn.
using ReplySink = std::function<bool(const std::string& piece)>;

class Cockpit {
 public:
  virtual ~Cockpit() = default;
  // One assistant turn: returns the act JSON (DESIGN.md: utterance, route
  // fast|local|cloud|none, calls, changes, refused, confirm, reply,
  // latency_ms). `reply_sink`, when set, receives the reply text in pieces as
  // it is produced (their concatenation may lack a notice the final reply
  // carries; the act's "reply" is the whole text). `cancel` (may be null)
  // ends a turn that is waiting for text early, with kCancelled.
  virtual Result<Json> Turn(const std::string& utterance, const std::string& session,
                            const ReplySink& reply_sink, agent::CancelToken* cancel) = 0;
  // The vehicle state the UI shows: {"signals": {path: value}, ...}.
  virtual Json State() const = 0;
  // Applies signal values from outside (a replayed trace line's "set").
  virtual Result<Json> ApplySignals(const Json& set) = 0;
  virtual Result<Json> AcceptSuggestion(const std::string& id) = 0;
  virtual Result<Json> DismissSuggestion(const std::string& id) = 0;
  // Open suggestions, oldest first.
  virtual Json Suggestions() const = 0;
  // Registers the event sink (called once, before serving).
  virtual void SetEventSink(CockpitEventSink sink) = 0;
};

}  // namespace dm::server
