#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build and test reo-lca:
# the wasm32 target, wasm-bindgen-cli (same version as Cargo.lock's
# wasm-bindgen), Chromium + chromedriver, Python's venv module, and the npm dev dependencies.
# Idempotent: every step is skipped when already satisfied.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '[setup] %s\n' "$*"; }

for tool in cargo rustup node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "[setup] error: '$tool' not found on PATH; install Rust (rustup) and Node.js first" >&2
    exit 1
  fi
done

# 1. Rust target for WebAssembly.
log "rustup target add wasm32-unknown-unknown"
rustup target add wasm32-unknown-unknown

# 2. wasm-bindgen-cli, pinned to the wasm-bindgen version in Cargo.lock.
if [[ ! -f Cargo.lock ]]; then
  log "Cargo.lock missing: cargo generate-lockfile"
  cargo generate-lockfile
fi
wbg_version="$(cargo pkgid wasm-bindgen | sed -E 's/.*[@#:]([0-9][^ ]*)$/\1/')"
if [[ ! "$wbg_version" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]]; then
  echo "[setup] error: could not parse the wasm-bindgen version from 'cargo pkgid wasm-bindgen' ($wbg_version)" >&2
  exit 1
fi
installed_wbg="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [[ "$installed_wbg" == "$wbg_version" ]]; then
  log "wasm-bindgen-cli $wbg_version already installed"
else
  # Not --locked: the CLI's lockfile pins a webpki-roots release the index may lack.
  log "cargo install wasm-bindgen-cli --version $wbg_version (have: ${installed_wbg:-none}; takes 3-5 min)"
  cargo install wasm-bindgen-cli --version "$wbg_version" --force
fi

# 3. Chromium and chromedriver for the headless browser tests.
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  log "chromium and chromedriver already installed"
else
  sudo_cmd=()
  if [[ "$(id -u)" -ne 0 ]]; then
    sudo_cmd=(sudo)
  fi
  log "apt-get update && apt-get install -y chromium chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update
  "${sudo_cmd[@]}" apt-get install -y chromium chromium-driver
fi

# 4. Python's venv module for scripts/test-brightway.sh (the packages themselves are installed
#    there, into a venv, from tests/python/requirements.txt).
if python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  log "python3 venv module present"
else
  sudo_cmd=()
  if [[ "$(id -u)" -ne 0 ]]; then
    sudo_cmd=(sudo)
  fi
  log "apt-get install -y python3-venv"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update
  "${sudo_cmd[@]}" apt-get install -y python3 python3-venv
fi

# 5. npm dev dependencies (wasm-opt from binaryen, playwright-core, typescript, chart.js).
if [[ -f node_modules/.package-lock.json && node_modules/.package-lock.json -nt package-lock.json ]]; then
  log "node_modules up to date with package-lock.json"
else
  log "npm ci"
  npm ci --no-audit --no-fund
fi

log "done"
