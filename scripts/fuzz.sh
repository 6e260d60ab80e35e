#!/usr/bin/env bash
# Fuzzes reo-lca with cargo-fuzz (libFuzzer): every target in fuzz/fuzz_targets/ for N
# seconds each (default 30, the short CI run; see FUZZING.md for the longer run).
#
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Installs cargo-fuzz if it is missing. Builds on the stable toolchain with RUSTC_BOOTSTRAP=1
# (cargo-fuzz passes -Z flags) and without a sanitizer (`-s none`: the crate has no unsafe
# code, so AddressSanitizer would find nothing the Rust checks do not), with debug assertions
# and overflow checks on (`-a`). New corpus entries go to fuzz/corpus/<target>/ (ignored by
# git); the committed seeds in fuzz/seeds/<target>/ are read but never written. A crash
# leaves its input in fuzz/artifacts/<target>/ and makes the script exit non-zero.
# Prints one table row per target (date, target, executions, seconds, findings) for FUZZING.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

secs="${1:-30}"
shift || true
if [[ ! "$secs" =~ ^[0-9]+$ ]] || (( secs < 1 )); then
  echo "usage: bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]" >&2
  exit 2
fi

log() { printf '[fuzz] %s\n' "$*"; }

if ! cargo fuzz --version >/dev/null 2>&1; then
  # --locked: cargo-fuzz's own lock file resolves against the registry here (about 40 s).
  log "cargo install cargo-fuzz --locked"
  cargo install cargo-fuzz --locked
fi
# libfuzzer-sys compiles libFuzzer from C++ source.
if ! command -v c++ >/dev/null 2>&1; then
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "apt-get install -y g++ (libFuzzer is C++)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y g++
  else
    echo "[fuzz] error: libFuzzer needs a C++ compiler (apt-get install g++)" >&2
    exit 1
  fi
fi

export RUSTC_BOOTSTRAP=1
build_flags=(--fuzz-dir fuzz -s none -a)

if (( $# > 0 )); then
  targets=("$@")
else
  mapfile -t targets < <(cargo fuzz list --fuzz-dir fuzz)
fi

log "cargo fuzz build (${targets[*]})"
cargo fuzz build "${build_flags[@]}"

dict_for() {
  case "$1" in
    scenario_json) echo "fuzz/seeds/scenario.dict" ;;
    share_link) echo "fuzz/seeds/share.dict" ;;
    *) echo "" ;;
  esac
}

status=0
rows=()
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t" "fuzz/seeds/$t"
  args=(-max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -max_len=8192
        -print_final_stats=1 -artifact_prefix="fuzz/artifacts/$t/")
  dict="$(dict_for "$t")"
  [[ -n "$dict" ]] && args+=(-dict="$dict")
  out="$(mktemp)"
  log "$t: ${secs} s"
  set +e
  cargo fuzz run "${build_flags[@]}" "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- "${args[@]}" >"$out" 2>&1
  rc=$?
  set -e
  runs="$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$out" | grep -Eo '[0-9]+$' | tail -1 || true)"
  if [[ -z "$runs" ]]; then
    runs="$(grep -Eo 'Done [0-9]+ runs' "$out" | grep -Eo '[0-9]+' | tail -1 || true)"
  fi
  if (( rc == 0 )); then
    finding="none"
  else
    status=1
    finding="crash (exit $rc): $(ls -t "fuzz/artifacts/$t" 2>/dev/null | head -1)"
    grep -E 'panicked|ERROR: libFuzzer|SUMMARY' "$out" | head -5 >&2 || true
    tail -n 30 "$out" >&2
  fi
  rows+=("| $(date -u +%F) | $t | ${runs:-?} | ${secs} s | $finding |")
  rm -f "$out"
done

printf '\n| date | target | executions | duration | findings |\n|---|---|---:|---:|---|\n'
printf '%s\n' "${rows[@]}"
exit "$status"
