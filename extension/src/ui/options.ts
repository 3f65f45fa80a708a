// The options page: the shop's policy in an editor with live diagnostics, the shop's
// test cases run in the browser, the agent and the language. Everything is kept in
// chrome.storage.local; a policy that does not compile cannot be saved.
import { ask, DEFAULT_SETTINGS, type ErrorInfo, type PolicyCheck, type PolicyDiff, type Settings, type Status } from "../messages";
import { t, type Lang } from "../i18n";
import { codeTitle, coreName, setNames, type Names } from "../labels";
import { h } from "./dom";
import { settingsFrom } from "../trust";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
let lang: Lang = "zh";
let compiles = true;

/** The stored settings, each checked as the worker checks them (a field of the wrong
 * type shows, and is saved back, as its default). */
async function settings(): Promise<Settings> {
  return settingsFrom(await chrome.storage.local.get(Object.keys(DEFAULT_SETTINGS))).settings;
}

/** Whether the worker uses what is stored: a saved policy that does not compile (written
 * by an older version, or before storage was the extension's own) is not used. */
async function showStored(): Promise<void> {
  const box = $("stored");
  const s = await ask<Status>({ type: "status" }).catch(() => ({}) as Status);
  const parts: HTMLElement[] = [];
  if (s.policy_error) {
    const e = s.policy_error;
    parts.push(h("p", { "data-testid": "stored-policy-error" }, h("strong", {}, t(lang, "storedPolicyBroken")), " ",
      h("code", { title: e.code }, `${e.line ? `${e.line}:${e.column ?? 1} ` : ""}`), " ", errorText(e)));
  }
  if (s.settings_problems?.length) parts.push(h("p", {}, t(lang, "settingsProblems") + s.settings_problems.join("; ")));
  box.replaceChildren(...parts);
  box.hidden = parts.length === 0;
}

/** Line numbers beside the editor, the faulty one marked. */
function gutter(source: string, bad?: number): void {
  const lines = source.split("\n").length;
  $("gutter").replaceChildren(...Array.from({ length: lines }, (_, i) => h("div", { class: i + 1 === bad ? "bad" : "" }, String(i + 1))));
}

/** The line of a field the core names without a position ("the script set
 * `policy.late.bogus` wrongly"): the line assigning it, else the line naming its last
 * key inside a map assigned to its parent. */
export function lineOfField(source: string, message: string): number | undefined {
  const m = /set `policy\.([\w.]+)` wrongly/.exec(message) ?? /unknown field `([\w.]+)`/.exec(message);
  if (!m) return undefined;
  const path = m[1]!;
  const lines = source.split("\n");
  const assign = new RegExp(`policy\\.${path.replace(/\./g, "\\.")}\\s*=`);
  let i = lines.findIndex((l) => assign.test(l));
  if (i < 0) {
    const last = path.split(".").pop()!;
    i = lines.findIndex((l) => new RegExp(`\\b${last}\\s*:`).test(l) || new RegExp(`\\.${last}\\s*=`).test(l));
  }
  return i < 0 ? undefined : i + 1;
}

/** An error as the agent reads it: the code's name, then the core's detail. */
function errorText(e: ErrorInfo): string {
  const title = codeTitle(lang, e.code);
  return title !== e.code ? `${title}：${e.message}` : e.message;
}

function showDiagnostic(error?: ErrorInfo, check?: PolicyCheck): void {
  const box = $("diagnostics");
  if (error && !error.line) {
    const line = lineOfField($<HTMLTextAreaElement>("policy").value, error.message);
    if (line) error = { ...error, line };
  }
  if (error) {
    const at = error.line ? `${error.line}:${error.column ?? 1}` : "";
    box.className = "diagnostics bad";
    box.replaceChildren(
      h("div", { "data-testid": "diagnostic", title: error.code }, h("strong", { class: "pos", "data-testid": "diagnostic-pos" }, at), " ", errorText(error)),
      error.snippet ? h("pre", {}, error.snippet) : "",
    );
  } else if (check) {
    box.className = "diagnostics good";
    box.replaceChildren(h("div", { "data-testid": "diagnostic-ok" },
      `✓ ${t(lang, "compiles")} · ${check.rules.length} ${t(lang, "rules")}`,
      check.rules.length ? h("span", { class: "muted" }, ` (${check.rules.map((r) => `${r.id} → ${r.point}`).join(", ")})`) : ""));
  }
  gutter($<HTMLTextAreaElement>("policy").value, error?.line);
  $<HTMLButtonElement>("save").disabled = !!error;
}

let seq = 0;
async function check(): Promise<void> {
  const source = $<HTMLTextAreaElement>("policy").value;
  const mine = ++seq;
  try {
    const result = await ask<PolicyCheck>({ type: "policy.check", source });
    if (mine !== seq) return;
    compiles = true;
    showDiagnostic(undefined, result);
    void showImpact(source, mine);
  } catch (e) {
    if (mine !== seq) return;
    compiles = false;
    showDiagnostic(e as ErrorInfo);
  }
}

/** Fen from the core's yuan text ("12.50"); money is never a float here either. */
function fen(yuan: string | undefined): number {
  if (!yuan) return 0;
  const [whole = "0", frac = ""] = yuan.split(".");
  return Number(whole) * 100 + Number((frac + "00").slice(0, 2));
}

function yuan(f: number): string {
  const sign = f < 0 ? "-" : f > 0 ? "+" : "";
  const a = Math.abs(f);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, "0")}`;
}

function moneyOf(side: { money: Record<string, string | undefined> }): number {
  return Object.values(side.money).reduce((sum, m) => sum + fen(m), 0);
}

/** The policy being edited against the saved one, over the orders of the list page the
 * agent has open (the core's `diff`, computed in the worker, nothing sent anywhere):
 * what saving would change, before it is saved. */
async function showImpact(source: string, mine: number): Promise<void> {
  const box = $("impact");
  let d: PolicyDiff;
  try {
    d = await ask<PolicyDiff>({ type: "policy.diff", source });
  } catch (e) {
    if (mine === seq) box.replaceChildren(h("p", { class: "error" }, errorText(e as ErrorInfo)));
    return;
  }
  if (mine !== seq) return;
  if (!d.orders) {
    box.replaceChildren(h("p", { class: "muted", "data-testid": "impact-no-page" }, t(lang, "impactNoPage")));
    return;
  }
  const compared = d.results.filter((r): r is Extract<typeof r, { changes: string[] }> => "changes" in r);
  const changed = compared.filter((r) => r.changes.length > 0);
  const reworded = compared.filter((r) => !r.changes.length && r.reworded).length;
  const rejected = d.results.length - compared.length;
  const escalated = (side: "a" | "b") => compared.filter((r) => (side === "a" ? r.a : r.b ?? r.a).level !== "none").length;
  const money = compared.reduce((sum, r) => sum + moneyOf(r.b ?? r.a) - moneyOf(r.a), 0);
  const name = (kind: string, id: string) => coreName(lang, id, kind) ?? id;
  const fill = (key: "impactSummary" | "impactReworded", values: Record<string, number>) =>
    Object.entries(values).reduce((text, [k, v]) => text.replace(`{${k}}`, String(v)), t(lang, key));
  box.replaceChildren(
    h("p", { class: "summary", "data-testid": "impact-summary", "data-changed": String(changed.length) },
      h("strong", {}, changed.length ? fill("impactSummary", { orders: d.orders, changed: changed.length }) : t(lang, "impactNone")),
      h("span", { class: "muted" }, ` · ${t(lang, d.saved ? "impactAgainst" : "impactAgainstBuiltIn")}`),
      reworded ? h("span", { class: "muted" }, ` · ${fill("impactReworded", { n: reworded })}`) : ""),
    h("div", { class: "kpis" },
      h("span", {}, `${t(lang, "impactLevels")} `, h("b", { "data-testid": "impact-levels" }, `${escalated("a")} → ${escalated("b")}`)),
      h("span", {}, `${t(lang, "impactMoney")} `, h("b", { "data-testid": "impact-money" }, `¥${yuan(money)}`)),
      rejected ? h("span", { class: "error" }, `${t(lang, "impactRejected")} ${rejected}`) : ""),
    h("ul", {}, changed.map((r) => {
      const b = r.b ?? r.a;
      const step = r.parted?.b ?? r.parted?.a;
      return h("li", { "data-testid": "impact-change", "data-order": r.order_id },
        h("span", { class: "oid" }, r.order_id),
        ...r.changes.map((c) => h("span", { class: "pill", title: c }, name("change", c))),
        h("div", {},
          r.a.outcome !== b.outcome ? h("span", { class: "was", title: r.a.outcome }, name("outcome", r.a.outcome)) : "",
          h("span", { class: "now", title: b.outcome }, name("outcome", b.outcome)),
          r.a.level !== b.level ? h("span", { class: "muted" }, ` · ${name("level", r.a.level)} → ${name("level", b.level)}`) : "",
          moneyOf(r.a) !== moneyOf(b) ? h("span", { class: "muted" }, ` · ¥${yuan(moneyOf(r.a)).replace("+", "")} → ¥${yuan(moneyOf(b)).replace("+", "")}`) : ""),
        step ? h("div", { class: "why", title: step.rule }, `${t(lang, "impactParted")} ${step.rule}${lang === "en" ? ": " : "："}${lang === "en" ? step.because.en : step.because.zh}`) : "");
    })),
  );
}

async function runTests(): Promise<void> {
  const out = $("test-results");
  try {
    const results = await ask<{ id: string; passed: boolean; differences: string[] }[]>({
      type: "tests.run", source: $<HTMLTextAreaElement>("policy").value, tests: $<HTMLTextAreaElement>("tests").value,
    });
    const passed = results.filter((r) => r.passed).length;
    out.replaceChildren(
      h("p", { "data-testid": "test-summary" }, `${passed} ${t(lang, "passed")}, ${results.length - passed} ${t(lang, "failed")}`),
      h("ul", {}, results.map((r) => h("li", { class: r.passed ? "pass" : "fail", "data-testid": "test-result", "data-passed": String(r.passed) },
        r.passed ? "✓ " : "✗ ", h("strong", {}, r.id), r.differences.length ? h("ul", {}, r.differences.map((d) => h("li", {}, d))) : ""))),
    );
  } catch (e) {
    const err = e as ErrorInfo;
    out.replaceChildren(h("p", { class: "error", "data-testid": "test-error", title: err.code }, `${err.line ? `${err.line}:${err.column ?? 1} ` : ""}${errorText(err)}`));
  }
}

function promotionsFromText(text: string): Settings["promotions"] {
  // One per line: `name start end` (RFC 3339).
  return text.split("\n").map((l) => l.trim().split(/\s+/)).filter((p) => p.length === 3).map(([name, start, end]) => ({ name: name!, start: start!, end: end! }));
}

async function save(): Promise<void> {
  if (!compiles) return;
  const value: Partial<Settings> = {
    policy: $<HTMLTextAreaElement>("policy").value,
    tests: $<HTMLTextAreaElement>("tests").value,
    agent: { name: $<HTMLInputElement>("agent").value.trim(), role: $<HTMLSelectElement>("role").value as Settings["agent"]["role"] },
    lang: $<HTMLSelectElement>("lang").value as Lang,
    promotions: promotionsFromText($<HTMLTextAreaElement>("promotions").value),
    timeZone: $<HTMLInputElement>("zone").value.trim() || "+08:00",
    showOk: $<HTMLInputElement>("show-ok").checked,
  };
  await chrome.storage.local.set(value);
  $("status").textContent = `✓ ${t(lang, "saved")}`;
  // What was saved compiles (the button is off otherwise) and every field is written.
  $("stored").hidden = true;
}

function download(name: string, text: string): void {
  const a = h("a", { href: URL.createObjectURL(new Blob([text], { type: "text/plain" })), download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** What each policy field means, for agents and shop owners who read Chinese; the
 * schema's English description is the fallback (and the English page's text). */
const FIELD_ZH: Record<string, string> = {
  "batch.defect_reports": "同一SKU在时间窗内被报质量问题的次数达到此数即算批量事故（含本次）",
  "batch.window_days": "批量事故的统计时间窗（天）",
  close_unpaid_on_request: "买家要求取消未付款订单时，由客服直接关闭（否则引导买家自行关闭）",
  concession_first_step_percent: "买家原因的部分让步：第一步让出的百分比",
  "discount_limits.agent": "客服可给的优惠上限（元），空为不限",
  "discount_limits.leadership": "领导可给的优惠上限（元），空为不限",
  "discount_limits.new": "新人客服可给的优惠上限（元）",
  "discount_limits.senior": "资深客服可给的优惠上限（元）",
  "discount_limits.supervisor": "主管可给的优惠上限（元），空为不限",
  "flags.meanings": "各旗帜颜色的含义（给人看的说明）",
  "flags.precedence": "多个规则想设不同旗时的优先顺序（高者在前）",
  "flags.roles.awaiting_buyer": "等待买家回复的跟进（货到付款确认、待补凭证）用哪种旗（默认黄旗）",
  "flags.roles.follow_up_closed": "跟进完成或已核实用哪种旗（默认绿旗）",
  "flags.roles.shipped_aftersales": "已发货订单的售后用哪种旗（默认蓝旗）",
  "flags.roles.special_handling": "仓库必看的特殊处理（指定快递、改地址电话、赠品）用哪种旗（默认红旗）",
  "flags.roles.unshipped_change": "未发货订单的修改或取消用哪种旗（默认紫旗）",
  "kpi.bonus": "考核奖金档：从某分数起的奖金基数，奖金=基数×得分/100（默认90分3000、80分2000、其余1000）",
  "kpi.complaint_points": "被点名投诉一次扣几分",
  "kpi.compliment_points": "被点名表扬一次加几分",
  "kpi.indicators": "考核指标：每项的权重（合计100）、目标值（满分）和底线（0分）",
  "kpi.inquiries_per_day.high": "每人每天咨询量高于此数：建议加人",
  "kpi.inquiries_per_day.low": "每人每天咨询量低于此数：考虑减人",
  "kpi.lead_team_percent": "组长考核中团队平均分所占百分比",
  "kpi.max_stores": "一名客服最多负责几个店铺",
  "kpi.store_weights": "一人多店时各店的权重（主店在前，合计100）",
  "late.add_to_platform_payment": "平台已自动赔付发货超时时，店铺是否仍另给补偿",
  "late.compensation": "发货超时给买家的补偿（元），空为不给",
  "late.ship_by_margin_hours": "距承诺发货时间还剩多少小时即算有超时风险",
  "late.ship_window_hours": "订单数据没有承诺发货时间时，付款后多少小时内应发货",
  "payment_reminder.cutoff_hour": "每日截单时间（几点），之前付款当天发",
  "payment_reminder.max_reminders": "每单最多催付几次",
  "payment_reminder.min_age_minutes": "下单多少分钟后未付款才催付",
  phrasebook: "店铺话术库（快捷回复），按编号，按订单填充",
  "price_protection.coupon": "不支持价保时改送的优惠券（元）",
  "price_protection.enabled": "店铺是否退降价差价（价保）",
  "price_protection.refused_during": "哪些活动期间不支持价保（活动名）",
  "qa.answered_within_seconds": "多少秒内回复算及时（3分钟回复率，默认180秒）",
  "qa.daily_sample": "主管每天抽检的会话数（默认50；有红线的会话全部在内）",
  "qa.risk.finding": "抽检风险：每处用语问题加几分",
  "qa.risk.red_line": "抽检风险：每处红线（推卸责任、违背承诺）加几分",
  "qa.risk.slow": "抽检风险：每次慢回复加几分",
  "qa.risk.unanswered": "抽检风险：每条未回复的买家消息加几分",
  "qa.risk.unsatisfied": "抽检风险：买家评价不满意加几分",
  "qa.service_hours.from": "客服上班时间（如08:00）：此前开始的轮次不计响应时间",
  "qa.service_hours.to": "客服下班时间（如23:00，午夜写24:00）",
  "qa.session_pause_minutes": "买家停顿多少分钟后算新的会话（默认30分钟）",
  "qa.slow_reply_seconds": "回复慢于多少秒记为慢回复（默认100秒，千牛的提醒线）",
  "qa.turn_cap_seconds": "每轮响应最多按多少秒计，未回复也按此计（默认600秒）",
  "remark.lang": "新备注条目的语言（默认中文）",
  "remark.limit_bytes": "整条备注的最大长度（UTF-8字节）",
  "remark.limit_chars": "整条备注的最大字数（工具按字数计时填写）",
  replies: "回复模板，按编号；店铺写的模板补充默认模板",
  retention: "买家自身原因取消或退款前先挽留一次",
  "return_shipping.buyer_pays_own_reason": "买家自身原因退货时由买家付退货运费",
  "return_shipping.insurance_covers": "订单有运费险时由运费险支付",
  "risk.batch_incident": "批量事故升级到哪一级",
  "risk.discount_over_limit": "优惠超出客服权限时升级到哪一级",
  "risk.exposure_with_merchant_fault": "买家威胁曝光且商家有责时升级到哪一级",
  "risk.high_order_value": "订单金额达到此数即算一个风险因素（元），空为关闭",
  "risk.one_factor": "有一个风险因素时升级到哪一级",
  "risk.repeat_contacts": "同一问题联系几次算一个风险因素",
  "risk.two_factors": "有两个及以上风险因素时升级到哪一级",
  stall_hours: "物流多少小时无更新算停滞",
  unreachable_channels: "联系不上买家时依次尝试的渠道",
  words: "回复检查的词表（承诺、拉黑、站外引流等）",
};

/** The policy's fields, their defaults and meaning (kefu schema, built into the page). */
async function showFields(): Promise<void> {
  const fields = await fetch(chrome.runtime.getURL("policy-fields.json")).then((r) => r.json() as Promise<{ path: string; default: string; long?: boolean; description: string }[]>).catch(() => []);
  $("fields").replaceChildren(
    h("table", { class: "fields", "data-testid": "policy-fields" },
      h("thead", {}, h("tr", {}, h("th", {}, t(lang, "field")), h("th", {}, t(lang, "defaultValue")), h("th", {}, t(lang, "meaning")))),
      h("tbody", {}, fields.map((f) => h("tr", {},
        h("td", {}, h("code", {}, `policy.${f.path}`)),
        h("td", {}, f.long ? h("span", { class: "muted" }, t(lang, "seeDefault")) : h("code", {}, f.default)),
        h("td", { title: f.description }, lang === "zh" ? FIELD_ZH[f.path] ?? f.description : f.description))))));
}

/** Replaces the editor's policy (asking first when it holds one) and checks it. */
async function loadPolicy(file: string): Promise<void> {
  const editor = $<HTMLTextAreaElement>("policy");
  if (editor.value.trim() && !confirm(t(lang, "replaceConfirm"))) return;
  editor.value = await fetch(chrome.runtime.getURL(`examples/${file}`)).then((r) => r.text());
  gutter(editor.value);
  void check();
}

async function showExamples(): Promise<void> {
  const list = await fetch(chrome.runtime.getURL("examples/index.json")).then((r) => r.json() as Promise<{ file: string; about: string }[]>).catch(() => []);
  const picker = $<HTMLSelectElement>("examples");
  picker.replaceChildren(h("option", { value: "" }, t(lang, "examplePick")),
    ...list.filter((e) => e.file !== "default.rhai").map((e) => h("option", { value: e.file, title: e.about }, e.file.replace(/\.rhai$/, ""))));
  picker.addEventListener("change", () => { if (picker.value) void loadPolicy(picker.value).then(() => { picker.value = ""; }); });
  $("start-default").addEventListener("click", () => void loadPolicy("default.rhai"));
}

async function start(): Promise<void> {
  const s = await settings();
  lang = s.lang;
  document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
  document.querySelectorAll<HTMLElement>("[data-t]").forEach((e) => { e.textContent = t(lang, e.dataset.t as never); });
  setNames(await ask<Names>({ type: "names" }).catch(() => ({}) as Names));
  $<HTMLInputElement>("show-ok").checked = s.showOk;
  void showFields();
  void showExamples();
  $<HTMLTextAreaElement>("policy").value = s.policy;
  $<HTMLTextAreaElement>("tests").value = s.tests;
  $<HTMLInputElement>("agent").value = s.agent.name;
  $<HTMLSelectElement>("role").value = s.agent.role;
  $<HTMLSelectElement>("lang").value = s.lang;
  $<HTMLInputElement>("zone").value = s.timeZone;
  $<HTMLTextAreaElement>("promotions").value = s.promotions.map((p) => `${p.name} ${p.start} ${p.end}`).join("\n");
  let timer: number | undefined;
  const editor = $<HTMLTextAreaElement>("policy");
  editor.addEventListener("input", () => { gutter(editor.value); window.clearTimeout(timer); timer = window.setTimeout(() => void check(), 200); });
  editor.addEventListener("scroll", () => { $("gutter").scrollTop = editor.scrollTop; });
  $("save").addEventListener("click", () => void save());
  $("run-tests").addEventListener("click", () => void runTests());
  $("export").addEventListener("click", () => download("shop-policy.rhai", editor.value));
  $<HTMLInputElement>("import").addEventListener("change", async (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    editor.value = await file.text();
    gutter(editor.value);
    void check();
  });
  $<HTMLInputElement>("import-tests").addEventListener("change", async (e) => {
    // Several `kefu test` files at once: each is one case; they become one list.
    const files = Array.from((e.target as HTMLInputElement).files ?? []);
    const cases = await Promise.all(files.map(async (f) => JSON.parse(await f.text())));
    $<HTMLTextAreaElement>("tests").value = JSON.stringify(cases.flat(), null, 2);
  });
  gutter(editor.value);
  await Promise.all([check(), showStored()]);
}

void start();
