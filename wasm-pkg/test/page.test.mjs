// The order list's answer (the seller backend's own JSON) read by the core: readPage is
// soldPage, then lintMany, then scan, in one call; a bad row costs that row alone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const kefu = createRequire(import.meta.url)("../pkg/node/kefu.js");
const NOW = "2026-11-25T10:00:00+08:00";

const answer = JSON.stringify({
  page: { totalNumber: 3 },
  mainOrders: [
    { id: "4128000016", statusInfo: { text: "卖家已发货" }, payInfo: { actualFee: "199.00", payTime: "2026-11-20 10:00:00" },
      logisticsInfo: { consignTime: "2026-11-21 16:00:00" }, extra: { sellerFlag: 5, sellerMemo: "买家要取消 小王/11-23" },
      subOrders: [{ idStr: "1", quantity: "1", itemInfo: { title: "T恤" }, priceInfo: { realTotal: "199.00" } }] },
    { id: "4128000017", statusInfo: { text: "外星状态" }, payInfo: { actualFee: "1.00" } },
    { id: "4128000018", statusInfo: { text: "买家已付款" }, payInfo: { actualFee: "88.00", payTime: "2026-11-20 10:00:00" },
      orderInfo: { deliveryDeadline: "2026-11-22 10:00:00" }, extra: { sellerFlag: 0 } },
  ],
});

test("readPage gives what soldPage, lintMany and scan give", () => {
  const engine = new kefu.Engine();
  const page = engine.readPage(answer, NOW, "+08:00");
  const read = kefu.soldPage(answer, { timeZone: "+08:00" });
  const orders = read.rows.filter((r) => r.order).map((r) => r.order);
  const lint = engine.lintMany(orders);
  const scan = engine.scan(orders, NOW);
  assert.equal(page.total_number, 3);
  assert.equal(page.rows.length, 3);
  assert.equal(page.rows[1].error.code, "KEFU-EXPORT-STATUS");
  assert.equal(page.rows[1].error.path, "mainOrders[1].statusInfo.text");
  const good = page.rows.filter((r) => r.order);
  good.forEach((row, i) => {
    assert.equal(JSON.stringify(row.order), JSON.stringify(orders[i]));
    assert.equal(JSON.stringify(row.lint), JSON.stringify(lint[i]), "the core's bytes, key order kept");
    assert.equal(JSON.stringify(row.scan), JSON.stringify(scan[i]));
  });
  assert.ok(good[0].lint.findings.some((f) => f.check === "flag-status-mismatch"), "purple on a shipped order");
  assert.ok(good[1].scan.queue_key, "an order past its ship-by is queued");
});

test("an answer that is not an order list is one clear error", () => {
  const engine = new kefu.Engine();
  assert.throws(() => engine.readPage('{"rgv587_flag":"sm"}', NOW), (e) => e.code === "KEFU-PAGE-SHAPE" && e.path === "page.mainOrders");
  assert.throws(() => engine.readPage("{}", NOW, "Beijing"), (e) => e.code === "KEFU-INPUT-VALUE");
});

test("a detail page's labels become an order through the core's mapping", () => {
  const order = kefu.orderFromRow(["订单编号", "订单状态", "实付款", "旗帜"], ["4128", "交易成功", "¥59.90", "蓝旗"]);
  assert.equal(order.status, "delivered");
  assert.equal(order.flag, "blue");
  assert.ok(order.unknown.includes("picked_up_at"));
  assert.throws(() => kefu.orderFromRow(["订单编号"], ["1"]), (e) => e.code === "KEFU-EXPORT-COLUMN");
});
