// StringMaskCache: the stack-independent part of the token mask at a
// character boundary of a constrained JSON string (GrammarState::string_char:
// a format, a pattern, the "any key except the declared ones" of an open
// object), shared by every matcher of one (Grammar, TokenIndex) pair.
//
// From such a boundary a token either
//   - stays inside the string: whether it is allowed depends only on the
//     grammar state and the string rule's counter (the frame's aux), never on
//     the stack below — these tokens form `inside`;
//   - reaches the closing quote: its bytes up to and including the quote
//     depend only on (state, aux) too — `exit_ok` marks the exit tokens
//     (indices into TokenIndex::exits()) whose part up to the quote is
//     accepted; the bytes after the quote depend on the stack, so the matcher
//     walks them through TokenIndex::exit_trie() from the popped stack;
//   - or is rejected.
// An entry is computed on first use by one walk of the vocabulary trie that
// steps the string rule alone (no stack), taking whole subtrees at once where
// every continuation stays inside (TokenIndex::SubtreeInsideString), and is
// then reused by every matcher holding the cache. Where every continuation
// stays viable (GrammarState::string_inside_any, e.g. a key of an open object
// that no longer matches a declared name) `inside` is TokenIndex's table and
// only the exit tokens' bytes up to the quote are walked
// (TokenIndex::quote_trie). Thread-safe. At most
// kMaxEntries entries are kept (the cache is emptied when full; entries
// already handed out stay valid).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "decode/grammar.h"
#include "decode/token_index.h"
#include "decode/token_mask.h"

namespace dm::decode {

class StringMaskCache {
 public:
  static constexpr size_t kMaxEntries = 256;

  struct Entry {
    TokenMask inside;
    std::vector<uint64_t> exit_ok;  // bit i: exits()[i] is accepted up to its closing quote
    bool ExitOk(int32_t i) const { return exit_ok[static_cast<size_t>(i) >> 6] >> (i & 63) & 1; }
  };

  // Both must outlive the cache.
  StringMaskCache(const Grammar& grammar, const TokenIndex& index) : grammar_(&grammar), index_(&index) {}

  const Grammar& grammar() const { return *grammar_; }
  const TokenIndex& index() const { return *index_; }
  // `state` must be flagged string_char.
  std::shared_ptr<const Entry> Get(uint32_t state, uint32_t aux);
  size_t size();

 private:
  using Position = std::pair<uint32_t, uint32_t>;  // (state, aux) inside the string rule
  // Per byte, 1 + the index of the one byte edge of `state` taking it, 0 when
  // none does, kSeveral when several do. Built on first use.
  using ByteTable = std::array<uint16_t, 256>;
  static constexpr uint16_t kSeveral = 0xFFFF;
  const ByteTable& Table(uint32_t state);
  std::shared_ptr<const Entry> Compute(uint32_t state, uint32_t aux);
  // Steps every child of `trie` node `node` from the positions
  // buffers[depth]. `trie` is the vocabulary trie (payload: token id) or the
  // quote trie (payload: exit index).
  void Walk(const ByteTrie& trie, uint32_t node, size_t depth, std::vector<std::vector<Position>>& buffers,
            Entry* entry);

  const Grammar* grammar_;
  const TokenIndex* index_;
  std::mutex mu_;
  std::unordered_map<uint64_t, std::shared_ptr<const Entry>> entries_;
  std::vector<std::unique_ptr<ByteTable>> tables_;  // by state
};

}  // namespace dm::decode
