#!/usr/bin/env bash
# Runs every test: formatting and lints, native tests (unit, scenarios, rules
# validation, coverage sweep, properties, doc tests), a short run of each fuzz
# target (scripts/fuzz.sh 20), the WebAssembly boundary
# in Node and in headless Chromium, and the page in headless Chromium.
# Installs what it needs first (see scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh

log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
failed=()
n=0

# step NAME COMMAND...: runs it, keeps its output for the totals, and goes on
# after a failure so that one run shows every failing step.
step() {
  local name=$1; shift
  n=$((n + 1))
  say "$name"
  if "$@" 2>&1 | tee "$log/$n.log"; then :; else failed+=("$name"); fi
}

# The set-up itself first, as a fresh machine sees it: with the tools hidden
# (a PATH without them, a throwaway install root), each ensure_* step must
# install what is missing or stop with a clear message.
step "set-up on a machine without the tools (tests/setup/fresh-machine.sh)" bash tests/setup/fresh-machine.sh

ensure_rust
ensure_wasm_bindgen
ensure_chromium
ensure_npm
ensure_shellcheck

step "shellcheck (scripts/, .ci/run, tests/setup/)" shellcheck -x scripts/*.sh .ci/run tests/setup/*.sh
step "cargo fmt --check" cargo fmt --all -- --check
step "clippy (native)" cargo clippy --all-targets --locked -- -D warnings
step "clippy (wasm32)" cargo clippy --lib --test wasm --target wasm32-unknown-unknown --no-default-features --locked -- -D warnings
step "native tests" cargo test --locked
step "fuzz smoke (scripts/fuzz.sh 20)" scripts/fuzz.sh 20
step "report types (tsc --strict on every scenario report)" node --test tests/types/
step "wasm boundary tests (Node)" cargo test --locked --target wasm32-unknown-unknown --no-default-features --test wasm
step "wasm boundary tests (headless Chromium)" env WASM_BINDGEN_USE_BROWSER=1 cargo test --locked --target wasm32-unknown-unknown --no-default-features --test wasm
step "page modules (node --test)" node --test tests/www/
step "build the page" scripts/build-web.sh
step "browser tests (headless Chromium)" node --test --test-concurrency=1 tests/browser/

# Totals over every runner: cargo's "test result: ... N passed; M failed",
# node's "# pass N" / "# fail M" and the shell tests' "N passed, M failed".
passed=$(cat "$log"/*.log | awk '
  /^test result:/ { for (i = 1; i <= NF; i++) if ($(i+1) ~ /^passed;?$/) p += $i }
  /^# pass / { p += $3 }
  /^[0-9]+ passed, [0-9]+ failed$/ { p += $1 }
  END { print p + 0 }')
fails=$(cat "$log"/*.log | awk '
  /^test result:/ { for (i = 1; i <= NF; i++) if ($(i+1) ~ /^failed;?$/) f += $i }
  /^# fail / { f += $3 }
  /^[0-9]+ passed, [0-9]+ failed$/ { f += $3 }
  END { print f + 0 }')

echo
if [ ${#failed[@]} -gt 0 ]; then
  printf 'failing steps:\n'
  printf '  - %s\n' "${failed[@]}"
  [ "$fails" -gt 0 ] || fails=${#failed[@]}
  echo "total: $passed passed, $fails failed"
  exit 1
fi
echo "total: $passed passed, 0 failed"
