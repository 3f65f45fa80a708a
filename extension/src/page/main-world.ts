// Runs in the page's own world (manifest `"world": "MAIN"`, at document_start): watches
// the page's fetch and XHR for the order list's own answer and hands its text to the
// content script. It reads; it never changes a request or a response, and it sends
// nothing anywhere else.
//
// The hand-over is a DOM event, which reaches the content script's listener at once
// (a postMessage would wait behind the page's own rendering of the same answer), so the
// service worker reads the page while the page draws its rows.
//
// The text handed over is the answer's own: its bytes decoded by their charset (the
// answer is often GBK; `Response.text()` would decode UTF-8 whatever the header says),
// never a parsed and re-serialised object, whose 19-digit ids would have lost digits.
import { decodeAnswer, isSoldRequest, looksLikeSoldAnswer, SOLD_EVENT } from "../adapters/sold";

/** Where the answer came from: its relative links (memoInfo.htm) are on that host
 * (trade.taobao.com), not the page's (myseller.taobao.com). */
function from(url: string): void {
  try {
    document.documentElement.dataset.kefuSoldOrigin = new URL(url, location.href).origin;
  } catch {
    // an unparsable URL: links resolve against the page
  }
}

function hand(text: string): void {
  if (looksLikeSoldAnswer(text)) document.dispatchEvent(new CustomEvent(SOLD_EVENT, { detail: text }));
}

function handBytes(buffer: ArrayBuffer, contentType: string | null): void {
  hand(decodeAnswer(new Uint8Array(buffer), contentType));
}

const originalFetch = window.fetch;
window.fetch = async function (this: unknown, ...args: Parameters<typeof fetch>): Promise<Response> {
  const response = await originalFetch.apply(this, args);
  try {
    const input = args[0];
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const body = args[1]?.body;
    if (isSoldRequest(url) || (typeof body === "string" && isSoldRequest(body))) {
      const type = response.headers.get("content-type");
      from(response.url || url);
      response.clone().arrayBuffer().then((b) => handBytes(b, type), () => undefined);
    }
  } catch {
    // Reading is best effort: the page's own request goes on untouched.
  }
  return response;
};

const open = XMLHttpRequest.prototype.open;
const send = XMLHttpRequest.prototype.send;
const watched = new WeakSet<XMLHttpRequest>();
XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
  if (isSoldRequest(String(url))) watched.add(this);
  return (open as (...a: unknown[]) => void).call(this, method, url, ...rest);
} as typeof XMLHttpRequest.prototype.open;
XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
  if (typeof body === "string" && isSoldRequest(body)) watched.add(this);
  if (watched.has(this)) {
    this.addEventListener("load", () => {
      try {
        const type = this.getResponseHeader("content-type");
        from(this.responseURL);
        // XHR text is decoded by the header's charset already; bytes are decoded here.
        if (this.responseType === "" || this.responseType === "text") hand(this.responseText);
        else if (this.responseType === "arraybuffer") handBytes(this.response as ArrayBuffer, type);
        else if (this.responseType === "blob") (this.response as Blob).arrayBuffer().then((b) => handBytes(b, type), () => undefined);
        // A "json" response is parsed by the browser, its text gone: re-serialising it
        // would hand over rounded ids, so it is not read (the page says so once).
        else if (this.responseType === "json") document.dispatchEvent(new CustomEvent(SOLD_EVENT, { detail: "kefu:json-response" }));
      } catch {
        // As above: never disturb the page.
      }
    });
  }
  return send.call(this, body);
};
