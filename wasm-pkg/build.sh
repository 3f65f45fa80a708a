#!/usr/bin/env bash
# Builds the JavaScript package: the core for wasm32 with the size-tuned `pkg` profile,
# then wasm-bindgen twice: an ES module for browsers and bundlers (pkg/web) and a
# CommonJS build for node (pkg/node). wasm-bindgen-cli must match Cargo.lock's
# wasm-bindgen exactly (0.2.130); .ci/run installs it.
set -euo pipefail
cd "$(dirname "$0")/.."
want=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')
if [ "$want" != "$have" ]; then
  echo "wasm-bindgen-cli $have does not match wasm-bindgen $want in Cargo.lock:" >&2
  echo "  cargo install wasm-bindgen-cli --version $want" >&2
  exit 1
fi
cargo build -q -p kefu-wasm --target wasm32-unknown-unknown --profile pkg
wasm=target/wasm32-unknown-unknown/pkg/kefu_wasm.wasm
rm -rf wasm-pkg/pkg
wasm-bindgen --target web --out-dir wasm-pkg/pkg/web --out-name kefu "$wasm"
wasm-bindgen --target nodejs --out-dir wasm-pkg/pkg/node --out-name kefu "$wasm"
ls -l wasm-pkg/pkg/web/kefu_bg.wasm

# The data types come from the Rust types through `kefu schema`; the committed file must
# match a fresh generation (KEFU_WRITE_TYPES=1 rewrites it).
cargo run -q --release -p kefu-cli -- --engine native schema | node wasm-pkg/gen-types.js > target/kefu-types.d.ts
if [ "${KEFU_WRITE_TYPES:-0}" = 1 ]; then
  cp target/kefu-types.d.ts wasm-pkg/kefu-types.d.ts
elif ! diff -q target/kefu-types.d.ts wasm-pkg/kefu-types.d.ts > /dev/null; then
  echo "wasm-pkg/kefu-types.d.ts is out of date with the Rust types:" >&2
  diff -u wasm-pkg/kefu-types.d.ts target/kefu-types.d.ts | head -40 >&2
  echo "regenerate: KEFU_WRITE_TYPES=1 npm run build" >&2
  exit 1
fi
