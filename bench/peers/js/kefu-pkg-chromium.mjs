// kefu's JavaScript package (wasm-pkg/pkg/web) in Debian's Chromium, headless, on the
// peer cases as kefu maps them: the same check and timings as kefu-pkg.mjs (every
// decision the native bytes; `engine.decide` p50 and per decision; `decideMany` per
// decision), measured with the page's own performance.now(). The page is served
// cross-origin isolated so that the clock has 5 us resolution, not 100 us.
import { createServer } from "node:http";
import { readFileSync, existsSync } from "node:fs";
import { join, extname } from "node:path";
import { chromium } from "playwright-core";
import { here, passes } from "./common.mjs";

const pkg = join(here, "..", "..", "..", "wasm-pkg", "pkg", "web");
const dataDir = join(here, "..", "data");
const executablePath = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p && existsSync(p));
if (!executablePath) throw new Error("no Chromium: install Debian's `chromium` package or set CHROMIUM");

const types = { ".js": "text/javascript", ".wasm": "application/wasm", ".ndjson": "text/plain", ".html": "text/html" };
const server = createServer((req, res) => {
  const path = new URL(req.url, "http://x").pathname;
  const file = path === "/" ? null : path.startsWith("/pkg/") ? join(pkg, path.slice(5)) : join(dataDir, path.slice(6));
  const body = file === null ? "<!doctype html><title>kefu-pkg</title>" : existsSync(file) ? readFileSync(file) : null;
  res.writeHead(body === null ? 404 : 200, {
    "content-type": types[file === null ? ".html" : extname(file)] ?? "application/octet-stream",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-embedder-policy": "require-corp",
  });
  res.end(body ?? "");
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath, headless: true });
try {
  const page = await browser.newPage();
  await page.goto(`${base}/`);
  const result = await page.evaluate(async (passes) => {
    const kefu = await import("/pkg/kefu.js");
    await kefu.default();
    const text = async (f) => (await (await fetch(`/data/${f}`)).text()).trim().split("\n");
    const items = (await text("kefu-cases.ndjson")).map((l) => JSON.parse(l));
    const native = await text("kefu-decisions.ndjson");
    const engines = new Map();
    const engineFor = (limit) => {
      if (!engines.has(limit)) engines.set(limit, new kefu.Engine(`policy.discount_limits.agent = "${limit}";`));
      return engines.get(limit);
    };
    let differ = 0;
    items.forEach(({ limit, case: c }, i) => { if (JSON.stringify(engineFor(limit).decide(c)) !== native[i]) differ++; });
    if (differ) return { differ };
    const byLimit = new Map();
    for (const { limit, case: c } of items) { if (!byLimit.has(limit)) byLimit.set(limit, []); byLimit.get(limit).push(c); }
    const time = (pass) => {
      const per = [];
      for (let p = 0; p < passes; p++) { const t = performance.now(); pass(); per.push(((performance.now() - t) * 1e6) / items.length); }
      per.sort((a, b) => a - b);
      return { best: Math.round(per[0]), median: Math.round(per[Math.floor(per.length / 2)]) };
    };
    const single = [];
    for (const { limit, case: c } of items.slice(0, 5000)) {
      const e = engineFor(limit);
      const t = performance.now(); e.decide(c); single.push((performance.now() - t) * 1e6);
    }
    single.sort((a, b) => a - b);
    const decide = time(() => { for (const { limit, case: c } of items) engineFor(limit).decide(c); });
    const many = time(() => { for (const [limit, cs] of byLimit) engineFor(limit).decideMany(cs); });
    return { cases: items.length, isolated: crossOriginIsolated, decide_p50_ns: Math.round(single[Math.floor(single.length / 2)]),
      decide_ns_per_decision: decide, decideMany_ns_per_decision: many };
  }, passes);
  if (result.differ) { console.error(`kefu-pkg (chromium): ${result.differ} decisions differ from native kefu`); process.exit(1); }
  const version = browser.version();
  console.log(JSON.stringify({ engine: `kefu-pkg (Chromium ${version})`, passes, same_bytes_as_native: true, ...result }));
} finally {
  await browser.close();
  server.close();
}
