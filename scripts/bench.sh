#!/usr/bin/env bash
# Measures every size and speed budget and prints the figures:
#   the evaluator natively (a 100-period history against every city, with
#   projections): median ≤ 100 µs, then the page's budgets (scripts/budgets.sh).
# Exits non-zero when a figure is over its budget. Figures, not tests: the
# test command does not run this.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh
ensure_rust
ensure_wasm_bindgen
ensure_chromium
ensure_npm

say "evaluator benchmark (native, release)"
out=$(cargo bench --locked --bench evaluate 2>&1 | tee /dev/stderr)
median=$(printf '%s\n' "$out" | awk -F= '/^median_us=/ { print $2 }')
[ -n "$median" ] || die "the benchmark printed no median"
status=0
if awk -v m="$median" 'BEGIN { exit !(m <= 100) }'; then
  echo "ok    evaluator, 100 periods × every city, median: $median µs (budget 100 µs)"
else
  echo "OVER  evaluator, 100 periods × every city, median: $median µs (budget 100 µs)"
  status=1
fi

say "page budgets"
scripts/build-web.sh >/dev/null 2>&1 || die "scripts/build-web.sh failed"
scripts/budgets.sh || status=1
exit $status
