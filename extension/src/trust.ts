// The service worker's trust boundary, as pure functions (tested under node): who sent
// a message, whether that sender may send that type, and whether the message has the
// shape and size its type allows. TRUST.md says what is trusted for what.
//
// Two kinds of sender exist. The extension's own pages (side panel, options page) are
// our code in our origin. A content script runs our code too, but inside a page's
// renderer process: if that renderer is compromised, whatever it sends is the page's.
// So a content script may only ask for what a page of the backend needs drawn for it,
// about its own tab, and never for the shop's settings or policy.
import { DEFAULT_SETTINGS, type ErrorInfo, type Request, type Settings } from "./messages";
import { MAX_ANSWER_CHARS } from "./adapters/sold";

export type From = "extension" | "content";

/** What the worker knows of itself: its id, its origin, and where its content script runs. */
export interface Self {
  id: string;
  /** `chrome-extension://<id>` (no trailing slash). */
  origin: string;
  /** The match patterns of the manifest's isolated-world content scripts. */
  contentMatches: readonly string[];
}

/** The parts of `chrome.runtime.MessageSender` the checks read. */
export interface SenderLike {
  id?: string;
  url?: string;
  tab?: { id?: number };
  frameId?: number;
}

// ---------------------------------------------------------------- bounds

/** A list page's answer: the adapter's bound (a real page of 100 orders is ~60 KiB). */
export const MAX_PAGE_CHARS = MAX_ANSWER_CHARS;
/** Rows of one list answer kefu draws: the backend's pages hold at most 100. */
export const MAX_PAGE_ROWS = 500;
/** Flag images read from one page's rows. */
export const MAX_DOM_FLAGS = 1000;
/** Labelled values of a detail page or an order card. */
export const MAX_LABELS = 200;
export const MAX_LABEL_CHARS = 4096;
/** One order as JSON (a real one is 1-5 KiB). */
export const MAX_ORDER_JSON = 256 << 10;
/** One case as JSON: an order and a request. */
export const MAX_CASE_JSON = 512 << 10;
/** A chat draft: a message to a buyer. */
export const MAX_DRAFT_CHARS = 10_000;
/** A remark entry for the memo dialog (the backend's memo holds far less). */
export const MAX_REMARK_CHARS = 2000;
/** One memo as memoInfo.htm answers it (the backend's memo holds far less). */
export const MAX_MEMO_CHARS = 8000;
/** A shop policy's Rhai source and its test cases' JSON. */
export const MAX_POLICY_CHARS = 1 << 20;
export const MAX_TESTS_CHARS = 4 << 20;
/** Orders the worker remembers from pages (by id), oldest forgotten first. */
export const MAX_SEEN_ORDERS = 10_000;

// ---------------------------------------------------------------- senders

/** Whether `url` is matched by a manifest match pattern (`<scheme>://<host>/<path>`).
 * As in Chrome: `*` scheme is http or https, `*.` host prefix takes subdomains, a
 * pattern without a port matches every port, the path glob sees path and query. */
export function matchesPattern(url: string, pattern: string): boolean {
  if (pattern === "<all_urls>") return /^(https?|file|ftp):/.test(url);
  const m = /^(\*|https?|file|ftp):\/\/([^/]*)(\/.*)$/.exec(pattern);
  if (!m) return false;
  const [, scheme, hostPattern, pathPattern] = m as unknown as [string, string, string, string];
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  const protocol = u.protocol.slice(0, -1);
  if (scheme === "*" ? protocol !== "http" && protocol !== "https" : protocol !== scheme) return false;
  const [hostOnly, port] = hostPattern.split(":") as [string, string | undefined];
  if (port !== undefined && port !== "*" && u.port !== port) return false;
  const host = u.hostname;
  if (hostOnly !== "*") {
    if (hostOnly.startsWith("*.")) {
      const base = hostOnly.slice(2);
      if (host !== base && !host.endsWith(`.${base}`)) return false;
    } else if (host !== hostOnly) return false;
  }
  const glob = new RegExp(`^${pathPattern.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return glob.test(u.pathname + u.search);
}

/** Who sent a message: one of the extension's pages, kefu's content script in the top
 * frame of a backend page, or nobody the worker answers (undefined). */
export function senderKind(sender: SenderLike, self: Self): From | undefined {
  if (sender.id !== self.id || typeof sender.url !== "string") return undefined;
  // Our own origin. The options page opens in a tab, so a tab does not make a content
  // script; a content script never runs in an extension page.
  if (sender.url.startsWith(`${self.origin}/`)) return "extension";
  if (typeof sender.tab?.id !== "number" || sender.tab.id < 0) return undefined;
  // kefu's content script runs in top frames only (no all_frames).
  if (sender.frameId !== undefined && sender.frameId !== 0) return undefined;
  return self.contentMatches.some((p) => matchesPattern(sender.url!, p)) ? "content" : undefined;
}

// ---------------------------------------------------------------- shapes

/** A check of one value: undefined when it fits, else what is wrong. */
type Check = (v: unknown, path: string) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const str = (max: number, min = 0): Check => (v, p) =>
  typeof v !== "string" ? `${p} is not a string`
  : v.length > max ? `${p} is ${v.length} characters; at most ${max}`
  : v.length < min ? `${p} is empty`
  : undefined;

const oneOf = (...values: string[]): Check => (v, p) => (typeof v === "string" && values.includes(v) ? undefined : `${p} is not one of ${values.join(", ")}`);

const tabId: Check = (v, p) => (Number.isSafeInteger(v) && (v as number) >= 0 ? undefined : `${p} is not a tab id`);

const list = (max: number, item: Check): Check => (v, p) => {
  if (!Array.isArray(v)) return `${p} is not a list`;
  if (v.length > max) return `${p} has ${v.length} items; at most ${max}`;
  for (let i = 0; i < v.length; i++) {
    const bad = item(v[i], `${p}[${i}]`);
    if (bad) return bad;
  }
  return undefined;
};

const record = (max: number, key: Check, value: Check): Check => (v, p) => {
  if (!isObject(v)) return `${p} is not an object`;
  const entries = Object.entries(v);
  if (entries.length > max) return `${p} has ${entries.length} entries; at most ${max}`;
  for (const [k, x] of entries) {
    const bad = key(k, `${p} key`) ?? value(x, `${p}.${k}`);
    if (bad) return bad;
  }
  return undefined;
};

/** A plain object of at most `max` characters as JSON, whose listed fields fit too (the
 * core checks the rest: an order's or a case's fields are its business). */
const json = (max: number, fields: Record<string, Check> = {}): Check => (v, p) => {
  if (!isObject(v)) return `${p} is not an object`;
  const size = JSON.stringify(v).length;
  if (size > max) return `${p} is ${size} characters of JSON; at most ${max}`;
  for (const [k, c] of Object.entries(fields)) {
    const bad = c(v[k], `${p}.${k}`);
    if (bad) return bad;
  }
  return undefined;
};

const order = json(MAX_ORDER_JSON, { order_id: str(64, 1) });

/** An object with exactly these fields (`?` marks optional ones), nothing else. */
function shape(fields: Record<string, Check>): Check {
  const required = Object.keys(fields).filter((k) => !k.endsWith("?"));
  const known = new Map(Object.entries(fields).map(([k, c]) => [k.replace(/\?$/, ""), c]));
  return (v, p) => {
    if (!isObject(v)) return `${p} is not an object`;
    for (const k of Object.keys(v)) if (!known.has(k)) return `${p} has an unknown field ${k}`;
    for (const k of required) if (!(k in v)) return `${p} has no ${k}`;
    for (const [k, c] of known) {
      if (!(k in v)) continue;
      const bad = c(v[k], `${p}.${k}`);
      if (bad) return bad;
    }
    return undefined;
  };
}

/** What each message type may come from, why, and its shape (besides `type`). */
interface Rule {
  from: readonly From[];
  why: string;
  fields: Record<string, Check>;
}

const CONTENT = ["content"] as const;
const EXTENSION = ["extension"] as const;
const BOTH = ["extension", "content"] as const;

export const RULES: { readonly [K in Request["type"]]: Rule } = {
  page: {
    from: CONTENT,
    why: "the list page hands over its own answer; the rows' badges are drawn for that page only",
    fields: {
      page: str(MAX_PAGE_CHARS),
      "domFlags?": record(MAX_DOM_FLAGS, str(64), str(16)),
      "memoPending?": list(MAX_PAGE_ROWS, str(64, 1)),
    },
  },
  memos: {
    from: CONTENT,
    why: "the memos the list page read from its own backend (memoInfo.htm), for orders that page showed",
    fields: { memos: record(MAX_PAGE_ROWS, str(64, 1), str(MAX_MEMO_CHARS)) },
  },
  fix: {
    from: BOTH,
    why: "one click per fix: the flag and the signed entry for an order the page showed (a finding's fix, or a return decided on it); the policy itself is not sent",
    fields: { order_id: str(64, 1), kind: oneOf("lint", "return", "refund", "exchange"), "check?": str(64, 1), "skus?": list(100, str(500, 1)) },
  },
  row: {
    from: CONTENT,
    why: "a detail page or a chat's order card: its own labels, linted for that page",
    fields: { headers: list(MAX_LABELS, str(MAX_LABEL_CHARS)), cells: list(MAX_LABELS, str(MAX_LABEL_CHARS)) },
  },
  select: {
    from: CONTENT,
    why: "the agent picks the order the page shows; the worker attaches the sender's own tab",
    fields: { selected: shape({ order, source: oneOf("list", "detail", "chat") }) },
  },
  pick: {
    from: CONTENT,
    why: "as select, for a list row the worker read",
    fields: { order_id: str(64, 1), page: str(MAX_PAGE_CHARS), source: oneOf("list", "detail", "chat") },
  },
  lang: {
    from: BOTH,
    why: "the one setting a page's drawing needs; the rest of the settings stay with the extension's pages",
    fields: {},
  },
  reply: {
    from: CONTENT,
    why: "the chat's reply guard checks the agent's draft against the chat's order",
    fields: { "order?": order, draft: str(MAX_DRAFT_CHARS) },
  },
  quick: {
    from: CONTENT,
    why: "the chat's quick replies for the chat's order",
    fields: { "order?": order },
  },
  selected: {
    from: EXTENSION,
    why: "the side panel: the picked order and all the settings, the policy included",
    fields: {},
  },
  status: {
    from: EXTENSION,
    why: "the options page and the side panel: whether the stored policy compiled",
    fields: {},
  },
  decide: {
    from: EXTENSION,
    why: "the side panel decides a case; pages never ask for a decision",
    fields: { case: json(MAX_CASE_JSON, { order }) },
  },
  "policy.check": {
    from: EXTENSION,
    why: "the options page compiles the policy being edited",
    fields: { source: str(MAX_POLICY_CHARS) },
  },
  "policy.diff": {
    from: EXTENSION,
    why: "the options page replays the list page's orders under the policy being edited: the shop's policy is not a page's to see",
    fields: { source: str(MAX_POLICY_CHARS) },
  },
  "tests.run": {
    from: EXTENSION,
    why: "the options page runs the shop's tests: the shop's policy and cases are not a page's to see or run",
    fields: { source: str(MAX_POLICY_CHARS), tests: str(MAX_TESTS_CHARS) },
  },
  rules: {
    from: EXTENSION,
    why: "the side panel shows the rules' summaries",
    fields: {},
  },
  "fill-memo": {
    from: BOTH,
    why: "the side panel fills the memo dialog of the tab the order came from; a content script only its own tab, which it could edit anyway",
    fields: { tabId, text: str(MAX_REMARK_CHARS, 1) },
  },
  entry: {
    from: BOTH,
    why: "a fix's remark entry, signed with the agent's name and the time of the click (the name stays with the worker)",
    fields: { reason: str(40, 1), "details?": record(10, str(20), str(MAX_REMARK_CHARS)) },
  },
  "agent.name": {
    from: EXTENSION,
    why: "the side panel's first-run prompt stores the agent's name (the options page stores it too)",
    fields: { name: str(100, 1) },
  },
  display: {
    from: BOTH,
    why: "what a page's drawing needs of the settings: the language and whether clean rows show ✓",
    fields: {},
  },
  names: {
    from: BOTH,
    why: "the core's names of ids (outcomes, checks, flags...) in both languages, public data",
    fields: {},
  },
  "fill-chat": {
    from: EXTENSION,
    why: "the side panel puts a reply into the chat input of the tab the order came from; the agent sends it",
    fields: { tabId, text: str(MAX_DRAFT_CHARS, 1) },
  },
  "open-options": {
    from: BOTH,
    why: "the popover's first-run prompt opens the options page to set the agent's name",
    fields: {},
  },
  "apply-memo": {
    from: BOTH,
    why: "设旗并写备注 after the agent's click: the backend's own memo editor in the tab the order came from; a content script only its own tab; an empty entry sets the flag alone",
    fields: {
      tabId,
      orderId: str(64, 1),
      flag: (v, p) => (v === null ? undefined : oneOf("red", "yellow", "green", "blue", "purple")(v, p)),
      entry: str(MAX_REMARK_CHARS),
      "limitBytes?": (v, p) => (Number.isSafeInteger(v) && (v as number) > 0 && (v as number) <= 1 << 20 ? undefined : `${p} is not a byte limit`),
    },
  },
  stats: {
    from: EXTENSION,
    why: "the benchmark reads the worker's start-up times from an extension page",
    fields: {},
  },
};

const SHAPES = Object.fromEntries(
  Object.entries(RULES).map(([type, rule]) => [type, shape({ type: oneOf(type), ...rule.fields })]),
) as Record<Request["type"], Check>;

export type Admitted = { ok: true; request: Request; from: From } | { ok: false; error: ErrorInfo };

const refuse = (code: string, message: string): Admitted => ({ ok: false, error: { code, message } });

/** Whether the worker answers this message from this sender: the sender is one it knows,
 * may send this type, and the message has the type's shape and sizes. Never throws. */
export function admit(message: unknown, sender: SenderLike, self: Self): Admitted {
  const from = senderKind(sender, self);
  if (!from) return refuse("KEFU-EXTENSION-SENDER", `kefu answers its own pages and its content script on the seller backend, not ${sender.url ?? "an unknown sender"}`);
  const type = isObject(message) ? message.type : undefined;
  if (typeof type !== "string" || !Object.prototype.hasOwnProperty.call(RULES, type)) {
    return refuse("KEFU-EXTENSION-MESSAGE", `not a kefu message type: ${String(type).slice(0, 40)}`);
  }
  const rule = RULES[type as Request["type"]];
  if (!rule.from.includes(from)) return refuse("KEFU-EXTENSION-SENDER", `${type} is answered for the extension's own pages only, not for a content script`);
  const bad = SHAPES[type as Request["type"]](message, "message");
  if (bad) return refuse("KEFU-EXTENSION-MESSAGE", `${type}: ${bad}`);
  const request = message as Request;
  if (request.type === "apply-memo" && request.flag === null && !request.entry) {
    return refuse("KEFU-EXTENSION-MESSAGE", "apply-memo: neither a flag nor an entry");
  }
  if ((request.type === "fill-memo" || request.type === "apply-memo") && from === "content" && request.tabId !== sender.tab?.id) {
    return refuse("KEFU-EXTENSION-SENDER", "a content script fills the memo dialog of its own tab only");
  }
  return { ok: true, request, from };
}

// ---------------------------------------------------------------- stored settings

/** The stored settings as the worker uses them: each field of the right type and size,
 * else the default, with what was wrong (storage written by an older version, or by a
 * content script before storage was restricted to the extension). */
export function settingsFrom(stored: Record<string, unknown>): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  const s: Settings = structuredClone(DEFAULT_SETTINGS);
  const take = <K extends keyof Settings>(key: K, check: Check) => {
    if (!(key in stored) || stored[key] === undefined) return;
    const bad = check(stored[key], key);
    if (bad) problems.push(bad);
    else s[key] = stored[key] as Settings[K];
  };
  take("policy", str(MAX_POLICY_CHARS));
  take("tests", str(MAX_TESTS_CHARS));
  take("agent", shape({ name: str(100), role: oneOf("new", "agent", "senior", "supervisor", "leadership") }));
  take("lang", oneOf("zh", "en"));
  take("promotions", list(100, shape({ name: str(100), start: str(40), end: str(40) })));
  take("timeZone", str(10));
  take("showOk", (v, p) => (typeof v === "boolean" ? undefined : `${p} is not true or false`));
  return { settings: s, problems };
}

// ---------------------------------------------------------------- page events

/** Runs `f` on one value at a time; values arriving meanwhile wait, and only the latest
 * of them runs next. A page that hands over a thousand answers costs two runs. */
export function latestOnly<T>(f: (x: T) => Promise<unknown>): (x: T) => void {
  let busy = false;
  let next: { x: T } | undefined;
  const go = (x: T): void => {
    busy = true;
    f(x).catch(() => undefined).finally(() => {
      busy = false;
      const n = next;
      next = undefined;
      if (n) go(n.x);
    });
  };
  return (x) => {
    if (busy) next = { x };
    else go(x);
  };
}

/** A map that forgets its oldest entries beyond `max` (the worker's orders seen). */
export function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value as K);
}
