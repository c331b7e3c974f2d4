#!/usr/bin/env bash
# Fuzzes the core with cargo fuzz (libFuzzer), SECONDS per target (default
# 180): `history` (the history format → check), `rules` (a rules directory →
# validation → check, and the page's bundle of it) and `reader` (the page's
# reader of JSON-shaped values → check); see fuzz/fuzz_targets/ and README,
# "Fuzzing". Each target starts from seeds written from the test data
# (fuzz/seeds.mjs) and keeps what it finds in fuzz/corpus/ (not committed).
# Prints, per target, the executions run and the crashes found (inputs in
# fuzz/artifacts/<target>/); exits non-zero if any target crashed.
# Installs what it needs first: a dated nightly toolchain and cargo-fuzz.
#
# Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh

seconds=${1:-180}
case "$seconds" in
  '' | *[!0-9]* | 0) die "usage: scripts/fuzz.sh [SECONDS per target, a whole number > 0] (got '$seconds')" ;;
esac

TARGETS=(history rules reader)

need cargo "Install Rust with rustup (https://rustup.rs), then run this again."
need node "The seed corpora are written by fuzz/seeds.mjs: install Node.js 18 or later (Debian: apt-get install nodejs)."
ensure_nightly
ensure_cargo_fuzz

say "writing the seed corpora (fuzz/seeds.mjs)"
node fuzz/seeds.mjs fuzz/corpus || die "could not write the seed corpora"

say "building the fuzz targets ($HY_NIGHTLY, address sanitizer)"
cargo "+$HY_NIGHTLY" fuzz build --fuzz-dir fuzz || die "cargo fuzz build failed"

log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
results=()
crashed=0
for target in "${TARGETS[@]}"; do
  # The rules seeds hold the whole of rules/ (about 80 KB); the histories are
  # a few KB at most.
  max_len=65536
  [ "$target" = rules ] && max_len=262144
  artifacts="fuzz/artifacts/$target"
  mkdir -p "$artifacts"
  find "$artifacts" -type f | sort >"$log/$target.before"
  say "fuzzing $target for ${seconds}s"
  # The whole output goes to the log; libFuzzer's start and end lines to the
  # terminal too. cargo's exit status is kept aside from the pipeline's.
  {
    cargo "+$HY_NIGHTLY" fuzz run --fuzz-dir fuzz "$target" "fuzz/corpus/$target" -- \
      -max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb=2048 -timeout=30 \
      -print_final_stats=1 2>&1
    echo $? >"$log/$target.rc"
  } | tee "$log/$target.log" | grep -E '^#[0-9]+.*(INITED|DONE)|^Done ' || true
  status=$(cat "$log/$target.rc")
  find "$artifacts" -type f | sort >"$log/$target.after"
  new_inputs=$(comm -13 "$log/$target.before" "$log/$target.after")
  found=$(printf '%s' "$new_inputs" | grep -c . || true)
  if [ "$status" -ne 0 ]; then
    # The panic or sanitizer report, else the end of the output.
    grep -E -A3 'panicked at|^==[0-9]+==.*(ERROR|WARNING)|^SUMMARY' "$log/$target.log" | head -n 30 \
      || tail -n 40 "$log/$target.log"
    # A run that failed without an input written (a build or set-up error)
    # still counts as a failure.
    [ "$found" -gt 0 ] || found=1
  fi
  # Executions: libFuzzer's final stats, else the last status line (a crash
  # ends the run before the stats).
  runs=$(awk '/^stat::number_of_executed_units:/ { n = $2 } /^#[0-9]+/ { last = substr($1, 2) } END { print (n != "" ? n : last + 0) }' "$log/$target.log")
  results+=("$(printf '%-8s %12s executions  %s crash(es)' "$target" "$runs" "$found")")
  if [ "$found" -gt 0 ]; then
    crashed=1
    results+=("         ${new_inputs:-(no input written: see the output above)}")
  fi
done

echo
printf 'fuzzing, %ss per target:\n' "$seconds"
printf '  %s\n' "${results[@]}"
[ "$crashed" -eq 0 ] || die "a fuzz target crashed: reproduce with cargo +$HY_NIGHTLY fuzz run --fuzz-dir fuzz <target> <input>"
