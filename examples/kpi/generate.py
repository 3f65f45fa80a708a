#!/usr/bin/env python3
"""Writes the example indicator tables for `kefu kpi`, in the shapes shops have
(../../../shared/seller-data.md §5):

- 自制报表-报表查看-客服绩效_20261101_20261130_全部.xlsx  the workbench's 客服绩效 report:
  mixed-width brackets in two headers, the six summary rows at the end, the period only in
  the file name (needs openpyxl)
- 赤兔售前明细_202611.csv  a 赤兔-style export in GBK: a banner row above the header, `->`
  in headers, a formatted 平均响应时间 beside its (秒) twin, a store column with one agent on
  two stores, named compliments and complaints
- teams.json  the team and its lead (R-KPI-LEAD)
- daily-performance-2026-11.json  the platform's daily performance messages
  (taobao_fuwu_CustomerServicePerformance: raw totals per wangwang_nick and date), a week
- evaluations.json  the month's service evaluations (the platform's EvalDetail: eval_code
  0 非常满意 … 4 非常不满意), one in December outside the report's period

The situations the seeds describe: a strong agent near the 90 line (bonus tier), one just
under it, a slow responder, an agent on two stores (60/40), a compliment and a complaint.
Deterministic: run it again and nothing changes.  Usage: python3 examples/kpi/generate.py
"""
import csv
import io
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

WORKBENCH = ["旺旺昵称", "询单人数", "询单最终付款人数", "询单最终付款转化率", "首次响应时长（秒)", "平均响应时长（秒)",
             "客户满意率", "旺旺回复率", "询单最终付款金额", "成功退款金额"]
AGENTS = [
    # nick, inquiries, paid, first s, avg s, satisfaction, reply rate, sales, refunds
    ("云裳旗舰店:小王", 2650, 928, 8, 21, "98.20%", "100.00%", "265800.00", "3120.00"),
    ("云裳旗舰店:小林", 2410, 795, 11, 27, "96.10%", "99.80%", "231500.00", "2210.00"),
    ("云裳旗舰店:阿珍", 1880, 545, 14, 33, "93.50%", "99.10%", "160200.00", "4080.00"),
    ("云裳旗舰店:小美", 1320, 238, 35, 88, "81.00%", "95.20%", "70300.00", "5210.00"),
]
SUMMARY = ["汇总值", "平均值", "全店汇总值", "全店平均值", "同行同层优秀", "同行同层均值"]


def workbench_rows():
    rows = [WORKBENCH]
    for nick, inq, paid, first, avg, sat, reply, sales, refunds in AGENTS:
        rows.append([nick, inq, paid, f"{paid / inq * 100:.2f}%", first, avg, sat, reply, sales, refunds])
    inq = sum(a[1] for a in AGENTS)
    paid = sum(a[2] for a in AGENTS)
    for label in SUMMARY:
        rows.append([label, inq, paid, f"{paid / inq * 100:.2f}%", "-", "-", "-", "-", "-", "-"])
    return rows


def chitu_rows():
    header = ["客服", "店铺", "接待人数", "询单人数", "询单->最终付款人数", "询单->最终付款成功率", "销售额",
              "平均响应时间", "平均响应时间(秒)", "首次平均响应(s)", "上班天数", "点名表扬", "点名投诉"]
    rows = [["赤兔名品 售前明细 2026-11-01 至 2026-11-30", "", "", "", "", "", "", "", "", "", "", "", ""], header]
    data = [
        ("小王", "云裳旗舰店", 2900, 2650, 928, "265800.00", 21, 8, 22, 1, 0),
        ("小林", "云裳旗舰店", 1700, 1510, 520, "151000.00", 26, 10, 13, 0, 0),
        ("小林", "云裳童装店", 1000, 900, 275, "80500.00", 29, 12, 9, 0, 0),
        ("阿珍", "云裳旗舰店", 2100, 1880, 545, "160200.00", 33, 14, 22, 0, 0),
        ("小美", "云裳旗舰店", 1500, 1320, 238, "70300.00", 88, 35, 21, 0, 1),
    ]
    for agent, store, served, inq, paid, sales, avg, first, days, praise, complaints in data:
        m, s = divmod(avg, 60)
        formatted = f"{m}分{s}秒" if m else f"{s}秒"
        rows.append([agent, store, served, inq, paid, f"{paid / inq:.4f}", sales, formatted, avg, first, days, praise, complaints])
    return rows


def main():
    try:
        import openpyxl
        import datetime
        wb = openpyxl.Workbook()
        # Fixed document times, so that the file is the same on every run.
        wb.properties.created = wb.properties.modified = datetime.datetime(2026, 12, 1)
        ws = wb.active
        ws.title = "客服绩效"
        for r in workbench_rows():
            ws.append(r)
        path = os.path.join(HERE, "自制报表-报表查看-客服绩效_20261101_20261130_全部.xlsx")
        wb.save(path)
        # A fixed timestamp inside the zip, so that the file is the same on every run.
        import zipfile
        with zipfile.ZipFile(path) as z:
            parts = [(i, z.read(i.filename)) for i in z.infolist()]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for info, data in parts:
                info.date_time = (2026, 12, 1, 0, 0, 0)
                if info.filename == "docProps/core.xml":
                    # openpyxl stamps the save time here, whatever the properties say.
                    import re
                    data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2026-12-01T00:00:00Z", data)
                z.writestr(info, data)
    except ImportError:
        print("openpyxl not installed: the xlsx is left as it is")
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(chitu_rows())
    with open(os.path.join(HERE, "赤兔售前明细_202611.csv"), "wb") as f:
        f.write(buf.getvalue().encode("gb18030"))
    evaluations = []
    # Per agent: how many of each eval_code (0..4) the month brought.
    for agent, codes in [("小王", [30, 12, 1, 0, 0]), ("小林", [22, 14, 2, 1, 0]), ("阿珍", [15, 12, 3, 1, 1]),
                         ("小美", [6, 7, 4, 3, 2])]:
        n = 0
        for code, count in enumerate(codes):
            for _ in range(count):
                n += 1
                day = 1 + n % 28
                evaluations.append({"eval_code": code, "eval_sender": f"云裳旗舰店:{agent}", "eval_recer": f"t**{n}",
                                    "send_time": f"2026-11-{day:02d} 10:{n % 60:02d}:00",
                                    "eval_time": f"2026-11-{day:02d} 11:{n % 60:02d}:00", "source": n % 3})
    evaluations.append({"eval_code": 0, "eval_sender": "云裳旗舰店:小王", "eval_recer": "t**x",
                        "send_time": "2026-12-01 09:00:00", "eval_time": "2026-12-01 09:30:00", "source": 0})
    with open(os.path.join(HERE, "evaluations.json"), "w", encoding="utf-8") as f:
        json.dump(evaluations, f, ensure_ascii=False, indent=1)
        f.write("\n")
    daily = []
    for day in range(2, 9):
        for agent, ask, paid, cost, times, first_cost, first_times in [
            ("小王", 90, 31, 2100, 100, 700, 88), ("小林", 80, 26, 2700, 100, 900, 79), ("小美", 60, 11, 8800, 100, 3100, 58)]:
            daily.append({"wangwang_nick": f"云裳旗舰店:{agent}", "date": f"2026-11-{day:02d}", "ask_num": ask + day,
                          "ask_today_final_paid_num": paid, "consult_num": ask + day + 12, "service_num": ask + day + 5,
                          "no_reply_num": 0 if agent != "小美" else 2, "slow_reception_num": 0 if agent != "小美" else 9,
                          "total_reply_cost": cost, "total_reply_times": times,
                          "first_reply_cost": first_cost, "first_reply_times": first_times})
    with open(os.path.join(HERE, "daily-performance-2026-11.json"), "w", encoding="utf-8") as f:
        json.dump(daily, f, ensure_ascii=False, indent=1)
        f.write("\n")
    with open(os.path.join(HERE, "teams.json"), "w", encoding="utf-8") as f:
        json.dump([{"lead": "阿珍", "agents": ["小王", "小林", "小美"]}], f, ensure_ascii=False, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
