// JSON Schema -> Grammar compiler.
//
// Supported (everything else that asserts something is refused with
// kUnsupported naming the keyword and its JSON pointer, never ignored):
//   type (one or a list), properties, required, additionalProperties (bool or
//   schema), enum, const, anyOf, oneOf (compiled as anyOf: an instance matching
//   several branches is accepted), allOf (merged when the branches do not
//   conflict), local $ref to "#..." pointers incl. $defs/definitions
//   (recursion allowed), minimum/maximum/exclusiveMinimum/exclusiveMaximum
//   (draft-4 boolean form too) and multipleOf for integers and numbers,
//   minLength/maxLength, pattern (regex subset: char_dfa.h), format (date, time,
//   date-time, email, uri, uuid, byte), minItems/maxItems, items (schema, bool
//   or draft-4 tuple), prefixItems, additionalItems, not: {} (= false),
//   minProperties/maxProperties when implied by required/closed objects.
//   Unknown keywords are annotations (as in JSON Schema) and are ignored.
//
// Output syntax (what the grammar accepts): JSON with no whitespace except at
// most one space after ':' and ','. Object properties appear in the schema's
// `properties` order (each optional one may be omitted); properties allowed by
// additionalProperties come after the declared ones. Pass schemas as
// nlohmann::ordered_json to keep the declared order (nlohmann::json sorts keys).
// Strings follow json_string.h; numbers follow number_spec.h.
#pragma once

#include <map>
#include <tuple>
#include <string>

#include <nlohmann/json.hpp>

#include "decode/char_dfa.h"
#include "decode/grammar.h"
#include "util/status.h"

namespace dm::decode {

struct SchemaOptions {
  // additionalProperties when a schema does not say: true is JSON Schema's
  // rule; tool arguments use false (a model must not invent parameters).
  bool additional_properties_default = true;
};

// Compiles `schema` into a Grammar whose root rule is one JSON value.
Result<Grammar> CompileJsonSchema(const nlohmann::ordered_json& schema, const SchemaOptions& options = {});
Result<Grammar> CompileJsonSchema(const nlohmann::json& schema, const SchemaOptions& options = {});

// Adds rules for schemas to an existing grammar (used by the tool-call builder).
class SchemaCompiler {
 public:
  SchemaCompiler(Grammar& grammar, const nlohmann::ordered_json& root, SchemaOptions options);
  // Rule for one JSON value valid under `schema` (at JSON pointer `pointer` of root).
  Result<uint32_t> Value(const nlohmann::ordered_json& schema, const std::string& pointer);
  // Rule for exactly the JSON value `value` (optional spaces as above).
  uint32_t Literal(const nlohmann::ordered_json& value);

 private:
  using Json = nlohmann::ordered_json;
  Result<uint32_t> ValueImpl(const Json& schema, const std::string& pointer, int depth);
  Result<uint32_t> TypeRule(const std::string& type, const Json& schema, const std::string& pointer, int depth);
  Result<uint32_t> ObjectRule(const Json& schema, const std::string& pointer, int depth);
  Result<uint32_t> ArrayRule(const Json& schema, const std::string& pointer, int depth);
  Result<uint32_t> StringRule(const Json& schema, const std::string& pointer);
  Result<uint32_t> NumberRule(const Json& schema, const std::string& pointer, bool integer);
  Result<const Json*> Resolve(const std::string& ref, const std::string& pointer);
  Status CheckDisjoint(const Json& rest, const Json& alts, const std::string& pointer, int depth);
  Result<Json> Merge(const Json& a, const Json& b, const std::string& pointer, int depth);
  uint32_t Alternatives(const std::vector<uint32_t>& rules, const std::string& name);
  uint32_t LiteralText(const std::string& text, const std::string& name);
  uint32_t AnyValue();
  uint32_t Nothing();
  // `,` or `:` followed by an optional space; returns the state after it.
  uint32_t Separator(uint32_t from, char c, uint8_t flags = 0);

  Grammar& g_;
  const Json& root_;
  SchemaOptions options_;
  std::map<std::string, uint32_t> ref_rules_;
  uint32_t any_rule_ = kNoLimit;
  uint32_t nothing_rule_ = kNoLimit;
  std::vector<CharDfa> dfas_;  // string languages referenced by "$dm_dfas"
  // One rule per (format, minLength, maxLength): every `"format": "uri"` of a
  // schema calls the same rule, so its masks are computed once (StringMaskCache).
  std::map<std::tuple<std::string, uint32_t, uint32_t>, uint32_t> format_rules_;
};

}  // namespace dm::decode
