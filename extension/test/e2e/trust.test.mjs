// The trust boundary in the browser (TRUST.md): kefu's content script, run in a backend
// page, gets what that page draws and nothing of the shop's settings; storage is the
// extension's own; a stored policy is compiled before use; page events are bounded.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start } from "./harness.mjs";
import { shoot } from "./shots.mjs";

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

/** Evaluates `expression` in kefu's content-script world of `page` (the isolated world
 * Chrome gives the extension), as a compromised page renderer could. */
async function inContentScript(page, expression) {
  const cdp = await h.context.newCDPSession(page);
  const worlds = [];
  cdp.on("Runtime.executionContextCreated", (e) => worlds.push(e.context));
  await cdp.send("Runtime.enable");
  const world = worlds.find((c) => c.auxData?.type === "isolated" && /kefu/.test(c.name));
  assert.ok(world, `kefu's content script world: ${worlds.map((c) => `${c.name}/${c.auxData?.type}`).join(", ")}`);
  const { result, exceptionDetails } = await cdp.send("Runtime.evaluate", { expression, contextId: world.id, awaitPromise: true, returnByValue: true });
  await cdp.detach();
  assert.equal(exceptionDetails, undefined, JSON.stringify(exceptionDetails));
  return result.value;
}

async function extensionPage(path) {
  const page = await h.context.newPage();
  await page.goto(h.extensionUrl(path));
  return page;
}

async function listPage(size = 3) {
  const page = await h.context.newPage();
  await page.goto(`${h.base}/home.htm/trade-platform/tp/sold?pageSize=${size}`);
  await page.waitForFunction((n) => document.querySelectorAll(".kefu-badge-host").length === n, size, { timeout: 20_000 });
  return page;
}

test("a content script gets what its page draws, not the settings, the policy, the shop's tests or another tab's memo", async () => {
  const options = await extensionPage("options.html");
  const secret = "// the shop's secret policy\npolicy.stall_hours = 48;\n";
  await options.evaluate((policy) => chrome.storage.local.set({ policy }), secret);
  const optionsTab = await options.evaluate(async () => (await chrome.tabs.getCurrent()).id);
  const page = await listPage();
  const answers = await inContentScript(page, `(async () => {
    const ask = (m) => chrome.runtime.sendMessage(m).catch((e) => ({ thrown: String(e) }));
    return {
      selected: await ask({ type: "selected" }),
      status: await ask({ type: "status" }),
      tests: await ask({ type: "tests.run", source: "", tests: "[]" }),
      check: await ask({ type: "policy.check", source: "" }),
      memo: await ask({ type: "fill-memo", tabId: ${optionsTab}, text: "forged" }),
      unknown: await ask({ type: "settings" }),
      oversized: await ask({ type: "reply", draft: "x".repeat(20000) }),
      lang: await ask({ type: "lang" }),
      page: await ask({ type: "page", page: '{"mainOrders":[]}' }),
      storage: await chrome.storage.local.get(null).then((v) => ({ read: v }), (e) => ({ refused: String(e) })),
      write: await chrome.storage.local.set({ policy: "x" }).then(() => "written", (e) => String(e)),
    };
  })()`);
  for (const k of ["selected", "status", "tests", "check", "memo"]) {
    assert.equal(answers[k].ok, false, `${k}: ${JSON.stringify(answers[k]).slice(0, 200)}`);
    assert.equal(answers[k].error.code, "KEFU-EXTENSION-SENDER", k);
  }
  assert.equal(answers.unknown.error.code, "KEFU-EXTENSION-MESSAGE");
  assert.equal(answers.oversized.error.code, "KEFU-EXTENSION-MESSAGE");
  assert.doesNotMatch(JSON.stringify(answers), /secret policy/);
  assert.deepEqual(answers.lang, { ok: true, value: "zh" });
  assert.equal(answers.page.ok, true, "what the page needs drawn is answered");
  assert.ok(answers.storage.refused, `storage is the extension's own: ${JSON.stringify(answers.storage).slice(0, 200)}`);
  assert.notEqual(answers.write, "written");
  assert.equal(await options.evaluate(async () => (await chrome.storage.local.get("policy")).policy), secret);
  // The extension's own pages still get everything.
  const mine = await options.evaluate(() => chrome.runtime.sendMessage({ type: "selected" }));
  assert.equal(mine.ok, true);
  assert.equal(mine.value.settings.policy, secret);
  await options.evaluate(() => chrome.storage.local.remove("policy"));
  await page.close();
  await options.close();
});

test("a stored policy is compiled before use: one that does not compile is not used, and the pages say so in Chinese", async () => {
  const options = await extensionPage("options.html");
  // Written past the options page's check (by an older version, or before storage was
  // restricted).
  await options.evaluate(() => chrome.storage.local.set({ policy: "policy.stall_hours = ;\n" }));
  await options.waitForTimeout(200);
  const page = await listPage(22);
  const error = page.locator("#kefu-overlay .policy-error");
  await error.waitFor();
  assert.match(await error.textContent(), /^店铺策略加载失败，当前按默认规则/);
  await options.reload();
  const banner = options.locator("[data-testid=stored-policy-error]");
  await banner.waitFor();
  assert.match(await banner.textContent(), /^已保存的店铺策略无法编译，未被使用/);
  assert.match(await banner.locator("code").getAttribute("title"), /KEFU-/, "the code on hover");
  await shoot(options, "extension-options-stored-error.png");
  const panel = await extensionPage("sidepanel.html");
  await panel.locator("[data-testid=stored-policy-error]").waitFor();
  assert.match(await panel.locator("[data-testid=stored-policy-error]").textContent(), /^店铺策略加载失败/);
  // A policy that is not even text does not stop the worker either.
  await options.evaluate(() => chrome.storage.local.set({ policy: 42, lang: "fr" }));
  await options.waitForTimeout(200);
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll(".kefu-badge-host").length === 22, undefined, { timeout: 20_000 });
  await options.reload();
  await options.locator("#stored:not([hidden])").waitFor();
  assert.match(await options.locator("#stored").textContent(), /部分已保存的设置无效/);
  // Saving from the options page puts things right.
  await options.fill("#policy", "");
  await options.locator("#policy").dispatchEvent("input");
  await options.locator("#diagnostics [data-testid=diagnostic-ok]").waitFor();
  await options.locator("#save").click();
  await options.locator("#stored[hidden]").waitFor({ state: "attached" });
  await options.reload();
  await options.locator("#diagnostics [data-testid=diagnostic-ok]").waitFor();
  assert.equal(await options.locator("#stored").isHidden(), true);
  await panel.close();
  await page.close();
  await options.close();
});

test("a page firing kefu's event in a loop costs two reads, not one per event", async () => {
  const page = await listPage(3);
  const before = Number(await page.evaluate(() => document.documentElement.dataset.kefuPage));
  await page.evaluate(() => {
    const answer = JSON.stringify({ mainOrders: [], page: { totalNumber: 0 } });
    for (let i = 0; i < 300; i++) document.dispatchEvent(new CustomEvent("kefu:sold-answer", { detail: answer }));
  });
  await page.waitForFunction((b) => Number(document.documentElement.dataset.kefuPage) >= b + 2, before, { timeout: 10_000 });
  await page.waitForTimeout(500);
  const after = Number(await page.evaluate(() => document.documentElement.dataset.kefuPage));
  assert.equal(after - before, 2, "the first answer and the latest; the 298 between are dropped");
  await page.close();
});

test("a page hands over memos for the orders it showed, never another tab's", async () => {
  const first = await listPage(3); // 4128000001..03
  const second = await h.context.newPage();
  await second.goto(`${h.base}/home.htm/trade-platform/tp/sold?pageNum=2&pageSize=3`); // 4128000004..06
  await second.waitForFunction(() => document.querySelectorAll(".kefu-badge-host").length === 3, undefined, { timeout: 20_000 });
  const answer = await inContentScript(first, `chrome.runtime.sendMessage({ type: "memos", memos: { "4128000004": "伪造", "4128000002": "【跟进】说明：本页的（小王/2026-12-07 10:00）" } })`);
  assert.equal(answer.ok, true, JSON.stringify(answer));
  assert.deepEqual(answer.value.map((r) => r.order_id), ["4128000002"], "4128000004 is the other tab's");
  await first.close();
  await second.close();
});
