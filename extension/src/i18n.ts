// The extension's own words, in Chinese and English. The core's messages carry both
// languages already (`{zh, en}`); these are the labels around them.
import { coreName, type Lang } from "./labels";
export type { Lang };

const WORDS = {
  ok: ["规范", "OK"],
  findings: ["问题", "issues"],
  queue: ["联系队列", "Contact queue"],
  queueHint: ["按 R-PROACTIVE-6 排序：升级级别高的优先，同级商家责任优先，再按距承诺发货时间，再按金额", "R-PROACTIVE-6 order: highest escalation level first, merchant fault first within a level, then time to ship-by, then order value"],
  contactNow: ["需主动联系", "contact now"],
  fix: ["修正", "Fix"],
  setFlag: ["设旗", "set flag"],
  entry: ["备注", "remark entry"],
  copy: ["复制", "Copy"],
  copied: ["已复制", "Copied"],
  fillMemo: ["填入备注框", "Fill memo dialog"],
  filled: ["已填入，请保存", "Filled: save it in the dialog"],
  noMemo: ["请先打开备注框", "Open the memo dialog first"],
  decide: ["处理此单", "Handle this order"],
  skipped: ["未检查（页面无此信息）", "not checked (the page does not show it)"],
  unreadable: ["无法读取", "cannot read"],
  asOf: ["截至", "as of"],
  none: ["无", "none"],
  close: ["关闭", "Close"],
  policyBroken: ["店铺策略加载失败，当前按默认规则：", "The shop policy does not load; defaults apply: "],
  storedPolicyBroken: ["已保存的店铺策略无法编译，未被使用，当前按内置默认规则处理。请在下方修正后保存。", "The saved shop policy does not compile and is not used; the built-in defaults apply. Fix it below and save."],
  settingsProblems: ["部分已保存的设置无效，已按默认值处理：", "Some saved settings are invalid; defaults apply: "],
  orders: ["单", "orders"],
  order: ["订单", "Order"],
  status: ["状态", "Status"],
  total: ["实付", "Paid"],
  flag: ["旗帜", "Flag"],
  ask: ["买家诉求", "What the buyer asks"],
  kind: ["诉求", "Request"],
  reason: ["原因", "Reason"],
  wants: ["希望", "Wants"],
  evidence: ["凭证", "Evidence"],
  amount: ["金额", "Amount"],
  words: ["买家原话", "Buyer's words"],
  insists: ["挽留后仍坚持", "Insists after retention"],
  decision: ["处理结果", "Decision"],
  steps: ["步骤", "Steps"],
  escalation: ["升级", "Escalation"],
  responsible: ["责任方", "Responsible"],
  payer: ["退货运费", "Return shipping"],
  contact: ["联系方式", "Contact"],
  reply: ["回复", "Reply"],
  trace: ["依据", "Why"],
  parts: ["部分发货：按商品分别处理", "Partly shipped: decided line by line"],
  tookMs: ["耗时", "took"],
  pickOrder: ["请在订单列表点击徽标，或打开订单详情页", "Click a badge on the order list, or open an order's detail page"],
  guard: ["回复检查", "Reply guard"],
  rewrite: ["一键改写", "Rewrite"],
  drop: ["删去", "remove"],
  quick: ["快捷回复", "Quick replies"],
  quickMissing: ["订单中没有，请补充", "not on the order, fill in"],
  clean: ["未发现问题", "No problems"],
  policy: ["店铺策略（Rhai）", "Shop policy (Rhai)"],
  save: ["保存", "Save"],
  saved: ["已保存", "Saved"],
  tests: ["店铺测试用例", "Shop test cases"],
  runTests: ["运行测试", "Run tests"],
  impact: ["保存前：对当前订单页的影响", "Before saving: the impact on the open order page"],
  impactNoPage: ["先打开已卖出订单页，这里会显示新策略对该页订单的影响（不联网，只在本机计算）", "Open the sold-orders page first: the new policy's impact on its orders shows here (computed on this computer, no network)"],
  impactAgainst: ["与已保存的策略相比", "against the saved policy"],
  impactAgainstBuiltIn: ["与默认策略相比", "against the built-in policy"],
  impactSummary: ["本页 {orders} 单中 {changed} 单的处理会变化", "{changed} of the page's {orders} orders would be handled differently"],
  impactNone: ["本页订单的处理都不会变化", "No order of the page would be handled differently"],
  impactReworded: ["另有 {n} 单结论相同、理由不同", "{n} more: the same answer, other reasons"],
  impactLevels: ["需升级的订单", "escalated orders"],
  impactMoney: ["涉及金额（新−旧）", "money (new − saved)"],
  impactParted: ["分歧处", "parts at"],
  impactRejected: ["无法比较", "could not compare"],
  agent: ["客服", "Agent"],
  role: ["角色", "Role"],
  lang: ["语言", "Language"],
  promotions: ["活动期", "Promotions"],
  importFile: ["导入", "Import"],
  exportFile: ["导出", "Export"],
  compiles: ["策略可用", "The policy compiles"],
  rules: ["条规则", "rules"],
  passed: ["通过", "passed"],
  failed: ["失败", "failed"],
  unknownFacts: ["页面未提供", "not on the page"],
  json: ["JSON（与命令行的结果逐字节相同）", "JSON (same as kefu decide)"],
  memoUnread: ["备注未读取", "memo not read"],
  title: ["客服决策", "Service decisions"],
  applyFix: ["设旗并写备注", "Set flag and write remark"],
  applyFlag: ["设旗", "Set flag"],
  applyEntry: ["写备注", "Write remark"],
  applied: ["已写入", "Done"],
  appliedFlag: ["已设", "Set "],
  alreadyThere: ["备注中已有此条，未重复写入", "The remark already has this entry; not written again"],
  working: ["正在写入…", "Writing…"],
  flagAlready: ["已是此旗", "Already this flag"],
  flagUnchanged: ["旗帜不变（当前{flag}）", "Flag unchanged (now {flag})"],
  noEntryNeeded: ["此处理无需写备注", "No remark entry for this"],
  entryNotWritten: ["备注未写入：", "No remark entry written: "],
  warnings: ["注意", "Mind"],
  fillChat: ["填入聊天框", "Fill chat box"],
  chatFilled: ["已填入聊天框", "Filled into the chat box"],
  noChat: ["未找到聊天框", "No chat box found"],
  askValue: ["请填写", "Fill in"],
  agentMissing: ["请先填写您的客服名（备注署名用）", "Set your agent name first (it signs the remark)"],
  agentSave: ["保存客服名", "Save name"],
  agentOpenOptions: ["去设置", "Open settings"],
  agentPlaceholder: ["例如：小王", "e.g. Xiao Wang"],
  pickRequest: ["— 请选择买家诉求 —", "— choose what the buyer asks —"],
  orderNow: ["本单现状", "This order now"],
  scanNone: ["当前无需主动联系买家", "No proactive contact needed now"],
  scanTitle: ["主动服务（扫描结果）", "Proactive scan"],
  lintClean: ["备注与旗帜规范，未发现问题", "Remark and flag are in order"],
  chooseHint: ["选择买家诉求后，这里显示处理方案", "Choose what the buyer asks to see the decision"],
  legend: ["图例", "Legend"],
  legendPhone: ["☎ n：主动联系队列中的第 n 位（点击查看原因）", "☎ n: place n in the contact queue (click for why)"],
  legendTop: ["深蓝：需升级或商家责任，优先联系", "Dark blue: escalated or merchant at fault, contact first"],
  legendWarn: ["⚠ n：备注/旗帜有 n 个问题", "⚠ n: n remark/flag issues"],
  onlyNeeds: ["只看需处理", "Only rows needing action"],
  showOk: ["规范的订单也显示 ✓", "Show ✓ on clean orders too"],
  tierTitle: ["队列档位 {tier}（1 最先）：{what}", "Queue tier {tier} (1 first): {what}"],
  tierNormal: ["普通", "normal"],
  merchantFault: ["商家责任", "merchant at fault"],
  error: ["错误", "Error"],
  fixOf: ["修正方法", "How to fix"],
  roleNew: ["新人客服", "New agent"],
  roleAgent: ["客服", "Agent"],
  roleSenior: ["资深客服", "Senior agent"],
  roleSupervisor: ["主管", "Supervisor"],
  roleLeadership: ["领导", "Leadership"],
  zone: ["时区（UTC 偏移）", "Time zone (UTC offset)"],
  display: ["显示", "Display"],
  fields: ["策略字段（默认值与含义）", "Policy fields (defaults and meaning)"],
  seeDefault: ["见默认策略", "see the default policy"],
  startDefault: ["从默认策略开始", "Start from the default policy"],
  examples: ["示例策略", "Example policies"],
  examplePick: ["— 选择示例 —", "— pick an example —"],
  field: ["字段", "Field"],
  defaultValue: ["默认值", "Default"],
  meaning: ["含义", "Meaning"],
  replaceConfirm: ["编辑框中的策略将被替换，继续？", "Replace the policy in the editor?"],
} as const;

export type Word = keyof typeof WORDS;

export function t(lang: Lang, word: Word): string {
  return WORDS[word][lang === "en" ? 1 : 0];
}

/** The language half of a core `{zh, en}` text. */
export function pick(lang: Lang, text: { zh: string; en: string } | undefined): string {
  return text ? (lang === "en" ? text.en : text.zh) : "";
}

/** Flag names as the backend shows them: the core's (`names.flag`), else these. */
export function flagName(lang: Lang, flag: string | number | undefined | null): string {
  const key0 = typeof flag === "number" ? ["none", "red", "yellow", "green", "blue", "purple"][flag] ?? "none" : (flag ?? "none");
  const core = coreName(lang, key0, "flag");
  if (core) return core;
  const names: Record<string, [string, string]> = {
    none: ["无旗", "no flag"], red: ["红旗", "red"], yellow: ["黄旗", "yellow"], green: ["绿旗", "green"],
    blue: ["蓝旗", "blue"], purple: ["紫旗", "purple"],
  };
  const key = typeof flag === "number" ? ["none", "red", "yellow", "green", "blue", "purple"][flag] ?? "none" : (flag ?? "none");
  return (names[key] ?? [key, key])[lang === "en" ? 1 : 0];
}

/** Chinese punctuation as English writes it, on an English screen (a line built with
 * ：（）、 between names). */
export function punct(lang: Lang, text: string): string {
  return lang === "en" ? text.replace(/：/g, ": ").replace(/（/g, " (").replace(/）/g, ")").replace(/、/g, ", ").replace(/；/g, "; ") : text;
}

/** A word with `{name}` slots filled. */
export function tf(lang: Lang, word: Word, values: Record<string, string | number>): string {
  return t(lang, word).replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ""));
}

/** An RFC 3339 time as an agent reads it, in the time's own offset: "12月7日 00:53"
 * (en "Dec 7, 00:53"); the full text stays in the element's `title`. */
export function shortTime(lang: Lang, at: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})/.exec(at);
  if (!m) return at;
  const [, , mo, d, hh, mm] = m as unknown as [string, string, string, string, string, string];
  if (lang === "en") {
    const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][Number(mo) - 1] ?? mo;
    return `${month} ${Number(d)}, ${hh}:${mm}`;
  }
  return `${Number(mo)}月${Number(d)}日 ${hh}:${mm}`;
}

/** A snake_case id as words (`refund_difference_after_shipping`). */
export function words(id: string): string {
  return id.replace(/_/g, " ");
}
