// The options page: the shop's policy with live diagnostics, its tests run in the
// browser, and the policy taking effect in the side panel.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { start, repo } from "./harness.mjs";
import { soldAnswer, answerText, exampleFor } from "../../demo/fixture.mjs";
import { kefu } from "./cli.mjs";
import { shoot } from "./shots.mjs";

const core = createRequire(import.meta.url)("../../../wasm-pkg/pkg/node/kefu.js");
const apparel = readFileSync(join(repo, "examples/policies/apparel.rhai"), "utf8");
const apparelTests = readdirSync(join(repo, "examples/policies/apparel.tests")).sort()
  .map((f) => JSON.parse(readFileSync(join(repo, "examples/policies/apparel.tests", f), "utf8")));

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

async function options() {
  const page = await h.context.newPage();
  await page.setViewportSize({ width: 1100, height: 1000 });
  await page.goto(h.extensionUrl("options.html"));
  await page.locator("#diagnostics [data-testid=diagnostic-ok]").waitFor();
  return page;
}

async function type(page, source) {
  await page.fill("#policy", source);
  await page.locator("#policy").dispatchEvent("input");
}

test("a broken policy shows its error at line:col, the line is marked and it cannot be saved", async () => {
  const page = await options();
  const broken = "// a shop policy\npolicy.batch.defect_reports = 5;\npolicy.stall_hours = ;\n";
  await type(page, broken);
  const pos = page.locator("#diagnostics [data-testid=diagnostic-pos]");
  await pos.waitFor();
  let expected;
  try { new core.Engine(broken, { name: "shop-policy.rhai" }); } catch (e) { expected = e; }
  assert.equal(await pos.textContent(), `${expected.line}:${expected.column}`);
  assert.equal(expected.line, 3);
  assert.equal(await page.locator("#gutter .bad").textContent(), "3");
  assert.ok(await page.locator("#save").isDisabled());
  await shoot(page, "extension-options-error.png");
  await page.close();
});

test("an unknown field marks the line that sets it, though the core names no position", async () => {
  const page = await options();
  await type(page, "// a shop policy\npolicy.stall_hours = 48;\npolicy.late.bogus = 1;\n");
  await page.locator("#diagnostics [data-testid=diagnostic]").waitFor();
  assert.equal(await page.locator("#gutter .bad").textContent(), "3");
  assert.match(await page.locator("#diagnostics [data-testid=diagnostic-pos]").textContent(), /^3:/);
  assert.ok(await page.locator("#save").isDisabled());
  await page.close();
});

test("the options teach the policy: its fields with defaults and meaning, the default policy, the examples", async () => {
  const page = await options();
  const rows = page.locator("[data-testid=policy-fields] tbody tr");
  await rows.first().waitFor();
  assert.ok(await rows.count() > 30, "every field of kefu schema's policy");
  const stall = await page.locator("[data-testid=policy-fields] tr", { hasText: "policy.stall_hours" }).innerText();
  assert.match(stall, /72/);
  assert.match(stall, /物流/, "the meaning in Chinese");
  await page.locator("[data-testid=start-default]").click();
  await page.locator("#diagnostics [data-testid=diagnostic-ok]").waitFor();
  assert.equal(await page.inputValue("#policy"), readFileSync(join(repo, "examples/policies/default.rhai"), "utf8"));
  page.once("dialog", (d) => d.accept());
  await page.selectOption("[data-testid=examples]", "apparel.rhai");
  await page.waitForFunction((a) => document.querySelector("#policy").value === a, apparel);
  // The roles read as the shop says them.
  assert.deepEqual(await page.locator("#role option").allTextContents(), ["新人客服", "客服", "资深客服", "主管", "领导"]);
  await shoot(page, "extension-options.png");
  await page.close();
});

test("a runaway script stops with an error and the page stays responsive", async () => {
  const page = await options();
  const started = Date.now();
  await type(page, "let n = 0;\nloop { n += 1; }\n");
  await page.locator("#diagnostics [data-testid=diagnostic]").waitFor({ timeout: 10_000 });
  assert.match(await page.locator("#diagnostics [data-testid=diagnostic]").getAttribute("title"), /KEFU-SCRIPT/, "the code on hover");
  assert.ok(Date.now() - started < 8_000, "stopped by the script limits, not by a timeout of the test");
  await page.fill("#agent", "小王");
  assert.equal(await page.inputValue("#agent"), "小王", "the page still answers");
  await type(page, "policy.stall_hours = 48;\n");
  await page.locator("#diagnostics [data-testid=diagnostic-ok]").waitFor();
  await page.close();
});

test("the shop's tests run in the browser with the CLI's verdicts", async () => {
  const page = await options();
  await type(page, apparel);
  await page.locator("#diagnostics [data-testid=diagnostic-ok]").waitFor();
  const failing = { ...apparelTests[0], id: "expects-the-wrong-outcome", expect: { outcome: "refund_directly" } };
  await page.fill("#tests", JSON.stringify([...apparelTests, failing], null, 2));
  await page.click("#run-tests");
  await page.locator("[data-testid=test-summary]").waitFor();
  const results = await page.locator("[data-testid=test-result]").evaluateAll((l) => l.map((x) => x.dataset.passed));
  assert.deepEqual(results, [...apparelTests.map(() => "true"), "false"]);
  const cli = kefu(["test", "examples/policies/apparel.rhai"]);
  assert.match(cli, new RegExp(`${apparelTests.length} passed`), cli);
  await shoot(page, "extension-options.png");
  await page.close();
});

test("a shop policy changes the decision it should: no price protection during Double 11", async () => {
  const priceCase = async () => {
    const list = await h.context.newPage();
    await list.goto(`${h.base}/home.htm/trade-platform/tp/sold?pageSize=22`);
    await list.locator(".kefu-badge-host[data-kefu-order='4128000001'] button").click();
    await list.locator("#kefu-overlay [data-testid=kefu-decide]").click();
    const panel = await h.context.newPage();
    await panel.goto(h.extensionUrl("sidepanel.html"));
    await panel.selectOption("#kind", "price_difference");
    await panel.selectOption("#reason", "price_drop");
    await panel.fill("#amount", "30.00");
    await panel.waitForFunction(() => JSON.parse(document.querySelector("[data-testid=case-json]")?.textContent ?? "{}").request?.amount === "30.00");
    const outcome = JSON.parse(await panel.locator("[data-testid=decision-json]").textContent()).outcome;
    await list.close();
    await panel.close();
    return outcome;
  };
  const page = await options();
  await page.fill("#promotions", "double11 2026-01-01T00:00:00+08:00 2099-12-31T23:59:59+08:00");
  await page.locator("#save").click();
  await page.locator("#status").waitFor();
  const without = await priceCase();
  await type(page, apparel);
  await page.locator("#diagnostics [data-testid=diagnostic-ok]").waitFor();
  await page.locator("#save").click();
  await page.waitForTimeout(200);
  const withPolicy = await priceCase();
  assert.notEqual(without, "no_price_refund");
  assert.equal(withPolicy, "no_price_refund");
  await type(page, "");
  await page.locator("#save").click();
  await page.close();
});

test("a policy rule that never ends is stopped in the side panel, which keeps working", async () => {
  const page = await options();
  await type(page, 'fn spin(c, plan) {\n    let n = 0;\n    loop { n += 1; }\n}\nrule("SHOP-SPIN-1", "before", "spin");\n');
  await page.locator("#diagnostics [data-testid=diagnostic-ok]").waitFor();
  await page.locator("#save").click();
  await page.waitForTimeout(200);
  const list = await h.context.newPage();
  await list.goto(`${h.base}/home.htm/trade-platform/tp/sold?pageSize=22`);
  await list.locator(".kefu-badge-host[data-kefu-order='4128000001'] button").click();
  await list.locator("#kefu-overlay [data-testid=kefu-decide]").click();
  const panel = await h.context.newPage();
  await panel.goto(h.extensionUrl("sidepanel.html"));
  // Nothing is decided until the agent says what the buyer asks.
  await panel.locator("[data-testid=order]").waitFor();
  assert.equal(await panel.locator("[data-testid=decide-error]").count(), 0);
  await panel.selectOption("#kind", "return");
  const error = panel.locator("[data-testid=decide-error]");
  await error.waitFor({ timeout: 10_000 });
  assert.match(await error.getAttribute("title"), /KEFU-SCRIPT/, "the code on hover");
  await panel.fill("#words", "还能用吗");
  assert.equal(await panel.inputValue("#words"), "还能用吗", "the panel still answers");
  await type(page, "");
  await page.locator("#save").click();
  await list.close();
  await panel.close();
  await page.close();
});

test("before saving, the options page shows the edited policy's impact on the open list page's orders", async () => {
  const size = 15;
  const list = await h.context.newPage();
  await list.goto(`${h.base}/home.htm/trade-platform/tp/sold?pageSize=${size}`);
  await list.waitForFunction((n) => document.querySelectorAll(".kefu-badge-host").length === n, size, { timeout: 20_000 });
  await list.waitForFunction(() => Array.from(document.querySelectorAll(".kefu-badge-host"))
    .every((x) => x.shadowRoot.querySelector("[data-testid=kefu-badge]")?.dataset.severity !== "memo-unread"), undefined, { timeout: 20_000 });
  const page = await options();
  // Every demo order is 199.00: a high-value threshold of 150.00 makes each a risk
  // factor, so each scan decision escalates (R-ESC-RISK).
  const source = 'policy.risk.high_order_value = "150.00";\n';
  await type(page, source);
  await page.waitForFunction((n) => document.querySelector("[data-testid=impact-summary]")?.dataset.changed === String(n), size, { timeout: 20_000 });
  assert.equal(await page.locator("[data-testid=impact-change]").count(), size);
  assert.match(await page.locator("[data-testid=impact-summary]").innerText(), /本页 15 单中 15 单的处理会变化/);
  assert.equal(await page.locator("[data-testid=impact-levels]").innerText(), "0 → 15");
  const first = await page.locator("[data-testid=impact-change]").first().innerText();
  assert.match(first, /升级级别/, first);
  // The worker's answer is the core's diff of those orders, as the package gives it.
  const answer = await page.evaluate((s) => chrome.runtime.sendMessage({ type: "policy.diff", source: s }), source);
  assert.ok(answer.ok, JSON.stringify(answer));
  const orders = core.soldPage(answerText(soldAnswer({ pageSize: size }))).rows
    .map((r) => ({ ...r.order, remark: exampleFor(r.order.order_id)?.remark ?? "" }));
  const engine = new core.Engine(source, { name: "shop-policy.rhai" });
  const expected = engine.diff(orders, answer.value.now);
  engine.free();
  assert.deepEqual(answer.value.results.map((r) => [r.order_id, r.changes]), expected.map((r) => [r.order_id, r.changes]));
  // Nothing was saved.
  assert.equal(await page.evaluate(async () => (await chrome.storage.local.get("policy")).policy ?? ""), "");
  await page.locator("[data-testid=impact]").scrollIntoViewIfNeeded();
  await shoot(page, "extension-options-impact.png");
  await page.close();
  await list.close();
});
