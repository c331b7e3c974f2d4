# shellcheck shell=bash
# Shared set-up for the scripts in scripts/: installs what a fresh Debian
# machine lacks, and stops with a clear message when it cannot. Source it from
# the project root; do not run it.
#
# Every ensure_* step is safe when its tool is absent: a tool's version is read
# only after `command -v` found it (under `set -euo pipefail` a failing
# `$(tool --version | …)` would end the script without a word), and after each
# install the step checks that the tool is really there.
#
# HY_PREFIX (default /usr) is where Debian's packages put their files; the
# set-up test points it, PATH and CARGO_INSTALL_ROOT at throwaway directories.

say() { printf '\n==> %s\n' "$*" >&2; }
die() { printf '\nerror: %s\n' "$*" >&2; exit 1; }

HY_PREFIX=${HY_PREFIX:-/usr}
# Where `cargo install` puts binaries: $CARGO_INSTALL_ROOT/bin, else ~/.cargo/bin.
HY_CARGO_BIN=${CARGO_INSTALL_ROOT:-${CARGO_HOME:-$HOME/.cargo}}/bin
case ":$PATH:" in
  *":$HY_CARGO_BIN:"*) ;;
  *) PATH="$HY_CARGO_BIN:$PATH" ;;
esac
export PATH

have() { command -v "$1" >/dev/null 2>&1; }

need() {
  have "$1" || die "$1 is not installed. $2"
}

# apt_install WHAT PACKAGE...: installs Debian packages, as root or with sudo.
apt_install() {
  local what=$1
  shift
  have apt-get || die "$what is needed: install the Debian package(s) $* (apt-get was not found)"
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    have sudo || die "$what is needed: install the Debian package(s) $* as root (not root, and sudo was not found)"
    sudo=(sudo)
  fi
  say "installing Debian's $* ($what)"
  if ! "${sudo[@]}" apt-get update -qq \
    || ! DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null; then
    die "could not install $* with apt-get"
  fi
}

ensure_rust() {
  need cargo "Install Rust with rustup (https://rustup.rs), then run this again."
  need rustup "The wasm32 target is installed with rustup; install Rust with rustup (https://rustup.rs)."
  local targets
  targets=$(rustup target list --installed) || die "rustup could not list the installed targets"
  if ! printf '%s\n' "$targets" | grep -qx wasm32-unknown-unknown; then
    say "installing the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown || die "could not install the wasm32-unknown-unknown target with rustup"
  fi
}

# The wasm-bindgen CLI must be exactly the version of the wasm-bindgen crate in
# Cargo.lock, or its output does not match the library.
wasm_bindgen_version() {
  [ -f Cargo.lock ] || return 0
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

# The version a `wasm-bindgen --version` prints ("wasm-bindgen 0.2.130"), or
# nothing when it is not installed.
installed_wasm_bindgen() {
  have wasm-bindgen || return 0
  wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true
}

ensure_wasm_bindgen() {
  local want have_version
  want=$(wasm_bindgen_version)
  [ -n "$want" ] || die "Cargo.lock names no wasm-bindgen version (run this from the project root)"
  have_version=$(installed_wasm_bindgen)
  if [ "$have_version" != "$want" ]; then
    need cargo "wasm-bindgen-cli $want is installed with cargo; install Rust with rustup (https://rustup.rs)."
    say "installing wasm-bindgen-cli $want (about two minutes, once)${have_version:+; found $have_version}"
    # Not --locked: the registry mirror lacks one locked transitive version.
    cargo install wasm-bindgen-cli --version "$want" \
      || die "could not install wasm-bindgen-cli $want with cargo install"
    have_version=$(installed_wasm_bindgen)
    [ "$have_version" = "$want" ] \
      || die "wasm-bindgen-cli $want was installed, but the wasm-bindgen on PATH is ${have_version:-missing} (is $HY_CARGO_BIN on PATH?)"
  fi
}

# Debian's Chromium (never a browser downloaded by a test tool), its driver for
# the wasm-bindgen test runner, and a CJK font so that screenshots show Chinese.
ensure_chromium() {
  local missing=()
  [ -x "$HY_PREFIX/bin/chromium" ] || missing+=(chromium)
  [ -x "$HY_PREFIX/bin/chromedriver" ] || missing+=(chromium-driver)
  [ -d "$HY_PREFIX/share/fonts/truetype/wqy" ] || missing+=(fonts-wqy-microhei)
  [ ${#missing[@]} -eq 0 ] && return 0
  apt_install "Chromium for the browser tests" "${missing[@]}"
  if [ ! -x "$HY_PREFIX/bin/chromium" ] || [ ! -x "$HY_PREFIX/bin/chromedriver" ]; then
    die "apt-get finished, but $HY_PREFIX/bin/chromium or $HY_PREFIX/bin/chromedriver is still missing"
  fi
}

ensure_shellcheck() {
  have shellcheck && return 0
  apt_install "shellcheck for the scripts' lint" shellcheck
  have shellcheck || die "apt-get finished, but shellcheck is still not on PATH"
}

ensure_npm() {
  need node "Install Node.js 18 or later (Debian: apt-get install nodejs npm)."
  need npm "Install npm (Debian: apt-get install npm)."
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || true)
  [ "${major:-0}" -ge 18 ] 2>/dev/null || die "Node.js 18 or later is needed; found ${major:-an unreadable version}"
  # Reinstall when package-lock.json changed since the last install.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages (package-lock.json)"
    npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed (package-lock.json)"
  fi
  [ -f node_modules/.package-lock.json ] || die "npm ci finished, but node_modules/ is missing"
}

# --- for scripts/fuzz.sh ------------------------------------------------------

# cargo-fuzz, pinned: the fuzz targets are built and run with this version.
CARGO_FUZZ_VERSION=0.13.2
# cargo fuzz builds with -Zsanitizer, which only nightly has. A dated
# nightly, so that the fuzz build does not change under the tests from one
# day to the next (rustc 1.97.0-nightly e50aa6fba).
HY_NIGHTLY=nightly-2026-05-20
ensure_nightly() {
  need rustup "The nightly toolchain is installed with rustup; install Rust with rustup (https://rustup.rs)."
  rustup run "$HY_NIGHTLY" rustc --version >/dev/null 2>&1 && return 0
  say "installing the $HY_NIGHTLY Rust toolchain (for cargo fuzz)"
  rustup toolchain install "$HY_NIGHTLY" --profile minimal \
    || die "could not install the $HY_NIGHTLY toolchain with rustup"
  rustup run "$HY_NIGHTLY" rustc --version >/dev/null 2>&1 \
    || die "rustup installed the $HY_NIGHTLY toolchain, but its rustc does not run"
}

# The version a `cargo-fuzz --version` prints ("cargo-fuzz 0.13.2"), or
# nothing when it is not installed.
installed_cargo_fuzz() {
  have cargo-fuzz || return 0
  cargo-fuzz --version 2>/dev/null | awk '{ print $2 }' || true
}

ensure_cargo_fuzz() {
  local have_version
  have_version=$(installed_cargo_fuzz)
  [ "$have_version" = "$CARGO_FUZZ_VERSION" ] && return 0
  need cargo "cargo-fuzz is installed with cargo; install Rust with rustup (https://rustup.rs)."
  say "installing cargo-fuzz $CARGO_FUZZ_VERSION (about two minutes, once)${have_version:+; found $have_version}"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked \
    || die "could not install cargo-fuzz $CARGO_FUZZ_VERSION with cargo install"
  have_version=$(installed_cargo_fuzz)
  [ "$have_version" = "$CARGO_FUZZ_VERSION" ] \
    || die "cargo-fuzz $CARGO_FUZZ_VERSION was installed, but the cargo-fuzz on PATH is ${have_version:-missing} (is $HY_CARGO_BIN on PATH?)"
}
