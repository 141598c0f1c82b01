#!/usr/bin/env bash
# End-to-end engine benchmark: synthetic Qwen2-shaped 0.5B and 1.5B models in
# Q4_0, Q8_0 and Q4_K_M, made with `dashmind synth` (F16) + `dashmind quantize`,
# then `dashmind bench` prefill (512 tokens) and decode (128 tokens) at 2
# threads. When `llama-bench` is on PATH, the same files run through it and the
# ratios are printed too. decode and share are medians over `dashmind bench`'s
# rounds (each between two bandwidth probes); extra_MiB is resident memory
# beyond the mapped weights and the KV cache (activation scratch for the
# 512-token batch, code, heap).
#
# usage: bench/run_engine_bench.sh [WORKDIR]
#   env: DASHMIND (default build/dashmind), THREADS (2), N_PROMPT (512), N_GEN (128),
#        SHAPES ("0.5b 1.5b"), TYPES ("Q4_0 Q8_0 Q4_K_M"),
#        VOCAB (default tests/data/parity/tiny-qwen2-f32.gguf; padded to 151936)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
dashmind="${DASHMIND:-$root/build/dashmind}"
work="${1:-${TMPDIR:-/tmp}/dm_engine_bench}"
threads="${THREADS:-2}"
n_prompt="${N_PROMPT:-512}"
n_gen="${N_GEN:-128}"
shapes="${SHAPES:-0.5b 1.5b}"
types="${TYPES:-Q4_0 Q8_0 Q4_K_M}"
vocab="${VOCAB:-$root/tests/data/parity/tiny-qwen2-f32.gguf}"

if [[ ! -x "$dashmind" ]]; then
  echo "run_engine_bench: $dashmind not found (build it, or set DASHMIND)" >&2
  exit 1
fi
mkdir -p "$work"
llama_bench="$(command -v llama-bench || true)"

# Reads one key of a flat JSON object on stdin.
json_get() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# tokens/s of llama-bench's prompt (p) or generation (g) test from its JSON.
llama_tps() {
  python3 -c '
import json, sys
rows = json.load(sys.stdin)
want = sys.argv[1]
for r in rows:
    if (want == "p" and r.get("n_prompt", 0) > 0 and r.get("n_gen", 0) == 0) or \
       (want == "g" and r.get("n_gen", 0) > 0 and r.get("n_prompt", 0) == 0):
        print(r["avg_ts"]); break
' "$1"
}

printf '%-6s %-7s %10s %10s %8s %7s %8s %9s %8s %9s' shape type prefill decode bw_GB/s share load_ms \
  load_peak rss_MiB extra_MiB
[[ -n "$llama_bench" ]] && printf ' %9s %9s %7s %7s' ll_pp ll_tg pp_x tg_x
printf '\n'

for shape in $shapes; do
  base="$work/qwen2-$shape-f16.gguf"
  if [[ ! -f "$base" ]]; then
    "$dashmind" synth --arch qwen2 --shape "$shape" --type f16 --vocab "$vocab" -o "$base" \
      -t "$threads" >&2
  fi
  for type in $types; do
    model="$work/qwen2-$shape-${type,,}.gguf"
    if [[ ! -f "$model" ]]; then
      "$dashmind" quantize "$base" "$model" "$type" -t "$threads" >&2
    fi
    out="$("$dashmind" bench --model "$model" -p "$n_prompt" -n "$n_gen" -t "$threads" --json)"
    pp="$(json_get prefill_tps <<<"$out")"
    tg="$(json_get decode_tps <<<"$out")"
    rss="$(json_get rss_mb <<<"$out")"
    extra="$(python3 -c "print($rss - $(json_get weights_mb <<<"$out") - $(json_get kv_mb <<<"$out"))")"
    printf '%-6s %-7s %10.2f %10.2f %8.2f %7.3f %8.1f %9.1f %8.1f %9.1f' "$shape" "$type" "$pp" "$tg" \
      "$(json_get bandwidth_gbs <<<"$out")" "$(json_get decode_bandwidth_share <<<"$out")" \
      "$(json_get load_ms <<<"$out")" "$(json_get load_peak_rss_mb <<<"$out")" "$rss" "$extra"
    if [[ -n "$llama_bench" ]]; then
      lj="$("$llama_bench" -m "$model" -p "$n_prompt" -n "$n_gen" -t "$threads" -o json 2>/dev/null)"
      lpp="$(llama_tps p <<<"$lj")"
      ltg="$(llama_tps g <<<"$lj")"
      printf ' %9.2f %9.2f %7.2f %7.2f' "$lpp" "$ltg" \
        "$(python3 -c "print($pp / $lpp)")" "$(python3 -c "print($tg / $ltg)")"
    fi
    printf '\n'
  done
done
