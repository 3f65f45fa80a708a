// Package budgets: size, instantiate time, and per-call latency of decide in node over the
// scenario suite. Run from the repository root after `npm run build`:
//   node wasm-pkg/bench.mjs
import { readFileSync, readdirSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const wasm = join(here, "pkg", "web", "kefu_bg.wasm");
const glue = join(here, "pkg", "web", "kefu.js");
const raw = statSync(wasm).size + statSync(glue).size;
const gz = gzipSync(readFileSync(wasm), { level: 9 }).length + gzipSync(readFileSync(glue), { level: 9 }).length;

const t0 = performance.now();
const kefu = createRequire(import.meta.url)(join(here, "pkg", "node", "kefu.js"));
const engine = new kefu.Engine();
const instantiate = performance.now() - t0;

const cases = readdirSync(join(root, "tests", "scenarios")).filter((f) => f.endsWith(".json")).sort()
  .map((f) => JSON.parse(readFileSync(join(root, "tests", "scenarios", f), "utf8")))
  .filter((s) => !s.policy).map((s) => s.case);
for (let i = 0; i < 2000; i++) engine.decide(cases[i % cases.length]);   // warm up
const times = [];
for (let round = 0; round < 50; round++) {
  for (const c of cases) {
    const s = performance.now();
    engine.decide(c);
    times.push(performance.now() - s);
  }
}
times.sort((a, b) => a - b);
const pct = (p) => times[Math.min(times.length - 1, Math.floor(times.length * p))] * 1000;
console.log(`| package (.wasm + web glue) | ${(raw / 1024).toFixed(0)} KiB raw | ${(gz / 1024).toFixed(0)} KiB gzipped |`);
console.log(`| instantiate (node, require + new Engine) | ${instantiate.toFixed(1)} ms | |`);
console.log(`| decide, ${times.length} calls over ${cases.length} cases | p50 ${pct(0.5).toFixed(1)} µs | p99 ${pct(0.99).toFixed(1)} µs |`);
