// StackMachine: runs a Grammar byte by byte over a *set* of stacks, so that
// alternatives (anyOf, optional properties, number vs. integer) are explored
// in parallel without backtracking.
//
// A stack is represented by its top frame (state, aux) plus a parent id into an
// arena of hash-consed frames owned by the machine; two stacks with the same
// frames share the same ids, so a StateSet is a small sorted vector that can be
// compared and hashed cheaply. Closure follows epsilon edges, calls (push) and
// final states (pop) until every stack's top can consume a byte; a set is
// `complete` when some path popped the root rule. Stacks deeper than
// kMaxStackDepth are dropped (this bounds left-recursive $refs).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "decode/grammar.h"

namespace dm::decode {

inline constexpr uint32_t kMaxStackDepth = 200;

struct StackTop {
  uint32_t state = 0;
  uint32_t aux = 0;
  uint32_t parent = 0;  // arena id; 0 = empty stack below
  bool operator==(const StackTop&) const = default;
  auto operator<=>(const StackTop&) const = default;
};

struct StateSet {
  std::vector<StackTop> tops;  // sorted, unique; every top can consume a byte
  bool complete = false;       // the root rule may end here
  bool empty() const { return tops.empty() && !complete; }
  bool operator==(const StateSet&) const = default;
};

class StackMachine {
 public:
  explicit StackMachine(const Grammar& grammar);

  const Grammar& grammar() const { return *grammar_; }
  StateSet Initial();
  // Consumes byte `b` from every stack of `in`; `out` gets the closed result
  // (empty when no stack accepts the byte).
  void Step(const StateSet& in, uint8_t b, StateSet* out);
  // The set after popping a stack whose top just finished (used by the mask
  // engine for string bodies): closure of {parent frame of `top`}.
  void ClosePop(const StackTop& top, StateSet* out);
  // Advances one stack by one byte, appending raw successors to `seeds`.
  void StepTop(const StackTop& t, uint8_t b, std::vector<StackTop>* seeds);
  void Close(const std::vector<StackTop>& seeds, StateSet* out);

  // Frame arena.
  struct Frame {
    uint32_t state, aux, parent, depth;
  };
  const Frame& frame(uint32_t id) const { return frames_[id]; }
  uint32_t Depth(uint32_t parent) const { return parent == 0 ? 0 : frames_[parent].depth; }
  size_t arena_size() const { return frames_.size(); }
  const std::string& number_text(uint32_t id) const { return numbers_[id]; }

 private:
  uint32_t Intern(uint32_t state, uint32_t aux, uint32_t parent);
  uint32_t InternNumber(std::string text);

  const Grammar* grammar_;
  std::vector<Frame> frames_;
  std::unordered_map<uint64_t, std::vector<uint32_t>> frame_index_;  // hash -> ids
  std::vector<std::string> numbers_;
  std::unordered_map<std::string, uint32_t> number_index_;
  std::vector<StackTop> seeds_, queue_;
};

}  // namespace dm::decode
