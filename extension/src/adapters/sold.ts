// The order list page (已卖出的宝贝): how its answer, its rows and its flag images are
// recognised. The answer itself is read by the core (`soldPage`, the core's page
// mapping), so no status text or money format is interpreted here.

/** The DOM event by which the main-world script hands the list's answer over. */
export const SOLD_EVENT = "kefu:sold-answer";

/** The largest list answer kefu reads: a real page of 100 orders is ~60 KiB; anything
 * far larger is not the backend's (any page script can hand text over). */
export const MAX_ANSWER_CHARS = 8 << 20;

/** The list's own data request (`trade.taobao.com/trade/itemlist/asyncSold.htm`,
 * `action=itemlist/SoldQueryAction`), whatever host serves it. */
export function isSoldRequest(url: string): boolean {
  return /asyncSold\.htm|SoldQueryAction/.test(url);
}

/** Whether a response body is an order-list answer (cheap test before parsing). */
export function looksLikeSoldAnswer(text: string): boolean {
  return text.length > 0 && text.includes('"mainOrders"');
}

/** The order id a row shows (`订单号：4128…`), from its text. */
export function orderIdIn(text: string): string | undefined {
  return /订单(?:号|编号)\s*[：:]\s*(\d{6,25})/.exec(text)?.[1];
}

const COLOURS: Record<string, string> = {
  red: "red", yellow: "yellow", green: "green", blue: "blue", purple: "purple", pink: "purple",
  grey: "none", gray: "none", none: "none",
};

/** The flag colour a row's flag image encodes in its `src` (`…/flag_4.png`,
 * `…flag-red…`, `…sellerFlag=2`), as a kefu flag name; undefined when it says none. */
export function flagFromSrc(src: string): string | undefined {
  const s = src.toLowerCase();
  const code = /(?:flag|sellerflag)[_\-=/]?(\d)\b/.exec(s)?.[1];
  if (code !== undefined) return ["none", "red", "yellow", "green", "blue", "purple"][Number(code)];
  const name = /flag[_\-/]?(red|yellow|green|blue|purple|pink|grey|gray|none)/.exec(s)?.[1];
  return name ? COLOURS[name] : undefined;
}

/** The flag image of a row on the new list page (`img[class*=sold_new]`, seller-data.md
 * §3) or an older one whose URL names the flag. */
export const FLAG_IMAGE_SELECTOR = "img[class*='sold_new'], img[src*='flag' i]";

/** Flag words an image's `alt`/`title` may carry. */
const FLAG_WORDS: [RegExp, string][] = [
  [/红/, "red"], [/黄/, "yellow"], [/绿/, "green"], [/蓝/, "blue"], [/紫|粉/, "purple"], [/灰|无/, "none"],
];

/** The flag a row's flag image shows, as a kefu flag name, or undefined when it cannot
 * tell. The new page's image URLs are opaque alicdn paths: only a URL that names the flag
 * (`flag_4.png`) or an `alt`/`title` naming the colour is read; anything else stays
 * unknown, so the core skips the checks that need the flag instead of guessing. */
export function flagOfImage(img: { getAttribute(name: string): string | null }): string | undefined {
  const fromSrc = flagFromSrc(img.getAttribute("src") ?? "");
  if (fromSrc) return fromSrc;
  const words = `${img.getAttribute("alt") ?? ""} ${img.getAttribute("title") ?? ""}`;
  return FLAG_WORDS.find(([re]) => re.test(words))?.[1];
}

// ---------------------------------------------------------------- the answer's bytes

/** The charset a Content-Type names, lower-cased, or undefined. */
export function charsetOf(contentType: string | null | undefined): string | undefined {
  return /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? "")?.[1]?.toLowerCase();
}

/** An answer's bytes as text, by its charset. The list and memo answers are often GBK
 * (seller-data.md §3): a named charset is used, GBK when none is named and the bytes are
 * not UTF-8, and a "UTF-8" answer that does not decode as UTF-8 is read as GBK, as the
 * public tools do. `Response.text()` would always decode UTF-8. */
export function decodeAnswer(bytes: Uint8Array, contentType?: string | null): string {
  const named = charsetOf(contentType);
  const strict = (label: string): string | undefined => {
    try {
      return new TextDecoder(label, { fatal: true }).decode(bytes);
    } catch {
      return undefined;
    }
  };
  if (named && named !== "utf-8" && named !== "utf8") {
    const text = strict(named === "gb2312" ? "gbk" : named);
    if (text !== undefined) return text;
  }
  return strict("utf-8") ?? new TextDecoder("gbk").decode(bytes);
}

// ---------------------------------------------------------------- the memo

/** The list answer has no memo: an order with one shows an operation whose `dataUrl` is
 * `/trade/json/memoInfo.htm?user_type=seller&orderid=…` (seller-data.md §3). Those
 * links, by order id, read from the raw text (a JSON parse would round 19-digit ids). */
export function memoLinks(text: string): Map<string, string> {
  const links = new Map<string, string>();
  const re = /"dataUrl"\s*:\s*"((?:[^"\\]|\\.)*memoInfo\.htm(?:[^"\\]|\\.)*)"/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let url: string;
    try {
      url = JSON.parse(`"${m[1]}"`) as string;
    } catch {
      continue;
    }
    const id = /[?&]orderid=(\d{6,25})/i.exec(url)?.[1];
    if (id && !links.has(id)) links.set(id, url);
  }
  return links;
}

/** The memo page's answer, `{"tip": memo}`: the memo, or undefined when the answer is
 * not that shape (a login page, an error). */
export function memoFromAnswer(text: string): string | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v === "object" && v !== null && typeof (v as { tip?: unknown }).tip === "string") {
      return (v as { tip: string }).tip;
    }
  } catch {
    // not JSON: not the memo answer
  }
  return undefined;
}

/** Whether `url` may be read with the page's session: the page's own origin or a host of
 * the seller backend. Nothing is ever fetched from elsewhere. */
export function isSellerUrl(url: string, pageOrigin: string): boolean {
  let u: URL;
  try {
    u = new URL(url, pageOrigin);
  } catch {
    return false;
  }
  if (u.origin === pageOrigin) return true;
  return u.protocol === "https:" && /(^|\.)(taobao|tmall)\.com$/.test(u.hostname);
}

/** The pages that list orders: the new list (`tp/sold`), the workbench's 待发货 list
 * (`qn-order/unshipped`) and the legacy `list_sold_items.htm`. */
export function isListPath(pathname: string): boolean {
  return /\/tp\/sold|\/qn-order\/unshipped|\/trade\/itemlist\/list_sold_items\.htm/.test(pathname);
}

/** The answer parsed with every bare integer of 16 digits or more kept as text: the
 * backend writes some ids as JSON numbers, which `JSON.parse` would round. Strings are
 * left alone. Undefined when the text is not JSON. */
export function parseExact(text: string): unknown {
  let out = "";
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if ((c >= "0" && c <= "9") || c === "-") {
      let j = i + 1;
      while (j < n && /[0-9.eE+-]/.test(text[j]!)) j += 1;
      const num = text.slice(i, j);
      out += /^-?\d{16,}$/.test(num) ? `"${num}"` : num;
      i = j;
    } else {
      out += c;
      i += 1;
    }
  }
  try {
    return JSON.parse(out);
  } catch {
    return undefined;
  }
}

/** A line's after-sales state as the list shows it: `subOrders[].operations[].text`
 * (请卖家处理, 请退款, 待退货, 退款成功, 退运保险…), by order id. */
export interface LineRefund {
  title: string;
  /** The line's SKU as the core reads it: its 商家编码, else its title. */
  sku: string;
  texts: string[];
}

const REFUND_TEXT = /退|售后|请卖家处理/;

export function lineRefunds(text: string): Map<string, LineRefund[]> {
  const out = new Map<string, LineRefund[]>();
  const answer = parseExact(text) as { mainOrders?: unknown } | undefined;
  const main = Array.isArray(answer?.mainOrders) ? (answer!.mainOrders as Record<string, unknown>[]) : [];
  for (const m of main) {
    const id = typeof m?.id === "string" || typeof m?.id === "number" ? String(m.id) : undefined;
    const subs = Array.isArray(m?.subOrders) ? (m.subOrders as Record<string, unknown>[]) : [];
    if (!id) continue;
    const lines: LineRefund[] = [];
    for (const s of subs) {
      const ops = Array.isArray(s?.operations) ? (s.operations as Record<string, unknown>[]) : [];
      const texts = ops.map((o) => (typeof o?.text === "string" ? o.text.trim() : "")).filter((t) => t && REFUND_TEXT.test(t));
      const info = (s?.itemInfo ?? {}) as { title?: unknown; extra?: unknown };
      const title = typeof info.title === "string" ? info.title : "";
      const code = Array.isArray(info.extra)
        ? (info.extra as { name?: unknown; value?: unknown }[]).find((e) => e?.name === "商家编码")?.value
        : undefined;
      const sku = typeof code === "string" && code.trim() ? code : title;
      if (texts.length) lines.push({ title, sku, texts });
    }
    if (lines.length) out.set(id, lines);
  }
  return out;
}
