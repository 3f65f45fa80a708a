#!/usr/bin/env python3
"""Writes examples/cases/service-desk-2026-11.ndjson: a month of a shop's service desk as
cases (kefu's case JSON), for `kefu diff` and `kefu decide`.

The mix a desk sees in November: discounts asked by buyers (amounts on both sides of the
agent's limit of 20.00 and of 50.00, asked of agents of every standing, some buyers
insisting), price-drop claims inside Double 11 and after it (unshipped and shipped, one
page price error), and the everyday requests (cancellations, late parcels, defects,
wrong items, receiver changes). Order ids are 19 digits, as the marketplace's are.

Deterministic (no clock, no randomness): run it again and nothing changes.
Usage: python3 examples/cases/generate.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DOUBLE11 = {"name": "double11", "start": "2026-11-01T00:00:00+08:00", "end": "2026-11-30T23:59:59+08:00"}
ITEMS = [
    ("TEE-01", "纯棉T恤", "99.00", "白色 L"),
    ("COAT-07", "羊毛大衣", "599.00", "驼色 M"),
    ("JEANS-03", "直筒牛仔裤", "189.00", "蓝色 30"),
    ("KNIT-12", "羊绒围巾", "259.00", "灰色"),
]
AGENTS = {"agent": "小王", "new": "小林", "senior": "阿珍", "supervisor": "周主管"}

cases = []


def order(n, status, day, item=1, qty=1):
    sku, title, price, variant = ITEMS[item]
    fen = int(price.replace(".", "")) * qty
    total = f"{fen // 100}.{fen % 100:02d}"
    o = {
        "order_id": f"40212611{n:011d}",
        "status": status,
        "created_at": f"2026-11-{day:02d}T09:00:00+08:00",
        "items": [{"sku": sku, "title": title, "qty": qty, "unit_price": price, "variant": variant}],
        "total": total,
        "buyer_nick": f"tb_buyer_{n:03d}",
    }
    if status != "unpaid":
        o["paid_at"] = f"2026-11-{day:02d}T09:05:00+08:00"
        o["ship_by"] = f"2026-11-{day + 2:02d}T23:59:00+08:00"
    if status in ("pushed", "shipped", "delivered"):
        o["pushed_at"] = f"2026-11-{day:02d}T12:00:00+08:00"
    if status in ("shipped", "delivered"):
        o["shipped_at"] = f"2026-11-{day + 1:02d}T16:00:00+08:00"
        o["picked_up_at"] = f"2026-11-{day + 1:02d}T18:00:00+08:00"
    if status == "delivered":
        o["delivered_at"] = f"2026-11-{day + 3:02d}T11:00:00+08:00"
    return o


def case(n, o, now, request, role="agent", context=None):
    c = {"now": now, "order": o, "request": request, "agent": {"name": AGENTS[role], "role": role}}
    if context:
        c["context"] = context
    cases.append(c)


n = 0
# Discounts: the agent's limit is 20.00 by default; amounts on both sides of 20 and 50.
for amount, role, insists, item in [
    ("5.00", "agent", False, 1), ("15.00", "agent", True, 1), ("20.00", "agent", True, 1),
    ("20.01", "agent", True, 1), ("25.00", "agent", False, 1), ("30.00", "agent", True, 3),
    ("35.00", "agent", True, 1), ("45.00", "agent", False, 2), ("49.99", "agent", True, 1),
    ("50.00", "agent", True, 1), ("50.01", "agent", True, 1), ("60.00", "agent", True, 1),
    ("80.00", "agent", False, 1), ("30.00", "new", True, 1), ("40.00", "senior", True, 1),
    ("45.00", "supervisor", True, 1), ("30.00", "agent", True, 0), ("120.00", "agent", True, 0),
]:
    n += 1
    status = "paid" if n % 3 else "delivered"
    request = {"kind": "discount", "amount": amount, "insists": insists}
    case(n, order(n, status, 10 + n % 8, item), "2026-11-20T15:00:00+08:00", request, role)

# Price drops: inside Double 11 (now within the promotion) and after it.
for now, status, reason, amount, item in [
    ("2026-11-12T10:00:00+08:00", "paid", "price_drop", "30.00", 1),
    ("2026-11-13T10:00:00+08:00", "shipped", "price_drop", "50.00", 1),
    ("2026-11-14T10:00:00+08:00", "delivered", "price_drop", "20.00", 2),
    ("2026-11-15T10:00:00+08:00", "paid", "price_drop", None, 3),
    ("2026-11-16T10:00:00+08:00", "shipped", "page_price_error", "40.00", 1),
    ("2026-12-02T10:00:00+08:00", "paid", "price_drop", "30.00", 1),
    ("2026-12-02T11:00:00+08:00", "shipped", "price_drop", "25.00", 2),
    ("2026-12-03T10:00:00+08:00", "delivered", "price_drop", "60.00", 1),
]:
    n += 1
    request = {"kind": "price_difference", "reason": reason}
    if amount:
        request["amount"] = amount
    day = int(now[8:10]) - 3 if now.startswith("2026-11") else 24
    case(n, order(n, status, day, item), now, request, context={"promotions": [DOUBLE11]})

# The everyday requests.
everyday = [
    ("unpaid", {"kind": "cancel", "reason": "changed_mind"}),
    ("paid", {"kind": "cancel", "reason": "changed_mind"}),
    ("paid", {"kind": "cancel", "reason": "wrong_colour", "reason_text": "拍错颜色"}),
    ("pushed", {"kind": "cancel", "reason": "changed_mind", "insists": True}),
    ("shipped", {"kind": "cancel", "reason": "changed_mind"}),
    ("paid", {"kind": "where_is_my_order"}),
    ("shipped", {"kind": "where_is_my_order"}),
    ("delivered", {"kind": "defect", "reason": "defect", "evidence": ["photo"]}),
    ("delivered", {"kind": "defect", "reason": "defect"}),
    ("delivered", {"kind": "missing_item", "reason": "missing_item", "evidence": ["photo"]}),
    ("delivered", {"kind": "return", "reason": "wrong_size", "wants": "exchange", "new_variant": "驼色 L"}),
    ("paid", {"kind": "change_receiver", "new_receiver": {"name": "李雷", "phone": "13800138000",
                                                          "address": "浙江省杭州市西湖区文三路100号"}}),
]
for status, request in everyday:
    n += 1
    case(n, order(n, status, 10 + n % 9, n % 4), "2026-11-22T10:00:00+08:00", request)

with open(os.path.join(HERE, "service-desk-2026-11.ndjson"), "w", encoding="utf-8") as f:
    for c in cases:
        f.write(json.dumps(c, ensure_ascii=False) + "\n")
