// The options page: the shop's policy in an editor with live diagnostics, the shop's
// test cases run in the browser, the agent and the language. Everything is kept in
// chrome.storage.local; a policy that does not compile cannot be saved.
import { ask, DEFAULT_SETTINGS, type ErrorInfo, type PolicyCheck, type Settings, type Status } from "../messages";
import { t, type Lang } from "../i18n";
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
      h("code", {}, `${e.line ? `${e.line}:${e.column ?? 1} ` : ""}${e.code}`), " ", e.message));
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

function showDiagnostic(error?: ErrorInfo, check?: PolicyCheck): void {
  const box = $("diagnostics");
  if (error) {
    const at = error.line ? `${error.line}:${error.column ?? 1}` : "";
    box.className = "diagnostics bad";
    box.replaceChildren(
      h("div", { "data-testid": "diagnostic" }, h("strong", { class: "pos", "data-testid": "diagnostic-pos" }, at), " ", h("code", {}, error.code), " ", error.message),
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
  } catch (e) {
    if (mine !== seq) return;
    compiles = false;
    showDiagnostic(e as ErrorInfo);
  }
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
    out.replaceChildren(h("p", { class: "error", "data-testid": "test-error" }, `${err.line ? `${err.line}:${err.column ?? 1} ` : ""}${err.code} ${err.message}`));
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

async function start(): Promise<void> {
  const s = await settings();
  lang = s.lang;
  document.querySelectorAll<HTMLElement>("[data-t]").forEach((e) => { e.textContent = t(lang, e.dataset.t as never); });
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
