#!/usr/bin/env bash
# The peer comparison (bench/peers/README.md), one engine per process, one after the
# other, on one thread. By hand, never in CI: zen-engine takes minutes to build.
#
#   bash bench/peers/run.sh            # every engine; zen-engine too (the first build is long)
#   NO_ZEN=1 bash bench/peers/run.sh   # without zen-engine
#   PASSES=10 bash bench/peers/run.sh
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
export CARGO_TARGET_DIR="$root/target/peers"
passes=${PASSES:-10}
features=""
[ -z "${NO_ZEN:-}" ] && features="--features zen"

node gen.mjs
(cd rust && cargo build --release -q $features)
bin="$CARGO_TARGET_DIR/release/kefu-peers"
out="$root/target/peers/results.ndjson"
: > "$out"
engines="match rhai kefu kefu-json kefu-json-batch"
[ -z "${NO_ZEN:-}" ] && engines="$engines zen"
for e in $engines; do "$bin" "$e" --passes "$passes" | tee -a "$out"; done

# The whole CLI on the same cases: one file and one policy per agent limit, as a shop
# would run it; the time is the sum over the files, divided by the cases.
"$bin" dump-kefu
(cd "$root" && CARGO_TARGET_DIR="$root/target" cargo build --release -q -p kefu-cli)
kefu="$root/target/release/kefu"
work="$root/target/peers/cli"
rm -rf "$work" && mkdir -p "$work"
node -e '
const fs = require("fs");
const items = fs.readFileSync(process.argv[1], "utf8").trim().split("\n").map((l) => JSON.parse(l));
const by = {};
for (const { limit, case: c } of items) (by[limit] ??= []).push(JSON.stringify(c));
for (const [limit, cs] of Object.entries(by)) {
  fs.writeFileSync(`${process.argv[2]}/cases-${limit}.ndjson`, cs.join("\n") + "\n");
  fs.writeFileSync(`${process.argv[2]}/policy-${limit}.rhai`, `policy.discount_limits.agent = "${limit}";\n`);
}' data/kefu-cases.ndjson "$work"
cli() { # engine jobs: the best of 3 runs over the 5 files, and the same less 5 start-ups
  # (a run on no cases, best of 3), which is what a decision costs once the CLI is up
  local best="" empty=""
  for _ in 1 2 3; do
    local start end total=0
    for f in "$work"/cases-*.ndjson; do
      local limit=${f##*/cases-}; limit=${limit%.ndjson}
      start=$(date +%s%N)
      "$kefu" --engine "$1" decide --jobs "$2" --quiet --format ndjson --policy "$work/policy-$limit.rhai" "$f" > /dev/null
      end=$(date +%s%N)
      total=$((total + end - start))
    done
    { [ -z "$best" ] || [ "$total" -lt "$best" ]; } && best=$total
    start=$(date +%s%N)
    : | "$kefu" --engine "$1" decide --jobs "$2" --quiet --format ndjson --policy "$work/policy-20.00.rhai" - > /dev/null || true
    end=$(date +%s%N)
    { [ -z "$empty" ] || [ $((end - start)) -lt "$empty" ]; } && empty=$((end - start))
  done
  echo "{\"engine\":\"kefu decide --engine $1 --jobs $2 (whole CLI, 5 files)\",\"cases\":20000,\"ns_per_decision_best\":$((best / 20000)),\"startup_ns\":$empty,\"ns_per_decision_after_startup\":$(((best - 5 * empty) / 20000))}" | tee -a "$out"
}
cli native 1
cli wasm 1
cli native 2
cli wasm 2

# kefu's JavaScript package under node and in Chromium (needs wasm-pkg/pkg: cd wasm-pkg &&
# npm run build; and Debian's chromium),
# and json-rules-engine.
(cd js && npm install --no-audit --no-fund --silent)
node js/kefu-pkg.mjs --passes 3 | tee -a "$out"
node js/kefu-pkg-chromium.mjs --passes 3 | tee -a "$out"
node js/jre.mjs --passes 3 | tee -a "$out"
echo "results: $out"
