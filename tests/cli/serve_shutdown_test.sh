#!/usr/bin/env bash
# `dashmind serve --model` stops cleanly on SIGINT and on SIGTERM while a chat
# completion is generating: exit 0 (no abort, no std::terminate), promptly,
# and the in-flight request gets an answer (an error) rather than a hang.
# --kv-file: the first run saves its KV cache at exit, the second restores it
# and serves the same prompt from the cache.
# Uses the tiny fixture model and bash /dev/tcp only.
set -u
dashmind=$1
model=tests/data/parity/tiny-qwen2-q8_0.gguf
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT

http() {  # METHOD PATH [BODY] -> the raw response
  local body=${3:-}
  local bytes
  bytes=$(LC_ALL=C; echo "${#body}")
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf '%s %s HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
    "$1" "$2" "$bytes" "$body" >&3
  timeout 60 cat <&3
  exec 3<&-
}

for sig in INT TERM; do
  "$dashmind" serve --model "$model" --port 0 --ctx 4096 --threads 1 --kv-file "$tmp/kv" --log-level warning \
    2>"$tmp/err.$sig" &
  pid=$!
  port=""
  for _ in $(seq 1 600); do
    port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/err.$sig")
    [ -n "$port" ] && http GET /health 2>/dev/null | grep -q '"status":"ok"' && break
    sleep 0.1
  done
  [ -n "$port" ] || { fail "SIG$sig: serve did not start: $(cat "$tmp/err.$sig")"; continue; }
  # A short request first, so a session holds the prompt whenever the signal
  # lands (the long one may be stopped before it takes a session).
  short=$(http POST /v1/chat/completions \
    '{"messages":[{"role":"user","content":"write a very long story"}],"max_tokens":1,"temperature":0}')
  if [ "$sig" = TERM ]; then  # the second run: the first one's cache was restored
    [ -s "$tmp/kv" ] || fail "no KV cache saved at exit"
    prompt=$(echo "$short" | grep -o '"prompt_tokens":[0-9]*' | grep -o '[0-9]*$')
    cached=$(echo "$short" | grep -o '"cached_tokens":[0-9]*' | grep -o '[0-9]*$')
    [ -n "$prompt" ] && [ "$cached" = $((prompt - 1)) ] || fail "restored cache not used: $short"
  fi
  body='{"messages":[{"role":"user","content":"write a very long story"}],"max_tokens":4000,"temperature":0}'
  http POST /v1/chat/completions "$body" >"$tmp/chat.$sig" 2>&1 &
  client=$!
  busy=""
  for _ in $(seq 1 200); do
    http GET /metrics | grep -q '^dashmind_active_generations 1' && { busy=1; break; }
    sleep 0.05
  done
  [ -n "$busy" ] || fail "SIG$sig: the generation never showed as active (too fast?)"
  start=$(date +%s)
  kill -s "$sig" $pid
  wait $pid
  code=$?
  pid=""
  elapsed=$(( $(date +%s) - start ))
  [ "$code" = 0 ] || fail "SIG$sig: serve exited $code: $(tail -5 "$tmp/err.$sig")"
  [ "$elapsed" -le 10 ] || fail "SIG$sig: took ${elapsed}s to stop"
  grep -qi "terminate\|abort" "$tmp/err.$sig" && fail "SIG$sig: $(cat "$tmp/err.$sig")"
  wait $client
  head -1 "$tmp/chat.$sig" | grep -q ' 503 ' || fail "SIG$sig: in-flight request got: $(head -c 300 "$tmp/chat.$sig")"
done

echo "serve shutdown: $failures failures"
[ "$failures" = 0 ]
