// Configuration of `dashmind serve`: where it listens, who may call it, and
// the limits that keep one client from exhausting the device.
#pragma once

#include <cstddef>
#include <string>

namespace dm::server {

struct ServerLimits {
  size_t max_body_bytes = 1 << 20;    // larger bodies: 413
  int max_json_depth = 64;            // deeper JSON: 400
  // Request line and header sizes are capped by cpp-httplib at 8 KiB each
  // (CPPHTTPLIB_REQUEST_URI_MAX_LENGTH / CPPHTTPLIB_HEADER_MAX_LENGTH): 414/400.
  int read_timeout_s = 10;            // per socket read while receiving a request
  int write_timeout_s = 10;           // per socket write
  int keep_alive_timeout_s = 5;
  int keep_alive_max_requests = 100;
  int request_timeout_s = 120;        // queue wait + generation of one completion
  int http_threads = 96;              // connections served at once
  int listen_backlog = 1024;          // connections the kernel queues before accept (capped by somaxconn)
  int sessions = 2;                   // generations running at once (each has a KV cache)
  int max_queue = 16;                 // generations waiting; beyond: 429 + Retry-After
  int max_event_streams = 32;         // open /v1/events streams; beyond: 429
  int session_ctx = 4096;             // KV positions per session
  int compute_threads = 0;            // forward-pass threads; 0 = every hardware thread
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                    // 0 picks a free port
  std::string api_key;                // required as Bearer when set; never logged
  std::string cors_origin;            // empty: no CORS headers
  std::string web_dir;                // empty: ResolveWebDir()
  std::string model_path;             // empty: no chat completions
  ServerLimits limits;
};

// True for 127.0.0.0/8, ::1 and "localhost".
bool IsLoopbackHost(const std::string& host);

}  // namespace dm::server
