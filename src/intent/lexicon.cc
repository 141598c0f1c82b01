#include "intent/lexicon.h"

#include <fstream>
#include <sstream>

#include "intent/normalize.h"

namespace dm::intent {
namespace {

struct CueName {
  const char* key;
  Cue cue;
};
constexpr CueName kCueKeys[] = {
    {"on", Cue::kOn},     {"off", Cue::kOff},       {"lock", Cue::kLock},     {"unlock", Cue::kUnlock},
    {"fold", Cue::kFold}, {"unfold", Cue::kUnfold}, {"up", Cue::kUp},         {"down", Cue::kDown},
    {"max", Cue::kMax},   {"min", Cue::kMin},       {"set_to", Cue::kSetTo},  {"a_bit", Cue::kABit},
    {"question", Cue::kQuestion},
};

Status StringList(const nlohmann::json& doc, const char* key, std::vector<std::string>* out) {
  auto it = doc.find(key);
  if (it == doc.end()) return Status::Ok();
  if (!it->is_array()) return InvalidArgument("lexicon: /{} must be an array of strings", key);
  for (const auto& v : *it) {
    if (!v.is_string()) return InvalidArgument("lexicon: /{} must be an array of strings", key);
    out->push_back(v.get<std::string>());
  }
  return Status::Ok();
}

// Normalizes a literal but keeps one space at an edge where the original had
// whitespace: "navigate to " must be followed by a word boundary.
std::string NormalizeLiteral(std::string_view raw) {
  std::string out = NormalizeUtterance(raw);
  bool lead = !raw.empty() && raw.front() == ' ';
  bool trail = !raw.empty() && raw.back() == ' ';
  if (out.empty()) return (lead || trail) ? " " : "";
  std::string result;
  result.reserve(out.size() + 2);
  if (lead) result.push_back(' ');
  result.append(out);
  if (trail) result.push_back(' ');
  return result;
}

Result<SlotPattern> ParsePattern(const std::string& function, const std::string& raw) {
  SlotPattern p;
  p.function = function;
  std::string_view text = raw;
  if (!text.empty() && text[0] == '^') {
    p.anchored = true;
    text.remove_prefix(1);
  }
  size_t literal_start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') continue;
    size_t close = text.find('}', i);
    if (close == std::string_view::npos) return InvalidArgument("lexicon: slot pattern '{}' has an open brace", raw);
    p.literals.push_back(NormalizeLiteral(text.substr(literal_start, i - literal_start)));
    p.slots.emplace_back(text.substr(i + 1, close - i - 1));
    literal_start = close + 1;
    i = close;
  }
  p.literals.push_back(NormalizeLiteral(text.substr(literal_start)));
  if (p.slots.empty()) return InvalidArgument("lexicon: slot pattern '{}' has no slot", raw);
  return p;
}

}  // namespace

std::vector<AxisMove> Lexicon::AxisMovesIn(std::string_view clause) const {
  std::vector<AxisMove> moves;
  for (const PhraseMatch& m : axis_words_.FindAll(clause)) moves.push_back(axis_moves_[static_cast<size_t>((*m.payloads)[0])]);
  return moves;
}

const char* CueName(Cue cue) {
  for (const auto& c : kCueKeys) {
    if (c.cue == cue) return c.key;
  }
  return "?";
}

Result<Lexicon> Lexicon::FromJson(const nlohmann::json& doc) {
  if (!doc.is_object()) return InvalidArgument("lexicon: the document must be an object");
  Lexicon lex;
  const auto& cues = doc.value("cues", nlohmann::json::object());
  for (const auto& c : kCueKeys) {
    std::vector<std::string> words;
    DM_RETURN_IF_ERROR(StringList(cues, c.key, &words));
    for (const auto& w : words) lex.cues_.Add(w, static_cast<int>(c.cue));
  }
  DM_RETURN_IF_ERROR(StringList(doc, "on_args", &lex.on_args_));
  DM_RETURN_IF_ERROR(StringList(doc, "lock_args", &lex.lock_args_));
  DM_RETURN_IF_ERROR(StringList(doc, "fold_args", &lex.fold_args_));
  DM_RETURN_IF_ERROR(StringList(doc, "on_values", &lex.on_values_));
  DM_RETURN_IF_ERROR(StringList(doc, "off_values", &lex.off_values_));
  DM_RETURN_IF_ERROR(StringList(doc, "slot_trim", &lex.slot_trim_));
  for (auto& t : lex.slot_trim_) t = NormalizeUtterance(t);
  std::vector<std::string> negate;
  DM_RETURN_IF_ERROR(StringList(doc, "negate_words", &negate));
  for (const auto& w : negate) lex.negate_words_.Add(w, 1);
  std::vector<std::string> false_words;
  DM_RETURN_IF_ERROR(StringList(doc, "false_words", &false_words));
  for (const auto& w : false_words) lex.false_words_.Add(w, 1);
  DM_RETURN_IF_ERROR(StringList(doc, "on_level_args", &lex.on_level_args_));
  const nlohmann::json axes = doc.value("axes", nlohmann::json::object());
  for (const auto& [arg, directions] : axes.items()) {
    if (!directions.is_object()) return InvalidArgument("lexicon: /axes/{} must be an object", arg);
    for (const bool increase : {true, false}) {
      std::vector<std::string> words;
      DM_RETURN_IF_ERROR(StringList(directions, increase ? "increase" : "decrease", &words));
      const int id = static_cast<int>(lex.axis_moves_.size());
      lex.axis_moves_.push_back({arg, increase});
      for (const auto& w : words) lex.axis_words_.Add(w, id);
    }
  }
  const nlohmann::json enum_words = doc.value("enum_words", nlohmann::json::object());
  for (const auto& [value, words] : enum_words.items()) {
    int id = static_cast<int>(lex.enum_values_.size());
    lex.enum_values_.push_back(value);
    if (!words.is_array()) return InvalidArgument("lexicon: /enum_words/{} must be an array", value);
    for (const auto& w : words) {
      if (w.is_string()) lex.enum_words_.Add(w.get<std::string>(), id);
    }
  }
  const nlohmann::json colors = doc.value("colors", nlohmann::json::object());
  for (const auto& [value, words] : colors.items()) {
    int id = static_cast<int>(lex.colors_.size());
    lex.colors_.push_back(value);
    if (!words.is_array()) return InvalidArgument("lexicon: /colors/{} must be an array", value);
    for (const auto& w : words) {
      if (w.is_string()) lex.color_words_.Add(w.get<std::string>(), id);
    }
  }
  const auto& conn = doc.value("connectors", nlohmann::json::object());
  std::vector<std::string> strong, weak;
  DM_RETURN_IF_ERROR(StringList(conn, "strong", &strong));
  DM_RETURN_IF_ERROR(StringList(conn, "weak", &weak));
  for (const auto& w : strong) lex.connectors_.Add(w, 1);
  for (const auto& w : weak) lex.connectors_.Add(w, 0);
  const auto& slots = doc.value("slots", nlohmann::json::array());
  for (size_t i = 0; i < slots.size(); ++i) {
    const auto& entry = slots[i];
    if (!entry.is_object() || !entry.contains("function") || !entry["function"].is_string()) {
      return InvalidArgument("lexicon: /slots/{} needs a function name", i);
    }
    std::vector<std::string> patterns;
    DM_RETURN_IF_ERROR(StringList(entry, "patterns", &patterns));
    for (const auto& raw : patterns) {
      DM_ASSIGN_OR_RETURN(SlotPattern p, ParsePattern(entry["function"].get<std::string>(), raw));
      lex.slot_patterns_.push_back(std::move(p));
    }
  }
  const nlohmann::json feelings = doc.value("feelings", nlohmann::json::array());
  for (size_t i = 0; i < feelings.size(); ++i) {
    const auto& f = feelings[i];
    if (!f.is_object() || !f.contains("function") || !f["function"].is_string() || !f.contains("arguments") ||
        !f["arguments"].is_object()) {
      return InvalidArgument("lexicon: /feelings/{} needs a function name and an arguments object", i);
    }
    std::vector<std::string> words;
    DM_RETURN_IF_ERROR(StringList(f, "words", &words));
    int id = static_cast<int>(lex.feelings_.size());
    lex.feelings_.push_back({f["function"].get<std::string>(), f["arguments"], words});
    for (const auto& w : words) lex.feeling_words_.Add(w, id);
  }
  return lex;
}

const Feeling* Lexicon::FeelingIn(std::string_view clause) const {
  auto found = feeling_words_.FindAll(clause);
  if (found.empty()) return nullptr;
  return &feelings_[(*found.front().payloads)[0]];
}

Result<Lexicon> Lexicon::FromFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return IoError("cannot open lexicon {}", path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  nlohmann::json doc = nlohmann::json::parse(buffer.str(), nullptr, false);
  if (doc.is_discarded()) return Corrupt("lexicon {} is not valid JSON", path);
  auto lex = FromJson(doc);
  if (!lex.ok()) return lex.status().WithContext(path);
  return lex;
}

const Lexicon& Lexicon::Default() {
  static const Lexicon* lexicon = [] {
    auto lex = FromJson(nlohmann::json::parse(DefaultLexiconJson()));
    DM_CHECK_MSG(lex.ok(), lex.status().ToString());
    return new Lexicon(std::move(lex).value());
  }();
  return *lexicon;
}

}  // namespace dm::intent
