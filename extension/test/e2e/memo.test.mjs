// The page adapters against the backend's real shapes (../shared/seller-data.md §3), on
// the demo backend: a GBK answer with bare 19-digit ids and no memo; memos read on demand
// from memoInfo.htm; a return handled from the list in three clicks, flag and memo set
// by the backend's own editor (the new list's dialog and the legacy memo page); a page
// of another shape said once.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start } from "./harness.mjs";
import { soldAnswer, answerText } from "../../demo/fixture.mjs";
import { shoot } from "./shots.mjs";

let h;
before(async () => {
  h = await start();
  // Entries are signed with the agent's name (the options page writes it there).
  const options = await h.context.newPage();
  await options.goto(h.extensionUrl("options.html"));
  await options.evaluate(() => chrome.storage.local.set({ agent: { name: "小王", role: "agent" } }));
  await options.close();
});
after(async () => { await h?.close(); });

const state = async (id) => (await fetch(`${h.base}/demo/state?orderid=${id}`)).json();
const badges = (page) => page.$$eval(".kefu-badge-host", (hosts) => hosts.map((host) => {
  const pill = host.shadowRoot.querySelector("[data-testid=kefu-badge]");
  return { id: host.dataset.kefuOrder, severity: pill.dataset.severity, text: pill.textContent };
}));

async function openList(path, n) {
  const page = await h.context.newPage();
  await page.goto(`${h.base}${path}`);
  await page.waitForFunction((k) => document.querySelectorAll(".kefu-badge-host").length === k, n, { timeout: 20_000 });
  return page;
}

/** Until no badge says its memo is unread. */
const memosRead = (page) => page.waitForFunction(() => Array.from(document.querySelectorAll(".kefu-badge-host"))
  .every((x) => x.shadowRoot.querySelector("[data-testid=kefu-badge]")?.dataset.severity !== "memo-unread"), undefined, { timeout: 20_000 });

test("a GBK answer with bare 19-digit ids is read exactly, 商家 status texts included", async () => {
  const served = answerText(soldAnswer({ pageNum: 2, pageSize: 60 }));
  assert.match(served, /"id":\d{19}[,}]/, "the demo serves bare 19-digit ids");
  assert.doesNotMatch(served, /sellerMemo|【/, "and no memo, as the real list");
  const page = await openList("/home.htm/trade-platform/tp/sold?pageNum=2&pageSize=60", 60);
  await memosRead(page);
  const shown = await badges(page);
  const want = soldAnswer({ pageNum: 2, pageSize: 60 }).mainOrders.map((m) => m.id);
  assert.deepEqual(shown.map((b) => b.id).sort(), [...want].sort());
  assert.ok(want.every((id) => id.length === 19));
  assert.deepEqual(shown.filter((b) => b.severity === "unread"), [], "every row read: no status text unknown");
  await page.close();
});

test("the memo is read on demand from memoInfo.htm; until then the badge says so", async () => {
  h.demo.memoDelayMs = 2500;
  const before = h.demo.memoReads;
  const page = await openList("/home.htm/trade-platform/tp/sold?pageSize=10", 10);
  const early = await badges(page);
  const withMemo = soldAnswer({ pageSize: 10 }).mainOrders.filter((m) => m.operations.length).map((m) => m.id);
  assert.ok(withMemo.length > 0 && withMemo.length < 10);
  assert.deepEqual(early.filter((b) => b.severity === "memo-unread").map((b) => b.id).sort(), [...withMemo].sort());
  assert.match(early.find((b) => b.severity === "memo-unread").text, /备注未读取/);
  await shoot(page, "extension-memo-unread.png");
  h.demo.memoDelayMs = 0;
  await memosRead(page);
  assert.equal(h.demo.memoReads - before, withMemo.length, "only orders that have a memo are read");
  // 4128000009's memo (货到付款已确认 小李/11-24) is unsigned: found once read.
  const after = await badges(page);
  assert.equal(after.find((b) => b.id === "4128000009").severity === "ok", false);
  await page.close();
});

/** Badge → 退货 → 设旗并写备注: three clicks. */
async function returnInThreeClicks(page, id) {
  await page.locator(`.kefu-badge-host[data-kefu-order='${id}'] button`).click();
  const panel = page.locator("#kefu-overlay [data-testid=kefu-panel]");
  await panel.locator("[data-testid=kefu-fix-return]").click();
  const entry = await panel.locator("[data-testid=kefu-fix-entry]").textContent();
  await panel.locator("[data-testid=kefu-fix-preview] [data-testid=kefu-apply]").click();
  const result = panel.locator("[data-testid=kefu-fix-preview] [data-testid=kefu-apply-result]");
  await page.waitForFunction((el) => el.dataset.ok !== undefined, await result.elementHandle(), { timeout: 20_000 });
  return { entry, ok: await result.getAttribute("data-ok"), said: await result.textContent() };
}

test("a return from the new list in three clicks: the dialog gets the blue flag and the signed entry", async () => {
  const page = await openList("/home.htm/trade-platform/tp/sold?pageSize=10", 10);
  await memosRead(page);
  const { entry, ok, said } = await returnInThreeClicks(page, "4128000003");
  assert.equal(ok, "true", said);
  assert.match(entry, /^【退货】.*（小王\/\d{4}-\d{2}-\d{2} \d{2}:\d{2}）$/, "signed with the agent's name and the time");
  assert.doesNotMatch(entry, /YYYY|客服\//);
  const saved = await state("4128000003");
  assert.equal(saved.flag, 4, "blue");
  assert.equal(saved.memo, entry);
  await shoot(page, "extension-return-applied.png");
  // Again: the entry is there already; nothing is added.
  await page.waitForFunction(() => !document.querySelector("#memo-dialog:not([hidden])"));
  const again = await returnInThreeClicks(page, "4128000003");
  assert.equal(again.ok, "true", again.said);
  assert.match(again.said, /已有/);
  assert.equal((await state("4128000003")).memo, entry);
  await page.close();
});

test("a return from the legacy list in three clicks: update_sell_memo.htm's form, GBK, keeps the old memo", async () => {
  const page = await openList("/trade/itemlist/list_sold_items.htm?pageSize=10", 10);
  await memosRead(page);
  const before = await state("4128000006");
  assert.ok(before.memo.length > 0);
  const { entry, ok, said } = await returnInThreeClicks(page, "4128000006");
  assert.equal(ok, "true", said);
  // The line's after-sales state (subOrders[].operations[].text) is shown, and the
  // request it waits for is the marked one.
  assert.match(await page.locator("#kefu-overlay [data-testid=kefu-refund-line]").first().textContent(), /待退货/);
  assert.match(await page.locator("#kefu-overlay [data-testid=kefu-fix-return]").getAttribute("class"), /waiting/);
  const saved = await state("4128000006");
  assert.equal(saved.flag, 4);
  // A form posts a textarea's line breaks as CRLF (HTML's rule), as the real page would.
  assert.equal(saved.memo.replace(/\r\n/g, "\n"), `${before.memo}\n${entry}`, "appended on a new line; the GBK form body reads back as the same text");
  await page.close();
});

test("the side panel's apply-memo reaches the tab's own dialog: flag, append, answer", async () => {
  const list = await openList("/home.htm/qn-order/unshipped?pageSize=10", 10);
  await memosRead(list);
  const before = await state("4128000005");
  // The agent picks the order (处理此单): the worker keeps the tab it came from.
  await list.locator(".kefu-badge-host[data-kefu-order='4128000005'] button").click();
  await list.locator("#kefu-overlay [data-testid=kefu-decide]").click();
  const panel = await h.context.newPage();
  await panel.goto(h.extensionUrl("options.html"));
  const entry = "【跟进】说明：已电话联系买家（小王/2026-12-07 10:00）";
  const answer = await panel.evaluate(async ({ entry }) => {
    const { selected } = await chrome.storage.session.get("selected");
    return chrome.runtime.sendMessage({ type: "apply-memo", tabId: selected.tabId, orderId: selected.order.order_id, flag: "yellow", entry });
  }, { entry });
  assert.deepEqual(answer, { ok: true, value: { ok: true, wrote: true, flag: "yellow" } });
  const saved = await state("4128000005");
  assert.equal(saved.flag, 2);
  assert.equal(saved.memo, `${before.memo}\n${entry}`, "appended on a new line, the old memo kept");
  await panel.close();
  await list.close();
});

test("a finding's fix in one click: the flag it asks for, set in the dialog", async () => {
  const page = await openList("/home.htm/trade-platform/tp/sold?pageSize=20", 20);
  await memosRead(page);
  // 4128000016: pink (purple) on a shipped order; the fix asks for blue.
  await page.locator(".kefu-badge-host[data-kefu-order='4128000016'] button").click();
  const finding = page.locator("#kefu-overlay [data-testid=kefu-panel] [data-check=flag-status-mismatch]");
  await finding.locator("[data-testid=kefu-apply]").click();
  const result = finding.locator("[data-testid=kefu-apply-result]");
  await page.waitForFunction((el) => el.dataset.ok !== undefined, await result.elementHandle(), { timeout: 20_000 });
  assert.equal(await result.getAttribute("data-ok"), "true", await result.textContent());
  assert.equal(await result.textContent(), "已设蓝旗");
  const saved = await state("4128000016");
  assert.equal(saved.flag, 4);
  assert.equal(saved.memo, "买家要取消 小王/11-23", "the memo untouched");
  await page.close();
});

test("a fix that needs a value asks for it inline, then writes it with the flag", async () => {
  // 4128000017 (paid, unshipped): a red flag and a hand-written change line without the
  // new value, so lint's red-change fix asks for the phone (fix.ask) before writing.
  h.demo.store.set("4128000017", { memo: "买家要改电话 小王/11-24", flag: 1 });
  const page = await openList("/home.htm/trade-platform/tp/sold?pageSize=20", 20);
  await memosRead(page);
  await page.locator(".kefu-badge-host[data-kefu-order='4128000017'] button").click();
  const finding = page.locator("#kefu-overlay [data-testid=kefu-panel] [data-check=red-change-incomplete]");
  const input = finding.locator("input.ask[data-field=phone]");
  await input.waitFor({ timeout: 20_000 });
  assert.match(await input.getAttribute("placeholder"), /电话/);
  await input.fill("13900001111");
  await page.waitForFunction((el) => /13900001111/.test(el.textContent ?? ""), await finding.elementHandle(), { timeout: 20_000 });
  await finding.locator("[data-testid=kefu-apply]").click();
  const result = finding.locator("[data-testid=kefu-apply-result]");
  await page.waitForFunction((el) => el.dataset.ok !== undefined, await result.elementHandle(), { timeout: 20_000 });
  assert.equal(await result.getAttribute("data-ok"), "true", await result.textContent());
  const saved = await state("4128000017");
  assert.equal(saved.flag, 1, "the red flag stays");
  const lines = saved.memo.split(/\r?\n/);
  assert.equal(lines[0], "买家要改电话 小王/11-24", "the old line kept");
  assert.match(lines[1], /^【改电话】电话：13900001111（小王\/\d{4}-\d{2}-\d{2} \d{2}:\d{2}）$/);
  await page.close();
});

test("a page whose shape does not match says so once and draws no badge", async () => {
  const page = await openList("/home.htm/trade-platform/tp/sold?pageSize=3", 3);
  const odd = JSON.stringify({ mainOrders: [{ id: "4128000099", statusInfo: { label: "?" } }, { id: "4128000098" }] });
  for (let i = 0; i < 3; i++) {
    await page.evaluate((detail) => document.dispatchEvent(new CustomEvent("kefu:sold-answer", { detail })), odd);
    await page.waitForTimeout(200);
  }
  const notices = page.locator("#kefu-overlay [data-testid=kefu-page-error]");
  await notices.first().waitFor();
  assert.equal(await notices.count(), 1);
  assert.match(await notices.textContent(), /本页结构与 kefu 认识的不同/);
  assert.equal(await page.locator(".kefu-badge-host").count(), 3, "the last good badges stay; no wrong ones drawn");
  await shoot(page, "extension-shape-notice.png");
  await page.close();
});
