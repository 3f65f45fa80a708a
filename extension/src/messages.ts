// What the extension's parts say to each other. Content scripts and pages never touch
// the core: they send one of these to the service worker, which owns the engine.
import type { Case, Compared, Decision, ReplyCheck, OrderFindings, KefuError } from "../../wasm-pkg/index";

export type Order = Case["order"];
export type Context = NonNullable<Case["context"]>;

/** A row of the order list as the service worker answers it. List rows leave `order`
 * out (the worker keeps it; `pick` selects it), so a page's answer stays small. */
export interface RowVerdict {
  index: number;
  order_id?: string;
  order?: Order;
  /** The order's flag, when the page shows it (a fix setting the same flag is not offered). */
  flag?: string;
  error?: ErrorInfo;
  lint?: Pick<OrderFindings, "findings" | "skipped">;
  /** The memo has not been read yet (the list answer has none; it is read on demand
   * from the backend's memoInfo.htm): no lint is shown until it is, instead of linting
   * an empty memo. */
  memo?: "unread";
  /** Present when the proactive scan queues this buyer (R-PROACTIVE-*): its place in
   * R-PROACTIVE-6 order, the core's sort key and tier (1-8) with the level and fault it
   * stands for, why, and what to say. */
  queue?: {
    key: string;
    position: number;
    tier: number;
    level: Decision["escalation"]["level"];
    merchant: boolean;
    trace: Decision["trace"];
    reply: Decision["reply"];
  };
}

export interface PageVerdict {
  rows: RowVerdict[];
  now: string;
  total_number?: number;
  /** The shop policy failed to load: the answer used the defaults. */
  policy_error?: ErrorInfo;
  /** Milliseconds the service worker spent (read, lint, scan). */
  took_ms: number;
}

export interface ErrorInfo {
  code: string;
  message: string;
  path?: string;
  line?: number;
  column?: number;
  snippet?: string;
}

export interface Settings {
  /** The shop's policy, a Rhai script ("" = the built-in defaults). */
  policy: string;
  /** The shop's test cases: a JSON array in the `kefu test` format. */
  tests: string;
  agent: { name: string; role: "new" | "agent" | "senior" | "supervisor" | "leadership" };
  lang: "zh" | "en";
  /** Promotions in force (Double 11...), for price and wording rules. */
  promotions: { name: string; start: string; end: string }[];
  /** The shop's UTC offset, for page times without one. */
  timeZone: string;
  /** Clean rows of the order list show "✓ 规范" (off: only rows needing action are marked). */
  showOk: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  policy: "",
  tests: "[]",
  agent: { name: "", role: "agent" },
  lang: "zh",
  promotions: [],
  timeZone: "+08:00",
  showOk: false,
};

/** What the side panel shows of the picked order before a request is chosen: its own
 * lint findings (R-REMARK-6) and the proactive scan's decision (R-PROACTIVE-*). */
export interface OrderLook {
  lint?: Pick<OrderFindings, "findings" | "skipped">;
  lintError?: ErrorInfo;
  scan?: { queue_key: string | null; tier?: number; decision: Decision };
  scanError?: ErrorInfo;
}

/** The order an agent picked, for the side panel. */
export interface Selected {
  order: Order;
  /** Where it was read: `list`, `detail`, `chat`. */
  source: string;
  /** The tab it came from, to fill that page's memo dialog. */
  tabId?: number;
}

export type Request =
  | { type: "page"; page: string; domFlags?: Record<string, string>; memoPending?: string[] }
  | { type: "memos"; memos: Record<string, string> }
  | { type: "fix"; order_id: string; kind: FixKind; check?: string; skus?: string[] }
  | { type: "apply-memo"; tabId: number; orderId: string; flag: FlagName | null; entry: string; limitBytes?: number }
  | { type: "row"; headers: string[]; cells: string[] }
  | { type: "select"; selected: Selected }
  | { type: "pick"; order_id: string; page: string; source: string }
  | { type: "selected" }
  | { type: "lang" }
  | { type: "status" }
  | { type: "decide"; case: Case }
  | { type: "reply"; order?: Order; draft: string }
  | { type: "quick"; order?: Order }
  | { type: "policy.check"; source: string }
  | { type: "tests.run"; source: string; tests: string }
  | { type: "policy.diff"; source: string }
  | { type: "rules" }
  | { type: "fill-memo"; tabId: number; text: string }
  | { type: "entry"; reason: string; details?: Record<string, string> }
  | { type: "agent.name"; name: string }
  | { type: "open-options" }
  | { type: "names" }
  | { type: "display" }
  | { type: "fill-chat"; tabId: number; text: string }
  | { type: "stats" };

/** What a one-click fix is for: a lint finding of the order (`check` names it), or a
 * buyer's request decided on the order as it stands (a return from the list). */
export type FixKind = "lint" | "return" | "refund" | "exchange";
export type FlagName = "red" | "yellow" | "green" | "blue" | "purple";

/** A fix ready for the memo editor: the flag to set (null: leave it), the entry signed
 * with the agent's name and the time (rendered by the core), the remark limit the core
 * checks against, and what the agent must know. */
export interface FixProposal {
  flag: FlagName | null;
  entry: string;
  limitBytes: number;
  warnings: { zh: string; en: string }[];
}

/** What the page answers `apply-memo` (and `applyFix`). */
export type ApplyResult = { ok: true; wrote: boolean; flag: FlagName | null } | { ok: false; error: { zh: string; en: string } };

/** A remark entry rendered for the agent at the click (`entry`): signed with the agent's
 * name and the time now; `agentMissing` when no name is set, so nothing unsigned is
 * written. */
export type RenderedEntry = { entry: string } | { agentMissing: true };

export type Answer<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export interface Decided {
  decision: Decision;
  case: Case;
  took_ms: number;
  policy_error?: ErrorInfo;
}

/** Whether the stored settings are the ones in use: the policy that failed to compile
 * (the built-in defaults decide meanwhile), stored values of the wrong type or size. */
export interface Status {
  policy_error?: ErrorInfo;
  settings_problems?: string[];
}

export interface ReplyVerdict {
  check: ReplyCheck;
  order_id?: string;
}

/** The policy being edited against the saved one, over the orders of the list page read
 * last (the core's `diff`, as `kefu diff` gives it). */
export interface PolicyDiff {
  /** Orders replayed (those of the last list page this worker read). */
  orders: number;
  /** The time they were scanned at. */
  now: string;
  /** Whether the saved policy was compared (else the built-in one: none saved, or the
   * saved one does not compile). */
  saved: boolean;
  results: Array<Compared | { error: KefuError }>;
}

export interface PolicyCheck {
  /** The script's rules, in the order they run. */
  rules: { id: string; point: string; function: string }[];
  took_ms: number;
}

export type { Case, Decision, ReplyCheck, KefuError };

/** A core error (a thrown KefuError) as plain data that survives messaging. */
export function errorInfo(e: unknown): ErrorInfo {
  const x = e as Partial<KefuError> & { message?: string };
  const info: ErrorInfo = { code: x?.code ?? "KEFU-EXTENSION", message: String(x?.message ?? e) };
  if (x?.path !== undefined) info.path = x.path;
  if (x?.line !== undefined) info.line = x.line;
  if (x?.column !== undefined) info.column = x.column;
  if (x?.snippet !== undefined) info.snippet = x.snippet;
  return info;
}

/** Sends a request to the service worker and unwraps its answer. */
export async function ask<T>(request: Request): Promise<T> {
  const answer = (await chrome.runtime.sendMessage(request)) as Answer<T> | undefined;
  if (!answer) throw Object.assign(new Error("the extension did not answer"), { code: "KEFU-EXTENSION" });
  if (!answer.ok) throw Object.assign(new Error(answer.error.message), answer.error);
  return answer.value;
}
