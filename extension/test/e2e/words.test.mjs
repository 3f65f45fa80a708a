// Every screen an agent sees, in the language they chose: in Chinese (the default) no
// English word shows outside ids kept in attributes, numbers, units and brand names; in
// English the extension's own words (headings, buttons, labels) carry no Chinese, except
// the reply's 中文 toggle. The page's own data (remarks, item
// titles, the buyer's words) is the shop's and stays as written. Screenshots of every
// screen in both languages go to docs/ (KEFU_SCREENSHOTS=1).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start } from "./harness.mjs";
import { shoot } from "./shots.mjs";

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

/** Brand and format names a Chinese agent reads as they are; rule ids (R-STALL-1) are
 * the rulebook's references; `kefu` is the product. */
const ALLOWED = new Set(["utf", "kefu", "sku", "json", "rhai", "utc", "ms", "en", "ok", "id", "cod", "imei", "qq", "url", "pdf", "h", "min"]);
const RULE_ID = /\b(?:R|SHOP|KEFU)(?:-[A-Z0-9]+)+\b/g;

/** The visible text of the page and of every open shadow root in it, except the page's
 * own data: kefu's overlay, badges, guard; or the whole document for kefu's own pages. */
async function visibleText(page, { own, skip }) {
  return page.evaluate(({ own, skip }) => {
    const out = [];
    const reasons = [];
    const walk = (root, inKefu) => {
      for (const node of root.childNodes) {
        if (node.nodeType === Node.TEXT_NODE) {
          const el = node.parentElement;
          if (inKefu && el && el.checkVisibility?.() !== false && !el.closest(skip)) (el.closest(".because") ? reasons : out).push(node.textContent);
        } else if (node.nodeType === Node.ELEMENT_NODE) {
          const el = node;
          if (el.matches("script, style, details:not([open]) > :not(summary)")) continue;
          const kefu = inKefu || !!el.shadowRoot && /kefu/.test(el.className + el.id);
          if (el.shadowRoot) walk(el.shadowRoot, kefu);
          walk(el, kefu || el.id === "kefu-overlay");
        }
      }
    };
    walk(document.body ?? document.documentElement, own);
    const overlay = document.getElementById("kefu-overlay");
    if (overlay?.shadowRoot && !own) walk(overlay.shadowRoot, true);
    // The core's reasons come after a NUL: checked on their own (trace25).
    return `${out.join("\n")}\u0000${reasons.join("\n")}`;
  }, { own, skip });
}

function englishWords(text) {
  return [...new Set((text.replace(RULE_ID, " ").match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !ALLOWED.has(w.toLowerCase())))];
}

/** Chinese in what should be English, outside the allowed brand words. */
function chinese(text) {
  // 话术 is quoted in the phrasebook field's meaning: the marketplace's own word for it.
  return (text.replace(/中文|话术/g, "").match(/[\u3400-\u9fff]+/g) ?? []);
}

// The page's data inside kefu's drawing (a remark entry, the memo, a reply to send in
// the buyer's language when the agent toggles it) is not kefu's wording.
const DATA = ".paste, code, pre, [data-testid=reply], .reply, [data-testid=kefu-guard-draft], [data-testid=kefu-guard-rewrite], mark, .refund-line, .quick-reply";

async function setLang(lang) {
  const page = await h.context.newPage();
  await page.goto(h.extensionUrl("options.html"));
  await page.evaluate((lang) => chrome.storage.local.set({ lang, agent: { name: lang === "en" ? "Lily" : "小王", role: "agent" } }), lang);
  await page.waitForTimeout(300);
  await page.close();
}

/** Each screen: opens it, returns [name, text] pairs of what kefu shows there. */
async function screens(lang) {
  const suffix = lang === "en" ? "-en" : "";
  const seen = [];
  const list = await h.context.newPage();
  await list.goto(`${h.base}/home.htm/trade-platform/tp/sold?pageSize=22`);
  await list.waitForFunction(() => document.querySelectorAll(".kefu-badge-host").length === 22, undefined, { timeout: 20_000 });
  await list.waitForFunction(() => Array.from(document.querySelectorAll(".kefu-badge-host"))
    .every((x) => x.shadowRoot.querySelector("[data-testid=kefu-badge]")?.dataset.severity !== "memo-unread"), undefined, { timeout: 20_000 });
  await list.locator("#kefu-overlay [data-testid=kefu-legend-button]").click();
  seen.push(["list", await visibleText(list, { own: false, skip: DATA })]);
  await shoot(list, `extension-list${suffix}.png`);
  await list.locator("#kefu-overlay [data-testid=kefu-legend-button]").click();
  await list.locator(".kefu-badge-host[data-kefu-order='4128000016'] button").click();
  await list.locator("#kefu-overlay [data-testid=kefu-panel]").waitFor();
  await list.waitForTimeout(300);
  seen.push(["popover", await visibleText(list, { own: false, skip: DATA })]);
  await shoot(list, `extension-list-finding${suffix}.png`);
  await list.locator("#kefu-overlay [data-testid=kefu-queue-button]").click();
  await list.locator("#kefu-overlay [data-testid=kefu-queue-list]").waitFor();
  seen.push(["queue", await visibleText(list, { own: false, skip: DATA })]);
  await shoot(list, `extension-queue${suffix}.png`);

  // The side panel, on the order as it stands, then with a request.
  await list.locator("#kefu-overlay [data-testid=kefu-queue-list] [data-testid=kefu-queue-item]").first().click();
  await list.locator(".kefu-badge-host[data-kefu-order='4128000016'] button").click();
  await list.locator("#kefu-overlay [data-testid=kefu-decide]").click();
  const panel = await h.context.newPage();
  await panel.setViewportSize({ width: 420, height: 1400 });
  await panel.goto(h.extensionUrl("sidepanel.html"));
  await panel.locator("[data-testid=look-scan], [data-testid=look-scan-none]").first().waitFor();
  seen.push(["side panel (order)", await visibleText(panel, { own: true, skip: DATA })]);
  await shoot(panel, `extension-side-panel-order${suffix}.png`);
  await panel.selectOption("#kind", "return");
  await panel.selectOption("#reason", "wrong_size");
  await panel.locator("[data-testid=decision-json]").waitFor({ state: "attached" });
  seen.push(["side panel (decision)", await visibleText(panel, { own: true, skip: DATA })]);
  await shoot(panel, `extension-side-panel${suffix}.png`);
  await panel.close();
  await list.close();

  const detail = await h.context.newPage();
  await detail.goto(`${h.base}/home.htm/trade-platform/tp/detail?bizOrderId=4128000016`);
  await detail.locator("#kefu-overlay [data-testid=kefu-card]").waitFor({ timeout: 15_000 });
  await detail.waitForTimeout(300);
  seen.push(["detail", await visibleText(detail, { own: false, skip: DATA })]);
  await shoot(detail, `extension-detail${suffix}.png`);
  await detail.close();

  const chat = await h.context.newPage();
  await chat.goto(`${h.base}/home.htm/chat`);
  await chat.locator("#reply").waitFor();
  await chat.locator("#reply").pressSequentially(lang === "en" ? "亲，保证明天一定到" : "亲，保证明天一定到");
  await chat.locator(".kefu-guard-host [data-testid=kefu-guard] mark").first().waitFor();
  seen.push(["chat", await visibleText(chat, { own: false, skip: DATA })]);
  await shoot(chat, `extension-chat-guard${suffix}.png`);
  await chat.close();

  const options = await h.context.newPage();
  await options.setViewportSize({ width: 1100, height: 1400 });
  await options.goto(h.extensionUrl("options.html"));
  await options.locator("#diagnostics [data-testid=diagnostic-ok]").waitFor();
  await options.locator("[data-testid=policy-fields] tbody tr").first().waitFor();
  seen.push(["options", await visibleText(options, { own: true, skip: `${DATA}, textarea, select#examples` })]);
  await shoot(options, `extension-options${suffix}.png`);
  await options.close();
  return seen;
}

/** Whether this core writes trace reasons in both languages (the trace25 branch):
 * before it does, they are English only, and the check of them below is a todo. */
const core = (await import("node:module")).createRequire(import.meta.url)("../../../wasm-pkg/pkg/node/kefu.js");
const traceBilingual = (() => {
  try {
    const d = new core.Engine().decide({ now: "2026-11-25T10:00:00+08:00", order: { order_id: "1", status: "paid", total: "10.00", paid_at: "2026-11-25T09:00:00+08:00" }, request: { kind: "cancel" } });
    return typeof d.trace[0]?.because === "object";
  } catch {
    return false;
  }
})();

let zhScreens;
test("in Chinese, no screen shows an English word", async () => {
  await setLang("zh");
  zhScreens = await screens("zh");
  const found = [];
  for (const [name, text] of zhScreens.map(([n, t]) => [n, t.split("\u0000")[0]])) {
    assert.ok(text.trim().length > 10, `${name}: the screen shows something`);
    const words = englishWords(text);
    if (words.length) found.push(`${name}: ${words.join(" ")}`);
  }
  assert.deepEqual(found, [], `English on Chinese screens:\n${found.join("\n")}`);
});

test("in Chinese, the reasons (依据, queue reasons) are Chinese too", { todo: traceBilingual ? false : "the core writes trace reasons in English only until trace25 is merged" }, () => {
  const found = [];
  for (const [name, text] of zhScreens ?? []) {
    const words = englishWords(text.split("\u0000")[1] ?? "");
    if (words.length) found.push(`${name}: ${words.join(" ")}`);
  }
  assert.deepEqual(found, [], `English reasons on Chinese screens:\n${found.join("\n")}`);
});

test("in English, kefu's own words carry no Chinese", async () => {
  await setLang("en");
  const found = [];
  for (const [name, text] of await screens("en")) {
    const cjk = chinese(text.replace("\u0000", "\n"));
    if (cjk.length) found.push(`${name}: ${[...new Set(cjk)].join(" ")}`);
  }
  await setLang("zh");
  assert.deepEqual(found, [], `Chinese on English screens:\n${found.join("\n")}`);
});
