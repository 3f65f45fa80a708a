#!/usr/bin/env python3
"""Writes N generated orders for the seller-data benchmarks, the same orders in each
format kefu reads: kefu NDJSON, a kefu JSON array, the legacy GBK order report (all 54
columns) and, when openpyxl is installed, an xlsx with a chosen subset of columns.

usage: python3 bench/gen_export.py N OUT_DIR [--xlsx M]   (M rows of xlsx, default 0)
Deterministic: a seeded generator, no clock.
"""
import csv
import io
import json
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "exports"))
from generate import LEGACY  # noqa: E402  the 54 legacy headers, one list

STATUS = [("买家已付款，等待卖家发货", "paid"), ("卖家已发货，等待买家确认", "shipped"), ("交易成功", "delivered"),
          ("交易关闭", "closed"), ("等待买家付款", "unpaid")]
REMARKS = ["", "", "加急 小王/11-25", "【改地址】地址：浙江省杭州市西湖区文三路90号（小王/2026-11-25 09:12）",
           "改电话", "【取消订单】原因：拍错（小李/2026-11-24 10:00）", "送礼物 客服小美/11-24 14:30\n再次确认地址"]


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    xlsx_rows = int(sys.argv[sys.argv.index("--xlsx") + 1]) if "--xlsx" in sys.argv else 0
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(20261125)
    nd = open(os.path.join(out, "orders.ndjson"), "w", encoding="utf-8")
    arr = open(os.path.join(out, "orders.json"), "w", encoding="utf-8")
    gbk = open(os.path.join(out, "orders.csv"), "wb")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(LEGACY)
    gbk.write(buf.getvalue().encode("gb18030"))
    arr.write("[\n")
    rows_for_xlsx = []
    for i in range(n):
        text, state = STATUS[rnd.randrange(len(STATUS))]
        oid = f"41{i:017d}"
        day = 20 + rnd.randrange(6)
        created = f"2026-11-{day:02d} {rnd.randrange(24):02d}:{rnd.randrange(60):02d}:00"
        paid = "" if state == "unpaid" else created[:-2] + "30"
        total = f"{rnd.randrange(1, 2000)}.{rnd.randrange(100):02d}"
        remark = REMARKS[rnd.randrange(len(REMARKS))]
        order = {"order_id": oid, "status": state, "total": total, "created_at": created.replace(" ", "T") + "+08:00",
                 "remark": remark, "unknown": ["flag", "pushed_at", "ship_by", "picked_up_at", "delivered_at", "items",
                                               "out_of_stock"]}
        if paid:
            order["paid_at"] = paid.replace(" ", "T") + "+08:00"
        line = json.dumps(order, ensure_ascii=False)
        nd.write(line + "\n")
        arr.write(("  " if i == 0 else ",\n  ") + line)
        row = {h: "" for h in LEGACY}
        row.update({"订单编号": f'="{oid}"', "买家会员名": f"tb{i}", "订单状态": text, "买家实际支付金额": total,
                    "总金额": total, "订单创建时间": created, "订单付款时间 ": paid, "订单备注": remark,
                    "收货人姓名": "张*", "收货地址 ": "浙江省 杭州市 *****", "联系手机": "'13800138000-8192",
                    "店铺名称": "杭州小铺"})
        buf.seek(0)
        buf.truncate()
        w.writerow([row[h] for h in LEGACY])
        gbk.write(buf.getvalue().encode("gb18030"))
        if i < xlsx_rows:
            rows_for_xlsx.append([oid, text, total, created, paid, remark])
    arr.write("\n]\n")
    for f in (nd, arr, gbk):
        f.close()
    if xlsx_rows:
        import openpyxl
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet("订单列表")
        ws.append(["订单编号", "订单状态", "买家实际支付金额", "订单创建时间", "订单付款时间", "商家备忘"])
        for r in rows_for_xlsx:
            ws.append(r)
        wb.save(os.path.join(out, "orders.xlsx"))


if __name__ == "__main__":
    main()
