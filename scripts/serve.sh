#!/usr/bin/env bash
# Builds the wasm bundle and serves the calculator page from www/ on loopback
# (scripts/serve.mjs: the precompressed .br/.gz copies the build writes, when the
# browser accepts them).
# Usage: scripts/serve.sh            (port 8000)
#        PORT=8765 scripts/serve.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CRATE_DIR="${CRATE_DIR:-$ROOT}"
PORT="${PORT:-8000}"

# Install what a fresh machine lacks (each step is skipped when already satisfied).
if [[ "${REO_SKIP_SETUP:-0}" != 1 ]]; then
  bash "$ROOT/scripts/setup.sh"
fi
bash "$ROOT/scripts/build-wasm.sh"

exec node "$ROOT/scripts/serve.mjs" "$PORT" "$CRATE_DIR/www"
