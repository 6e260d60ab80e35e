#!/usr/bin/env bash
# Builds the WebAssembly module and its JS glue into pkg/ (the npm package
# directory) and copies it to www/pkg/ for the static page.
#   cargo build (profile wasm-release, wasm32) -> wasm-bindgen --target web -> wasm-opt -Oz
# wasm-opt is the npm binaryen build from node_modules (Debian's binaryen 108
# produces modules that throw at init). Also copies the page's chart library
# (the bar-chart parts of Chart.js, bundled by scripts/build-vendor.mjs) to www/vendor/, then
# writes gzip and Brotli copies beside every asset of www/ (scripts/compress-assets.mjs) for
# scripts/serve.mjs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CRATE_DIR="${CRATE_DIR:-$ROOT}"
export PATH="$HOME/.cargo/bin:$PATH"

NAME=reo_lca
TARGET_DIR="${CARGO_TARGET_DIR:-$CRATE_DIR/target}"
OUT="$CRATE_DIR/pkg"
WWW_PKG="$CRATE_DIR/www/pkg"
WASM_OPT="$ROOT/node_modules/.bin/wasm-opt"
CHART_DIR="$ROOT/node_modules/chart.js"
WWW_VENDOR="$CRATE_DIR/www/vendor"

log() { printf '[build-wasm] %s\n' "$*"; }

if [[ ! -x "$WASM_OPT" ]]; then
  echo "[build-wasm] error: $WASM_OPT missing; run 'npm ci' (or scripts/setup.sh) first" >&2
  exit 1
fi

if [[ ! -f "$CHART_DIR/package.json" || ! -x "$ROOT/node_modules/.bin/esbuild" ]]; then
  echo "[build-wasm] error: chart.js or esbuild missing from node_modules; run 'npm ci' (or scripts/setup.sh) first" >&2
  exit 1
fi

cd "$CRATE_DIR"

# `[profile.wasm-release]` (Cargo.toml) and the wasm32 `rustflags` (.cargo/config.toml).
log "cargo build --profile wasm-release --target wasm32-unknown-unknown --lib"
cargo build --profile wasm-release --target wasm32-unknown-unknown --lib

log "wasm-bindgen --target web --out-dir pkg --out-name $NAME"
rm -rf "$OUT"
wasm-bindgen --target web --out-dir "$OUT" --out-name "$NAME" \
  "$TARGET_DIR/wasm32-unknown-unknown/wasm-release/$NAME.wasm"

# A second free() and calls after free() are checked in JS, never inside the module (see the
# script's header).
log "node scripts/patch-glue.mjs"
node "$ROOT/scripts/patch-glue.mjs" "$OUT/$NAME.js"
# init()'s types without DOM names, so a Node-only TypeScript project type-checks the package.
log "node scripts/patch-types.mjs"
node "$ROOT/scripts/patch-types.mjs" "$OUT/$NAME.d.ts"

# rustc's wasm32 target enables bulk-memory, nontrapping-fptoint, sign-ext,
# mutable-globals, multivalue and reference-types by default; wasm-opt must be
# allowed to keep them. (wasm-bindgen emits an externref table.)
log "wasm-opt -Oz"
"$WASM_OPT" -Oz \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$OUT/${NAME}_bg.wasm" -o "$OUT/${NAME}_bg.wasm"

# npm package metadata, the Node entry point and the widget, written by hand in npm/, and the
# licences and changelog.
for f in package.json README.md node.js widget.js widget.d.ts wasm.d.ts; do
  if [[ -f "$CRATE_DIR/npm/$f" ]]; then
    log "cp npm/$f pkg/$f"
    cp "$CRATE_DIR/npm/$f" "$OUT/$f"
  fi
done
for f in LICENSE LICENSE-DATA.md CHANGELOG.md; do
  if [[ -f "$CRATE_DIR/$f" ]]; then
    cp "$CRATE_DIR/$f" "$OUT/$f"
  fi
done

log "copy pkg/ -> www/pkg/"
rm -rf "$WWW_PKG"
mkdir -p "$(dirname "$WWW_PKG")"
cp -R "$OUT" "$WWW_PKG"

# The page imports the bar-chart parts of Chart.js as one ES module from its own origin (no
# CDN), bundled from node_modules by esbuild.
log "node scripts/build-vendor.mjs -> www/vendor/chart.js"
rm -f "$WWW_VENDOR/chart.umd.min.js"
node "$ROOT/scripts/build-vendor.mjs" "$WWW_VENDOR"

log "sizes (raw / gzip -9):"
for f in "$OUT"/*; do
  [[ -f "$f" ]] || continue
  printf '  %-28s %9d B  %9d B\n' "$(basename "$f")" \
    "$(wc -c <"$f")" "$(gzip -9 -c "$f" | wc -c)"
done

log "node scripts/compress-assets.mjs www"
node "$ROOT/scripts/compress-assets.mjs" "$CRATE_DIR/www"
