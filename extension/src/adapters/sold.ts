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
