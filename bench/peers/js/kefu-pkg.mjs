// kefu's JavaScript package (wasm-pkg/pkg/node) on the peer cases as kefu maps them
// (`kefu-peers dump-kefu` writes them with native kefu's decisions): every decision must
// be the native bytes, then `engine.decide` per case and `decideMany` per batch are timed.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { here, passes } from "./common.mjs";

const require = createRequire(import.meta.url);
const kefu = require(join(here, "..", "..", "..", "wasm-pkg", "pkg", "node", "kefu.js"));
const dataDir = join(here, "..", "data");
const lines = (f) => readFileSync(join(dataDir, f), "utf8").trim().split("\n");
const items = lines("kefu-cases.ndjson").map((l) => JSON.parse(l));
const native = lines("kefu-decisions.ndjson");

const engines = new Map();
const engineFor = (limit) => {
  if (!engines.has(limit)) engines.set(limit, new kefu.Engine(`policy.discount_limits.agent = "${limit}";`));
  return engines.get(limit);
};
let differ = 0;
items.forEach(({ limit, case: c }, i) => { if (JSON.stringify(engineFor(limit).decide(c)) !== native[i]) differ++; });
if (differ) { console.error(`kefu-pkg: ${differ} decisions differ from native kefu`); process.exit(1); }

const byLimit = new Map();
for (const { limit, case: c } of items) { if (!byLimit.has(limit)) byLimit.set(limit, []); byLimit.get(limit).push(c); }
const time = (pass) => {
  const per = [];
  for (let p = 0; p < passes; p++) { const t = process.hrtime.bigint(); pass(); per.push(Number(process.hrtime.bigint() - t) / items.length); }
  per.sort((a, b) => a - b);
  return { best: Math.round(per[0]), median: Math.round(per[Math.floor(per.length / 2)]) };
};
// p50 of single calls, as a page would make them.
const single = [];
for (const { limit, case: c } of items.slice(0, 5000)) {
  const e = engineFor(limit);
  const t = process.hrtime.bigint(); e.decide(c); single.push(Number(process.hrtime.bigint() - t));
}
single.sort((a, b) => a - b);
const decide = time(() => { for (const { limit, case: c } of items) engineFor(limit).decide(c); });
const many = time(() => { for (const [limit, cs] of byLimit) engineFor(limit).decideMany(cs); });
console.log(JSON.stringify({ engine: "kefu-pkg (node)", cases: items.length, passes, same_bytes_as_native: true,
  decide_p50_ns: single[Math.floor(single.length / 2)], decide_ns_per_decision: decide, decideMany_ns_per_decision: many }));
