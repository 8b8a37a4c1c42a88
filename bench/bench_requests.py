"""A register of 10,000 applications (SYNTHETIC) drafts its annual report: load, draft, check, write.

    python bench/bench_requests.py [--applications 10000] [--year 2025]

Generates the register into a temporary workspace (not timed), then times each step as
`gongkai report draft` runs it, and `request due` / `request stats` over the same register.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_requests import generate_register  # noqa: E402


def main(argv=None) -> int:
    from gongkai.catalog.requests.store import load_register
    from gongkai.catalog.workdays import build_calendar
    from gongkai.catalog.workspace import init_workspace
    from gongkai.rules.reports.checks import ReportContext, check_report
    from gongkai.rules.reports.draft import draft_report, to_markdown
    from gongkai.rules.reports.render import write_xlsx
    from gongkai.rules.requests.due import due_list
    from gongkai.rules.requests.rules import run_request_checks
    from gongkai.rules.requests.stats import monthly

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--applications", type=int, default=10000)
    p.add_argument("--year", type=int, default=2025)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        init_workspace(root, "410106", "上街区（合成）", adopt=False)
        t = time.perf_counter()
        generate_register(root, args.applications, args.year)
        print(f"generate + store {args.applications} applications: {time.perf_counter() - t:.2f} s "
              f"({len(list((root / 'requests').glob('*.toml')))} month files)")
        cal = build_calendar()
        steps = []

        def step(name, fn):
            t0 = time.perf_counter()
            value = fn()
            steps.append((name, time.perf_counter() - t0))
            return value

        reg = step("load register", lambda: load_register(root))
        report, figures = step("draft 表三/表四 + text", lambda: draft_report(reg, args.year, "上街区（合成）", {}, cal))
        findings = step("check the draft (AR rules)", lambda: check_report(report, ReportContext()))
        step("write markdown", lambda: (Path(tmp) / "d.md").write_text(to_markdown(report), "utf-8"))
        step("write xlsx", lambda: write_xlsx(report, Path(tmp) / "d.xlsx"))
        draft_total = sum(s for _, s in steps)
        as_of = date(args.year, 12, 31)
        step("request due", lambda: due_list(reg.applications(), cal, as_of))
        step("request check (REQ rules)", lambda: run_request_checks(reg, cal, as_of))
        step("request stats (12 months)", lambda: monthly(reg.applications(), cal, args.year, as_of))
        for name, s in steps:
            print(f"  {name:<28} {s * 1000:8.0f} ms")
        errors = [f for f in findings if f.severity == "error" and f.assessable]
        print(f"draft from the register: {draft_total:.2f} s; 新收 {figures.new}, 上年结转 {figures.carried}, "
              f"办结 {figures.closed}, 结转下年度 {figures.carry_on}; AR errors: {len(errors)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
