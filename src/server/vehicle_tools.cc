#include "server/vehicle_tools.h"

#include <fmt/format.h>

namespace dm::server {

VehicleTools::VehicleTools(VehicleHost& host, std::string lang) : host_(host), lang_(std::move(lang)) {
  const vehicle::Catalog& catalog = host_.env().catalog();
  for (const vehicle::FunctionSpec& fn : catalog.functions()) {
    Json described = catalog.ToolJson(fn, lang_);
    const vehicle::LocalizedInfo& info = lang_ == "zh" ? fn.zh : fn.en;
    const bool read = fn.kind == vehicle::FunctionKind::kRead;
    Json tool = {{"name", fn.name},
                 {"title", info.name.empty() ? fn.name : info.name},
                 {"description", described.value("description", info.description)},
                 {"inputSchema", described.value("parameters", Json{{"type", "object"}})},
                 {"annotations",
                  {{"readOnlyHint", read},
                   {"destructiveHint", false},
                   {"idempotentHint", fn.kind == vehicle::FunctionKind::kSet || read},
                   {"openWorldHint", false}}}};
    names_.insert(fn.name);
    tools_.push_back(std::move(tool));
  }
}

std::string SummarizeCallResult(const vehicle::CallResult& result) {
  std::string text;
  auto line = [&](const std::string& s) {
    if (!text.empty()) text += '\n';
    text += s;
  };
  for (const auto& c : result.changes) line(fmt::format("{}: {} -> {}", c.path, DumpJson(c.from), DumpJson(c.to)));
  for (const auto& v : result.values) {
    line(fmt::format("{} = {}{}", v.path, DumpJson(v.value), v.unit.empty() ? "" : " " + v.unit));
  }
  for (const auto& n : result.notes) line(n);
  for (const auto& r : result.refused) line(fmt::format("refused {}: {}", r.name, r.reason));
  for (const auto& c : result.confirm) line(fmt::format("needs the driver's confirmation ({}): {}", c.name, c.reason));
  if (text.empty()) text = "no change";
  return text;
}

McpToolResult VehicleTools::Call(const std::string& name, const Json& arguments) {
  return host_.With([&](intent::VehicleSession& vehicle) {
    McpToolResult out;
    vehicle::ExecuteOptions options;
    options.lang = lang_;
    auto result = vehicle.executor->Execute({name, arguments}, options);
    if (!result.ok()) {
      out.is_error = true;
      out.text = fmt::format("invalid call: {}", result.status().message());
      return out;
    }
    out.structured = result->ToJson();
    out.text = SummarizeCallResult(*result);
    // Nothing applied because of policy or the vehicle: the caller must know.
    out.is_error = result->changes.empty() && result->values.empty() &&
                   (!result->refused.empty() || !result->confirm.empty());
    return out;
  });
}

}  // namespace dm::server
