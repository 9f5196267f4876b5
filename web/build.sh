#!/usr/bin/env bash
# Builds the office's page: zhibiao compiled to WebAssembly, inlined with its JS and CSS into the
# single self-contained file target/web/zhibiao.html (opened from file://, no network).
set -euo pipefail
cd "$(dirname "$0")/.."

rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || rustup target list --installed | grep -qx wasm32-unknown-unknown
cargo build -p zhibiao-web --target wasm32-unknown-unknown --profile web --locked
wasm=target/wasm32-unknown-unknown/web/zhibiao_web.wasm
page=web/page
out=target/web/zhibiao.html
mkdir -p target/web

# The inline script and style are allowed by their hashes; the worker comes from a blob: URL and
# instantiates the wasm ('wasm-unsafe-eval'); nothing may be fetched or sent (connect-src 'none').
hash() { printf "'sha256-%s'" "$(printf "$(sha256sum "$1" | cut -c1-64 | sed 's/../\\x&/g')" | base64 -w0)"; }
csp="default-src 'none'; script-src $(hash $page/page.js) 'wasm-unsafe-eval'; worker-src blob:; style-src $(hash $page/style.css);"
csp+=" img-src data: blob:; connect-src 'none'; form-action 'none'; base-uri 'none'"

# The wasm goes in gzipped (the page unpacks it with the browser's DecompressionStream), as base64.
# Each @NAME@ in the template is replaced by a file's contents, byte for byte (the hashes depend on it).
splice() {
  local line before after
  while IFS= read -r line || [[ -n $line ]]; do
    case $line in
      *@STYLE@*) printf '%s' "${line%%@STYLE@*}"; cat $page/style.css; printf '%s\n' "${line#*@STYLE@}" ;;
      *@PAGE@*) printf '%s' "${line%%@PAGE@*}"; cat $page/page.js; printf '%s\n' "${line#*@PAGE@}" ;;
      *@WORKER@*) printf '%s' "${line%%@WORKER@*}"; cat $page/worker.js; printf '%s\n' "${line#*@WORKER@}" ;;
      *@WASM@*) printf '%s' "${line%%@WASM@*}"; gzip -9 -n -c "$wasm" | base64 -w0; printf '%s\n' "${line#*@WASM@}" ;;
      *@CSP@*) before=${line%%@CSP@*}; after=${line#*@CSP@}; printf '%s%s%s\n' "$before" "$csp" "$after" ;;
      *) printf '%s\n' "$line" ;;
    esac
  done <"$page/index.html"
}
splice >"$out.tmp"
mv "$out.tmp" "$out"
echo "$out: $(( $(stat -c %s "$out") / 1024 )) KB (wasm $(( $(stat -c %s "$wasm") / 1024 )) KB)"
