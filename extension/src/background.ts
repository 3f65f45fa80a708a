// The service worker: the only place the core runs. Page CSPs may forbid WebAssembly in
// content scripts, and the extension's pages are ours, so every answer is computed here
// and sent back as plain data. Nothing here opens a connection: the manifest grants no
// network permission, and the wasm module is the extension's own file.
import init, { Engine, orderFromRow, rules, soldPage } from "../../wasm-pkg/pkg/web/kefu.js";
import type { PageRow } from "../../wasm-pkg/index";
import {
  DEFAULT_SETTINGS,
  errorInfo,
  type Answer,
  type Case,
  type Decided,
  type ErrorInfo,
  type Order,
  type PageVerdict,
  type PolicyCheck,
  type ReplyVerdict,
  type Request,
  type RowVerdict,
  type Selected,
  type Settings,
} from "./messages";
import { nowIn } from "./clock";

const started = performance.now();

interface State {
  engine: Engine;
  settings: Settings;
  policyError?: ErrorInfo;
}

let state: Promise<State> | undefined;
/** Orders seen on pages, by id: the chat guard and the side panel look them up. */
const seen = new Map<string, Order>();
const bootStats: { ready_ms?: number } = {};

async function loadSettings(): Promise<Settings> {
  const stored = await chrome.storage.local.get(Object.keys(DEFAULT_SETTINGS));
  return { ...DEFAULT_SETTINGS, ...stored } as Settings;
}

/** Builds the engine for the stored policy; a policy that no longer loads is reported
 * with every answer and the built-in defaults decide meanwhile. */
function engineFor(settings: Settings): { engine: Engine; policyError?: ErrorInfo } {
  if (!settings.policy.trim()) return { engine: new Engine() };
  try {
    return { engine: new Engine(settings.policy, { name: "shop-policy.rhai" }) };
  } catch (e) {
    return { engine: new Engine(), policyError: errorInfo(e) };
  }
}

async function boot(): Promise<State> {
  await init({ module_or_path: chrome.runtime.getURL("kefu_bg.wasm") });
  const settings = await loadSettings();
  const built = engineFor(settings);
  bootStats.ready_ms = performance.now() - started;
  return { ...built, settings };
}

function ready(): Promise<State> {
  state ??= boot();
  return state;
}

chrome.storage.onChanged.addListener((changes, area) => {
  if (area !== "local") return;
  if (Object.keys(changes).some((k) => k in DEFAULT_SETTINGS)) {
    const previous = state;
    state = (async () => {
      const old = previous ? await previous.catch(() => undefined) : undefined;
      old?.engine.free();
      await init({ module_or_path: chrome.runtime.getURL("kefu_bg.wasm") });
      const settings = await loadSettings();
      return { ...engineFor(settings), settings };
    })();
  }
});

/** R-PROACTIVE-6 sorts on the core's plain-string keys. */
function byKey(a: { key: string }, b: { key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function applyDomFlag(order: Order, flag: string | undefined): Order {
  if (flag === undefined || !order.unknown?.includes("flag")) return order;
  return { ...order, flag: flag as Order["flag"], unknown: order.unknown.filter((f) => f !== "flag") };
}

async function page(page: string, domFlags: Record<string, string> = {}): Promise<PageVerdict> {
  const t0 = performance.now();
  const { engine, settings, policyError } = await ready();
  const read = soldPage(page, { timeZone: settings.timeZone });
  const rows: RowVerdict[] = read.rows.map((r: PageRow) => {
    const row: RowVerdict = { index: r.index };
    if (r.order_id !== undefined) row.order_id = r.order_id;
    if (r.error) row.error = errorInfo(r.error);
    if (r.order) row.order = applyDomFlag(r.order, domFlags[r.order.order_id]);
    return row;
  });
  const orders = rows.flatMap((r) => (r.order ? [r.order] : []));
  const now = nowIn(settings.timeZone);
  const linted = engine.lintMany(orders);
  const scanned = engine.scan(orders, now);
  const queued: { key: string; row: RowVerdict; decision: Case extends never ? never : any }[] = [];
  let i = 0;
  for (const row of rows) {
    if (!row.order) continue;
    seen.set(row.order.order_id, row.order);
    const l = linted[i] as any;
    const s = scanned[i] as any;
    i += 1;
    if (l.error) row.error = errorInfo(l.error);
    else row.lint = l.skipped ? { findings: l.findings, skipped: l.skipped } : { findings: l.findings };
    if (s && !s.error && s.queue_key) queued.push({ key: s.queue_key, row, decision: s.decision });
  }
  queued.sort(byKey).forEach((q, position) => {
    q.row.queue = { key: q.key, position: position + 1, decision: q.decision };
  });
  const verdict: PageVerdict = { rows, now, took_ms: performance.now() - t0 };
  if (read.total_number !== undefined) verdict.total_number = read.total_number;
  if (policyError) verdict.policy_error = policyError;
  return verdict;
}

async function row(headers: string[], cells: string[]): Promise<RowVerdict> {
  const { engine, settings } = await ready();
  const verdict: RowVerdict = { index: 0 };
  try {
    const order = orderFromRow(headers, cells, { timeZone: settings.timeZone }) as Order;
    const known = seen.get(order.order_id);
    // The list page's answer knows more (lines, flag) than a detail page's labels.
    verdict.order = known && (order.unknown?.length ?? 0) > (known.unknown?.length ?? 0) ? known : order;
    verdict.order_id = order.order_id;
    seen.set(order.order_id, verdict.order);
    const l = engine.lint(verdict.order);
    verdict.lint = l.skipped ? { findings: l.findings, skipped: l.skipped } : { findings: l.findings };
  } catch (e) {
    verdict.error = errorInfo(e);
  }
  return verdict;
}

async function decide(c: Case): Promise<Decided> {
  const t0 = performance.now();
  const { engine, policyError } = await ready();
  const decision = engine.decide(c);
  const out: Decided = { decision, case: c, took_ms: performance.now() - t0 };
  if (policyError) out.policy_error = policyError;
  return out;
}

async function reply(order: Order | undefined, draft: string): Promise<ReplyVerdict> {
  const { engine, settings } = await ready();
  const stored = (await chrome.storage.session.get("selected")).selected as Selected | undefined;
  const target = order ? (seen.get(order.order_id) ?? order) : stored?.order;
  if (!target) return { check: { findings: [], rewrite: draft } };
  const context = { promotions: settings.promotions };
  const check = engine.checkReply(target, context, draft, nowIn(settings.timeZone));
  return { check, order_id: target.order_id };
}

async function policyCheck(source: string): Promise<PolicyCheck> {
  await ready();
  const t0 = performance.now();
  const engine = new Engine(source, { name: "shop-policy.rhai" });
  try {
    return { rules: engine.policyRules(), took_ms: performance.now() - t0 };
  } finally {
    engine.free();
  }
}

async function runTests(source: string, tests: string) {
  await ready();
  let list: unknown;
  try {
    list = JSON.parse(tests || "[]");
  } catch (e) {
    throw Object.assign(new Error(`the test cases are not JSON: ${(e as Error).message}`), { code: "KEFU-TESTS-JSON" });
  }
  const cases = Array.isArray(list) ? list : [list];
  const engine = source.trim() ? new Engine(source, { name: "shop-policy.rhai" }) : new Engine();
  try {
    return engine.runTests(cases);
  } finally {
    engine.free();
  }
}

async function select(selected: Selected, tabId: number | undefined): Promise<null> {
  const withTab: Selected = tabId !== undefined ? { ...selected, tabId } : selected;
  await chrome.storage.session.set({ selected: withTab });
  return null;
}

async function handle(request: Request, sender: chrome.runtime.MessageSender): Promise<unknown> {
  switch (request.type) {
    case "page":
      return page(request.page, request.domFlags);
    case "row":
      return row(request.headers, request.cells);
    case "select":
      return select(request.selected, sender.tab?.id);
    case "selected": {
      const { settings } = await ready();
      const stored = (await chrome.storage.session.get("selected")).selected ?? null;
      return { selected: stored, settings, now: nowIn(settings.timeZone) };
    }
    case "decide":
      return decide(request.case);
    case "reply":
      return reply(request.order, request.draft);
    case "policy.check":
      return policyCheck(request.source);
    case "tests.run":
      return runTests(request.source, request.tests);
    case "rules":
      await ready();
      return rules();
    case "fill-memo":
      return chrome.tabs.sendMessage(request.tabId, { type: "fill-memo", text: request.text });
    case "stats":
      await ready();
      return { ...bootStats };
  }
}

chrome.runtime.onMessage.addListener((request: Request, sender, respond: (a: Answer<unknown>) => void) => {
  // The side panel opens in the gesture's turn, before any await (Chrome requires it).
  if (request.type === "select" && sender.tab?.id !== undefined) {
    chrome.sidePanel.open({ tabId: sender.tab.id }).catch(() => undefined);
  }
  handle(request, sender).then(
    (value) => respond({ ok: true, value }),
    (e) => respond({ ok: false, error: errorInfo(e) }),
  );
  return true;
});

chrome.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => undefined);
