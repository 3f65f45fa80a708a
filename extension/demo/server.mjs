// A stand-in for the seller backend, served on 127.0.0.1 for the tests and for trying
// the extension by hand (`node demo/server.mjs`, then load dist-test/ unpacked). Paths
// follow the real ones so the extension's URL rules are exercised as they are.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { soldAnswer, exampleOrders, mainOrder } from "./fixture.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const page = (name) => readFileSync(join(here, name));

export function serve(port = 0) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const send = (status, type, body) => { res.writeHead(status, { "content-type": type }); res.end(body); };
    if (url.pathname === "/trade/itemlist/asyncSold.htm") {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const form = new URLSearchParams(body || url.search.slice(1));
        const answer = soldAnswer({ pageNum: Number(form.get("pageNum") ?? 1), pageSize: Number(form.get("pageSize") ?? 15) });
        send(200, "application/json;charset=UTF-8", JSON.stringify(answer));
      });
      return;
    }
    if (url.pathname === "/api/order") {
      const o = exampleOrders().find((x) => x.order_id === url.searchParams.get("bizOrderId"));
      return o ? send(200, "application/json", JSON.stringify(mainOrder(o))) : send(404, "text/plain", "no such order");
    }
    if (url.pathname === "/home.htm/trade-platform/tp/sold") return send(200, "text/html;charset=utf-8", page("sold.html"));
    if (url.pathname === "/home.htm/trade-platform/tp/detail") return send(200, "text/html;charset=utf-8", page("detail.html"));
    if (url.pathname === "/home.htm/chat") return send(200, "text/html;charset=utf-8", page("chat.html"));
    if (url.pathname === "/demo.css") return send(200, "text/css", page("demo.css"));
    if (/^\/img\/flag_\d\.svg$/.test(url.pathname)) {
      const colours = ["#c9ccd1", "#e5383b", "#f4b400", "#2e9d48", "#2f6fde", "#8e44ad"];
      const c = colours[Number(url.pathname.match(/\d/)[0])];
      return send(200, "image/svg+xml", `<svg xmlns="http://www.w3.org/2000/svg" width="14" height="14"><path d="M2 1v12M2 1h9l-2 3 2 3H2" stroke="${c}" fill="${c}" stroke-width="1.5"/></svg>`);
    }
    send(404, "text/plain", "not found");
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await serve(Number(process.argv[2] ?? 8917));
  const { port } = server.address();
  console.log(`demo backend on http://127.0.0.1:${port}/home.htm/trade-platform/tp/sold`);
}
