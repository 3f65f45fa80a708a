// kefu's JavaScript package (wasm-pkg/pkg/web) in Debian's Chromium, headless, on the
// peer cases as kefu maps them: the same check and timings as kefu-pkg.mjs
// (pkg-timing.mjs, served to the page), with the page's own performance.now(). The page
// is served cross-origin isolated so that the clock has 5 us resolution, not 100 us.
import { createServer } from "node:http";
import { readFileSync, existsSync } from "node:fs";
import { join, extname } from "node:path";
import { chromium } from "playwright-core";
import { here, passes } from "./common.mjs";

const pkg = join(here, "..", "..", "..", "wasm-pkg", "pkg", "web");
const dataDir = join(here, "..", "data");
const executablePath = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p && existsSync(p));
if (!executablePath) throw new Error("no Chromium: install Debian's `chromium` package or set CHROMIUM");

const types = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".ndjson": "text/plain", ".html": "text/html" };
const server = createServer((req, res) => {
  const path = new URL(req.url, "http://x").pathname;
  const file = path === "/" ? null
    : path === "/pkg-timing.mjs" ? join(here, "pkg-timing.mjs")
    : path.startsWith("/pkg/") ? join(pkg, path.slice(5)) : join(dataDir, path.slice(6));
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
    const { measurePackage } = await import("/pkg-timing.mjs");
    return { ...measurePackage(kefu, items, native, passes), isolated: crossOriginIsolated };
  }, passes);
  if (result.differ) { console.error(`kefu-pkg (chromium): ${result.differ} decisions differ from native kefu`); process.exit(1); }
  const version = browser.version();
  console.log(JSON.stringify({ engine: `kefu-pkg (Chromium ${version})`, passes, same_bytes_as_native: true, ...result }));
} finally {
  await browser.close();
  server.close();
}
