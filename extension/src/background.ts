// The service worker: the only place the core runs. Page CSPs may forbid WebAssembly in
// content scripts, and the extension's pages are ours, so every answer is computed here
// and sent back as plain data. Nothing here opens a connection: the manifest grants no
// network permission, and the wasm module is the extension's own file.
import init, * as wasm from "../../wasm-pkg/pkg/web/kefu.js";
import type * as Kefu from "../../wasm-pkg/index";
import {
  DEFAULT_SETTINGS,
  errorInfo,
  type Answer,
  type Case,
  type Decided,
  type Decision,
  type ErrorInfo,
  type ApplyResult,
  type FixKind,
  type FixProposal,
  type FlagName,
  type Order,
  type OrderLook,
  type PageVerdict,
  type RenderedEntry,
  type PolicyCheck,
  type PolicyDiff,
  type ReplyVerdict,
  type Request,
  type RowVerdict,
  type Selected,
  type Settings,
  type Status,
} from "./messages";
import { nowIn } from "./clock";
import { MAX_ANSWER_CHARS } from "./adapters/sold";
import { admit, remember, settingsFrom, MAX_PAGE_ROWS, MAX_SEEN_ORDERS, type Self } from "./trust";

// The package's typed API (index.d.ts) over wasm-bindgen's untyped glue.
const { Engine, orderFromRow, renderRemark } = wasm as unknown as typeof Kefu;
type Engine = Kefu.Engine;

const started = performance.now();
/** Milliseconds from this script's start: the module compiled, instantiated, the engine ready. */
const bootStats: { compiled_ms?: number; wasm_ms?: number; ready_ms?: number } = {};

// The module is fetched and compiled once per worker, starting with the script itself,
// and kept: compiling streams while the bytes arrive (V8 compiles lazily, so this is
// mostly the read), and instantiating the compiled module is all that is left when the
// engine is wanted. A settings change builds a new engine on the same instance.
const WASM_URL = chrome.runtime.getURL("kefu_bg.wasm");
let compiled: Promise<WebAssembly.Module> | undefined;
function compiledModule(): Promise<WebAssembly.Module> {
  compiled ??= WebAssembly.compileStreaming(fetch(WASM_URL)).then((m) => {
    bootStats.compiled_ms = performance.now() - started;
    return m;
  });
  return compiled;
}
let instantiated: Promise<unknown> | undefined;
function instance(): Promise<unknown> {
  instantiated ??= compiledModule().then((module) => init({ module_or_path: module }));
  return instantiated;
}
void compiledModule().catch(() => undefined);

// Storage is the extension's own: content scripts (a page's renderer) can neither read
// the shop's settings nor write a policy that skips the options page's check. Set at
// every start of the worker, in case the browser does not keep it across restarts; the
// start-up events below wake the worker with the browser, before pages load.
function restrictStorage(): void {
  chrome.storage.local.setAccessLevel({ accessLevel: "TRUSTED_CONTEXTS" }).catch(() => undefined);
  // The session area (the picked order) is restricted by default; say so anyway.
  chrome.storage.session.setAccessLevel({ accessLevel: "TRUSTED_CONTEXTS" }).catch(() => undefined);
}
restrictStorage();
chrome.runtime.onStartup.addListener(restrictStorage);
chrome.runtime.onInstalled.addListener(restrictStorage);

/** Who the worker answers (trust.ts): its own pages, and its isolated-world content
 * script on the pages the manifest injects it into. */
const self: Self = {
  id: chrome.runtime.id,
  origin: chrome.runtime.getURL("").replace(/\/$/, ""),
  contentMatches: (chrome.runtime.getManifest().content_scripts ?? [])
    .filter((c) => (c as { world?: string }).world !== "MAIN")
    .flatMap((c) => c.matches ?? []),
};

interface State {
  engine: Engine;
  settings: Settings;
  policyError?: ErrorInfo;
  /** Stored settings of the wrong type or size, replaced by the defaults. */
  settingsProblems: string[];
}

let state: Promise<State> | undefined;
/** Orders seen on pages, by id: the chat guard and the side panel look them up. */
const seen = new Map<string, Order>();
/** The orders of the list page read last, by id in its order: the options page replays
 * them under the policy being edited (`policy.diff`). */
let lastPage: string[] = [];

/** The stored settings, each checked (trust.ts): storage written before it was
 * restricted, or by an older version, cannot stop the worker. */
async function loadSettings(): Promise<{ settings: Settings; problems: string[] }> {
  return settingsFrom(await chrome.storage.local.get(Object.keys(DEFAULT_SETTINGS)));
}

/** Builds the engine for the stored policy, compiled here before any use whatever wrote
 * it; a policy that does not compile is reported (`status`, and with the answers that
 * carry `policy_error`) and the built-in defaults decide meanwhile. */
function engineFor(settings: Settings): { engine: Engine; policyError?: ErrorInfo } {
  if (!settings.policy.trim()) return { engine: new Engine() };
  try {
    return { engine: new Engine(settings.policy, { name: "shop-policy.rhai" }) };
  } catch (e) {
    return { engine: new Engine(), policyError: errorInfo(e) };
  }
}

async function boot(): Promise<State> {
  // The module compiles (streaming) while the settings are read.
  const [, { settings, problems }] = await Promise.all([instance(), loadSettings()]);
  bootStats.wasm_ms = performance.now() - started;
  const built = engineFor(settings);
  bootStats.ready_ms = performance.now() - started;
  return { ...built, settings, settingsProblems: problems };
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
      await instance();
      const { settings, problems } = await loadSettings();
      return { ...engineFor(settings), settings, settingsProblems: problems };
    })();
  }
});

/** An order's lint result as a row carries it: `skipped` only when a check was. */
function lintOf(l: Kefu.OrderFindings): NonNullable<RowVerdict["lint"]> {
  return l.skipped?.length ? { findings: l.findings, skipped: l.skipped } : { findings: l.findings };
}

/** The order a chat reply is about: the one the chat shows (as the list read it, when
 * it did, since the list knows more), else the one the agent picked. */
async function chatTarget(order: Order | undefined): Promise<Order | undefined> {
  if (order) return seen.get(order.order_id) ?? order;
  return ((await chrome.storage.session.get("selected")).selected as Selected | undefined)?.order;
}

/** R-PROACTIVE-6 sorts on the core's plain-string keys. */
function byKey(a: { key: string }, b: { key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function applyDomFlag(order: Order, flag: string | undefined): Order {
  if (flag === undefined || !order.unknown?.includes("flag")) return order;
  return { ...order, flag: flag as Order["flag"], unknown: order.unknown.filter((f) => f !== "flag") };
}

/** Orders whose memo the list page has not read yet, by id: their lint waits for it. */
const memoUnread = new Set<string>();
/** The tab whose list page last showed each order: only that tab may hand its memo over. */
const shownIn = new Map<string, number>();

async function page(page: string, domFlags: Record<string, string> = {}, memoPending?: string[], tabId?: number): Promise<PageVerdict> {
  const t0 = performance.now();
  if (page.length > MAX_ANSWER_CHARS) {
    throw Object.assign(new Error(`the page's answer is ${page.length} characters; kefu reads at most ${MAX_ANSWER_CHARS}`), {
      code: "KEFU-PAGE-SIZE",
    });
  }
  const { engine, settings, policyError } = await ready();
  const now = nowIn(settings.timeZone);
  // One call reads, lints and scans the page (the core's page mapping, R-REMARK-6,
  // R-PROACTIVE-*). Rows whose flag only the page's flag image shows are linted again
  // with it.
  const read = engine.readPage(page, now, settings.timeZone);
  if (read.rows.length > MAX_PAGE_ROWS) {
    throw Object.assign(new Error(`the page's answer has ${read.rows.length} orders; kefu reads at most ${MAX_PAGE_ROWS}`), {
      code: "KEFU-PAGE-SIZE",
    });
  }
  const pending = new Set(memoPending ?? []);
  lastPage = read.rows.flatMap((r) => (r.order ? [r.order.order_id] : []));
  const rows: RowVerdict[] = [];
  const queued: { key: string; tier: number; row: RowVerdict; decision: Decision }[] = [];
  const relint: { row: RowVerdict; order: Order }[] = [];
  for (const r of read.rows) {
    const row: RowVerdict = { index: r.index };
    if (r.order_id !== undefined) row.order_id = r.order_id;
    if (r.error) row.error = errorInfo(r.error);
    if (r.order) {
      const flagged = applyDomFlag(r.order, domFlags[r.order.order_id]);
      if (!flagged.unknown?.includes("flag") && flagged.flag !== undefined) row.flag = String(flagged.flag);
      remember(seen, flagged.order_id, flagged, MAX_SEEN_ORDERS);
      if (tabId !== undefined) remember(shownIn, flagged.order_id, tabId, MAX_SEEN_ORDERS);
      const unread = pending.has(flagged.order_id);
      if (unread) memoUnread.add(flagged.order_id);
      else memoUnread.delete(flagged.order_id);
      // The list answer carries no memo: an order whose memo is still being read is not
      // linted against an empty one.
      if (unread) row.memo = "unread";
      else if (flagged !== r.order) relint.push({ row, order: flagged });
      else if (r.lint && "error" in r.lint) row.error = errorInfo(r.lint.error);
      else if (r.lint) row.lint = lintOf(r.lint);
      if (r.scan && !("error" in r.scan) && r.scan.queue_key) queued.push({ key: r.scan.queue_key, tier: r.scan.tier!, row, decision: r.scan.decision });
    }
    rows.push(row);
  }
  if (relint.length) {
    const again = engine.lintMany(relint.map((r) => r.order));
    relint.forEach(({ row }, i) => {
      const l = again[i]!;
      if ("error" in l) row.error = errorInfo(l.error);
      else row.lint = lintOf(l);
    });
  }
  queued.sort(byKey).forEach((q, position) => {
    q.row.queue = {
      key: q.key,
      position: position + 1,
      tier: q.tier,
      level: q.decision.escalation.level,
      merchant: q.decision.responsibility === "merchant",
      trace: q.decision.trace,
      reply: q.decision.reply,
    };
  });
  const verdict: PageVerdict = { rows, now, took_ms: performance.now() - t0 };
  if (read.total_number !== undefined) verdict.total_number = read.total_number;
  if (policyError) verdict.policy_error = policyError;
  return verdict;
}

/** The memos the list page read (memoInfo.htm), put into the orders it showed, which
 * are linted with them now. Ids not shown by the sender's own tab are ignored. */
async function memos(read: Record<string, string>, tabId: number | undefined): Promise<RowVerdict[]> {
  const { engine } = await ready();
  const orders: Order[] = [];
  for (const [id, memo] of Object.entries(read)) {
    const known = seen.get(id);
    // A page hands over the memos of the orders it showed, not another tab's.
    if (!known || shownIn.get(id) !== tabId) continue;
    const order = { ...known, remark: memo };
    remember(seen, id, order, MAX_SEEN_ORDERS);
    memoUnread.delete(id);
    orders.push(order);
  }
  const lints = orders.length ? engine.lintMany(orders) : [];
  return orders.map((o, i) => {
    const l = lints[i]!;
    const row: RowVerdict = { index: i, order_id: o.order_id };
    if ("error" in l) row.error = errorInfo(l.error);
    else row.lint = lintOf(l);
    return row;
  });
}

const FLAGS = ["red", "yellow", "green", "blue", "purple"] as const;
const flagName = (f: unknown): FlagName | null => {
  const named = typeof f === "number" ? [null, "red", "yellow", "green", "blue", "purple"][f] ?? null : f === "pink" ? "purple" : f;
  return (FLAGS as readonly unknown[]).includes(named) ? (named as FlagName) : null;
};

/** The core's default remark limit (R-REMARK-4), for the page's check of what it
 * writes; the decision's own entry is checked against the policy's. */
const DEFAULT_LIMIT_BYTES = 1000;

/** One click per fix: the flag and the entry for an order a page showed, signed with the
 * agent's name and the time (the core renders it; never a placeholder). A lint
 * finding's fix is rendered as it is; a request (a return from the list) is decided on
 * the order as the page showed it. */
async function fix(orderId: string, kind: FixKind, check: string | undefined, skus: string[] = []): Promise<FixProposal> {
  const { engine, settings } = await ready();
  const order = seen.get(orderId);
  if (!order) throw Object.assign(new Error(`order ${orderId} is not on a page kefu read`), { code: "KEFU-EXTENSION-ORDER" });
  if (memoUnread.has(orderId)) {
    throw Object.assign(new Error("备注未读取：kefu 还没读到这单的备注，先不写入 (the memo has not been read yet)"), { code: "KEFU-EXTENSION-MEMO" });
  }
  const agent = settings.agent.name.trim();
  if (!agent) {
    throw Object.assign(new Error("请先在设置里填写客服姓名：备注要署名 (set the agent's name in the options first: entries are signed)"), { code: "KEFU-EXTENSION-AGENT" });
  }
  const now = nowIn(settings.timeZone);
  if (kind === "lint") {
    const finding = engine.lint(order).findings.find((f) => f.check === check);
    if (!finding) throw Object.assign(new Error(`no ${check ?? ""} finding on order ${orderId}`), { code: "KEFU-EXTENSION-ORDER" });
    let entry = "";
    if (finding.fix.entry) {
      const e = finding.fix.entry;
      entry = renderRemark({ reason: e.reason, details: e.details, agent, at: now }, { lang: settings.lang }).entry;
    }
    const flag = flagName(finding.fix.flag);
    return { flag: flag === flagName(order.flag) ? null : flag, entry, limitBytes: DEFAULT_LIMIT_BYTES, warnings: [] };
  }
  // The lines the page shows an after-sales state for are the ones concerned; none
  // named (or none of this order's): the whole order, as the core defaults.
  const concerned = skus.filter((s) => order.items?.some((i) => i.sku === s));
  const request = concerned.length ? { kind, skus: [...new Set(concerned)] } : { kind };
  const decision = engine.decide({ now, order, request, agent: { name: agent, role: settings.agent.role } } as Case);
  const remark = decision.remark_entry;
  if (remark && "error" in remark) throw Object.assign(new Error(remark.error.message), { code: remark.error.code });
  const flag = decision.flag.rule ? flagName(decision.flag.flag) : null;
  return {
    flag: flag === flagName(order.flag) ? null : flag,
    entry: remark?.entry ?? "",
    limitBytes: DEFAULT_LIMIT_BYTES,
    warnings: decision.warnings,
  };
}

async function row(headers: string[], cells: string[]): Promise<RowVerdict> {
  const { engine, settings } = await ready();
  const verdict: RowVerdict = { index: 0 };
  try {
    const order = orderFromRow(headers, cells, { timeZone: settings.timeZone }) as Order;
    const known = seen.get(order.order_id);
    // The list page's answer knows more (lines, flag) than a detail page's labels; the
    // detail page shows the memo (标记/备忘), which the list's answer lacks.
    verdict.order = known && (order.unknown?.length ?? 0) > (known.unknown?.length ?? 0) ? known : order;
    if (known && verdict.order === known && memoUnread.has(order.order_id) && headers.some((h) => /标记|备忘|备注/.test(h))) {
      verdict.order = { ...known, remark: order.remark };
      memoUnread.delete(order.order_id);
    }
    verdict.order_id = order.order_id;
    remember(seen, order.order_id, verdict.order, MAX_SEEN_ORDERS);
    const l = engine.lint(verdict.order);
    verdict.lint = lintOf(l);
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
  const target = await chatTarget(order);
  if (!target) return { check: { findings: [], rewrite: draft } };
  const context = { promotions: settings.promotions };
  const check = engine.checkReply(target, context, draft, nowIn(settings.timeZone));
  return { check, order_id: target.order_id };
}

/** The shop's quick replies (R-WORD-SCRIPTS) for the chat's order, or the selected one. */
async function quick(order: Order | undefined): Promise<Kefu.QuickReply[]> {
  const { engine, settings } = await ready();
  const target = await chatTarget(order);
  if (!target) return [];
  return engine.quickReplies(target, settings.agent.name ? { name: settings.agent.name } : undefined);
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

/** The policy being edited (B) against the saved one (A, the one in force; the built-in
 * when none is saved or it does not compile), over the last list page's orders, scanned
 * now: what saving it would change, before it is saved. */
async function policyDiff(source: string): Promise<PolicyDiff> {
  const { settings, policyError } = await ready();
  const orders = lastPage.map((id) => seen.get(id)).filter((o): o is Order => o !== undefined);
  const now = nowIn(settings.timeZone);
  const saved = !policyError && settings.policy.trim() !== "";
  if (!orders.length) return { orders: 0, now, saved, results: [] };
  const engine = source.trim() ? new Engine(source, { name: "shop-policy.rhai" }) : new Engine();
  try {
    return { orders: orders.length, now, saved, results: engine.diff(orders, now, saved ? settings.policy : undefined) };
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

/** A list row picked by id: the order this worker read, or the page read again when the
 * worker has restarted since. */
async function pick(orderId: string, pageText: string, source: string, tabId: number | undefined): Promise<null> {
  let order = seen.get(orderId);
  if (!order) {
    const { engine, settings } = await ready();
    order = engine.readPage(pageText, nowIn(settings.timeZone), settings.timeZone).rows.find((r) => r.order?.order_id === orderId)?.order;
  }
  if (!order) throw Object.assign(new Error(`order ${orderId} is not on this page`), { code: "KEFU-EXTENSION-ORDER" });
  return select({ order, source }, tabId);
}

async function select(selected: Selected, tabId: number | undefined): Promise<null> {
  const withTab: Selected = tabId !== undefined ? { ...selected, tabId } : selected;
  await chrome.storage.session.set({ selected: withTab });
  return null;
}

/** The core's names of ids in both languages, read once: its `names` operation as the
 * build wrote it (names.json, from `kefu names`; the browser package leaves the
 * operation out to stay small). kind → id → {zh, en}; `rule` holds the rules' summaries. */
type Names = Record<string, Record<string, { zh: string; en: string }>>;
let names: Promise<Names> | undefined;
function coreNames(): Promise<Names> {
  names ??= fetch(chrome.runtime.getURL("names.json"))
    .then((r) => r.json() as Promise<Names>)
    .catch(() => ({}));
  return names;
}

/** The registry as the side panel reads it: each rule's id and summary. */
async function rules(): Promise<{ id: string; summary: { zh: string; en: string } }[]> {
  return Object.entries((await coreNames()).rule ?? {}).map(([id, summary]) => ({ id, summary }));
}

/** The picked order as it stands, before the agent names a request: its lint findings
 * and what the proactive scan would do now. */
async function look(order: Order): Promise<OrderLook> {
  const { engine, settings } = await ready();
  const out: OrderLook = {};
  try {
    out.lint = lintOf(engine.lint(order));
  } catch (e) {
    out.lintError = errorInfo(e);
  }
  const [scan] = engine.scan([order], nowIn(settings.timeZone));
  if (scan && "error" in scan) out.scanError = errorInfo(scan.error);
  else if (scan) out.scan = scan;
  return out;
}

/** A fix's entry as the agent would write it now: the core renders it (R-REMARK-1) with
 * the agent's name and the time of the click, never placeholders. */
async function entry(reason: string, details: Record<string, string> | undefined): Promise<RenderedEntry> {
  const { settings } = await ready();
  if (!settings.agent.name.trim()) return { agentMissing: true };
  const at = nowIn(settings.timeZone);
  return { entry: renderRemark({ reason, details: details ?? {}, agent: settings.agent.name.trim(), at }, { lang: "zh" }).entry };
}

async function status(): Promise<Status> {
  const { policyError, settingsProblems } = await ready();
  const out: Status = {};
  if (policyError) out.policy_error = policyError;
  if (settingsProblems.length) out.settings_problems = settingsProblems;
  return out;
}

/** Answers an admitted request (trust.ts checked who sent it and its shape). */
async function handle(request: Request, sender: chrome.runtime.MessageSender): Promise<unknown> {
  switch (request.type) {
    case "page":
      return page(request.page, request.domFlags, request.memoPending, sender.tab?.id);
    case "memos":
      return memos(request.memos, sender.tab?.id);
    case "fix":
      return fix(request.order_id, request.kind, request.check, request.skus);
    case "apply-memo": {
      // The page's own memo editor, in the tab the order came from (content.ts).
      const { tabId, orderId, flag, entry, limitBytes } = request;
      const msg = { type: "apply-memo", orderId, flag, entry, ...(limitBytes ? { limitBytes } : {}) };
      const answer = (await chrome.tabs.sendMessage(tabId, msg)) as ApplyResult | undefined;
      return answer ?? { ok: false, error: { zh: "订单页没有回应，请刷新订单页后重试", en: "The order page did not answer; reload it and try again" } };
    }
    case "row":
      return row(request.headers, request.cells);
    case "select":
      return select(request.selected, sender.tab?.id);
    case "pick":
      return pick(request.order_id, request.page, request.source, sender.tab?.id);
    case "selected": {
      const { settings } = await ready();
      const stored = ((await chrome.storage.session.get("selected")).selected ?? null) as Selected | null;
      const looked = stored ? await look(stored.order) : undefined;
      return { selected: stored, look: looked, settings, now: nowIn(settings.timeZone), status: await status() };
    }
    case "lang":
      return (await ready()).settings.lang;
    case "status":
      return status();
    case "decide":
      return decide(request.case);
    case "reply":
      return reply(request.order, request.draft);
    case "quick":
      return quick(request.order);
    case "policy.check":
      return policyCheck(request.source);
    case "tests.run":
      return runTests(request.source, request.tests);
    case "policy.diff":
      return policyDiff(request.source);
    case "rules":
      return rules();
    case "fill-memo":
      return chrome.tabs.sendMessage(request.tabId, { type: "fill-memo", text: request.text });
    case "display": {
      const { settings } = await ready();
      return { lang: settings.lang, showOk: settings.showOk };
    }
    case "names":
      return coreNames();
    case "fill-chat":
      return chrome.tabs.sendMessage(request.tabId, { type: "fill-chat", text: request.text });
    case "entry":
      return entry(request.reason, request.details);
    case "agent.name": {
      const { settings } = await ready();
      await chrome.storage.local.set({ agent: { ...settings.agent, name: request.name.trim() } });
      return null;
    }
    case "open-options":
      await chrome.runtime.openOptionsPage();
      return null;
    case "stats":
      await ready();
      return { ...bootStats };
  }
}

/** Tabs (documents) whose list answer is being read: one at a time each, so a page that
 * sends answers in a loop waits for its own and does not queue work for the others. */
const reading = new Set<string>();

chrome.runtime.onMessage.addListener((message: unknown, sender, respond: (a: Answer<unknown>) => void) => {
  const admitted = admit(message, sender, self);
  if (!admitted.ok) {
    respond({ ok: false, error: admitted.error });
    return false;
  }
  const request = admitted.request;
  // The side panel opens in the gesture's turn, before any await (Chrome requires it).
  if ((request.type === "select" || request.type === "pick") && sender.tab?.id !== undefined) {
    chrome.sidePanel.open({ tabId: sender.tab.id }).catch(() => undefined);
  }
  let done = () => {};
  if (request.type === "page") {
    const key = `${sender.tab?.id}:${sender.documentId ?? sender.frameId}`;
    if (reading.has(key)) {
      respond({ ok: false, error: { code: "KEFU-EXTENSION-BUSY", message: "this page's previous answer is still being read" } });
      return false;
    }
    reading.add(key);
    done = () => reading.delete(key);
  }
  handle(request, sender).then(
    (value) => { done(); respond({ ok: true, value }); },
    (e) => { done(); respond({ ok: false, error: errorInfo(e) }); },
  );
  return true;
});

chrome.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => undefined);

// Start the core as the worker starts, not on the first message: the worker is woken by
// that message, and the page waiting for it should not also wait for the module.
void ready().catch(() => undefined);
