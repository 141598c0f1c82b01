#include "agent/cloud_config.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace dm::agent {
namespace {

ReasoningPassback AutoPassback(const std::string& url) {
  return url.find("deepseek") != std::string::npos ? ReasoningPassback::kCurrentTurn
                                                   : ReasoningPassback::kNever;
}

}  // namespace

Result<CloudConfig> ParseCloudConfig(const Json& object) {
  if (!object.is_object()) return InvalidArgument("cloud config: not a JSON object");
  CloudConfig c;
  std::string passback = "auto";
  for (const auto& item : object.items()) {
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
    const std::string& key = item.key();
    const Json& value = item.value();
    auto str = [&](std::string* out) -> Status {
      if (!value.is_string()) return InvalidArgument("cloud config /{}: expected a string", key);
      *out = value.get<std::string>();
      return Status::Ok();
    };
    auto num = [&](int* out, int lo, int hi) -> Status {
      if (!value.is_number_integer() || value.get<int64_t>() < lo || value.get<int64_t>() > hi) {
        return InvalidArgument("cloud config /{}: expected an integer in [{}, {}]", key, lo, hi);
      }
      *out = value.get<int>();
      return Status::Ok();
    };
    if (key == "base_url") DM_RETURN_IF_ERROR(str(&c.base_url));
    else if (key == "api_key") DM_RETURN_IF_ERROR(str(&c.api_key));
    else if (key == "model") DM_RETURN_IF_ERROR(str(&c.model));
    else if (key == "connect_timeout_ms") DM_RETURN_IF_ERROR(num(&c.connect_timeout_ms, 1, 600000));
    else if (key == "read_timeout_ms") DM_RETURN_IF_ERROR(num(&c.read_timeout_ms, 1, 600000));
    else if (key == "total_timeout_ms") DM_RETURN_IF_ERROR(num(&c.total_timeout_ms, 1, 3600000));
    else if (key == "max_retries") DM_RETURN_IF_ERROR(num(&c.max_retries, 0, 10));
    else if (key == "backoff_initial_ms") DM_RETURN_IF_ERROR(num(&c.backoff_initial_ms, 0, 60000));
    else if (key == "backoff_max_ms") DM_RETURN_IF_ERROR(num(&c.backoff_max_ms, 0, 600000));
    else if (key == "max_response_bytes") {
      int mb = 0;
      DM_RETURN_IF_ERROR(num(&mb, 1024, 1 << 30));
      c.max_response_bytes = static_cast<size_t>(mb);
    } else if (key == "reasoning_passback") {
      DM_RETURN_IF_ERROR(str(&passback));
      if (passback != "auto" && passback != "never" && passback != "current_turn" &&
          passback != "always") {
        return InvalidArgument("cloud config /reasoning_passback: '{}' is not one of auto, never, "
                               "current_turn, always", passback);
      }
    } else if (key == "comment") {
      continue;
    } else {
      return InvalidArgument("cloud config: unknown key '{}'", key);
    }
  }
  if (passback == "never") c.reasoning_passback = ReasoningPassback::kNever;
  else if (passback == "current_turn") c.reasoning_passback = ReasoningPassback::kCurrentTurn;
  else if (passback == "always") c.reasoning_passback = ReasoningPassback::kAlways;
  else c.reasoning_passback = AutoPassback(c.base_url);
  return c;
}

void ApplyCloudEnvironment(CloudConfig* config) {
  bool url_changed = false;
  if (const char* url = std::getenv("DASHMIND_CLOUD_URL"); url && *url) {
    url_changed = config->base_url != url;
    config->base_url = url;
  }
  if (const char* key = std::getenv("DASHMIND_CLOUD_KEY"); key && *key) config->api_key = key;
  if (const char* model = std::getenv("DASHMIND_CLOUD_MODEL"); model && *model) config->model = model;
  if (url_changed) config->reasoning_passback = AutoPassback(config->base_url);
}

Result<CloudConfig> LoadCloudConfig(const std::string& path) {
  CloudConfig config;
  if (!path.empty()) {
    std::ifstream in(path);
    if (!in) return IoError("cannot open cloud config '{}'", path);
    std::stringstream ss;
    ss << in.rdbuf();
    Json j = Json::parse(ss.str(), nullptr, false);
    if (j.is_discarded()) return Corrupt("cloud config '{}': not valid JSON", path);
    auto parsed = ParseCloudConfig(j);
    if (!parsed.ok()) return parsed.status().WithContext(path);
    config = std::move(parsed).value();
  }
  ApplyCloudEnvironment(&config);
  return config;
}

}  // namespace dm::agent
