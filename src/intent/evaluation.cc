#include "intent/evaluation.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>

#include "util/percentile.h"
#include "util/timer.h"

namespace dm::intent {
namespace {

using Json = nlohmann::json;

std::string Flatten(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {
    std::string out;
    for (const auto& e : v) out += Flatten(e) + "\n";
    return out;
  }
  return v.dump();
}

// Checks one expected outcome {path: want} against the turn.
bool OutcomeMatches(const Json& outcome, const ActResult& r, VehicleSession& session, std::string* why,
                    size_t* tp, size_t* predicted) {
  std::set<std::string> changed;
  for (const auto& c : r.changes) {
    if (c.from != c.to) changed.insert(c.path);
  }
  if (predicted) *predicted = changed.size();
  bool ok = true;
  size_t hits = 0;
  for (const auto& [path, want] : outcome.items()) {
    auto value = session.vehicle->GetTarget(path);
    if (!value.ok()) {
      if (why->empty()) *why = "unknown path " + path;
      ok = false;
      continue;
    }
    if (ValueMatches(want, *value)) {
      if (changed.count(path)) ++hits;
    } else {
      if (why->empty()) *why = path + " is " + value->dump() + ", want " + want.dump();
      ok = false;
    }
  }
  for (const auto& path : changed) {
    if (!outcome.contains(path)) {
      if (why->empty()) *why = "unexpected change of " + path;
      ok = false;
    }
  }
  if (tp) *tp = hits;
  return ok;
}

}  // namespace

bool ValueMatches(const Json& want, const Json& actual) {
  if (want.is_object()) {
    if (want.contains("min") || want.contains("max")) {
      if (!actual.is_number()) return false;
      double v = actual.get<double>();
      if (want.contains("min") && v < want["min"].get<double>() - 1e-6) return false;
      if (want.contains("max") && v > want["max"].get<double>() + 1e-6) return false;
      return true;
    }
    if (want.contains("in")) {
      for (const auto& w : want["in"]) {
        if (ValueMatches(w, actual)) return true;
      }
      return false;
    }
    if (want.contains("contains")) {
      std::string hay = Flatten(actual), needle = want["contains"].get<std::string>();
      std::transform(hay.begin(), hay.end(), hay.begin(), [](unsigned char c) { return std::tolower(c); });
      std::transform(needle.begin(), needle.end(), needle.begin(), [](unsigned char c) { return std::tolower(c); });
      return hay.find(needle) != std::string::npos;
    }
    return want == actual;
  }
  if (want.is_number() && actual.is_number()) return std::fabs(want.get<double>() - actual.get<double>()) < 1e-6;
  if (want.is_string() && actual.is_string()) {
    std::string a = want.get<std::string>(), b = actual.get<std::string>();
    std::transform(a.begin(), a.end(), a.begin(), [](unsigned char c) { return std::tolower(c); });
    std::transform(b.begin(), b.end(), b.begin(), [](unsigned char c) { return std::tolower(c); });
    return a == b;
  }
  return want == actual;
}

Result<std::vector<EvalCase>> LoadCases(const std::string& path) {
  std::ifstream in(path);
  if (!in) return IoError("cannot open cases file {}", path);
  std::vector<EvalCase> cases;
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    Json j = Json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return Corrupt("{}:{}: not a JSON object", path, line_no);
    if (!j.contains("utterance") || !j["utterance"].is_string()) {
      return Corrupt("{}:{}: missing string field 'utterance'", path, line_no);
    }
    EvalCase c;
    c.id = j.value("id", fmt::format("line-{}", line_no));
    c.lang = j.value("lang", "");
    c.category = j.value("category", "uncategorized");
    c.split = j.value("split", "dev");
    c.utterance = j["utterance"].get<std::string>();
    c.profile = j.value("profile", "");
    c.state = j.value("state", Json::object());
    c.expect = j.value("expect", Json::object());
    if (!c.state.is_object() || !c.expect.is_object()) {
      return Corrupt("{}:{}: 'state' and 'expect' must be objects", path, line_no);
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

Result<EvalReport> Evaluate(Environment& env, const std::vector<EvalCase>& cases, ModelPlanner* planner,
                            size_t retrieve_k) {
  EvalReport report;
  std::vector<double> act_ms, retrieval_us;
  size_t tp = 0, predicted = 0, expected = 0;
  double recall_sum = 0;
  for (const EvalCase& c : cases) {
    auto session = env.NewSession(c.profile, c.state);
    if (!session.ok()) return session.status().WithContext("case " + c.id);
    TurnRunner runner(env, **session);
    runner.SetPlanner(planner);
    CaseOutcome o;
    o.c = &c;
    o.result = runner.Run(c.utterance);
    act_ms.push_back(o.result.latency_ms);

    Timer t;
    auto hits = env.index().retriever().Search(c.utterance, retrieve_k);
    o.retrieval_us = t.Micros();
    retrieval_us.push_back(o.retrieval_us);
    const Json& functions = c.expect.value("functions", Json::array());
    if (functions.is_array() && !functions.empty()) {
      size_t found = 0;
      for (const auto& f : functions) {
        for (const auto& h : hits) {
          if (env.index().retriever().name(h.index) == f.get<std::string>()) {
            ++found;
            break;
          }
        }
      }
      o.retrieval_recall = static_cast<double>(found) / functions.size();
      recall_sum += o.retrieval_recall;
      ++report.retrieval_cases;
    }

    const ActResult& r = o.result;
    std::string why;
    bool ok = true;
    const Json& want = c.expect.value("changes", Json::object());
    if (want.is_array()) {
      bool any = false;
      for (const auto& outcome : want) {
        std::string w;
        if (OutcomeMatches(outcome, r, **session, &w, nullptr, nullptr)) any = true;
      }
      if (!any) {
        ok = false;
        why = "no acceptable outcome";
      }
    } else {
      ok = OutcomeMatches(want, r, **session, &why, &o.tp, &o.predicted);
      o.expected = want.size();
      tp += o.tp;
      predicted += o.predicted;
      expected += o.expected;
    }
    auto check = [&](const char* key, bool actual) {
      bool wanted = c.expect.value(key, false);
      if (wanted != actual) {
        ok = false;
        if (why.empty()) why = fmt::format("{} is {}, want {}", key, actual, wanted);
      }
    };
    check("refused", !r.refused.empty());
    check("confirm", !r.confirm.empty());
    check("clarify", !r.clarify.empty());
    if (c.expect.value("no_action", false) && (!r.changes.empty() || !r.calls.empty())) {
      ok = false;
      if (why.empty()) why = "acted on a request that needs no action";
    }
    o.pass = ok;
    o.why = why;

    auto count = [&](Tally& t) {
      ++t.n;
      if (ok) ++t.pass;
    };
    count(report.overall);
    count(report.by_category[c.category]);
    count(report.by_split[c.split]);
    if (c.category == "explicit" || c.category == "multi_intent" || c.category == "relative") count(report.explicit_commands);
    if (c.category == "policy_refusal") count(report.policy);
    if (c.category == "fuzzy") count(report.fuzzy);
    if (c.category == "chitchat") {
      ++report.chitchat_no_action.n;
      if (r.changes.empty() && r.calls.empty()) ++report.chitchat_no_action.pass;
    }
    report.outcomes.push_back(std::move(o));
  }
  report.precision = predicted ? static_cast<double>(tp) / predicted : 1.0;
  report.recall = expected ? static_cast<double>(tp) / expected : 1.0;
  report.retrieval_recall_at_k = report.retrieval_cases ? recall_sum / report.retrieval_cases : 0;
  report.retrieval_p50_us = Percentile(retrieval_us, 0.5);
  report.retrieval_p99_us = Percentile(retrieval_us, 0.99);
  report.act_p50_ms = Percentile(act_ms, 0.5);
  report.act_p99_ms = Percentile(act_ms, 0.99);
  return report;
}

Json EvalReport::ToJson(bool with_cases) const {
  auto tally = [](const Tally& t) { return Json{{"n", t.n}, {"pass", t.pass}, {"rate", t.Rate()}}; };
  Json j;
  j["cases"] = overall.n;
  j["exact_state_accuracy"] = overall.Rate();
  j["explicit_accuracy"] = explicit_commands.Rate();
  j["policy_refusal_accuracy"] = policy.Rate();
  j["chitchat_zero_action_rate"] = chitchat_no_action.Rate();
  j["fuzzy_accuracy"] = fuzzy.Rate();
  j["action_precision"] = precision;
  j["action_recall"] = recall;
  j["retrieval_recall_at_10"] = retrieval_recall_at_k;
  j["retrieval_cases"] = retrieval_cases;
  j["retrieval_us_p50"] = retrieval_p50_us;
  j["retrieval_us_p99"] = retrieval_p99_us;
  j["act_ms_p50"] = act_p50_ms;
  j["act_ms_p99"] = act_p99_ms;
  for (const auto& [k, t] : by_category) j["by_category"][k] = tally(t);
  for (const auto& [k, t] : by_split) j["by_split"][k] = tally(t);
  if (with_cases) {
    j["retrieval_misses"] = Json::array();
    for (const auto& o : outcomes) {
      if (o.retrieval_recall >= 0 && o.retrieval_recall < 1) {
        j["retrieval_misses"].push_back({{"id", o.c->id}, {"utterance", o.c->utterance},
                                         {"functions", o.c->expect.value("functions", Json::array())},
                                         {"top", o.result.retrieved}});
      }
    }
    j["slowest"] = Json::array();
    std::vector<const CaseOutcome*> by_time;
    for (const auto& o : outcomes) by_time.push_back(&o);
    std::sort(by_time.begin(), by_time.end(),
              [](const CaseOutcome* a, const CaseOutcome* b) { return a->result.latency_ms > b->result.latency_ms; });
    for (size_t i = 0; i < by_time.size() && i < 5; ++i) {
      j["slowest"].push_back({{"id", by_time[i]->c->id}, {"utterance", by_time[i]->c->utterance},
                              {"latency_ms", by_time[i]->result.latency_ms}});
    }
    j["failures"] = Json::array();
    for (const auto& o : outcomes) {
      if (o.pass) continue;
      j["failures"].push_back({{"id", o.c->id}, {"utterance", o.c->utterance}, {"why", o.why},
                               {"result", o.result.ToJson()}});
    }
  }
  return j;
}

}  // namespace dm::intent
