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
