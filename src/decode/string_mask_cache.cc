#include "decode/string_mask_cache.h"

#include <algorithm>

#include "util/status.h"

namespace dm::decode {

std::shared_ptr<const StringMaskCache::Entry> StringMaskCache::Get(uint32_t state, uint32_t aux) {
  const uint64_t key = uint64_t{state} << 32 | aux;
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = entries_.find(key); it != entries_.end()) return it->second;
  if (entries_.size() >= kMaxEntries) entries_.clear();
  auto entry = Compute(state, aux);
  entries_.emplace(key, entry);
  return entry;
}

size_t StringMaskCache::size() {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

const StringMaskCache::ByteTable& StringMaskCache::Table(uint32_t state) {
  if (tables_.empty()) tables_.resize(grammar_->num_states());
  std::unique_ptr<ByteTable>& t = tables_[state];
  if (t == nullptr) {
    t = std::make_unique<ByteTable>();
    t->fill(0);
    const std::vector<ByteEdge>& edges = grammar_->state(state).bytes;
    DM_CHECK(edges.size() < kSeveral);
    for (size_t i = 0; i < edges.size(); ++i) {
      for (int b = edges[i].lo; b <= edges[i].hi; ++b) {
        uint16_t& slot = (*t)[static_cast<size_t>(b)];
        slot = slot == 0 ? static_cast<uint16_t>(i + 1) : kSeveral;
      }
    }
  }
  return *t;
}

std::shared_ptr<const StringMaskCache::Entry> StringMaskCache::Compute(uint32_t state, uint32_t aux) {
  DM_CHECK(grammar_->state(state).string_char);
  auto entry = std::make_shared<Entry>();
  entry->inside.Resize(index_->vocab().size());
  entry->exit_ok.assign((index_->exits().size() + 63) / 64, 0);
  std::vector<std::vector<Position>> buffers(1);
  buffers[0].emplace_back(state, aux);
  if (grammar_->state(state).string_inside_any) {
    entry->inside.Or(index_->InsideMask(TokenIndex::kCumulative));  // no length bound (see grammar.h)
    Walk(index_->quote_trie(), 0, 0, buffers, entry.get());
  } else {
    Walk(index_->trie(), 0, 0, buffers, entry.get());
  }
  return entry;
}

void StringMaskCache::Walk(const ByteTrie& trie, uint32_t node, size_t depth,
                           std::vector<std::vector<Position>>& buffers, Entry* entry) {
  if (buffers.size() <= depth + 1) buffers.emplace_back();
  const bool vocabulary = &trie == &index_->trie();
  const int32_t* all_ends = trie.ends(trie.node(0));
  const TrieNode& n = trie.node(node);
  for (uint32_t k = 0; k < n.num_children; ++k) {
    const uint32_t child = n.first_child + k;
    const TrieNode& c = trie.node(child);
    std::vector<Position>& next = buffers[depth + 1];
    next.clear();
    bool closed = false;  // some position took the closing quote
    bool any_tail = false;
    for (auto [s, aux] : buffers[depth]) {
      const uint16_t slot = Table(s)[c.byte];
      if (slot == 0) continue;
      const GrammarState& st = grammar_->state(s);
      const GrammarRule& rule = grammar_->rule(st.rule);
      const size_t first = slot == kSeveral ? 0 : slot - 1u;
      const size_t last = slot == kSeveral ? st.bytes.size() : slot;
      for (size_t i = first; i < last; ++i) {
        const ByteEdge& e = st.bytes[i];
        if (c.byte < e.lo || c.byte > e.hi || (e.flags && !rule.Allows(e.flags, aux, e.bound))) continue;
        const GrammarState& to = grammar_->state(e.target);
        if (to.final && to.bytes.empty()) {
          closed = true;
          continue;
        }
        const Position p{e.target, rule.Advance(e.flags, aux)};
        if (std::find(next.begin(), next.end(), p) == next.end()) next.push_back(p);
        any_tail = any_tail || to.string_inside_any;
      }
    }
    if (closed) {
      // Every token at or below `child` closes the string here.
      for (uint32_t i = c.ends_begin; i < c.subtree_end; ++i) {
        const int32_t exit = vocabulary ? index_->ExitIndex(all_ends[i]) : all_ends[i];
        DM_CHECK(exit >= 0);
        entry->exit_ok[static_cast<size_t>(exit) >> 6] |= uint64_t{1} << (exit & 63);
      }
    }
    if (next.empty()) continue;
    if (vocabulary && any_tail && index_->SubtreeInsideString(child)) {
      for (uint32_t i = c.ends_begin; i < c.subtree_end; ++i) entry->inside.Set(all_ends[i]);
      continue;
    }
    // (Quote-trie entries all end at their closing quote, handled above.)
    if (vocabulary) {
      for (uint32_t i = c.ends_begin; i < c.ends_end; ++i) entry->inside.Set(all_ends[i]);
    }
    if (c.num_children > 0) Walk(trie, child, depth + 1, buffers, entry);
  }
}

}  // namespace dm::decode
