#!/usr/bin/env bash
# Runs every check and test suite, stopping at the first failure:
#   1. cargo fmt --check      2. cargo clippy -D warnings
#   3. cargo test (native)    4. scripts/build-wasm.sh (pkg/ and www/pkg/), then
#      tsc --noEmit --strict on tests/ts/ against the generated pkg/*.d.ts (a DOM project and a
#      Node-only one without the DOM library)
#   5. cargo test --target wasm32-unknown-unknown (Node + headless Chromium)
#   6. scripts/fuzz.sh: a short fuzz run, REO_FUZZ_SECONDS per target (default 30; about
#      3 min in all with the one-time cargo-fuzz install); REO_SKIP_FUZZ=1 skips it
#   7. node --test tests/node/ (npm package)   8. node --test tests/e2e/ (page and widget)
#   9. scripts/test-bundlers.sh: the packed tarball built with Vite, webpack and esbuild, in
#      workers and plain pages, run in Chromium (about 1 min); REO_SKIP_BUNDLERS=1 skips it
#  10. scripts/test-brightway.sh: the exports in bw_processing and bw2calc (a Python venv in
#      target/bw-venv; about 10 s warm, about 22 s more when the venv is new);
#      REO_SKIP_BRIGHTWAY=1 skips it
# Runs scripts/setup.sh first (skipped steps cost ~1 s), so it works on a fresh machine;
# REO_SKIP_SETUP=1 skips it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CRATE_DIR="${CRATE_DIR:-$ROOT}"
export PATH="$HOME/.cargo/bin:$PATH"
if [[ -z "${CHROMEDRIVER:-}" && -x /usr/bin/chromedriver ]]; then
  export CHROMEDRIVER=/usr/bin/chromedriver
fi

cd "$CRATE_DIR"

step() { printf '\n==> %s\n' "$*"; }

# Install what a fresh machine lacks (each step is skipped when already satisfied).
if [[ "${REO_SKIP_SETUP:-0}" != 1 ]]; then
  step "scripts/setup.sh"
  bash "$ROOT/scripts/setup.sh" </dev/null
fi

step "cargo fmt --all -- --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets -- -D warnings

step "cargo test (native)"
cargo test

step "scripts/build-wasm.sh"
CRATE_DIR="$CRATE_DIR" bash "$ROOT/scripts/build-wasm.sh"

step "tsc --noEmit -p tests/ts (the package's TypeScript types)"
node_modules/.bin/tsc -p tests/ts/tsconfig.json
node_modules/.bin/tsc -p tests/ts/tsconfig.node.json

# Every target must compile for wasm32 (binaries too: integration tests build them).
step "cargo test --target wasm32-unknown-unknown (Node + headless Chromium)"
cargo test --target wasm32-unknown-unknown

# Short fuzz run of every cargo-fuzz target (FUZZING.md documents the longer run).
if [[ "${REO_SKIP_FUZZ:-0}" == 1 ]]; then
  step "scripts/fuzz.sh: skipped (REO_SKIP_FUZZ=1)"
else
  step "scripts/fuzz.sh ${REO_FUZZ_SECONDS:-30} (short fuzz run)"
  bash "$ROOT/scripts/fuzz.sh" "${REO_FUZZ_SECONDS:-30}"
fi

# node:test only picks up files named *.test.{js,mjs,cjs} (or test-*.js, *_test.js)
# when given a directory; a test directory holding none of those is an error.
for dir in tests/node tests/e2e; do
  if [[ ! -d "$dir" ]]; then
    step "node --test $dir/: skipped ($dir/ does not exist)"
    continue
  fi
  if [[ -z "$(find "$dir" -type f \( -name '*.test.js' -o -name '*.test.mjs' -o -name '*.test.cjs' \
        -o -name 'test-*.js' -o -name 'test-*.mjs' -o -name '*_test.js' -o -name '*_test.mjs' \) -print -quit)" ]]; then
    echo "error: $dir/ exists but holds no test files (name them *.test.mjs)" >&2
    exit 1
  fi
  step "node --test $dir/"
  node --test "$dir/"
done

# The packed tarball in real bundlers and browsers (tests/bundlers/ has its own lock file).
if [[ "${REO_SKIP_BUNDLERS:-0}" == 1 ]]; then
  step "scripts/test-bundlers.sh: skipped (REO_SKIP_BUNDLERS=1)"
else
  step "scripts/test-bundlers.sh (Vite, webpack, esbuild, workers, plain pages)"
  bash "$ROOT/scripts/test-bundlers.sh"
fi

if [[ "${REO_SKIP_BRIGHTWAY:-0}" == 1 ]]; then
  step "scripts/test-brightway.sh: skipped (REO_SKIP_BRIGHTWAY=1)"
else
  step "scripts/test-brightway.sh (bw_processing + bw2calc)"
  CRATE_DIR="$CRATE_DIR" bash "$ROOT/scripts/test-brightway.sh"
fi

printf '\nAll checks passed.\n'
