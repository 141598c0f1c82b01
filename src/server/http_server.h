// The HTTP front end of `dashmind serve` on cpp-httplib: binds the socket,
// applies the limits and authentication of ServerOptions to every request,
// answers errors in the OpenAI format, counts requests for /metrics, and
// dispatches to the route files (routes.h).
//
// Security contract: binding to a non-loopback address requires an API key;
// with a key set, every /v1/*, /mcp and /metrics request must carry
// "Authorization: Bearer <key>" (401 otherwise); / and /health stay open.
// The key is never logged or echoed. CORS headers are sent only for the one
// configured origin.
#pragma once

#include <memory>
#include <thread>

#include <httplib.h>

#include "server/server_context.h"
#include "util/status.h"

namespace dm::server {

class HttpServer {
 public:
  explicit HttpServer(ServerContext& ctx);
  ~HttpServer();

  // Validates the options and binds the listening socket (port 0: any free
  // port). Errors: a non-loopback host without an API key, the address in use.
  Status Bind();
  int port() const { return port_; }
  // Serves until Stop() (blocking).
  void Run();
  // Starts Run() on a background thread.
  void Start();
  // Stops accepting, ends generations and assistant turns in flight
  // (ServerContext::BeginShutdown), closes event streams, waits for the
  // background thread.
  void Stop();
  // Makes Run() return soon: ends generations and assistant turns in flight,
  // closes event streams and the listening socket. Callable from any thread.
  void RequestStop();

 private:
  void Configure();

  ServerContext& ctx_;
  httplib::Server http_;
  int port_ = 0;
  socket_t listen_socket_ = -1;  // set while binding
  std::thread thread_;
};

}  // namespace dm::server
