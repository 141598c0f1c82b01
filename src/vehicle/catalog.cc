#include "vehicle/catalog.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "util/mapped_file.h"

namespace dm::vehicle {

std::vector<std::map<std::string, std::string>> InstanceCombinations(const FunctionSpec& fn) {
  std::vector<std::map<std::string, std::string>> out(1);
  for (const InstanceArg& inst : fn.instances) {
    std::vector<std::map<std::string, std::string>> next;
    for (const auto& partial : out) {
      for (const InstanceId& id : inst.options.ids) {
        auto combo = partial;
        combo[inst.arg] = id.id;
        next.push_back(std::move(combo));
      }
    }
    out = std::move(next);
  }
  return out;
}

std::map<std::string, std::string> TemplateVars(const FunctionSpec& fn,
                                                const std::map<std::string, std::string>& combo) {
  std::map<std::string, std::string> vars;
  for (const InstanceArg& inst : fn.instances) {
    auto it = combo.find(inst.arg);
    if (it == combo.end()) continue;
    if (const InstanceId* id = inst.options.FindId(it->second)) vars[inst.arg] = id->token;
  }
  return vars;
}

Result<Catalog> Catalog::Load(const std::string& vehicle_dir) {
  Catalog catalog;
  DM_ASSIGN_OR_RETURN(SignalTable table, SignalTable::Load(vehicle_dir));
  catalog.signals_ = std::make_unique<SignalTable>(std::move(table));
  DM_ASSIGN_OR_RETURN(catalog.dimensions_, LoadDimensions(vehicle_dir + "/instances.json"));

  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(vehicle_dir + "/functions", ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  if (ec) return IoError("{}/functions: {}", vehicle_dir, ec.message());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    DM_ASSIGN_OR_RETURN(std::string text, ReadFileToString(file.string()));
    Json doc = Json::parse(text, nullptr, false);
    if (doc.is_discarded()) return Corrupt("{}: not valid JSON", file.string());
    auto list = doc.find("functions");
    if (list == doc.end() || !list->is_array()) {
      return Corrupt("{}: missing \"functions\" array", file.string());
    }
    for (const Json& object : *list) {
      auto fn = ParseFunctionSpec(object, file.stem().string(), catalog.dimensions_);
      if (!fn.ok()) return fn.status().WithContext(file.string());
      if (!catalog.by_name_.emplace(fn->name, catalog.functions_.size()).second) {
        return Corrupt("{}: function {} defined twice", file.string(), fn->name);
      }
      catalog.functions_.push_back(std::move(fn).value());
    }
  }
  DM_RETURN_IF_ERROR(catalog.Resolve());
  return catalog;
}

Status Catalog::Resolve() {
  valid_combos_.assign(functions_.size(), {});
  for (FunctionSpec& fn : functions_) {
    if (fn.kind != FunctionKind::kRead) DM_RETURN_IF_ERROR(ResolveWrites(fn));
  }
  DM_RETURN_IF_ERROR(ResolveReads());
  for (FunctionSpec& fn : functions_) {
    BuildSchema(fn);
    CountEndpoints(fn);
  }
  return Status::Ok();
}

namespace {

// Keeps only the ids of `inst` listed in `used`, and groups with a member left.
void RestrictOptions(InstanceArg& inst, const std::set<std::string>& used) {
  std::erase_if(inst.options.ids, [&](const InstanceId& id) { return !used.count(id.id); });
  for (InstanceGroup& g : inst.options.groups) {
    std::erase_if(g.members, [&](const std::string& m) { return !used.count(m); });
  }
  std::erase_if(inst.options.groups, [](const InstanceGroup& g) { return g.members.size() < 2; });
}

}  // namespace

Status Catalog::ResolveWrites(FunctionSpec& fn) {
  const size_t index = by_name_.at(fn.name);
  const std::string where = fmt::format("{}: function {}", fn.domain, fn.name);
  std::map<std::string, std::set<std::string>> used;  // arg -> ids in a valid combination
  std::set<std::string> paths;       // set through value arguments
  std::set<std::string> side_paths;  // fixed and append targets
  std::vector<size_t> arg_hits(fn.args.size(), 0);
  for (const auto& combo : InstanceCombinations(fn)) {
    auto vars = TemplateVars(fn, combo);
    bool valid = false;
    for (size_t a = 0; a < fn.args.size(); ++a) {
      const ValueArg& arg = fn.args[a];
      if (arg.path_template.empty()) continue;
      std::string path = ExpandTemplate(arg.path_template, vars);
      const SignalSpec* spec = signals_->Find(path);
      if (spec == nullptr) continue;
      if (!spec->settable()) return Corrupt("{}: argument {} writes {} which is a {}", where, arg.name, path, SignalKindName(spec->kind));
      ++arg_hits[a];
      valid = true;
      paths.insert(path);
      auto [it, inserted] = setter_.emplace(path, index);
      if (!inserted && it->second != index) {
        return Corrupt("{}: {} is already set by {}", where, path, functions_[it->second].name);
      }
    }
    for (const FixedWrite& w : fn.fixed) {
      std::string path = ExpandTemplate(w.path_template, vars);
      const SignalSpec* spec = signals_->Find(path);
      if (spec == nullptr) continue;
      if (!spec->extension) return Corrupt("{}: fixed writes may only target extension paths ({})", where, path);
      auto value = ValidateValue(*spec, w.value);
      if (!value.ok()) return value.status().WithContext(where);
      valid = true;
      side_paths.insert(path);
    }
    for (const AppendWrite& w : fn.appends) {
      std::string path = ExpandTemplate(w.path_template, vars);
      const SignalSpec* spec = signals_->Find(path);
      if (spec == nullptr || !spec->is_array || spec->datatype != Datatype::kString) {
        return Corrupt("{}: append target {} is not a string[] signal", where, w.path_template);
      }
      side_paths.insert(path);
      valid = true;
    }
    if (!valid) continue;
    valid_combos_[index].push_back(combo);
    for (const auto& [arg, id] : combo) used[arg].insert(id);
  }
  for (size_t a = 0; a < fn.args.size(); ++a) {
    if (!fn.args[a].path_template.empty() && arg_hits[a] == 0) {
      return Corrupt("{}: argument {}: no signal matches {}", where, fn.args[a].name, fn.args[a].path_template);
    }
  }
  if (valid_combos_[index].empty()) return Corrupt("{}: writes no known signal", where);
  for (InstanceArg& inst : fn.instances) RestrictOptions(inst, used[inst.arg]);
  fn.set_paths.assign(paths.begin(), paths.end());
  side_paths.insert(paths.begin(), paths.end());
  fn.written_paths.assign(side_paths.begin(), side_paths.end());
  return Status::Ok();
}

Status Catalog::ResolveReads() {
  struct Claim {
    size_t specificity;
    size_t function;
    ReadTarget target;
  };
  std::unordered_map<std::string, Claim> claims;
  for (size_t f = 0; f < functions_.size(); ++f) {
    FunctionSpec& fn = functions_[f];
    if (fn.kind != FunctionKind::kRead) continue;
    for (const auto& combo : InstanceCombinations(fn)) {
      auto vars = TemplateVars(fn, combo);
      for (const std::string& tmpl : fn.read_templates) {
        std::string expanded = ExpandTemplate(tmpl, vars);
        bool subtree = expanded.size() > 3 && expanded.ends_with(".**");
        std::string prefix = subtree ? expanded.substr(0, expanded.size() - 2) : expanded;
        size_t specificity = subtree ? prefix.size() : 100000 + prefix.size();
        for (const SignalSpec& s : signals_->signals()) {
          if (subtree ? !s.path.starts_with(prefix) : s.path != prefix) continue;
          Claim claim{specificity, f, {s.path, subtree ? s.path.substr(prefix.size()) : "", combo}};
          if (claim.target.suffix.empty()) {  // an exact path: name it without the root
            size_t dot = s.path.find('.');
            claim.target.suffix = dot == std::string::npos ? s.path : s.path.substr(dot + 1);
          }
          auto [it, inserted] = claims.emplace(s.path, claim);
          if (inserted || it->second.specificity < specificity) {
            it->second = std::move(claim);
          } else if (it->second.specificity == specificity && it->second.function != f) {
            return Corrupt("{}: read functions {} and {} both claim it equally", s.path,
                           functions_[it->second.function].name, fn.name);
          }
        }
      }
    }
  }
  for (const SignalSpec& s : signals_->signals()) {  // keep file order
    auto it = claims.find(s.path);
    if (it == claims.end()) continue;
    functions_[it->second.function].read_targets.push_back(std::move(it->second.target));
    reader_[s.path] = it->second.function;
  }
  for (FunctionSpec& fn : functions_) {
    if (fn.kind != FunctionKind::kRead) continue;
    if (fn.read_targets.empty()) return Corrupt("{}: function {} reads no signal", fn.domain, fn.name);
    std::map<std::string, std::set<std::string>> used;
    for (const ReadTarget& t : fn.read_targets) {
      for (const auto& [arg, id] : t.instance) used[arg].insert(id);
    }
    for (InstanceArg& inst : fn.instances) RestrictOptions(inst, used[inst.arg]);
  }
  return Status::Ok();
}

void Catalog::CountEndpoints(FunctionSpec& fn) const {
  if (fn.kind == FunctionKind::kRead) {
    fn.endpoints = fn.read_targets.size();
    return;
  }
  const auto& valid = valid_combos_[by_name_.at(fn.name)];
  // Every choice of one id or group per instance argument that reaches at
  // least one valid combination counts as one endpoint.
  std::vector<std::vector<std::vector<std::string>>> choices;  // per arg: member lists
  for (const InstanceArg& inst : fn.instances) {
    std::vector<std::vector<std::string>> c;
    for (const InstanceId& id : inst.options.ids) c.push_back({id.id});
    if (inst.multi()) {
      for (const InstanceGroup& g : inst.options.groups) c.push_back(g.members);
    }
    choices.push_back(std::move(c));
  }
  size_t count = 0;
  std::vector<size_t> pick(choices.size(), 0);
  while (true) {
    bool hit = false;
    for (const auto& combo : valid) {
      bool all = true;
      for (size_t a = 0; a < choices.size() && all; ++a) {
        const auto& members = choices[a][pick[a]];
        all = std::find(members.begin(), members.end(), combo.at(fn.instances[a].arg)) != members.end();
      }
      if (all) { hit = true; break; }
    }
    count += hit;
    size_t a = 0;
    while (a < pick.size() && ++pick[a] == choices[a].size()) pick[a++] = 0;
    if (a == pick.size()) break;
  }
  fn.endpoints = count;
}

const FunctionSpec* Catalog::Find(std::string_view name) const {
  auto it = by_name_.find(std::string(name));
  return it == by_name_.end() ? nullptr : &functions_[it->second];
}

const FunctionSpec* Catalog::SetterOf(std::string_view path) const {
  auto it = setter_.find(std::string(path));
  return it == setter_.end() ? nullptr : &functions_[it->second];
}

std::optional<PathWriter> Catalog::WriterOf(std::string_view path) const {
  const FunctionSpec* fn = SetterOf(path);
  if (!fn) return std::nullopt;
  for (auto& combo : InstanceCombinations(*fn)) {
    const auto vars = TemplateVars(*fn, combo);
    for (const ValueArg& arg : fn->args) {
      if (!arg.path_template.empty() && ExpandTemplate(arg.path_template, vars) == path) {
        return PathWriter{fn, std::move(combo), &arg};
      }
    }
  }
  return std::nullopt;
}

const FunctionSpec* Catalog::ReaderOf(std::string_view path) const {
  auto it = reader_.find(std::string(path));
  return it == reader_.end() ? nullptr : &functions_[it->second];
}

CatalogStats Catalog::Stats() const {
  CatalogStats stats;
  stats.functions = functions_.size();
  for (const FunctionSpec& fn : functions_) stats.endpoints += fn.endpoints;
  for (const SignalSpec& s : signals_->signals()) {
    if (s.extension) continue;
    if (reader_.count(s.path)) ++stats.vss_signals;
    if (s.settable() && setter_.count(s.path)) ++stats.vss_actuators;
  }
  return stats;
}

}  // namespace dm::vehicle
