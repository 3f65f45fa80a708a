// The demo backend's data: the bundled example orders (examples/orders/) written in the
// shape the real order list receives from asyncSold.htm (../shared/seller-data.md §3):
// mainOrders[] with id, buyer.nick, statusInfo.text, orderInfo, payInfo, extra.sellerFlag,
// subOrders[] (idStr, quantity, itemInfo.title/skuText/extra[商家编码], operations[] for
// a line's after-sales state). As on the real list, the answer carries **no memo**: an
// order with one shows an operation whose dataUrl is memoInfo.htm, which answers it.
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
// Some orders use the 商家 wording the newer pages write (mapped by the core alike).
const STATUS_TEXT = { unpaid: "等待买家付款", paid: "买家已付款", pushed: "买家已付款", shipped: "卖家已发货", delivered: "交易成功", closed: "交易关闭" };
const MERCHANT_TEXT = { paid: "买家已付款，等待商家发货", pushed: "等待商家发货", shipped: "商家已发货，等待买家确认" };
const FLAG_CODE = { none: 0, grey: 0, red: 1, yellow: 2, green: 3, blue: 4, purple: 5, pink: 5 };
export const flagCode = (f) => (typeof f === "number" ? f : FLAG_CODE[f ?? "none"] ?? 0);

/** `2026-11-21T09:08:00+08:00` as the backend writes it: `2026-11-21 09:08:00`. */
const local = (t) => (t ? t.slice(0, 19).replace("T", " ") : undefined);

/** The memo page's path for an order, as the list's memo operation names it. */
export const memoUrl = (id) => `/trade/json/memoInfo.htm?user_type=seller&orderid=${id}`;

/** The example an id of the answer stands for (repeated examples carry longer ids). */
export function exampleFor(id) {
  const orders = exampleOrders();
  return orders.find((o) => o.order_id === id) ?? orders.find((o) => id.startsWith(o.order_id) && id.length === 19);
}

/** The memos and flags the demo backend keeps, by order id: the examples' own at first,
 * changed by the memo page and the memo dialog. */
export function createStore() {
  const memos = new Map();
  const get = (id) => {
    if (!memos.has(id)) {
      const o = exampleFor(id);
      if (!o) return undefined;
      memos.set(id, { memo: o.remark ?? "", flag: flagCode(o.flag) });
    }
    return memos.get(id);
  };
  return {
    get,
    set(id, { memo, flag }) {
      const had = get(id);
      if (!had) return false;
      if (typeof memo === "string") had.memo = memo;
      if (Number.isInteger(flag) && flag >= 0 && flag <= 5) had.flag = flag;
      return true;
    },
  };
}

/** One kefu order as a main order of the list's answer. */
export function mainOrder(o, id = o.order_id, state = { memo: o.remark ?? "", flag: flagCode(o.flag) }) {
  const n = Number(o.order_id.slice(-2));
  const partial = o.status === "delivered" && /部分退款/.test(o.remark ?? "");
  const text = partial ? "订单部分退款中" : n % 2 === 0 && MERCHANT_TEXT[o.status] ? MERCHANT_TEXT[o.status] : STATUS_TEXT[o.status];
  const m = {
    id,
    orderInfo: { id, createTime: local(o.created_at) },
    buyer: { nick: o.buyer_nick },
    statusInfo: { text, type: `t-${o.status}` },
    payInfo: { actualFee: o.total, postFees: [{ name: "快递", value: "0.00" }] },
    extra: { sellerFlag: state.flag },
    logisticsInfo: {},
    operations: state.memo ? [{ text: "备忘", dataUrl: memoUrl(id) }] : [],
    subOrders: (o.items ?? []).map((it, i) => {
      const sub = {
        id: `${id}${String(i + 1).padStart(2, "0")}`.slice(-19),
        idStr: `${id}${String(i + 1).padStart(2, "0")}`.slice(-19),
        quantity: String(it.qty),
        itemInfo: {
          title: it.title,
          skuText: it.variant ? [{ name: "颜色分类", value: it.variant }] : [],
          extra: [{ name: "商家编码", value: it.sku }],
        },
        priceInfo: { realTotal: it.unit_price },
        operations: [],
      };
      // A line's after-sales state shows as its operations' text.
      if (/【退货】/.test(o.remark ?? "") && o.status !== "closed") sub.operations.push({ text: "待退货" });
      if (o.order_id === "4128000004") sub.operations.push({ text: "请卖家处理" });
      return sub;
    }),
  };
  if (o.paid_at) m.payInfo.payTime = local(o.paid_at);
  if (o.ship_by) m.orderInfo.deliveryDeadline = local(o.ship_by);
  if (o.shipped_at) m.logisticsInfo.consignTime = local(o.shipped_at);
  if (o.picked_up_at) m.logisticsInfo.collectTime = local(o.picked_up_at);
  if (o.delivered_at) m.logisticsInfo.signTime = local(o.delivered_at);
  if (o.cod) m.extra.isCod = true;
  return m;
}

/** A page of `size` orders: the examples, repeated under new 19-digit ids when more are
 * asked (the backend's ids are 19 digits; JavaScript numbers keep 15-16). */
export function soldAnswer({ pageNum = 1, pageSize = 15, store } = {}) {
  const orders = exampleOrders();
  const total = Math.max(orders.length, pageSize * pageNum);
  const main = [];
  for (let i = (pageNum - 1) * pageSize; i < Math.min(total, pageNum * pageSize); i++) {
    const o = orders[i % orders.length];
    const id = i < orders.length ? o.order_id : `${o.order_id}${String(i).padStart(19 - o.order_id.length, "0")}`;
    main.push(mainOrder(o, id, store?.get(id)));
  }
  return {
    page: { currentPage: pageNum, pageSize, totalNumber: total, totalPage: Math.ceil(total / pageSize) },
    mainOrders: main,
    tabs: [{ code: "latest3Months", text: "近三个月订单" }],
  };
}

/** The answer as the backend writes it: ids of 16 digits or more as bare JSON numbers
 * (a `JSON.parse` in a page rounds them; kefu must not). */
export function answerText(answer) {
  return JSON.stringify(answer).replace(/"(id)":"(\d{16,})"/g, '"$1":$2');
}
