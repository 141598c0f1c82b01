#include "decode/schema_compiler.h"

#include <algorithm>
#include <optional>
#include <tuple>
#include <set>

#include "decode/char_dfa.h"
#include "decode/json_string.h"
#include "decode/schema_formats.h"
#include "decode/string_language.h"

namespace dm::decode {
namespace {

using Json = nlohmann::ordered_json;
constexpr int kMaxDepth = 64;

std::string PointerEscape(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string Child(const std::string& pointer, const std::string& key) {
  return pointer + "/" + PointerEscape(key);
}

// Keywords that carry no assertion.
bool IsAnnotation(const std::string& k) {
  static const std::set<std::string> kAnnotations = {
      "title", "description", "default", "examples", "$schema", "$id", "id", "$comment",
      "deprecated", "readOnly", "writeOnly", "contentMediaType", "contentEncoding", "$defs",
      "definitions", "$anchor", "nullable_comment"};
  return kAnnotations.count(k) > 0;
}

// Keywords this compiler understands.
bool IsSupported(const std::string& k) {
  static const std::set<std::string> kSupported = {
      "type", "properties", "required", "additionalProperties", "enum", "const", "anyOf", "oneOf",
      "allOf", "$ref", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
      "minLength", "maxLength", "pattern", "format", "minItems", "maxItems", "items", "prefixItems",
      "additionalItems", "not", "minProperties", "maxProperties", "uniqueItems", "dependencies",
      "$dm_exactlyOne", "$dm_atLeastOne", "$dm_notAll", "$dm_patterns", "$dm_dfas",
      "$dm_notMultipleOf", "$dm_multipleOf", "propertyNames"};
  return kSupported.count(k) > 0;
}

// Keywords refused: they assert something this compiler cannot express.
bool IsRefused(const std::string& k) {
  static const std::set<std::string> kRefused = {
      "if", "then", "else", "patternProperties",
      "dependentRequired", "dependentSchemas", "contains", "minContains", "maxContains",
      "unevaluatedProperties", "unevaluatedItems", "$dynamicRef", "$recursiveRef"};
  return kRefused.count(k) > 0;
}

std::vector<std::string> Types(const Json& schema) {
  if (!schema.contains("type")) {
    return {"object", "array", "string", "number", "boolean", "null"};
  }
  const Json& t = schema["type"];
  std::vector<std::string> out;
  if (t.is_string()) {
    out.push_back(t.get<std::string>());
  } else if (t.is_array()) {
    for (const auto& x : t) {
      if (x.is_string()) out.push_back(x.get<std::string>());
    }
  }
  return out;
}

bool ValueHasType(const Json& v, const std::string& type) {
  if (type == "null") return v.is_null();
  if (type == "boolean") return v.is_boolean();
  if (type == "string") return v.is_string();
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "number") return v.is_number();
  if (type == "integer") {
    return v.is_number_integer() || (v.is_number_float() && v.get<double>() == static_cast<double>(static_cast<int64_t>(v.get<double>())));
  }
  return false;
}

std::string Dump(const Json& v) { return v.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace); }

}  // namespace

SchemaCompiler::SchemaCompiler(Grammar& grammar, const Json& root, SchemaOptions options)
    : g_(grammar), root_(root), options_(options) {}

uint32_t SchemaCompiler::Alternatives(const std::vector<uint32_t>& rules, const std::string& name) {
  if (rules.size() == 1) return rules[0];
  const uint32_t r = g_.AddRule(name);
  const uint32_t end = g_.AddState(r);
  g_.SetFinal(end);
  for (uint32_t x : rules) g_.AddCall(g_.rule(r).start, x, end);
  return r;
}

uint32_t SchemaCompiler::LiteralText(const std::string& text, const std::string& name) {
  const uint32_t r = g_.AddRule(name);
  g_.SetFinal(g_.AddLiteral(g_.rule(r).start, text));
  return r;
}

uint32_t SchemaCompiler::Nothing() {
  if (nothing_rule_ == kNoLimit) nothing_rule_ = g_.AddRule("false");
  return nothing_rule_;
}

uint32_t SchemaCompiler::Separator(uint32_t from, char c, uint8_t flags) {
  const uint32_t rule = g_.state(from).rule;
  const uint32_t after = g_.AddState(rule);
  g_.AddBytes(from, static_cast<uint8_t>(c), static_cast<uint8_t>(c), after, flags);
  const uint32_t spaced = g_.AddState(rule);
  g_.AddBytes(after, ' ', ' ', spaced);
  g_.AddEps(after, spaced);
  return spaced;
}

uint32_t SchemaCompiler::Literal(const Json& v) {
  if (v.is_object()) {
    const uint32_t r = g_.AddRule("const");
    uint32_t cur = g_.AddLiteral(g_.rule(r).start, "{");
    bool first = true;
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!first) cur = Separator(cur, ',');
      first = false;
      cur = g_.AddLiteral(cur, Dump(Json(it.key())));
      cur = Separator(cur, ':');
      const uint32_t next = g_.AddState(r);
      g_.AddCall(cur, Literal(it.value()), next);
      cur = next;
    }
    g_.SetFinal(g_.AddLiteral(cur, "}"));
    return r;
  }
  if (v.is_array()) {
    const uint32_t r = g_.AddRule("const");
    uint32_t cur = g_.AddLiteral(g_.rule(r).start, "[");
    bool first = true;
    for (const auto& x : v) {
      if (!first) cur = Separator(cur, ',');
      first = false;
      const uint32_t next = g_.AddState(r);
      g_.AddCall(cur, Literal(x), next);
      cur = next;
    }
    g_.SetFinal(g_.AddLiteral(cur, "]"));
    return r;
  }
  return LiteralText(Dump(v), "const");
}

uint32_t SchemaCompiler::AnyValue() {
  if (any_rule_ != kNoLimit) return any_rule_;
  any_rule_ = g_.AddRule("any");
  auto compiled = ValueImpl(Json::object({{"additionalProperties", true}}), "#any", 1);
  DM_CHECK(compiled.ok());
  const uint32_t end = g_.AddState(any_rule_);
  g_.SetFinal(end);
  g_.AddCall(g_.rule(any_rule_).start, *compiled, end);
  return any_rule_;
}

Result<const Json*> SchemaCompiler::Resolve(const std::string& ref, const std::string& pointer) {
  if (ref.empty() || ref[0] != '#') return Unsupported("non-local $ref '{}' at {}", ref, pointer);
  const Json* cur = &root_;
  size_t i = 1;
  while (i < ref.size()) {
    if (ref[i] != '/') return Unsupported("$ref '{}' at {} is not a JSON pointer", ref, pointer);
    size_t j = ref.find('/', i + 1);
    if (j == std::string::npos) j = ref.size();
    std::string token = ref.substr(i + 1, j - i - 1);
    std::string key;
    for (size_t k = 0; k < token.size(); ++k) {
      if (token[k] == '~' && k + 1 < token.size()) {
        key.push_back(token[k + 1] == '1' ? '/' : '~');
        ++k;
      } else if (token[k] == '%' && k + 2 < token.size()) {
        key.push_back(static_cast<char>(std::stoi(token.substr(k + 1, 2), nullptr, 16)));
        k += 2;
      } else {
        key.push_back(token[k]);
      }
    }
    if (cur->is_object() && cur->contains(key)) {
      cur = &(*cur)[key];
    } else if (cur->is_array() && !key.empty() && std::all_of(key.begin(), key.end(), ::isdigit) &&
               std::stoul(key) < cur->size()) {
      cur = &(*cur)[std::stoul(key)];
    } else {
      return InvalidArgument("$ref '{}' at {} points nowhere", ref, pointer);
    }
    i = j;
  }
  return cur;
}

Result<SchemaCompiler::Json> SchemaCompiler::Merge(const Json& a, const Json& b, const std::string& pointer,
                                                   int depth) {
  if (depth > kMaxDepth) return Unsupported("schema nesting deeper than {} at {}", kMaxDepth, pointer);
  if (a.is_boolean() || b.is_boolean()) {
    if (a.is_boolean() && !a.get<bool>()) return a;
    if (b.is_boolean() && !b.get<bool>()) return b;
    return a.is_boolean() ? b : a;
  }
  // Resolve references first so their keywords take part.
  Json x = a, y = b;
  for (Json* s : {&x, &y}) {
    int hops = 0;
    while (s->is_object() && s->contains("$ref")) {
      if (++hops > 16) return Unsupported("$ref chain too long at {}", pointer);
      DM_ASSIGN_OR_RETURN(const Json* target, Resolve((*s)["$ref"].get<std::string>(), pointer));
      Json rest = *s;
      rest.erase("$ref");
      if (target->is_boolean()) {
        *s = target->get<bool>() ? rest : *target;
        break;
      }
      Json merged = *target;
      for (auto it = rest.begin(); it != rest.end(); ++it) {
        if (merged.contains(it.key()) && merged[it.key()] != it.value() && !IsAnnotation(it.key())) {
          DM_ASSIGN_OR_RETURN(Json m, Merge(Json::object({{it.key(), merged[it.key()]}}),
                                            Json::object({{it.key(), it.value()}}), pointer, depth + 1));
          merged[it.key()] = m[it.key()];
        } else {
          merged[it.key()] = it.value();
        }
      }
      *s = merged;
    }
  }
  if (x.is_boolean() || y.is_boolean()) return Merge(x, y, pointer, depth + 1);
  Json out = x;
  for (auto it = y.begin(); it != y.end(); ++it) {
    const std::string& k = it.key();
    const Json& v = it.value();
    if (!out.contains(k) || IsAnnotation(k)) {
      if (!out.contains(k)) out[k] = v;
      continue;
    }
    Json& cur = out[k];
    if (cur == v) continue;
    if (k == "properties") {
      for (auto p = v.begin(); p != v.end(); ++p) {
        if (cur.contains(p.key())) {
          DM_ASSIGN_OR_RETURN(Json m, Merge(cur[p.key()], p.value(), Child(Child(pointer, k), p.key()), depth + 1));
          cur[p.key()] = m;
        } else {
          cur[p.key()] = p.value();
        }
      }
    } else if (k == "required") {
      for (const auto& r : v) {
        if (std::find(cur.begin(), cur.end(), r) == cur.end()) cur.push_back(r);
      }
    } else if (k == "type") {
      auto ta = Types(Json::object({{"type", cur}})), tb = Types(Json::object({{"type", v}}));
      Json both = Json::array();
      for (const auto& t : ta) {
        if (std::find(tb.begin(), tb.end(), t) != tb.end()) {
          both.push_back(t);
        } else if (t == "number" && std::find(tb.begin(), tb.end(), "integer") != tb.end()) {
          both.push_back("integer");
        } else if (t == "integer" && std::find(tb.begin(), tb.end(), "number") != tb.end()) {
          both.push_back("integer");
        }
      }
      cur = both;
    } else if (k == "minimum" || k == "minLength" || k == "minItems" || k == "minProperties") {
      if (v.is_number() && cur.is_number() && v.get<double>() > cur.get<double>()) cur = v;
    } else if (k == "maximum" || k == "maxLength" || k == "maxItems" || k == "maxProperties") {
      if (v.is_number() && cur.is_number() && v.get<double>() < cur.get<double>()) cur = v;
    } else if (k == "enum") {
      Json both = Json::array();
      for (const auto& e : cur) {
        if (std::find(v.begin(), v.end(), e) != v.end()) both.push_back(e);
      }
      cur = both;
    } else if (k == "items" || k == "additionalProperties" || k == "additionalItems") {
      DM_ASSIGN_OR_RETURN(Json m, Merge(cur, v, Child(pointer, k), depth + 1));
      cur = m;
    } else if (k == "allOf") {
      for (const auto& s : v) cur.push_back(s);
    } else if ((k == "anyOf" || k == "oneOf") && cur.is_array() && v.is_array()) {
      // (a1 | a2) & (b1 | b2) = (a1 & b1) | (a1 & b2) | ... ; exact for anyOf; for
      // oneOf the disjointness check of each product still runs when compiled.
      if (cur.size() * v.size() > 64) return Unsupported("allOf: '{}' product too large at {}", k, pointer);
      Json product = Json::array();
      for (const auto& x : cur) {
        for (const auto& z : v) product.push_back(Json::object({{"allOf", Json::array({x, z})}}));
      }
      if (k == "oneOf") return Unsupported("allOf: conflicting 'oneOf' at {}", pointer);
      cur = product;
    } else if (k == "not") {
      cur = Json::object({{"anyOf", Json::array({cur, v})}});  // !a & !b = !(a | b)
    } else if (k == "multipleOf") {
      Json list = out.contains("$dm_multipleOf") ? out["$dm_multipleOf"] : Json::array();
      list.push_back(v);
      out["$dm_multipleOf"] = list;
    } else if (k == "$dm_dfas" || k == "$dm_notMultipleOf" || k == "$dm_notAll" || k == "$dm_multipleOf") {
      for (const auto& x : v) cur.push_back(x);
    } else if (k == "pattern" || k == "$dm_patterns") {
      Json all = Json::array();
      for (const Json* x : std::initializer_list<const Json*>{&cur, &v}) {
        if (x->is_array()) {
          for (const auto& p : *x) all.push_back(p);
        } else {
          all.push_back(*x);
        }
      }
      out.erase("pattern");
      out["$dm_patterns"] = all;
    } else {
      return Unsupported("allOf: conflicting '{}' at {}", k, pointer);
    }
  }
  return out;
}

namespace {

// Types an instance of `s` can have ("integer" folded into "number").
std::set<std::string> TypeSet(const Json& s) {
  std::set<std::string> out;
  if (s.is_boolean()) {
    if (s.get<bool>()) out = {"object", "array", "string", "number", "boolean", "null"};
    return out;
  }
  if (s.contains("const") || s.contains("enum")) {
    std::vector<Json> values;
    if (s.contains("const")) values.push_back(s["const"]);
    if (s.contains("enum") && s["enum"].is_array()) values.assign(s["enum"].begin(), s["enum"].end());
    for (const auto& v : values) {
      for (const char* t : {"object", "array", "string", "number", "boolean", "null"}) {
        if (ValueHasType(v, t)) out.insert(t);
      }
    }
    return out;
  }
  for (auto t : Types(s)) out.insert(t == "integer" ? "number" : t);
  return out;
}

// The values `s` is restricted to by const/enum, or nullopt.
std::optional<std::vector<Json>> ValueSet(const Json& s) {
  if (!s.is_object()) return std::nullopt;
  if (s.contains("const")) return std::vector<Json>{s["const"]};
  if (s.contains("enum") && s["enum"].is_array()) return std::vector<Json>(s["enum"].begin(), s["enum"].end());
  return std::nullopt;
}

bool Disjoint(const Json& a, const Json& b) {
  const auto ta = TypeSet(a), tb = TypeSet(b);
  bool overlap = false;
  for (const auto& t : ta) overlap = overlap || tb.count(t);
  if (!overlap) return true;
  const auto va = ValueSet(a), vb = ValueSet(b);
  if (va && vb) {
    for (const auto& x : *va) {
      if (std::find(vb->begin(), vb->end(), x) != vb->end()) return false;
    }
    return true;
  }
  return false;
}

bool Requires(const Json& s, const std::string& name) {
  if (!s.is_object() || !s.contains("required") || !s["required"].is_array()) return false;
  const auto& r = s["required"];
  return std::find(r.begin(), r.end(), Json(name)) != r.end();
}

}  // namespace

Status SchemaCompiler::CheckDisjoint(const Json& rest, const Json& alts, const std::string& pointer, int depth) {
  std::vector<Json> merged;
  for (size_t i = 0; i < alts.size(); ++i) {
    DM_ASSIGN_OR_RETURN(Json m, Merge(rest, alts[i], pointer, depth + 1));
    merged.push_back(std::move(m));
  }
  for (size_t i = 0; i < merged.size(); ++i) {
    for (size_t j = i + 1; j < merged.size(); ++j) {
      const Json& a = merged[i];
      const Json& b = merged[j];
      bool disjoint = Disjoint(a, b);
      // Objects told apart by a required discriminator property.
      if (!disjoint && a.is_object() && b.is_object() && a.contains("properties") && b.contains("properties") &&
          a["properties"].is_object() && b["properties"].is_object()) {
        for (auto it = a["properties"].begin(); it != a["properties"].end() && !disjoint; ++it) {
          if (!b["properties"].contains(it.key()) || !Requires(a, it.key()) || !Requires(b, it.key())) continue;
          auto pa = Merge(Json::object(), it.value(), pointer, depth + 1);
          auto pb = Merge(Json::object(), b["properties"][it.key()], pointer, depth + 1);
          if (pa.ok() && pb.ok() && Disjoint(*pa, *pb)) disjoint = true;
        }
      }
      if (!disjoint) {
        return Unsupported("keyword 'oneOf' at {}: branches {} and {} may overlap (exclusivity is not enforced)",
                           pointer, i, j);
      }
    }
  }
  return Status::Ok();
}

Result<uint32_t> SchemaCompiler::Value(const Json& schema, const std::string& pointer) {
  return ValueImpl(schema, pointer, 0);
}

Result<uint32_t> SchemaCompiler::ValueImpl(const Json& schema, const std::string& pointer, int depth) {
  if (depth > kMaxDepth) return Unsupported("schema nesting deeper than {} at {}", kMaxDepth, pointer);
  if (schema.is_boolean()) return schema.get<bool>() ? AnyValue() : Nothing();
  if (!schema.is_object()) return InvalidArgument("schema at {} is not an object or boolean", pointer);
  for (auto it = schema.begin(); it != schema.end(); ++it) {
    if (IsRefused(it.key())) return Unsupported("keyword '{}' at {}", it.key(), Child(pointer, it.key()));
  }
  // Constraint keywords besides `skip` (annotations excluded).
  auto has_constraints = [&](const Json& s, std::initializer_list<const char*> skip) {
    for (auto it = s.begin(); it != s.end(); ++it) {
      if (IsAnnotation(it.key())) continue;
      if (std::find_if(skip.begin(), skip.end(), [&](const char* k) { return it.key() == k; }) != skip.end()) continue;
      if (IsSupported(it.key())) return true;
    }
    return false;
  };
  if (schema.contains("not")) {
    const Json& n = schema["not"];
    if ((n.is_object() && n.empty()) || (n.is_boolean() && n.get<bool>())) return Nothing();
    if (n.is_boolean()) {
      Json rest = schema;
      rest.erase("not");
      return ValueImpl(rest, pointer, depth + 1);
    }
    if (n.is_object() && n.size() == 1 && n.contains("required") && n["required"].is_array()) {
      // Not all of these properties: an object lacking at least one of them.
      Json rest = schema;
      rest.erase("not");
      rest["$dm_notAll"] = Json::array({n["required"]});
      DM_ASSIGN_OR_RETURN(Json merged, Merge(rest, Json::object({{"type", "object"}}), pointer, depth + 1));
      return ValueImpl(merged, pointer, depth + 1);
    }
    Json rest = schema;
    rest.erase("not");
    if (n.is_object() && n.size() == 1 && n.contains("type") && n["type"].is_string()) {
      std::vector<std::string> remaining;
      for (const auto& t : Types(rest)) {
        if (t != n["type"].get<std::string>() && !(t == "integer" && n["type"] == "number")) remaining.push_back(t);
      }
      if (n["type"] == "integer" && std::find(remaining.begin(), remaining.end(), "number") != remaining.end()) {
        return Unsupported("keyword 'not' (non-integer numbers) at {}", Child(pointer, "not"));
      }
      if (remaining.empty()) return Nothing();
      rest["type"] = remaining;
      return ValueImpl(rest, pointer, depth + 1);
    }
    if (n.is_object() && n.size() == 1 && n.contains("multipleOf") && n["multipleOf"].is_number()) {
      // Only numbers that are not multiples (every non-number satisfies multipleOf).
      Json list = rest.contains("$dm_notMultipleOf") ? rest["$dm_notMultipleOf"] : Json::array();
      list.push_back(n["multipleOf"]);
      rest["$dm_notMultipleOf"] = list;
      DM_ASSIGN_OR_RETURN(Json merged, Merge(rest, Json::object({{"type", Json::array({"number", "integer"})}}), pointer, depth + 1));
      return ValueImpl(merged, pointer, depth + 1);
    }
    RefResolver resolve = [&](const std::string& ref) { return Resolve(ref, pointer); };
    auto lang = EvalStringLanguage(n, resolve);
    if (lang.ok() && lang->has_value()) {
      StringLanguage negated{ComplementDfa((*lang)->dfa), !(*lang)->non_strings};
      dfas_.push_back(std::move(negated.dfa));
      Json list = rest.contains("$dm_dfas") ? rest["$dm_dfas"] : Json::array();
      list.push_back(dfas_.size() - 1);
      rest["$dm_dfas"] = list;
      if (!negated.non_strings) {
        DM_ASSIGN_OR_RETURN(Json merged, Merge(rest, Json::object({{"type", "string"}}), pointer, depth + 1));
        return ValueImpl(merged, pointer, depth + 1);
      }
      return ValueImpl(rest, pointer, depth + 1);
    }
    return Unsupported("keyword 'not' at {}", Child(pointer, "not"));
  }
  if (schema.contains("$ref")) {
    if (!schema["$ref"].is_string()) return InvalidArgument("$ref at {} is not a string", pointer);
    const std::string ref = schema["$ref"].get<std::string>();
    if (has_constraints(schema, {"$ref"})) {
      Json rest = schema;
      rest.erase("$ref");
      DM_ASSIGN_OR_RETURN(Json merged, Merge(Json::object({{"$ref", ref}}), rest, pointer, depth + 1));
      return ValueImpl(merged, pointer, depth + 1);
    }
    if (auto it = ref_rules_.find(ref); it != ref_rules_.end()) return it->second;
    DM_ASSIGN_OR_RETURN(const Json* target, Resolve(ref, Child(pointer, "$ref")));
    const uint32_t r = g_.AddRule(ref);
    ref_rules_[ref] = r;
    DM_ASSIGN_OR_RETURN(uint32_t body, ValueImpl(*target, ref, depth + 1));
    const uint32_t end = g_.AddState(r);
    g_.SetFinal(end);
    g_.AddCall(g_.rule(r).start, body, end);
    return r;
  }
  if (schema.contains("allOf")) {
    if (!schema["allOf"].is_array()) return InvalidArgument("allOf at {} is not an array", pointer);
    Json merged = schema;
    merged.erase("allOf");
    for (const auto& s : schema["allOf"]) {
      DM_ASSIGN_OR_RETURN(merged, Merge(merged, s, Child(pointer, "allOf"), depth + 1));
    }
    for (int round = 0; merged.is_object() && merged.contains("allOf"); ++round) {
      if (round > 16) return Unsupported("nested allOf at {}", Child(pointer, "allOf"));
      const Json inner = merged["allOf"];
      merged.erase("allOf");
      for (const auto& s : inner) {
        DM_ASSIGN_OR_RETURN(merged, Merge(merged, s, Child(pointer, "allOf"), depth + 1));
      }
    }
    return ValueImpl(merged, pointer, depth + 1);
  }
  for (const char* key : {"anyOf", "oneOf"}) {
    if (!schema.contains(key)) continue;
    const Json& alts = schema[key];
    if (!alts.is_array() || alts.empty()) return InvalidArgument("{} at {} is not a non-empty array", key, pointer);
    if (schema.contains("anyOf") && schema.contains("oneOf")) {
      return Unsupported("anyOf together with oneOf at {}", pointer);
    }
    Json rest = schema;
    rest.erase(key);
    // Branches that only list required properties: a presence condition on one object.
    const bool required_only = std::all_of(alts.begin(), alts.end(), [](const Json& a) {
      return a.is_object() && a.size() == 1 && a.contains("required") && a["required"].is_array();
    });
    if (required_only) {
      Json sets = Json::array();
      for (const auto& a : alts) sets.push_back(a["required"]);
      const char* internal = std::string(key) == "oneOf" ? "$dm_exactlyOne" : "$dm_atLeastOne";
      if (rest.contains(internal)) return Unsupported("nested {} of required lists at {}", key, pointer);
      rest[internal] = sets;
      return ValueImpl(rest, pointer, depth + 1);
    }
    const bool plain = !has_constraints(rest, {});
    std::vector<uint32_t> rules;
    for (size_t i = 0; i < alts.size(); ++i) {
      const std::string p = Child(Child(pointer, key), std::to_string(i));
      if (plain) {
        DM_ASSIGN_OR_RETURN(uint32_t r, ValueImpl(alts[i], p, depth + 1));
        rules.push_back(r);
      } else {
        DM_ASSIGN_OR_RETURN(Json merged, Merge(rest, alts[i], p, depth + 1));
        DM_ASSIGN_OR_RETURN(uint32_t r, ValueImpl(merged, p, depth + 1));
        rules.push_back(r);
      }
    }
    if (std::string(key) == "oneOf") {
      DM_RETURN_IF_ERROR(CheckDisjoint(rest, alts, Child(pointer, key), depth));
    }
    return Alternatives(rules, pointer);
  }
  std::vector<std::string> types = Types(schema);
  if (schema.contains("type") && types.empty()) return InvalidArgument("bad 'type' at {}", pointer);
  for (const auto& t : types) {
    static const std::set<std::string> kTypes = {"object", "array", "string", "number", "integer", "boolean", "null"};
    if (!kTypes.count(t)) return InvalidArgument("unknown type '{}' at {}", t, Child(pointer, "type"));
  }
  if (schema.contains("const") || schema.contains("enum")) {
    std::vector<Json> values;
    if (schema.contains("const")) {
      values.push_back(schema["const"]);
    } else {
      if (!schema["enum"].is_array()) return InvalidArgument("enum at {} is not an array", pointer);
      for (const auto& v : schema["enum"]) values.push_back(v);
    }
    std::vector<uint32_t> rules;
    for (const auto& v : values) {
      bool typed = !schema.contains("type");
      for (const auto& t : types) typed = typed || ValueHasType(v, t);
      if (schema.contains("enum") && schema.contains("const")) {
        const auto& e = schema["enum"];
        typed = typed && std::find(e.begin(), e.end(), v) != e.end();
      }
      if (typed) rules.push_back(Literal(v));
    }
    if (rules.empty()) return Nothing();
    return Alternatives(rules, pointer);
  }
  const bool has_number = std::find(types.begin(), types.end(), "number") != types.end();
  std::vector<uint32_t> rules;
  for (const auto& t : types) {
    if (t == "integer" && has_number) continue;
    DM_ASSIGN_OR_RETURN(uint32_t r, TypeRule(t, schema, pointer, depth));
    rules.push_back(r);
  }
  if (rules.empty()) return Nothing();
  return Alternatives(rules, pointer);
}

Result<uint32_t> SchemaCompiler::TypeRule(const std::string& type, const Json& schema, const std::string& pointer,
                                          int depth) {
  if (type == "null") return LiteralText("null", pointer);
  if (type == "boolean") return Alternatives({LiteralText("true", pointer), LiteralText("false", pointer)}, pointer);
  if (type == "string") return StringRule(schema, pointer);
  if (type == "number" || type == "integer") return NumberRule(schema, pointer, type == "integer");
  if (type == "object") return ObjectRule(schema, pointer, depth);
  return ArrayRule(schema, pointer, depth);
}

namespace {

Result<uint32_t> Count(const Json& schema, const char* key, const std::string& pointer, uint32_t fallback) {
  if (!schema.contains(key)) return fallback;
  const Json& v = schema[key];
  if (!v.is_number() || v.get<double>() < 0 || v.get<double>() != static_cast<double>(static_cast<int64_t>(v.get<double>()))) {
    return InvalidArgument("'{}' at {} is not a non-negative integer", key, pointer);
  }
  const double d = v.get<double>();
  return d >= static_cast<double>(kNoLimit - 1) ? kNoLimit - 1 : static_cast<uint32_t>(d);
}

}  // namespace

Result<uint32_t> SchemaCompiler::StringRule(const Json& schema, const std::string& pointer) {
  DM_ASSIGN_OR_RETURN(uint32_t min_len, Count(schema, "minLength", pointer, 0));
  DM_ASSIGN_OR_RETURN(uint32_t max_len, Count(schema, "maxLength", pointer, kNoLimit));
  if (max_len != kNoLimit && max_len < min_len) return Nothing();
  CharDfa dfa = CharDfa::AnyString();
  if (schema.contains("pattern") && schema.contains("format") && schema["format"].is_string() &&
      !IsAnnotationFormat(schema["format"].get<std::string>())) {
    return Unsupported("'pattern' together with 'format' at {}", pointer);
  }
  std::vector<std::string> patterns;
  if (schema.contains("pattern")) {
    if (!schema["pattern"].is_string()) return InvalidArgument("pattern at {} is not a string", pointer);
    patterns.push_back(schema["pattern"].get<std::string>());
  }
  if (schema.contains("$dm_patterns")) {
    for (const auto& p : schema["$dm_patterns"]) {
      if (!p.is_string()) return InvalidArgument("pattern at {} is not a string", pointer);
      patterns.push_back(p.get<std::string>());
    }
  }
  const std::string format = schema.contains("format") && schema["format"].is_string() ? schema["format"].get<std::string>() : "";
  if (!patterns.empty()) {
    for (size_t i = 0; i < patterns.size(); ++i) {
      auto compiled = CompileRegex(patterns[i]);
      if (!compiled.ok()) return compiled.status().WithContext(fmt::format("pattern at {}", Child(pointer, "pattern")));
      if (i == 0) {
        dfa = std::move(*compiled);
      } else {
        auto both = IntersectDfa(dfa, *compiled);
        if (!both.ok()) return both.status().WithContext(fmt::format("patterns at {}", pointer));
        dfa = std::move(*both);
      }
    }
  } else if (!format.empty() && !IsAnnotationFormat(format)) {
    const std::string f = format;
    const char* regex = FormatRegex(f);
    if (regex == nullptr) return Unsupported("format '{}' at {}", f, Child(pointer, "format"));
    if (!schema.contains("$dm_dfas")) {
      if (auto it = format_rules_.find({f, min_len, max_len}); it != format_rules_.end()) return it->second;
    }
    auto compiled = CompileRegex(regex);
    DM_CHECK(compiled.ok());
    dfa = std::move(*compiled);
    if (!schema.contains("$dm_dfas")) {
      const uint32_t rule = BuildStringRule(g_, dfa, min_len, max_len, pointer);
      format_rules_.emplace(std::make_tuple(f, min_len, max_len), rule);
      return rule;
    }
  }
  if (schema.contains("$dm_dfas")) {
    for (const auto& idx : schema["$dm_dfas"]) {
      auto both = IntersectDfa(dfa, dfas_[idx.get<size_t>()]);
      if (!both.ok()) return both.status().WithContext(fmt::format("'not' at {}", pointer));
      dfa = std::move(*both);
    }
  }
  return BuildStringRule(g_, dfa, min_len, max_len, pointer);
}

Result<uint32_t> SchemaCompiler::NumberRule(const Json& schema, const std::string& pointer, bool integer) {
  NumberSpec spec;
  spec.integer = integer;
  auto decimal = [&](const char* key) -> Result<Decimal> {
    const Json& v = schema[key];
    if (!v.is_number()) return InvalidArgument("'{}' at {} is not a number", key, pointer);
    return DecimalFromJsonNumber(v.get<double>(), v.is_number_integer(),
                                 v.is_number_integer() ? v.get<int64_t>() : 0,
                                 v.is_number_unsigned() ? v.get<uint64_t>() : 0, v.is_number_unsigned());
  };
  if (schema.contains("minimum")) {
    DM_ASSIGN_OR_RETURN(Decimal d, decimal("minimum"));
    spec.lo = NumberBound{d, schema.contains("exclusiveMinimum") && schema["exclusiveMinimum"].is_boolean() &&
                                 schema["exclusiveMinimum"].get<bool>()};
  }
  if (schema.contains("maximum")) {
    DM_ASSIGN_OR_RETURN(Decimal d, decimal("maximum"));
    spec.hi = NumberBound{d, schema.contains("exclusiveMaximum") && schema["exclusiveMaximum"].is_boolean() &&
                                 schema["exclusiveMaximum"].get<bool>()};
  }
  if (schema.contains("exclusiveMinimum") && schema["exclusiveMinimum"].is_number()) {
    DM_ASSIGN_OR_RETURN(Decimal d, decimal("exclusiveMinimum"));
    if (!spec.lo || Compare(d, spec.lo->value) >= 0) spec.lo = NumberBound{d, true};
  }
  if (schema.contains("exclusiveMaximum") && schema["exclusiveMaximum"].is_number()) {
    DM_ASSIGN_OR_RETURN(Decimal d, decimal("exclusiveMaximum"));
    if (!spec.hi || Compare(d, spec.hi->value) <= 0) spec.hi = NumberBound{d, true};
  }
  if (schema.contains("multipleOf")) {
    DM_ASSIGN_OR_RETURN(Decimal d, decimal("multipleOf"));
    if (d.neg || d.IsZero()) return InvalidArgument("multipleOf at {} must be positive", pointer);
    if (d.int_digits.size() + d.frac_digits.size() > 18) {
      return Unsupported("multipleOf with more than 18 digits at {}", Child(pointer, "multipleOf"));
    }
    spec.multiple_of = d;
  }
  for (const char* key : {"$dm_notMultipleOf", "$dm_multipleOf"}) {
    if (!schema.contains(key)) continue;
    for (const auto& m : schema[key]) {
      DM_ASSIGN_OR_RETURN(Decimal d, DecimalFromJsonNumber(m.get<double>(), m.is_number_integer(),
                                                           m.is_number_integer() ? m.get<int64_t>() : 0,
                                                           m.is_number_unsigned() ? m.get<uint64_t>() : 0,
                                                           m.is_number_unsigned()));
      if (d.neg || d.IsZero() || d.int_digits.size() + d.frac_digits.size() > 18) {
        return Unsupported("'not' multipleOf {} at {}", Dump(m), pointer);
      }
      (std::string(key) == "$dm_multipleOf" ? spec.also_multiple_of : spec.not_multiple_of).push_back(d);
    }
  }
  const uint32_t r = g_.AddRule(pointer);
  g_.state(g_.rule(r).start).number = static_cast<int32_t>(g_.AddNumberSpec(std::move(spec)));
  return r;
}

Result<uint32_t> SchemaCompiler::ObjectRule(const Json& schema, const std::string& pointer, int depth) {
  struct Prop {
    std::string name;
    const Json* schema;
    bool required;
  };
  std::vector<Prop> props;
  static const Json kEmpty = Json::object();
  static const Json kFalse = false;
  if (schema.contains("properties")) {
    const Json& p = schema["properties"];
    if (!p.is_object()) return InvalidArgument("properties at {} is not an object", pointer);
    for (auto it = p.begin(); it != p.end(); ++it) props.push_back({it.key(), &it.value(), false});
  }
  const Json* additional = nullptr;  // schema for additional properties, or null
  static const Json kTrue = true;
  if (schema.contains("additionalProperties")) {
    const Json& a = schema["additionalProperties"];
    if (!(a.is_boolean() && !a.get<bool>()) && !(a.is_object() && a.contains("not") && a["not"].empty())) {
      additional = &a;
    }
  } else if (options_.additional_properties_default) {
    additional = &kTrue;
  }
  auto find = [&](const std::string& name) -> int {
    for (size_t i = 0; i < props.size(); ++i) {
      if (props[i].name == name) return static_cast<int>(i);
    }
    // Mentioned but not declared: it can only be an additional property.
    props.push_back({name, additional ? additional : &kFalse, false});
    return static_cast<int>(props.size() - 1);
  };
  size_t n_required = 0;
  if (schema.contains("required")) {
    if (!schema["required"].is_array()) return InvalidArgument("required at {} is not an array", pointer);
    for (const auto& r : schema["required"]) {
      if (!r.is_string()) return InvalidArgument("required at {} lists a non-string", pointer);
      Prop& p = props[static_cast<size_t>(find(r.get<std::string>()))];
      if (!p.required) ++n_required;
      p.required = true;
    }
  }
  // Presence conditions over a few "relevant" properties, as lists of name sets.
  std::vector<int> relevant;  // prop index per bit
  auto bit_of = [&](const std::string& name) {
    const int idx = find(name);
    for (size_t b = 0; b < relevant.size(); ++b) {
      if (relevant[b] == idx) return static_cast<uint32_t>(b);
    }
    relevant.push_back(idx);
    return static_cast<uint32_t>(relevant.size() - 1);
  };
  auto sets_of = [&](const char* key) -> Result<std::vector<uint32_t>> {
    std::vector<uint32_t> masks;
    if (!schema.contains(key)) return masks;
    for (const auto& set : schema[key]) {
      uint32_t m = 0;
      for (const auto& name : set) {
        if (!name.is_string()) return InvalidArgument("required list at {} has a non-string", pointer);
        m |= 1u << std::min<uint32_t>(bit_of(name.get<std::string>()), 31);
      }
      masks.push_back(m);
    }
    return masks;
  };
  DM_ASSIGN_OR_RETURN(std::vector<uint32_t> exactly_one, sets_of("$dm_exactlyOne"));
  DM_ASSIGN_OR_RETURN(std::vector<uint32_t> at_least_one, sets_of("$dm_atLeastOne"));
  DM_ASSIGN_OR_RETURN(std::vector<uint32_t> not_all, sets_of("$dm_notAll"));
  std::vector<std::pair<uint32_t, uint32_t>> implies;  // if bit a then all of mask
  if (schema.contains("dependencies") || schema.contains("dependentRequired")) {
    const Json& deps = schema.contains("dependencies") ? schema["dependencies"] : schema["dependentRequired"];
    if (!deps.is_object()) return InvalidArgument("dependencies at {} is not an object", pointer);
    for (auto it = deps.begin(); it != deps.end(); ++it) {
      if (!it.value().is_array()) {
        return Unsupported("keyword 'dependencies' with a schema at {}", Child(Child(pointer, "dependencies"), it.key()));
      }
      const uint32_t a = bit_of(it.key());
      uint32_t m = 0;
      for (const auto& name : it.value()) {
        if (!name.is_string()) return InvalidArgument("dependencies at {} lists a non-string", pointer);
        m |= 1u << std::min<uint32_t>(bit_of(name.get<std::string>()), 31);
      }
      implies.emplace_back(a, m);
    }
  }
  if (relevant.size() > 12) return Unsupported("presence conditions over more than 12 properties at {}", pointer);
  auto condition = [&](uint32_t present) {
    if (!exactly_one.empty()) {
      int hits = 0;
      for (uint32_t m : exactly_one) hits += (present & m) == m;
      if (hits != 1) return false;
    }
    if (!at_least_one.empty()) {
      bool any = false;
      for (uint32_t m : at_least_one) any = any || (present & m) == m;
      if (!any) return false;
    }
    for (uint32_t m : not_all) {
      if ((present & m) == m) return false;
    }
    for (auto [a, m] : implies) {
      if ((present >> a & 1) && (present & m) != m) return false;
    }
    return true;
  };
  if (schema.contains("minProperties")) {
    DM_ASSIGN_OR_RETURN(uint32_t m, Count(schema, "minProperties", pointer, 0));
    if (m > n_required) return Unsupported("keyword 'minProperties' at {}", Child(pointer, "minProperties"));
  }
  if (schema.contains("maxProperties")) {
    DM_ASSIGN_OR_RETURN(uint32_t m, Count(schema, "maxProperties", pointer, 0));
    if (additional || m < props.size()) {
      return Unsupported("keyword 'maxProperties' at {}", Child(pointer, "maxProperties"));
    }
  }
  std::optional<CharDfa> name_language;
  if (schema.contains("propertyNames")) {
    RefResolver resolve = [&](const std::string& ref) { return Resolve(ref, pointer); };
    auto lang = EvalStringLanguage(schema["propertyNames"], resolve);
    if (!lang.ok() || !lang->has_value()) {
      return Unsupported("keyword 'propertyNames' at {}", Child(pointer, "propertyNames"));
    }
    name_language = std::move((*lang)->dfa);
  }
  std::vector<int> bit_for_prop(props.size(), -1);
  for (size_t b = 0; b < relevant.size(); ++b) bit_for_prop[static_cast<size_t>(relevant[b])] = static_cast<int>(b);

  const uint32_t r = g_.AddRule(pointer);
  const uint32_t end = g_.AddState(r);
  g_.SetFinal(end);
  // Layer of states before property i, keyed by (written-any, presence bits).
  std::map<std::pair<int, uint32_t>, uint32_t> layer;
  layer[{0, 0}] = g_.AddLiteral(g_.rule(r).start, "{");
  for (size_t i = 0; i < props.size(); ++i) {
    const Prop& p = props[i];
    const bool forbidden = (p.schema->is_boolean() && !p.schema->get<bool>()) ||
                           (name_language && !name_language->Matches(DecodeUtf8Text(p.name)));
    uint32_t value = 0;
    if (!forbidden) {
      DM_ASSIGN_OR_RETURN(value, ValueImpl(*p.schema, Child(Child(pointer, "properties"), p.name), depth + 1));
    }
    std::map<std::pair<int, uint32_t>, uint32_t> next;
    auto state_for = [&](int e, uint32_t bits) {
      auto [it, inserted] = next.emplace(std::make_pair(e, bits), 0);
      if (inserted) it->second = g_.AddState(r);
      return it->second;
    };
    const std::string key = Dump(Json(p.name));
    for (auto [k, st] : layer) {
      const auto [e, bits] = k;
      if (!forbidden) {
        const uint32_t with = bit_for_prop[i] >= 0 ? bits | (1u << bit_for_prop[i]) : bits;
        uint32_t cur = e ? Separator(st, ',') : st;
        cur = g_.AddLiteral(cur, key);
        cur = Separator(cur, ':');
        g_.AddCall(cur, value, state_for(1, with));
      }
      if (!p.required) g_.AddEps(st, state_for(e, bits));
    }
    layer = std::move(next);
  }
  std::vector<std::string> names;
  for (const Prop& p : props) names.push_back(p.name);
  uint32_t key_rule = 0, value_rule = 0;
  if (additional) {
    DM_ASSIGN_OR_RETURN(value_rule, ValueImpl(*additional, Child(pointer, "additionalProperties"), depth + 1));
    CharDfa keys = ExcludingDfa(names);
    if (name_language) {
      auto both = IntersectDfa(keys, *name_language);
      if (!both.ok()) return both.status().WithContext(fmt::format("propertyNames at {}", pointer));
      keys = std::move(*both);
    }
    key_rule = BuildStringRule(g_, keys, 0, kNoLimit, pointer + "/*key");
  }
  // After the declared properties; additional ones loop on the e = 1 state.
  std::vector<std::tuple<int, uint32_t, uint32_t>> finals;  // (e, bits, state)
  std::map<uint32_t, uint32_t> written;                       // bits -> e = 1 state
  for (auto [k, st] : layer) {
    finals.emplace_back(k.first, k.second, st);
    if (k.first == 1) written[k.second] = st;
  }
  if (additional) {
    for (auto [k, st] : layer) {
      if (!written.count(k.second)) {
        const uint32_t s1 = g_.AddState(r);
        written[k.second] = s1;
        finals.emplace_back(1, k.second, s1);
      }
    }
  }
  for (auto [e, bits, st] : finals) {
    if (condition(bits)) g_.AddBytes(st, '}', '}', end);
    if (!additional) continue;
    const uint32_t cur = e ? Separator(st, ',') : st;
    const uint32_t after_key = g_.AddState(r);
    g_.AddCall(cur, key_rule, after_key);
    g_.AddCall(Separator(after_key, ':'), value_rule, written[bits]);
  }
  return r;
}

Result<uint32_t> SchemaCompiler::ArrayRule(const Json& schema, const std::string& pointer, int depth) {
  DM_ASSIGN_OR_RETURN(uint32_t min_items, Count(schema, "minItems", pointer, 0));
  DM_ASSIGN_OR_RETURN(uint32_t max_items, Count(schema, "maxItems", pointer, kNoLimit));
  if (schema.contains("uniqueItems") && schema["uniqueItems"].is_boolean() && schema["uniqueItems"].get<bool>() &&
      max_items > 1) {
    return Unsupported("keyword 'uniqueItems' at {}", Child(pointer, "uniqueItems"));
  }
  std::vector<const Json*> prefix;
  const Json* tail = nullptr;
  static const Json kTrue = true;
  std::string prefix_key = "prefixItems";
  if (schema.contains("prefixItems")) {
    if (!schema["prefixItems"].is_array()) return InvalidArgument("prefixItems at {} is not an array", pointer);
    for (const auto& s : schema["prefixItems"]) prefix.push_back(&s);
    tail = schema.contains("items") ? &schema["items"] : &kTrue;
  } else if (schema.contains("items") && schema["items"].is_array()) {
    prefix_key = "items";
    for (const auto& s : schema["items"]) prefix.push_back(&s);
    tail = schema.contains("additionalItems") ? &schema["additionalItems"] : &kTrue;
  } else {
    tail = schema.contains("items") ? &schema["items"] : &kTrue;
  }
  if (tail->is_boolean() && !tail->get<bool>()) tail = nullptr;
  if (tail && tail->is_object() && tail->contains("not") && (*tail)["not"].empty()) tail = nullptr;
  if (max_items != kNoLimit && max_items < min_items) return Nothing();
  const uint32_t k = static_cast<uint32_t>(prefix.size());
  const uint32_t tail_min = min_items > k ? min_items - k : 0;
  const uint32_t tail_max = max_items == kNoLimit ? kNoLimit : (max_items > k ? max_items - k : 0);
  const uint32_t r = g_.AddRule(pointer, tail_min, tail_max);
  const uint32_t end = g_.AddState(r);
  g_.SetFinal(end);
  uint32_t cur = g_.AddLiteral(g_.rule(r).start, "[");
  for (uint32_t i = 0; i < k; ++i) {
    if (i >= min_items) g_.AddBytes(cur, ']', ']', end);
    if (i + 1 > max_items) return r;
    DM_ASSIGN_OR_RETURN(uint32_t item, ValueImpl(*prefix[i], Child(Child(pointer, prefix_key), std::to_string(i)), depth + 1));
    const uint32_t from = i > 0 ? Separator(cur, ',') : cur;
    const uint32_t next = g_.AddState(r);
    g_.AddCall(from, item, next);
    cur = next;
  }
  if (!tail || tail_max == 0) {
    if (k >= min_items) g_.AddBytes(cur, ']', ']', end);
    return r;
  }
  const bool counted = tail_min > 0 || tail_max != kNoLimit;
  const uint8_t guard_close = counted ? kAtLeastMin : 0;
  const uint8_t guard_item = counted ? static_cast<uint8_t>(kInc | (tail_max != kNoLimit ? kBelowMax : 0)) : 0;
  DM_ASSIGN_OR_RETURN(uint32_t item, ValueImpl(*tail, Child(pointer, prefix_key == "items" ? "additionalItems" : "items"), depth + 1));
  const uint32_t after_item = g_.AddState(r);
  if (k == 0) {
    g_.AddBytes(cur, ']', ']', end, guard_close);
    g_.AddCall(cur, item, after_item, guard_item);
  } else {
    g_.AddEps(cur, after_item);
  }
  g_.AddBytes(after_item, ']', ']', end, guard_close);
  // The comma is guarded too, so the model cannot start an item it may not finish.
  g_.AddCall(Separator(after_item, ',', tail_max != kNoLimit ? kBelowMax : 0), item, after_item, guard_item);
  return r;
}

Result<Grammar> CompileJsonSchema(const nlohmann::ordered_json& schema, const SchemaOptions& options) {
  Grammar g;
  SchemaCompiler compiler(g, schema, options);
  DM_ASSIGN_OR_RETURN(uint32_t root, compiler.Value(schema, "#"));
  g.SetRoot(root);
  return g;
}

Result<Grammar> CompileJsonSchema(const nlohmann::json& schema, const SchemaOptions& options) {
  return CompileJsonSchema(nlohmann::ordered_json::parse(schema.dump()), options);
}

}  // namespace dm::decode
