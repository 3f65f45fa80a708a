#!/usr/bin/env bash
# Host benchmark: kefu lint over generated orders and kefu decide over generated cases,
# native vs wasmtime, in one run.
# usage: bash bench/hosts.sh [N]   (default 100000); prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
cargo build --release -q -p kefu-cli
kefu=target/release/kefu
work=target/bench
mkdir -p "$work"
export KEFU_CACHE_DIR="$PWD/$work/cache"
orders="$work/orders-$n.ndjson"
[ -s "$orders" ] || python3 bench/gen_orders.py "$n" > "$orders"
cases="$work/cases-$n.ndjson"
[ -s "$cases" ] || python3 bench/gen_cases.py "$n" > "$cases"
single="$work/single.json"
head -n 1 "$orders" > "$single"

now() { date +%s.%N; }
# best of 3 wall-clock seconds
best() {
  local best=""
  for _ in 1 2 3; do
    local t0 t1 dt
    t0=$(now); "$@" > /dev/null || [ $? -eq 1 ]; t1=$(now)
    dt=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$dt < $best" | bc -l)" = 1 ]; then best=$dt; fi
  done
  echo "$best"
}
# median of 21 runs, in milliseconds
median_ms() {
  local ts=()
  for _ in $(seq 21); do
    local t0 t1
    t0=$(now); "$@" > /dev/null || [ $? -eq 1 ]; t1=$(now)
    ts+=("$(echo "($t1 - $t0) * 1000" | bc -l)")
  done
  printf '%s\n' "${ts[@]}" | sort -g | sed -n 11p
}

$kefu lint "$single" > /dev/null || true   # warm the module cache
native=$(best $kefu --engine native lint --format ndjson "$orders")
wasm=$(best $kefu --engine wasm lint --format ndjson "$orders")
dnative=$(best $kefu --engine native decide --format ndjson "$cases")
dwasm=$(best $kefu --engine wasm decide --format ndjson "$cases")
one_native=$(median_ms $kefu --engine native lint "$single")
one_wasm=$(median_ms $kefu --engine wasm lint "$single")
cold=$( { t0=$(now); $kefu --no-cache lint "$single" > /dev/null || true; t1=$(now); echo "($t1 - $t0) * 1000" | bc -l; } )

printf '| measure | native | wasm (wasmtime) | wasm / native |\n|---|---|---|---|\n'
printf '| lint %s orders, best of 3 (s) | %.2f | %.2f | %.2fx |\n' "$n" "$native" "$wasm" "$(echo "$wasm / $native" | bc -l)"
printf '| orders/s | %.0f | %.0f | |\n' "$(echo "$n / $native" | bc -l)" "$(echo "$n / $wasm" | bc -l)"
printf '| decide %s cases, best of 3 (s) | %.2f | %.2f | %.2fx |\n' "$n" "$dnative" "$dwasm" "$(echo "$dwasm / $dnative" | bc -l)"
printf '| decisions/s (whole CLI, one core) | %.0f | %.0f | |\n' "$(echo "$n / $dnative" | bc -l)" "$(echo "$n / $dwasm" | bc -l)"
printf '| lint 1 order, median of 21 (ms), module cached | %.1f | %.1f | |\n' "$one_native" "$one_wasm"
printf '| lint 1 order, module compiled (--no-cache) (ms) | | %.0f | |\n' "$cold"
