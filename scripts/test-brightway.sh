#!/usr/bin/env bash
# The Brightway test: reo-lca's exports loaded by bw_processing and computed by bw2calc
# (tests/python/test_brightway.py; what it checks is in its docstring).
#   1. a venv in $REO_BW_VENV (default target/bw-venv) with exactly the packages of
#      tests/python/requirements.txt (re-installed when that file changes; about 22 s for a
#      new venv with nothing in pip's cache, on the 2-core machine of BENCHMARKS.md);
#   2. cargo build of the CLI and examples/matrices (debug profile, as cargo test builds it);
#   3. the npm package (pkg/) rebuilt with scripts/build-wasm.sh when it is older than the
#      sources (scripts/test.sh has just built it);
#   4. pytest on tests/python/ (about 9 s of CPU, 10-20 s on the shared 2-core machine).
# Needs python3 with the venv module (Debian: apt-get install -y python3-venv).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CRATE_DIR="${CRATE_DIR:-$ROOT}"
export PATH="$HOME/.cargo/bin:$PATH"
cd "$CRATE_DIR"

TARGET_DIR="${CARGO_TARGET_DIR:-$CRATE_DIR/target}"
VENV="${REO_BW_VENV:-$TARGET_DIR/bw-venv}"
REQS="$CRATE_DIR/tests/python/requirements.txt"

log() { printf '[test-brightway] %s\n' "$*"; }

if [[ ! -x "$VENV/bin/python" ]]; then
  log "python3 -m venv $VENV"
  if ! python3 -m venv "$VENV"; then
    echo "[test-brightway] error: python3 -m venv failed (Debian: apt-get install -y python3-venv)" >&2
    exit 1
  fi
fi
STAMP="$VENV/.requirements.sha256"
WANT="$(sha256sum "$REQS" | cut -d' ' -f1)"
if [[ "$(cat "$STAMP" 2>/dev/null || true)" != "$WANT" ]]; then
  log "pip install -r tests/python/requirements.txt"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQS"
  echo "$WANT" > "$STAMP"
fi

log "cargo build --bin reo-lca --example matrices"
cargo build --quiet --bin reo-lca --example matrices

# The npm package: rebuilt when any source is newer than its module.
PKG="$CRATE_DIR/pkg"
if [[ ! -f "$PKG/reo_lca_bg.wasm" ]] \
   || [[ -n "$(find src build.rs Cargo.toml Cargo.lock npm -newer "$PKG/reo_lca_bg.wasm" -type f -print -quit)" ]]; then
  log "pkg/ is older than the sources: scripts/build-wasm.sh"
  CRATE_DIR="$CRATE_DIR" bash "$ROOT/scripts/build-wasm.sh"
fi

log "pytest tests/python/"
REO_LCA="$TARGET_DIR/debug/reo-lca" \
REO_LCA_EXAMPLE="$TARGET_DIR/debug/examples/matrices" \
REO_LCA_PKG="$PKG" \
  "$VENV/bin/python" -m pytest -q -p no:cacheprovider -W ignore::UserWarning "$CRATE_DIR/tests/python/"
