// GrammarMatcher: the token-level view of a Grammar for one generation.
//
//   FillMask(mask)   which tokens may come next (EOS ids when the grammar is
//                    complete). Computed by walking the vocabulary trie with the
//                    stack set, pruning a subtree at its first rejected byte;
//                    inside an unconstrained JSON string the stack-independent
//                    part comes from TokenIndex's precomputed table, inside a
//                    constrained one from a StringMaskCache; results are also
//                    cached per stack set.
//   Accept(token)    advances (false, state unchanged, when not allowed).
//   Rollback(n)      undoes the last n accepted tokens.
//   IsComplete()     the text so far is a complete sentence (EOS allowed).
//   ForcedTokens()   when exactly one byte sequence can follow, its greedy
//                    tokenization (the caller may append these without running
//                    the model); empty when there is a choice.
//
// Not thread-safe; use one matcher per sequence. The Grammar and TokenIndex
// must outlive it. Matchers of one grammar should share a StringMaskCache
// (built for the same Grammar and TokenIndex), so that each constrained
// string state is walked once rather than once per sequence; without one a
// matcher makes its own.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "decode/grammar.h"
#include "decode/stack_machine.h"
#include "decode/string_mask_cache.h"
#include "decode/token_index.h"
#include "decode/token_mask.h"

namespace dm::decode {

class GrammarMatcher {
 public:
  GrammarMatcher(const Grammar& grammar, const TokenIndex& index,
                 std::shared_ptr<StringMaskCache> strings = nullptr);

  void FillMask(TokenMask* mask);
  bool Accept(int32_t token);
  // Advances by raw bytes (e.g. a forced prefix); false if rejected (unchanged).
  bool AcceptBytes(std::string_view bytes);
  void Rollback(int n);
  bool IsComplete() const { return history_.back().complete; }
  // True after EOS was accepted or when nothing at all can follow.
  bool IsTerminated() const { return terminated_.back() || history_.back().tops.empty(); }
  std::vector<int32_t> ForcedTokens();
  // Bytes that must follow (up to `limit`), before tokenization.
  std::string ForcedBytes(size_t limit = 256);
  void Reset();
  size_t num_accepted() const { return history_.size() - 1; }

 private:
  // Which exit tokens (TokenIndex::exits()) are accepted up to their closing
  // quote: by their character count (unconstrained string with counter) or
  // by a StringMaskCache entry.
  struct ExitFilter {
    uint32_t aux = 0;
    const GrammarRule* rule = nullptr;
    const StringMaskCache::Entry* entry = nullptr;
  };
  // Walks `trie` below `node` from `set`; with `exits`, the trie is the exit
  // trie and its payloads are exit indices.
  void Walk(const ByteTrie& trie, uint32_t node, const StateSet& set, size_t depth, TokenMask* mask,
            const ExitFilter* exits);
  void FastString(const StackTop& top, TokenMask* mask);
  void CachedString(const StackTop& top, TokenMask* mask);
  // The tokens that close the string of `top` and continue after it.
  void WalkExits(const StackTop& top, const ExitFilter& filter, TokenMask* mask);
  bool ExitAllowed(int32_t exit, const ExitFilter& filter) const;
  StateSet& Buffer(size_t depth);

  const Grammar* grammar_;
  const TokenIndex* index_;
  std::shared_ptr<StringMaskCache> strings_;
  StackMachine machine_;
  std::vector<StateSet> history_;
  std::vector<bool> terminated_;
  std::deque<StateSet> buffers_;  // per trie depth; a deque keeps references stable as it grows
  struct CacheEntry {
    StateSet key;
    TokenMask mask;
  };
  std::unordered_map<uint64_t, std::vector<CacheEntry>> cache_;
  size_t cache_size_ = 0;
};

}  // namespace dm::decode
