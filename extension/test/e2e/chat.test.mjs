// The reply guard on the chat input: the order card says shipped days ago with no
// pickup scan, so the parcel has stalled (R-WORD-PROMISE applies) and "已经发货" is not
// yet true (R-WORD-SHIPPED).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start } from "./harness.mjs";
import { shoot } from "./shots.mjs";

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

async function chat() {
  const page = await h.context.newPage();
  await page.goto(`${h.base}/home.htm/chat`);
  await page.locator("#reply").waitFor();
  return page;
}

const guard = (page) => page.locator(".kefu-guard-host [data-testid=kefu-guard]");

test("a date promised during a stall is underlined, explained, and rewritten in one click", async () => {
  const page = await chat();
  await page.locator("#reply").pressSequentially("亲，保证明天一定到");
  await guard(page).locator("mark").first().waitFor();
  const marks = await guard(page).locator("mark").evaluateAll((m) => m.map((x) => [x.textContent, x.dataset.rule]));
  // R-WORD-PROMISE: the date is the promise, so the whole of it is marked, and the
  // rewrite names no date ("尽量明天到" would still promise one).
  assert.deepEqual(marks, [["保证明天一定到", "R-WORD-PROMISE"]]);
  const rewrite = await guard(page).locator("[data-testid=kefu-guard-rewrite]").textContent();
  assert.equal(rewrite, "亲，我们一直在跟进，一有进展马上告诉您", "no date, not a softened one");
  await shoot(page, "extension-chat-guard.png");
  await guard(page).locator("[data-testid=kefu-rewrite]").click();
  assert.equal(await page.inputValue("#reply"), rewrite);
  await guard(page).locator("[data-testid=kefu-guard-clean]").waitFor();
  await page.close();
});

test("'shipped' without a pickup scan gets the warehouse wording", async () => {
  const page = await chat();
  await page.locator("#reply").fill("亲，已经发货了");
  await page.locator("#reply").dispatchEvent("input");
  await guard(page).locator("mark[data-rule='R-WORD-SHIPPED']").waitFor();
  assert.match(await guard(page).locator("[data-testid=kefu-guard-rewrite]").textContent(), /仓库已发货/);
  await page.close();
});

test("a clean reply says so, and an emptied box clears the guard", async () => {
  const page = await chat();
  await page.locator("#reply").fill("亲，我们正在帮您催促快递，有消息第一时间告诉您");
  await page.locator("#reply").dispatchEvent("input");
  await guard(page).locator("[data-testid=kefu-guard-clean]").waitFor();
  await page.locator("#reply").fill("");
  await page.locator("#reply").dispatchEvent("input");
  await page.waitForFunction(() => !document.querySelector(".kefu-guard-host").shadowRoot.querySelector("[data-testid=kefu-guard]").textContent);
  await page.close();
});

test("quick replies are the shop's scripts filled from the chat's order, and the guard checks them", async () => {
  const options = await h.context.newPage();
  await options.goto(h.extensionUrl("options.html"));
  await options.fill("#agent", "小王");
  await options.locator("#save").click();
  await options.locator("#status").waitFor();
  await options.close();
  const page = await chat();
  const bar = page.locator(".kefu-guard-host [data-testid=kefu-quick-bar]");
  await bar.locator("[data-id=greeting]").waitFor();
  const ids = await bar.locator("[data-testid=kefu-quick]").evaluateAll((b) => b.map((x) => x.dataset.id));
  assert.deepEqual(ids.slice(0, 3), ["greeting", "offline_opener", "bargaining"]);
  assert.equal(ids.length, 10, "the seeds' ten situations");
  await bar.locator("[data-id=greeting]").click();
  assert.equal(await page.inputValue("#reply"), "您好，我是kefu演示旗舰店的客服小王，很荣幸为您服务，今天由我为您解答~");
  await guard(page).locator("[data-testid=kefu-guard-clean]").waitFor();
  await page.close();
});
