// The fast path's language knowledge that the vehicle catalog does not carry:
// words for switching things on and off, opening and locking, directions and
// amounts of relative changes, extremes, enum values (wiper speeds, air
// directions, media actions ...), colour names, clause connectors, question
// markers and slot patterns for free-text arguments (destinations, contacts,
// message text).
//
// The default lexicon is embedded (lexicon_data.cc, JSON); a car maker can
// replace it with a file of the same format (Lexicon::FromFile).
//
// Contract: every phrase is normalized (normalize.h) when loaded; lookups use
// PhraseMatcher semantics (longest match, ASCII word boundaries).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "intent/phrase_matcher.h"
#include "util/status.h"

namespace dm::intent {

// What a "verb" word asks for.
enum class Cue {
  kOn,        // switch on / open / start / enable
  kOff,       // switch off / close / stop / disable
  kLock,      // lock / engage
  kUnlock,    // unlock / release
  kFold,      // fold (mirrors)
  kUnfold,    // unfold
  kUp,        // relative increase (warmer, louder, higher, 大一点)
  kDown,      // relative decrease
  kMax,       // to the maximum
  kMin,       // to the minimum
  kSetTo,     // "调到", "set ... to": an absolute value follows
  kABit,      // "一点", "a bit": small amount
  kQuestion,  // "吗", "is the ...": a question, not a command
  kCount
};

const char* CueName(Cue cue);

// A slot pattern: text around a free-text argument, e.g. "导航到{place}".
// Literal pieces and argument slots alternate: "给{contact}发短信说{text}" is
// literals {"给", "发短信说", ""} and slots {"contact", "text"}
// (literals.size() == slots.size() + 1). `anchored`: the first literal must
// start the clause (a leading "^" in the pattern).
struct SlotPattern {
  std::string function;
  std::vector<std::string> literals;  // normalized
  std::vector<std::string> slots;
  bool anchored = false;
};

// A feeling and the call that usually helps ("我有点冷" -> warmer by 2°C).
struct Feeling {
  std::string function;
  nlohmann::json arguments;
  std::vector<std::string> words;
};

// A word that moves one numeric argument of a function with several ("座椅往前":
// position up, "座椅调高": height up), in the direction of its values.
struct AxisMove {
  std::string arg;
  bool increase = true;
};

class Lexicon {
 public:
  // The embedded default.
  static const Lexicon& Default();
  static Result<Lexicon> FromJson(const nlohmann::json& doc);
  static Result<Lexicon> FromFile(const std::string& path);

  // Cue words: payload = static_cast<int>(Cue).
  const PhraseMatcher& cues() const { return cues_; }
  // Enum value words: payload = index into enum_values().
  const PhraseMatcher& enum_words() const { return enum_words_; }
  const std::vector<std::string>& enum_values() const { return enum_values_; }
  // Colour names: payload = index into colors() ("#RRGGBB").
  const PhraseMatcher& color_words() const { return color_words_; }
  const std::vector<std::string>& colors() const { return colors_; }
  // Clause connectors ("然后", "and then", ","): payload 1 strong, 0 weak
  // (a weak connector splits only when the right side carries content).
  const PhraseMatcher& connectors() const { return connectors_; }
  const std::vector<SlotPattern>& slot_patterns() const { return slot_patterns_; }
  // The first feeling named in `clause` (normalized), if any.
  const Feeling* FeelingIn(std::string_view clause) const;
  const std::vector<Feeling>& feelings() const { return feelings_; }
  // Words that carry no meaning for slot text ("please", "吧") trimmed from slot ends.
  const std::vector<std::string>& slot_trim() const { return slot_trim_; }
  // Argument names that a boolean cue (on/off, lock/unlock) sets, in preference order.
  const std::vector<std::string>& on_args() const { return on_args_; }
  const std::vector<std::string>& lock_args() const { return lock_args_; }
  const std::vector<std::string>& fold_args() const { return fold_args_; }
  // Enum values an on / off cue selects when a function has no boolean argument.
  const std::vector<std::string>& on_values() const { return on_values_; }
  const std::vector<std::string>& off_values() const { return off_values_; }
  // Words that turn a signed level negative (seat ventilation rather than heating).
  const PhraseMatcher& negate_words() const { return negate_words_; }
  // Words that set a boolean "on" argument false ("外循环": recirculation off).
  const PhraseMatcher& false_words() const { return false_words_; }
  // Numeric arguments that an on/off cue may set (to the middle level / 0).
  const std::vector<std::string>& on_level_args() const { return on_level_args_; }
  // Axis words in `clause` (normalized), left to right.
  std::vector<AxisMove> AxisMovesIn(std::string_view clause) const;

 private:
  PhraseMatcher cues_, enum_words_, color_words_, connectors_, negate_words_, false_words_;
  std::vector<std::string> enum_values_, colors_, slot_trim_, on_args_, lock_args_, fold_args_, on_values_,
      off_values_, on_level_args_;
  std::vector<SlotPattern> slot_patterns_;
  PhraseMatcher feeling_words_;  // payload: index into feelings_
  PhraseMatcher axis_words_;     // payload: index into axis_moves_
  std::vector<AxisMove> axis_moves_;
  std::vector<Feeling> feelings_;
};

// The embedded default lexicon document.
std::string_view DefaultLexiconJson();

}  // namespace dm::intent
