// The vehicle the server acts on: the intent layer's Environment (catalog,
// index, policy, profiles; immutable, usable without the lock) and one
// VehicleSession (simulated vehicle + executor) behind one mutex, because the
// simulated vehicle is single-threaded and HTTP handlers are not. The
// assistant's TurnRunner works on that same session, so MCP calls, assistant
// turns and accepted suggestions all act on one vehicle. Optionally runs a
// clock thread that advances the simulation in real time, so moving
// actuators (windows, seats) travel while the UI watches.
//
// Every change of a current value is collected; DrainChanges() hands them to
// whoever publishes events.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/json_body.h"
#include "util/status.h"
#include "intent/environment.h"

namespace dm::server {

class VehicleHost {
 public:
  // `data_dir` "" resolves the data folder; `profile` "" = the default.
  static Result<std::unique_ptr<VehicleHost>> Load(const std::string& data_dir,
                                                   const std::string& profile);
  ~VehicleHost();

  // The shared, immutable part: safe to use without the lock.
  const intent::Environment& env() const { return *env_; }

  // Runs `fn(session)` under the lock. A reference to the session kept past
  // `fn` may only be used inside later With calls.
  template <typename Fn>
  decltype(auto) With(Fn&& fn) {
    std::lock_guard<std::mutex> lock(mu_);
    return fn(*session_);
  }

  // Changes of current values since the last call ({path, from, to, t}).
  Json DrainChanges();

  // Starts the real-time clock: every `tick_ms` the simulation advances by the
  // same time and `on_tick(now_s)` runs under the lock (proactive rules).
  void StartClock(int tick_ms, std::function<void(intent::VehicleSession&, double)> on_tick);
  void StopClock();

 private:
  VehicleHost() = default;
  void Record(const vehicle::SignalChange& change);

  std::unique_ptr<intent::Environment> env_;
  std::unique_ptr<intent::VehicleSession> session_;
  std::mutex mu_;
  std::mutex changes_mu_;
  Json changes_ = Json::array();
  std::vector<int> subscriptions_;
  std::thread clock_;
  std::mutex clock_mu_;
  std::condition_variable clock_cv_;
  bool stop_clock_ = false;
};

}  // namespace dm::server
