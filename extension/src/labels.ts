// Names for the core's ids (outcomes, steps, request kinds...), for agents who read
// Chinese all day. The core owns the names (its `names` operation, read once by the
// service worker and handed to each page). An id with no name is shown as words
// (`refund_full` → "refund full"), so a new id in the core never breaks the page. Ids
// stay on hover (`title`).

/** The screens' language. Declared here, below i18n (which names ids through this
 * module), so the two do not import each other. */
export type Lang = "zh" | "en";

/** The core's names: kind → id → {zh, en}. */
export type Names = Record<string, Record<string, { zh: string; en: string }>>;
let names: Names = {};

/** Installs the core's names (from the worker's `names` answer). */
export function setNames(n: Names | undefined): void {
  names = n ?? {};
}

/** The name of `id`, looked up in `kind` when given, else in every kind. */
function named(lang: Lang, id: string, kind?: string): string | undefined {
  const hit = kind ? names[kind]?.[id] : Object.values(names).find((k) => k[id])?.[id];
  return hit ? (lang === "en" ? hit.en : hit.zh) || undefined : undefined;
}

/** The core's name of `id` in `kind`, or undefined before the names arrive. */
export function coreName(lang: Lang, id: string, kind: string): string | undefined {
  return named(lang, id, kind);
}

/** A lint check's name (`flag-status-mismatch` → 旗帜与订单状态不符). */
export function checkName(lang: Lang, check: string): string {
  return named(lang, check, "check") ?? check.replace(/-/g, " ");
}

/** An error code's title (`KEFU-PAGE-SHAPE` → 页面数据格式不符), or the code itself. */
export function codeTitle(lang: Lang, code: string): string {
  const title = named(lang, code, "code");
  // A core whose code titles are not yet written in Chinese gives the English line for
  // both: a Chinese screen then shows the code, not an English sentence.
  if (!title || (lang === "zh" && !/[\u3400-\u9fff]/.test(title))) return code;
  return title;
}

/** A rule's summary in the language, or "" (the rule id stays on screen). */
export function ruleName(lang: Lang, rule: string): string {
  return named(lang, rule, "rule") ?? "";
}



/** An id as the agent reads it: the core's name in the language, else words. */
export function label(lang: Lang, id: string, kind?: string): string {
  return named(lang, id, kind) ?? id.replace(/_/g, " ");
}
