#!/usr/bin/env bash
# `dashmind chat` across a restart, offline, with the tiny fixture model:
# small talk takes the local route through the model; a stated preference
# survives the restart (SQLite memory) and is applied; the model's KV cache is
# saved beside the memory file at exit and restored, so the first local turn
# after the restart reuses cached prompt tokens.
set -u
dashmind=$1
model=tests/data/parity/tiny-qwen2-q8_0.gguf
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chat() { timeout 300 "$dashmind" chat --offline --model "$model" --memory "$tmp/memory.db"; }

first=$(printf '我习惯22度\n你好呀\n' | chat 2>"$tmp/err1")
echo "$first" | grep -q '^  \[local, ' || fail "small talk did not take the local route: $first $(cat "$tmp/err1")"
[ -s "$tmp/memory.db.kv" ] || fail "no KV cache saved at exit: $(ls "$tmp")"

second=$(printf '你好呀\n把空调调到我习惯的温度\n' | chat 2>"$tmp/err2")
cached=$(echo "$second" | sed -n 's/.*prompt [0-9]* tokens, \([0-9]*\) from the KV cache.*/\1/p' | head -1)
[ -n "$cached" ] && [ "$cached" -gt 0 ] || fail "first local turn after the restart reused no cache: $second $(cat "$tmp/err2")"
echo "$second" | grep -q 'Temperature: .* -> 22' || fail "learned preference not applied after the restart: $second"

if [ "$failures" -ne 0 ]; then exit 1; fi
echo "chat memory: ok (cached tokens after restart: $cached)"
