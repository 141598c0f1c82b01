#include "intent/call_builder.h"

#include <algorithm>
#include <cmath>

namespace dm::intent {
namespace {

using Json = nlohmann::json;

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

Json NumberJson(const ArgInfo& arg, double v) {
  if (arg.integer) return static_cast<int64_t>(std::llround(v));
  if (v == std::floor(v) && std::fabs(v) < 1e9) return static_cast<int64_t>(v);
  return v;
}

// The argument a quantity with `unit` sets.
const ArgInfo* ArgForUnit(const FunctionInfo& fn, NumberUnit unit) {
  const ArgInfo* primary = fn.PrimaryNumber();
  for (const ArgInfo& a : fn.args) {
    if (a.kind != ArgKind::kNumber) continue;
    if (unit == NumberUnit::kCelsius && a.unit == "Celsius") return &a;
    if (unit == NumberUnit::kPercent && a.unit == "percent") return &a;
    if (unit == NumberUnit::kLevel && a.Levels() > 0) return &a;
  }
  if (unit == NumberUnit::kCelsius) return nullptr;  // a temperature never sets a non-temperature
  return primary;
}

// The value of "level n" on an argument with discrete steps.
double LevelValue(const ArgInfo& arg, double n) {
  int levels = arg.Levels();
  if (levels <= 0) return n;
  return std::round(*arg.maximum * n / levels);
}

// The value "on" means for a numeric argument with no boolean: the middle level.
double OnValue(const ArgInfo& arg) {
  int levels = arg.Levels();
  if (levels > 0) return LevelValue(arg, std::ceil(levels / 2.0));
  if (arg.maximum) return *arg.maximum;
  return 1;
}

double OffValue(const ArgInfo& arg) {
  if (arg.minimum && *arg.minimum > 0) return *arg.minimum;
  return 0;
}

bool Signed(const ArgInfo& arg) { return arg.minimum && *arg.minimum < 0; }

}  // namespace

void FillInstances(const FunctionInfo& fn, const ClauseFrame& frame, CallCandidate* out) {
  for (const InstanceInfo& inst : fn.instances) {
    std::vector<std::string> ids;
    std::vector<int> options;
    for (const PhraseMatch& m : inst.matcher.FindAll(frame.text)) {
      int payload = (*m.payloads)[0];
      const std::string& id = inst.option_ids[payload];
      if (!Contains(ids, id)) {
        ids.push_back(id);
        options.push_back(payload);
      }
    }
    if (ids.empty()) continue;
    if (ids.size() > 1) {
      // "left rear": places that narrow each other stand for their intersection.
      std::vector<std::string> common = inst.members[options[0]];
      for (size_t i = 1; i < options.size(); ++i) {
        std::vector<std::string> next;
        for (const auto& id : common) {
          if (Contains(inst.members[options[i]], id)) next.push_back(id);
        }
        common = std::move(next);
      }
      if (!common.empty()) ids = common;
    }
    out->place_named = true;
    if (ids.size() == 1 || !inst.spec->multi()) {
      out->arguments[inst.arg] = ids.front();
    } else {
      out->arguments[inst.arg] = ids;
    }
  }
}

namespace {

// Sets a relative change or an absolute value on a numeric argument.
bool FillNumber(const ArgInfo& arg, const ClauseFrame& frame, const NumberMention* number, CallCandidate* out) {
  const bool up = frame.Has(Cue::kUp), down = frame.Has(Cue::kDown);
  if (number) {
    double v = number->value;
    if (number->unit == NumberUnit::kLevel && arg.Levels() > 0) v = (up || down) ? v * *arg.step : LevelValue(arg, v);
    if ((up || down) && arg.step && !(up && down)) {
      out->arguments[arg.name + "_adjust"] = up ? "increase" : "decrease";
      out->arguments[arg.name + "_by"] = NumberJson(arg, v);
    } else {
      if (frame.negate && Signed(arg)) v = -v;
      out->arguments[arg.name] = NumberJson(arg, v);
    }
    return true;
  }
  const bool to_max = frame.Has(Cue::kMax), to_min = frame.Has(Cue::kMin);
  if (to_max || to_min) {
    bool toward_max = to_max;
    if (frame.negate && Signed(arg)) toward_max = !toward_max;
    if (arg.step) {
      out->arguments[arg.name + "_adjust"] = toward_max ? "max" : "min";
    } else if (toward_max ? arg.maximum.has_value() : arg.minimum.has_value()) {
      out->arguments[arg.name] = NumberJson(arg, toward_max ? *arg.maximum : *arg.minimum);
    } else {
      return false;
    }
    return true;
  }
  if ((up != down) && arg.step) {
    out->arguments[arg.name + "_adjust"] = up ? "increase" : "decrease";
    return true;
  }
  return false;
}

}  // namespace

CallCandidate BuildCall(const FunctionInfo& fn, int index, const ClauseFrame& frame, const Lexicon& lexicon) {
  CallCandidate out;
  out.function = index;
  FillInstances(fn, frame, &out);

  // 0. A word that moves one argument of several ("座椅往前": position, "座椅调高":
  // height, not whichever numeric argument comes first), by a bare number
  // when one is given.
  for (const AxisMove& move : lexicon.AxisMovesIn(frame.text)) {
    const ArgInfo* arg = fn.Find(move.arg);
    if (!arg || arg->kind != ArgKind::kNumber || !arg->step) continue;
    out.arguments[arg->name + "_adjust"] = move.increase ? "increase" : "decrease";
    if (!frame.numbers.empty() && frame.numbers.front().unit == NumberUnit::kNone) {
      out.arguments[arg->name + "_by"] = NumberJson(*arg, frame.numbers.front().value);
    }
    out.evidence = frame.numbers.empty() ? Evidence::kCue : Evidence::kExplicit;
    return out;
  }
  // 1. A quantity.
  for (const NumberMention& n : frame.numbers) {
    const ArgInfo* arg = ArgForUnit(fn, n.unit);
    if (arg && FillNumber(*arg, frame, &n, &out)) {
      out.evidence = Evidence::kExplicit;
      out.from_quantity = n.unit != NumberUnit::kNone;
      return out;
    }
  }
  // 2. An enum word the function accepts.
  for (const auto& value : frame.enum_values) {
    for (const ArgInfo& a : fn.args) {
      if (a.kind == ArgKind::kEnum && Contains(a.enum_values, value.value)) {
        out.arguments[a.name] = value.value;
        out.evidence = Evidence::kExplicit;
        out.enum_word_bytes = value.bytes;
        return out;
      }
    }
  }
  // 3. A colour.
  if (frame.color) {
    for (const ArgInfo& a : fn.args) {
      if (a.kind == ArgKind::kString && a.pattern && a.name.find("color") != std::string::npos) {
        out.arguments[a.name] = *frame.color;
        out.evidence = Evidence::kExplicit;
        return out;
      }
    }
  }
  // 4. Lock / fold cues on their boolean arguments; words that mean "off" for a
  // boolean ("外循环" for recirculation).
  auto set_bool = [&](const std::vector<std::string>& names, bool value) {
    for (const std::string& name : names) {
      const ArgInfo* a = fn.Find(name);
      if (a && a->kind == ArgKind::kBoolean) {
        out.arguments[name] = value;
        out.evidence = Evidence::kCue;
        return true;
      }
    }
    return false;
  };
  if (frame.Has(Cue::kLock) != frame.Has(Cue::kUnlock) && set_bool(lexicon.lock_args(), frame.Has(Cue::kLock))) return out;
  if (frame.false_word && set_bool(lexicon.on_args(), false)) return out;
  if (frame.Has(Cue::kFold) != frame.Has(Cue::kUnfold) && set_bool(lexicon.fold_args(), frame.Has(Cue::kFold))) return out;
  // 5. Relative changes and extremes on the primary number.
  if (const ArgInfo* primary = fn.PrimaryNumber()) {
    if ((frame.Has(Cue::kUp) || frame.Has(Cue::kDown) || frame.Has(Cue::kMax) || frame.Has(Cue::kMin)) &&
        FillNumber(*primary, frame, nullptr, &out)) {
      out.evidence = Evidence::kCue;
      return out;
    }
  }
  // 6. On / off.
  const bool on = frame.Has(Cue::kOn), off = frame.Has(Cue::kOff);
  if (on != off) {
    if (set_bool(lexicon.on_args(), on)) return out;
    for (const ArgInfo& a : fn.args) {
      if (a.kind != ArgKind::kEnum) continue;
      for (const std::string& v : on ? lexicon.on_values() : lexicon.off_values()) {
        if (Contains(a.enum_values, v)) {
          out.arguments[a.name] = v;
          out.evidence = Evidence::kCue;
          return out;
        }
      }
    }
    const ArgInfo* primary = fn.PrimaryNumber();
    if (primary && Contains(lexicon.on_level_args(), primary->name)) {
      double v = on ? OnValue(*primary) : OffValue(*primary);
      if (on && frame.negate && Signed(*primary)) v = -v;
      out.arguments[primary->name] = NumberJson(*primary, v);
      out.evidence = Evidence::kCue;
      return out;
    }
  }
  // 7. An action whose arguments are all optional acts on its alias alone
  // ("播放音乐", "挂断电话") — unless it takes free text from a slot pattern
  // (navigation, calls, messages, reminders need their destination/contact/text).
  bool any_required_value = false;
  for (const std::string& r : fn.spec->required) {
    if (fn.Find(r)) any_required_value = true;
  }
  bool slot_function = false;
  for (const SlotPattern& p : lexicon.slot_patterns()) slot_function = slot_function || p.function == fn.spec->name;
  if (fn.spec->kind == vehicle::FunctionKind::kAction && !any_required_value && !slot_function) {
    out.evidence = Evidence::kAliasOnly;
    return out;
  }
  // Nothing to set: name what is missing.
  for (const std::string& r : fn.spec->required) {
    if (fn.Find(r) && !out.arguments.contains(r)) {
      out.missing_arg = r;
      break;
    }
  }
  if (out.missing_arg.empty() && !fn.args.empty()) {
    const ArgInfo* primary = fn.PrimaryNumber();
    out.missing_arg = primary ? primary->name : fn.args.front().name;
  }
  return out;
}

}  // namespace dm::intent
