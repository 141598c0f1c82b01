#!/usr/bin/env bash
# `dashmind serve` and `dashmind mcp` end to end without any client library
# (bash /dev/tcp): health, an assistant turn that changes the vehicle, the
# OpenAI-format error without a model, metrics, a refused non-loopback bind,
# clean exit on SIGTERM; MCP initialize / tools/list / tools/call on stdio.
set -u
dashmind=$1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
tmp=$(mktemp -d)
trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT

# http METHOD PATH [BODY] -> prints the raw response
http() {
  local body=${3:-}
  local bytes
  bytes=$(LC_ALL=C; echo "${#body}")
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf '%s %s HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
    "$1" "$2" "$bytes" "$body" >&3
  timeout 20 cat <&3
  exec 3<&-
}

"$dashmind" serve --port 0 --log-level warning 2>"$tmp/err" &
pid=$!
port=""
for _ in $(seq 1 600); do
  port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/err")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { fail "serve did not start: $(cat "$tmp/err")"; exit 1; }

http GET /health | grep -q '"status":"ok"' || fail "health"
# The listen queue is widened past cpp-httplib's 5 (bursts of reconnects).
if command -v ss >/dev/null; then
  ss -ltn "sport = :$port" | grep -q ' 1024 ' || fail "listen backlog: $(ss -ltn "sport = :$port")"
fi
turn=$(http POST /v1/assistant/turn '{"utterance":"把主驾温度调到22度"}')
echo "$turn" | head -1 | grep -q '200' || fail "turn status: $turn"
echo "$turn" | grep -q '"route":"fast"' || fail "turn route: $turn"
http GET /v1/vehicle/state | grep -q '"Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature":22' || fail "state not changed"
chat=$(http POST /v1/chat/completions '{"messages":[{"role":"user","content":"hi"}]}')
echo "$chat" | head -1 | grep -q ' 400 ' || fail "chat without model: $chat"
echo "$chat" | grep -q '"code":"model_not_loaded"' || fail "chat error body: $chat"
http GET /nope | grep -q '"type":"not_found_error"' || fail "404 body"
http GET /metrics | grep -q '^dashmind_http_requests_total{method="POST",route="/v1/assistant/turn",status="200"} 1' \
  || fail "metrics"
kill -TERM $pid
wait $pid
code=$?
[ "$code" = 0 ] || fail "serve exited $code after SIGTERM"

"$dashmind" serve --host 0.0.0.0 --port 0 >/dev/null 2>"$tmp/err2" && fail "non-loopback bind without a key accepted"
grep -q "api-key" "$tmp/err2" || fail "unclear refusal: $(cat "$tmp/err2")"
"$dashmind" serve --model /nonexistent.gguf --port 0 >/dev/null 2>&1 && fail "missing model accepted"

out=$(printf '%s\n' \
  '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}' \
  '{"jsonrpc":"2.0","method":"notifications/initialized"}' \
  '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' \
  '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"set_hood","arguments":{"open":true}}}' \
  'not json' | timeout 60 "$dashmind" mcp)
[ "$(echo "$out" | wc -l)" = 4 ] || fail "mcp: expected 4 responses: $out"
echo "$out" | sed -n 1p | grep -q '"protocolVersion":"2025-11-25"' || fail "mcp initialize"
echo "$out" | sed -n 2p | grep -q '"nextCursor"' || fail "mcp tools/list paging"
echo "$out" | sed -n 3p | grep -q '"isError":true' || fail "mcp refused call"
echo "$out" | sed -n 4p | grep -q '"code":-32700' || fail "mcp parse error"

echo "serve smoke: $failures failures"
[ "$failures" = 0 ]
