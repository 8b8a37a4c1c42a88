"""A small register for 2025, SYNTHETIC (invented applications), whose tables are counted by hand in the tests."""
from __future__ import annotations

from datetime import date as d

OK = "（一）予以公开"
ZJ, MZ = "区住建局", "区民政局"


def _a(number, received, kind, *events, dept=ZJ, topics=(), applicant=None):
    out = {"number": number, "received_on": received, "channel": "网络", "applicant_type": kind,
           "subject": f"合成申请 {number}", "dept": dept, "topics": list(topics), "events": list(events)}
    if applicant:
        out["applicant"] = applicant
    return out


def reply(on, outcome):
    return {"kind": "reply", "on": on, "outcome": outcome}


APPLICATIONS = [
    _a("A01", d(2024, 12, 10), "自然人", reply(d(2025, 1, 8), OK), topics=["房屋征收"]),   # 20th working day exactly
    _a("A02", d(2024, 12, 20), "商业企业"),                                                # open all 2025
    _a("A03", d(2024, 11, 5), "自然人", reply(d(2024, 11, 20), OK),
       {"kind": "review", "on": d(2024, 12, 1), "result": "其他", "decided_on": d(2025, 1, 15)}),
    _a("A04", d(2025, 2, 3), "自然人", reply(d(2025, 2, 20), "部分公开"), topics=["房屋征收"], applicant="P2025-0001"),
    _a("A05", d(2025, 3, 3), "自然人", reply(d(2025, 4, 3), "属于国家秘密"), topics=["房屋征收"],
       applicant="P2025-0001"),                                                            # deadline 03-31: late
    _a("A06", d(2025, 4, 1), "法律服务机构", reply(d(2025, 4, 18), "本机关不掌握相关政府信息"), dept=MZ),
    _a("A07", d(2025, 5, 6), "自然人", reply(d(2025, 5, 30), "重复申请"), topics=["房屋征收"], applicant="P2025-0001"),
    _a("A08", d(2025, 6, 2), "科研机构", {"kind": "supplement", "on": d(2025, 6, 4)},
       reply(d(2025, 7, 10), "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")),
    _a("A09", d(2025, 7, 1), "社会公益组织", reply(d(2025, 7, 15), "其他处理 3")),
    _a("A10", d(2025, 12, 22), "自然人", topics=["房屋征收"]),
    _a("A11", d(2025, 12, 29), "其他", reply(d(2026, 1, 9), OK)),                           # replied after the year
    _a("A12", d(2026, 1, 5), "自然人"),                                                    # received after the year
    _a("A13", d(2025, 8, 1), "自然人", reply(d(2025, 8, 20), OK),
       {"kind": "review", "on": d(2025, 9, 10), "result": "维持", "decided_on": d(2025, 11, 20)},
       {"kind": "litigation", "on": d(2025, 12, 1), "after_review": True}, topics=["规划许可"]),
    _a("A14", d(2025, 9, 1), "商业企业", reply(d(2025, 9, 15), "无法提供1"),
       {"kind": "litigation", "on": d(2025, 10, 10), "result": "纠正", "decided_on": d(2025, 12, 15)},
       dept=MZ, topics=["规划许可"]),
    _a("A16", d(2024, 5, 6), "自然人", reply(d(2024, 5, 20), OK),
       {"kind": "review", "on": d(2024, 7, 1), "result": "维持", "decided_on": d(2024, 10, 1)}),   # all in 2024
]


def store(root):
    from gongkai.catalog.requests.model import Application
    from gongkai.catalog.requests.store import register_transaction

    with register_transaction(root) as (reg, _):
        for a in APPLICATIONS:
            reg.add(Application.model_validate(a))
