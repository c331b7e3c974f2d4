#!/usr/bin/env bash
# Measures every size and speed budget and prints the figures:
#   the evaluator natively (a 100-period history against every city, with
#   projections): median ≤ 20 µs; a what-if ≤ 1.5× the plain check; each row
#   of a series (10 → 100 → 1,000 periods; 11 → 35 → 100 → 300 cities with
#   rules) grows in time at most 1.2× as much as in size (×10 in size ≤ ×12 in
#   time); then the page's budgets (scripts/budgets.sh).
# Exits non-zero when a figure is over its budget. Figures, not tests: the
# test command does not run this.
#
#   scripts/bench.sh [--native]    (--native: the evaluator only, not the page)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh
ensure_rust
native_only=false
[ "${1:-}" = "--native" ] && native_only=true

say "evaluator benchmark (native, release)"
out=$(cargo bench --locked --bench evaluate 2>&1 | tee /dev/stderr)
figure() { printf '%s\n' "$out" | awk -F= -v k="$1" '$1 == k { print $2 }'; }
median=$(figure median_us)
[ -n "$median" ] || die "the benchmark printed no median"
status=0
# check <ok?> <line>
check() {
  if [ "$1" = 1 ]; then echo "ok    $2"; else echo "OVER  $2"; status=1; fi
}
check "$(awk -v m="$median" 'BEGIN { print (m <= 20) }')" \
  "evaluator, 100 periods × every city, median: $median µs (budget 20 µs)"
echo "      of which at least the report alone (a copy of it made and dropped): $(figure report_copy_us) µs"
echo "      with the page's rules (rules.bin, without the texts): $(figure page_rules_us) µs"
what_if=$(figure what_if_us)
plain=$(figure what_if_plain_us)
if [ -z "$what_if" ] || [ -z "$plain" ]; then die "the benchmark printed no what-if figure"; fi
check "$(awk -v w="$what_if" -v m="$plain" 'BEGIN { print (w <= 1.5 * m) }')" \
  "what-if: $what_if µs, $(awk -v w="$what_if" -v m="$plain" 'BEGIN { printf "%.2f", w / m }')× the plain check timed in turn ($plain µs; budget 1.5×)"
# growth <series> <sizes…>: each row against the one before it.
growth() {
  local series=$1 previous="" size t p
  shift
  for size in "$@"; do
    t=$(figure "row_${series}_${size}_us")
    [ -n "$t" ] || die "the benchmark printed no row ${series} ${size}"
    if [ -n "$previous" ]; then
      p=$(figure "row_${series}_${previous}_us")
      check "$(awk -v t="$t" -v p="$p" -v s="$size" -v q="$previous" 'BEGIN { print (t / p <= 1.2 * s / q) }')" \
        "$series $previous → $size: $p → $t µs, ×$(awk -v t="$t" -v p="$p" 'BEGIN { printf "%.1f", t / p }') in time for ×$(awk -v s="$size" -v q="$previous" 'BEGIN { printf "%.1f", s / q }') in size (budget ×$(awk -v s="$size" -v q="$previous" 'BEGIN { printf "%.1f", 1.2 * s / q }'))"
    fi
    previous=$size
  done
}
growth periods 10 100 1000
growth cities 11 35 100 300
$native_only && exit $status

ensure_wasm_bindgen
ensure_chromium
ensure_npm
say "page budgets"
scripts/build-web.sh >/dev/null 2>&1 || die "scripts/build-web.sh failed"
scripts/budgets.sh || status=1
exit $status
