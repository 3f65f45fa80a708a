// The side panel: one order, what the buyer asks, and kefu's decision. The case is built
// from the page's order and the agent's picks; the decision is the core's, unchanged, so
// its JSON is what `kefu decide --format ndjson` prints for the same case. No request is
// preselected: the panel first shows the order as it stands (its lint findings and the
// proactive scan), and decides only once the agent says what the buyer asks.
import { ask, type Case, type Decided, type Decision, type ErrorInfo, type ApplyResult, type OrderLook, type Selected, type Settings, type Status } from "../messages";
import { t, tf, pick, flagName, punct, type Lang } from "../i18n";
import { label, ruleName, codeTitle, setNames, type Names } from "../labels";
import { h, copy, FLAG_COLOURS } from "./dom";
import { findingView } from "./fix";

const KINDS = ["", "cancel", "return", "exchange", "refund", "price_difference", "where_is_my_order", "change_receiver", "discount", "defect", "wrong_item", "missing_item", "damaged", "complaint"] as const;
const REASONS = ["", "changed_mind", "wrong_size", "wrong_colour", "doubt", "no_reason", "defect", "wrong_item", "missing_item", "damaged_in_transit", "late_shipment", "stalled", "price_drop", "page_price_error", "force_majeure", "cod_declined", "other"] as const;
const WANTS = ["", "refund", "replacement", "exchange", "reship", "compensation"] as const;
const EVIDENCE = ["photo", "video", "serial", "activation", "warehouse_record", "carrier_record"] as const;

let lang: Lang = "zh";
let settings: Settings | undefined;
let selected: Selected | null = null;
let now = "";
let ruleText = new Map<string, string>();
let look: OrderLook | undefined;
let lookWithScan: boolean | undefined;
let replyLang: Lang = "zh";
let lastEntry = "";
/** What the worker said of the stored settings when the panel loaded. */
let stored: Status = {};

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function select(id: string, options: readonly string[], caption: string, kind: string): HTMLElement {
  return h("label", {}, h("span", {}, caption),
    h("select", { id, onchange: () => void run() }, options.map((o) => h("option", { value: o, title: o }, o ? label(lang, o, kind) : id === "kind" ? t(lang, "pickRequest") : "—"))));
}

function form(): HTMLElement {
  return h("form", { id: "ask", onsubmit: (e: Event) => e.preventDefault() },
    h("h2", {}, t(lang, "ask")),
    select("kind", KINDS, t(lang, "kind"), "request_kind"),
    select("reason", REASONS, t(lang, "reason"), "reason"),
    select("wants", WANTS, t(lang, "wants"), "remedy"),
    h("fieldset", {}, h("legend", {}, t(lang, "evidence")),
      EVIDENCE.map((e) => h("label", { class: "check" }, h("input", { type: "checkbox", name: "evidence", value: e, onchange: () => void run() }), label(lang, e, "evidence")))),
    h("label", {}, h("span", {}, t(lang, "amount")), h("input", { id: "amount", inputmode: "decimal", placeholder: "0.00", oninput: () => void run() })),
    h("label", {}, h("span", {}, t(lang, "words")), h("textarea", { id: "words", rows: 2, oninput: () => void run() })),
    h("label", { class: "check" }, h("input", { type: "checkbox", id: "insists", onchange: () => void run() }), t(lang, "insists")),
  );
}

/** The case, exactly as the CLI would take it. */
function buildCase(): Case | undefined {
  if (!selected || !settings) return undefined;
  const v = (id: string) => ($<HTMLInputElement>(id).value ?? "").trim();
  if (!v("kind")) return undefined;
  const request: Record<string, unknown> = { kind: v("kind") };
  if (v("reason")) request.reason = v("reason");
  if (v("wants")) request.wants = v("wants");
  const evidence = Array.from(document.querySelectorAll<HTMLInputElement>("input[name=evidence]:checked")).map((e) => e.value);
  if (evidence.length) request.evidence = evidence;
  if (v("amount")) request.amount = v("amount");
  if (v("words")) request.reason_text = v("words");
  if ($<HTMLInputElement>("insists").checked) request.insists = true;
  const c: Record<string, unknown> = { now, order: selected.order, request };
  if (settings.agent.name) c.agent = { name: settings.agent.name, role: settings.agent.role };
  if (settings.promotions.length) c.context = { promotions: settings.promotions };
  return c as unknown as Case;
}

/** An error as the agent reads it: the code's name, then the detail; the code on hover. */
function errorText(e: { code?: string | null; message?: string | null; path?: string | null }): string {
  const code = e.code ?? "";
  const title = code ? codeTitle(lang, code) : "";
  return punct(lang, `${title && title !== code ? title : t(lang, "error")}${e.message ? `：${e.message}` : ""}${e.path ? `（${e.path}）` : ""}`);
}

/** Above the order: the stored policy is not in use (it does not compile), or stored
 * settings were replaced by the defaults. */
function showStatus(s: Status): void {
  const box = $("status");
  const parts: HTMLElement[] = [];
  const e: ErrorInfo | undefined = s.policy_error;
  if (e) parts.push(h("p", { "data-testid": "stored-policy-error", title: e.code }, t(lang, "policyBroken") + `${e.line ? `${e.line}:${e.column ?? 1} ` : ""}${errorText(e)}`));
  if (s.settings_problems?.length) parts.push(h("p", {}, t(lang, "settingsProblems") + s.settings_problems.join("; ")));
  box.replaceChildren(...parts);
  box.hidden = parts.length === 0;
}

function section(title: string, ...body: (Node | string | null | undefined)[]): HTMLElement {
  return h("section", {}, h("h3", {}, title), ...body);
}

function rule(id: string): HTMLElement {
  return h("span", { class: "rule", title: ruleText.get(id) ?? "" }, id);
}

/** The agent's name asked inline, on first run: entries are signed with it. */
function askAgent(done: () => void): HTMLElement {
  const input = h("input", { "data-testid": "agent-name", placeholder: t(lang, "agentPlaceholder") });
  return h("div", { class: "agent-prompt", "data-testid": "agent-prompt" }, h("span", {}, t(lang, "agentMissing")), input,
    h("button", { class: "primary", onclick: async () => {
      const name = (input as HTMLInputElement).value.trim();
      if (!name) return;
      await ask({ type: "agent.name", name });
      if (settings) settings.agent.name = name;
      done();
    } }, t(lang, "agentSave")));
}

/** Sets the flag and appends the entry in the memo dialog of the tab the order came from. */
async function applyMemo(flag: string | null, entry: string): Promise<ApplyResult> {
  if (!selected?.tabId) return { ok: false, error: { zh: "请从订单页打开本单", en: "Open this order from its page" } };
  return ask<ApplyResult>({ type: "apply-memo", tabId: selected.tabId, orderId: selected.order.order_id, flag: flag as never, entry });
}

/** The reply with copy and, where the order came from a chat in the browser, a button
 * that puts it into that chat's input box (the agent sends it). */
function replyView(d: Decision, redraw: () => void): HTMLElement {
  const text = pick(replyLang, d.reply);
  return section(t(lang, "reply"),
    h("div", { class: "toggle" },
      h("button", { class: replyLang === "zh" ? "on" : "", onclick: () => { replyLang = "zh"; redraw(); } }, "中文"),
      h("button", { class: replyLang === "en" ? "on" : "", onclick: () => { replyLang = "en"; redraw(); } }, "EN")),
    h("p", { class: "reply", "data-testid": "reply" }, text),
    h("div", { class: "row" },
      h("button", { "data-testid": "copy-reply", onclick: (e: Event) => { void copy(text); (e.target as HTMLElement).textContent = t(lang, "copied"); } }, t(lang, "copy")),
      selected?.source === "chat" && selected.tabId !== undefined
        ? h("button", { "data-testid": "fill-chat", onclick: async (e: Event) => {
            const r = await ask<{ filled: boolean } | undefined>({ type: "fill-chat", tabId: selected!.tabId!, text }).catch(() => undefined);
            (e.target as HTMLElement).textContent = r?.filled ? t(lang, "chatFilled") : t(lang, "noChat");
          } }, t(lang, "fillChat"))
        : null));
}

function warningsView(d: Decision): HTMLElement | "" {
  return d.warnings.length
    ? h("section", { class: "warnings", "data-testid": "warnings" }, h("h3", {}, t(lang, "warnings")),
        h("ul", {}, d.warnings.map((w) => h("li", {}, pick(lang, w)))))
    : "";
}

function traceView(d: Decision): HTMLElement {
  return section(t(lang, "trace"), h("ol", { class: "trace" }, d.trace.map((s) => h("li", {}, rule(s.rule), " ", h("span", { class: "because" }, because(s.because))))));
}

/** A trace reason: `{zh, en}` from the core (older cores wrote English only). */
function because(b: unknown): string {
  return typeof b === "string" ? b : pick(lang, b as { zh: string; en: string });
}

/** The flag the decision proposes, or that it leaves the order's flag as it is. */
function flagView(d: Decision): HTMLElement {
  const flag = String(d.flag.flag);
  const current = String(selected?.order.flag ?? "none");
  if (!d.flag.rule || flag === "none") {
    return h("span", { class: "muted", "data-testid": "flag", "data-flag": "unchanged" }, tf(lang, "flagUnchanged", { flag: flagName(lang, current) }));
  }
  return h("span", {}, h("span", { class: "chip", "data-testid": "flag", "data-flag": flag, style: `--c:${FLAG_COLOURS[flag] ?? "#999"}` }, flagName(lang, flag)), rule(d.flag.rule));
}

function render(d: Decided): void {
  const x = d.decision;
  const remark = x.remark_entry ?? null;
  lastEntry = remark && "entry" in remark ? String(remark.entry) : "";
  const flag = String(x.flag.flag);
  const proposes = !!x.flag.rule && flag !== "none" && flag !== String(selected?.order.flag ?? "none");
  const out = $("decision");
  // The decision's own word on the policy is the latest.
  showStatus(d.policy_error ? { ...stored, policy_error: d.policy_error } : { ...stored, policy_error: undefined });
  const result = h("span", { class: "muted", "data-testid": "apply-result" });
  const applyButton = (proposes || lastEntry) && selected?.tabId !== undefined
    ? h("button", { class: "primary", "data-testid": "apply-decision", onclick: async (e: Event) => {
        const b = e.target as HTMLButtonElement;
        b.disabled = true;
        result.textContent = t(lang, "working");
        const r = await applyMemo(proposes ? flag : null, lastEntry).catch((err: Error) => ({ ok: false as const, error: { zh: err.message, en: err.message } }));
        if (r.ok) {
          result.className = "ok";
          result.textContent = `✓ ${[proposes ? `${t(lang, "appliedFlag")}${flagName(lang, flag)}` : "", r.wrote ? t(lang, "applied") : lastEntry ? t(lang, "alreadyThere") : ""].filter(Boolean).join(lang === "en" ? "; " : "，")}`;
        } else {
          result.className = "error";
          result.textContent = pick(lang, r.error);
          b.disabled = false;
        }
      } }, proposes && lastEntry ? t(lang, "applyFix") : proposes ? t(lang, "applyFlag") : t(lang, "applyEntry"))
    : null;
  const remarkView = lastEntry
    ? h("code", { class: "paste", "data-testid": "entry" }, lastEntry)
    : remark && "error" in remark
      ? h("p", { class: "error", "data-testid": "entry-error", title: remark.error.code }, t(lang, "entryNotWritten") + errorText(remark.error))
      : h("span", { class: "muted", "data-testid": "entry-none" }, t(lang, "noEntryNeeded"));
  const agentMissing = !settings?.agent.name && lastEntry ? askAgent(() => void run()) : null;
  out.replaceChildren(
    h("div", { class: "headline", "data-testid": "outcome", title: x.outcome }, label(lang, x.outcome, "outcome"),
      h("span", { class: "muted took", "data-testid": "took" }, `${t(lang, "tookMs")} ${d.took_ms.toFixed(1)} ms`)),
    warningsView(x),
    section(t(lang, "steps"), h("ol", { class: "steps" }, x.actions.map((a) => h("li", { title: a.id }, label(lang, a.id, "action"), a.amount ? h("strong", { class: "amount" }, ` ¥${a.amount}`) : null, a.detail ? h("span", { class: "muted" }, ` · ${a.detail}`) : null)))),
    x.parts?.length ? section(t(lang, "parts"), h("ul", { "data-testid": "parts" }, x.parts.map((p) => h("li", {},
      h("strong", { title: p.status }, label(lang, p.status, "status")), ` ${p.skus.join("、")} → `, h("span", { title: p.outcome }, label(lang, p.outcome, "outcome")))))) : "",
    section(`${t(lang, "flag")} · ${t(lang, "entry")}`,
      h("div", { class: "flag-line" }, flagView(x)),
      remarkView, agentMissing,
      h("div", { class: "row" }, applyButton,
        lastEntry ? h("button", { onclick: (e: Event) => { void copy(lastEntry); (e.target as HTMLElement).textContent = t(lang, "copied"); } }, t(lang, "copy")) : null,
        lastEntry && selected?.tabId !== undefined ? h("button", { "data-testid": "fill-memo", onclick: (e: Event) => void fill(e.target as HTMLElement) }, t(lang, "fillMemo")) : null),
      result),
    section(t(lang, "escalation"), h("strong", { "data-testid": "level", title: x.escalation.level }, label(lang, x.escalation.level, "level")),
      h("ul", {}, x.escalation.causes.map((c) => h("li", { title: c.factor }, label(lang, c.factor, "factor"), " ", rule(c.rule))))),
    h("div", { class: "facts" },
      h("div", {}, h("span", { class: "muted" }, t(lang, "responsible")), h("strong", { title: x.responsibility }, label(lang, x.responsibility, "responsibility"))),
      h("div", {}, h("span", { class: "muted" }, t(lang, "payer")), h("strong", { title: x.return_shipping_payer }, label(lang, x.return_shipping_payer, "payer"))),
      h("div", {}, h("span", { class: "muted" }, t(lang, "contact")), h("strong", { title: x.contact.channel }, label(lang, x.contact.channel, "channel") + (x.contact.written_confirmation ? (lang === "zh" ? " + 书面确认" : " + written confirmation") : "")))),
    replyView(x, () => render(d)),
    traceView(x),
    h("details", {}, h("summary", {}, t(lang, "json")),
      h("pre", { "data-testid": "case-json" }, JSON.stringify(d.case)),
      h("pre", { "data-testid": "decision-json" }, JSON.stringify(x))),
  );
}

/** Before a request is chosen: the order's own findings, each fixable in one click, and
 * the proactive scan's decision (whether to contact the buyer now, and why). */
function renderLook(withScan: boolean): void {
  const out = $("look");
  if (!selected) return;
  const order = selected.order;
  const findings = look?.lint?.findings ?? [];
  const host = { lang, orderId: order.order_id, flag: String(order.flag ?? "none"), apply: selected.tabId !== undefined ? applyMemo : undefined, askAgent };
  const scan = look?.scan;
  const redraw = () => renderLook(withScan);
  out.replaceChildren(
    section(t(lang, "orderNow"),
      look?.lintError ? h("p", { class: "error", title: look.lintError.code }, errorText(look.lintError)) : null,
      findings.length
        ? h("ul", { class: "findings", "data-testid": "look-findings" }, findings.map((f) => findingView(f, host)))
        : h("p", { class: "ok", "data-testid": "look-clean" }, `✓ ${t(lang, "lintClean")}`),
      look?.lint?.skipped?.length ? h("p", { class: "muted" }, punct(lang, `${t(lang, "skipped")}：${look.lint.skipped.map((s) => `${label(lang, s.check, "check")}（${label(lang, s.missing, "fact")}）`).join("、")}`)) : null),
    !withScan ? "" : scan?.queue_key
      ? h("div", { "data-testid": "look-scan" },
          h("div", { class: "headline", title: scan.decision.outcome }, punct(lang, `☎ ${t(lang, "scanTitle")}：${label(lang, scan.decision.outcome, "outcome")}`)),
          warningsView(scan.decision),
          replyView(scan.decision, redraw),
          traceView(scan.decision))
      : h("p", { class: "muted", "data-testid": "look-scan-none" }, look?.scanError ? errorText(look.scanError) : t(lang, "scanNone")),
  );
}

async function fill(button: HTMLElement): Promise<void> {
  if (!selected?.tabId || !lastEntry) return;
  const r = await ask<{ filled: boolean } | undefined>({ type: "fill-memo", tabId: selected.tabId, text: lastEntry }).catch(() => undefined);
  button.textContent = r?.filled ? t(lang, "filled") : t(lang, "noMemo");
}

async function run(): Promise<void> {
  const c = buildCase();
  // Drawn again only when the scan part comes or goes: a value typed into a fix stays.
  if (lookWithScan !== !c) renderLook(!c);
  lookWithScan = !c;
  if (!c) {
    $("decision").replaceChildren(h("p", { class: "muted hint" }, t(lang, "chooseHint")));
    return;
  }
  try {
    const t0 = performance.now();
    render(await ask<Decided>({ type: "decide", case: c }));
    // The agent's wait: message, decision, drawing (BENCHMARKS.md).
    document.documentElement.dataset.decideMs = (performance.now() - t0).toFixed(1);
  } catch (e) {
    const err = e as { code?: string; message: string; path?: string };
    $("decision").replaceChildren(h("p", { class: "error", "data-testid": "decide-error", title: err.code ?? "" }, errorText(err)));
  }
}

function orderView(s: Selected): HTMLElement {
  const o = s.order;
  return h("div", { class: "order", "data-testid": "order" },
    h("div", { class: "id" }, `${t(lang, "order")} ${o.order_id}`),
    h("div", { class: "facts" },
      h("div", {}, h("span", { class: "muted" }, t(lang, "status")), h("strong", { title: o.status }, label(lang, o.status, "status"))),
      h("div", {}, h("span", { class: "muted" }, t(lang, "total")), h("strong", {}, `¥${o.total}`)),
      h("div", {}, h("span", { class: "muted" }, t(lang, "flag")), h("span", { class: "chip", style: `--c:${FLAG_COLOURS[String(o.flag ?? "none")] ?? "#999"}` }, flagName(lang, o.flag)))),
    o.unknown?.length ? h("p", { class: "muted" }, punct(lang, `${t(lang, "unknownFacts")}：${o.unknown.map((f) => label(lang, f, "fact")).join("、")}`)) : null);
}

async function load(): Promise<void> {
  const state = await ask<{ selected: Selected | null; look?: OrderLook; settings: Settings; now: string; status: Status }>({ type: "selected" });
  settings = state.settings;
  lang = settings.lang;
  replyLang = lang;
  now = new URLSearchParams(location.search).get("now") ?? state.now;
  selected = state.selected;
  look = state.look;
  lookWithScan = undefined;
  document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
  document.querySelector(".top .muted")!.textContent = t(lang, "title");
  const [rules, names] = await Promise.all([
    ask<{ id: string; summary: string | { zh: string; en: string } }[]>({ type: "rules" }),
    ask<Names>({ type: "names" }).catch(() => ({}) as Names),
  ]);
  setNames(names);
  stored = state.status;
  showStatus(stored);
  ruleText = new Map(rules.map((r) => [r.id, ruleName(lang, r.id) || (typeof r.summary === "string" ? r.summary : pick(lang, r.summary))]));
  const main = $("main");
  if (!selected) {
    main.replaceChildren(h("p", { class: "muted empty" }, t(lang, "pickOrder")));
    return;
  }
  // The order as it stands first (its findings, the scan), then what the buyer asks.
  main.replaceChildren(orderView(selected), h("div", { id: "look" }), form(), h("div", { id: "decision", "data-testid": "decision" }));
  await run();
}

chrome.storage.session.onChanged.addListener((changes) => {
  if ("selected" in changes) void load();
});
void load();
