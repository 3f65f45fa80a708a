// The demo backend's data: the bundled example orders (examples/orders/) written in the
// shape the real order list receives from asyncSold.htm (../shared/seller-data.md §3):
// mainOrders[] with id, buyer.nick, statusInfo.text, orderInfo, payInfo, subOrders[].
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const examples = join(dirname(fileURLToPath(import.meta.url)), "../../examples/orders");

export function exampleOrders() {
  const hz = JSON.parse(readFileSync(join(examples, "shop-hangzhou.json"), "utf8"));
  const sh = readFileSync(join(examples, "shop-shanghai.ndjson"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  return [...hz, ...sh];
}

// The list shows a pushed order as paid: it cannot tell (pushed_at is an unknown fact).
const STATUS_TEXT = { unpaid: "等待买家付款", paid: "买家已付款", pushed: "买家已付款", shipped: "卖家已发货", delivered: "交易成功", closed: "交易关闭" };
const FLAG_CODE = { none: 0, grey: 0, red: 1, yellow: 2, green: 3, blue: 4, purple: 5, pink: 5 };
const flagCode = (f) => (typeof f === "number" ? f : FLAG_CODE[f ?? "none"] ?? 0);

/** `2026-11-21T09:08:00+08:00` as the backend writes it: `2026-11-21 09:08:00`. */
const local = (t) => (t ? t.slice(0, 19).replace("T", " ") : undefined);

/** One kefu order as a main order of the list's answer. */
export function mainOrder(o, id = o.order_id) {
  const m = {
    id,
    orderInfo: { id, createTime: local(o.created_at) },
    buyer: { nick: o.buyer_nick },
    statusInfo: { text: STATUS_TEXT[o.status], type: `t-${o.status}` },
    payInfo: { actualFee: o.total, postType: "(含快递:¥0.00)" },
    extra: { sellerFlag: flagCode(o.flag), sellerMemo: o.remark ?? "" },
    logisticsInfo: {},
    subOrders: (o.items ?? []).map((it, i) => ({
      id: i + 1,
      idStr: `${id}${String(i + 1).padStart(2, "0")}`,
      quantity: String(it.qty),
      itemInfo: { title: it.title, outerSkuId: it.sku, skuText: it.variant ? [{ name: "颜色分类", value: it.variant }] : [] },
      priceInfo: { realTotal: it.unit_price },
    })),
  };
  if (o.paid_at) m.payInfo.payTime = local(o.paid_at);
  if (o.ship_by) m.orderInfo.deliveryDeadline = local(o.ship_by);
  if (o.shipped_at) m.logisticsInfo.consignTime = local(o.shipped_at);
  if (o.picked_up_at) m.logisticsInfo.collectTime = local(o.picked_up_at);
  if (o.delivered_at) m.logisticsInfo.signTime = local(o.delivered_at);
  if (o.cod) m.extra.isCod = true;
  return m;
}

/** A page of `size` orders: the examples, repeated under new ids when more are asked. */
export function soldAnswer({ pageNum = 1, pageSize = 15 } = {}) {
  const orders = exampleOrders();
  const total = Math.max(orders.length, pageSize * pageNum);
  const main = [];
  for (let i = (pageNum - 1) * pageSize; i < Math.min(total, pageNum * pageSize); i++) {
    const o = orders[i % orders.length];
    main.push(mainOrder(o, i < orders.length ? o.order_id : `${o.order_id}${String(i).padStart(4, "0")}`));
  }
  return {
    page: { currentPage: pageNum, pageSize, totalNumber: total },
    mainOrders: main,
    tabs: [{ code: "latest3Months", text: "近三个月订单" }],
  };
}
