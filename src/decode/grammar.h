// Grammar: the compiled form of a JSON Schema (or a tool-call format) that the
// GrammarMatcher runs — a set of byte-level rules forming a pushdown automaton.
//
// A rule is a small automaton over states. A state may have
//   - byte edges [lo, hi] -> target (same rule),
//   - epsilon edges -> target (same rule),
//   - call edges: run rule R to completion, then continue at `ret`,
//   - a final flag: the rule may end (pop) here.
// Each rule may carry one counter (the frame's `aux` value) with bounds
// [min_count, max_count]: edges flagged kInc increment it (saturating at
// the largest bound that matters), kBelowMax requires count < max_count and
// kAtLeastMin requires count >= min_count. This is how maxLength: 100000 or
// maxItems: 5000 compile to a constant number of states.
// A state may instead be a number terminal (`number` >= 0): the frame's aux is
// then the matcher's id for the number text read so far and NumberSpec
// decides which bytes may follow (see number_spec.h).
// A state flagged `string_body` is the character-boundary state of a JSON
// string whose characters are unconstrained (any char, optional length
// counter): the matcher computes its masks from a per-vocabulary table.
// Every other character boundary of a string is flagged `string_char`.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "decode/number_spec.h"

namespace dm::decode {

inline constexpr uint32_t kNoLimit = std::numeric_limits<uint32_t>::max();

enum EdgeFlags : uint8_t {
  kInc = 1,
  kBelowMax = 2,
  kAtLeastMin = 4,
};

struct ByteEdge {
  uint8_t lo = 0, hi = 0;
  uint8_t flags = 0;
  uint32_t target = 0;
  // kBelowMax compares against min(rule max_count, bound): a string character
  // leading to a pattern state that needs d more characters uses max - d.
  uint32_t bound = kNoLimit;
};

struct CallEdge {
  uint32_t rule = 0;
  uint32_t ret = 0;
  uint8_t flags = 0;  // guards checked and kInc applied to the caller's counter
};

struct GrammarState {
  uint32_t rule = 0;
  bool final = false;
  bool string_body = false;
  // Character boundary of a string whose every continuation stays viable
  // (total DFA, acceptance reachable everywhere, no length bound): any run of
  // characters without the closing quote is allowed from here.
  bool string_inside_any = false;
  // Character boundary of a JSON string rule (json_string.h): the rule has
  // only byte edges, its closing quote leads to a final state without edges,
  // and the tokens that stay inside the string from here depend only on this
  // state and the counter (see string_mask_cache.h).
  bool string_char = false;
  int32_t number = -1;
  std::vector<ByteEdge> bytes;
  std::vector<uint32_t> eps;
  std::vector<CallEdge> calls;
};

struct GrammarRule {
  uint32_t start = 0;
  uint32_t min_count = 0;
  uint32_t max_count = kNoLimit;
  std::string name;  // for diagnostics: JSON pointer or role
  // The value kInc saturates at.
  uint32_t CounterCap() const { return max_count != kNoLimit ? max_count : min_count; }
  // Whether an edge with `flags` (and `bound`, see ByteEdge) may be taken
  // with counter value `aux`.
  bool Allows(uint8_t flags, uint32_t aux, uint32_t bound = kNoLimit) const {
    const uint32_t max = max_count < bound ? max_count : bound;
    if ((flags & kBelowMax) && !(max == kNoLimit || aux < max)) return false;
    return !((flags & kAtLeastMin) && aux < min_count);
  }
  // The counter after taking an edge with `flags`.
  uint32_t Advance(uint8_t flags, uint32_t aux) const { return (flags & kInc) && aux < CounterCap() ? aux + 1 : aux; }
};

class Grammar {
 public:
  // --- building ---
  uint32_t AddRule(std::string name, uint32_t min_count = 0, uint32_t max_count = kNoLimit);
  uint32_t AddState(uint32_t rule);
  void AddBytes(uint32_t from, uint8_t lo, uint8_t hi, uint32_t to, uint8_t flags = 0, uint32_t bound = kNoLimit);
  void AddEps(uint32_t from, uint32_t to) { states_[from].eps.push_back(to); }
  void AddCall(uint32_t from, uint32_t rule, uint32_t ret, uint8_t flags = 0) {
    states_[from].calls.push_back({rule, ret, flags});
  }
  void SetFinal(uint32_t state) { states_[state].final = true; }
  // Appends a byte string from `from`; returns the state after it.
  uint32_t AddLiteral(uint32_t from, std::string_view text);
  uint32_t AddNumberSpec(NumberSpec spec);
  void SetRoot(uint32_t rule) { root_ = rule; }
  GrammarRule& rule(uint32_t r) { return rules_[r]; }
  GrammarState& state(uint32_t s) { return states_[s]; }

  // --- reading ---
  uint32_t root() const { return root_; }
  const GrammarRule& rule(uint32_t r) const { return rules_[r]; }
  const GrammarState& state(uint32_t s) const { return states_[s]; }
  const NumberSpec& number(int32_t n) const { return numbers_[static_cast<size_t>(n)]; }
  size_t num_states() const { return states_.size(); }
  size_t num_rules() const { return rules_.size(); }

  // Byte-level recognizer: true when `text` is a complete sentence of the
  // grammar (no tokenizer involved).
  bool AcceptsBytes(std::string_view text) const;

 private:
  std::vector<GrammarState> states_;
  std::vector<GrammarRule> rules_;
  std::vector<NumberSpec> numbers_;
  uint32_t root_ = 0;
};

}  // namespace dm::decode
