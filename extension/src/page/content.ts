// The content script: reads what the seller backend shows, asks the service worker, and
// draws kefu's answers beside the page's own rows. It never edits an order: at most it
// fills the memo dialog the agent opened, and the agent saves it.
import { flagFromSrc, orderIdIn, SOLD_EVENT, MAX_ANSWER_CHARS } from "../adapters/sold";
import { pairsFromLines } from "../adapters/labels";
import { ask, type Order, type PageVerdict, type RowVerdict, type Settings } from "../messages";
import { t, pick, flagName, type Lang } from "../i18n";
import { label } from "../labels";
import { h, copy, FLAG_COLOURS } from "../ui/dom";
import { STYLE } from "./style";
import { latestOnly, MAX_REMARK_CHARS } from "../trust";

// Storage is the extension's pages' only (TRUST.md): the one setting drawing needs comes
// from the worker.
let lang: Lang = "zh";
ask<Lang>({ type: "lang" }).then((l) => { lang = l === "en" ? "en" : "zh"; }, () => undefined);

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
    const img = row.querySelector<HTMLImageElement>("img[src*='flag' i]");
    const flag = img ? flagFromSrc(img.getAttribute("src") ?? "") : undefined;
    if (id && flag) flags[id] = flag;
  }
  return flags;
}

function severityOf(v: RowVerdict): "ok" | "warning" | "error" | "skipped" | "unread" {
  if (v.error) return "unread";
  const f = v.lint?.findings ?? [];
  if (f.some((x) => x.severity === "error")) return "error";
  if (f.length) return "warning";
  if (v.lint?.skipped?.length) return "skipped";
  return "ok";
}

/** R-PROACTIVE-6's tier as the core's scan gives it, labelled with the level and fault
 * it stands for; the top tiers (a level, or the merchant at fault) are marked. */
function tierOf(q: NonNullable<RowVerdict["queue"]>): { n: number; label: string; top: boolean } {
  const level = label(lang, q.level);
  const text = lang === "zh"
    ? `${q.tier} ${q.level === "none" ? "普通" : level}${q.merchant ? "·商家责任" : ""}`
    : `${q.tier} ${level}${q.merchant ? ", merchant fault" : ""}`;
  return { n: q.tier, label: text, top: q.level !== "none" || q.merchant };
}

function badge(v: RowVerdict): HTMLElement {
  const host = h("span", { class: "kefu-badge-host", "data-kefu-order": v.order_id ?? "" });
  const root = host.attachShadow({ mode: "open" });
  const n = v.lint?.findings.length ?? 0;
  const sev = severityOf(v);
  const label = v.error ? `! ${t(lang, "unreadable")}` : n ? `⚠ ${n}` : `✓ ${t(lang, "ok")}`;
  const parts = [h("span", { class: `pill ${sev}`, "data-testid": "kefu-badge", "data-findings": n, "data-severity": sev }, label)];
  if (v.queue) {
    const tier = tierOf(v.queue);
    parts.push(h("span", { class: `pill queue${tier.top ? " top" : ""}`, "data-testid": "kefu-queue", "data-position": v.queue.position, title: tier.label }, `☎ ${v.queue.position}`));
  }
  root.adoptedStyleSheets = [SHEET];
  root.append(
    h("button", { class: "badge", title: "kefu", onclick: (e: Event) => { e.stopPropagation(); showDetails(v); } }, ...parts),
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

async function onSoldAnswer(text: string, at: number): Promise<void> {
  let verdict: PageVerdict;
  try {
    if (text.length > MAX_ANSWER_CHARS) {
      throw Object.assign(new Error(`the page's answer is ${text.length} characters; kefu reads at most ${MAX_ANSWER_CHARS}`), { code: "KEFU-PAGE-SIZE" });
    }
    verdict = await ask<PageVerdict>({ type: "page", page: text, domFlags: domFlags() });
  } catch (e) {
    // An answer kefu cannot read (a login redirect, a changed shape): say so, keep the
    // badges of the last page it read.
    // The text is drawn as text, and cut: any page script can hand answers over.
    const err = e as { code?: string; message?: string };
    const root = overlayRoot();
    root.querySelector(".page-error")?.remove();
    root.append(h("div", { class: "policy-error page-error", "data-testid": "kefu-page-error" }, `kefu: ${String(err.code ?? "").slice(0, 40)} ${String(err.message ?? "").slice(0, 300)}`));
    return;
  }
  overlayRoot().querySelector(".page-error")?.remove();
  pageVersion += 1;
  lastPage = verdict;
  lastText = text;
  arrivedAt = at;
  verdicts.clear();
  for (const r of verdict.rows) if (r.order_id) verdicts.set(r.order_id, r);
  attachBadges();
  drawQueueButton(verdict);
  document.documentElement.dataset.kefuPage = String(pageVersion);
  document.documentElement.dataset.kefuWorkerMs = verdict.took_ms.toFixed(1);
}

function drawQueueButton(verdict: PageVerdict): void {
  const root = overlayRoot();
  root.querySelector(".queue-button")?.remove();
  const queued = verdict.rows.filter((r) => r.queue).length;
  root.append(
    h("button", { class: "queue-button", "data-testid": "kefu-queue-button", onclick: () => showQueue() },
      `☎ ${t(lang, "queue")} (${queued})`),
  );
  if (verdict.policy_error) {
    root.querySelector(".policy-error")?.remove();
    root.append(h("div", { class: "policy-error" }, t(lang, "policyBroken") + verdict.policy_error.message));
  }
}

function panel(title: string, ...body: (Node | string)[]): HTMLElement {
  const root = overlayRoot();
  root.querySelector(".panel")?.remove();
  const p = h("section", { class: "panel", role: "dialog", "data-testid": "kefu-panel" },
    h("header", {}, h("strong", {}, title), h("button", { class: "close", onclick: () => p.remove() }, "×")),
    ...body);
  root.append(p);
  return p;
}

function findingView(f: NonNullable<RowVerdict["lint"]>["findings"][number]): HTMLElement {
  const paste = f.fix.entry?.paste;
  return h("li", { class: `finding ${f.severity}`, "data-check": f.check },
    h("div", {}, h("span", { class: "rule", title: f.rule }, f.check), " ", pick(lang, f.message)),
    f.fix.flag || paste
      ? h("div", { class: "fix" }, `${t(lang, "fix")}: `,
          f.fix.flag ? h("span", { class: "chip", style: `--c:${FLAG_COLOURS[String(f.fix.flag)] ?? "#999"}` }, `${t(lang, "setFlag")} ${flagName(lang, f.fix.flag)}`) : null,
          paste ? h("code", { class: "paste" }, paste) : null,
          paste ? h("button", { class: "small", onclick: (e: Event) => { void copy(paste); (e.target as HTMLElement).textContent = t(lang, "copied"); } }, t(lang, "copy")) : null)
      : null);
}

function showDetails(v: RowVerdict): void {
  const body: (Node | string)[] = [];
  if (v.error) body.push(h("p", { class: "error" }, `${v.error.code}: ${v.error.message}`));
  const findings = v.lint?.findings ?? [];
  if (findings.length) body.push(h("ul", { class: "findings" }, findings.map(findingView)));
  else if (!v.error) body.push(h("p", { class: "ok" }, `✓ ${t(lang, "ok")}`));
  if (v.lint?.skipped?.length) {
    body.push(h("p", { class: "muted" }, `${t(lang, "skipped")}: ${v.lint.skipped.map((s) => `${s.check} (${s.missing})`).join(", ")}`));
  }
  if (v.queue) {
    const q = v.queue;
    body.push(h("div", { class: "queue-why" },
      h("strong", {}, `☎ ${t(lang, "contactNow")} #${q.position}`), " ",
      h("span", { class: "muted" }, tierOf(q).label),
      h("ul", {}, q.trace.map((s) => h("li", {}, h("span", { class: "rule" }, s.rule), " ", pick(lang, s.because)))),
      h("p", { class: "reply" }, pick(lang, q.reply))));
  }
  const id = v.order_id;
  if (id && !v.error) {
    const text = lastText;
    body.push(h("button", { class: "primary", "data-testid": "kefu-decide", onclick: () => void ask({ type: "pick", order_id: id, page: text, source: "list" }) }, t(lang, "decide")));
  }
  panel(`${t(lang, "order")} ${v.order_id ?? ""}`, ...body);
}

function showQueue(): void {
  if (!lastPage) return;
  const queued = lastPage.rows.filter((r) => r.queue).sort((a, b) => a.queue!.position - b.queue!.position);
  panel(`${t(lang, "queue")} · ${t(lang, "asOf")} ${lastPage.now}`,
    h("p", { class: "muted" }, t(lang, "queueHint")),
    h("ol", { class: "queue-list", "data-testid": "kefu-queue-list", "data-now": lastPage.now },
      queued.map((r) => {
        const q = r.queue!;
        return h("li", { "data-order": r.order_id ?? "" },
          h("button", { class: "link", onclick: () => showDetails(r) }, r.order_id ?? ""), " ",
          h("span", { class: `tag${tierOf(q).top ? " top" : ""}` }, tierOf(q).label), " ",
          h("span", {}, q.trace.filter((s) => s.rule.startsWith("R-PROACTIVE")).map((s) => pick(lang, s.because)).join("; ")));
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
    v.error ? h("p", { class: "error" }, `${v.error.code}: ${v.error.message}`) : null,
    n ? h("ul", { class: "findings" }, (v.lint?.findings ?? []).map(findingView)) : null,
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
    replies.length ? h("span", { class: "muted" }, `${t(lang, "quick")}：`) : "",
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

chrome.runtime.onMessage.addListener((msg: { type?: string; text?: string }, sender, respond) => {
  // Only the service worker (the side panel's request, checked there) fills the memo.
  if (sender.id !== chrome.runtime.id || sender.tab) return false;
  if (msg?.type !== "fill-memo" || typeof msg.text !== "string" || !msg.text || msg.text.length > MAX_REMARK_CHARS) return false;
  const dialog = Array.from(document.querySelectorAll<HTMLElement>("[role=dialog], .next-dialog")).find((d) => d.offsetParent !== null || d.getClientRects().length > 0);
  const area = dialog?.querySelector<HTMLTextAreaElement>("textarea");
  if (!area) { respond({ filled: false }); return false; }
  // Append on a new line: an existing memo is never overwritten (R-REMARK-3).
  const current = area.value;
  setValue(area, current.trim() ? `${current.replace(/\s+$/, "")}\n${msg.text}` : msg.text);
  area.focus();
  respond({ filled: true });
  return false;
});

// ---------------------------------------------------------------- which page

export type PageKind = "list" | "detail" | "chat" | "other";

export function pageKind(url: URL): PageKind {
  if (/\/tp\/sold/.test(url.pathname)) return "list";
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
