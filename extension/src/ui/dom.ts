// Small DOM helpers shared by the content script and the extension's pages.

type Child = Node | string | null | undefined | false;

/** `h("div", {class: "x"}, child...)`: an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | undefined | ((e: Event) => void)> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === "function") e.addEventListener(k.replace(/^on/, ""), v);
    else if (v === true) e.setAttribute(k, "");
    else e.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return e;
}

/** Copies text to the clipboard; falls back to a selected textarea where the async
 * clipboard is refused (an unfocused page). */
export async function copy(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = h("textarea", {}, text);
    area.style.cssText = "position:fixed;left:-9999px";
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
}

/** The flag colours of the backend, for chips. */
export const FLAG_COLOURS: Record<string, string> = {
  none: "#c9ccd1", red: "#e5383b", yellow: "#f4b400", green: "#2e9d48", blue: "#2f6fde", purple: "#8e44ad",
};
