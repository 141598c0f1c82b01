#include "server/http_server.h"

#include <sys/socket.h>

#include <chrono>

#include "server/http_util.h"
#include "server/routes.h"
#include "util/log.h"

namespace dm::server {
namespace {

thread_local std::chrono::steady_clock::time_point t_request_start;

bool NeedsAuth(const std::string& path) {
  return path.rfind("/v1/", 0) == 0 || path == "/mcp" || path == "/metrics";
}

ApiError ErrorForStatus(int status) {
  switch (status) {
    case 400: return BadRequest("malformed HTTP request", "", "bad_request");
    case 404: return NotFoundError("no such endpoint");
    case 405: return {405, "invalid_request_error", "method_not_allowed", "", "method not allowed on this endpoint"};
    case 413: return {413, "invalid_request_error", "request_too_large", "", "request body too large"};
    case 414: return {414, "invalid_request_error", "uri_too_long", "", "request URI too long"};
    case 416: return {416, "invalid_request_error", "range_not_satisfiable", "", "range not satisfiable"};
    default: {
      ApiError e = ErrorFromStatus(Status(StatusCode::kInternal, "request failed"));
      e.http_status = status;
      return e;
    }
  }
}

}  // namespace

bool IsLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

HttpServer::HttpServer(ServerContext& ctx) : ctx_(ctx) { Configure(); }

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Configure() {
  const ServerLimits& limits = ctx_.limits();
  const int threads = std::max(4, limits.http_threads);
  http_.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  http_.set_payload_max_length(limits.max_body_bytes);
  http_.set_read_timeout(limits.read_timeout_s, 0);
  http_.set_write_timeout(limits.write_timeout_s, 0);
  http_.set_keep_alive_timeout(limits.keep_alive_timeout_s);
  http_.set_keep_alive_max_count(static_cast<size_t>(limits.keep_alive_max_requests));
  // Remember the listening socket: Bind() widens cpp-httplib's backlog of 5.
  http_.set_socket_options([this](socket_t sock) {
    httplib::default_socket_options(sock);
    listen_socket_ = sock;
  });

  http_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    t_request_start = std::chrono::steady_clock::now();
    const ServerOptions& opt = ctx_.options();
    if (!opt.cors_origin.empty()) {
      const std::string origin = req.get_header_value("Origin");
      if (opt.cors_origin == "*" || origin == opt.cors_origin) {
        res.set_header("Access-Control-Allow-Origin", opt.cors_origin == "*" ? "*" : origin);
        res.set_header("Vary", "Origin");
        res.set_header("Access-Control-Allow-Headers",
                       "Authorization, Content-Type, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID");
        res.set_header("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
        res.set_header("Access-Control-Expose-Headers", "Mcp-Session-Id, Retry-After");
        if (req.method == "OPTIONS") {
          res.status = 204;
          return httplib::Server::HandlerResponse::Handled;
        }
      }
    }
    if (!opt.api_key.empty() && NeedsAuth(req.path)) {
      const std::string auth = req.get_header_value("Authorization");
      const std::string prefix = "Bearer ";
      const bool ok = auth.size() > prefix.size() && auth.compare(0, prefix.size(), prefix) == 0 &&
                      SecretEquals(auth.substr(prefix.size()), opt.api_key);
      if (!ok) {
        res.set_header("WWW-Authenticate", "Bearer");
        SendError(res, Unauthorized(auth.empty() ? "missing API key: send 'Authorization: Bearer <key>'"
                                                 : "invalid API key"));
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  // Fills an OpenAI-format body into error responses that have none (404 for
  // unknown paths, 413/414/400 from the HTTP parser).
  http_.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty() || res.status < 400) return httplib::Server::HandlerResponse::Unhandled;
        ApiError e = ErrorForStatus(res.status);
        res.set_content(DumpJson(e.ToJson()), "application/json");
        return httplib::Server::HandlerResponse::Handled;
      }));

  http_.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "internal error";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    DM_LOG_ERROR("request handler failed: {}", what);
    SendError(res, ErrorFromStatus(Status(StatusCode::kInternal, "internal error")));
  });

  http_.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t_request_start).count();
    ctx_.metrics().CountRequest(req.method, RouteLabel(req.method, req.path), res.status, seconds);
    // Never the headers: they may hold the API key.
    DM_LOG_DEBUG("{} {} -> {} ({:.1f} ms)", req.method, req.path.substr(0, 200), res.status, seconds * 1e3);
  });

  RegisterStatusRoutes(http_, ctx_);
  RegisterChatRoutes(http_, ctx_);
  RegisterCockpitRoutes(http_, ctx_);
  RegisterMcpRoutes(http_, ctx_);
  RegisterStaticRoutes(http_, ctx_);
}

Status HttpServer::Bind() {
  const ServerOptions& opt = ctx_.options();
  if (!IsLoopbackHost(opt.host) && opt.api_key.empty()) {
    return PermissionDenied(
        "refusing to listen on '{}' without an API key: pass --api-key (or bind to 127.0.0.1)", opt.host);
  }
  if (opt.port < 0 || opt.port > 65535) return InvalidArgument("port {} is out of range", opt.port);
  if (opt.port == 0) {
    port_ = http_.bind_to_any_port(opt.host);
    if (port_ <= 0) return Unavailable("cannot bind to {} (any port)", opt.host);
  } else {
    if (!http_.bind_to_port(opt.host, opt.port)) {
      return Unavailable("cannot bind to {}:{} (address in use or not local?)", opt.host, opt.port);
    }
    port_ = opt.port;
  }
  // cpp-httplib listens with a backlog of 5: a burst of new connections (64
  // clients reconnecting at once) overflowed it and the kernel reset some of
  // them before the server saw a byte. listen() again only resizes the queue.
  if (listen_socket_ >= 0 && ::listen(listen_socket_, ctx_.limits().listen_backlog) != 0) {
    return Unavailable("cannot set the listen backlog on {}:{}", opt.host, port_);
  }
  return Status::Ok();
}

void HttpServer::Run() { http_.listen_after_bind(); }

void HttpServer::Start() {
  thread_ = std::thread([this] { Run(); });
}

void HttpServer::RequestStop() {
  ctx_.BeginShutdown();
  ctx_.events().Close();
  // Run() may be about to enter its accept loop; stop() only acts once it has.
  for (int i = 0; i < 2000 && !http_.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  http_.stop();
}

void HttpServer::Stop() {
  ctx_.BeginShutdown();
  ctx_.events().Close();
  if (thread_.joinable()) {
    // Run() may not have reached its accept loop yet.
    for (int i = 0; i < 2000 && !http_.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    http_.stop();
    thread_.join();
  } else if (http_.is_running()) {
    http_.stop();
  }
}

}  // namespace dm::server
