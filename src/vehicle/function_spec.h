// One function of the interface catalog as written in data/vehicle/functions/
// *.json, plus what the catalog derives from it at load time (JSON Schema of
// the arguments, concrete signal paths, endpoint count).
//
// A function is a signal family with instance arguments. Path templates hold
// `{arg}` placeholders that the instance argument's token fills in:
//   "Vehicle.Cabin.HVAC.Station.{zone}.Temperature" with zone=rear_left
//   -> "Vehicle.Cabin.HVAC.Station.Row2.Driver.Temperature".
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/status.h"
#include "vehicle/instances.h"

namespace dm::vehicle {

using Json = nlohmann::json;

enum class FunctionKind {
  kSet,     // sets actuators; every call needs at least one value argument
  kAction,  // an operation on extension domains (play, navigate, call); may set VSS actuators too
  kRead,    // reads signals, changes nothing
};
std::string_view FunctionKindName(FunctionKind kind);

// Name, description and aliases in one language.
struct LocalizedInfo {
  std::string name;
  std::string description;
  std::vector<std::string> aliases;
  // Reply templates for an action ("正在导航去{place}"): the first whose
  // {arg} placeholders the call all gives is said instead of its changes.
  std::vector<std::string> done;
};

// An argument choosing where the function acts.
struct InstanceArg {
  std::string arg;           // argument name ("zone", "seat", "part")
  std::string dim;           // shared dimension name, or empty for inline options
  InstanceDimension options; // the ids (and, for dimensions, groups) this function accepts
  Json default_value;        // used when the argument is omitted; null = required
  // Dimension arguments accept one id/group or an array of them ("several
  // windows"); inline options accept exactly one.
  bool multi() const { return !dim.empty(); }
};

// Relative operations on a numeric argument `x`: the schema gains `x_adjust`
// (increase | decrease | max | min | middle) and `x_by` (amount, in x's unit).
struct RelativeSpec {
  double step = 1;  // default amount of one increase/decrease, in the signal's unit
};

struct ValueArg {
  std::string name;
  std::string path_template;  // signal written; empty for arguments used only in `appends`
  Json schema;                // explicit schema for path-less arguments
  Text label;                 // short description of the argument
  std::optional<RelativeSpec> relative;
  std::optional<double> minimum;  // narrows the signal's range for this function
  std::optional<double> maximum;
  std::string pattern;            // regex for string values (ECMAScript)
};

// A value written on every call (e.g. Media.Player.State = "PLAYING").
struct FixedWrite {
  std::string path_template;
  Json value;
};

// Appends text built from arguments ("{contact}: {text}") to a string[] signal.
struct AppendWrite {
  std::string path_template;
  std::string text_template;
};

// A precondition on vehicle state; unmet -> the call is refused with `reason`.
struct StateRequirement {
  std::string path;
  std::vector<Json> allowed;
  Text reason;
};

// One signal a read function returns, with the instance ids it belongs to.
struct ReadTarget {
  std::string path;
  std::string suffix;                          // path relative to the template prefix
  std::map<std::string, std::string> instance; // instance arg -> id
};

struct FunctionSpec {
  std::string name;
  FunctionKind kind = FunctionKind::kSet;
  std::string domain;  // the file it came from ("climate", "seats", ...)
  LocalizedInfo en;
  LocalizedInfo zh;
  std::vector<InstanceArg> instances;
  std::vector<ValueArg> args;
  std::vector<FixedWrite> fixed;
  std::vector<AppendWrite> appends;
  std::vector<StateRequirement> requires_state;
  std::vector<std::string> required;        // argument names that must be present
  std::vector<std::string> read_templates;  // read functions: paths or "prefix.**"

  // Derived by the catalog.
  Json schema;                         // JSON Schema (object) of the arguments
  std::vector<std::string> set_paths;  // concrete signals set through value arguments
  std::vector<std::string> written_paths;  // set_paths plus fixed and append targets, sorted
  std::vector<ReadTarget> read_targets;
  size_t endpoints = 0;

  const InstanceArg* FindInstance(std::string_view arg) const;
  const ValueArg* FindArg(std::string_view arg) const;
};

// Parses one function object of a functions file (`domain` = file stem).
Result<FunctionSpec> ParseFunctionSpec(const Json& object, const std::string& domain,
                                       const std::map<std::string, InstanceDimension>& dims);

// Replaces `{name}` placeholders in `text` with values from `vars`; unknown
// placeholders are left as they are.
std::string ExpandTemplate(const std::string& text, const std::map<std::string, std::string>& vars);

}  // namespace dm::vehicle
