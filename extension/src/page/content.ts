// The content script: reads what the seller backend shows, asks the service worker, and
// draws kefu's answers beside the page's own rows. It never edits an order: at most it
// fills the memo dialog the agent opened, and the agent saves it.
import {
  orderIdIn, SOLD_EVENT, MAX_ANSWER_CHARS, FLAG_IMAGE_SELECTOR, flagOfImage, memoLinks, memoFromAnswer, decodeAnswer,
  isSellerUrl, isListPath, lineRefunds, type LineRefund,
} from "../adapters/sold";
import { pairsFromLines } from "../adapters/labels";
import { applyInEditor, legacyMemoForm, memoDialog, type FlagName, type MemoEditor } from "../adapters/memo";
import { ask, type ApplyResult, type FixKind, type FixProposal, type Order, type PageVerdict, type RowVerdict, type Settings } from "../messages";
import { t, tf, pick, flagName, shortTime, punct, type Lang } from "../i18n";
import { label, codeTitle, checkName, setNames, type Names } from "../labels";
import { h, copy, FLAG_COLOURS } from "../ui/dom";
import { findingView as fixView } from "../ui/fix";
import { STYLE } from "./style";
import { latestOnly, MAX_REMARK_CHARS } from "../trust";

// Storage is the extension's pages' only (TRUST.md): the one setting drawing needs comes
// from the worker.
let lang: Lang = "zh";
/** Whether clean rows show "✓ 规范" (settings; quiet by default). */
let showOk = false;
ask<{ lang: Lang; showOk: boolean }>({ type: "display" }).then((d) => { lang = d.lang === "en" ? "en" : "zh"; showOk = d.showOk; }, () => undefined);
ask<Names>({ type: "names" }).then(setNames, () => undefined);

/** An error as the agent reads it: the code's name, then the detail (the code on hover). */
function errorText(e: { code?: string; message?: string }): string {
  const title = e.code ? codeTitle(lang, e.code) : "";
  return punct(lang, `${title && title !== e.code ? title : t(lang, "error")}：${String(e.message ?? "").slice(0, 300)}`);
}

/** A trace reason: `{zh, en}` from the core (older cores wrote English only). */
function because(b: unknown): string {
  return typeof b === "string" ? b : pick(lang, b as { zh: string; en: string });
}

/** One style sheet, parsed once and adopted by every shadow root: a page of 100 rows
 * would otherwise parse it 100 times. */
const SHEET = new CSSStyleSheet();
SHEET.replaceSync(STYLE);

/** One shadow root holds everything kefu draws, so the page's CSS cannot reach it. */
function overlayRoot(): ShadowRoot {
  let host = document.getElementById("kefu-overlay");
  if (!host) {
    host = h("div", { id: "kefu-overlay" });
    host.attachShadow({ mode: "open" }).adoptedStyleSheets = [SHEET];
    document.documentElement.append(host);
  }
  return host.shadowRoot!;
}

// ---------------------------------------------------------------- order list

/** Verdicts by order id, for rows that appear after the data (the page renders late). */
const verdicts = new Map<string, RowVerdict>();
let lastPage: PageVerdict | undefined;
/** The page's answer the verdicts came from, for picking an order later. */
let lastText = "";

function rowsOfPage(): HTMLElement[] {
  const rows = Array.from(document.querySelectorAll<HTMLElement>(".next-table-row, [data-kefu-row]"));
  return rows.length ? rows : Array.from(document.querySelectorAll<HTMLElement>("tr"));
}

function domFlags(): Record<string, string> {
  const flags: Record<string, string> = {};
  for (const row of rowsOfPage()) {
    const id = orderIdIn(row.textContent ?? "");
    const img = row.querySelector<HTMLImageElement>(FLAG_IMAGE_SELECTOR);
    const flag = img ? flagOfImage(img) : undefined;
    if (id && flag) flags[id] = flag;
  }
  return flags;
}

function severityOf(v: RowVerdict): "ok" | "warning" | "error" | "skipped" | "unread" | "memo-unread" {
  if (v.error) return "unread";
  if (v.memo === "unread") return "memo-unread";
  const f = v.lint?.findings ?? [];
  if (f.some((x) => x.severity === "error")) return "error";
  if (f.length) return "warning";
  if (v.lint?.skipped?.length) return "skipped";
  return "ok";
}

/** R-PROACTIVE-6's tier as the core's scan gives it, labelled with the level and fault
 * it stands for; the top tiers (a level, or the merchant at fault) are marked. */
function tierOf(q: NonNullable<RowVerdict["queue"]>): { n: number; label: string; title: string; top: boolean } {
  const what = [q.level === "none" ? t(lang, "tierNormal") : label(lang, q.level, "level"), q.merchant ? t(lang, "merchantFault") : ""].filter(Boolean).join(lang === "zh" ? "·" : ", ");
  return { n: q.tier, label: what, title: tf(lang, "tierTitle", { tier: q.tier, what }), top: q.level !== "none" || q.merchant };
}

function badge(v: RowVerdict): HTMLElement {
  const host = h("span", { class: "kefu-badge-host", "data-kefu-order": v.order_id ?? "" });
  const root = host.attachShadow({ mode: "open" });
  const n = v.lint?.findings.length ?? 0;
  const sev = severityOf(v);
  // A clean row stays quiet (a faint ✓ to open it by) unless the agent asked to see
  // "✓ 规范" (options page).
  const quiet = sev === "ok" && !showOk;
  const text = v.error ? `! ${t(lang, "unreadable")}` : v.memo === "unread" ? `… ${t(lang, "memoUnread")}` : n ? `⚠ ${n}` : quiet ? "✓" : `✓ ${t(lang, "ok")}`;
  const parts = [h("span", { class: `pill ${sev}${quiet ? " quiet" : ""}`, "data-testid": "kefu-badge", "data-findings": n, "data-severity": sev }, text)];
  if (v.queue) {
    const tier = tierOf(v.queue);
    parts.push(h("span", { class: `pill queue${tier.top ? " top" : ""}`, "data-testid": "kefu-queue", "data-position": v.queue.position, title: tier.title }, `☎ ${v.queue.position}`));
  }
  root.adoptedStyleSheets = [SHEET];
  root.append(
    h("button", { class: "badge", title: "kefu", onclick: (e: Event) => { e.stopPropagation(); showDetails(v, (e.currentTarget as HTMLElement).getBoundingClientRect()); } }, ...parts),
  );
  return host;
}

/** Puts a badge on every row that has a verdict; returns how many rows have one. */
function attachBadges(): number {
  let done = 0;
  for (const row of rowsOfPage()) {
    const id = orderIdIn(row.textContent ?? "");
    const v = id ? verdicts.get(id) : undefined;
    if (!v) continue;
    const old = row.querySelector(".kefu-badge-host");
    done += 1;
    if (old && old.getAttribute("data-kefu-version") === String(pageVersion)) continue;
    old?.remove();
    const b = badge(v);
    b.setAttribute("data-kefu-version", String(pageVersion));
    const cell = row.querySelector("td, .next-table-cell") ?? row;
    cell.prepend(b);
  }
  if (done === verdicts.size && arrivedAt !== undefined) {
    // Measured from the page's data arriving to the last row's badge (BENCHMARKS.md).
    document.documentElement.dataset.kefuBadgesMs = (performance.now() - arrivedAt).toFixed(1);
    arrivedAt = undefined;
  }
  return done;
}

let pageVersion = 0;
/** When the page's data arrived (the page's clock), until its badges are all drawn. */
let arrivedAt: number | undefined;

/** Problems with the page's shape already told, by code: each is said once per page
 * load, quietly, and kefu draws no badge it cannot stand behind. */
const told = new Set<string>();

/** One quiet notice in the overlay that the page is not the shape kefu reads. */
function shapeNotice(code: string, detail: string): void {
  if (told.has(code)) return;
  told.add(code);
  const root = overlayRoot();
  root.querySelector(".page-error")?.remove();
  // The text is drawn as text, and cut: any page script can hand answers over.
  // Only a shape kefu does not know is called one; anything else (the worker restarting)
  // is said as it is.
  const shape = /^KEFU-(PAGE|INPUT)/.test(code);
  const head = !shape ? "kefu:" : lang === "en" ? "kefu: this page is not the shape kefu reads; no badges drawn" : "kefu：本页结构与 kefu 认识的不同，未显示标记";
  // The code's name is shown; the code and the core's detail stay on hover.
  const named = codeTitle(lang, code.slice(0, 40));
  root.append(h("div", { class: "page-error notice", "data-testid": "kefu-page-error", "data-code": code.slice(0, 40), title: `${code.slice(0, 40)} ${detail.slice(0, 300)}` },
    `${head}${named !== code.slice(0, 40) ? `（${named}）` : ` (${code.slice(0, 40)}) ${detail.slice(0, 300)}`}`,
    h("button", { class: "close", onclick: (e: Event) => (e.target as HTMLElement).parentElement?.remove() }, "×")));
}

async function onSoldAnswer(text: string, at: number): Promise<void> {
  let verdict: PageVerdict;
  if (text === "kefu:json-response") {
    shapeNotice("KEFU-PAGE-JSON", lang === "en" ? "the list's answer arrived parsed; its ids cannot be read exactly" : "列表数据以已解析的对象到达，订单号无法精确读取");
    return;
  }
  const links = memoLinks(text);
  try {
    if (text.length > MAX_ANSWER_CHARS) {
      throw Object.assign(new Error(`the page's answer is ${text.length} characters; kefu reads at most ${MAX_ANSWER_CHARS}`), { code: "KEFU-PAGE-SIZE" });
    }
    verdict = await ask<PageVerdict>({ type: "page", page: text, domFlags: domFlags(), memoPending: [...links.keys()].slice(0, 500) });
  } catch (e) {
    // An answer kefu cannot read (a login redirect, a changed shape): say so once, keep
    // the badges of the last page it read.
    const err = e as { code?: string; message?: string };
    shapeNotice(String(err.code ?? "KEFU-PAGE-SHAPE"), String(err.message ?? ""));
    return;
  }
  // Every row unreadable: the page's shape is not the one kefu knows; a badge of "!" on
  // every row would say nothing true.
  if (verdict.rows.length > 0 && verdict.rows.every((r) => r.error)) {
    const first = verdict.rows[0]!.error!;
    shapeNotice("KEFU-PAGE-ROWS", `${first.code}: ${first.message}`);
    return;
  }
  pageVersion += 1;
  lastPage = verdict;
  lastText = text;
  arrivedAt = at;
  verdicts.clear();
  for (const r of verdict.rows) if (r.order_id) verdicts.set(r.order_id, r);
  refunds = lineRefunds(text);
  attachBadges();
  drawQueueButton(verdict);
  document.documentElement.dataset.kefuPage = String(pageVersion);
  document.documentElement.dataset.kefuWorkerMs = verdict.took_ms.toFixed(1);
  watchRowsMatch(verdict);
  void readMemos(links);
}

// ---------------------------------------------------------------- memos (read on demand)

/** Memos are read from the backend's own memoInfo.htm with the page's session: a few at
 * a time, each bounded in time and size; nothing leaves the seller's hosts. */
const MEMO_CONCURRENCY = 3;
const MEMO_TIMEOUT_MS = 8000;
const MAX_MEMO_BYTES = 64 << 10;
/** The memo link of each order of the last answer, for reading again. */
let lastLinks = new Map<string, string>();
/** The memo each order's editor is expected to hold, as last read. */
const memoRead = new Map<string, string>();
/** Per line after-sales texts of the last answer. */
let refunds = new Map<string, LineRefund[]>();

async function readCapped(r: Response, max: number): Promise<Uint8Array | undefined> {
  if (Number(r.headers.get("content-length") ?? 0) > max) return undefined;
  if (!r.body) return new Uint8Array(await r.arrayBuffer()).slice(0, max);
  const reader = r.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      void reader.cancel();
      return undefined;
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** One order's memo from memoInfo.htm (`{"tip": memo}`, often GBK), or undefined when it
 * could not be read (the badge then keeps saying 备注未读取). */
async function fetchMemo(link: string): Promise<string | undefined> {
  // A relative link is on the host that answered the list (main-world.ts says which),
  // when that is one of the seller's; never anywhere else.
  const said = document.documentElement.dataset.kefuSoldOrigin ?? "";
  const base = said && isSellerUrl(`${said}/`, location.origin) ? said : location.origin;
  let url: string;
  try {
    url = new URL(link, `${base}/`).href;
  } catch {
    return undefined;
  }
  if (!isSellerUrl(url, location.origin)) return undefined;
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), MEMO_TIMEOUT_MS);
  try {
    const r = await fetch(url, { credentials: "include", signal: ctl.signal });
    if (!r.ok) return undefined;
    const bytes = await readCapped(r, MAX_MEMO_BYTES);
    return bytes ? memoFromAnswer(decodeAnswer(bytes, r.headers.get("content-type"))) : undefined;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** Reads the memos the answer links to, then has the worker lint those orders. */
async function readMemos(links: Map<string, string>): Promise<void> {
  lastLinks = links;
  const ids = [...links.keys()];
  const got: Record<string, string> = {};
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      const memo = await fetchMemo(links.get(id)!);
      if (memo !== undefined) got[id] = memo;
    }
  };
  await Promise.all(Array.from({ length: Math.min(MEMO_CONCURRENCY, ids.length) }, worker));
  await takeMemos(got);
}

async function takeMemos(got: Record<string, string>): Promise<void> {
  if (!Object.keys(got).length) return;
  for (const [id, memo] of Object.entries(got)) memoRead.set(id, memo);
  const rows = await ask<RowVerdict[]>({ type: "memos", memos: got }).catch(() => []);
  for (const r of rows) {
    const old = r.order_id ? verdicts.get(r.order_id) : undefined;
    if (!old || !r.order_id) continue;
    const updated: RowVerdict = { ...old, ...r, index: old.index };
    delete updated.memo;
    verdicts.set(r.order_id, updated);
  }
  pageVersion += 1;
  attachBadges();
  document.documentElement.dataset.kefuMemos = String(Number(document.documentElement.dataset.kefuMemos ?? 0) + rows.length);
}

/** The page's rows do not show the answer's orders (a changed row markup): said once. */
function watchRowsMatch(verdict: PageVerdict): void {
  const version = pageVersion;
  setTimeout(() => {
    if (version !== pageVersion && verdict !== lastPage) return;
    if (!verdict.rows.length || rowsOfPage().length === 0) return;
    const shown = rowsOfPage().some((row) => verdicts.has(orderIdIn(row.textContent ?? "") ?? ""));
    if (!shown) shapeNotice("KEFU-PAGE-ROWS", lang === "en" ? "no row of the page shows an order id of its answer" : "页面行里找不到数据中的订单号");
  }, 5000);
}

function drawQueueButton(verdict: PageVerdict): void {
  const root = overlayRoot();
  root.querySelector(".list-bar")?.remove();
  const queued = verdict.rows.filter((r) => r.queue).length;
  const legend = h("div", { class: "legend", "data-testid": "kefu-legend", hidden: true },
    h("div", {}, h("span", { class: "pill warning" }, "⚠ 1"), " ", t(lang, "legendWarn")),
    h("div", {}, h("span", { class: "pill queue" }, "☎ 3"), " ", t(lang, "legendPhone")),
    h("div", {}, h("span", { class: "pill queue top" }, "☎ 1"), " ", t(lang, "legendTop")),
    h("div", { class: "muted" }, t(lang, "queueHint")));
  const filter = h("input", { type: "checkbox", "data-testid": "kefu-only-needs", checked: onlyNeeds, onchange: (e: Event) => { onlyNeeds = (e.target as HTMLInputElement).checked; applyFilter(); } });
  root.append(
    h("div", { class: "list-bar" },
      legend,
      h("div", { class: "bar-row" },
        h("label", { class: "only" }, filter, t(lang, "onlyNeeds")),
        h("button", { class: "legend-button", "data-testid": "kefu-legend-button", onclick: () => { legend.hidden = !legend.hidden; } }, `? ${t(lang, "legend")}`),
        h("button", { class: "queue-button", "data-testid": "kefu-queue-button", onclick: () => showQueue() }, `☎ ${t(lang, "queue")} (${queued})`))),
  );
  if (verdict.policy_error) {
    root.querySelector(".policy-error")?.remove();
    root.append(h("div", { class: "policy-error", title: verdict.policy_error.code }, t(lang, "policyBroken") + errorText(verdict.policy_error)));
  }
  applyFilter();
}

/** "只看需处理": rows with no finding and no place in the queue are hidden (and shown
 * again when the box is cleared). */
let onlyNeeds = false;
function needsAction(v: RowVerdict | undefined): boolean {
  return !!v && (!!v.error || !!v.lint?.findings.length || !!v.queue);
}
function applyFilter(): void {
  for (const row of rowsOfPage()) {
    const id = orderIdIn(row.textContent ?? "");
    if (!id || !verdicts.has(id)) continue;
    const hide = onlyNeeds && !needsAction(verdicts.get(id));
    if (hide) row.setAttribute("data-kefu-hidden", "");
    else row.removeAttribute("data-kefu-hidden");
    row.style.display = hide ? "none" : "";
  }
}

/** The page's row of an order, scrolled to the middle and outlined for a moment. */
function showRow(id: string): void {
  const row = rowsOfPage().find((r) => orderIdIn(r.textContent ?? "") === id);
  if (!row) return;
  row.style.display = "";
  row.scrollIntoView({ block: "center", behavior: "instant" as ScrollBehavior });
  row.style.outline = "2px solid #1d4fc4";
  row.style.outlineOffset = "-2px";
  row.setAttribute("data-kefu-highlight", "");
  window.setTimeout(() => { row.style.outline = ""; row.removeAttribute("data-kefu-highlight"); }, 2500);
}

/** A popover beside what was clicked, left of the page's 备注 column: the memo buttons of
 * the rows stay reachable. */
function panel(title: string, at: DOMRect | undefined, ...body: (Node | string)[]): HTMLElement {
  const root = overlayRoot();
  root.querySelector(".panel")?.remove();
  const p = h("section", { class: "panel", role: "dialog", "data-testid": "kefu-panel" },
    h("header", {}, h("strong", {}, title), h("button", { class: "close", onclick: () => p.remove() }, "×")),
    ...body);
  const width = 400;
  const left = Math.max(8, Math.min((at?.left ?? 20) + 220, window.innerWidth - width - 420));
  const top = Math.max(8, Math.min(at ? at.bottom + 6 : 72, window.innerHeight - 320));
  p.style.left = `${left}px`;
  p.style.top = `${top}px`;
  p.style.maxHeight = `${window.innerHeight - top - 16}px`;
  root.append(p);
  return p;
}

/** 设旗并写备注 from the popover: this page's memo adapters (`applyFix`), on the agent's click. */
async function applyHere(orderId: string, flag: string | null, entry: string): Promise<ApplyResult> {
  return applyFix(orderId, flag as FlagName | null, entry);
}

/** The first-run prompt in the popover: the name is set on the options page. */
function askAgent(): HTMLElement {
  return h("div", { class: "agent-prompt", "data-testid": "agent-prompt" }, t(lang, "agentMissing"), " ",
    h("button", { class: "small", onclick: () => void ask({ type: "open-options" }) }, t(lang, "agentOpenOptions")));
}

function findingView(f: NonNullable<RowVerdict["lint"]>["findings"][number], orderId: string, flag?: string): HTMLElement {
  return fixView(f, { lang, orderId, flag, apply: (fl, entry) => applyHere(orderId, fl, entry), askAgent });
}

function showDetails(v: RowVerdict, at?: DOMRect): void {
  const body: (Node | string)[] = [];
  if (v.error) body.push(h("p", { class: "error", title: v.error.code }, errorText(v.error)));
  const findings = v.lint?.findings ?? [];
  const id = v.order_id ?? "";
  if (findings.length) body.push(h("ul", { class: "findings" }, findings.map((f) => findingView(f, id, v.flag))));
  else if (!v.error) body.push(h("p", { class: "ok" }, `✓ ${t(lang, "ok")}`));
  if (v.lint?.skipped?.length) {
    body.push(h("p", { class: "muted" }, punct(lang, `${t(lang, "skipped")}：${v.lint.skipped.map((s) => `${checkName(lang, s.check)}（${label(lang, s.missing, "fact")}）`).join("、")}`)));
  }
  if (v.queue) {
    const q = v.queue;
    const tier = tierOf(q);
    const reply = pick(lang, q.reply);
    body.push(h("div", { class: "queue-why" },
      h("strong", {}, `☎ ${t(lang, "contactNow")} #${q.position}`), " ",
      h("span", { class: `tag${tier.top ? " top" : ""}`, title: tier.title }, tier.label),
      h("ul", {}, q.trace.map((s) => h("li", {}, h("span", { class: "rule" }, s.rule), " ", h("span", { class: "because" }, because(s.because))))),
      h("p", { class: "reply" }, reply),
      h("button", { class: "small", onclick: (e: Event) => { void copy(reply); (e.target as HTMLElement).textContent = t(lang, "copied"); } }, t(lang, "copy"))));
  }
  body.push(...fixActions(v));
  if (id && !v.error) {
    const text = lastText;
    body.push(h("button", { class: "primary", "data-testid": "kefu-decide", onclick: () => void ask({ type: "pick", order_id: id, page: text, source: "list" }) }, t(lang, "decide")));
  }
  panel(`${t(lang, "order")} ${id}`, at, ...body);
}

function showQueue(): void {
  if (!lastPage) return;
  const queued = lastPage.rows.filter((r) => r.queue).sort((a, b) => a.queue!.position - b.queue!.position);
  panel(`${t(lang, "queue")} · ${t(lang, "asOf")} ${shortTime(lang, lastPage.now)}`, undefined,
    h("p", { class: "muted" }, t(lang, "queueHint")),
    h("ol", { class: "queue-list", "data-testid": "kefu-queue-list", "data-now": lastPage.now },
      queued.map((r) => {
        const q = r.queue!;
        const tier = tierOf(q);
        return h("li", { "data-order": r.order_id ?? "" },
          h("button", { class: "link", "data-testid": "kefu-queue-item", onclick: () => { showRow(r.order_id ?? ""); } }, r.order_id ?? ""), " ",
          h("span", { class: `tag${tier.top ? " top" : ""}`, title: tier.title }, `${q.tier} · ${tier.label}`), " ",
          h("span", { class: "because" }, q.trace.filter((s) => s.rule.startsWith("R-PROACTIVE") && s.rule !== "R-PROACTIVE-6").map((s) => because(s.because)).join("；")));
      })));
}

async function select(order: Order, source: string): Promise<void> {
  await ask({ type: "select", selected: { order, source } });
}

function watchList(): void {
  // Any script of the page can fire this event (TRUST.md): what it hands over is read as
  // the page's own data, bounded in size (onSoldAnswer, the worker) and in rate: one
  // answer is read at a time, and of those that arrive meanwhile only the latest.
  const read = latestOnly((x: { text: string; at: number }) => onSoldAnswer(x.text, x.at));
  document.addEventListener(SOLD_EVENT, (e: Event) => {
    const text = (e as CustomEvent<unknown>).detail;
    if (typeof text === "string") read({ text, at: performance.now() });
  });
  // Rows rendered after the data get their badge as they appear.
  let queued = false;
  new MutationObserver(() => {
    if (queued || verdicts.size === 0) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; attachBadges(); });
  }).observe(document.documentElement, { childList: true, subtree: true });
}

// ---------------------------------------------------------------- detail page

function labelledLines(root: HTMLElement): string[] {
  return (root.innerText || "").split("\n");
}

async function readDetail(): Promise<void> {
  const { headers, cells } = pairsFromLines(labelledLines(document.body));
  if (!headers.length) return;
  const v = await ask<RowVerdict>({ type: "row", headers, cells });
  const root = overlayRoot();
  root.querySelector(".card")?.remove();
  const n = v.lint?.findings.length ?? 0;
  const card = h("aside", { class: "card", "data-testid": "kefu-card" },
    h("header", {}, h("strong", {}, `kefu · ${v.order_id ?? ""}`),
      h("span", { class: `pill ${severityOf(v)}`, "data-testid": "kefu-badge", "data-findings": n }, v.error ? "!" : n ? `⚠ ${n}` : `✓ ${t(lang, "ok")}`)),
    n ? null : h("p", { class: "ok" }, `✓ ${t(lang, "lintClean")}`),
    v.error ? h("p", { class: "error", title: v.error.code }, errorText(v.error)) : null,
    n ? h("ul", { class: "findings" }, (v.lint?.findings ?? []).map((f) => fixView(f, { lang, orderId: v.order_id ?? "", flag: v.order?.flag !== undefined ? String(v.order.flag) : undefined, askAgent }))) : null,
    v.order ? h("button", { class: "primary", "data-testid": "kefu-decide", onclick: () => void select(v.order!, "detail") }, t(lang, "decide")) : null);
  root.append(card);
}

// ---------------------------------------------------------------- chat

/** The order the chat is about: its order card's labels, else the selected order. */
async function chatOrder(): Promise<Order | undefined> {
  const cardEl = document.querySelector<HTMLElement>("[data-order-card], .order-card, .im-order-card");
  if (!cardEl) return undefined;
  const { headers, cells } = pairsFromLines(labelledLines(cardEl));
  if (!headers.length) return undefined;
  const v = await ask<RowVerdict>({ type: "row", headers, cells });
  return v.order;
}

function chatInputs(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>("textarea, [contenteditable='true']")).filter(
    (e) => !e.closest("#kefu-overlay") && !e.closest("[role=dialog]"),
  );
}

function valueOf(input: HTMLElement): string {
  return input instanceof HTMLTextAreaElement ? input.value : (input.innerText ?? "");
}

function setValue(input: HTMLElement, text: string): void {
  if (input instanceof HTMLTextAreaElement) {
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")?.set;
    setter?.call(input, text);
  } else {
    input.innerText = text;
  }
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

/** The shop's quick replies (R-WORD-SCRIPTS) as a row of buttons: one click puts the
 * script, filled from the chat's order, into the box, where the guard checks it. */
async function quickBar(input: HTMLElement, bar: HTMLElement): Promise<void> {
  const order = await chatOrder();
  const replies = await ask<{ id: string; title: { zh: string; en: string }; text: { zh: string; en: string }; missing?: string[] }[]>(
    order ? { type: "quick", order } : { type: "quick" },
  ).catch(() => []);
  bar.replaceChildren(
    replies.length ? h("span", { class: "muted" }, punct(lang, `${t(lang, "quick")}：`)) : "",
    ...replies.map((r) =>
      h("button", {
        class: "quick-reply",
        "data-testid": "kefu-quick",
        "data-id": r.id,
        title: `${pick(lang, r.text)}${r.missing?.length ? `\n(${t(lang, "quickMissing")}: ${r.missing.join(", ")})` : ""}`,
        onclick: () => {
          const current = valueOf(input).trim();
          setValue(input, current ? `${current}${pick(lang, r.text)}` : pick(lang, r.text));
          input.focus();
        },
      }, pick(lang, r.title))),
  );
}

function guard(input: HTMLElement): void {
  const host = h("div", { class: "kefu-guard-host" });
  const root = host.attachShadow({ mode: "open" });
  root.adoptedStyleSheets = [SHEET];
  const bar = h("div", { class: "quick", "data-testid": "kefu-quick-bar" });
  const box = h("div", { class: "guard", "data-testid": "kefu-guard" });
  root.append(bar, box);
  input.insertAdjacentElement("afterend", host);
  void quickBar(input, bar);
  let timer: number | undefined;
  let seq = 0;
  const check = async () => {
    const draft = valueOf(input);
    const mine = ++seq;
    if (!draft.trim()) { box.replaceChildren(); box.className = "guard"; return; }
    const order = await chatOrder();
    const v = await ask<{ check: { findings: { rule: string; start: number; end: number; text: string; replacement: string; message: { zh: string; en: string } }[]; rewrite: string } }>(
      order ? { type: "reply", order, draft } : { type: "reply", draft },
    );
    if (mine !== seq) return;
    const findings = v.check.findings;
    if (!findings.length) {
      box.className = "guard clean";
      box.replaceChildren(h("span", { "data-testid": "kefu-guard-clean" }, `✓ ${t(lang, "clean")}`));
      return;
    }
    const chars = Array.from(draft);
    const marked: (Node | string)[] = [];
    let at = 0;
    for (const f of findings) {
      marked.push(chars.slice(at, f.start).join(""));
      marked.push(h("mark", { title: `${f.rule}: ${pick(lang, f.message)}`, "data-rule": f.rule }, chars.slice(f.start, f.end).join("")));
      at = f.end;
    }
    marked.push(chars.slice(at).join(""));
    box.className = "guard warn";
    box.replaceChildren(
      h("div", { class: "draft", "data-testid": "kefu-guard-draft" }, ...marked),
      h("ul", {}, findings.map((f) => h("li", { "data-rule": f.rule }, h("span", { class: "rule" }, f.rule), " ", pick(lang, f.message), " → ", h("code", {}, f.replacement || t(lang, "drop"))))),
      h("div", { class: "rewrite-row" },
        h("span", { class: "muted", "data-testid": "kefu-guard-rewrite" }, v.check.rewrite),
        h("button", { class: "primary", "data-testid": "kefu-rewrite", onclick: () => setValue(input, v.check.rewrite) }, t(lang, "rewrite"))),
    );
  };
  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void check(), 120);
  });
}

// ---------------------------------------------------------------- memo dialog

chrome.runtime.onMessage.addListener((msg: { type?: string; text?: string; orderId?: unknown; flag?: unknown; entry?: unknown; limitBytes?: unknown }, sender, respond) => {
  // Only the service worker (the side panel's request, checked there) fills the memo.
  if (sender.id !== chrome.runtime.id || sender.tab) return false;
  if (msg?.type === "apply-memo") {
    const flags = ["red", "yellow", "green", "blue", "purple"];
    const ok = typeof msg.orderId === "string" && (msg.flag === null || flags.includes(msg.flag as string))
      && typeof msg.entry === "string" && msg.entry.length <= MAX_REMARK_CHARS;
    if (!ok) { respond({ ok: false, error: { zh: "消息格式不对", en: "malformed apply-memo" } }); return false; }
    const limit = typeof msg.limitBytes === "number" ? msg.limitBytes : undefined;
    void applyFix(msg.orderId as string, msg.flag as FlagName | null, msg.entry as string, limit).then(respond);
    return true;
  }
  if (msg?.type !== "fill-memo" || typeof msg.text !== "string" || !msg.text || msg.text.length > MAX_REMARK_CHARS) return false;
  const text = msg.text;
  const dialog = Array.from(document.querySelectorAll<HTMLElement>("[role=dialog], .next-dialog")).find((d) => d.offsetParent !== null || d.getClientRects().length > 0);
  const area = dialog?.querySelector<HTMLTextAreaElement>("textarea");
  if (!dialog || !area) { respond({ filled: false }); return false; }
  // A dialog still loading its memo would write it over the entry: wait for it.
  void until(() => (dialog.getAttribute("aria-busy") === "true" ? undefined : true), 3000).then(() => {
    // Append on a new line: an existing memo is never overwritten (R-REMARK-3).
    const current = area.value;
    setValue(area, current.trim() ? `${current.replace(/\s+$/, "")}\n${text}` : text);
    area.focus();
    respond({ filled: true });
  });
  return true;
});

chrome.runtime.onMessage.addListener((msg: { type?: string; text?: string }, sender, respond) => {
  // The side panel's 填入聊天框, through the worker: the reply goes into this chat's input
  // box, after what the agent typed; the agent sends it.
  if (sender.id !== chrome.runtime.id || sender.tab) return false;
  if (msg?.type !== "fill-chat" || typeof msg.text !== "string" || !msg.text) return false;
  const input = chatInputs()[0];
  if (!input) { respond({ filled: false }); return false; }
  const current = valueOf(input).trim();
  setValue(input, current ? `${current}${msg.text}` : msg.text);
  input.focus();
  respond({ filled: true });
  return false;
});

// ---------------------------------------------------------------- one click per fix

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const shown = (e: Element): boolean => (e as HTMLElement).offsetParent !== null || e.getClientRects().length > 0;

/** The row of the list that shows an order. */
function rowOf(orderId: string): HTMLElement | undefined {
  return rowsOfPage().find((row) => orderIdIn(row.textContent ?? "") === orderId);
}

/** Waits until `f` gives a value, or `ms` have passed. */
async function until<T>(f: () => T | undefined, ms: number): Promise<T | undefined> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined || Date.now() > end) return v;
    await sleep(50);
  }
}

/** The legacy list (list_sold_items.htm) edits memos on update_sell_memo.htm, on its own
 * origin: the page is loaded out of sight and its form driven as the agent would. */
async function legacyEditor(orderId: string): Promise<MemoEditor | string> {
  const link = rowOf(orderId)?.querySelector<HTMLAnchorElement>("a[href*='update_sell_memo']")?.getAttribute("href");
  const url = new URL(link ?? `/trade/memo/update_sell_memo.htm?biz_order_id=${orderId}&user_type=1`, location.href);
  if (url.origin !== location.origin) return "备注页不在本页同源 (the memo page is on another origin)";
  const frame = h("iframe", { class: "kefu-memo-frame", "data-testid": "kefu-memo-frame", style: "position:fixed;width:1px;height:1px;opacity:0;border:0;left:-10px;top:-10px" }) as HTMLIFrameElement;
  const loaded = () => new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the memo page did not answer")), 10_000);
    frame.addEventListener("load", () => { clearTimeout(timer); resolve(); }, { once: true });
  });
  const first = loaded();
  frame.src = url.href;
  overlayRoot().append(frame);
  try {
    await first;
  } catch {
    frame.remove();
    return "备注页没有打开 (the memo page did not open)";
  }
  const doc = frame.contentDocument;
  const editor = doc ? legacyMemoForm(doc, async () => { await loaded(); }) : undefined;
  if (!editor) {
    frame.remove();
    return "备注页不是认识的样子：找不到 form#form1 / textarea#memo (the memo page is not the known shape)";
  }
  return {
    ...editor,
    save: async () => { try { await editor.save(); } finally { frame.remove(); } },
    cancel: () => frame.remove(),
  };
}

/** The new list's memo dialog: the row's own 备注 control opens it; kefu waits for the
 * dialog and for its memo to load (never writing over a memo it has not seen). */
async function dialogEditor(orderId: string): Promise<MemoEditor | string> {
  const row = rowOf(orderId);
  if (!row) return "列表里找不到这单 (the order is not on the page)";
  const opener = Array.from(row.querySelectorAll<HTMLElement>("button, a, [role=button], [class*=memo], [title]"))
    .find((e) => /^(备注|备忘|标记|编辑备注|添加备注)$/.test((e.textContent ?? "").trim()) || /备忘|备注|memo/i.test(`${e.getAttribute("title") ?? ""} ${typeof e.className === "string" ? e.className : ""}`));
  if (!opener) return "这一行没有备注按钮 (the row has no memo control)";
  opener.click();
  const dialog = await until(() => Array.from(document.querySelectorAll<HTMLElement>("[role=dialog], .next-dialog")).find((d) => shown(d) && d.querySelector("textarea") && !d.closest("#kefu-overlay")), 4000);
  if (!dialog) return "备注窗口没有打开 (the memo dialog did not open)";
  const editor = memoDialog(dialog);
  if (!editor) return "备注窗口不是认识的样子 (the memo dialog is not the known shape)";
  // The dialog loads the memo itself: wait until it shows what kefu read, and until it
  // has settled; an empty box where kefu read a memo is never written over.
  const expected = memoRead.get(orderId);
  await until(() => (dialog.getAttribute("aria-busy") === "true" ? undefined : expected === undefined || editor.memo() === expected || editor.memo().includes(expected) ? true : undefined), 3000);
  await sleep(100);
  if (expected && !editor.memo().trim()) {
    editor.cancel();
    return "备注窗口没有载入现有备注，未写入 (the dialog did not load the existing memo: nothing written)";
  }
  return editor;
}

/** 设旗并写备注: the backend's own memo editor for this order (the legacy memo page or the
 * new dialog, each behind its adapter), the flag set (null leaves it), the entry appended
 * on a new line when it is not there yet, and the editor's own save. The UI calls this
 * after the agent's click; `apply-memo` from the worker does the same. */
export async function applyFix(orderId: string, flag: FlagName | null, entry: string, limitBytes?: number): Promise<ApplyResult> {
  const legacy = /list_sold_items\.htm|update_sell_memo\.htm/.test(location.pathname);
  const editor = legacy ? await legacyEditor(orderId) : await dialogEditor(orderId);
  if (typeof editor === "string") {
    const [zh, en] = [editor.replace(/\s*\(.*\)$/, ""), /\((.*)\)$/.exec(editor)?.[1] ?? editor];
    return { ok: false, error: { zh, en } };
  }
  const before = editor.memo();
  const result = await applyInEditor(editor, flag, entry, limitBytes);
  if (result.ok && result.wrote) {
    const after = `${before}${before === "" || before.endsWith("\n") ? "" : "\n"}${entry.trim()}`;
    await takeMemos({ [orderId]: after });
  }
  return result;
}

function applyButtonFor(orderId: string, fixOf: () => Promise<FixProposal>): HTMLElement {
  const out = h("span", { class: "apply-result muted", "data-testid": "kefu-apply-result" });
  const button = h("button", {
    class: "small primary", "data-testid": "kefu-apply",
    onclick: async (e: Event) => {
      e.stopPropagation();
      (button as HTMLButtonElement).disabled = true;
      out.textContent = "…";
      try {
        const fix = await fixOf();
        const r = await applyFix(orderId, fix.flag, fix.entry, fix.limitBytes);
        out.dataset.ok = String(r.ok);
        const memo = !fix.entry ? [] : r.ok && r.wrote ? [lang === "en" ? "entry written" : "备注已写入"] : [lang === "en" ? "entry already there" : "备注里已有这条"];
        const flag = r.ok && r.flag ? [lang === "en" ? `flag ${r.flag} set` : `已设${flagName(lang, r.flag)}`] : [];
        out.textContent = r.ok ? [...flag, ...memo].join(lang === "en" ? "; " : "；") || (lang === "en" ? "nothing to change" : "无需改动") : pick(lang, r.error);
      } catch (err) {
        out.dataset.ok = "false";
        out.textContent = String((err as Error).message ?? err).slice(0, 300);
      } finally {
        (button as HTMLButtonElement).disabled = false;
      }
    },
  }, lang === "en" ? "Set flag & write memo" : "设旗并写备注");
  return h("span", { class: "apply" }, button, " ", out);
}

/** What the popover offers beyond the findings: the memo's state, the lines' after-sales
 * texts, and a return handled in one more click (its flag and entry from the decision). */
function fixActions(v: RowVerdict): HTMLElement[] {
  const id = v.order_id;
  if (!id || v.error) return [];
  const out: HTMLElement[] = [];
  if (v.memo === "unread") {
    out.push(h("p", { class: "muted", "data-testid": "kefu-memo-unread" }, lang === "en" ? "The memo has not been read yet: its checks wait for it." : "备注未读取：读到备注后再检查。",
      lastLinks.has(id) ? h("button", { class: "small", onclick: () => { const url = lastLinks.get(id)!; void fetchMemo(url).then((m) => (m === undefined ? undefined : takeMemos({ [id]: m }))); } }, lang === "en" ? "Read memo" : "读取备注") : null));
  }
  for (const line of refunds.get(id) ?? []) {
    out.push(h("p", { class: "refund-line", "data-testid": "kefu-refund-line" }, `${lang === "en" ? "After-sales" : "售后"}：${line.title} · ${line.texts.join("、")}`));
  }
  const preview = h("div", { class: "fix-preview", "data-testid": "kefu-fix-preview" });
  const kinds: [FixKind, string, string][] = [["return", "退货", "Return"], ["refund", "退款", "Refund"], ["exchange", "换货", "Exchange"]];
  // A line's after-sales text says which request is waiting for the seller.
  const texts = (refunds.get(id) ?? []).flatMap((l) => l.texts).join(" ");
  const waiting: FixKind | undefined = /待退货|请卖家处理|退货/.test(texts) ? "return" : /请退款|退款中/.test(texts) ? "refund" : undefined;
  out.push(h("div", { class: "fix-kinds" },
    h("span", { class: "muted" }, lang === "en" ? "Handle: " : "处理："),
    ...kinds.map(([kind, zh, en]) => h("button", {
      class: kind === waiting ? "small waiting" : "small", "data-testid": `kefu-fix-${kind}`,
      onclick: async () => {
        preview.replaceChildren("…");
        try {
          // Lines whose after-sales waits for the seller; one already refunded is not.
          const skus = (refunds.get(id) ?? []).filter((l) => l.texts.some((x) => /待退货|请卖家处理|请退款|退款中/.test(x))).map((l) => l.sku);
          const fix = await ask<FixProposal>(skus.length ? { type: "fix", order_id: id, kind, skus } : { type: "fix", order_id: id, kind });
          preview.replaceChildren(
            fix.flag ? h("span", { class: "chip", style: `--c:${FLAG_COLOURS[fix.flag] ?? "#999"}` }, `${t(lang, "setFlag")} ${flagName(lang, fix.flag)}`) : "",
            fix.entry ? h("code", { class: "paste", "data-testid": "kefu-fix-entry" }, fix.entry) : "",
            ...fix.warnings.map((w) => h("p", { class: "muted" }, pick(lang, w))),
            fix.flag || fix.entry ? applyButtonFor(id, async () => fix) : "");
        } catch (err) {
          preview.replaceChildren(h("span", { class: "error" }, String((err as Error).message ?? err).slice(0, 300)));
        }
      },
    }, lang === "en" ? en : zh))), preview);
  return out;
}

// ---------------------------------------------------------------- which page

export type PageKind = "list" | "detail" | "chat" | "other";

export function pageKind(url: URL): PageKind {
  if (isListPath(url.pathname)) return "list";
  if (/\/tp\/detail/.test(url.pathname)) return "detail";
  if (/chat|\/im\//.test(url.pathname)) return "chat";
  return "other";
}

function start(): void {
  const kind = pageKind(new URL(location.href));
  if (kind === "list") watchList();
  const whenReady = (f: () => void) =>
    document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", f, { once: true }) : f();
  if (kind === "detail") {
    // The detail page renders after its own request: read once the labels are there,
    // and again if it shows another order.
    whenReady(() => {
      let shown = "";
      const look = () => {
        const id = orderIdIn(document.body.innerText ?? "");
        if (id && id !== shown) {
          shown = id;
          void readDetail();
        }
      };
      look();
      new MutationObserver(look).observe(document.body, { childList: true, subtree: true, characterData: true });
    });
  }
  if (kind === "chat") {
    whenReady(() => {
      const seen = new WeakSet<HTMLElement>();
      const attach = () => chatInputs().forEach((i) => { if (!seen.has(i)) { seen.add(i); guard(i); } });
      attach();
      new MutationObserver(attach).observe(document.body, { childList: true, subtree: true });
    });
  }
}

start();
export type { Settings };
