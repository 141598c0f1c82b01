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
python3 - "$out" <<'PY' || fail "bench JSON: $out"
import json, sys
d = json.loads(sys.argv[1])
for key in ("prefill_tps", "decode_tps", "bandwidth_gbs", "decode_bandwidth_share", "rounds",
            "load_ms", "rss_mb", "weights_mb", "kv_mb"):
    assert key in d, key
assert d["rounds"] == 2
assert d["prefill_tps"] > 0 and d["decode_tps"] > 0 and d["bandwidth_gbs"] > 0
assert d["decode_bandwidth_share"] > 0 and d["weights_mb"] > 0 and d["kv_mb"] > 0
assert d["rss_mb"] >= d["weights_mb"]  # every weight was read, so it is resident
PY

text=$("$dashmind" bench -m "$tmp/m.gguf" -p 4 -n 2 -r 1) || fail "bench text"
echo "$text" | grep -q "median of 1 rounds" || fail "text report: $text"
"$dashmind" bench -m "$tmp/m.gguf" -r 0 >/dev/null 2>&1 && fail "-r 0 accepted"
"$dashmind" bench -m "$tmp/missing.gguf" >/dev/null 2>&1 && fail "missing model accepted"

echo "bench: $failures failures"
[ "$failures" = 0 ]
