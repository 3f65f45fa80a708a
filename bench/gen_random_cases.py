#!/usr/bin/env python3
"""Generate N varied, valid cases as NDJSON from a fixed seed: every request kind,
reason, status, role, flag, remark shape and context switch, in random combinations.
Unlike gen_cases.py (which cycles the scenario suite), this reaches branch combinations
nobody wrote a scenario for, so comparing two builds' decisions on it shows whether a
refactor changed any behaviour.

usage: python3 bench/gen_random_cases.py N [SEED] > cases.ndjson
"""
import json
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 20261125)

KINDS = ["none", "cancel", "return", "exchange", "refund", "price_difference", "where_is_my_order",
         "change_receiver", "discount", "defect", "wrong_item", "missing_item", "damaged", "complaint"]
REASONS = [None, "changed_mind", "wrong_size", "wrong_colour", "doubt", "no_reason", "defect", "wrong_item",
           "missing_item", "damaged_in_transit", "late_shipment", "stalled", "price_drop", "page_price_error",
           "force_majeure", "other"]
STATUSES = ["unpaid", "paid", "pushed", "shipped", "delivered", "closed"]
EVIDENCE = ["photo", "video", "serial", "activation", "warehouse_record", "carrier_record"]
REMEDIES = [None, "refund", "replacement", "exchange", "reship", "compensation"]
ROLES = ["new", "agent", "senior", "supervisor", "leadership"]
FLAGS = [0, 1, 2, 3, 4, 5]
WAREHOUSE = [None, "pending", "intercepted", "not_found", "already_shipped"]
REMARKS = ["", "加急发顺丰", "改电话 小王/11-25", "【取消订单】（小王/2026-11-25 14:30）",
           "客人要求周五前到 小李/11-24\n", "[Refund] amount: 3.00 yuan (Li/2026-11-20 09:00)",
           "备" * 320, "改地址：杭州西湖区 小王/11-25 14:30"]
WORDS = [None, "不想要了", "尺码拍错了", "等不及了", "", "  ", "a\nb"]


def ts(day, minute):
    h, m = divmod(minute, 60)
    return f"2026-11-{day:02d}T{h:02d}:{m:02d}:00+08:00"


def money(fen):
    return f"{fen // 100}.{fen % 100:02d}"


def maybe(p):
    return rng.random() < p


def order(i):
    status = rng.choice(STATUSES)
    items = []
    for k in range(rng.randint(0, 3)):
        item = {"sku": f"SKU-{rng.randint(1, 6)}", "qty": rng.randint(1, 3),
                "unit_price": money(rng.randint(100, 100000))}
        if maybe(0.2):
            item["title"] = "T恤"
        if maybe(0.8):
            item["variant"] = rng.choice(["红色 M", "黑色 L", " "])
        if maybe(0.1):
            item["out_of_stock"] = True
        items.append(item)
    o = {"order_id": f"7{i:011d}", "status": status, "total": money(rng.randint(0, 300000)),
         "flag": rng.choice(FLAGS), "remark": rng.choice(REMARKS), "items": items}
    day = rng.randint(18, 25)
    for field, p in [("created_at", 0.8), ("paid_at", 0.6), ("pushed_at", 0.3), ("shipped_at", 0.4),
                     ("picked_up_at", 0.3), ("delivered_at", 0.2), ("closed_at", 0.1), ("ship_by", 0.7)]:
        if maybe(p):
            o[field] = ts(rng.randint(day - 3 if field != "ship_by" else day, min(day + 2, 28)),
                          rng.randint(0, 1439))
    if maybe(0.15):
        o["cod"] = True
        o["cod_confirmed"] = maybe(0.4)
    if maybe(0.3):
        r = {}
        for f, v in [("name", "张三"), ("phone", "13900001111"), ("address", "杭州市西湖区")]:
            if maybe(0.6):
                r[f] = v
        if maybe(0.4):
            r["changed_at"] = ts(day, rng.randint(0, 1439))
        o["receiver"] = r
    if maybe(0.3):
        o["buyer_nick"] = "buyer"
    if maybe(0.3):
        o["store"] = rng.choice(["旗舰店", "outlet"])
    return o


def request():
    r = {"kind": rng.choice(KINDS)}
    reason = rng.choice(REASONS)
    if reason:
        r["reason"] = reason
    w = rng.choice(WORDS)
    if w is not None:
        r["reason_text"] = w
    if maybe(0.4):
        r["evidence"] = rng.sample(EVIDENCE, rng.randint(1, 3))
    if maybe(0.5):
        r["amount"] = money(rng.choice([0, 500, 1999, 2000, 2001, 5000, 30000, rng.randint(1, 999999)]))
    wants = rng.choice(REMEDIES)
    if wants:
        r["wants"] = wants
    if maybe(0.2):
        r["skus"] = [f"SKU-{rng.randint(1, 6)}"]
    if r["kind"] == "change_receiver" or maybe(0.05):
        nr = {}
        for f, v in [("name", "李四"), ("phone", "13800002222"), ("address", "上海市"), ("courier", "顺丰")]:
            if maybe(0.35):
                nr[f] = v
        r["new_receiver"] = nr
    if maybe(0.2):
        r["insists"] = True
    return r


def context():
    c = {}
    if maybe(0.5):
        c["contacts_on_issue"] = rng.randint(0, 5)
    if maybe(0.2):
        c["defect_reports"] = [{"sku": f"SKU-{rng.randint(1, 6)}", "at": ts(rng.randint(10, 25), 600),
                                "order_id": rng.choice([None, "x", "y"])} for _ in range(rng.randint(1, 4))]
        for d in c["defect_reports"]:
            if d["order_id"] is None:
                del d["order_id"]
    if maybe(0.4):
        lg = {}
        if maybe(0.6):
            lg["last_event_at"] = ts(rng.randint(15, 25), rng.randint(0, 1439))
        if maybe(0.2):
            lg["stalled"] = True
        if maybe(0.1):
            lg["force_majeure"] = True
        c["logistics"] = lg
    if maybe(0.3):
        c["risk"] = {k: True for k in ["threatens_exposure", "platform_intervention", "broken_promise_complaint",
                                       "negative_review"] if maybe(0.4)}
    if maybe(0.2):
        c["promotions"] = [{"name": rng.choice(["double11", "618"]), "start": ts(20, 0), "end": ts(26, 0)}]
    wh = rng.choice(WAREHOUSE)
    if wh:
        c["warehouse"] = wh
    for flag in ["retention_attempted", "prior_chat", "buyer_unreachable", "freight_insurance"]:
        if maybe(0.2):
            c[flag] = True
    if maybe(0.3):
        c["reminders_sent"] = rng.randint(0, 2)
    if maybe(0.3):
        c["sku_binding_error"] = maybe(0.5)
    return c


out = sys.stdout
for i in range(n):
    case = {"now": ts(25, rng.randint(0, 1439)), "order": order(i), "request": request(),
            "agent": {"name": rng.choice(["小王", "Li", "客服"]), "role": rng.choice(ROLES)},
            "context": context()}
    out.write(json.dumps(case, ensure_ascii=False))
    out.write("\n")
