// kefu's JavaScript package (wasm-pkg/pkg/node) on the peer cases as kefu maps them
// (`kefu-peers dump-kefu` writes them with native kefu's decisions): every decision must
// be the native bytes, then `engine.decide` per case and `decideMany` per batch are timed.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { here, passes } from "./common.mjs";
import { measurePackage } from "./pkg-timing.mjs";

const require = createRequire(import.meta.url);
const kefu = require(join(here, "..", "..", "..", "wasm-pkg", "pkg", "node", "kefu.js"));
const dataDir = join(here, "..", "data");
const lines = (f) => readFileSync(join(dataDir, f), "utf8").trim().split("\n");
const items = lines("kefu-cases.ndjson").map((l) => JSON.parse(l));
const native = lines("kefu-decisions.ndjson");

const result = measurePackage(kefu, items, native, passes);
if (result.differ) { console.error(`kefu-pkg: ${result.differ} decisions differ from native kefu`); process.exit(1); }
console.log(JSON.stringify({ engine: "kefu-pkg (node)", passes, same_bytes_as_native: true, ...result }));
