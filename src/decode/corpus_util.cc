#include "decode/corpus_util.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <fmt/format.h>

#include "decode/grammar_matcher.h"
#include "decode/schema_compiler.h"
#include "util/timer.h"

namespace dm::decode {

using Json = nlohmann::ordered_json;

namespace {

const Json* Deref(const Json* s, const Json& root) {
  for (int hops = 0; hops < 8 && s->is_object() && s->contains("$ref") && (*s)["$ref"].is_string(); ++hops) {
    const std::string ref = (*s)["$ref"].get<std::string>();
    if (ref.empty() || ref[0] != '#') break;
    try {
      const Json::json_pointer ptr(ref.substr(1));
      if (!root.contains(ptr)) break;
      s = &root.at(ptr);
    } catch (...) {
      break;
    }
  }
  return s;
}

// Keeps the CorpusReport::kSlowest slowest masks; `where` is built only for those.
template <typename Where>
void NoteMask(CorpusReport& report, double us, const Where& where) {
  report.mask_us.push_back(us);
  auto& s = report.slowest;
  if (s.size() == CorpusReport::kSlowest && us <= s.back().first) return;
  if (s.size() == CorpusReport::kSlowest) s.pop_back();
  auto at = std::upper_bound(s.begin(), s.end(), us, [](double v, const auto& e) { return v > e.first; });
  s.insert(at, {us, where()});
}

std::string Tail(const std::string& text, size_t n) {
  return text.size() <= n ? text : "..." + text.substr(text.size() - n);
}

}  // namespace

Json OrderLikeSchema(const Json& instance, const Json& schema_in, const Json& root) {
  const Json* schema = Deref(&schema_in, root);
  if (!schema->is_object()) return instance;
  // Follow a single-branch combinator or the first branch declaring properties.
  for (const char* key : {"allOf", "anyOf", "oneOf"}) {
    if (!schema->contains("properties") && schema->contains(key) && (*schema)[key].is_array()) {
      // Prefer the branch whose properties cover the instance's keys.
      const Json* best = nullptr;
      for (const auto& alt : (*schema)[key]) {
        const Json* a = Deref(&alt, root);
        if (!a->is_object() || !(a->contains("properties") || a->contains("items"))) continue;
        bool covers = instance.is_object() && a->contains("properties") && (*a)["properties"].is_object();
        if (covers) {
          for (auto it = instance.begin(); it != instance.end(); ++it) {
            covers = covers && (*a)["properties"].contains(it.key());
            if (covers) {
              const Json* ps = Deref(&(*a)["properties"][it.key()], root);
              if (ps->is_object() && ps->contains("const") && (*ps)["const"] != it.value()) covers = false;
            }
          }
        }
        if (covers || best == nullptr) best = a;
        if (covers) break;
      }
      if (best) return OrderLikeSchema(instance, *best, root);
    }
  }
  if (instance.is_object()) {
    Json out = Json::object();
    static const Json kEmpty = Json::object();
    const Json& props = schema->contains("properties") && (*schema)["properties"].is_object() ? (*schema)["properties"] : kEmpty;
    for (auto it = props.begin(); it != props.end(); ++it) {
      if (instance.contains(it.key())) out[it.key()] = OrderLikeSchema(instance[it.key()], it.value(), root);
    }
    const Json* addl = schema->contains("additionalProperties") ? &(*schema)["additionalProperties"] : nullptr;
    for (auto it = instance.begin(); it != instance.end(); ++it) {
      if (!out.contains(it.key())) out[it.key()] = addl ? OrderLikeSchema(it.value(), *addl, root) : it.value();
    }
    return out;
  }
  if (instance.is_array()) {
    Json out = Json::array();
    const Json* prefix = schema->contains("prefixItems") ? &(*schema)["prefixItems"]
                         : (schema->contains("items") && (*schema)["items"].is_array()) ? &(*schema)["items"]
                                                                                         : nullptr;
    const Json* items = schema->contains("items") && !(*schema)["items"].is_array() ? &(*schema)["items"] : nullptr;
    for (size_t i = 0; i < instance.size(); ++i) {
      if (prefix && i < prefix->size()) {
        out.push_back(OrderLikeSchema(instance[i], (*prefix)[i], root));
      } else if (items) {
        out.push_back(OrderLikeSchema(instance[i], *items, root));
      } else {
        out.push_back(instance[i]);
      }
    }
    return out;
  }
  return instance;
}

std::string SerializeJson(const Json& v, bool spaced) {
  if (v.is_object()) {
    std::string out = "{";
    bool first = true;
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!first) out += spaced ? ", " : ",";
      first = false;
      out += Json(it.key()).dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
      out += spaced ? ": " : ":";
      out += SerializeJson(it.value(), spaced);
    }
    return out + "}";
  }
  if (v.is_array()) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) {
      if (i) out += spaced ? ", " : ",";
      out += SerializeJson(v[i], spaced);
    }
    return out + "]";
  }
  return v.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
}

std::vector<int32_t> GreedyTokenize(const TokenIndex& index, std::string_view text) {
  const ByteTrie& trie = index.trie();
  std::vector<int32_t> out;
  size_t i = 0;
  while (i < text.size()) {
    uint32_t node = 0;
    int32_t best = -1;
    size_t best_len = 0;
    for (size_t j = i; j < text.size(); ++j) {
      const TrieNode& n = trie.node(node);
      // children are sorted by byte: binary search
      uint32_t lo = n.first_child, hi = n.first_child + n.num_children;
      const auto b = static_cast<uint8_t>(text[j]);
      while (lo < hi) {
        const uint32_t mid = (lo + hi) / 2;
        if (trie.node(mid).byte < b) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      if (lo == n.first_child + n.num_children || trie.node(lo).byte != b) break;
      node = lo;
      const TrieNode& f = trie.node(node);
      if (f.ends_end > f.ends_begin) {
        best = trie.ends(f)[0];
        best_len = j - i + 1;
      }
    }
    if (best < 0) return {};
    out.push_back(best);
    i += best_len;
  }
  return out;
}

std::string CorpusReport::Summary() const {
  return fmt::format("schemas {} compiled {} ({:.1f}%) refused {} instances {} checked {} wrong {}", schemas,
                     compiled, schemas ? 100.0 * compiled / schemas : 0.0, refused.size(), instances, checked,
                     wrong.size());
}

CorpusReport RunCorpus(const std::string& dir, const TokenIndex* index, size_t max_files, const TokenizeFn& tokenize) {
  CorpusReport report;
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  if (max_files && files.size() > max_files) files.resize(max_files);
  TokenMask mask;
  for (const std::string& path : files) {
    const std::string name = std::filesystem::path(path).filename().string();
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    Json doc;
    try {
      doc = Json::parse(ss.str());
    } catch (const std::exception& e) {
      report.refused.push_back(name + ": unreadable: " + e.what());
      ++report.schemas;
      continue;
    }
    const bool test_file = doc.is_object() && doc.contains("schema") && doc.contains("tests");
    ++report.schemas;
    const Json& schema = test_file ? doc["schema"] : doc;
    Timer timer;
    auto grammar = CompileJsonSchema(schema);
    report.compile_ms.push_back(timer.Millis());
    if (!grammar.ok()) {
      report.refused.push_back(name + ": " + grammar.status().message());
      continue;
    }
    ++report.compiled;
    std::shared_ptr<StringMaskCache> strings;
    if (index) strings = std::make_shared<StringMaskCache>(*grammar, *index);
    if (!test_file) {
      if (index) {
        // One seeded random constrained generation, timing each mask.
        std::mt19937 rng(static_cast<uint32_t>(report.schemas));
        GrammarMatcher matcher(*grammar, *index, strings);
        for (int step = 0; step < 64 && !matcher.IsTerminated(); ++step) {
          Timer mt;
          matcher.FillMask(&mask);
          NoteMask(report, mt.Micros(), [&] { return fmt::format("{} (generation) @token {}", name, step); });
          const int32_t n = mask.Count();
          if (n == 0) break;
          int32_t pick = static_cast<int32_t>(rng() % static_cast<uint32_t>(n));
          for (int32_t id = 0; id < mask.size(); ++id) {
            if (mask.Test(id) && pick-- == 0) {
              matcher.Accept(id);
              break;
            }
          }
        }
      }
      continue;
    }
    int i = 0;
    for (const auto& t : doc["tests"]) {
      ++report.instances;
      const bool valid = t.value("valid", false);
      const Json ordered = OrderLikeSchema(t["data"], schema, schema);
      for (bool spaced : {false, true}) {
        const std::string text = SerializeJson(ordered, spaced);
        ++report.checked;
        if (grammar->AcceptsBytes(text) != valid) {
          report.wrong.push_back(fmt::format("{} #{} ({}, {}): {}", name, i, valid ? "valid rejected" : "invalid accepted",
                                             spaced ? "spaced" : "compact", text.substr(0, 200)));
        }
      }
      if (index && valid) {
        const std::string text = SerializeJson(ordered, false);
        const std::vector<int32_t> tokens = tokenize ? tokenize(text) : GreedyTokenize(*index, text);
        GrammarMatcher matcher(*grammar, *index, strings);
        bool ok = !tokens.empty();
        std::string before;  // text of the tokens accepted so far
        for (size_t k = 0; k < tokens.size(); ++k) {
          const int32_t tok = tokens[k];
          Timer mt;
          matcher.FillMask(&mask);
          NoteMask(report, mt.Micros(), [&] { return fmt::format("{} #{} @token {}: {}", name, i, k, Tail(before, 60)); });
          before += index->vocab().TokenBytes(tok);
          if (!mask.Test(tok) || !matcher.Accept(tok)) {
            ok = false;
            break;
          }
        }
        if (!ok || !matcher.IsComplete()) {
          report.wrong.push_back(fmt::format("{} #{} (valid rejected token by token): {}", name, i, text.substr(0, 200)));
        }
      }
      ++i;
    }
  }
  return report;
}

}  // namespace dm::decode
