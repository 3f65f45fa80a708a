// A stand-in for the seller backend, served on 127.0.0.1 for the tests and for trying
// the extension by hand (`node demo/server.mjs`, then load dist-test/ unpacked). Paths
// and shapes follow the real ones (../shared/seller-data.md §3) so the extension's URL
// rules and adapters are exercised as they are: the list answer in GBK with bare 19-digit
// ids and no memo, memoInfo.htm, the legacy memo page update_sell_memo.htm, and the new
// list's memo dialog (not public: a plausible one, TRUST.md).
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { soldAnswer, answerText, exampleOrders, exampleFor, mainOrder, createStore } from "./fixture.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const page = (name) => readFileSync(join(here, name));

let table;
/** Text as GBK bytes (node has no GBK encoder: the table is the decoder's, inverted). */
export function gbk(text) {
  if (!table) {
    table = new Map();
    const dec = new TextDecoder("gbk");
    for (let a = 0x81; a <= 0xfe; a++) {
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue;
        const ch = dec.decode(new Uint8Array([a, b]));
        if (ch.length === 1 && ch !== "\ufffd" && !table.has(ch)) table.set(ch, [a, b]);
      }
    }
  }
  const out = [];
  for (const ch of text) {
    const c = ch.codePointAt(0);
    if (c < 0x80) out.push(c);
    else out.push(...(table.get(ch) ?? [0x3f]));
  }
  return Buffer.from(out);
}

/** A GBK form body (`a=%C4%E3…`) as its fields. */
function gbkForm(body) {
  const fields = new Map();
  for (const pair of body.toString("latin1").split("&")) {
    if (!pair) continue;
    const [k, v = ""] = pair.split("=");
    const bytes = [];
    const s = v.replace(/\+/g, " ");
    for (let i = 0; i < s.length; i++) {
      if (s[i] === "%" && /^[0-9a-f]{2}$/i.test(s.slice(i + 1, i + 3))) { bytes.push(parseInt(s.slice(i + 1, i + 3), 16)); i += 2; }
      else bytes.push(s.charCodeAt(i));
    }
    fields.set(decodeURIComponent(k), new TextDecoder("gbk").decode(new Uint8Array(bytes)));
  }
  return fields;
}

const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

/** The legacy memo page: radio buttons flag0..5, textarea#memo, form#form1 (GBK). */
function legacyMemoPage(id, state) {
  const names = ["无", "红", "黄", "绿", "蓝", "紫"];
  return `<!doctype html><html><head><meta charset="gbk"><title>编辑备忘</title><link rel="stylesheet" href="/demo.css"></head><body>
<form id="form1" name="form1" method="post" action="/trade/memo/update_sell_memo.htm">
<input type="hidden" name="action" value="memo/UpdateSellMemoAction">
<input type="hidden" name="_tb_token_" value="demo-token">
<input type="hidden" name="biz_order_id" value="${esc(id)}">
<input type="hidden" name="user_type" value="1">
<p>订单号：${esc(id)}</p>
<p>${names.map((n, i) => `<label><input type="radio" name="flag" id="flag${i}" value="${i}"${state.flag === i ? " checked" : ""}>${n}</label>`).join(" ")}</p>
<textarea id="memo" name="memo" rows="6" cols="60">${esc(state.memo)}</textarea>
<p><input type="submit" value="确定"></p>
</form></body></html>`;
}

export function serve(port = 0) {
  const store = createStore();
  // For the tests: how many memos were read, and how long memoInfo.htm takes.
  // `store` lets a test set an order's memo and flag as an agent would have left them.
  const demo = { memoReads: 0, memoDelayMs: 0, store };
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const send = (status, type, body) => { res.writeHead(status, { "content-type": type }); res.end(body); };
    const body = () => new Promise((resolve) => { const parts = []; req.on("data", (c) => parts.push(c)); req.on("end", () => resolve(Buffer.concat(parts))); });
    if (url.pathname === "/trade/itemlist/asyncSold.htm") {
      body().then((b) => {
        const form = new URLSearchParams(b.toString("latin1") || url.search.slice(1));
        const answer = soldAnswer({ pageNum: Number(form.get("pageNum") ?? 1), pageSize: Number(form.get("pageSize") ?? 15), store });
        // As the backend: GBK bytes, said by the header.
        send(200, "application/json;charset=GBK", gbk(answerText(answer)));
      });
      return;
    }
    if (url.pathname === "/trade/json/memoInfo.htm") {
      const state = store.get(url.searchParams.get("orderid") ?? "");
      demo.memoReads += 1;
      const answer = () => (state ? send(200, "application/json;charset=GBK", gbk(JSON.stringify({ tip: state.memo }))) : send(404, "text/plain", "no such order"));
      if (demo.memoDelayMs) setTimeout(answer, demo.memoDelayMs);
      else answer();
      return;
    }
    if (url.pathname === "/trade/memo/update_sell_memo.htm") {
      if (req.method === "POST") {
        body().then((b) => {
          const f = gbkForm(b);
          const id = f.get("biz_order_id") ?? "";
          const ok = f.get("action") === "memo/UpdateSellMemoAction" && f.get("_tb_token_") === "demo-token" && store.set(id, { memo: f.get("memo"), flag: Number(f.get("flag")) });
          send(ok ? 200 : 400, "text/html;charset=GBK", gbk(`<!doctype html><meta charset="gbk"><p>${ok ? "备忘已保存" : "保存失败"}</p>`));
        });
        return;
      }
      const id = url.searchParams.get("biz_order_id") ?? "";
      const state = store.get(id);
      return state ? send(200, "text/html;charset=GBK", gbk(legacyMemoPage(id, state))) : send(404, "text/plain", "no such order");
    }
    if (url.pathname === "/trade/memo/save.json" && req.method === "POST") {
      body().then((b) => {
        let v;
        try { v = JSON.parse(b.toString("utf8")); } catch { v = {}; }
        const ok = typeof v.orderId === "string" && store.set(v.orderId, { memo: v.memo, flag: v.flag });
        send(ok ? 200 : 400, "application/json", JSON.stringify({ success: ok }));
      });
      return;
    }
    if (url.pathname === "/demo/state") {
      // For the tests: what the backend now holds for an order.
      const state = store.get(url.searchParams.get("orderid") ?? "");
      return state ? send(200, "application/json", JSON.stringify(state)) : send(404, "text/plain", "no such order");
    }
    if (url.pathname === "/api/order") {
      const id = url.searchParams.get("bizOrderId") ?? "";
      const o = exampleFor(id) ?? exampleOrders().find((x) => x.order_id === id);
      if (!o) return send(404, "text/plain", "no such order");
      const state = store.get(id);
      return send(200, "application/json", JSON.stringify({ ...mainOrder(o, id, state), memo: state.memo }));
    }
    if (url.pathname === "/home.htm/trade-platform/tp/sold" || url.pathname === "/home.htm/qn-order/unshipped") return send(200, "text/html;charset=utf-8", page("sold.html"));
    if (url.pathname === "/trade/itemlist/list_sold_items.htm") return send(200, "text/html;charset=utf-8", page("legacy.html"));
    if (url.pathname === "/home.htm/trade-platform/tp/detail") return send(200, "text/html;charset=utf-8", page("detail.html"));
    if (url.pathname === "/home.htm/chat") return send(200, "text/html;charset=utf-8", page("chat.html"));
    if (url.pathname === "/demo.css") return send(200, "text/css", page("demo.css"));
    // Flag images: the legacy list names the flag in the URL; the new list's are opaque
    // alicdn-like paths kefu cannot read (it uses the answer's sellerFlag).
    const flagImage = /^\/img\/flag_(\d)\.svg$/.exec(url.pathname) ?? /^\/imgextra\/i\d\/O1CN01[a-z]+(\d)Zq\.svg$/.exec(url.pathname);
    if (flagImage) {
      const colours = ["#c9ccd1", "#e5383b", "#f4b400", "#2e9d48", "#2f6fde", "#8e44ad"];
      const c = colours[Number(flagImage[1])] ?? colours[0];
      return send(200, "image/svg+xml", `<svg xmlns="http://www.w3.org/2000/svg" width="14" height="14"><path d="M2 1v12M2 1h9l-2 3 2 3H2" stroke="${c}" fill="${c}" stroke-width="1.5"/></svg>`);
    }
    send(404, "text/plain", "not found");
  });
  server.demo = demo;
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await serve(Number(process.argv[2] ?? 8917));
  const { port } = server.address();
  console.log(`demo backend on http://127.0.0.1:${port}/home.htm/trade-platform/tp/sold`);
}
