# Shared set-up for scripts/serve.sh and scripts/test.sh: installs what a fresh
# Debian machine lacks, and stops with a clear message when it cannot.
# Source it; do not run it.

say() { printf '\n==> %s\n' "$*" >&2; }
die() { printf '\nerror: %s\n' "$*" >&2; exit 1; }

need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is not installed. $2"
}

ensure_rust() {
  need cargo "Install Rust with rustup (https://rustup.rs), then run this again."
  need rustup "The wasm32 target is installed with rustup; install Rust with rustup."
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "installing the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown || die "could not install the wasm32-unknown-unknown target"
  fi
}

# The wasm-bindgen CLI must be exactly the version of the wasm-bindgen crate in
# Cargo.lock, or its output does not match the library.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_wasm_bindgen() {
  local want have
  want=$(wasm_bindgen_version)
  [ -n "$want" ] || die "Cargo.lock names no wasm-bindgen version"
  export PATH="$HOME/.cargo/bin:$PATH"
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')
  if [ "$have" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (about two minutes, once)"
    # Not --locked: the registry mirror lacks one locked transitive version.
    cargo install wasm-bindgen-cli --version "$want" \
      || die "could not install wasm-bindgen-cli $want from crates.io"
  fi
}

# Debian's Chromium (never a browser downloaded by a test tool), its driver for
# the wasm-bindgen test runner, and a CJK font so that screenshots show Chinese.
ensure_chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && [ -d /usr/share/fonts/truetype/wqy ]; then
    return
  fi
  say "installing Debian's chromium, chromium-driver and fonts-wqy-microhei"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  command -v apt-get >/dev/null 2>&1 \
    || die "Chromium is needed for the browser tests: install the chromium and chromium-driver packages"
  $sudo apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-wqy-microhei >/dev/null \
    || die "could not install chromium, chromium-driver and fonts-wqy-microhei with apt-get (root needed)"
}

ensure_npm() {
  need node "Install Node.js 18 or later."
  need npm "Install npm."
  # Reinstall when package-lock.json changed since the last install.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages (package-lock.json)"
    npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed"
  fi
}
