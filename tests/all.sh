#!/usr/bin/env bash
# The whole test suite: the Rust workspace (units, scenarios, parity, policies, the CLI),
# the JavaScript package under node (parity with `kefu decide`), and the browser
# extension (units under node, end to end in Debian's Chromium). Installs
# wasm-bindgen-cli at the exact version of Cargo.lock when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# The HTML report test opens the page in headless Chromium (Debian's package).
if ! command -v chromium >/dev/null 2>&1 && [ -z "${CHROMIUM:-}" ]; then
  echo "==> installing chromium from Debian (the HTML report test opens the page in it)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends chromium
fi

cargo test --workspace --release

want=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$want" != "$have" ]; then
  echo "==> installing wasm-bindgen-cli $want from crates.io (about 5 minutes)"
  cargo install wasm-bindgen-cli --version "$want"
fi
cd wasm-pkg
npm ci --no-audit --no-fund
npm run build
npm test

cd ../extension
npm ci --no-audit --no-fund
npm test
