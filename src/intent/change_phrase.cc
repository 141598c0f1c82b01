#include "intent/change_phrase.h"

#include <algorithm>
#include <array>
#include <string_view>

#include <fmt/format.h>

#include "intent/replies.h"

namespace dm::intent {
namespace {

using Json = nlohmann::json;

// Cuts a descriptive label at its first colon or parenthesis, either width.
std::string ShortLabel(std::string label) {
  for (const char* stop : {"：", ":", "（", "(", "，", ","}) {
    const size_t at = label.find(stop);
    if (at != std::string::npos) label.resize(at);
  }
  while (!label.empty() && label.back() == ' ') label.pop_back();
  return label;
}

// The function's name without its verb: "车窗开关" -> "车窗", "设置空调温度" ->
// "空调温度", "Open/close windows" -> "windows", "Set fan speed" -> "fan speed".
std::string Noun(const std::string& name, bool zh) {
  std::string n = ShortLabel(name);
  if (zh) {
    for (std::string_view verb : {"设置", "调节", "开关"}) {
      if (n.starts_with(verb) && n.size() > verb.size()) n.erase(0, verb.size());
    }
    if (n.ends_with("开关") && n.size() > 6) n.resize(n.size() - 6);
    return n;
  }
  for (std::string_view verb : {"Open/close ", "Lock/unlock ", "Set ", "Move ", "Recline "}) {
    if (n.starts_with(verb)) n.erase(0, verb.size());
  }
  for (std::string_view tail : {" on/off", " switch"}) {
    if (n.ends_with(tail)) n.resize(n.size() - tail.size());
  }
  if (!n.empty() && n[0] >= 'A' && n[0] <= 'Z' && !(n.size() > 1 && n[1] >= 'A' && n[1] <= 'Z')) n[0] += 'a' - 'A';
  return n;
}

// "windows" -> "window" when one place is named ("the front passenger window").
std::string Singular(std::string noun) {
  if (noun.ends_with("s") && !noun.ends_with("ss")) noun.pop_back();
  return noun;
}

// A label that only restates "on" for a switch ("开启", "light on"): the
// noun says it all. English labels lose a trailing " on" ("compressor on").
std::string SwitchLabel(std::string label, bool zh) {
  static constexpr std::array<std::string_view, 10> kOn = {"开启", "打开", "打开/关闭", "开灯", "系统开启", "on",
                                                          "enabled", "open", "open (true) or close (false)", "engaged"};
  for (std::string_view w : kOn) {
    if (label == w) return "";
  }
  if (!zh && label.ends_with(" on")) label.resize(label.size() - 3);
  return label;
}

// The last word (English) or last character (two or more bytes of UTF-8,
// Chinese) of a name: "cabin temperature" -> "temperature", "空调温度" -> "度".
std::string_view Tail(std::string_view text, bool zh) {
  if (zh) return text.size() >= 6 ? text.substr(text.size() - 6) : text;
  const size_t space = text.rfind(' ');
  return space == std::string_view::npos ? text : text.substr(space + 1);
}

// The label without the part the noun ends with: "座椅按摩" + "按摩强度" ->
// "强度", "seat massage" + "massage intensity" -> "intensity".
std::string DropOverlap(const std::string& noun, const std::string& label, bool zh) {
  for (size_t k = std::min(noun.size(), label.size()); k > 0; --k) {
    const bool boundary = zh ? k % 3 == 0 : (k < label.size() && label[k] == ' ');
    if (!boundary || !noun.ends_with(std::string_view(label).substr(0, k))) continue;
    if (!zh && k < noun.size() && noun[noun.size() - k - 1] != ' ') continue;
    return label.substr(zh ? k : k + 1);
  }
  return label;
}

// Who and what a signal is, e.g. {"副驾", "车窗", ""} or
// {"driver", "cabin temperature", ""}; `kind` picks the verbs of a switch.
struct Subject {
  enum class Switch { kOnOff, kOpenClose, kLock, kFold };
  std::string place, noun, label;
  Switch kind = Switch::kOnOff;
  bool found = false;
};

Subject FindSubject(const vehicle::Catalog& catalog, const std::string& path, bool zh) {
  Subject s;
  const std::optional<vehicle::PathWriter> writer = catalog.WriterOf(path);
  if (!writer) {
    s.noun = path.substr(path.rfind('.') + 1);
    return s;
  }
  const vehicle::FunctionSpec& fn = *writer->fn;
  s.noun = Noun(zh ? fn.zh.name : fn.en.name, zh);
  for (const auto& inst : fn.instances) {
    auto it = writer->instances.find(inst.arg);
    if (it == writer->instances.end() || inst.options.ids.size() < 2) continue;
    // An inline qualifier at its default ("the whole seat") goes unsaid.
    if (!inst.multi() && inst.default_value.is_string() && inst.default_value == it->second) continue;
    const vehicle::InstanceId* id = inst.options.FindId(it->second);
    if (!id) continue;
    std::string name = zh ? id->name.zh : id->name.en;
    // "front passenger door" -> "front passenger": the noun names the thing.
    const std::string& kind = inst.options.label.en;
    std::string last(" ");
    last += kind.substr(kind.rfind(' ') + 1);
    if (!zh && name.ends_with(last)) name.resize(name.size() - last.size());
    // "后" + "后备箱": the noun already says where.
    if (zh && s.noun.starts_with(name)) continue;
    if (!zh && !s.place.empty()) s.place += ' ';
    s.place += name;
  }
  if (!zh && !s.place.empty()) s.noun = Singular(s.noun);
  std::string label = SwitchLabel(ShortLabel(zh ? writer->arg->label.zh : writer->arg->label.en), zh);
  if (label.find("锁") != std::string::npos || label.find("lock") != std::string::npos) {
    s.kind = Subject::Switch::kLock;
    label.clear();
  } else if (label == "折叠" || label == "folded") {
    s.kind = Subject::Switch::kFold;
    label.clear();
  } else if (!zh && (s.noun.find("window") != std::string::npos || s.noun.find("door") != std::string::npos ||
                     s.noun == "trunk" || s.noun == "hood")) {
    s.kind = Subject::Switch::kOpenClose;
  }
  // "座椅位置" + "高度" -> "座椅高度": a generic "位置"/"position" gives way to
  // a label that says which one.
  const std::string generic = zh ? "位置" : " position";
  if (!label.empty() && s.noun.ends_with(generic) && Tail(label, zh) != Tail(s.noun, zh)) {
    s.noun.resize(s.noun.size() - generic.size());
  }
  // The label adds to the noun unless it repeats it ("cabin temperature"
  // + "target temperature", "空调温度" + "目标温度").
  if (!label.empty() && s.noun.find(label) == std::string::npos && Tail(label, zh) != Tail(s.noun, zh)) {
    s.label = DropOverlap(s.noun, label, zh);
  }
  s.found = true;
  return s;
}

std::string What(const Subject& s, const std::string& places, bool several, bool zh) {
  // "左后视镜" + "外后视镜", "倒车灯" + "其他外部灯": the place already names
  // the thing when it ends in the same character.
  if (zh) {
    const std::string_view last_char = std::string_view(s.noun).substr(s.noun.size() >= 3 ? s.noun.size() - 3 : 0);
    return places + (s.place.ends_with(last_char) ? "" : s.noun) + s.label;
  }
  std::string out = places;
  const std::string noun = several && !s.place.empty() && !s.noun.ends_with("s") ? s.noun + "s" : s.noun;
  for (const std::string* part : {&noun, &s.label}) {
    if (part->empty()) continue;
    if (!out.empty()) out += ' ';
    out += *part;
  }
  return out;
}

// "主驾、副驾" / "driver and front passenger" / "a, b and c".
std::string JoinPlaces(const std::vector<std::string>& places, bool zh) {
  std::string out;
  for (size_t i = 0; i < places.size(); ++i) {
    if (i > 0) out += zh ? "、" : (i + 1 == places.size() ? " and " : ", ");
    out += places[i];
  }
  return out;
}

std::string SwitchVerb(Subject::Switch kind, bool on, bool zh) {
  using K = Subject::Switch;
  switch (kind) {
    case K::kLock: return zh ? (on ? "锁上" : "解锁") : (on ? "locked" : "unlocked");
    case K::kFold: return zh ? (on ? "折叠" : "展开") : (on ? "folded" : "unfolded");
    case K::kOpenClose: return zh ? (on ? "打开" : "关闭") : (on ? "opened" : "closed");
    case K::kOnOff: break;
  }
  return zh ? (on ? "打开" : "关闭") : (on ? "turned on" : "turned off");
}

// The function that appends to the list at `path` ("create_reminder" for
// Reminders.Items), or null.
const vehicle::FunctionSpec* AppenderOf(const vehicle::Catalog& catalog, const std::string& path) {
  for (const vehicle::FunctionSpec& fn : catalog.functions()) {
    for (const vehicle::AppendWrite& a : fn.appends) {
      if (a.path_template == path) return &fn;
    }
  }
  return nullptr;
}

// "已创建提醒：…" / "create reminder: …" for each entry of `to` not in `from`.
void PhraseAppends(const vehicle::Catalog& catalog, const SignalValue& v, bool zh, std::vector<std::string>* out) {
  const vehicle::FunctionSpec* fn = AppenderOf(catalog, v.path);
  const std::string name = fn ? (zh ? fn->zh.name : Noun(fn->en.name, false)) : v.path.substr(v.path.rfind('.') + 1);
  for (const Json& item : v.value) {
    if (v.from.is_array() && std::find(v.from.begin(), v.from.end(), item) != v.from.end()) continue;
    const std::string text = item.is_string() ? item.get<std::string>() : item.dump();
    out->push_back(zh ? fmt::format("已{}：{}", name, text) : fmt::format("{}: {}", name, text));
  }
}

// One clause per run of values that differ only in their place.
std::vector<std::string> Phrase(const vehicle::Catalog& catalog, const std::vector<SignalValue>& values, bool zh,
                                bool reading) {
  struct Group {
    Subject subject;
    std::string value_text;
    bool is_switch = false, on = false;
    std::vector<std::string> places;
  };
  std::vector<Group> groups;
  const std::string lang = zh ? "zh" : "en";
  std::vector<std::string> clauses;
  for (const SignalValue& v : values) {
    if (!reading && v.value.is_array()) {
      PhraseAppends(catalog, v, zh, &clauses);
      continue;
    }
    Group g;
    g.subject = FindSubject(catalog, v.path, zh);
    g.value_text = FormatValue(v.value, v.unit, lang);
    g.is_switch = !reading && g.subject.found && v.value.is_boolean();
    g.on = g.is_switch && v.value.get<bool>();
    Group* same = groups.empty() ? nullptr : &groups.back();
    if (same && same->subject.noun == g.subject.noun && same->subject.label == g.subject.label &&
        same->value_text == g.value_text && !g.subject.place.empty() && !same->places.empty()) {
      same->places.push_back(g.subject.place);
      continue;
    }
    if (!g.subject.place.empty()) g.places.push_back(g.subject.place);
    groups.push_back(std::move(g));
  }
  for (const Group& g : groups) {
    const bool several = g.places.size() > 1;
    const std::string what = What(g.subject, JoinPlaces(g.places, zh), several, zh);
    if (g.is_switch) {
      const std::string verb = SwitchVerb(g.subject.kind, g.on, zh);
      clauses.push_back(zh ? fmt::format("已{}{}", verb, what) : fmt::format("{} the {}", verb, what));
    } else if (reading) {
      clauses.push_back(zh ? fmt::format("{}{}为{}", what, several ? "都" : "", g.value_text)
                           : fmt::format("{} {} {}", what, several ? "are" : "is", g.value_text));
    } else {
      clauses.push_back(zh ? fmt::format("{}{}调到{}", what, several ? "都" : "", g.value_text)
                           : fmt::format("{} set to {}", what, g.value_text));
    }
  }
  return clauses;
}

}  // namespace

std::string SignalName(const vehicle::Catalog& catalog, const std::string& path, bool zh) {
  const Subject s = FindSubject(catalog, path, zh);
  return What(s, s.place, false, zh);
}

std::vector<std::string> PhraseChanges(const vehicle::Catalog& catalog, const std::vector<SignalValue>& changes,
                                       bool zh) {
  return Phrase(catalog, changes, zh, false);
}

std::vector<std::string> PhraseReadings(const vehicle::Catalog& catalog, const std::vector<SignalValue>& readings,
                                        bool zh) {
  return Phrase(catalog, readings, zh, true);
}

}  // namespace dm::intent
