#!/usr/bin/env python3
"""Writes the example exports in the marketplace's real shapes (../../../shared/seller-data.md):

- ExportOrderList202611251020.csv   legacy order report: GBK, all 54 columns, quirks
- ExportOrderDetailList202611251020.csv  legacy item report: GBK
- orders-2026-11-25.xlsx            today's export: a chosen subset of columns, Chinese headers,
                                    the same orders as the CSV
- trades-page.json                  an open-platform page (taobao.trades.sold.get)
- erp-orders.csv                    another tool's export, read with examples/mappings/erp.toml

Deterministic (no clock, no randomness): run it again and nothing changes.
Usage: python3 examples/exports/generate.py  (needs openpyxl for the xlsx)
"""
import csv
import io
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

LEGACY = ["订单编号", "买家会员名", "买家支付宝账号", "买家应付货款", "买家应付邮费", "买家支付积分", "总金额",
          "返点积分", "买家实际支付金额", "买家实际支付积分", "订单状态", "买家留言", "收货人姓名", "收货地址 ",
          "运送方式", "联系电话 ", "联系手机", "订单创建时间", "订单付款时间 ", "宝贝标题 ", "宝贝种类 ",
          "物流单号 ", "物流公司", "订单备注", "宝贝总数量", "店铺Id", "店铺名称", "订单关闭原因", "卖家服务费",
          "买家服务费", "发票抬头", "是否手机订单", "分阶段订单信息", "特权订金订单id", "是否上传合同照片",
          "是否上传小票", "是否代付", "定金排名", "修改后的sku", "修改后的收货地址", "异常信息", "天猫卡券抵扣",
          "集分宝抵扣", "是否是O2O交易", "新零售交易类型", "新零售导购门店名称", "新零售导购门店id",
          "新零售发货门店名称", "新零售发货门店id", "退款金额", "预约门店", "确认收货时间", "打款商家金额",
          "含应开票给个人的个人红包"]
assert len(LEGACY) == 54

ITEM_HEADER = ["订单编号", "标题", "价格", "购买数量", "外部系统编号", "商品属性", "套餐信息", "备注", "订单状态", "商家编码"]

# (id suffix, status text, paid, created, paid_at, remark, items [(title, price, qty, props, code)], extra)
ORDERS = [
    ("01", "买家已付款，等待卖家发货", "199.00", "2026-11-24 21:10:05", "2026-11-24 21:10:40",
     "【改地址】地址：浙江省杭州市西湖区文三路90号（小王/2026-11-25 09:12）",
     [("纯棉圆领T恤", "99.50", 2, "颜色分类：白色;尺码：XL", "TS-WH-XL")], {}),
    ("02", "买家已付款，等待卖家发货", "59.00", "2026-11-24 22:01:00", "2026-11-24 22:02:13",
     "", [("加绒卫衣", "59.00", 1, "", "HD-01")], {}),  # no colour/size chosen: R-PROACTIVE-5
    ("03", "卖家已发货，等待买家确认", "328.00", "2026-11-20 10:00:00", "2026-11-20 10:00:30",
     "加急 小李/11-21", [("羊毛大衣", "328.00", 1, "颜色分类：驼色;尺码：M", "CT-CA-M")], {}),
    ("04", "交易关闭", "89.00", "2026-11-22 08:30:00", "2026-11-22 08:31:00",
     "", [("牛仔裤", "89.00", 1, "颜色分类：蓝色;尺码：30", "JN-BL-30")], {"订单关闭原因": "买家不想买了"}),
    ("05", "交易被淘宝关闭", "45.00", "2026-11-23 12:00:00", "",
     "", [("袜子三双装", "15.00", 3, "颜色分类：混色", "SK-MIX")], {"订单关闭原因": "买家未付款"}),
    ("06", "等待买家付款", "120.00", "2026-11-25 08:40:00", "",
     "", [("保温杯", "120.00", 1, "颜色分类：黑色", "CUP-BK")], {}),
    ("07", "交易成功", "256.00", "2026-11-15 19:20:00", "2026-11-15 19:21:00",
     "【退货】原因：尺码不合适（客服小美/2026-11-21 16:05）\n送运费险 小美",
     [("连衣裙", "256.00", 1, "颜色分类：红色;尺码：S", "DR-RD-S")], {}),
    ("08", "等待买家确认货到付款订单信息", "78.00", "2026-11-25 07:55:00", "",
     "", [("拖鞋", "39.00", 2, "颜色分类：灰色;尺码：42", "SL-GY-42")], {}),
    ("09", "卖家已发货，等待买家确认", "1299.00", "2026-11-18 14:00:00", "2026-11-18 14:01:00",
     "【改电话】电话：13900001111（小王/2026-11-18 15:00）", [("羽绒服", "1299.00", 1, "颜色分类：黑色;尺码：L", "DN-BK-L")], {}),
    ("10", "买家已付款，等待卖家发货", "35.50", "2026-11-25 06:10:00", "2026-11-25 06:10:30",
     "null", [("手机壳", "35.50", 1, "颜色分类：透明;适用型号：iPhone 16", "PC-CL-16")], {}),
    ("11", "交易关闭", "158.00", "2026-11-21 09:00:00", "2026-11-21 09:00:20",
     "【取消订单】原因：拍错颜色（小王/2026-11-21 09:30）", [("毛衣", "158.00", 1, "颜色分类：米白;尺码：M", "SW-WH-M")], {}),
    ("12", "买家已付款，等待卖家发货", "66.00", "2026-11-24 23:59:00", "2026-11-25 00:00:10",
     "改电话 小王/11-25", [("围巾", "66.00", 1, "颜色分类：酒红", "SC-WR")], {"修改后的收货地址": "上海市浦东新区世纪大道100号"}),
]

ID_BASE = "41280000142356789"


def order_rows():
    for sfx, status, paid, created, paid_at, remark, items, extra in ORDERS:
        oid = ID_BASE + sfx
        title = "，".join(i[0] for i in items)
        row = {h: "" for h in LEGACY}
        row.update({
            "订单编号": f'="{oid}"',  # the spreadsheet guard real exports carry
            "买家会员名": f"tb_buyer_{sfx}",
            "买家支付宝账号": "***",
            "买家应付货款": paid,
            "买家应付邮费": "0.00",
            "买家支付积分": "0",
            "总金额": paid,
            "返点积分": "0",
            "买家实际支付金额": paid if paid_at else "0.00",
            "买家实际支付积分": "0",
            "订单状态": status,
            "买家留言": "null",
            "收货人姓名": "张*",
            "收货地址 ": "浙江省 杭州市 西湖区 *****",
            "运送方式": "快递",
            "联系电话 ": "",
            "联系手机": f"'1380013{sfx}00-8192",  # a virtual number, kept as it is
            "订单创建时间": created,
            "订单付款时间 ": paid_at,
            "宝贝标题 ": title,
            "宝贝种类 ": str(len(items)),
            "物流单号 ": "",
            "物流公司": "",
            "订单备注": remark,
            "宝贝总数量": str(sum(i[2] for i in items)),
            "店铺Id": "57300001",
            "店铺名称": "杭州小铺",
            "是否手机订单": "手机订单",
            "退款金额": "0",
        })
        row.update(extra)
        yield oid, row, items, status


def write_gbk_csv(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    with open(path, "wb") as f:
        f.write(buf.getvalue().encode("gb18030"))


def main():
    orders = list(order_rows())
    write_gbk_csv(os.path.join(HERE, "ExportOrderList202611251020.csv"), LEGACY,
                  [[row[h] for h in LEGACY] for _, row, _, _ in orders])
    item_rows = []
    for oid, _, items, status in orders:
        for title, price, qty, props, code in items:
            item_rows.append([f'="{oid}"', title, price, str(qty), "", props, "", "", status, code])
    write_gbk_csv(os.path.join(HERE, "ExportOrderDetailList202611251020.csv"), ITEM_HEADER, item_rows)

    # Today's export: the seller picked these columns, in this order (trailing spaces gone).
    subset = ["订单编号", "订单状态", "买家实际支付金额", "订单创建时间", "订单付款时间", "商家备忘", "收货人姓名",
              "联系手机", "收货地址", "修改后的收货地址", "店铺名称", "买家会员名"]
    source = {"订单付款时间": "订单付款时间 ", "商家备忘": "订单备注", "收货地址": "收货地址 "}
    try:
        import openpyxl
    except ImportError:
        print("openpyxl missing: the xlsx is not rewritten (pip install openpyxl)")
    else:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "订单列表"
        ws.append(subset)
        for oid, row, _, _ in orders:
            values = [row[source.get(h, h)] for h in subset]
            values[0] = oid  # xlsx cells hold the id as text, no guard needed
            values[7] = values[7].lstrip("'")
            ws.append(values)
        for cell in ws["A"]:
            cell.number_format = "@"
        wb.properties.creator = "kefu examples"
        wb.properties.created = wb.properties.modified = __import__("datetime").datetime(2026, 11, 25, 10, 20)
        wb.save(os.path.join(HERE, "orders-2026-11-25.xlsx"))

    # An open-platform page, as an ERP pulls it: flags, carrier times and lines included.
    trades = []
    statuses = {"买家已付款，等待卖家发货": "WAIT_SELLER_SEND_GOODS", "卖家已发货，等待买家确认": "WAIT_BUYER_CONFIRM_GOODS",
                "交易关闭": "TRADE_CLOSED", "交易被淘宝关闭": "TRADE_CLOSED_BY_TAOBAO", "等待买家付款": "WAIT_BUYER_PAY",
                "交易成功": "TRADE_FINISHED", "等待买家确认货到付款订单信息": "WAIT_BUYER_PAY"}
    flags = {"01": 1, "03": 4, "04": 5, "09": 5, "11": 5, "12": 1}
    for oid, row, items, status in orders:
        sfx = oid[-2:]
        t = {
            "tid": int(oid), "status": statuses[status], "seller_flag": flags.get(sfx, 0),
            "seller_memo": "" if row["订单备注"] == "null" else row["订单备注"], "buyer_nick": row["买家会员名"],
            "created": row["订单创建时间"], "payment": row["买家实际支付金额"],
            "receiver_name": "张*", "receiver_state": "浙江省", "receiver_city": "杭州市", "receiver_address": "*****",
            "orders": {"order": [{"oid": int(oid) + 100000 + n, "title": i[0], "price": i[1], "num": i[2],
                                  "sku_properties_name": i[3].replace("：", ":"), "outer_sku_id": i[4]}
                                 for n, i in enumerate(items)]},
        }
        if row["订单付款时间 "]:
            t["pay_time"] = row["订单付款时间 "]
        if status.startswith("卖家已发货"):
            t["consign_time"] = "2026-11-21 18:00:00"
            t["collect_time"] = "2026-11-21 20:30:00"
        if status == "交易成功":
            t["consign_time"], t["collect_time"], t["sign_time"] = "2026-11-16 10:00:00", "2026-11-16 12:00:00", "2026-11-18 09:00:00"
        if statuses[status] == "WAIT_SELLER_SEND_GOODS":
            t["est_con_time"] = "2026-11-26 23:59:59"
        trades.append(t)
    page = {"trades_sold_get_response": {"total_results": len(trades), "has_next": False, "trades": {"trade": trades}}}
    with open(os.path.join(HERE, "trades-page.json"), "w", encoding="utf-8") as f:
        json.dump(page, f, ensure_ascii=False, indent=2)
        f.write("\n")

    # Another tool's export (an ERP's), read with examples/mappings/erp.toml.
    erp = [["单号", "平台状态", "实付", "下单时间", "付款时间", "客服备注", "旗帜", "店铺"]]
    erp_status = {"买家已付款，等待卖家发货": "待发货", "卖家已发货，等待买家确认": "已发货", "交易关闭": "已关闭",
                  "交易被淘宝关闭": "已关闭", "等待买家付款": "待付款", "交易成功": "已完成",
                  "等待买家确认货到付款订单信息": "待付款"}
    erp_flag = {1: "红旗", 4: "蓝旗", 5: "紫旗", 0: "无"}
    for oid, row, _, status in orders:
        erp.append([oid, erp_status[status], row["买家实际支付金额"] + "元", row["订单创建时间"].replace("-", "/"),
                    row["订单付款时间 "].replace("-", "/"), "" if row["订单备注"] == "null" else row["订单备注"],
                    erp_flag[flags.get(oid[-2:], 0)], row["店铺名称"]])
    with open(os.path.join(HERE, "erp-orders.csv"), "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(erp)


if __name__ == "__main__":
    main()
