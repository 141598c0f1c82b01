#!/usr/bin/env bash
# `dashmind bench`: every figure of the JSON contract is present and sane on a
# tiny synthetic model; decode runs the rounds asked for; bad input is refused.
set -u
dashmind=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$dashmind" synth --arch qwen2 --shape tiny --type q4_0 --vocab tests/data/tokenizer/qwen2-vocab.gguf \
  -o "$tmp/m.gguf" 2>/dev/null || fail "synth tiny"
out=$("$dashmind" bench -m "$tmp/m.gguf" -p 16 -n 8 -r 2 -t 2 --json) || fail "bench exit code"
# The number after "key": in the JSON line, or nothing when the key is absent.
num() { grep -o "\"$1\": [-0-9.e+]*" <<<"$out" | awk '{print $2}'; }
for key in prefill_tps decode_tps bandwidth_gbs decode_bandwidth_share rounds load_ms load_peak_rss_mb rss_mb \
  weights_mb kv_mb; do
  [ -n "$(num "$key")" ] || fail "bench JSON lacks $key: $out"
done
[ "$(num rounds)" = 2 ] || fail "rounds: $out"
for key in prefill_tps decode_tps bandwidth_gbs decode_bandwidth_share load_peak_rss_mb weights_mb kv_mb; do
  awk -v v="$(num "$key")" 'BEGIN { exit !(v > 0) }' || fail "$key not positive: $out"
done
# Every weight was read, so all of them are resident.
awk -v r="$(num rss_mb)" -v w="$(num weights_mb)" 'BEGIN { exit !(r >= w) }' || fail "rss below weights: $out"

# Decode after a context of cached positions: reported, and refused past the
# model's context length.
out=$("$dashmind" bench -m "$tmp/m.gguf" -p 0 -d 40 -n 4 -r 1 --json) || fail "bench --depth exit code"
[ "$(num depth)" = 40 ] || fail "depth: $out"
awk -v v="$(num decode_tps)" 'BEGIN { exit !(v > 0) }' || fail "decode_tps at depth 40: $out"
"$dashmind" bench -m "$tmp/m.gguf" -p 0 -d 1000000 -n 4 >/dev/null 2>&1 && fail "depth past the context accepted"

text=$("$dashmind" bench -m "$tmp/m.gguf" -p 4 -n 2 -r 1) || fail "bench text"
echo "$text" | grep -q "2 tokens after 0 cached: .* (median of 1 rounds)" || fail "text report: $text"
"$dashmind" bench -m "$tmp/m.gguf" -r 0 >/dev/null 2>&1 && fail "-r 0 accepted"
"$dashmind" bench -m "$tmp/missing.gguf" >/dev/null 2>&1 && fail "missing model accepted"

echo "bench: $failures failures"
[ "$failures" = 0 ]
