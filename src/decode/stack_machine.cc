#include "decode/stack_machine.h"

#include <algorithm>

namespace dm::decode {

StackMachine::StackMachine(const Grammar& grammar) : grammar_(&grammar) {
  frames_.push_back({0, 0, 0, 0});  // id 0: the empty stack
  numbers_.emplace_back();          // id 0: no number text yet
  number_index_.emplace("", 0);
}

uint32_t StackMachine::Intern(uint32_t state, uint32_t aux, uint32_t parent) {
  uint64_t h = state;
  h = h * 0x9E3779B97F4A7C15ull ^ aux;
  h = h * 0x9E3779B97F4A7C15ull ^ parent;
  auto& bucket = frame_index_[h];
  for (uint32_t id : bucket) {
    const Frame& f = frames_[id];
    if (f.state == state && f.aux == aux && f.parent == parent) return id;
  }
  frames_.push_back({state, aux, parent, Depth(parent) + 1});
  const auto id = static_cast<uint32_t>(frames_.size() - 1);
  bucket.push_back(id);
  return id;
}

uint32_t StackMachine::InternNumber(std::string text) {
  auto [it, inserted] = number_index_.emplace(text, static_cast<uint32_t>(numbers_.size()));
  if (inserted) numbers_.push_back(std::move(text));
  return it->second;
}

StateSet StackMachine::Initial() {
  std::vector<StackTop> seeds{{grammar_->rule(grammar_->root()).start, 0, 0}};
  StateSet out;
  Close(seeds, &out);
  return out;
}

void StackMachine::StepTop(const StackTop& t, uint8_t b, std::vector<StackTop>* seeds) {
  const GrammarState& st = grammar_->state(t.state);
  if (st.number >= 0) {
    std::string text = numbers_[t.aux];
    text.push_back(static_cast<char>(b));
    if (grammar_->number(st.number).PrefixViable(text)) {
      seeds->push_back({t.state, InternNumber(std::move(text)), t.parent});
    }
    return;
  }
  const GrammarRule& rule = grammar_->rule(st.rule);
  for (const ByteEdge& e : st.bytes) {
    if (b < e.lo || b > e.hi) continue;
    if (e.flags && !rule.Allows(e.flags, t.aux, e.bound)) continue;
    seeds->push_back({e.target, rule.Advance(e.flags, t.aux), t.parent});
  }
}

void StackMachine::Step(const StateSet& in, uint8_t b, StateSet* out) {
  seeds_.clear();
  for (const StackTop& t : in.tops) StepTop(t, b, &seeds_);
  if (seeds_.empty()) {
    out->tops.clear();
    out->complete = false;
    return;
  }
  Close(seeds_, out);
}

void StackMachine::ClosePop(const StackTop& top, StateSet* out) {
  std::vector<StackTop> seeds;
  if (top.parent == 0) {
    out->tops.clear();
    out->complete = true;
    return;
  }
  const Frame& f = frames_[top.parent];
  seeds.push_back({f.state, f.aux, f.parent});
  Close(seeds, out);
}

void StackMachine::Close(const std::vector<StackTop>& seeds, StateSet* out) {
  out->tops.clear();
  out->complete = false;
  // `queue_` holds every top ever queued (linear dedup stops epsilon cycles).
  queue_.clear();
  auto enqueue = [&](const StackTop& t) {
    for (const StackTop& w : queue_) {
      if (w == t) return;
    }
    queue_.push_back(t);
  };
  for (const StackTop& t : seeds) enqueue(t);
  for (size_t head = 0; head < queue_.size(); ++head) {
    const StackTop t = queue_[head];
    const GrammarState& st = grammar_->state(t.state);
    const GrammarRule& rule = grammar_->rule(st.rule);
    bool can_pop = st.final;
    if (st.number >= 0) {
      out->tops.push_back(t);
      can_pop = grammar_->number(st.number).Complete(numbers_[t.aux]);
    } else if (!st.bytes.empty()) {
      out->tops.push_back(t);
    }
    for (uint32_t e : st.eps) enqueue({e, t.aux, t.parent});
    for (const CallEdge& c : st.calls) {
      if (c.flags && !rule.Allows(c.flags, t.aux)) continue;
      if (Depth(t.parent) + 1 >= kMaxStackDepth) continue;
      const uint32_t parent = Intern(c.ret, rule.Advance(c.flags, t.aux), t.parent);
      enqueue({grammar_->rule(c.rule).start, 0, parent});
    }
    if (can_pop) {
      if (t.parent == 0) {
        out->complete = true;
      } else {
        const Frame f = frames_[t.parent];
        enqueue({f.state, f.aux, f.parent});
      }
    }
  }
  if (out->tops.size() > 1) {
    std::sort(out->tops.begin(), out->tops.end());
    out->tops.erase(std::unique(out->tops.begin(), out->tops.end()), out->tops.end());
  }
}

}  // namespace dm::decode
