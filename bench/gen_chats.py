#!/usr/bin/env python3
"""Chat transcripts for the `kefu qa` benchmark (BENCHMARKS.md, issue 27): NDJSON, one
message per line in the open platform's shape (from_id/to_id/direction/time/content/
type), N messages in chats of 10 across 20 agents, a realistic mix of clean replies,
platform words, date promises, blame, auto-replies and slow or missing replies.

    python3 bench/gen_chats.py 1000000 > /tmp/chats-1m.ndjson
"""
import json
import sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
BUYER = ["在吗", "这件有L码吗", "什么时候发货", "能便宜点吗", "我的快递怎么还没到", "质量怎么样", "好的谢谢", "怎么退货"]
AGENT = [
    "在的亲，请问有什么可以帮您",
    "有的亲，L码有货，喜欢可以放心拍哦",
    "亲，仓库已发货，请耐心等待",
    "亲，这款是新品面料，做工很扎实，现在下单还送运费险哦",
    "亲，明天一定给您送到",
    "不是我们的问题，是快递的问题",
    "亲，给个五星好评，好评返现5元哦",
    "感谢亲的支持～收到后有任何问题随时找我",
]
out = sys.stdout
written = 0
chat = 0
while written < N:
    agent = f"cntaobao云裳旗舰店:客服{chat % 20:02d}"
    buyer = f"b**{chat % 9973}"
    base = 1764028800 + (chat * 37) % (14 * 3600)  # 2026-11-25 08:00 + up to 14 h
    t = base
    for k in range(min(10, N - written)):
        buyer_turn = k % 2 == 0
        t += 20 + (chat * 7 + k * 13) % 150
        msg = {"from_id": agent, "to_id": buyer, "direction": 1 if buyer_turn else 0, "time": t}
        if buyer_turn:
            msg["content"] = BUYER[(chat + k) % len(BUYER)]
        else:
            msg["content"] = AGENT[(chat * 3 + k) % len(AGENT)]
            if k == 1 and chat % 5 == 0:
                msg["type"] = 1
        out.write(json.dumps(msg, ensure_ascii=False))
        out.write("\n")
        written += 1
    chat += 1
