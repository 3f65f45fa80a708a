// The service worker's trust boundary (src/trust.ts): who may send what, in which shape
// and size, and what a stored setting must be before the worker uses it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { load } from "./load.mjs";

const trust = await load("trust.ts");
const { admit, senderKind, matchesPattern, settingsFrom, latestOnly, remember, RULES } = trust;

const ID = "abcdefghijklmnopabcdefghijklmnop";
const self = {
  id: ID,
  origin: `chrome-extension://${ID}`,
  contentMatches: ["https://myseller.taobao.com/*", "https://qn.taobao.com/*", "https://trade.taobao.com/*", "http://127.0.0.1/*"],
};
const LIST = "https://myseller.taobao.com/home.htm/trade-platform/tp/sold";
const sidePanel = { id: ID, url: `chrome-extension://${ID}/sidepanel.html` };
const optionsTab = { id: ID, url: `chrome-extension://${ID}/options.html`, tab: { id: 7 }, frameId: 0 };
const content = (tabId = 3, url = LIST, frameId = 0) => ({ id: ID, url, tab: { id: tabId }, frameId });

test("match patterns as Chrome reads them: scheme, host, any port when none is given, path and query", () => {
  assert.ok(matchesPattern(LIST, "https://myseller.taobao.com/*"));
  assert.ok(matchesPattern("https://qn.taobao.com/home.htm/trade-platform/tp/sold?x=1", "https://qn.taobao.com/home.htm/trade-platform/*"));
  assert.ok(!matchesPattern("https://qn.taobao.com/home.htm/other", "https://qn.taobao.com/home.htm/trade-platform/*"));
  assert.ok(!matchesPattern("http://myseller.taobao.com/", "https://myseller.taobao.com/*"), "scheme");
  assert.ok(!matchesPattern("https://myseller.taobao.com.evil.example/", "https://myseller.taobao.com/*"), "host suffix");
  assert.ok(!matchesPattern("https://evil.example/?https://myseller.taobao.com/", "https://myseller.taobao.com/*"));
  assert.ok(matchesPattern("http://127.0.0.1:41234/home.htm/trade-platform/tp/sold", "http://127.0.0.1/*"), "no port in the pattern: every port");
  assert.ok(matchesPattern("https://a.taobao.com/x", "*://*.taobao.com/*"));
  assert.ok(matchesPattern("https://taobao.com/x", "*://*.taobao.com/*"));
  assert.ok(!matchesPattern("https://nottaobao.com/x", "*://*.taobao.com/*"));
  assert.ok(!matchesPattern("not a url", "https://myseller.taobao.com/*"));
  assert.ok(!matchesPattern(LIST, "garbage"));
});

test("senders: the extension's own pages (in a tab or not), kefu's content script in a backend page's top frame, nobody else", () => {
  assert.equal(senderKind(sidePanel, self), "extension");
  assert.equal(senderKind(optionsTab, self), "extension", "the options page opens in a tab");
  assert.equal(senderKind(content(), self), "content");
  assert.equal(senderKind(content(3, LIST, 2), self), undefined, "kefu's content script runs in top frames only");
  assert.equal(senderKind(content(3, "https://evil.example/"), self), undefined, "a page the content script does not run on");
  assert.equal(senderKind({ ...content(), tab: undefined }, self), undefined, "a backend URL without a tab is no content script");
  assert.equal(senderKind({ ...sidePanel, id: "another-extension" }, self), undefined);
  assert.equal(senderKind({ id: ID, url: "chrome-extension://another/options.html" }, self), undefined);
  assert.equal(senderKind({ id: ID }, self), undefined, "no URL");
  assert.equal(senderKind({}, self), undefined);
});

test("a content script may ask only for what its page draws, never for the settings, the policy or the shop's tests", () => {
  const fromContent = Object.entries(RULES).filter(([, r]) => r.from.includes("content")).map(([t]) => t).sort();
  assert.deepEqual(fromContent, ["apply-memo", "display", "entry", "fill-memo", "fix", "lang", "memos", "names", "open-options", "page", "pick", "quick", "reply", "row", "select"]);
  for (const message of [
    { type: "selected" }, { type: "status" }, { type: "stats" }, { type: "rules" }, { type: "agent.name", name: "小王" },
    { type: "fill-chat", tabId: 3, text: "亲" },
    { type: "policy.check", source: "" }, { type: "tests.run", source: "", tests: "[]" },
    { type: "decide", case: { order: { order_id: "1" } } },
  ]) {
    const a = admit(message, content(), self);
    assert.equal(a.ok, false, message.type);
    assert.equal(a.error.code, "KEFU-EXTENSION-SENDER", message.type);
    assert.equal(admit(message, sidePanel, self).ok, true, `${message.type} from the side panel`);
  }
  for (const [, r] of Object.entries(RULES)) assert.ok(r.why.length > 20, "every type says why it is allowed from where");
});

test("fill-memo: the side panel fills any tab's memo dialog, a content script only its own tab's", () => {
  assert.equal(admit({ type: "fill-memo", tabId: 9, text: "x" }, sidePanel, self).ok, true);
  assert.equal(admit({ type: "fill-memo", tabId: 3, text: "x" }, content(3), self).ok, true);
  const other = admit({ type: "fill-memo", tabId: 9, text: "x" }, content(3), self);
  assert.equal(other.ok, false);
  assert.equal(other.error.code, "KEFU-EXTENSION-SENDER");
});

test("apply-memo: the side panel applies a fix in any tab, a content script only in its own; the shape is exact", () => {
  const m = (tabId, extra = {}) => ({ type: "apply-memo", tabId, orderId: "4128000016", flag: "blue", entry: "【退货】说明：x（小王/2026-12-07 10:00）", ...extra });
  assert.equal(admit(m(9), sidePanel, self).ok, true);
  assert.equal(admit(m(3, { flag: null }), content(3), self).ok, true, "null leaves the flag");
  assert.equal(admit(m(3, { limitBytes: 1000 }), content(3), self).ok, true);
  const other = admit(m(9), content(3), self);
  assert.equal(other.ok, false);
  assert.equal(other.error.code, "KEFU-EXTENSION-SENDER");
  for (const bad of [{ flag: "pink" }, { flag: 1 }, { entry: "x".repeat(trust.MAX_REMARK_CHARS + 1) }, { orderId: 5 }, { limitBytes: 0 }, { extra: 1 }]) {
    const a = admit(m(9, bad), sidePanel, self);
    assert.equal(a.ok, false, JSON.stringify(bad));
    assert.equal(a.error.code, "KEFU-EXTENSION-MESSAGE");
  }
  assert.equal(admit(m(9, { entry: "" }), sidePanel, self).ok, true, "a flag alone");
  assert.equal(admit(m(9, { flag: null, entry: "" }), sidePanel, self).ok, false, "nothing to write");
});

test("memos and fix: a page hands over the memos it read and asks for a fix of an order it showed", () => {
  assert.equal(admit({ type: "memos", memos: { "4128000016": "买家要取消 小王/11-23" } }, content(), self).ok, true);
  assert.equal(admit({ type: "memos", memos: { "4128000016": "x".repeat(trust.MAX_MEMO_CHARS + 1) } }, content(), self).ok, false);
  assert.equal(admit({ type: "memos", memos: { "4128000016": 5 } }, content(), self).ok, false);
  assert.equal(admit({ type: "memos", memos: {} }, sidePanel, self).ok, false, "the extension's pages read no page's memos");
  assert.equal(admit({ type: "fix", order_id: "4128000016", kind: "return" }, content(), self).ok, true);
  assert.equal(admit({ type: "fix", order_id: "4128000016", kind: "lint", check: "entry-unsigned" }, content(), self).ok, true);
  assert.equal(admit({ type: "fix", order_id: "4128000016", kind: "cancel_everything" }, content(), self).ok, false);
  assert.equal(admit({ type: "page", page: "{}", memoPending: ["4128000016"] }, content(), self).ok, true);
  assert.equal(admit({ type: "page", page: "{}", memoPending: [""] }, content(), self).ok, false);
});

test("unknown senders are refused before anything else", () => {
  const a = admit({ type: "page", page: "{}" }, content(3, "https://evil.example/"), self);
  assert.equal(a.ok, false);
  assert.equal(a.error.code, "KEFU-EXTENSION-SENDER");
});

test("every message type has its shape: fields, types, sizes, nothing extra", () => {
  const ok = (m, s = content()) => assert.equal(admit(m, s, self).ok, true, JSON.stringify(m).slice(0, 120));
  const bad = (m, s = content()) => {
    const a = admit(m, s, self);
    assert.equal(a.ok, false, JSON.stringify(m).slice(0, 120));
    assert.equal(a.error.code, "KEFU-EXTENSION-MESSAGE", JSON.stringify(m).slice(0, 120));
    assert.equal(typeof a.error.message, "string");
  };
  ok({ type: "page", page: '{"mainOrders":[]}' });
  ok({ type: "page", page: "{}", domFlags: { "4128000016": "purple" } });
  bad({ type: "page" });
  bad({ type: "page", page: 5 });
  bad({ type: "page", page: "x".repeat(trust.MAX_PAGE_CHARS + 1) });
  bad({ type: "page", page: "{}", domFlags: Object.fromEntries(Array.from({ length: trust.MAX_DOM_FLAGS + 1 }, (_, i) => [String(i), "red"])) });
  bad({ type: "page", page: "{}", extra: 1 });
  ok({ type: "row", headers: ["订单编号"], cells: ["4128000016"] });
  bad({ type: "row", headers: ["订单编号"], cells: [4128000016] });
  bad({ type: "row", headers: Array(trust.MAX_LABELS + 1).fill("a"), cells: [] });
  bad({ type: "row", headers: ["x".repeat(trust.MAX_LABEL_CHARS + 1)], cells: [""] });
  ok({ type: "select", selected: { order: { order_id: "4128000016" }, source: "detail" } });
  bad({ type: "select", selected: { order: { order_id: "4128000016" }, source: "detail", tabId: 9 } }, content());
  bad({ type: "select", selected: { order: {}, source: "detail" } });
  bad({ type: "select", selected: { order: { order_id: "1", big: "x".repeat(trust.MAX_ORDER_JSON) }, source: "detail" } });
  bad({ type: "select", selected: { order: { order_id: "1" }, source: "elsewhere" } });
  ok({ type: "pick", order_id: "4128000016", page: "{}", source: "list" });
  bad({ type: "pick", order_id: "", page: "{}", source: "list" });
  ok({ type: "reply", draft: "亲，已经发货了" });
  ok({ type: "reply", order: { order_id: "1" }, draft: "" });
  bad({ type: "reply", draft: "字".repeat(trust.MAX_DRAFT_CHARS + 1) });
  bad({ type: "reply", order: [], draft: "x" });
  ok({ type: "quick" });
  bad({ type: "quick", order: "4128000016" });
  ok({ type: "lang" });
  ok({ type: "display" });
  ok({ type: "names" });
  ok({ type: "entry", reason: "cod_confirm" });
  ok({ type: "entry", reason: "change_phone", details: { phone: "13800000000" } });
  bad({ type: "entry", reason: "" });
  bad({ type: "entry", reason: "return", details: { note: 3 } });
  ok({ type: "fill-memo", tabId: 3, text: "11/25 小王：退货" });
  bad({ type: "fill-memo", tabId: 3, text: "" });
  bad({ type: "fill-memo", tabId: 3, text: "x".repeat(trust.MAX_REMARK_CHARS + 1) });
  for (const tabId of [-1, 1.5, "3", null]) bad({ type: "fill-memo", tabId, text: "x" }, sidePanel);
  ok({ type: "decide", case: { now: "2026-11-25T10:00:00+08:00", order: { order_id: "1" }, request: { kind: "cancel" } } }, sidePanel);
  bad({ type: "decide", case: { order: { order_id: "1" }, pad: "x".repeat(trust.MAX_CASE_JSON) } }, sidePanel);
  bad({ type: "decide", case: "{}" }, sidePanel);
  ok({ type: "policy.check", source: "policy.stall_hours = 48;" }, sidePanel);
  bad({ type: "policy.check", source: "x".repeat(trust.MAX_POLICY_CHARS + 1) }, sidePanel);
  ok({ type: "tests.run", source: "", tests: "[]" }, optionsTab);
  bad({ type: "tests.run", source: "" }, optionsTab);
  bad({ type: "selected", extra: true }, sidePanel);
  bad({ type: "nonsense" });
  bad({ type: "__proto__" });
  bad({ type: "toString" });
});

test("whatever arrives, the answer is a refusal or an admission, never a throw", () => {
  const weird = [null, undefined, 0, "page", [], [{ type: "page" }], {}, { type: null }, { type: ["page"] },
    { type: "page", page: { length: 1 } }, { type: "row", headers: null, cells: null }, { type: "select", selected: null },
    { type: "decide", case: null }, { type: "decide", case: { order: null } }, Object.create(null)];
  for (const m of weird) {
    for (const s of [content(), sidePanel, {}, { id: ID, url: 42 }]) {
      const a = admit(m, s, self);
      assert.equal(a.ok, false, JSON.stringify(m));
      assert.match(a.error.code, /^KEFU-EXTENSION-(SENDER|MESSAGE)$/);
    }
  }
});

test("stored settings of the wrong type or size fall back to the defaults, and say so", () => {
  const good = settingsFrom({ policy: "policy.stall_hours = 48;", lang: "en", agent: { name: "小王", role: "senior" }, timeZone: "+08:00", promotions: [{ name: "double11", start: "a", end: "b" }] });
  assert.deepEqual(good.problems, []);
  assert.equal(good.settings.policy, "policy.stall_hours = 48;");
  assert.equal(good.settings.lang, "en");
  assert.equal(good.settings.agent.role, "senior");
  const bad = settingsFrom({ policy: 42, lang: "fr", agent: { name: "x", role: "root" }, promotions: "all", timeZone: {}, tests: ["x"], other: 1 });
  assert.equal(bad.settings.policy, "", "a policy that is not text is not used");
  assert.equal(bad.settings.lang, "zh");
  assert.equal(bad.settings.agent.role, "agent");
  assert.deepEqual(bad.settings.promotions, []);
  assert.equal(bad.settings.timeZone, "+08:00");
  assert.equal(bad.settings.tests, "[]");
  assert.equal(bad.problems.length, 6);
  assert.equal(settingsFrom({ policy: "x".repeat(trust.MAX_POLICY_CHARS + 1) }).settings.policy, "");
  assert.deepEqual(settingsFrom({}).problems, []);
});

test("a page that hands over answers in a loop costs two reads: the one running and the latest", async () => {
  const ran = [];
  let release;
  const read = latestOnly(async (x) => { ran.push(x); if (x === 0) await new Promise((r) => { release = r; }); });
  for (let i = 0; i < 1000; i++) read(i);
  assert.deepEqual(ran, [0]);
  release();
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(ran, [0, 999]);
  read(1000);
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(ran, [0, 999, 1000], "idle again: the next answer runs at once");
  const failing = latestOnly(async () => { throw new Error("x"); });
  failing(1);
  await new Promise((r) => setTimeout(r, 10));
});

test("the worker's orders seen are bounded, the oldest forgotten first", () => {
  const m = new Map();
  for (let i = 0; i < 50; i++) remember(m, String(i), i, 10);
  assert.equal(m.size, 10);
  assert.deepEqual([...m.keys()], Array.from({ length: 10 }, (_, i) => String(40 + i)));
  remember(m, "41", 0, 10);
  assert.equal([...m.keys()].at(-1), "41", "seen again: kept as the newest");
});
