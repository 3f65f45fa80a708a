// The seller memo (备忘) and flag as the backend's own memo editors hold them: the text
// rules of appending an entry (pure, tested under node), and one adapter per editor:
// the legacy memo page (`update_sell_memo.htm`: `form#form1`, `input#flag0..5`,
// `textarea#memo`, seller-data.md §3) and the new workbench's memo dialog (not public:
// a dialog with a flag choice, a textarea and a 保存/确定 button; TRUST.md says what kefu
// assumes of it). kefu fills the editor and presses its own save button, once, when the
// agent clicked 设旗并写备注; nothing else is ever saved.

export type FlagName = "red" | "yellow" | "green" | "blue" | "purple";

/** The marketplace's flag codes (seller-data.md §3: 1 red … 5 purple). */
export const FLAG_CODES: Record<FlagName, number> = { red: 1, yellow: 2, green: 3, blue: 4, purple: 5 };
const FLAG_WORD: Record<FlagName, string> = { red: "红", yellow: "黄", green: "绿", blue: "蓝", purple: "紫" };

export interface Said {
  zh: string;
  en: string;
}

/** The core's default remark limit (`RemarkOptions`: 1000 UTF-8 bytes), used when the
 * worker does not say the policy's. */
export const DEFAULT_LIMIT_BYTES = 1000;

const utf8Bytes = (s: string): number => new TextEncoder().encode(s).length;

/** An entry line `【reason】body（agent/time）` split into its reason and its body without
 * the signature; a line of another form has no reason. */
export function entryParts(line: string): { reason?: string; body: string } {
  const t = line.trim();
  const m = /^【([^】]{1,40})】(.*)$/.exec(t);
  const strip = (s: string) => s.replace(/\s*[（(][^（）()]{0,60}[/／][^（）()]{0,40}[）)]\s*$/, "").trim();
  return m ? { reason: m[1]!.trim(), body: strip(m[2]!) } : { body: strip(t) };
}

/** Whether the memo already holds this entry: the same line, or a line of the same
 * 【reason】 whose body already says what the new one says (nothing new to add). */
export function alreadyThere(memo: string, entry: string): boolean {
  const want = entry.trim();
  if (!want) return true;
  const parts = entryParts(want);
  return memo.split(/\r?\n/).some((line) => {
    if (line.trim() === want) return true;
    if (parts.reason === undefined) return false;
    const have = entryParts(line);
    return have.reason === parts.reason && (parts.body === "" || have.body.includes(parts.body));
  });
}

/** The memo with the entry appended on a new line: what was there is kept byte for byte
 * (R-REMARK-3), nothing is added twice, and the whole stays within the limit
 * (R-REMARK-4); past it nothing is written and the agent is told by how much. */
export function withEntry(memo: string, entry: string, limitBytes = DEFAULT_LIMIT_BYTES): { memo: string; wrote: boolean } | { error: Said } {
  const line = entry.trim();
  if (!line || alreadyThere(memo, line)) return { memo, wrote: false };
  const sep = memo === "" || memo.endsWith("\n") ? "" : "\n";
  const next = `${memo}${sep}${line}`;
  const bytes = utf8Bytes(next);
  if (bytes > limitBytes) {
    return {
      error: {
        zh: `备注将有 ${bytes} 字节，超出上限 ${limitBytes}（多 ${bytes - limitBytes}）：未写入，请先整理备注`,
        en: `the memo would be ${bytes} bytes, over the limit of ${limitBytes} by ${bytes - limitBytes}: nothing written; tidy the memo first`,
      },
    };
  }
  return { memo: next, wrote: true };
}

// ---------------------------------------------------------------- editors

/** One memo editor of the backend, opened for one order. */
export interface MemoEditor {
  /** Which page's editor: for messages and tests. */
  kind: "legacy-page" | "dialog";
  /** The memo as the editor holds it now. */
  memo(): string;
  /** Chooses a flag; false when the editor has no such choice. */
  setFlag(flag: FlagName): boolean;
  /** Writes the whole memo into the editor's box, as typing would. */
  setMemo(text: string): void;
  /** Presses the editor's own save; resolves once the backend has taken it. */
  save(): Promise<void>;
  /** Closes the editor without saving. */
  cancel(): void;
}

/** Sets a form control's value through the native setter and says so with an input
 * event, so a page's framework sees the change as typing. */
export function typeInto(area: HTMLTextAreaElement, text: string): void {
  const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")?.set;
  if (setter) setter.call(area, text);
  else area.value = text;
  area.dispatchEvent(new Event("input", { bubbles: true }));
  area.dispatchEvent(new Event("change", { bubbles: true }));
}

function choose(input: HTMLInputElement): void {
  input.click();
  if (!input.checked) {
    input.checked = true;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }
}

/** The legacy memo page's form (`update_sell_memo.htm`), in a document kefu can reach:
 * `input#flag0..5`, `textarea#memo`, `form#form1`. Its save is the form's own submit
 * (the browser encodes it in the page's charset, GBK); `saved` resolves when the page
 * has answered. Undefined when the document is not that page. */
export function legacyMemoForm(doc: Document, saved: () => Promise<void>): MemoEditor | undefined {
  const form = doc.querySelector<HTMLFormElement>("form#form1");
  const area = doc.querySelector<HTMLTextAreaElement>("textarea#memo");
  if (!form || !area) return undefined;
  return {
    kind: "legacy-page",
    memo: () => area.value,
    setFlag: (flag) => {
      const input = doc.querySelector<HTMLInputElement>(`input#flag${FLAG_CODES[flag]}`);
      if (!input) return false;
      choose(input);
      return true;
    },
    setMemo: (text) => typeInto(area, text),
    save: async () => {
      const done = saved();
      if (typeof form.requestSubmit === "function") form.requestSubmit();
      else form.submit();
      await done;
    },
    cancel: () => undefined,
  };
}

const visible = (e: Element): boolean => (e as HTMLElement).offsetParent !== null || e.getClientRects().length > 0;
const textOf = (e: Element): string => `${e.textContent ?? ""} ${e.getAttribute("title") ?? ""} ${e.getAttribute("aria-label") ?? ""}`.replace(/\s+/g, "");

/** The workbench's memo dialog: a visible dialog (`[role=dialog]`, `.next-dialog`) with a
 * textarea, a flag choice (radio inputs whose value is the flag code, else a control
 * named by the colour, 红旗/红色) and a 保存/确定 button. Its save resolves when the
 * dialog has closed (the backend took the memo) or `timeoutMs` has passed. */
export function memoDialog(dialog: HTMLElement, timeoutMs = 8000): MemoEditor | undefined {
  const area = dialog.querySelector<HTMLTextAreaElement>("textarea");
  if (!area) return undefined;
  const buttons = () => Array.from(dialog.querySelectorAll<HTMLElement>("button, [role=button], a"));
  return {
    kind: "dialog",
    memo: () => area.value,
    setFlag: (flag) => {
      const code = String(FLAG_CODES[flag]);
      const radio = Array.from(dialog.querySelectorAll<HTMLInputElement>("input[type=radio]")).find(
        (i) => i.value === code && /flag|旗|mark/i.test(`${i.name} ${i.id} ${i.className}`),
      ) ?? Array.from(dialog.querySelectorAll<HTMLInputElement>("input[type=radio]")).find((i) => i.value === code);
      if (radio) {
        choose(radio);
        return true;
      }
      const word = FLAG_WORD[flag];
      const named = Array.from(dialog.querySelectorAll<HTMLElement>("[data-flag], label, span, i, li")).find(
        (e) => e.getAttribute("data-flag") === code || new RegExp(`^${word}(旗|色)?$`).test(textOf(e)),
      );
      if (!named) return false;
      named.click();
      return true;
    },
    setMemo: (text) => typeInto(area, text),
    save: () => new Promise<void>((resolve, reject) => {
      const button = buttons().find((b) => /^(保存|确定|提交|确认)$/.test((b.textContent ?? "").trim()));
      if (!button) {
        reject(new Error("the dialog has no 保存/确定 button"));
        return;
      }
      button.click();
      const started = Date.now();
      const look = () => {
        if (!dialog.isConnected || !visible(dialog)) resolve();
        else if (Date.now() - started > timeoutMs) reject(new Error("the dialog did not close after 保存"));
        else setTimeout(look, 50);
      };
      look();
    }),
    cancel: () => {
      buttons().find((b) => /^(取消|关闭|×)$/.test((b.textContent ?? "").trim()))?.click();
    },
  };
}

/** Applies one fix in an opened editor: the flag when one is asked (null leaves it),
 * the entry appended when it is not there yet, then the editor's own save. Nothing is
 * saved when there is nothing to change. */
export async function applyInEditor(
  editor: MemoEditor,
  flag: FlagName | null,
  entry: string,
  limitBytes = DEFAULT_LIMIT_BYTES,
): Promise<{ ok: true; wrote: boolean; flag: FlagName | null } | { ok: false; error: Said }> {
  const next = withEntry(editor.memo(), entry, limitBytes);
  if ("error" in next) {
    editor.cancel();
    return { ok: false, error: next.error };
  }
  if (flag !== null && !editor.setFlag(flag)) {
    editor.cancel();
    return { ok: false, error: { zh: `备注窗口里找不到${FLAG_WORD[flag]}旗的选项：未保存`, en: `the memo editor has no ${flag} flag choice: nothing saved` } };
  }
  if (!next.wrote && flag === null) {
    editor.cancel();
    return { ok: true, wrote: false, flag: null };
  }
  if (next.wrote) editor.setMemo(next.memo);
  try {
    await editor.save();
  } catch (e) {
    return { ok: false, error: { zh: `保存未完成：${String((e as Error).message ?? e).slice(0, 200)}`, en: `saving did not finish: ${String((e as Error).message ?? e).slice(0, 200)}` } };
  }
  return { ok: true, wrote: next.wrote, flag };
}
