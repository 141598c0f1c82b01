#include "vehicle/function_spec.h"

namespace dm::vehicle {

std::string_view FunctionKindName(FunctionKind kind) {
  switch (kind) {
    case FunctionKind::kSet: return "set";
    case FunctionKind::kAction: return "action";
    case FunctionKind::kRead: return "read";
  }
  return "?";
}

const InstanceArg* FunctionSpec::FindInstance(std::string_view arg) const {
  for (const InstanceArg& i : instances) {
    if (i.arg == arg) return &i;
  }
  return nullptr;
}

const ValueArg* FunctionSpec::FindArg(std::string_view arg) const {
  for (const ValueArg& a : args) {
    if (a.name == arg) return &a;
  }
  return nullptr;
}

std::string ExpandTemplate(const std::string& text, const std::map<std::string, std::string>& vars) {
  std::string out;
  out.reserve(text.size() + 16);
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '{') {
      size_t close = text.find('}', i);
      if (close != std::string::npos) {
        auto it = vars.find(text.substr(i + 1, close - i - 1));
        if (it != vars.end()) {
          out += it->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

namespace {

Result<LocalizedInfo> ParseInfo(const Json& object, const char* lang, const std::string& where) {
  auto it = object.find(lang);
  if (it == object.end() || !it->is_object()) return Corrupt("{}: missing \"{}\" object", where, lang);
  LocalizedInfo info;
  info.name = it->value("name", "");
  info.description = it->value("description", "");
  if (info.name.empty() || info.description.empty()) {
    return Corrupt("{}: \"{}\" needs a name and a description", where, lang);
  }
  if (auto a = it->find("aliases"); a != it->end()) {
    if (!a->is_array()) return Corrupt("{}: {}.aliases is not an array", where, lang);
    for (const Json& s : *a) {
      if (!s.is_string()) return Corrupt("{}: {}.aliases holds a non-string", where, lang);
      info.aliases.push_back(s.get<std::string>());
    }
  }
  if (auto d = it->find("done"); d != it->end()) {
    if (!d->is_array()) return Corrupt("{}: {}.done is not an array", where, lang);
    for (const Json& s : *d) {
      if (!s.is_string()) return Corrupt("{}: {}.done holds a non-string", where, lang);
      info.done.push_back(s.get<std::string>());
    }
  }
  return info;
}

Result<std::vector<std::string>> Strings(const Json& object, const char* key, const std::string& where) {
  std::vector<std::string> out;
  auto it = object.find(key);
  if (it == object.end()) return out;
  if (!it->is_array()) return Corrupt("{}: \"{}\" is not an array", where, key);
  for (const Json& s : *it) {
    if (!s.is_string()) return Corrupt("{}: \"{}\" holds a non-string", where, key);
    out.push_back(s.get<std::string>());
  }
  return out;
}

}  // namespace

Result<FunctionSpec> ParseFunctionSpec(const Json& object, const std::string& domain,
                                       const std::map<std::string, InstanceDimension>& dims) {
  if (!object.is_object()) return Corrupt("{}: function entry is not an object", domain);
  FunctionSpec fn;
  fn.domain = domain;
  fn.name = object.value("name", "");
  if (fn.name.empty()) return Corrupt("{}: function without a name", domain);
  std::string where = fmt::format("{}: function {}", domain, fn.name);
  std::string kind = object.value("kind", "");
  if (kind == "set") fn.kind = FunctionKind::kSet;
  else if (kind == "action") fn.kind = FunctionKind::kAction;
  else if (kind == "read") fn.kind = FunctionKind::kRead;
  else return Corrupt("{}: unknown kind '{}'", where, kind);
  DM_ASSIGN_OR_RETURN(fn.en, ParseInfo(object, "en", where));
  DM_ASSIGN_OR_RETURN(fn.zh, ParseInfo(object, "zh", where));

  if (auto it = object.find("instances"); it != object.end()) {
    if (!it->is_array()) return Corrupt("{}: \"instances\" is not an array", where);
    for (const Json& inst : *it) {
      InstanceArg arg;
      arg.arg = inst.value("arg", "");
      if (arg.arg.empty()) return Corrupt("{}: instance without \"arg\"", where);
      if (inst.contains("dim")) {
        arg.dim = inst.value("dim", "");
        auto d = dims.find(arg.dim);
        if (d == dims.end()) return Corrupt("{}: unknown dimension '{}'", where, arg.dim);
        arg.options = d->second;
      } else if (inst.contains("options")) {
        auto dim = ParseDimension(arg.arg, inst);
        if (!dim.ok()) return dim.status().WithContext(where);
        arg.options = std::move(dim).value();
      } else {
        return Corrupt("{}: instance '{}' needs \"dim\" or \"options\"", where, arg.arg);
      }
      if (auto d = inst.find("default"); d != inst.end()) arg.default_value = *d;
      fn.instances.push_back(std::move(arg));
    }
  }

  if (auto it = object.find("args"); it != object.end()) {
    if (!it->is_object()) return Corrupt("{}: \"args\" is not an object", where);
    for (const auto& [name, a] : it->items()) {
      if (fn.FindInstance(name) != nullptr) return Corrupt("{}: '{}' is both instance and value", where, name);
      ValueArg arg;
      arg.name = name;
      arg.path_template = a.value("path", "");
      if (auto s = a.find("schema"); s != a.end()) arg.schema = *s;
      if (arg.path_template.empty() == arg.schema.is_null()) {
        return Corrupt("{}: argument '{}' needs exactly one of \"path\" and \"schema\"", where, name);
      }
      arg.label = {a.value("en", name), a.value("zh", "")};
      if (auto r = a.find("relative"); r != a.end()) {
        RelativeSpec rel;
        rel.step = r->value("step", 1.0);
        if (!(rel.step > 0)) return Corrupt("{}: argument '{}' has a non-positive step", where, name);
        arg.relative = rel;
      }
      if (auto m = a.find("minimum"); m != a.end() && m->is_number()) arg.minimum = m->get<double>();
      if (auto m = a.find("maximum"); m != a.end() && m->is_number()) arg.maximum = m->get<double>();
      arg.pattern = a.value("pattern", "");
      fn.args.push_back(std::move(arg));
    }
  }
  if (auto it = object.find("fixed"); it != object.end()) {
    for (const Json& f : *it) {
      if (!f.contains("path") || !f.contains("value")) return Corrupt("{}: fixed write needs path and value", where);
      fn.fixed.push_back({f["path"].get<std::string>(), f["value"]});
    }
  }
  if (auto it = object.find("appends"); it != object.end()) {
    for (const Json& f : *it) {
      if (!f.contains("path") || !f.contains("template")) return Corrupt("{}: append needs path and template", where);
      fn.appends.push_back({f["path"].get<std::string>(), f["template"].get<std::string>()});
    }
  }
  if (auto it = object.find("requires_state"); it != object.end()) {
    for (const Json& r : *it) {
      StateRequirement req;
      req.path = r.value("path", "");
      if (req.path.empty() || !r.contains("in") || !r["in"].is_array()) {
        return Corrupt("{}: requires_state needs path and an \"in\" array", where);
      }
      req.allowed.assign(r["in"].begin(), r["in"].end());
      req.reason = {r.value("en", ""), r.value("zh", "")};
      fn.requires_state.push_back(std::move(req));
    }
  }
  DM_ASSIGN_OR_RETURN(fn.required, Strings(object, "required", where));
  DM_ASSIGN_OR_RETURN(fn.read_templates, Strings(object, "reads", where));
  if ((fn.kind == FunctionKind::kRead) != !fn.read_templates.empty()) {
    return Corrupt("{}: read functions (and only they) list \"reads\"", where);
  }
  if (fn.kind == FunctionKind::kRead && (!fn.args.empty() || !fn.fixed.empty() || !fn.appends.empty())) {
    return Corrupt("{}: read functions take no value arguments", where);
  }
  for (const std::string& r : fn.required) {
    if (fn.FindArg(r) == nullptr && fn.FindInstance(r) == nullptr) {
      return Corrupt("{}: required argument '{}' is not defined", where, r);
    }
  }
  return fn;
}

}  // namespace dm::vehicle
