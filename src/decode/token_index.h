// TokenIndex: per-vocabulary structures the mask engine walks, built once per
// vocabulary and shared (read-only) by every matcher and grammar:
//   - a byte trie over all grammar-visible tokens (children contiguous, so a
//     walk that rejects a byte skips the whole subtree);
//   - the JSON-string table: how each token behaves when it starts at the
//     character boundary of an unconstrained JSON string (json_string.h): it
//     stays inside the string (needing `need` more characters of budget), it
//     leaves the string after `count` characters with a closing quote (and the
//     rest of its bytes follow the string), or it is invalid there.
//     "Inside" tokens do not depend on the grammar stack, so their mask is a
//     precomputed bitset; only the few hundred "exit" tokens are walked, through
//     a trie of their bytes after the quote.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "decode/token_mask.h"
#include "decode/token_vocabulary.h"

namespace dm::decode {

struct TrieNode {
  uint32_t first_child = 0;
  uint32_t num_children = 0;
  uint32_t ends_begin = 0, ends_end = 0;  // payloads of the tokens ending here
  uint32_t subtree_end = 0;               // ends_[ends_begin, subtree_end): every token at or below
  uint16_t max_below = 0;                 // longest byte suffix of a token below this node
  uint8_t byte = 0;
};

// A byte trie whose nodes carry integer payloads (token ids or table indices).
class ByteTrie {
 public:
  // entries: (bytes, payload); empty byte strings are ignored.
  void Build(std::vector<std::pair<std::string, int32_t>> entries);
  const TrieNode& node(uint32_t i) const { return nodes_[i]; }
  const int32_t* ends(const TrieNode& n) const { return ends_.data() + n.ends_begin; }
  size_t num_nodes() const { return nodes_.size(); }

 private:
  void BuildNode(uint32_t node, const std::vector<std::pair<std::string, int32_t>>& e, size_t lo, size_t hi,
                 size_t depth);
  std::vector<TrieNode> nodes_;
  std::vector<int32_t> ends_;
};

class TokenIndex {
 public:
  explicit TokenIndex(const TokenVocabulary& vocab);

  const TokenVocabulary& vocab() const { return *vocab_; }
  const ByteTrie& trie() const { return trie_; }
  // True when every token strictly below trie node `n`, continued from the
  // character boundary of an unconstrained JSON string, stays inside the
  // string (valid UTF-8 / escapes, no closing quote): the mask engine then
  // accepts the whole subtree without walking it.
  bool SubtreeInsideString(uint32_t n) const { return inside_subtree_[n]; }

  // JSON string table.
  struct ExitToken {
    int32_t token;
    uint32_t count;  // characters before the closing quote
  };
  static constexpr uint32_t kCumulative = 32;
  // Inside tokens whose need <= budget (budget = max_len - chars so far).
  const TokenMask& InsideMask(uint32_t budget) const {
    return budget >= kCumulative ? inside_all_ : inside_by_need_[budget];
  }
  // Inside tokens needing more than kCumulative characters.
  const std::vector<std::pair<int32_t, uint32_t>>& long_inside() const { return long_inside_; }
  uint32_t max_need() const { return max_need_; }
  const ByteTrie& exit_trie() const { return exit_trie_; }  // payload: index into exits()
  // The exit tokens' bytes up to and including the closing quote (payload:
  // index into exits()).
  const ByteTrie& quote_trie() const { return quote_trie_; }
  const std::vector<ExitToken>& exits() const { return exits_; }
  // Exit tokens whose bytes end right at the quote.
  const std::vector<int32_t>& exits_at_quote() const { return exits_at_quote_; }
  // Index into exits() of `token`, or -1 when it is not an exit token.
  int32_t ExitIndex(int32_t token) const { return exit_of_token_[static_cast<size_t>(token)]; }

 private:
  const TokenVocabulary* vocab_;
  ByteTrie trie_;
  std::vector<bool> inside_subtree_;
  TokenMask inside_all_;
  std::vector<TokenMask> inside_by_need_;
  std::vector<std::pair<int32_t, uint32_t>> long_inside_;
  uint32_t max_need_ = 0;
  ByteTrie exit_trie_;
  ByteTrie quote_trie_;
  std::vector<ExitToken> exits_;
  std::vector<int32_t> exits_at_quote_;
  std::vector<int32_t> exit_of_token_;
};

}  // namespace dm::decode
