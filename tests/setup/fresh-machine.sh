#!/usr/bin/env bash
# The stand-ins' bodies and the steps below are code for another shell, in
# single quotes on purpose.
# shellcheck disable=SC2016
# The set-up (scripts/setup.sh) as a fresh machine sees it.
#
# Each ensure_* step runs under `set -euo pipefail`, as the README's commands
# run it, in a throwaway copy of the project with a PATH that holds only basic
# utilities, a throwaway HOME, CARGO_INSTALL_ROOT and HY_PREFIX (where Debian's
# packages would land). Three machines are tried:
#   bare        no cargo, rustup, node, npm, apt-get: every step stops with a
#               clear message (exit 1 and "error: …"), never silently (127)
#   installers  stand-ins for cargo, rustup, apt-get and npm that record what
#               they are asked and put the tool where the real one would: every
#               step installs what is missing, the tool is then there, and a
#               second run installs nothing
#   failing     the same stand-ins failing, or installing nothing: every step
#               stops with a clear message
# The stand-ins keep this test fast and offline; the real installs run when
# scripts/test.sh sets up a fresh machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); printf 'ok %d - %s\n' $((passed + failed)) "$1"; }
not_ok() {
  failed=$((failed + 1))
  printf 'not ok %d - %s\n' $((passed + failed)) "$1"
  [ -z "${2:-}" ] || printf '%s\n' "$2" | sed 's/^/#   /'
}

want_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")
[ -n "$want_version" ] || { echo "Cargo.lock names no wasm-bindgen" >&2; exit 1; }
fuzz_version=$(awk -F= '/^CARGO_FUZZ_VERSION=/ { print $2 }' "$root/scripts/setup.sh")
nightly=$(awk -F= '/^HY_NIGHTLY=/ { print $2 }' "$root/scripts/setup.sh")
[ -n "$nightly" ] || { echo "scripts/setup.sh names no nightly toolchain" >&2; exit 1; }
[ -n "$fuzz_version" ] || { echo "scripts/setup.sh names no cargo-fuzz version" >&2; exit 1; }

# Basic utilities only: the set-up and the stand-ins need these, and nothing
# else of the machine's is visible.
base="$tmp/base"
mkdir -p "$base"
for tool in bash sh awk grep sed cat id mkdir rm ln env dirname head chmod touch tr cut sort ls cp mktemp printf; do
  real=$(PATH=/usr/local/bin:/usr/bin:/bin command -v "$tool" || true)
  case "$real" in
    /*) ln -s "$real" "$base/$tool" ;;
    *) ;; # a shell builtin only
  esac
done

# The stand-ins. STUB_MODE=install (default) does the job, fail exits 1 as a
# failed download would, noop succeeds without installing anything.
stubs="$tmp/stubs"
mkdir -p "$stubs"
stub() {
  local name=$1 body=$2
  printf '#!/usr/bin/env bash\nset -u\necho "%s $*" >>"$STUB_LOG"\nmode=${STUB_MODE:-install}\n%s\n' "$name" "$body" >"$stubs/$name"
  chmod +x "$stubs/$name"
}
stub cargo '
if [ "$1" = install ]; then
  [ "$mode" = fail ] && { echo "error: failed to download $2" >&2; exit 101; }
  [ "$mode" = noop ] && exit 0
  tool=$2
  [ "$tool" = wasm-bindgen-cli ] && tool=wasm-bindgen
  mkdir -p "$CARGO_INSTALL_ROOT/bin"
  printf "#!/usr/bin/env bash\necho \"%s %s\"\n" "$tool" "$4" >"$CARGO_INSTALL_ROOT/bin/$tool"
  chmod +x "$CARGO_INSTALL_ROOT/bin/$tool"
fi'
stub rustup '
state="$STUB_STATE/targets"
case "$1 $2" in
  "target list") cat "$state" 2>/dev/null || true ;;
  "target add")
    [ "$mode" = fail ] && { echo "error: could not download" >&2; exit 1; }
    [ "$mode" = noop ] || echo "$3" >>"$state" ;;
  "run nightly-"*) [ -f "$STUB_STATE/$2" ] || { echo "error: toolchain $2 is not installed" >&2; exit 1; } ;;
  "toolchain install")
    [ "$mode" = fail ] && { echo "error: could not download" >&2; exit 1; }
    [ "$mode" = noop ] || touch "$STUB_STATE/$3" ;;
esac'
stub apt-get '
[ "$1" = update ] && exit 0
[ "$mode" = fail ] && { echo "E: Unable to locate package" >&2; exit 100; }
[ "$mode" = noop ] && exit 0
for pkg in "$@"; do
  case "$pkg" in
    chromium) mkdir -p "$HY_PREFIX/bin"; printf "#!/bin/sh\n" >"$HY_PREFIX/bin/chromium"; chmod +x "$HY_PREFIX/bin/chromium" ;;
    chromium-driver) mkdir -p "$HY_PREFIX/bin"; printf "#!/bin/sh\n" >"$HY_PREFIX/bin/chromedriver"; chmod +x "$HY_PREFIX/bin/chromedriver" ;;
    fonts-wqy-microhei) mkdir -p "$HY_PREFIX/share/fonts/truetype/wqy" ;;
    shellcheck) printf "#!/bin/sh\n" >"$STUB_STATE/bin/shellcheck"; chmod +x "$STUB_STATE/bin/shellcheck" ;;
  esac
done'
stub node 'echo "${STUB_NODE_MAJOR:-20}"'
stub npm '
[ "$1" = ci ] || exit 0
[ "$mode" = fail ] && { echo "npm error code E404" >&2; exit 1; }
[ "$mode" = noop ] && exit 0
mkdir -p node_modules && touch node_modules/.package-lock.json'
stub sudo 'exec "$@"'
stub_id_user="$tmp/user-id"
mkdir -p "$stub_id_user"
printf '#!/bin/sh\n[ "$1" = -u ] && { echo 1000; exit 0; }\nexec %s "$@"\n' "$(PATH=/usr/bin:/bin command -v id)" >"$stub_id_user/id"
chmod +x "$stub_id_user/id"
nosudo="$tmp/nosudo"
mkdir -p "$nosudo"
ln -s "$stubs/apt-get" "$nosudo/apt-get"

# run NAME MACHINE STEP [VAR=VALUE…]: runs one ensure_* step in a fresh
# throwaway project on the given machine; sets $code, $err and $calls.
run() {
  local machine=$1 step=$2
  shift 2
  local dir="$tmp/run"
  rm -rf "$dir"
  mkdir -p "$dir/project/scripts" "$dir/home" "$dir/cargo" "$dir/prefix" "$dir/state/bin"
  cp "$root/scripts/setup.sh" "$dir/project/scripts/"
  cp "$root/Cargo.lock" "$root/package.json" "$root/package-lock.json" "$dir/project/"
  : >"$dir/calls"
  local path="$base:$dir/state/bin"
  [ "$machine" = bare ] || path="$stubs:$path"
  set +e
  (cd "$dir/project" && env -i PATH="$path" HOME="$dir/home" CARGO_INSTALL_ROOT="$dir/cargo" \
    HY_PREFIX="$dir/prefix" STUB_LOG="$dir/calls" STUB_STATE="$dir/state" "$@" \
    bash -c 'set -euo pipefail; source scripts/setup.sh; '"$step"' && echo done') \
    >"$dir/out" 2>"$dir/err"
  code=$?
  set -e
  err=$(cat "$dir/err")
  calls=$(cat "$dir/calls")
}

# expect_stop NAME PATTERN: the step stopped with exit 1 and a message matching PATTERN.
expect_stop() {
  local name=$1 pattern=$2
  if [ "$code" = 1 ] && printf '%s\n' "$err" | grep -q '^error: ' && printf '%s\n' "$err" | grep -qE "$pattern"; then
    ok "$name"
  else
    not_ok "$name" "exit $code (want 1), stderr:
$err"
  fi
}

# expect_done NAME CALL_PATTERN CHECK: the step finished, asked an installer for
# CALL_PATTERN, and CHECK (a shell test run in the throwaway root) holds.
expect_done() {
  local name=$1 pattern=$2 check=$3
  if [ "$code" = 0 ] && grep -q '^done$' "$tmp/run/out" && printf '%s\n' "$calls" | grep -qE "$pattern" \
    && (cd "$tmp/run/project" && eval "$check"); then
    ok "$name"
  else
    not_ok "$name" "exit $code, installer calls:
$calls
stderr:
$err"
  fi
}

# --- bare: nothing installed, nothing to install with -------------------------
run bare ensure_rust
expect_stop "bare: ensure_rust asks for Rust" 'cargo is not installed.*rustup'
run bare ensure_wasm_bindgen
expect_stop "bare: ensure_wasm_bindgen says cargo is needed" "wasm-bindgen-cli $want_version is installed with cargo"
run bare ensure_npm
expect_stop "bare: ensure_npm asks for Node.js" 'node is not installed.*Node.js 18'
run bare ensure_chromium
expect_stop "bare: ensure_chromium names the Debian packages" 'chromium chromium-driver fonts-wqy-microhei \(apt-get was not found\)'
run bare ensure_shellcheck
expect_stop "bare: ensure_shellcheck names the Debian package" 'shellcheck \(apt-get was not found\)'
run bare ensure_nightly
expect_stop "bare: ensure_nightly asks for rustup" 'rustup is not installed.*nightly toolchain'
run bare ensure_cargo_fuzz
expect_stop "bare: ensure_cargo_fuzz says cargo is needed" 'cargo-fuzz is installed with cargo'

# --- installers: every step installs what is missing --------------------------
run installers ensure_rust
expect_done "installers: ensure_rust adds the wasm32 target" '^rustup target add wasm32-unknown-unknown$' 'true'
run installers 'ensure_wasm_bindgen && wasm-bindgen --version'
expect_done "installers: ensure_wasm_bindgen installs the version in Cargo.lock and puts it on PATH" \
  "^cargo install wasm-bindgen-cli --version $want_version\$" "grep -qx 'wasm-bindgen $want_version' ../out"
run installers 'ensure_chromium'
expect_done "installers: ensure_chromium installs chromium, its driver and a CJK font" \
  '^apt-get install .*chromium chromium-driver fonts-wqy-microhei' \
  '[ -x ../prefix/bin/chromium ] && [ -x ../prefix/bin/chromedriver ] && [ -d ../prefix/share/fonts/truetype/wqy ]'
run installers 'ensure_shellcheck'
expect_done "installers: ensure_shellcheck installs shellcheck" '^apt-get install .*shellcheck' '[ -x ../state/bin/shellcheck ]'
run installers 'ensure_npm'
expect_done "installers: ensure_npm runs npm ci" '^npm ci' '[ -f node_modules/.package-lock.json ]'
run installers 'ensure_nightly'
expect_done "installers: ensure_nightly installs the dated nightly toolchain" "^rustup toolchain install $nightly --profile minimal\$" "[ -f ../state/$nightly ]"
run installers 'ensure_cargo_fuzz && cargo-fuzz --version'
expect_done "installers: ensure_cargo_fuzz installs the pinned cargo-fuzz and puts it on PATH" \
  "^cargo install cargo-fuzz --version $fuzz_version --locked\$" "grep -qx 'cargo-fuzz $fuzz_version' ../out"
run installers 'ensure_rust; ensure_wasm_bindgen; ensure_chromium; ensure_shellcheck; ensure_npm; ensure_nightly; ensure_cargo_fuzz; : >"$STUB_LOG"; ensure_rust; ensure_wasm_bindgen; ensure_chromium; ensure_shellcheck; ensure_npm; ensure_nightly; ensure_cargo_fuzz'
installs=$(printf '%s\n' "$calls" | grep -E ' (install|add|ci)( |$)' || true)
if [ "$code" = 0 ] && [ -z "$installs" ]; then
  ok "installers: a second run installs nothing"
else
  not_ok "installers: a second run installs nothing" "exit $code, installs: $installs, stderr: $err"
fi
run installers 'mkdir -p "$CARGO_INSTALL_ROOT/bin"; printf "#!/bin/sh\necho wasm-bindgen 0.0.1\n" >"$CARGO_INSTALL_ROOT/bin/wasm-bindgen"; chmod +x "$CARGO_INSTALL_ROOT/bin/wasm-bindgen"; ensure_wasm_bindgen && wasm-bindgen --version'
expect_done "installers: a wasm-bindgen of another version is replaced" \
  "^cargo install wasm-bindgen-cli --version $want_version\$" "grep -qx 'wasm-bindgen $want_version' ../out"
run installers ensure_chromium PATH="$stubs:$stub_id_user:$base"
expect_done "installers: not root, ensure_chromium installs through sudo" '^sudo apt-get install' '[ -x ../prefix/bin/chromium ]'

# --- failing: the installers fail, or install nothing -------------------------
run installers ensure_rust STUB_MODE=fail
expect_stop "failing: rustup target add" 'could not install the wasm32-unknown-unknown target'
run installers ensure_wasm_bindgen STUB_MODE=fail
expect_stop "failing: cargo install" "could not install wasm-bindgen-cli $want_version"
run installers ensure_wasm_bindgen STUB_MODE=noop
expect_stop "failing: cargo install puts nothing on PATH" "wasm-bindgen on PATH is missing"
run installers ensure_chromium STUB_MODE=fail
expect_stop "failing: apt-get install chromium" 'could not install chromium chromium-driver fonts-wqy-microhei'
run installers ensure_chromium STUB_MODE=noop
expect_stop "failing: apt-get installs no chromium" 'chromium or .*chromedriver is still missing'
run installers ensure_shellcheck STUB_MODE=fail
expect_stop "failing: apt-get install shellcheck" 'could not install shellcheck'
run installers ensure_npm STUB_MODE=fail
expect_stop "failing: npm ci" 'npm ci failed'
run installers ensure_nightly STUB_MODE=fail
expect_stop "failing: rustup toolchain install nightly" "could not install the $nightly toolchain"
run installers ensure_nightly STUB_MODE=noop
expect_stop "failing: rustup installs a nightly that does not run" 'its rustc does not run'
run installers ensure_cargo_fuzz STUB_MODE=fail
expect_stop "failing: cargo install cargo-fuzz" "could not install cargo-fuzz $fuzz_version"
run installers ensure_cargo_fuzz STUB_MODE=noop
expect_stop "failing: cargo install puts no cargo-fuzz on PATH" 'cargo-fuzz on PATH is missing'
run installers ensure_npm STUB_NODE_MAJOR=16
expect_stop "failing: Node.js too old" 'Node.js 18 or later is needed; found 16'
run installers ensure_chromium PATH="$stub_id_user:$nosudo:$base"
expect_stop "failing: not root and no sudo" 'as root \(not root, and sudo was not found\)'

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
