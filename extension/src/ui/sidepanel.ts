// The side panel: one order, what the buyer asks, and kefu's decision. The case is built
// from the page's order and the agent's picks; the decision is the core's, unchanged, so
// its JSON is what `kefu decide --format ndjson` prints for the same case.
import { ask, type Case, type Decided, type ErrorInfo, type Selected, type Settings, type Status } from "../messages";
import { t, pick, flagName, type Lang } from "../i18n";
import { label } from "../labels";
import { h, copy, FLAG_COLOURS } from "./dom";

const KINDS = ["cancel", "return", "exchange", "refund", "price_difference", "where_is_my_order", "change_receiver", "discount", "defect", "wrong_item", "missing_item", "damaged", "complaint"] as const;
const REASONS = ["", "changed_mind", "wrong_size", "wrong_colour", "doubt", "no_reason", "defect", "wrong_item", "missing_item", "damaged_in_transit", "late_shipment", "stalled", "price_drop", "page_price_error", "force_majeure", "cod_declined", "other"] as const;
const WANTS = ["", "refund", "replacement", "exchange", "reship", "compensation"] as const;
const EVIDENCE = ["photo", "video", "serial", "activation", "warehouse_record", "carrier_record"] as const;

let lang: Lang = "zh";
let settings: Settings | undefined;
let selected: Selected | null = null;
let now = "";
let ruleText = new Map<string, string>();
let replyLang: Lang = "zh";
let lastEntry = "";
/** What the worker said of the stored settings when the panel loaded. */
let stored: Status = {};

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function select(id: string, options: readonly string[], caption: string): HTMLElement {
  return h("label", {}, h("span", {}, caption),
    h("select", { id, onchange: () => void run() }, options.map((o) => h("option", { value: o }, o ? label(lang, o) : "—"))));
}

function form(): HTMLElement {
  return h("form", { id: "ask", onsubmit: (e: Event) => e.preventDefault() },
    h("h2", {}, t(lang, "ask")),
    select("kind", KINDS, t(lang, "kind")),
    select("reason", REASONS, t(lang, "reason")),
    select("wants", WANTS, t(lang, "wants")),
    h("fieldset", {}, h("legend", {}, t(lang, "evidence")),
      EVIDENCE.map((e) => h("label", { class: "check" }, h("input", { type: "checkbox", name: "evidence", value: e, onchange: () => void run() }), label(lang, e)))),
    h("label", {}, h("span", {}, t(lang, "amount")), h("input", { id: "amount", inputmode: "decimal", placeholder: "0.00", oninput: () => void run() })),
    h("label", {}, h("span", {}, t(lang, "words")), h("textarea", { id: "words", rows: 2, oninput: () => void run() })),
    h("label", { class: "check" }, h("input", { type: "checkbox", id: "insists", onchange: () => void run() }), t(lang, "insists")),
  );
}

/** The case, exactly as the CLI would take it. */
function buildCase(): Case | undefined {
  if (!selected || !settings) return undefined;
  const v = (id: string) => ($<HTMLInputElement>(id).value ?? "").trim();
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

/** Above the order: the stored policy is not in use (it does not compile), or stored
 * settings were replaced by the defaults. */
function showStatus(s: Status): void {
  const box = $("status");
  const parts: HTMLElement[] = [];
  const e: ErrorInfo | undefined = s.policy_error;
  if (e) parts.push(h("p", { "data-testid": "stored-policy-error" }, t(lang, "policyBroken") + `${e.code}${e.line ? ` ${e.line}:${e.column ?? 1}` : ""} ${e.message}`));
  if (s.settings_problems?.length) parts.push(h("p", {}, t(lang, "settingsProblems") + s.settings_problems.join("; ")));
  box.replaceChildren(...parts);
  box.hidden = parts.length === 0;
}

function section(title: string, ...body: (Node | string | null)[]): HTMLElement {
  return h("section", {}, h("h3", {}, title), ...body);
}

function render(d: Decided): void {
  const x = d.decision;
  lastEntry = x.remark_entry && "entry" in x.remark_entry ? String((x.remark_entry as { entry: string }).entry) : "";
  const flag = String(x.flag.flag);
  const out = $("decision");
  // The decision's own word on the policy is the latest.
  showStatus(d.policy_error ? { ...stored, policy_error: d.policy_error } : { ...stored, policy_error: undefined });
  out.replaceChildren(
    h("div", { class: "headline", "data-testid": "outcome" }, label(lang, x.outcome),
      h("span", { class: "muted took", "data-testid": "took" }, `${t(lang, "tookMs")} ${d.took_ms.toFixed(1)} ms`)),
    section(t(lang, "steps"), h("ol", { class: "steps" }, x.actions.map((a) => h("li", { title: a.id }, label(lang, a.id), a.amount ? h("strong", { class: "amount" }, ` ¥${a.amount}`) : null, a.detail ? h("span", { class: "muted" }, ` · ${a.detail}`) : null)))),
    x.parts?.length ? section(t(lang, "parts"), h("ul", { "data-testid": "parts" }, x.parts.map((p) => h("li", {},
      h("strong", {}, label(lang, p.status)), ` ${p.skus.join("、")} → `, label(lang, p.outcome))))) : "",
    section(t(lang, "flag"), h("span", { class: "chip", "data-testid": "flag", style: `--c:${FLAG_COLOURS[flag] ?? "#999"}` }, flagName(lang, flag)),
      x.flag.rule ? h("span", { class: "rule", title: ruleText.get(x.flag.rule) ?? "" }, x.flag.rule) : null),
    section(t(lang, "entry"),
      lastEntry ? h("code", { class: "paste", "data-testid": "entry" }, lastEntry) : h("span", { class: "muted" }, t(lang, "none")),
      lastEntry ? h("div", { class: "row" },
        h("button", { onclick: (e: Event) => { void copy(lastEntry); (e.target as HTMLElement).textContent = t(lang, "copied"); } }, t(lang, "copy")),
        h("button", { "data-testid": "fill-memo", onclick: (e: Event) => void fill(e.target as HTMLElement) }, t(lang, "fillMemo"))) : null),
    section(t(lang, "escalation"), h("strong", { "data-testid": "level" }, label(lang, x.escalation.level)),
      h("ul", {}, x.escalation.causes.map((c) => h("li", {}, label(lang, c.factor), " ", h("span", { class: "rule", title: ruleText.get(c.rule) ?? "" }, c.rule))))),
    h("div", { class: "facts" },
      h("div", {}, h("span", { class: "muted" }, t(lang, "responsible")), h("strong", {}, label(lang, x.responsibility))),
      h("div", {}, h("span", { class: "muted" }, t(lang, "payer")), h("strong", {}, label(lang, x.return_shipping_payer))),
      h("div", {}, h("span", { class: "muted" }, t(lang, "contact")), h("strong", {}, label(lang, x.contact.channel) + (x.contact.written_confirmation ? (lang === "zh" ? " + 书面确认" : " + written confirmation") : "")))),
    section(t(lang, "reply"),
      h("div", { class: "toggle" },
        h("button", { class: replyLang === "zh" ? "on" : "", onclick: () => { replyLang = "zh"; render(d); } }, "中文"),
        h("button", { class: replyLang === "en" ? "on" : "", onclick: () => { replyLang = "en"; render(d); } }, "EN")),
      h("p", { class: "reply", "data-testid": "reply" }, pick(replyLang, x.reply))),
    section(t(lang, "trace"), h("ol", { class: "trace" }, x.trace.map((s) => h("li", {}, h("span", { class: "rule", title: ruleText.get(s.rule) ?? "" }, s.rule), " ", s.because)))),
    h("details", {}, h("summary", {}, t(lang, "json")),
      h("pre", { "data-testid": "case-json" }, JSON.stringify(d.case)),
      h("pre", { "data-testid": "decision-json" }, JSON.stringify(x))),
  );
}

async function fill(button: HTMLElement): Promise<void> {
  if (!selected?.tabId || !lastEntry) return;
  const r = await ask<{ filled: boolean } | undefined>({ type: "fill-memo", tabId: selected.tabId, text: lastEntry }).catch(() => undefined);
  button.textContent = r?.filled ? t(lang, "filled") : t(lang, "noMemo");
}

async function run(): Promise<void> {
  const c = buildCase();
  if (!c) return;
  try {
    const t0 = performance.now();
    render(await ask<Decided>({ type: "decide", case: c }));
    // The agent's wait: message, decision, drawing (BENCHMARKS.md).
    document.documentElement.dataset.decideMs = (performance.now() - t0).toFixed(1);
  } catch (e) {
    const err = e as { code?: string; message: string; path?: string };
    $("decision").replaceChildren(h("p", { class: "error", "data-testid": "decide-error" }, `${err.code ?? ""} ${err.message}${err.path ? ` (${err.path})` : ""}`));
  }
}

function orderView(s: Selected): HTMLElement {
  const o = s.order;
  return h("div", { class: "order", "data-testid": "order" },
    h("div", { class: "id" }, `${t(lang, "order")} ${o.order_id}`),
    h("div", { class: "facts" },
      h("div", {}, h("span", { class: "muted" }, t(lang, "status")), h("strong", {}, label(lang, o.status))),
      h("div", {}, h("span", { class: "muted" }, t(lang, "total")), h("strong", {}, `¥${o.total}`)),
      h("div", {}, h("span", { class: "muted" }, t(lang, "flag")), h("span", { class: "chip", style: `--c:${FLAG_COLOURS[String(o.flag ?? "none")] ?? "#999"}` }, flagName(lang, o.flag)))),
    o.unknown?.length ? h("p", { class: "muted" }, `${t(lang, "unknownFacts")}: ${o.unknown.map((f) => label(lang, f)).join("、")}`) : null);
}

async function load(): Promise<void> {
  const state = await ask<{ selected: Selected | null; settings: Settings; now: string; status: Status }>({ type: "selected" });
  settings = state.settings;
  lang = settings.lang;
  replyLang = lang;
  now = new URLSearchParams(location.search).get("now") ?? state.now;
  selected = state.selected;
  document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
  stored = state.status;
  showStatus(stored);
  const rules = await ask<{ id: string; summary: { zh: string; en: string } }[]>({ type: "rules" });
  ruleText = new Map(rules.map((r) => [r.id, pick(lang, r.summary)]));
  const main = $("main");
  if (!selected) {
    main.replaceChildren(h("p", { class: "muted empty" }, t(lang, "pickOrder")));
    return;
  }
  main.replaceChildren(orderView(selected), form(), h("div", { id: "decision", "data-testid": "decision" }));
  await run();
}

chrome.storage.session.onChanged.addListener((changes) => {
  if ("selected" in changes) void load();
});
void load();
