// The page adapters on saved page shapes: what the backend's list, detail page and flag
// images look like (../shared/seller-data.md §3).
import { test } from "node:test";
import assert from "node:assert/strict";
import { load } from "./load.mjs";

const sold = await load("adapters/sold.ts");
const labels = await load("adapters/labels.ts");
const clock = await load("clock.ts");

test("the list's own data request is recognised by URL or by form body", () => {
  assert.ok(sold.isSoldRequest("https://trade.taobao.com/trade/itemlist/asyncSold.htm?event_submit_do_query=1&_input_charset=utf8"));
  assert.ok(sold.isSoldRequest("action=itemlist/SoldQueryAction&tabCode=latest3Months&pageNum=2"));
  assert.ok(!sold.isSoldRequest("https://trade.taobao.com/trade/itemlist/list_bought_items.htm"));
  assert.ok(sold.looksLikeSoldAnswer('{"page":{},"mainOrders":[]}'));
  assert.ok(!sold.looksLikeSoldAnswer('{"rgv587_flag":"sm","url":"//login"}'), "a login redirect is not an answer");
});

test("a row's order id is read from its text, full-width colon or not", () => {
  assert.equal(sold.orderIdIn("订单号：4128000014235678901　创建时间：2026-11-20 10:00:00"), "4128000014235678901");
  assert.equal(sold.orderIdIn("订单编号: 4128000001"), "4128000001");
  assert.equal(sold.orderIdIn("合计 ¥199.00"), undefined);
});

test("the flag image's src gives the colour, whatever the naming", () => {
  assert.equal(sold.flagFromSrc("//img.alicdn.com/flag_4.png"), "blue");
  assert.equal(sold.flagFromSrc("/img/flag_1.svg"), "red");
  assert.equal(sold.flagFromSrc("https://x/icons/flag-purple@2x.png"), "purple");
  assert.equal(sold.flagFromSrc("https://x/api?sellerFlag=2"), "yellow");
  assert.equal(sold.flagFromSrc("https://x/flag_0.png"), "none");
  assert.equal(sold.flagFromSrc("https://x/logo.png"), undefined);
});

test("a detail page's labelled values become headers and cells, first label wins", () => {
  const lines = ["订单信息", "订单编号：", "4128000016", "订单状态：卖家已发货", "实付款：¥199.00", "订单编号：999", "买家留言：请尽快发货，谢谢！", "这是一句很长很长很长的话：不是标签", "买家说，明天：再联系"];
  const { headers, cells } = labels.pairsFromLines(lines);
  assert.deepEqual(headers, ["订单编号", "订单状态", "实付款", "买家留言"]);
  assert.deepEqual(cells, ["4128000016", "卖家已发货", "¥199.00", "请尽快发货，谢谢！"]);
});

test("a presale badge alone on a line becomes the 预售订单 pair; the stage stays the status's", () => {
  const lines = ["订单编号：4128000016", "预售", "订单状态：定金已付", "实付款：¥20.00", "刻字手链", "不支持7天无理由退货", "预售商品推荐：看看别的"];
  const { headers, cells } = labels.pairsFromLines(lines);
  assert.deepEqual(headers, ["订单编号", "预售订单", "订单状态", "实付款", "预售商品推荐"]);
  assert.deepEqual(cells, ["4128000016", "是", "定金已付", "¥20.00", "看看别的"]);
  const none = labels.pairsFromLines(["订单编号：1", "预售活动火热进行中", "订单状态：买家已付款"]);
  assert.ok(!none.headers.includes("预售订单"), "only a line that is the badge's word alone");
});

test("now is written in the shop's offset, to the second", () => {
  const at = new Date("2026-11-25T18:30:05Z");
  assert.equal(clock.nowIn("+08:00", at), "2026-11-26T02:30:05+08:00");
  assert.equal(clock.nowIn("-05:30", at), "2026-11-25T13:00:05-05:30");
  assert.equal(clock.nowIn("Z", at), "2026-11-26T02:30:05+08:00", "an unreadable offset falls back to Beijing time");
});

const memo = await load("adapters/memo.ts");
const { gbk } = await import("../../demo/server.mjs");

test("an answer's bytes are decoded by their charset: GBK said, GBK unsaid, UTF-8 that is not", () => {
  const text = '{"mainOrders":[{"id":4128000014235678901,"statusInfo":{"text":"商家已发货，等待买家确认"}}]}';
  const bytes = new Uint8Array(gbk(text));
  assert.equal(sold.decodeAnswer(bytes, "application/json;charset=GBK"), text);
  assert.equal(sold.decodeAnswer(bytes, "application/json"), text, "no charset: not UTF-8, so GBK");
  assert.equal(sold.decodeAnswer(bytes, "application/json; charset=utf-8"), text, "a wrong UTF-8 header: read as GBK, as tools do");
  assert.equal(sold.decodeAnswer(new TextEncoder().encode(text), "text/json"), text);
  assert.equal(sold.decodeAnswer(new TextEncoder().encode(text), "application/json;charset=UTF-8"), text);
  assert.notEqual(new TextDecoder().decode(bytes), text, "UTF-8 decoding (Response.text()) would garble it");
});

test("memo links are read from the raw answer by order id, 19 digits exact", () => {
  const text = '{"mainOrders":[{"id":4128000014235678901,"operations":[{"text":"备忘","dataUrl":"\\/trade\\/json\\/memoInfo.htm?user_type=seller&orderid=4128000014235678901"}]},'
    + '{"id":"4128000014235678902","operations":[{"text":"详情","dataUrl":"/trade/detail.htm?x=1"}]}]}';
  const links = sold.memoLinks(text);
  assert.deepEqual([...links.keys()], ["4128000014235678901"]);
  assert.equal(links.get("4128000014235678901"), "/trade/json/memoInfo.htm?user_type=seller&orderid=4128000014235678901");
  assert.equal(sold.memoFromAnswer('{"tip":"【退货】已同意（小王/2026-11-21 10:00）"}'), "【退货】已同意（小王/2026-11-21 10:00）");
  assert.equal(sold.memoFromAnswer("<html>login</html>"), undefined);
  assert.equal(sold.memoFromAnswer('{"tip": 3}'), undefined);
});

test("memos are read only from the page's origin or the seller's hosts", () => {
  assert.ok(sold.isSellerUrl("/trade/json/memoInfo.htm?orderid=1", "https://myseller.taobao.com"));
  assert.ok(sold.isSellerUrl("https://trade.taobao.com/trade/json/memoInfo.htm?orderid=1", "https://myseller.taobao.com"));
  assert.ok(sold.isSellerUrl("https://trade.tmall.com/x", "https://myseller.taobao.com"));
  assert.ok(!sold.isSellerUrl("https://evil.example/taobao.com", "https://myseller.taobao.com"));
  assert.ok(!sold.isSellerUrl("http://trade.taobao.com/x", "https://myseller.taobao.com"), "never in clear text");
  assert.ok(!sold.isSellerUrl("https://taobao.com.evil.example/x", "https://myseller.taobao.com"));
});

test("numbers of 16 digits or more are kept as text; a line's after-sales texts are read", () => {
  const v = sold.parseExact('{"a":4128000014235678901,"b":12,"c":"x:4128000014235678901,","d":[1.5,-3]}');
  assert.deepEqual(v, { a: "4128000014235678901", b: 12, c: "x:4128000014235678901,", d: [1.5, -3] });
  const answer = '{"mainOrders":[{"id":4128000014235678901,"subOrders":[{"id":4128000014235678902,"itemInfo":{"title":"T恤"},"operations":[{"text":"请卖家处理"},{"text":"查看物流"}]},{"itemInfo":{"title":"袜子"},"operations":[]}]}]}';
  assert.deepEqual([...sold.lineRefunds(answer)], [["4128000014235678901", [{ title: "T恤", sku: "T恤", texts: ["请卖家处理"] }]]]);
  const coded = answer.replace('"title":"T恤"', '"title":"T恤","extra":[{"name":"商家编码","value":"TS-1"}]');
  assert.equal(sold.lineRefunds(coded).get("4128000014235678901")[0].sku, "TS-1", "the SKU is the merchant code, as the core reads it");
});

test("the list pages: the new list, the workbench's unshipped list, the legacy list", () => {
  assert.ok(sold.isListPath("/home.htm/trade-platform/tp/sold"));
  assert.ok(sold.isListPath("/home.htm/qn-order/unshipped"));
  assert.ok(sold.isListPath("/trade/itemlist/list_sold_items.htm"));
  assert.ok(!sold.isListPath("/home.htm/trade-platform/tp/detail"));
});

test("the new list's flag image is read when it names its colour, else left unknown", () => {
  const img = (attrs) => ({ getAttribute: (n) => attrs[n] ?? null });
  assert.equal(sold.flagOfImage(img({ class: "sold_new-flag_7cc1", src: "//img.alicdn.com/imgextra/i4/O1CN01xkZq.png" })), undefined, "an opaque URL says nothing");
  assert.equal(sold.flagOfImage(img({ class: "sold_new-flag_7cc1", src: "//img.alicdn.com/O1CN01.png", title: "红旗" })), "red");
  assert.equal(sold.flagOfImage(img({ src: "/img/flag_4.svg" })), "blue");
});

test("an entry is appended on a new line, never twice, never past the limit", () => {
  const old = "【退货】说明：尺码偏小（小王/2026-11-24 15:10）";
  const entry = "【退货】说明：七天无理由，买家承担运费（小李/2026-12-07 11:00）";
  assert.deepEqual(memo.withEntry(old, entry), { memo: `${old}\n${entry}`, wrote: true });
  assert.deepEqual(memo.withEntry(`${old}\n`, entry), { memo: `${old}\n${entry}`, wrote: true }, "no blank line added");
  assert.deepEqual(memo.withEntry("", entry), { memo: entry, wrote: true });
  assert.deepEqual(memo.withEntry(`${old}\n${entry}`, entry).wrote, false, "the same line");
  assert.equal(memo.withEntry(old, "【退货】（小李/2026-12-07 11:00）").wrote, false, "the same reason with nothing new");
  assert.equal(memo.withEntry("【退货】说明：七天无理由，买家承担运费（小王/2026-12-01 09:00）", entry).wrote, false, "the same reason and words, signed by another");
  assert.equal(memo.withEntry(old, "【改电话】电话：13900001111（小李/2026-12-07 11:00）").wrote, true);
  const full = "备".repeat(330);
  const over = memo.withEntry(full, entry, 1000);
  assert.ok("error" in over && /超出上限 1000/.test(over.error.zh), JSON.stringify(over));
  assert.ok(memo.withEntry(full, entry, 2000).wrote);
});
