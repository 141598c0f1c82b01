#include "decode/token_index.h"

#include <algorithm>

namespace dm::decode {

void ByteTrie::Build(std::vector<std::pair<std::string, int32_t>> entries) {
  std::erase_if(entries, [](const auto& e) { return e.first.empty(); });
  std::sort(entries.begin(), entries.end());
  nodes_.assign(1, TrieNode{});
  ends_.clear();
  BuildNode(0, entries, 0, entries.size(), 0);
  // Children have larger indices than their parent: fill bottom-up.
  for (size_t i = nodes_.size(); i-- > 0;) {
    TrieNode& n = nodes_[i];
    n.subtree_end = n.ends_end;
    n.max_below = 0;
    for (uint32_t k = 0; k < n.num_children; ++k) {
      const TrieNode& c = nodes_[n.first_child + k];
      n.subtree_end = std::max(n.subtree_end, c.subtree_end);
      n.max_below = std::max<uint16_t>(n.max_below, static_cast<uint16_t>(c.max_below + 1));
    }
  }
}

void ByteTrie::BuildNode(uint32_t node, const std::vector<std::pair<std::string, int32_t>>& e, size_t lo,
                         size_t hi, size_t depth) {
  size_t i = lo;
  nodes_[node].ends_begin = static_cast<uint32_t>(ends_.size());
  while (i < hi && e[i].first.size() == depth) ends_.push_back(e[i++].second);
  nodes_[node].ends_end = static_cast<uint32_t>(ends_.size());
  std::vector<std::pair<size_t, size_t>> groups;
  while (i < hi) {
    const char b = e[i].first[depth];
    size_t j = i;
    while (j < hi && e[j].first[depth] == b) ++j;
    groups.emplace_back(i, j);
    i = j;
  }
  const auto first = static_cast<uint32_t>(nodes_.size());
  nodes_[node].first_child = first;
  nodes_[node].num_children = static_cast<uint32_t>(groups.size());
  nodes_.resize(nodes_.size() + groups.size());
  for (size_t k = 0; k < groups.size(); ++k) {
    const uint32_t child = first + static_cast<uint32_t>(k);
    nodes_[child].byte = static_cast<uint8_t>(e[groups[k].first].first[depth]);
    BuildNode(child, e, groups[k].first, groups[k].second, depth + 1);
  }
}

namespace {

// The unconstrained JSON string automaton of json_string.h, from the
// character boundary. Returns false if the byte is invalid.
enum StrState : uint8_t { kS, kC1, kC2, kC3, kE0, kED, kF0, kF4, kEsc, kU1, kU2, kU3, kU4 };

bool StringStep(StrState& s, uint8_t b, bool* char_done) {
  *char_done = false;
  auto cont = [&](uint8_t lo, uint8_t hi, StrState next) {
    if (b < lo || b > hi) return false;
    s = next;
    *char_done = next == kS;
    return true;
  };
  switch (s) {
    case kS:
      if (b >= 0x20 && b < 0x80 && b != '"' && b != '\\') return *char_done = true, true;
      if (b == '\\') return s = kEsc, true;
      if (b >= 0xC2 && b <= 0xDF) return s = kC1, true;
      if (b == 0xE0) return s = kE0, true;
      if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) return s = kC2, true;
      if (b == 0xED) return s = kED, true;
      if (b == 0xF0) return s = kF0, true;
      if (b >= 0xF1 && b <= 0xF3) return s = kC3, true;
      if (b == 0xF4) return s = kF4, true;
      return false;
    case kC1: return cont(0x80, 0xBF, kS);
    case kC2: return cont(0x80, 0xBF, kC1);
    case kC3: return cont(0x80, 0xBF, kC2);
    case kE0: return cont(0xA0, 0xBF, kC1);
    case kED: return cont(0x80, 0x9F, kC1);
    case kF0: return cont(0x90, 0xBF, kC2);
    case kF4: return cont(0x80, 0x8F, kC2);
    case kEsc:
      if (b == '"' || b == '\\' || b == '/' || b == 'b' || b == 'f' || b == 'n' || b == 'r' || b == 't') {
        s = kS;
        *char_done = true;
        return true;
      }
      if (b == 'u') return s = kU1, true;
      return false;
    case kU1: return cont('0', '0', kU2);
    case kU2: return cont('0', '0', kU3);
    case kU3: return cont('0', '1', kU4);
    case kU4:
      if ((b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F')) {
        s = kS;
        *char_done = true;
        return true;
      }
      return false;
  }
  return false;
}

}  // namespace

TokenIndex::TokenIndex(const TokenVocabulary& vocab) : vocab_(&vocab) {
  const int32_t n = vocab.size();
  std::vector<std::pair<std::string, int32_t>> entries;
  entries.reserve(static_cast<size_t>(n));
  for (int32_t id = 0; id < n; ++id) {
    if (!vocab.IsSpecial(id)) entries.emplace_back(vocab.TokenBytes(id), id);
  }
  trie_.Build(entries);
  // okmask[n]: string states s from which every suffix below n stays inside.
  {
    const size_t nn = trie_.num_nodes();
    std::vector<uint16_t> ok(nn, 0);
    constexpr int kStates = kU4 + 1;
    for (size_t i = nn; i-- > 0;) {
      const TrieNode& n = trie_.node(static_cast<uint32_t>(i));
      uint16_t m = (1u << kStates) - 1;
      for (uint32_t k = 0; k < n.num_children && m; ++k) {
        const TrieNode& c = trie_.node(n.first_child + k);
        for (int st = 0; st < kStates; ++st) {
          if (!(m >> st & 1)) continue;
          StrState s = static_cast<StrState>(st);
          bool done = false;
          if ((s == kS && c.byte == '"') || !StringStep(s, c.byte, &done) || !(ok[n.first_child + k] >> s & 1)) {
            m &= static_cast<uint16_t>(~(1u << st));
          }
        }
      }
      ok[i] = m;
    }
    inside_subtree_.resize(nn);
    for (size_t i = 0; i < nn; ++i) inside_subtree_[i] = ok[i] & 1;  // bit kS
  }

  inside_all_.Resize(n);
  exit_of_token_.assign(static_cast<size_t>(n), -1);
  inside_by_need_.assign(kCumulative, TokenMask(n));
  std::vector<std::pair<std::string, int32_t>> exit_entries, quote_entries;
  for (const auto& [bytes, id] : entries) {
    StrState s = kS;
    uint32_t count = 0;
    bool ok = true;
    size_t quote = std::string::npos;
    for (size_t i = 0; i < bytes.size(); ++i) {
      const auto b = static_cast<uint8_t>(bytes[i]);
      if (s == kS && b == '"') {
        quote = i;
        break;
      }
      bool done = false;
      if (!StringStep(s, b, &done)) {
        ok = false;
        break;
      }
      count += done ? 1 : 0;
    }
    if (!ok) continue;
    if (quote != std::string::npos) {
      const auto idx = static_cast<int32_t>(exits_.size());
      exits_.push_back({id, count});
      exit_of_token_[static_cast<size_t>(id)] = idx;
      quote_entries.emplace_back(bytes.substr(0, quote + 1), idx);
      if (quote + 1 == bytes.size()) {
        exits_at_quote_.push_back(idx);
      } else {
        exit_entries.emplace_back(bytes.substr(quote + 1), idx);
      }
      continue;
    }
    const uint32_t need = count + (s != kS ? 1 : 0);
    inside_all_.Set(id);
    max_need_ = std::max(max_need_, need);
    if (need >= kCumulative) {
      long_inside_.emplace_back(id, need);
    } else {
      for (uint32_t b = need; b < kCumulative; ++b) inside_by_need_[b].Set(id);
    }
  }
  exit_trie_.Build(std::move(exit_entries));
  quote_trie_.Build(std::move(quote_entries));
}

}  // namespace dm::decode
