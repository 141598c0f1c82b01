// The interface catalog: every function a model (or the fast-path parser) can
// call on the vehicle, built at load time from data files a car maker edits
// without recompiling:
//   data/vehicle/vss_signals.json        VSS facts (generated from COVESA VSS)
//   data/vehicle/extension_signals.json  Media.*, Navigation.*, Phone.*, ...
//   data/vehicle/instances.json          instance dimensions (seats, zones, ...)
//   data/vehicle/functions/*.json        functions: grouping, bilingual texts
//
// Invariants checked at load (a violation is a Corrupt status naming the file
// and function): every argument template matches at least one signal; set
// functions write only actuators; no actuator is set by two functions; every
// signal is returned by at most one read function.
#pragma once

#include <map>
#include <optional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "util/status.h"
#include "vehicle/function_spec.h"
#include "vehicle/instances.h"
#include "vehicle/signal_table.h"

namespace dm::vehicle {

struct CatalogStats {
  size_t functions = 0;
  size_t endpoints = 0;      // function x instance combinations (see docs/vehicle.md)
  size_t vss_signals = 0;    // VSS signals readable through a read function
  size_t vss_actuators = 0;  // VSS actuators settable through exactly one function
};

struct SearchHit {
  const FunctionSpec* function;
  double score;
};

// Which function, instance choice and value argument write one signal.
struct PathWriter {
  const FunctionSpec* fn = nullptr;
  std::map<std::string, std::string> instances;  // instance arg -> id ("window" -> "passenger")
  const ValueArg* arg = nullptr;
};

class Catalog {
 public:
  // Loads everything under `vehicle_dir` (normally VehicleDataDir()).
  static Result<Catalog> Load(const std::string& vehicle_dir);

  const SignalTable& signals() const { return *signals_; }
  const std::vector<FunctionSpec>& functions() const { return functions_; }
  const std::map<std::string, InstanceDimension>& dimensions() const { return dimensions_; }
  const FunctionSpec* Find(std::string_view name) const;

  // The function whose value arguments set `path` (null if none).
  const FunctionSpec* SetterOf(std::string_view path) const;
  // The setter of `path` with the instance ids and argument that reach it
  // (nullopt if no function sets it). Linear in the setter's combinations.
  std::optional<PathWriter> WriterOf(std::string_view path) const;
  // The read function that returns `path` (null if none).
  const FunctionSpec* ReaderOf(std::string_view path) const;

  CatalogStats Stats() const;

  // Ranks functions for a free-text query in Chinese or English by matching
  // names, aliases, descriptions and instance aliases. Best first, at most
  // `limit`, only hits with a positive score.
  std::vector<SearchHit> Search(std::string_view query, size_t limit = 10) const;

  // The function as a tool description for a model:
  // {"name", "description", "parameters": <schema>} with `lang` "en" or "zh"
  // texts (the other language's name and aliases are appended to the
  // description so retrieval and the model see both).
  Json ToolJson(const FunctionSpec& fn, std::string_view lang = "en") const;

 private:
  Status Resolve();
  Status ResolveWrites(FunctionSpec& fn);
  Status ResolveReads();
  void BuildSchema(FunctionSpec& fn) const;
  void CountEndpoints(FunctionSpec& fn) const;

  std::unique_ptr<SignalTable> signals_;
  std::map<std::string, InstanceDimension> dimensions_;
  std::vector<FunctionSpec> functions_;
  std::unordered_map<std::string, size_t> by_name_;
  std::unordered_map<std::string, size_t> setter_;  // path -> function index
  std::unordered_map<std::string, size_t> reader_;  // path -> function index
  // Valid instance combinations of each function: "arg=id;arg=id" keys.
  std::vector<std::vector<std::map<std::string, std::string>>> valid_combos_;
};

// All combinations of the ids of `fn`'s instance arguments (one map arg -> id
// per combination); a single empty map when the function has none.
std::vector<std::map<std::string, std::string>> InstanceCombinations(const FunctionSpec& fn);
// The template variables (arg -> token) of one combination.
std::map<std::string, std::string> TemplateVars(const FunctionSpec& fn,
                                                const std::map<std::string, std::string>& combo);

}  // namespace dm::vehicle
