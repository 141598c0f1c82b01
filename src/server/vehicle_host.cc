#include "server/vehicle_host.h"

#include <chrono>

namespace dm::server {

Result<std::unique_ptr<VehicleHost>> VehicleHost::Load(const std::string& data_dir,
                                                       const std::string& profile) {
  std::unique_ptr<VehicleHost> host(new VehicleHost());
  DM_ASSIGN_OR_RETURN(host->env_, intent::Environment::Load(data_dir));
  DM_ASSIGN_OR_RETURN(host->session_, host->env_->NewSession(profile));
  VehicleHost* self = host.get();
  for (const char* pattern : {"Vehicle.**", "Media.**", "Navigation.**", "Phone.**"}) {
    host->subscriptions_.push_back(host->session_->vehicle->Subscribe(
        pattern, [self](const vehicle::SignalChange& c) { self->Record(c); }));
  }
  return host;
}

VehicleHost::~VehicleHost() {
  StopClock();
  std::lock_guard<std::mutex> lock(mu_);
  for (int id : subscriptions_) session_->vehicle->Unsubscribe(id);
}

void VehicleHost::Record(const vehicle::SignalChange& change) {
  std::lock_guard<std::mutex> lock(changes_mu_);
  // Bounded: a UI that never drains must not grow memory without limit.
  if (changes_.size() >= 4096) changes_.erase(changes_.begin());
  changes_.push_back({{"path", change.path}, {"from", change.from}, {"to", change.to}, {"t", change.time_s}});
}

Json VehicleHost::DrainChanges() {
  std::lock_guard<std::mutex> lock(changes_mu_);
  Json out = std::move(changes_);
  changes_ = Json::array();
  return out;
}

void VehicleHost::StartClock(int tick_ms, std::function<void(intent::VehicleSession&, double)> on_tick) {
  StopClock();
  {
    std::lock_guard<std::mutex> lock(clock_mu_);
    stop_clock_ = false;
  }
  clock_ = std::thread([this, tick_ms, on_tick = std::move(on_tick)] {
    const auto period = std::chrono::milliseconds(tick_ms);
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(clock_mu_);
        if (clock_cv_.wait_for(lock, period, [&] { return stop_clock_; })) return;
      }
      std::lock_guard<std::mutex> lock(mu_);
      session_->vehicle->Advance(static_cast<double>(tick_ms) / 1000.0);
      if (on_tick) on_tick(*session_, session_->vehicle->Now());
    }
  });
}

void VehicleHost::StopClock() {
  {
    std::lock_guard<std::mutex> lock(clock_mu_);
    stop_clock_ = true;
  }
  clock_cv_.notify_all();
  if (clock_.joinable()) clock_.join();
}

}  // namespace dm::server
