"""A synthetic 依申请公开 register (SYNTHETIC: invented applications, for tests and benchmarks only).

    python bench/generate_requests.py --applications 10000 --year 2025 --out /tmp/ws-req

Applications are received from November of the year before to the end of the year, by the six
applicant types of 表三, with 补正, consultations, extensions, replies by outcome, and some
行政复议 / 行政诉讼; a share is still open at the end of the year. The same seed gives the same register.
"""
from __future__ import annotations

import argparse
import random
import sys
from datetime import date, timedelta
from pathlib import Path

from gongkai.catalog.requests import vocab
from gongkai.catalog.requests.model import Application
from gongkai.catalog.requests.store import register_transaction
from gongkai.catalog.workdays import build_calendar

DEPTS = ("区住房和城乡建设局", "区自然资源局", "区人力资源和社会保障局", "区民政局", "区市场监督管理局", "区教育局")
TOPICS = ("房屋征收", "规划许可", "社会保险", "最低生活保障", "食品安全", "入学政策", "拆迁补偿", "营业执照")
TYPE_WEIGHTS = (80, 12, 1, 1, 4, 2)
OUTCOME_WEIGHTS = (25, 5, 1, 1, 1, 1, 1, 1, 1, 1, 30, 5, 1, 4, 2, 1, 1, 1, 6, 1, 10)


def synthetic_applications(n: int, year: int, seed: int = 1) -> list[Application]:
    rng = random.Random(seed)
    cal = build_calendar()
    first = date(year - 1, 11, 1)
    span = (date(year, 12, 31) - first).days
    apps = []
    for i in range(n):
        received = first + timedelta(rng.randrange(span + 1))
        events = []
        start = received
        if rng.random() < 0.08:
            asked = cal.add(received, rng.randint(1, 7))
            events.append({"kind": "supplement", "on": asked})
            if rng.random() < 0.8:
                start = cal.add(asked, rng.randint(1, 10))
                events[-1]["received_on"] = start
        if rng.random() < 0.05:
            sent = cal.add(start, rng.randint(1, 10))
            events.append({"kind": "consultation", "on": sent, "party": "第三方（合成）",
                           "answered_on": cal.add(sent, rng.randint(1, 15))})
        limit = 20
        if rng.random() < 0.07:
            events.append({"kind": "extension", "on": cal.add(start, rng.randint(10, 19)), "days": 20,
                           "approved_by": "政务公开办负责人"})
            limit = 40
        waiting = events and events[0]["kind"] == "supplement" and "received_on" not in events[0]
        reply_day = cal.add(start, rng.randint(1, limit + 2))
        if waiting:
            reply_day = cal.add(events[0]["on"], rng.randint(16, 30))
        if reply_day <= date(year, 12, 31) and rng.random() < 0.97:
            outcome = (vocab.OUTCOMES[18] if waiting else
                       rng.choices(vocab.OUTCOMES, OUTCOME_WEIGHTS)[0])
            events.append({"kind": "reply", "on": reply_day, "outcome": outcome, **({"fee": 0.0} if rng.random() < 0.01 else {})})
            if rng.random() < 0.03:
                filed = reply_day + timedelta(rng.randint(5, 50))
                decided = filed + timedelta(rng.randint(30, 90))
                kind = "review" if rng.random() < 0.6 else "litigation"
                ev = {"kind": kind, "on": filed}
                if decided <= date(year, 12, 31):
                    ev.update(result=rng.choice(("维持", "纠正", "其他")), decided_on=decided)
                if kind == "litigation" and rng.random() < 0.3:
                    ev["after_review"] = True
                if filed <= date(year, 12, 31):
                    events.append(ev)
        apps.append(Application.model_validate({
            "number": f"{received.year}-{i + 1:05d}", "received_on": received,
            "channel": rng.choice(vocab.CHANNELS[:4]),
            "applicant_type": rng.choices(vocab.APPLICANT_TYPES, TYPE_WEIGHTS)[0],
            "applicant": f"P{received.year}-{rng.randrange(1, max(2, n // 3)):04d}",
            "subject": f"合成申请 {i + 1}：{rng.choice(TOPICS)}相关信息", "dept": rng.choice(DEPTS),
            "topics": [rng.choice(TOPICS)], "events": events}))
    return apps


def generate_register(root: Path, n: int, year: int, seed: int = 1) -> list[Application]:
    """Write a synthetic register into the workspace at ``root`` (which must exist)."""
    apps = synthetic_applications(n, year, seed)
    with register_transaction(root) as (reg, _):
        for a in apps:
            reg.add(a)
    return apps


def main(argv=None) -> int:
    from gongkai.catalog.workspace import init_workspace

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--applications", type=int, default=10000)
    p.add_argument("--year", type=int, default=2025)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args(argv)
    if not (args.out / "gongkai.toml").exists():
        init_workspace(args.out, "410106", "上街区（合成）", adopt=False)
    generate_register(args.out, args.applications, args.year, args.seed)
    print(f"wrote {args.applications} synthetic applications into {args.out / 'requests'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
