#include "decode/json_string.h"

#include <algorithm>
#include <map>

namespace dm::decode {
namespace {

int Encode(uint32_t cp, uint8_t* out) {
  if (cp < 0x80) {
    out[0] = static_cast<uint8_t>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<uint8_t>(0xC0 | (cp >> 6));
    out[1] = static_cast<uint8_t>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<uint8_t>(0xE0 | (cp >> 12));
    out[1] = static_cast<uint8_t>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<uint8_t>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<uint8_t>(0xF0 | (cp >> 18));
  out[1] = static_cast<uint8_t>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<uint8_t>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<uint8_t>(0x80 | (cp & 0x3F));
  return 4;
}

// Splits the same-length encodings a..b (lexicographically ordered) into
// byte-range sequences.
void Split(ByteSeq prefix, const uint8_t* a, const uint8_t* b, int n, std::vector<ByteSeq>& out) {
  if (n == 1) {
    prefix.emplace_back(a[0], b[0]);
    out.push_back(std::move(prefix));
    return;
  }
  if (a[0] == b[0]) {
    prefix.emplace_back(a[0], a[0]);
    Split(std::move(prefix), a + 1, b + 1, n - 1, out);
    return;
  }
  static const uint8_t kMin[4] = {0x80, 0x80, 0x80, 0x80};
  static const uint8_t kMax[4] = {0xBF, 0xBF, 0xBF, 0xBF};
  bool a_min = true, b_max = true;
  for (int i = 1; i < n; ++i) {
    a_min = a_min && a[i] == 0x80;
    b_max = b_max && b[i] == 0xBF;
  }
  int lead_lo = a[0], lead_hi = b[0];
  if (!a_min) {
    ByteSeq p = prefix;
    p.emplace_back(a[0], a[0]);
    Split(std::move(p), a + 1, kMax, n - 1, out);
    ++lead_lo;
  }
  if (!b_max) --lead_hi;
  if (lead_lo <= lead_hi) {
    ByteSeq p = prefix;
    p.emplace_back(static_cast<uint8_t>(lead_lo), static_cast<uint8_t>(lead_hi));
    for (int i = 1; i < n; ++i) p.emplace_back(0x80, 0xBF);
    out.push_back(std::move(p));
  }
  if (!b_max) {
    ByteSeq p = prefix;
    p.emplace_back(b[0], b[0]);
    Split(std::move(p), kMin, b + 1, n - 1, out);
  }
}

}  // namespace

std::vector<ByteSeq> Utf8Sequences(uint32_t lo, uint32_t hi) {
  std::vector<ByteSeq> out;
  static const uint32_t kBreaks[][2] = {
      {0, 0x7F}, {0x80, 0x7FF}, {0x800, 0xD7FF}, {0xE000, 0xFFFF}, {0x10000, 0x10FFFF}};
  for (const auto& br : kBreaks) {
    const uint32_t a = std::max(lo, br[0]), b = std::min(hi, br[1]);
    if (a > b) continue;
    uint8_t ea[4], eb[4];
    const int n = Encode(a, ea);
    Encode(b, eb);
    Split({}, ea, eb, n, out);
  }
  return out;
}

uint32_t BuildStringRule(Grammar& g, const CharDfa& dfa, uint32_t min_len, uint32_t max_len,
                         std::string name) {
  const uint32_t rule = g.AddRule(std::move(name), min_len, max_len);
  const bool counted = min_len > 0 || max_len != kNoLimit;
  const uint8_t first = counted && max_len != kNoLimit ? kBelowMax : 0;
  const uint8_t last = counted ? kInc : 0;
  const uint32_t end = g.AddState(rule);
  g.SetFinal(end);
  std::vector<uint32_t> body(dfa.states.size());
  for (auto& b : body) b = g.AddState(rule);
  g.AddBytes(g.rule(rule).start, '"', '"', body[0]);
  // Fewest characters from each DFA state to acceptance (kNoLimit: never), so
  // a bounded string never enters a state it cannot finish within max_len.
  std::vector<uint32_t> dist(dfa.states.size(), kNoLimit);
  for (size_t q = 0; q < dfa.states.size(); ++q) {
    if (dfa.states[q].accept) dist[q] = 0;
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t q = 0; q < dfa.states.size(); ++q) {
      for (const CharRange& r : dfa.states[q].next) {
        const uint32_t d = dist[static_cast<size_t>(r.target)];
        if (d != kNoLimit && d + 1 < dist[q]) {
          dist[q] = d + 1;
          changed = true;
        }
      }
    }
  }
  auto bound_to = [&](int32_t target) -> uint32_t {
    if (max_len == kNoLimit) return kNoLimit;
    const uint32_t d = dist[static_cast<size_t>(target)];
    return d == kNoLimit || d > max_len ? 0 : max_len - d;
  };
  // A state that accepts and loops on every character behaves exactly like an
  // unconstrained string from here on (e.g. the tail of an unanchored pattern,
  // or an additional-property key that no longer matches a declared name).
  bool total = !counted;
  for (size_t q = 0; q < dfa.states.size() && total; ++q) {
    const auto& nx = dfa.states[q].next;
    total = dist[q] != kNoLimit && !nx.empty() && nx.front().lo == 0 && nx.back().hi == kMaxCodepoint;
    for (size_t i = 1; i < nx.size() && total; ++i) total = nx[i].lo == nx[i - 1].hi + 1;
  }
  for (size_t q = 0; q < dfa.states.size(); ++q) {
    const auto& st = dfa.states[q];
    g.state(body[q]).string_char = true;
    if (total) g.state(body[q]).string_inside_any = true;
    if (st.accept && st.next.size() == 1 && st.next[0].lo == 0 && st.next[0].hi == kMaxCodepoint &&
        st.next[0].target == static_cast<int32_t>(q)) {
      g.state(body[q]).string_body = true;
    }
  }

  // Adds a path of byte ranges from `from` to `to` (guard on the first byte,
  // counter increment on the last).
  auto add_path = [&](uint32_t from, const ByteSeq& seq, uint32_t to, uint32_t bound) {
    uint32_t cur = from;
    for (size_t i = 0; i < seq.size(); ++i) {
      const bool is_last = i + 1 == seq.size();
      const uint32_t next = is_last ? to : g.AddState(rule);
      uint8_t flags = 0;
      if (i == 0) flags |= first;
      if (is_last) flags |= last;
      g.AddBytes(cur, seq[i].first, seq[i].second, next, flags, i == 0 ? bound : kNoLimit);
      cur = next;
    }
  };

  for (size_t q = 0; q < dfa.states.size(); ++q) {
    const uint32_t bq = body[q];
    if (dfa.states[q].accept) g.AddBytes(bq, '"', '"', end, counted ? kAtLeastMin : 0);
    uint32_t esc = 0;  // after '\'
    std::map<uint32_t, uint32_t> u3;  // third hex digit ('0'/'1') -> state
    uint32_t u00 = 0;                 // after \u00
    size_t esc_edge = 0;  // index of the '\' edge in bq's byte edges
    // The '\' edge admits the most permissive bound of the escapes after it.
    auto escape_state = [&](uint32_t bound) {
      if (esc == 0) {
        esc = g.AddState(rule);
        esc_edge = g.state(bq).bytes.size();
        g.AddBytes(bq, '\\', '\\', esc, first, 0);
      }
      ByteEdge& e = g.state(bq).bytes[esc_edge];
      e.bound = std::max(e.bound, bound);
      return esc;
    };
    for (const CharRange& r : dfa.states[q].next) {
      const uint32_t to = body[static_cast<size_t>(r.target)];
      const uint32_t bound = bound_to(r.target);
      // Raw characters: >= 0x20, not '"' or '\'.
      const uint32_t raw_lo = std::max<uint32_t>(r.lo, 0x20);
      if (raw_lo <= r.hi) {
        std::vector<std::pair<uint32_t, uint32_t>> parts;
        uint32_t a = raw_lo;
        for (uint32_t cut : {uint32_t{'"'}, uint32_t{'\\'}}) {
          if (cut >= a && cut <= r.hi) {
            if (cut > a) parts.emplace_back(a, cut - 1);
            a = cut + 1;
          }
        }
        if (a <= r.hi) parts.emplace_back(a, r.hi);
        for (auto [lo, hi] : parts) {
          for (const ByteSeq& seq : Utf8Sequences(lo, hi)) add_path(bq, seq, to, bound);
        }
      }
      // Escapes.
      static const std::pair<uint32_t, char> kShort[] = {
          {'"', '"'}, {'\\', '\\'}, {'/', '/'}, {0x08, 'b'}, {0x0C, 'f'}, {0x0A, 'n'}, {0x0D, 'r'}, {0x09, 't'}};
      for (auto [cp, letter] : kShort) {
        if (cp >= r.lo && cp <= r.hi) {
          g.AddBytes(escape_state(bound), static_cast<uint8_t>(letter), static_cast<uint8_t>(letter), to, last | first, bound);
        }
      }
      for (uint32_t cp = r.lo; cp <= std::min<uint32_t>(r.hi, 0x1F); ++cp) {
        const uint32_t e = escape_state(bound);
        auto& s3 = u3[cp >> 4];
        if (s3 == 0) {
          if (u00 == 0) {
            const uint32_t u1 = g.AddState(rule);
            g.AddBytes(e, 'u', 'u', u1);
            u00 = g.AddLiteral(u1, "00");
          }
          s3 = g.AddState(rule);
          const auto d = static_cast<uint8_t>('0' + (cp >> 4));
          g.AddBytes(u00, d, d, s3);
        }
        const uint32_t low = cp & 0xF;
        const char hex_lower = "0123456789abcdef"[low];
        const char hex_upper = "0123456789ABCDEF"[low];
        g.AddBytes(s3, static_cast<uint8_t>(hex_lower), static_cast<uint8_t>(hex_lower), to, last | first, bound);
        if (hex_upper != hex_lower) {
          g.AddBytes(s3, static_cast<uint8_t>(hex_upper), static_cast<uint8_t>(hex_upper), to, last | first, bound);
        }
      }
    }
  }
  return rule;
}

}  // namespace dm::decode
