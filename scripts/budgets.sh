#!/usr/bin/env bash
# Measures the page against its budgets and prints the figures:
#   first visit before the first result, gzipped            ≤ 100 KB
#   (and, without a budget, the whole visit with rules.json: the texts)
#   the WebAssembly module alone, gzipped                   ≤  60 KB
#   navigation → first result, median in headless Chromium ≤ 300 ms
#   recompute of a 100-period history against every city   ≤   2 ms (median)
# Exits non-zero when a figure is over its budget. Needs a built site/
# (scripts/build-web.sh) and the npm dev tools. The 100-period history is the
# one the evaluator's benchmark measures (examples/sample_history.rs); the
# measuring is scripts/budgets.mjs.
#
#   scripts/budgets.sh [runs]      (default 9 page loads, 200 recomputes)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f site/pkg/hukou_years_bg.wasm ] || [ ! -f site/rules.bin ]; then
  echo "build first: scripts/build-web.sh" >&2
  exit 1
fi
history=$(mktemp "${TMPDIR:-/tmp}/hukou-years-history.XXXXXX")
trap 'rm -f "$history"' EXIT
if ! cargo run --quiet --locked --example sample_history -- --periods 100 >"$history"; then
  echo "could not write the 100-period history (cargo run --example sample_history)" >&2
  exit 1
fi
node scripts/budgets.mjs "$history" "${1:-9}"
