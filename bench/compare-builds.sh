#!/usr/bin/env bash
# Do two builds of kefu give the same bytes? Runs decide, scan and lint of both over the
# scenario suite, the example orders and N generated cases (bench/gen_random_cases.py,
# varied and seeded), natively and under wasmtime, with and without the example shop
# policies, and compares every output byte for byte.
#
# usage: bash bench/compare-builds.sh OLD_REV [NEW_REV] [N]
#        bash bench/compare-builds.sh --bin OLD_KEFU NEW_KEFU [N]
# A revision is built in a worktree under target/compare/ (NEW_REV defaults to the work
# tree as it is). N defaults to 100000. Exit 0 when everything is identical.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/target/compare
mkdir -p "$work"

build_rev() { # rev -> path of its kefu binary
  local rev=$1 dir=$work/tree-$1
  if [ ! -d "$dir" ]; then git worktree add -f --detach "$dir" "$rev" >/dev/null; fi
  (cd "$dir" && CARGO_TARGET_DIR="$work/target-$rev" cargo build --release -q -p kefu-cli >&2)
  echo "$work/target-$rev/release/kefu"
}

if [ "${1:-}" = "--bin" ]; then
  old=$2 new=$3 n=${4:-100000}
else
  old=$(build_rev "$1")
  if [ -n "${2:-}" ] && [ "${2:-}" != "." ]; then new=$(build_rev "$2"); else
    cargo build --release -q -p kefu-cli; new=$root/target/release/kefu; fi
  n=${3:-100000}
fi
export KEFU_CACHE_DIR=$work/cache

data=$work/data
mkdir -p "$data"
[ -s "$data/random-$n.ndjson" ] || python3 bench/gen_random_cases.py "$n" > "$data/random-$n.ndjson"
[ -s "$data/scenarios.ndjson" ] || python3 bench/gen_cases.py 2000 > "$data/scenarios.ndjson"
python3 - "$data/random-$n.ndjson" > "$data/orders-$n.ndjson" <<'EOF'
import json, sys
for line in open(sys.argv[1]):
    print(json.dumps(json.loads(line)["order"], ensure_ascii=False))
EOF
head -n 20000 "$data/random-$n.ndjson" > "$data/random-20k.ndjson"

failed=0
compare() { # name, then the arguments after `kefu`
  local name=$1; shift
  set +e
  "$old" "$@" > "$work/old.out" 2> "$work/old.err"; local a=$?
  "$new" "$@" > "$work/new.out" 2> "$work/new.err"; local b=$?
  set -e
  local lines
  lines=$(wc -l < "$work/new.out")
  if [ "$a" = "$b" ] && cmp -s "$work/old.out" "$work/new.out"; then
    printf 'same    %-44s exit %s, %s lines\n' "$name" "$b" "$lines"
  else
    printf 'DIFFER  %-44s exit %s vs %s\n' "$name" "$a" "$b"
    cmp "$work/old.out" "$work/new.out" | head -n 1 || true
    failed=1
  fi
}

now=2026-11-25T12:00:00+08:00
compare "decide native, random $n" --engine native decide --format ndjson "$data/random-$n.ndjson"
compare "decide wasm, random 20k" decide --format ndjson "$data/random-20k.ndjson"
compare "decide native, scenario mix" --engine native decide --format ndjson "$data/scenarios.ndjson"
for p in examples/policies/*.rhai; do
  compare "decide native, $(basename "$p"), random 20k" --engine native decide --format ndjson --policy "$p" "$data/random-20k.ndjson"
done
compare "decide native, example cases" --engine native decide --format json examples/cases/
compare "scan native, random orders" --engine native scan --format ndjson --now "$now" "$data/orders-$n.ndjson"
compare "scan wasm, example orders" scan --format json --now "$now" examples/orders/
compare "lint native, random orders" --engine native lint --format ndjson "$data/orders-$n.ndjson"
compare "lint wasm, example orders" lint --format json examples/orders/
exit $failed
