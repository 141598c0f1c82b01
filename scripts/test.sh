#!/usr/bin/env bash
# One command on a fresh Debian 12 machine: installs what is missing, builds,
# and runs every test: the unit and integration tests (CTest), the Node
# clients' tests, and the sanitizer pass (ASan + UBSan build of the tests).
#
#   DM_SKIP_SANITIZE=1  skip the sanitizer pass (faster local runs)
set -euo pipefail
cd "$(dirname "$0")/.."
DM_WITH_NODE=1 scripts/install-deps.sh
scripts/build.sh

echo "== npm packages for the Node client tests =="
for dir in tests/node tests/node/schema tests/node/server; do
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
done

jobs=$(nproc)
echo "== unit and integration tests (Release) =="
ctest --test-dir build --output-on-failure -j "$jobs" --timeout 900

if [ "${DM_SKIP_SANITIZE:-0}" != "1" ]; then
  # The layers that parse untrusted input or run hand-written SIMD: model
  # files (gguf), kernels and the forward pass over mapped weights (model),
  # tokenizers and model output (text), JSON Schemas and grammars (decode),
  # vehicle tool arguments (vehicle), user utterances (intent). The GGUF
  # reader and the HTTP server's parsers are also fuzzed under ASan+UBSan
  # (scripts/fuzz.sh gguf|http).
  echo "== sanitizer pass (AddressSanitizer + UndefinedBehaviorSanitizer) =="
  sanitized=(util gguf kernels model text decode vehicle intent)
  targets=()
  for layer in "${sanitized[@]}"; do targets+=("dm_${layer}_test"); done
  if [ ! -f build-asan/CMakeCache.txt ]; then
    cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDM_SANITIZE=ON \
      -DDM_BUILD_BENCH=OFF $(command -v ccache >/dev/null && echo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  fi
  CCACHE_BASEDIR=$PWD cmake --build build-asan -j "$jobs" --target "${targets[@]}"
  labels=$(IFS='|'; echo "^(${sanitized[*]})\$")
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs" -L "$labels" --timeout 1800
fi
