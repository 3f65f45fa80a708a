// The order list as an agent sees it: a badge on every row, the same findings as
// `kefu lint` over the same orders, and the contact queue in `kefu scan`'s order.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { start } from "./harness.mjs";
import { kefu, ndjson } from "./cli.mjs";
import { soldAnswer, answerText, exampleFor } from "../../demo/fixture.mjs";
import { shoot } from "./shots.mjs";

const core = createRequire(import.meta.url)("../../../wasm-pkg/pkg/node/kefu.js");
let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

/** The orders the list page's answer holds, read by the same core (node build), each
 * with the memo the page reads from memoInfo.htm (the answer has none). */
function pageOrders(size) {
  return core.soldPage(answerText(soldAnswer({ pageSize: size }))).rows.map((r) => ({ ...r.order, remark: exampleFor(r.order.order_id)?.remark ?? "" }));
}

async function openList(size) {
  const page = await h.context.newPage();
  await page.goto(`${h.base}/home.htm/trade-platform/tp/sold?pageSize=${size}`);
  await page.waitForFunction((n) => document.querySelectorAll(".kefu-badge-host").length === n, size, { timeout: 20_000 });
  // The memos are read after the answer; the badges are final once none waits for one.
  await page.waitForFunction(() => Array.from(document.querySelectorAll(".kefu-badge-host"))
    .every((x) => x.shadowRoot.querySelector("[data-testid=kefu-badge]")?.dataset.severity !== "memo-unread"), undefined, { timeout: 20_000 });
  return page;
}

test("every row gets a badge whose findings equal kefu lint on the same orders", async () => {
  const size = 30;
  const page = await openList(size);
  const shown = await page.$$eval(".kefu-badge-host", (hosts) =>
    hosts.map((host) => {
      const pill = host.shadowRoot.querySelector("[data-testid=kefu-badge]");
      return [host.dataset.kefuOrder, Number(pill.dataset.findings)];
    }));
  assert.equal(shown.length, size);
  const orders = pageOrders(size);
  const lint = ndjson(kefu(["lint", "--format", "ndjson", "-"], orders.map((o) => JSON.stringify(o)).join("\n")));
  const want = new Map(orders.map((o) => [o.order_id, 0]));
  for (const f of lint.filter((l) => l.kind === "finding")) want.set(f.order_id, want.get(f.order_id) + 1);
  assert.deepEqual(new Map(shown), want);
  assert.ok([...want.values()].some((n) => n > 0), "the examples have findings to show");
  await page.close();
});

test("a badge opens the findings with their fix, and the queue lists buyers in R-PROACTIVE-6 order", async () => {
  const page = await openList(22);
  // 4128000016: pink (purple) flag on a shipped order.
  await page.locator(".kefu-badge-host[data-kefu-order='4128000016'] button").click();
  const panel = page.locator("#kefu-overlay [data-testid=kefu-panel]");
  await panel.waitFor();
  assert.equal(await panel.locator("[data-check=flag-status-mismatch]").count(), 1);
  assert.doesNotMatch(await panel.innerText(), /flag-status-mismatch/, "the check's name, not its id");
  await shoot(page, "extension-list-finding.png");
  await page.locator("#kefu-overlay [data-testid=kefu-queue-button]").click();
  const list = page.locator("#kefu-overlay [data-testid=kefu-queue-list]");
  await list.waitFor();
  const now = await list.getAttribute("data-now");
  const ids = await list.locator("li").evaluateAll((lis) => lis.map((li) => li.dataset.order));
  const orders = pageOrders(22);
  const scan = ndjson(kefu(["scan", "--format", "ndjson", "--now", now, "-"], orders.map((o) => JSON.stringify(o)).join("\n")));
  assert.deepEqual(ids, scan.filter((l) => l.kind === "queue").map((l) => l.decision.order_id));
  assert.ok(ids.length > 0);
  await shoot(page, "extension-queue.png");
  await page.close();
});

test("a calm list: clean rows quiet, a legend, 只看需处理, a queue item scrolls to its row", async () => {
  const page = await openList(22);
  const pills = await page.$$eval(".kefu-badge-host", (hosts) => hosts.map((host) => {
    const pill = host.shadowRoot.querySelector("[data-testid=kefu-badge]");
    return { id: host.dataset.kefuOrder, severity: pill.dataset.severity, text: pill.textContent, queued: !!host.shadowRoot.querySelector("[data-testid=kefu-queue]") };
  }));
  const clean = pills.filter((p) => p.severity === "ok");
  assert.ok(clean.length > 0 && clean.every((p) => p.text === "✓"), "a clean row is a faint ✓, not ✓ 规范");
  // The legend explains ☎ and the shading.
  await page.locator("#kefu-overlay [data-testid=kefu-legend-button]").click();
  assert.match(await page.locator("#kefu-overlay [data-testid=kefu-legend]").innerText(), /☎ n：主动联系队列中的第 n 位[\s\S]*深蓝/);
  // 只看需处理 hides the rows with nothing to do, and shows them again.
  await page.locator("#kefu-overlay [data-testid=kefu-only-needs]").check();
  const idle = pills.filter((p) => p.severity === "ok" && !p.queued).map((p) => p.id);
  assert.ok(idle.length > 0, "the examples have rows with nothing to do");
  for (const id of idle) assert.equal(await page.locator(`tr[data-id='${id}']`).isVisible(), false, id);
  assert.equal(await page.locator(`tr[data-id='${pills.find((p) => p.severity !== "ok").id}']`).isVisible(), true);
  await page.locator("#kefu-overlay [data-testid=kefu-only-needs]").uncheck();
  for (const id of idle) assert.equal(await page.locator(`tr[data-id='${id}']`).isVisible(), true, id);
  // The queue: its time as people read it, an item scrolls to its row and outlines it.
  await page.locator("#kefu-overlay [data-testid=kefu-queue-button]").click();
  const title = await page.locator("#kefu-overlay [data-testid=kefu-panel] header strong").textContent();
  assert.match(title, /截至 \d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
  const last = page.locator("#kefu-overlay [data-testid=kefu-queue-item]").last();
  const id = await last.textContent();
  await last.click();
  const row = page.locator(`tr[data-id='${id}']`);
  assert.equal(await row.getAttribute("data-kefu-highlight"), "");
  assert.ok(await row.evaluate((r) => { const b = r.getBoundingClientRect(); return b.top >= 0 && b.bottom <= innerHeight; }), "the row is scrolled into view");
  await page.close();
});

test("an order-list answer that is not one leaves the page alone", async () => {
  const page = await h.context.newPage();
  await page.goto(`${h.base}/home.htm/trade-platform/tp/sold?pageSize=3`);
  await page.waitForFunction(() => document.querySelectorAll(".kefu-badge-host").length === 3);
  // An answer of another shape than the list's: the agent is told, no badge is lost.
  await page.evaluate(() => document.dispatchEvent(new CustomEvent("kefu:sold-answer", { detail: '{"mainOrders": "x"}' })));
  const notice = page.locator("#kefu-overlay [data-testid=kefu-page-error]");
  await notice.waitFor();
  assert.equal(await notice.getAttribute("data-code"), "KEFU-PAGE-SHAPE");
  // The code's Chinese name is shown (names.json's `code`, the core's table), the code on hover.
  assert.match(await notice.textContent(), /页面数据的结构与预期不符/);
  assert.doesNotMatch(await notice.textContent(), /KEFU-/);
  assert.equal(await page.locator(".kefu-badge-host").count(), 3);
  // Any page script can hand text over: an answer far past a real page's size is refused.
  await page.evaluate(() => document.dispatchEvent(new CustomEvent("kefu:sold-answer", { detail: '{"mainOrders": [' + " ".repeat(9 << 20) + "]}" })));
  await page.waitForFunction(() => document.querySelector("#kefu-overlay").shadowRoot.querySelector("[data-testid=kefu-page-error]")?.dataset.code === "KEFU-PAGE-SIZE");
  assert.equal(await page.locator(".kefu-badge-host").count(), 3);
  await page.close();
});
