// The package's API with the data types of the JSON contract. The data types
// (kefu-types.d.ts) are generated from the Rust types by gen-types.js; build.sh fails if
// the committed file differs from a fresh generation, so they cannot drift.
import type { Case, Decision, Policy, Skipped, TraceStep } from "./kefu-types";
export type * from "./kefu-types";

/** A core error: `code` is stable; `path` names the field, or `line`/`column` the script position. */
export interface KefuError extends Error {
  code: string;
  path?: string;
  line?: number;
  column?: number;
  snippet?: string;
  overBy?: number;
  limit?: number;
  /** For an append past the limit: the remark, unchanged. */
  remark?: string;
}

export interface EngineOptions {
  /** File name for script error messages. */
  name?: string;
  /** A policy as plain JSON (values only), instead of a script. */
  policy?: Partial<Policy>;
  /** Script limits. */
  limits?: Record<string, number>;
  /** Each call's time budget in milliseconds (default 2000): a policy script still
   * running then throws KEFU-SCRIPT-DEADLINE instead of freezing the page. */
  timeMs?: number;
}

export class Engine {
  /** Compiles a Rhai policy once; throws a KefuError with line and column. */
  constructor(policySource?: string, options?: EngineOptions);
  /** The policy script's rules, in the order they run (empty without a script). */
  policyRules(): Array<{ id: string; point: string; function: string }>;
  decide(c: Case): Decision;
  decideMany(cases: Case[]): Array<Decision | { error: KefuError }>;
  /** `now` (RFC 3339) tells whether a promotion is in force or a parcel has stalled (R-WORD-PROMISE). */
  checkReply(order: Case["order"], context: Case["context"] | undefined, draft: string, now?: string): ReplyCheck;
  lint(order: Case["order"]): OrderFindings;
  lintMany(orders: Case["order"][]): Array<OrderFindings | { error: KefuError }>;
  /** The proactive scan at `now`; sort the non-null `queue_key`s for the contact queue (R-PROACTIVE-6). */
  scan(orders: Case["order"][], now: string): Array<{ queue_key: string | null; tier?: number; decision: Decision } | { error: KefuError }>;
  /** The order list's answer read, linted and scanned at `now` in one call (the extension's list page). */
  readPage(page: string, now: string, timeZone?: string): {
    rows: Array<PageRow & {
      lint?: OrderFindings | { error: KefuError };
      scan?: { queue_key: string | null; tier?: number; decision: Decision } | { error: KefuError };
    }>;
    total_number?: number;
  };
  /** The shop's quick replies (R-WORD-SCRIPTS) filled from the order; `missing` names what the order could not fill. */
  quickReplies(order: Case["order"], agent?: { name: string; role?: string }): QuickReply[];
  /** One script or reply template filled from a case or a bare order, guarded in each language (`kefu reply`). */
  reply(template: string, caseOrOrder: Partial<Case> | Case["order"]): OneReply;
  /** A shop's test cases (the `kefu test` format) against this policy, with the CLI's check. */
  runTests(tests: unknown[]): Array<{ id: string; description: string; passed: boolean; differences: string[]; error?: KefuError }>;
  /** A policy change's impact (`kefu diff`): each order scanned at `now` (or case decided) under `baseline` (the policy in force, a Rhai script; none: the built-in) and under this engine's policy, compared. */
  diff(records: Array<Case["order"] | Case>, now: string, baseline?: string): Array<Compared | { error: KefuError }>;
  free(): void;
}

/** One record decided under two policies and compared (the core's `diff`). */
export interface Compared {
  order_id: string;
  via: "decide" | "scan";
  /** What differs: outcome, actions, flag, level, responsibility, payer, money, reply, remark, contact. */
  changes: string[];
  /** The same answer, explained differently. */
  reworded?: boolean;
  /** The first trace step that differs, on each side. */
  parted?: { step: number; a: TraceStep | null; b: TraceStep | null };
  replies?: { a: string; b: string };
  actions?: { a: string[]; b: string[] };
  a: DiffSide;
  /** Absent when it is the same as `a`. */
  b?: DiffSide;
}

/** What a supervisor compares of one decision. */
export interface DiffSide {
  outcome: string; flag: string; level: string; responsibility: string; payer: string;
  /** Money moved, by family, in yuan. */
  money: { granted?: string; refunded?: string; compensated?: string; other?: string };
  reply: string; remark?: string; fired: string[]; flag_rule?: string; flag_lost?: string[];
}

export interface OrderFindings { order_id: string; findings: Finding[]; skipped?: Skipped[] }

/** One main order of the order-list answer: the order, or why it was not read. */
export interface PageRow { index: number; order_id?: string; order?: Case["order"]; error?: KefuError }
/** The seller backend's order-list answer (asyncSold.htm JSON text) as kefu orders. */
export function soldPage(page: string, options?: { timeZone?: string; mapping?: unknown; itemsMapping?: unknown }): {
  rows: PageRow[]; total_number?: number;
};

/** Labelled values (a detail page's 订单编号, 订单状态, 实付款...) as an order, by the core's mapping. */
export function orderFromRow(headers: string[], cells: string[], options?: { timeZone?: string; mapping?: string | object }): Case["order"];

export interface QuickReply {
  id: string;
  rule: "R-WORD-SCRIPTS";
  title: { zh: string; en: string };
  text: { zh: string; en: string };
  missing?: Array<"shop" | "agent" | "buyer" | "order_id" | "items" | "compensation" | "coupon" | "platform_payment" | "amount">;
}

/** One template filled and checked by the reply guard in each language. */
export interface OneReply extends QuickReply { guard_zh: ReplyCheck; guard_en: ReplyCheck }

export interface ReplyFinding {
  rule: "R-WORD-SHIPPED" | "R-WORD-PROMISE" | "R-WORD-CONFLICT" | "R-WORD-PLATFORM";
  start: number;
  end: number;
  text: string;
  replacement: string;
  message: { zh: string; en: string };
}
export interface ReplyCheck { findings: ReplyFinding[]; rewrite: string }

export interface Finding {
  rule: string;
  related: string[];
  check: "flag-status-mismatch" | "red-change-incomplete" | "entry-unsigned" | "change-without-entry" | "cod-unconfirmed";
  severity: "info" | "warning" | "error";
  remark_line?: number;
  message: { zh: string; en: string };
  fix: {
    flag?: string; entry?: { reason: string; details: Record<string, string>; paste: string };
    /** Values the entry lacks: ask the agent, fill `entry.details[field]`, then appendRemark. */
    ask?: Array<{ field: string; label: { zh: string; en: string } }>;
  };
}

export interface RemarkEntry {
  reason: string;
  details?: { recipient?: string; phone?: string; address?: string; courier?: string; amount?: string; note?: string };
  agent: string;
  at: string;
}
export interface RemarkOptions { lang?: "zh" | "en"; limit_bytes?: number; limit_chars?: number }
export function appendRemark(remark: string, entry: RemarkEntry, options?: RemarkOptions): {
  remark: string; entry: string; bytes: number; chars: number; limit_bytes: number;
  /** The remark already had this entry (same reason, same or no details): nothing was
   * appended, `remark` is the old one and `entry` the line already there. */
  present?: true;
};
export function renderRemark(entry: RemarkEntry, options?: RemarkOptions): { entry: string };
/** A name in both languages. */
export interface Name { zh: string; en: string }
// `rules`, `names` and `explain` are the CLI's (`kefu names`): the browser package leaves
// the core's catalog out to stay under 500 KB gzipped; the extension ships `kefu names`'
// answer as names.json (kind → id → Name; `rule` holds the rules' summaries).
export function version(): string;
