#!/usr/bin/env bash
# Builds the checker (WebAssembly, rules bundle, page) and serves it locally.
# PORT=8080 scripts/serve.sh to use another port.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh

ensure_rust
ensure_wasm_bindgen
ensure_npm
scripts/build-web.sh
port=${PORT:-8000}
say "serving site/ at http://127.0.0.1:$port/ (Ctrl-C to stop)"
exec python3 scripts/serve.py --port "$port"
