// One order in the side panel: the decision equals `kefu decide --format ndjson` for
// the same case, byte for byte; the remark entry goes into the page's memo dialog; a
// detail page is read from its labels.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start } from "./harness.mjs";
import { kefu, ndjson } from "./cli.mjs";
import { shoot } from "./shots.mjs";

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

/** Opens the list, picks `id` through its badge, and opens the side panel page. */
async function pick(id) {
  const list = await h.context.newPage();
  await list.goto(`${h.base}/home.htm/trade-platform/tp/sold?pageSize=22`);
  await list.locator(`.kefu-badge-host[data-kefu-order='${id}'] button`).click();
  await list.locator("#kefu-overlay [data-testid=kefu-decide]").click();
  const panel = await h.context.newPage();
  await panel.setViewportSize({ width: 420, height: 1100 });
  await panel.goto(h.extensionUrl("sidepanel.html"));
  await panel.locator("[data-testid=order]").waitFor();
  assert.match(await panel.locator("[data-testid=order]").innerText(), new RegExp(id));
  return { list, panel };
}

async function decisionOf(panel) {
  await panel.locator("[data-testid=decision-json]").waitFor({ state: "attached" });
  return {
    caseJson: await panel.locator("[data-testid=case-json]").textContent(),
    decisionJson: await panel.locator("[data-testid=decision-json]").textContent(),
  };
}

function cliDecision(caseJson) {
  const [line] = ndjson(kefu(["decide", "--format", "ndjson", "-"], caseJson)).filter((l) => l.kind === "decision");
  return JSON.stringify(line.decision);
}

test("the side panel's decision is kefu decide's, byte for byte, as the agent changes the request", async () => {
  const { list, panel } = await pick("4128000006");
  const seen = new Set();
  for (const [kind, reason, amount] of [["return", "wrong_size", ""], ["defect", "defect", ""], ["price_difference", "price_drop", "30.00"], ["cancel", "changed_mind", ""]]) {
    const before = await panel.locator("[data-testid=decision-json]").textContent().catch(() => "");
    await panel.selectOption("#kind", kind);
    await panel.selectOption("#reason", reason);
    await panel.fill("#amount", amount);
    await panel.waitForFunction((b) => document.querySelector("[data-testid=decision-json]")?.textContent !== b, before);
    await panel.waitForTimeout(100);
    const { caseJson, decisionJson } = await decisionOf(panel);
    assert.equal(JSON.parse(caseJson).request.kind, kind);
    assert.equal(decisionJson, cliDecision(caseJson), `${kind}: the browser and the CLI differ`);
    seen.add(JSON.parse(decisionJson).outcome);
  }
  assert.ok(seen.size >= 3, `different requests give different decisions: ${[...seen]}`);
  await list.close();
  await panel.close();
});

test("the remark entry fills the memo dialog the agent opened, after what is there", async () => {
  const { list, panel } = await pick("4128000006");
  await panel.selectOption("#kind", "return");
  await panel.selectOption("#reason", "wrong_size");
  await panel.locator("[data-testid=entry]").waitFor();
  const entry = await panel.locator("[data-testid=entry]").textContent();
  await list.locator("tr[data-id='4128000006'] .memo-edit").click();
  // The dialog loads the memo itself after it opens (as the workbench's does).
  await list.waitForSelector("#memo-dialog:not([hidden]):not([aria-busy])");
  const before = await list.inputValue("#memo-text");
  await panel.locator("[data-testid=fill-memo]").click();
  await list.waitForFunction((e) => document.querySelector("#memo-text").value.endsWith(e), entry);
  assert.equal(await list.inputValue("#memo-text"), `${before}\n${entry}`, "the memo is appended to, never overwritten");
  await shoot(panel, "extension-side-panel.png");
  await list.close();
  await panel.close();
});

test("a detail page is read from its labels and linted", async () => {
  const page = await h.context.newPage();
  await page.goto(`${h.base}/home.htm/trade-platform/tp/detail?bizOrderId=4128000016`);
  const card = page.locator("#kefu-overlay [data-testid=kefu-card]");
  await card.waitFor({ timeout: 15_000 });
  const text = await card.innerText();
  assert.match(text, /4128000016/);
  assert.equal(await card.locator("[data-check=flag-status-mismatch]").count(), 1, "pink on a shipped order");
  await shoot(page, "extension-detail.png");
  await page.close();
});

// Last: it writes the demo's memo and flag of 4128000016, which the detail page reads.
test("the panel opens on the order as it stands, then a request's flag and remark are one click", async () => {
  const state = async (id) => (await fetch(`${h.base}/demo/state?orderid=${id}`)).json();
  // First run: no agent name yet. The panel asks for it before anything is signed.
  const { list, panel } = await pick("4128000016");
  assert.equal(await panel.inputValue("#kind"), "", "no request preselected");
  assert.equal(await panel.locator("[data-testid=decision-json]").count(), 0, "nothing decided before the agent chooses");
  await panel.locator("[data-testid=look-findings] [data-check=flag-status-mismatch]").waitFor();
  await panel.locator("[data-testid=look-scan]").waitFor();
  assert.doesNotMatch(await panel.locator("[data-testid=look-findings]").innerText(), /flag-status-mismatch/, "the check's name, not its id");
  await shoot(panel, "extension-side-panel-order.png");
  await panel.selectOption("#kind", "return");
  await panel.selectOption("#reason", "wrong_size");
  await panel.locator("[data-testid=agent-prompt]").waitFor();
  await panel.fill("[data-testid=agent-prompt] input", "小李");
  await panel.locator("[data-testid=agent-prompt] button").click();
  await panel.waitForFunction(() => /小李/.test(document.querySelector("[data-testid=entry]")?.textContent ?? ""));
  const entry = await panel.locator("[data-testid=entry]").textContent();
  assert.doesNotMatch(entry, /YYYY|客服\//, "signed with the name and the time, no placeholder");
  const before = await state("4128000016");
  await panel.locator("[data-testid=apply-decision]").click();
  await panel.waitForFunction(() => document.querySelector("[data-testid=apply-result]")?.className === "ok", undefined, { timeout: 15_000 });
  const after = await state("4128000016");
  assert.equal(after.memo, before.memo ? `${before.memo}\n${entry}` : entry, "the entry appended in the backend's own dialog");
  assert.equal(after.flag, 4, "blue: after-sales on a shipped order");
  // The same again writes nothing twice.
  await panel.locator("[data-testid=apply-decision]").waitFor();
  await list.close();
  await panel.close();
});
