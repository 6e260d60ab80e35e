#!/usr/bin/env bash
# The npm package as bundler users get it: packs pkg/ (built by scripts/build-wasm.sh) with
# `npm pack` into a temporary directory, installs that tarball into every recipe app of
# tests/bundlers/apps/, builds each app with its own tool (Vite 8, Vite 6, webpack 5, esbuild,
# tsc), then runs tests/bundlers/recipes.test.mjs: every app in headless Chromium, plus the Vite
# dev server and a Node-only TypeScript project.
#
# The tools come from tests/bundlers/package-lock.json (`npm ci`, skipped while node_modules is
# newer than the lock file), so the root package.json stays free of them. Needs what
# scripts/setup.sh installs (Chromium, playwright-core) and a built pkg/. About 1 min when the
# tools are installed, plus the first `npm ci` (~100 MB).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="$ROOT/tests/bundlers"
log() { printf '[test-bundlers] %s\n' "$*"; }
start=$SECONDS

if [[ ! -f "$ROOT/pkg/reo_lca_bg.wasm" || ! -f "$ROOT/pkg/package.json" ]]; then
  echo "[test-bundlers] error: pkg/ is missing or incomplete: run 'bash scripts/build-wasm.sh' first" >&2
  exit 1
fi
if [[ ! -d "$ROOT/node_modules/playwright-core" ]]; then
  echo "[test-bundlers] error: playwright-core missing: run 'npm ci' (or scripts/setup.sh) first" >&2
  exit 1
fi

cd "$DIR"
if [[ -f node_modules/.package-lock.json && node_modules/.package-lock.json -nt package-lock.json ]]; then
  log "tests/bundlers/node_modules up to date with its package-lock.json"
else
  log "npm ci (tests/bundlers: vite, vite 6, webpack, webpack-cli, esbuild, typescript, @types/node)"
  npm ci --no-audit --no-fund
fi

scratch="$(mktemp -d "${TMPDIR:-/tmp}/reo-lca-bundlers-XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
log "npm pack pkg/ -> $scratch"
tarball="$scratch/$(cd "$ROOT/pkg" && npm pack --silent --pack-destination "$scratch")"
[[ -f "$tarball" ]] || { echo "[test-bundlers] error: npm pack made no tarball" >&2; exit 1; }

for app in apps/*/; do
  app="${app%/}"
  name="${app#apps/}"
  rm -rf "$app/node_modules" "$app/dist"
  # The package has no dependencies: the install needs no network.
  log "$name: npm install $(basename "$tarball")"
  (cd "$app" && npm install --offline --no-audit --no-fund --no-save --no-package-lock --ignore-scripts \
    --loglevel=error "$tarball" >/dev/null)
  if [[ "$name" != node-ts ]] && grep -q '"build"' "$app/package.json"; then
    log "$name: npm run build"
    (cd "$app" && npm run --silent build >"$scratch/$name.log" 2>&1) || {
      cat "$scratch/$name.log" >&2
      echo "[test-bundlers] error: $name: build failed" >&2
      exit 1
    }
  fi
done

log "node --test tests/bundlers/ (Chromium)"
node --test "$DIR/"
log "done in $((SECONDS - start)) s"
