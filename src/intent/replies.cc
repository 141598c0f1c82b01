#include "intent/replies.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include "intent/change_phrase.h"

namespace dm::intent {
namespace {

using Json = nlohmann::json;

const std::string& FunctionName(const vehicle::Catalog& catalog, const std::string& name, bool zh) {
  const vehicle::FunctionSpec* fn = catalog.Find(name);
  if (!fn) return name;
  const std::string& n = zh ? fn->zh.name : fn->en.name;
  return n.empty() ? name : n;
}

std::string Join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

// The first template whose {arg} placeholders `arguments` all gives, filled;
// "" when none fits.
std::string FillDone(const std::vector<std::string>& templates, const Json& arguments) {
  for (const std::string& t : templates) {
    std::string out;
    bool complete = true;
    for (size_t i = 0; i < t.size() && complete; ++i) {
      const size_t close = t[i] == '{' ? t.find('}', i) : std::string::npos;
      if (close == std::string::npos) {
        out += t[i];
        continue;
      }
      auto it = arguments.find(t.substr(i + 1, close - i - 1));
      if (it == arguments.end() || it->is_null() || (it->is_string() && it->get<std::string>().empty())) {
        complete = false;
      } else {
        out += it->is_string() ? it->get<std::string>() : it->dump();
      }
      i = close;
    }
    if (complete) return out;
  }
  return "";
}

bool Named(const auto& list, const std::string& name) {
  return std::any_of(list.begin(), list.end(), [&](const auto& x) { return x.name == name; });
}

// At most four clauses, then "等N项" / "and N more"; English starts upper case.
std::string Sentence(std::vector<std::string> clauses, bool zh, const std::string& lead) {
  const size_t total = clauses.size();
  if (total > 4) {
    clauses.resize(4);
    clauses.push_back(zh ? fmt::format("等{}项", total) : fmt::format("and {} more", total - 4));
  }
  // English templates start upper case; inside a sentence they go lower case
  // ("Playing ..." -> "playing ...", but "I'll ..." stays).
  for (size_t i = 1; i < clauses.size() && !zh; ++i) {
    std::string& c = clauses[i];
    if (c.size() > 1 && std::isupper(static_cast<unsigned char>(c[0])) && std::islower(static_cast<unsigned char>(c[1]))) {
      c[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(c[0])));
    }
  }
  std::string text = lead + Join(clauses, zh ? "，" : ", ") + (zh ? "。" : ".");
  if (!zh && !text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

}  // namespace

std::string FormatValue(const Json& value, const std::string& unit, const std::string& lang) {
  const bool zh = lang == "zh";
  if (value.is_boolean()) return value.get<bool>() ? (zh ? "开" : "on") : (zh ? "关" : "off");
  std::string text;
  if (value.is_number_integer()) {
    text = std::to_string(value.get<int64_t>());
  } else if (value.is_number()) {
    double v = value.get<double>();
    text = std::fabs(v - std::round(v)) < 1e-9 ? fmt::format("{}", static_cast<int64_t>(std::round(v))) : fmt::format("{:.1f}", v);
  } else if (value.is_string()) {
    return value.get<std::string>().empty() ? (zh ? "无" : "none") : value.get<std::string>();
  } else {
    return value.dump();
  }
  if (unit == "Celsius") return text + (zh ? "度" : "°C");
  if (unit == "degrees") return text + (zh ? "度" : "°");
  if (unit == "mm") return text + (zh ? "毫米" : " mm");
  if (unit == "percent") return text + "%";
  if (unit == "km/h") return text + " km/h";
  if (!unit.empty()) return text + " " + unit;
  return text;
}

std::string ComposeReply(const TurnFacts& f, const vehicle::Catalog& catalog) {
  const bool zh = f.lang == "zh";
  std::vector<std::string> sentences;
  // In call order: an action with a reply template ("开始导航去北京西站")
  // speaks for the signals it writes; another call's changes are phrased
  // from the catalog; changes no call claims (motion, side effects) last.
  std::vector<std::string> clauses;
  std::vector<bool> said(f.changes.size(), false);
  auto phrase_changes = [&](const vehicle::FunctionSpec* owner) {
    std::vector<SignalValue> changes;
    for (size_t i = 0; i < f.changes.size(); ++i) {
      const vehicle::Change& c = f.changes[i];
      if (said[i] || (owner && catalog.SetterOf(c.path) != owner)) continue;
      said[i] = true;
      const auto* spec = catalog.signals().Find(c.path);
      changes.push_back({c.path, c.to, spec ? spec->unit : "", c.from});
    }
    for (std::string& clause : PhraseChanges(catalog, changes, zh)) clauses.push_back(std::move(clause));
  };
  for (const vehicle::FunctionCall& call : f.calls) {
    const vehicle::FunctionSpec* fn = catalog.Find(call.name);
    if (!fn || Named(f.refused, call.name) || Named(f.confirm, call.name)) continue;
    const std::string done = FillDone(zh ? fn->zh.done : fn->en.done, call.arguments);
    if (done.empty()) {
      phrase_changes(fn);
      continue;
    }
    clauses.push_back(done);
    const std::vector<std::string>& written = fn->written_paths;  // sorted
    for (size_t i = 0; i < f.changes.size(); ++i) {
      said[i] = said[i] || std::binary_search(written.begin(), written.end(), f.changes[i].path);
    }
  }
  phrase_changes(nullptr);
  if (!clauses.empty()) {
    sentences.push_back(Sentence(std::move(clauses), zh, zh ? "好的，" : ""));
  } else if (!f.calls.empty() && f.refused.empty() && f.confirm.empty() && f.values.empty()) {
    if (!f.notes.empty()) {
      sentences.push_back(Join(f.notes, zh ? "；" : "; "));
    } else {
      sentences.push_back(zh ? "好的，已经是这个状态了。" : "It's already set that way.");
    }
  }
  for (const auto& r : f.refused) {
    sentences.push_back(zh ? fmt::format("抱歉，{}：{}", FunctionName(catalog, r.name, zh), r.reason)
                           : fmt::format("Sorry, {}: {}", FunctionName(catalog, r.name, zh), r.reason));
  }
  for (const auto& c : f.confirm) {
    sentences.push_back(zh ? c.reason + " 请说“确认”继续，或说“取消”。" : c.reason + " Say \"confirm\" to go ahead or \"cancel\".");
  }
  if (!f.values.empty()) {
    std::vector<SignalValue> readings;
    for (const auto& v : f.values) readings.push_back({v.path, v.value, v.unit});
    sentences.push_back(Sentence(PhraseReadings(catalog, readings, zh), zh, ""));
  }
  for (const auto& c : f.clarify) {
    const vehicle::FunctionSpec* fn = catalog.Find(c.function);
    std::string label;
    if (fn) {
      if (const auto* arg = fn->FindArg(c.arg)) label = zh ? arg->label.zh : arg->label.en;
    }
    const std::string& fname = FunctionName(catalog, c.function, zh);
    if (label.empty()) {
      sentences.push_back(zh ? fmt::format("请问{}要怎么设置？", fname) : fmt::format("How should I set {}?", fname));
    } else {
      sentences.push_back(zh ? fmt::format("{}：请告诉我{}。", fname, label)
                             : fmt::format("{}: what {} would you like?", fname, label));
    }
  }
  if (sentences.empty()) {
    if (f.not_understood) {
      sentences.push_back(zh ? "抱歉，我没听懂，可以换个说法吗？" : "Sorry, I didn't get that. Could you say it another way?");
    } else {
      sentences.push_back(zh ? "我是车载助手，可以帮您调空调、车窗、座椅、灯光、音乐、导航和电话。"
                             : "I'm your car assistant: I can adjust climate, windows, seats, lights, media, "
                               "navigation and calls.");
    }
  }
  return Join(sentences, zh ? "" : " ");
}

std::vector<std::string> ExampleRequests(const std::string& lang) {
  if (lang == "zh") return {"把空调调到22度，再打开座椅加热", "左后车窗打开一半", "导航到北京西站然后播放音乐"};
  return {"set the temperature to 22 and turn on my seat heater", "open the rear left window halfway",
          "navigate to Central Park and play some music"};
}

}  // namespace dm::intent
