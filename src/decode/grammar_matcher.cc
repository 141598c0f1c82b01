#include "decode/grammar_matcher.h"

#include <algorithm>

#include "util/status.h"

namespace dm::decode {
namespace {

constexpr size_t kMaxCacheEntries = 512;

uint64_t HashSet(const StateSet& s) {
  uint64_t h = s.complete ? 0x51ed27 : 0x1234567;
  for (const StackTop& t : s.tops) {
    h = (h ^ t.state) * 0x9E3779B97F4A7C15ull;
    h = (h ^ t.aux) * 0x9E3779B97F4A7C15ull;
    h = (h ^ t.parent) * 0x9E3779B97F4A7C15ull;
  }
  return h;
}

}  // namespace

GrammarMatcher::GrammarMatcher(const Grammar& grammar, const TokenIndex& index,
                               std::shared_ptr<StringMaskCache> strings)
    : grammar_(&grammar),
      index_(&index),
      strings_(strings ? std::move(strings) : std::make_shared<StringMaskCache>(grammar, index)),
      machine_(grammar) {
  DM_CHECK(&strings_->grammar() == grammar_ && &strings_->index() == index_);
  Reset();
}

void GrammarMatcher::Reset() {
  history_.assign(1, machine_.Initial());
  terminated_.assign(1, false);
}

StateSet& GrammarMatcher::Buffer(size_t depth) {
  while (buffers_.size() <= depth) buffers_.emplace_back();
  return buffers_[depth];
}

bool GrammarMatcher::ExitAllowed(int32_t exit, const ExitFilter& filter) const {
  if (filter.entry != nullptr) return filter.entry->ExitOk(exit);
  const uint64_t total = uint64_t{filter.aux} + index_->exits()[static_cast<size_t>(exit)].count;
  if (filter.rule->max_count != kNoLimit && total > filter.rule->max_count) return false;
  if (filter.rule->min_count > 0 && total < filter.rule->min_count) return false;
  return true;
}

void GrammarMatcher::Walk(const ByteTrie& trie, uint32_t node, const StateSet& set, size_t depth, TokenMask* mask,
                          const ExitFilter* exits) {
  const TrieNode& n = trie.node(node);
  for (uint32_t k = 0; k < n.num_children; ++k) {
    const TrieNode& c = trie.node(n.first_child + k);
    StateSet& next = Buffer(depth + 1);
    machine_.Step(set, c.byte, &next);
    if (next.empty()) continue;
    if (exits == nullptr && index_->SubtreeInsideString(n.first_child + k)) {
      // Some stack is inside a string where every character run stays viable,
      // and no token below leaves the string: the whole subtree is allowed
      // (the mask is a union over stacks, so the other stacks add nothing).
      bool bulk = false;
      for (const StackTop& t : next.tops) {
        const GrammarState& st = grammar_->state(t.state);
        if (st.string_inside_any) {
          bulk = true;
          break;
        }
        if (st.string_body) {
          const GrammarRule& r = grammar_->rule(st.rule);
          if (r.max_count == kNoLimit || uint64_t{t.aux} + c.max_below < r.max_count) {
            bulk = true;
            break;
          }
        }
      }
      if (bulk) {
        for (uint32_t e = c.ends_begin; e < c.subtree_end; ++e) mask->Set(trie.ends(trie.node(0))[e]);
        continue;
      }
    }
    for (const int32_t* p = trie.ends(c); p != trie.ends(c) + (c.ends_end - c.ends_begin); ++p) {
      if (exits == nullptr) {
        mask->Set(*p);
      } else if (ExitAllowed(*p, *exits)) {
        mask->Set(index_->exits()[static_cast<size_t>(*p)].token);
      }
    }
    if (c.num_children > 0 && !next.tops.empty()) {
      Walk(trie, n.first_child + k, Buffer(depth + 1), depth + 1, mask, exits);
    }
  }
}

void GrammarMatcher::WalkExits(const StackTop& top, const ExitFilter& filter, TokenMask* mask) {
  StateSet& popped = Buffer(0);
  machine_.ClosePop(top, &popped);
  if (popped.empty()) return;
  const auto& exits = index_->exits();
  for (int32_t idx : index_->exits_at_quote()) {
    if (ExitAllowed(idx, filter)) mask->Set(exits[static_cast<size_t>(idx)].token);
  }
  if (!popped.tops.empty()) Walk(index_->exit_trie(), 0, popped, 0, mask, &filter);
}

void GrammarMatcher::FastString(const StackTop& top, TokenMask* mask) {
  const GrammarRule& rule = grammar_->rule(grammar_->state(top.state).rule);
  const uint64_t budget = rule.max_count == kNoLimit ? UINT64_MAX : rule.max_count - std::min(rule.max_count, top.aux);
  const TokenMask& inside = index_->InsideMask(budget >= TokenIndex::kCumulative ? TokenIndex::kCumulative
                                                                                  : static_cast<uint32_t>(budget));
  mask->Or(inside);
  if (budget >= TokenIndex::kCumulative && budget < index_->max_need()) {
    for (auto [id, need] : index_->long_inside()) {
      if (need > budget) mask->Reset(id);
    }
  }
  WalkExits(top, {.aux = top.aux, .rule = &rule}, mask);
}

void GrammarMatcher::CachedString(const StackTop& top, TokenMask* mask) {
  const std::shared_ptr<const StringMaskCache::Entry> entry = strings_->Get(top.state, top.aux);
  mask->Or(entry->inside);
  WalkExits(top, {.entry = entry.get()}, mask);
}

void GrammarMatcher::FillMask(TokenMask* mask) {
  const int32_t n = index_->vocab().size();
  if (mask->size() != n) mask->Resize(n);
  mask->ClearAll();
  if (terminated_.back()) return;
  const StateSet& cur = history_.back();
  if (cur.complete) {
    for (int32_t id : index_->vocab().eos()) mask->Set(id);
  }
  if (cur.tops.empty()) return;
  const uint64_t h = HashSet(cur);
  if (auto it = cache_.find(h); it != cache_.end()) {
    for (const CacheEntry& e : it->second) {
      if (e.key == cur) {
        mask->Or(e.mask);
        return;
      }
    }
  }
  TokenMask computed(n);
  // The mask of a set of stacks is the union of each stack's mask: string
  // bodies use the table, the other stacks one trie walk together.
  StateSet rest;
  for (const StackTop& t : cur.tops) {
    const GrammarState& st = grammar_->state(t.state);
    if (st.string_body) {
      FastString(t, &computed);
    } else if (st.string_char) {
      CachedString(t, &computed);
    } else {
      rest.tops.push_back(t);
    }
  }
  if (!rest.tops.empty()) Walk(index_->trie(), 0, rest, 0, &computed, nullptr);
  mask->Or(computed);
  if (cache_size_ >= kMaxCacheEntries) {
    cache_.clear();
    cache_size_ = 0;
  }
  cache_[h].push_back({cur, std::move(computed)});
  ++cache_size_;
}

bool GrammarMatcher::AcceptBytes(std::string_view bytes) {
  if (terminated_.back()) return false;
  StateSet cur = history_.back();
  StateSet next;
  for (char c : bytes) {
    machine_.Step(cur, static_cast<uint8_t>(c), &next);
    if (next.empty()) return false;
    std::swap(cur, next);
  }
  history_.push_back(std::move(cur));
  terminated_.push_back(false);
  return true;
}

bool GrammarMatcher::Accept(int32_t token) {
  const TokenVocabulary& vocab = index_->vocab();
  if (token < 0 || token >= vocab.size() || terminated_.back()) return false;
  if (vocab.IsEos(token)) {
    if (!history_.back().complete) return false;
    history_.push_back(history_.back());
    terminated_.push_back(true);
    return true;
  }
  if (vocab.IsSpecial(token)) return false;
  const std::string& bytes = vocab.TokenBytes(token);
  if (bytes.empty()) return false;
  return AcceptBytes(bytes);
}

void GrammarMatcher::Rollback(int n) {
  for (int i = 0; i < n && history_.size() > 1; ++i) {
    history_.pop_back();
    terminated_.pop_back();
  }
}

std::string GrammarMatcher::ForcedBytes(size_t limit) {
  std::string forced;
  if (terminated_.back()) return forced;
  StateSet cur = history_.back();
  StateSet next, only;
  while (forced.size() < limit && !cur.complete && !cur.tops.empty()) {
    int count = 0;
    uint8_t byte = 0;
    for (int b = 0; b < 256 && count < 2; ++b) {
      machine_.Step(cur, static_cast<uint8_t>(b), &next);
      if (!next.empty()) {
        ++count;
        byte = static_cast<uint8_t>(b);
        only = next;
      }
    }
    if (count != 1) break;
    forced.push_back(static_cast<char>(byte));
    std::swap(cur, only);
  }
  return forced;
}

std::vector<int32_t> GrammarMatcher::ForcedTokens() {
  const std::string forced = ForcedBytes();
  std::vector<int32_t> tokens;
  const ByteTrie& trie = index_->trie();
  size_t i = 0;
  while (i < forced.size()) {
    uint32_t node = 0;
    int32_t best = -1;
    size_t best_len = 0;
    for (size_t j = i; j < forced.size(); ++j) {
      const TrieNode& n = trie.node(node);
      uint32_t found = 0;
      for (uint32_t k = 0; k < n.num_children; ++k) {
        if (trie.node(n.first_child + k).byte == static_cast<uint8_t>(forced[j])) {
          found = n.first_child + k;
          break;
        }
      }
      if (found == 0) break;
      node = found;
      const TrieNode& f = trie.node(found);
      if (f.ends_end > f.ends_begin) {
        best = trie.ends(f)[0];
        best_len = j - i + 1;
      }
    }
    if (best < 0) break;
    tokens.push_back(best);
    i += best_len;
  }
  return tokens;
}

}  // namespace dm::decode
