// What the agent needs from the device side of a turn: the intent layer's
// vehicle turn (fast path / local planner, executed through the vehicle
// executor), execution of calls the user confirmed, and free text from the
// local model when one is loaded.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "agent/cancel_token.h"
#include "agent/chat_types.h"
#include "agent/proactive_rules.h"
#include "agent/stream_assembler.h"
#include "util/status.h"

namespace dm::agent {

// Free text from the on-board model: the chat messages in, the reply out
// (streamed through the callbacks as it is produced); stops early when
// `cancel` is set.
using GenerateFn = std::function<Result<std::string>(const std::vector<ChatMessage>&, const StreamCallbacks&,
                                                     CancelToken*)>;

class LocalAssistant {
 public:
  virtual ~LocalAssistant() = default;

  // One vehicle turn: the act JSON of DESIGN.md ({utterance, route, calls,
  // changes, refused, confirm, reply}) plus "confidence" (0..1, how sure the
  // parse is; 0 when nothing vehicle-related was understood).
  virtual Json Act(const std::string& utterance) = 0;

  // Executes calls the user has confirmed (held cloud proposals, accepted
  // suggestions) through the executor: schema validation and the safety
  // policy apply; a policy refusal still refuses. Returns {"calls",
  // "changes", "refused", "confirm", "notes"} as in the act JSON.
  virtual Json Execute(const std::vector<ProposedCall>& calls, const std::string& lang) = 0;

  // Text from the on-board model for chat and skills; Unsupported when no
  // model is loaded.
  virtual Result<std::string> Generate(const std::vector<ChatMessage>& messages,
                                       const StreamCallbacks& callbacks, CancelToken* cancel) = 0;
  virtual bool has_model() const = 0;

  // Up to `k` vehicle functions relevant to `utterance` as OpenAI tools, for
  // the cloud model (whose calls are only ever proposals).
  virtual Json VehicleTools(const std::string& utterance, size_t k) = 0;
  // True when `name` is a vehicle catalog function (offered or not: a model
  // may name one it was not given).
  virtual bool IsVehicleFunction(const std::string& name) const = 0;

  // The current vehicle state {path: value} (the cloud only ever sees it
  // through a PrivacyFilter).
  virtual Json VehicleState() const = 0;
};

}  // namespace dm::agent
