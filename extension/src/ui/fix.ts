// One lint finding with its fix as one action, for the badge popover and the side panel
// alike: the check's name (the id on hover), what is wrong, and a button that sets the
// flag and appends the entry in the backend's own memo dialog. The entry is rendered by
// the core at the click with the agent's name and the time (never placeholders); a fix
// that needs a value the order lacks asks for it inline first. Nothing is written
// without the agent's click.
import { ask, type ApplyResult, type RenderedEntry } from "../messages";
import { t, pick, flagName, punct, type Lang } from "../i18n";
import { checkName } from "../labels";
import { h, copy, FLAG_COLOURS } from "./dom";
import type { Finding } from "../../../wasm-pkg/index";

/** A fix as the core may write it: `ask` names the values the entry still needs. */
type Fix = Finding["fix"] & { ask?: { field: string; label: { zh: string; en: string } }[] };

export interface FixHost {
  lang: Lang;
  orderId: string;
  /** The order's flag now, when known: a fix setting the same flag offers no button. */
  flag?: string;
  /** Sets the flag and appends the entry (the memo adapters), or undefined where this
   * screen cannot reach the order's page (then the entry is offered to copy). */
  apply?: (flag: string | null, entry: string) => Promise<ApplyResult>;
  /** Opens the place to set the agent's name (first run). */
  askAgent: (done: () => void) => HTMLElement;
}

/** The backend's five flags; the core's `pink` is the backend's purple. */
function memoFlag(flag: string | undefined): string | null {
  if (!flag) return null;
  const f = flag === "pink" ? "purple" : flag;
  return ["red", "yellow", "green", "blue", "purple"].includes(f) ? f : null;
}

export function findingView(f: Finding, host: FixHost): HTMLElement {
  const { lang } = host;
  const fix = f.fix as Fix;
  const flag = memoFlag(fix.flag);
  const flagNeeded = flag !== null && memoFlag(host.flag) !== flag;
  const values = new Map<string, string>();
  const entryBox = h("code", { class: "paste", "data-testid": "fix-entry" });
  const result = h("span", { class: "muted", "data-testid": "kefu-apply-result" });
  let entry = "";
  const button = h("button", { class: "apply-fix", "data-testid": "kefu-apply", disabled: true },
    flagNeeded && fix.entry ? t(lang, "applyFix") : flagNeeded ? t(lang, "applyFlag") : t(lang, "applyEntry"));
  const copyButton = h("button", { class: "small", disabled: true, onclick: (e: Event) => { void copy(entry); (e.target as HTMLElement).textContent = t(lang, "copied"); } }, t(lang, "copy"));
  const agentSlot = h("div", {});

  const missing = () => (fix.ask ?? []).filter((a) => !values.get(a.field)?.trim());
  async function render(): Promise<void> {
    entry = "";
    if (fix.entry && !missing().length) {
      const details = { ...fix.entry.details } as Record<string, string>;
      for (const [k, v] of values) if (v.trim()) details[k] = v.trim();
      const r = await ask<RenderedEntry>({ type: "entry", reason: fix.entry.reason, details }).catch((e: Error) => ({ error: e }));
      if ("agentMissing" in r) {
        agentSlot.replaceChildren(host.askAgent(() => { agentSlot.replaceChildren(); void render(); }));
      } else if ("entry" in r) {
        entry = r.entry;
      } else {
        result.textContent = String(r.error.message ?? r.error);
      }
    }
    entryBox.textContent = entry || (fix.entry ? `${t(lang, "askValue")}…` : "");
    entryBox.hidden = !fix.entry;
    const ready = (!fix.entry || entry !== "") && (flagNeeded || entry !== "");
    (button as HTMLButtonElement).disabled = !ready || !host.apply;
    (copyButton as HTMLButtonElement).disabled = entry === "";
  }

  button.addEventListener("click", async () => {
    if (!host.apply) return;
    (button as HTMLButtonElement).disabled = true;
    result.textContent = t(lang, "working");
    const r = await host.apply(flagNeeded ? flag : null, entry).catch((e: Error) => ({ ok: false as const, error: { zh: String(e.message), en: String(e.message) } }));
    result.dataset.ok = String(r.ok);
    if (!r.ok) {
      result.className = "error";
      result.textContent = pick(lang, r.error);
      (button as HTMLButtonElement).disabled = false;
      return;
    }
    result.className = "ok";
    result.setAttribute("data-wrote", String(r.wrote));
    const parts = [];
    if (flagNeeded) parts.push(`${t(lang, "appliedFlag")}${flagName(lang, flag)}`);
    parts.push(r.wrote ? t(lang, "applied") : entry ? t(lang, "alreadyThere") : "");
    result.textContent = parts.filter(Boolean).join(lang === "en" ? "; " : "，");
  });

  const inputs = (fix.ask ?? []).map((a) =>
    h("input", { class: "ask", "data-field": a.field, placeholder: pick(lang, a.label), title: a.field, oninput: (e: Event) => { values.set(a.field, (e.target as HTMLInputElement).value); void render(); } }));
  const actionable = !!fix.entry || flagNeeded;
  void render();
  return h("li", { class: `finding ${f.severity}`, "data-check": f.check },
    h("div", {}, h("strong", { class: "check", title: `${f.check} · ${f.rule}` }, checkName(lang, f.check)), " ", pick(lang, f.message)),
    actionable
      ? h("div", { class: "fix" },
          flag ? h("span", { class: "chip", style: `--c:${FLAG_COLOURS[flag] ?? "#999"}` }, flagName(lang, flag)) : null,
          ...inputs, fix.entry ? entryBox : null, agentSlot,
          h("div", { class: "fix-actions" }, host.apply ? button : null, fix.entry ? copyButton : null, result))
      : flag ? h("div", { class: "fix muted" }, punct(lang, `${t(lang, "flagAlready")}：${flagName(lang, flag)}`)) : null);
}
