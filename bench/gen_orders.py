#!/usr/bin/env python3
"""Generate N realistic orders as NDJSON for benchmarks (deterministic: fixed seed).

usage: python3 bench/gen_orders.py N > orders.ndjson
"""
import json
import random
import sys

rng = random.Random(20261125)
STATUSES = ["unpaid", "paid", "pushed", "shipped", "delivered", "closed"]
FLAGS = [0, 0, 0, 1, 2, 3, 4, 5]
REMARKS = [
    "",
    "加急发货",
    "改地址 小王/11-24",
    "【取消订单】说明：买家拍错颜色（小王/2026-11-24 15:10）",
    "【改电话】电话：13900001111（小李/2026-11-24 09:30）",
    "【部分退款】金额：30.00元；说明：轻微瑕疵补偿（小美/2026-11-23 18:02）\n买家已确认 小美/11-23",
    "[Return] note: wrong size (Lily/2026-11-24 11:00)",
    "送赠品袜子 11-24",
]


def order(i):
    status = rng.choice(STATUSES)
    day = 20 + i % 5
    price = rng.randint(990, 59900)
    qty = rng.randint(1, 3)
    o = {
        "order_id": f"5{i:011d}",
        "status": status,
        "created_at": f"2026-11-{day}T10:{i % 60:02d}:00+08:00",
        "ship_by": f"2026-11-{day + 2}T23:59:00+08:00",
        "items": [{"sku": f"SKU-{rng.randint(1, 300)}", "title": "纯棉T恤", "qty": qty,
                   "unit_price": f"{price // 100}.{price % 100:02d}", "variant": "白色 L"}],
        "total": f"{price * qty // 100}.{price * qty % 100:02d}",
        "receiver": {"name": "张三", "phone": "13800001234", "address": "浙江省杭州市西湖区文三路100号"},
        "flag": rng.choice(FLAGS),
        "remark": rng.choice(REMARKS),
    }
    if status != "unpaid":
        o["paid_at"] = f"2026-11-{day}T10:{i % 60:02d}:30+08:00"
    if status in ("shipped", "delivered"):
        o["shipped_at"] = f"2026-11-{day + 1}T16:00:00+08:00"
    if rng.random() < 0.05:
        o["cod"] = True
    if rng.random() < 0.05:
        o["receiver"]["changed_at"] = f"2026-11-{day}T12:00:00+08:00"
    return o


n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
out = sys.stdout
for i in range(n):
    out.write(json.dumps(order(i), ensure_ascii=False))
    out.write("\n")
