// The cockpit endpoints the web UI uses (see cockpit.h for the semantics).
//
//   POST /v1/assistant/turn     {"utterance", "session"?, "stream"?} -> act JSON;
//                               stream: SSE "reply" events {"delta"} then one
//                               "act" event, then "data: [DONE]".
//   GET  /v1/vehicle/state      {"signals": {...}, ...}
//   POST /v1/vehicle/signals    {"set": {path: value}} (trace replay, tests)
//   GET  /v1/events             SSE: "snapshot" first, then "state",
//                               "suggestion", "suggestion_closed", "turn";
//                               ": keep-alive" comments every 15 s.
//   GET  /v1/suggestions        open suggestions
//   POST /v1/suggestions/{id}/accept | /dismiss
#include <chrono>

#include "server/http_util.h"
#include "server/routes.h"
#include "server/sse.h"

namespace dm::server {
namespace {

Cockpit* RequireCockpit(ServerContext& ctx, httplib::Response& res) {
  Cockpit* cockpit = ctx.cockpit();
  if (cockpit == nullptr) {
    SendError(res, {503, "service_unavailable", "no_vehicle", "", "no vehicle is attached to this server"});
  }
  return cockpit;
}

void SendResult(httplib::Response& res, const Result<Json>& result) {
  if (!result.ok()) return SendError(res, ErrorFromStatus(result.status()));
  SendJson(res, 200, *result);
}

void StreamTurn(httplib::Response& res, ServerContext& ctx, std::string utterance, std::string session) {
  res.set_header("Cache-Control", "no-cache");
  res.set_chunked_content_provider(
      "text/event-stream", [&ctx, utterance, session](size_t, httplib::DataSink& sink) {
        bool alive = true;
        auto send = [&](const std::string& event) {
          alive = alive && sink.is_writable() && sink.write(event.data(), event.size());
        };
        agent::CancelToken cancel;
        agent::ScopedCancelHook on_shutdown(&ctx.shutdown(), [&cancel] { cancel.Cancel(); });
        Result<Json> act = ctx.cockpit()->Turn(
            utterance, session,
            [&](const std::string& piece) {
              send(SseEvent(DumpJson(Json{{"delta", piece}}), "reply"));
              return alive;
            },
            &cancel);
        if (!act.ok()) {
          send(SseEvent(DumpJson(ErrorFromStatus(act.status()).ToJson()), "error"));
        } else {
          ctx.events().Publish("turn", DumpJson(*act));
          send(SseEvent(DumpJson(*act), "act"));
        }
        send(SseEvent("[DONE]"));
        sink.done();
        return alive;
      });
}

}  // namespace

void RegisterCockpitRoutes(httplib::Server& http, ServerContext& ctx) {
  http.Post("/v1/assistant/turn", [&ctx](const httplib::Request& req, httplib::Response& res) {
    Json body;
    if (!ReadJsonBody(req, res, ctx, &body)) return;
    auto u = body.find("utterance");
    if (u == body.end() || !u->is_string() || u->get<std::string>().empty()) {
      return SendError(res, BadRequest("'utterance' must be a non-empty string", "utterance"));
    }
    if (u->get<std::string>().size() > 4096) {
      return SendError(res, BadRequest("'utterance' is at most 4096 bytes", "utterance"));
    }
    std::string session = "default";
    if (auto s = body.find("session"); s != body.end() && !s->is_null()) {
      if (!s->is_string() || s->get<std::string>().size() > 128) {
        return SendError(res, BadRequest("'session' must be a string of at most 128 bytes", "session"));
      }
      session = s->get<std::string>();
    }
    bool stream = false;
    if (auto s = body.find("stream"); s != body.end() && !s->is_null()) {
      if (!s->is_boolean()) return SendError(res, BadRequest("'stream' must be a boolean", "stream"));
      stream = s->get<bool>();
    }
    if (RequireCockpit(ctx, res) == nullptr) return;
    if (stream) return StreamTurn(res, ctx, u->get<std::string>(), session);
    agent::CancelToken cancel;
    agent::ScopedCancelHook on_shutdown(&ctx.shutdown(), [&cancel] { cancel.Cancel(); });
    Result<Json> act = ctx.cockpit()->Turn(u->get<std::string>(), session, nullptr, &cancel);
    if (act.ok()) ctx.events().Publish("turn", DumpJson(*act));
    SendResult(res, act);
  });

  http.Get("/v1/vehicle/state", [&ctx](const httplib::Request&, httplib::Response& res) {
    if (Cockpit* c = RequireCockpit(ctx, res)) SendJson(res, 200, c->State());
  });

  http.Post("/v1/vehicle/signals", [&ctx](const httplib::Request& req, httplib::Response& res) {
    Json body;
    if (!ReadJsonBody(req, res, ctx, &body)) return;
    auto set = body.find("set");
    if (set == body.end() || !set->is_object()) {
      return SendError(res, BadRequest("'set' must be an object {path: value}", "set"));
    }
    if (Cockpit* c = RequireCockpit(ctx, res)) SendResult(res, c->ApplySignals(*set));
  });

  http.Get("/v1/suggestions", [&ctx](const httplib::Request&, httplib::Response& res) {
    if (Cockpit* c = RequireCockpit(ctx, res)) SendJson(res, 200, {{"data", c->Suggestions()}});
  });

  http.Post(R"(/v1/suggestions/([A-Za-z0-9_.:-]{1,64})/(accept|dismiss))",
            [&ctx](const httplib::Request& req, httplib::Response& res) {
              Cockpit* c = RequireCockpit(ctx, res);
              if (c == nullptr) return;
              const std::string id = req.matches[1];
              SendResult(res, req.matches[2] == "accept" ? c->AcceptSuggestion(id) : c->DismissSuggestion(id));
            });

  http.Get("/v1/events", [&ctx](const httplib::Request&, httplib::Response& res) {
    Cockpit* cockpit = RequireCockpit(ctx, res);
    if (cockpit == nullptr) return;
    if (ctx.metrics().event_streams.fetch_add(1) >= ctx.limits().max_event_streams) {
      ctx.metrics().event_streams.fetch_sub(1);
      return SendError(res, RateLimited("too many open event streams", 5));
    }
    auto sub = ctx.events().Subscribe();
    // Decrements the stream count however the stream ends.
    auto guard = std::shared_ptr<void>(nullptr, [&ctx, sub](void*) {
      ctx.events().Unsubscribe(sub);
      ctx.metrics().event_streams.fetch_sub(1);
    });
    Json snapshot = {{"state", cockpit->State()}, {"suggestions", cockpit->Suggestions()}};
    res.set_header("Cache-Control", "no-cache");
    res.set_header("X-Accel-Buffering", "no");
    res.set_chunked_content_provider(
        "text/event-stream",
        [sub, guard, first = std::make_shared<std::string>(SseEvent(DumpJson(snapshot), "snapshot"))](
            size_t, httplib::DataSink& sink) {
          auto write = [&](const std::string& text) {
            return sink.is_writable() && sink.write(text.data(), text.size());
          };
          if (!first->empty()) {
            if (!write(*first)) return false;
            first->clear();
          }
          while (!sub->closed()) {
            bool lagged = false;
            auto events = sub->Wait(std::chrono::seconds(15), &lagged);
            if (lagged && !write(SseEvent("{\"lagged\":true}", "lagged"))) return false;
            if (events.empty() && !sub->closed() && !write(SseComment("keep-alive"))) return false;
            for (const auto& e : events) {
              if (!write(SseEvent(e.data, e.type, std::to_string(e.id)))) return false;
            }
          }
          sink.done();
          return true;
        });
  });
}

}  // namespace dm::server
