// The extension's speed as an agent feels it, in Debian's Chromium (headless), on the
// demo backend: `npm run bench` in extension/. Prints a Markdown table for BENCHMARKS.md.
//   badges   from the list page's data arriving (its fetch resolving) to the last of the
//            page's badges drawn, for a 100-order page, service worker warm
//   decide   side panel: message to the service worker, decision, drawing
//   cold     service worker: script start to the core instantiated with the default
//            policy (a fresh browser each time); and a stopped worker (closed through
//            the DevTools protocol, as Chrome stops an idle one) woken by a list page's
//            answer, until the page has its verdict
import { statSync } from "node:fs";
import { join } from "node:path";
import { start, root } from "./e2e/harness.mjs";

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = (xs) => Math.max(...xs);
const rows = [];

// Cold starts: a new browser (so a new service worker) each time.
const cold = [];
const coldWasm = [];
const coldCompile = [];
for (let i = 0; i < 7; i++) {
  const h = await start();
  const page = await h.context.newPage();
  await page.goto(h.extensionUrl("options.html"));
  const stats = await page.evaluate(() => chrome.runtime.sendMessage({ type: "stats" }));
  cold.push(stats.value.ready_ms);
  coldWasm.push(stats.value.wasm_ms);
  coldCompile.push(stats.value.compiled_ms);
  await h.close();
}
rows.push(["service worker cold start (instantiate + default policy)", median(cold), max(cold), 300, cold.length]);
rows.push(["  of which fetching, compiling and instantiating kefu_bg.wasm", median(coldWasm), max(coldWasm), "", coldWasm.length]);
rows.push(["  of which fetching and compiling it (compileStreaming, kept per worker)", median(coldCompile), max(coldCompile), "", coldCompile.length]);

const h = await start();
// A stopped worker woken by the page: wake, instantiate, answer, draw.
{
  const page = await h.context.newPage();
  await page.goto(`${h.base}/home.htm/trade-platform/tp/sold?pageSize=3`);
  await page.waitForFunction(() => document.documentElement.dataset.kefuPage === "1");
  const browser = await h.context.browser().newBrowserCDPSession();
  const woken = [];
  for (let i = 0; i < 7; i++) {
    const { targetInfos } = await browser.send("Target.getTargets");
    const sw = targetInfos.find((t) => t.type === "service_worker" && t.url.startsWith("chrome-extension://"));
    if (!sw) throw new Error("no extension service worker to stop");
    await browser.send("Target.closeTarget", { targetId: sw.targetId });
    await page.waitForTimeout(300);
    woken.push(await page.evaluate(async () => {
      const before = document.documentElement.dataset.kefuPage;
      const t = performance.now();
      document.dispatchEvent(new CustomEvent("kefu:sold-answer", { detail: '{"mainOrders": []}' }));
      while (document.documentElement.dataset.kefuPage === before) await new Promise((r) => setTimeout(r, 1));
      return performance.now() - t;
    }));
  }
  rows.push(["stopped service worker woken by a page: until the page has its answer", median(woken), max(woken), 300, woken.length]);
  await page.close();
}

// Badges on a 100-order page, after one load that wakes the worker. The page draws its
// own 100 rows on the same thread meanwhile; that cost is the page's and is shown apart.
const badges = [];
const worker = [];
const render = [];
const page = await h.context.newPage();
for (let i = 0; i < 11; i++) {
  await page.goto(`${h.base}/home.htm/trade-platform/tp/sold?pageSize=100`);
  await page.waitForFunction(() => document.documentElement.dataset.kefuBadgesMs !== undefined, null, { timeout: 20_000 });
  const d = await page.evaluate(() => ({ ...document.documentElement.dataset }));
  if (i === 0) continue;
  badges.push(Number(d.kefuBadgesMs));
  worker.push(Number(d.kefuWorkerMs));
  render.push(Number(d.pageRenderMs));
}
rows.push(["badges for a 100-order page, after its data arrives", median(badges), max(badges), 100, badges.length]);
rows.push(["  of which the service worker (read + lint + scan 100 orders)", median(worker), max(worker), "", worker.length]);
rows.push(["  the page's own drawing of its 100 rows (same thread, not kefu)", median(render), max(render), "", render.length]);

// Side-panel decisions.
await page.goto(`${h.base}/home.htm/trade-platform/tp/sold?pageSize=22`);
await page.locator(".kefu-badge-host[data-kefu-order='4128000006'] button").click();
await page.locator("#kefu-overlay [data-testid=kefu-decide]").click();
const panel = await h.context.newPage();
await panel.goto(h.extensionUrl("sidepanel.html"));
// The panel decides once a request is chosen (none is preselected).
await panel.locator("[data-testid=order]").waitFor();
await panel.selectOption("#kind", "cancel");
await panel.locator("[data-testid=decision-json]").waitFor({ state: "attached" });
const decide = [];
const kinds = ["return", "defect", "cancel", "price_difference", "where_is_my_order", "refund"];
for (let i = 0; i < 30; i++) {
  await panel.evaluate(() => { delete document.documentElement.dataset.decideMs; });
  await panel.selectOption("#kind", kinds[i % kinds.length]);
  await panel.waitForFunction(() => document.documentElement.dataset.decideMs !== undefined);
  decide.push(Number(await panel.evaluate(() => document.documentElement.dataset.decideMs)));
}
rows.push(["side-panel decision (message + decide + draw)", median(decide), max(decide), 20, decide.length]);
await h.close();

const zip = statSync(join(root, "kefu-extension.zip")).size;
const wasm = statSync(join(root, "dist/kefu_bg.wasm")).size;
console.log(`| measure | median ms | max ms | target ms | runs |\n|---|---:|---:|---:|---:|`);
for (const [name, m, x, target, n] of rows) console.log(`| ${name.replace(/^  /, "↳ ")} | ${m.toFixed(1)} | ${x.toFixed(1)} | ${target} | ${n} |`);
console.log(`\nstore zip: ${(zip / 1024).toFixed(0)} KiB (kefu_bg.wasm ${(wasm / 1024).toFixed(0)} KiB uncompressed)`);
