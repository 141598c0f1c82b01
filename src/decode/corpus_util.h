// Corpus runner for schema test files ({"schema", "tests": [{"data", "valid"}]}):
// used by `dashmind schema bench`, the corpus test and the benchmark.
//
// Instances are presented as the acceptance checks do: JSON text, compact and
// with one space after ':' and ',', object keys in the schema's `properties`
// order (others after, in instance order), non-ASCII unescaped.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace dm::decode {

class GrammarMatcher;
class TokenIndex;

// Reorders object keys of `instance` by the schema's properties order
// (following local $ref, and items/prefixItems/additionalProperties).
nlohmann::ordered_json OrderLikeSchema(const nlohmann::ordered_json& instance,
                                       const nlohmann::ordered_json& schema,
                                       const nlohmann::ordered_json& root);
// Serializes compactly, or with one space after ':' and ','.
std::string SerializeJson(const nlohmann::ordered_json& v, bool spaced);

struct CorpusReport {
  int schemas = 0, compiled = 0, instances = 0, checked = 0;
  std::vector<std::string> refused;  // "file: reason"
  std::vector<std::string> wrong;    // "file #i (valid|invalid, spacing): ..."
  std::vector<double> compile_ms;
  std::vector<double> mask_us;  // per token, when an index was given
  // The kSlowest slowest masks, slowest first: "file #instance @token k: ...text before it".
  static constexpr size_t kSlowest = 20;
  std::vector<std::pair<double, std::string>> slowest;
  std::string Summary() const;
};

using TokenizeFn = std::function<std::vector<int32_t>(std::string_view)>;

// Runs every *.json file of `dir` (a test file {"schema", "tests"} or a bare
// schema). With `index`, also feeds each valid instance token by token
// (tokenized by `tokenize`, default GreedyTokenize), timing FillMask per token;
// a bare schema gets one seeded random constrained generation instead. Each
// instance gets a fresh matcher; the matchers of one schema share its
// StringMaskCache, as the sequences of one compiled grammar do in a server.
CorpusReport RunCorpus(const std::string& dir, const TokenIndex* index, size_t max_files = 0,
                       const TokenizeFn& tokenize = nullptr);

// Greedy longest-match tokenization over the index's trie; empty on failure.
std::vector<int32_t> GreedyTokenize(const TokenIndex& index, std::string_view text);

}  // namespace dm::decode
