#!/usr/bin/env bash
# Builds the wasm bundle and serves the calculator page from www/ on loopback.
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

echo "reo-lca calculator: http://127.0.0.1:${PORT}/"
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$CRATE_DIR/www"
