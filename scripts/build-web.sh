#!/usr/bin/env bash
# Builds the page's WebAssembly and rules into www/, then the site as served
# (site/: the page with its scripts bundled and minified):
#   www/pkg/hukou_years.js, hukou_years_bg.wasm (wasm-opt -Os), hukou_years.d.ts
#   www/rules.json and www/rules.bin (the rules bundle, from rules/ through the
#   command line; the checker loads the binary one, the rules page rules.html
#   the JSON one), and www/rules.zh.json and www/rules.en.json (the texts the
#   checker shows, one language each, from rules.json: scripts/texts.mjs)
# and installs what it needs when missing: the wasm32 target, wasm-bindgen-cli
# at exactly the wasm-bindgen version in Cargo.lock, and the npm dev tools
# (binaryen's wasm-opt — never Debian's binaryen, whose wasm-opt output fails
# in the browser — plus playwright-core and @axe-core/playwright for the tests).
#
#   scripts/build-web.sh            build everything
#   scripts/build-web.sh --no-npm   do not install npm packages (wasm-opt must exist)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=www/pkg
CRATE=hukou_years
NPM=1
for arg in "$@"; do
  case "$arg" in
    --no-npm) NPM=0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

# shellcheck source=scripts/setup.sh
source scripts/setup.sh
step() { printf '\n== %s\n' "$*" >&2; }

step "toolchain"
ensure_rust
ensure_wasm_bindgen
BINDGEN_VERSION=$(wasm_bindgen_version)
if [ "$NPM" = 1 ]; then
  ensure_npm
fi
WASM_OPT="$ROOT/node_modules/.bin/wasm-opt"
[ -x "$WASM_OPT" ] || die "missing $WASM_OPT: run npm ci"

step "cargo build (wasm32, release)"
# The `wasm` profile: release with opt-level "z" (smaller module; the
# command line and benchmarks keep opt-level 3). Without the default "cli"
# feature: the command line is neither compiled nor linked.
cargo build --profile wasm --target wasm32-unknown-unknown --lib --no-default-features

step "wasm-bindgen $BINDGEN_VERSION"
rm -rf "$OUT"
mkdir -p "$OUT"
# The page always passes the module's URL to init(): the glue's default
# path is dead code.
wasm-bindgen --target web --omit-default-module-path --out-dir "$OUT" "target/wasm32-unknown-unknown/wasm/$CRATE.wasm"

step "wasm-opt -Os --converge (npm binaryen $("$WASM_OPT" --version | awk '{print $3}'))"
# The features rustc's wasm32 target emits and wasm-bindgen keeps; named
# explicitly so that a missing target_features section cannot silently
# lower them.
# -Os rather than -Oz: a few hundred bytes larger, but smaller gzipped, which
# is what the page transfers; --converge repeats the passes while they shrink.
# --low-memory-unused lets constant offsets fold into loads and stores (1.3 KB,
# 0.3 KB gzipped): true of rustc's layout, whose stack ends at 1 MiB and grows
# down, with the data and the heap above it, so the first kilobyte is never
# addressed.
"$WASM_OPT" -Os --converge --low-memory-unused \
  --enable-mutable-globals --enable-nontrapping-float-to-int --enable-bulk-memory \
  --enable-bulk-memory-opt --enable-sign-ext --enable-reference-types --enable-multivalue \
  --strip-debug --strip-producers \
  "$OUT/${CRATE}_bg.wasm" -o "$OUT/${CRATE}_bg.opt.wasm"
mv "$OUT/${CRATE}_bg.opt.wasm" "$OUT/${CRATE}_bg.wasm"

step "rules bundle"
cargo run --quiet --bin hukou-years -- bundle --out www/rules.json
# The texts the checker shows, one file per language (www/rules.zh.json,
# www/rules.en.json), from the bundle just written: the checker asks for its
# language's right after the first result, the rules page reads rules.json.
node scripts/texts.mjs www/rules.json

step "the site (site/): the page as it is served, scripts bundled and minified"
# www/ holds the readable sources; site/ is what a server publishes. esbuild
# bundles each entry point (the page, the custom element, the rules page, and
# later.js, what the checker asks for right after its first result) with the
# modules it imports, and minifies scripts and styles: the first visit is then
# one script, smaller. No --splitting: shared chunks would be one more request
# before the first result; later.js carries its own copy of the few small, pure
# modules it shares with the page (see www/later.js).
ESBUILD="$ROOT/node_modules/.bin/esbuild"
[ -x "$ESBUILD" ] || die "missing $ESBUILD: run npm ci"
SITE=site
rm -rf "$SITE"
mkdir -p "$SITE/pkg" "$SITE/demo"
# The module needs WebAssembly reference types (rustc emits them): Chromium 96,
# Safari 15, Firefox 79. Scripts are lowered no further than those engines read.
"$ESBUILD" www/main.js www/element.js www/rules-page.js www/later.js --bundle --minify --charset=utf8 --format=esm --target=es2020,chrome96,safari15,firefox79 \
  --metafile="$ROOT/target/site-meta.json" --outdir="$SITE" --log-level=warning
# The page's words: one module per language (www/lang.js names them), at the
# same paths as in www/, which the page loads for the language it speaks
# (www/words.js). 繁體中文 is what scripts/hant.mjs generates from the 简体中文
# table: the page no longer fills a stale table's gaps from that table, so a
# stale one stops the build.
node scripts/hant.mjs --check || die "www/generated/zh-hant.js is out of date: run node scripts/hant.mjs"
"$ESBUILD" www/strings/zh.js www/strings/en.js www/generated/zh-hant.js --minify --charset=utf8 --format=esm \
  --target=es2020,chrome96,safari15,firefox79 --outbase=www --outdir="$SITE" --log-level=warning
"$ESBUILD" www/embed.js --minify --target=es2020,chrome96,safari15,firefox79 --outfile="$SITE/embed.js" --log-level=warning
"$ESBUILD" www/style.css --minify --outfile="$SITE/style.css" --log-level=warning
"$ESBUILD" www/rules.css --minify --outfile="$SITE/rules.css" --log-level=warning
"$ESBUILD" www/demo/demo.css --minify --outfile="$SITE/demo/demo.css" --log-level=warning
cp www/index.html www/rules.html "$SITE/"
cp www/demo/*.html "$SITE/demo/"
cp "$OUT/${CRATE}_bg.wasm" "$OUT/$CRATE.d.ts" "$SITE/pkg/"
cp www/rules.bin www/rules.json www/rules.zh.json www/rules.en.json "$SITE/"

step "sizes (gzip -9)"
for f in "$SITE/pkg/${CRATE}_bg.wasm" "$SITE/main.js" "$SITE/later.js" "$SITE/rules.bin" "$SITE/style.css" "$SITE/index.html" \
  "$SITE/strings/zh.js" "$SITE/strings/en.js" "$SITE/generated/zh-hant.js" "$SITE/rules.zh.json" "$SITE/rules.en.json" \
  "$SITE/rules-page.js" "$SITE/rules.json" "$SITE/rules.html"; do
  printf '%8d B  %8d B gz  %s\n' "$(stat -c %s "$f")" "$(gzip -9c "$f" | wc -c)" "$f"
done
