"""Recall and precision of `report check` over the test corpus of annual reports.

The corpus (tests/data/reports/): real reports (byte-for-byte copies of shared/data/reports), real
excerpts of published report pages (pages/, sources in pages/SOURCES.md), copies derived from them
(Markdown), and planted copies (planted/: one real report with one figure or layout changed, each
kind of error issue 18 lists). Each report has an expected-findings file expected/<report>.toml,
checked by hand: every finding a careful assessor would make (rule, severity or "n/a" for not
assessable, item, line). Recall is the share of expected findings found; a finding not expected is
a false one. Run with -s to see the figures.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from gongkai.rules.reports.checks import ReportContext, check_report
from gongkai.rules.reports.reading import load_report

DATA = Path(__file__).resolve().parents[1] / "data" / "reports"
EXPECTED = DATA / "expected"


def _key(rule: str, severity: str, item: str, line: int | None) -> tuple:
    return rule, severity, item, line


def corpus() -> list[tuple[dict, set, set]]:
    """(expected file, expected findings, findings made) for every report of the corpus."""
    out = []
    for path in sorted(EXPECTED.rglob("*.toml")):
        doc = tomllib.loads(path.read_text("utf-8"))
        report = load_report(DATA / doc["report"])
        found = {_key(f.rule, f.severity if f.assessable else "n/a", f.item, f.line)
                 for f in check_report(report, ReportContext(level=doc.get("level")))}
        expected = {_key(f["rule"], f["severity"], f["item"], f.get("line")) for f in doc.get("finding", [])}
        out.append((doc, expected, found))
    return out


def test_every_corpus_report_has_its_expected_findings():
    reports = {p.relative_to(DATA).as_posix() for p in DATA.rglob("*") if p.is_file()
               and p.suffix in (".txt", ".md", ".html") and "expected" not in p.parts and p.name != "SOURCES.md"}
    covered = {tomllib.loads(p.read_text("utf-8"))["report"] for p in EXPECTED.rglob("*.toml")}
    assert reports - {"annual_report_templates.txt"} == covered      # the templates file is refused, not a report


def test_recall_is_complete_and_no_finding_is_false():
    rows = corpus()
    expected = sum(len(e) for _, e, _ in rows)
    found = sum(len(f) for _, _, f in rows)
    hit = sum(len(e & f) for _, e, f in rows)
    claims = [(d, {k for k in e if k[1] in ("error", "warning")}, {k for k in f if k[1] in ("error", "warning")})
              for d, e, f in rows]
    planted = [(d, e, f) for d, e, f in claims if d["kind"] == "planted"]
    errors_expected = sum(len(e) for _, e, _ in claims)
    errors_found = sum(len(f) for _, _, f in claims)
    errors_hit = sum(len(e & f) for _, e, f in claims)
    print(f"\ncorpus: {len(rows)} reports ({sum(d['kind'] == 'planted' for d, _, _ in rows)} planted); "
          f"findings: {hit}/{expected} expected found (recall {hit / expected:.1%}), "
          f"{found - hit} not expected (precision {hit / found:.1%}); "
          f"errors and warnings: {errors_hit}/{errors_expected} found, {errors_found - errors_hit} false; "
          f"planted reports with their error found: {sum(bool(e & f) for _, e, f in planted if e)}/"
          f"{sum(bool(e) for _, e, _ in planted)}")
    missed = {d["report"]: sorted(e - f) for d, e, f in rows if e - f}
    false = {d["report"]: sorted(f - e) for d, e, f in rows if f - e}
    assert missed == {}, missed
    assert false == {}, false


def test_every_kind_of_planted_error_is_in_the_corpus():
    """Issue 18's kinds, each by at least one planted report whose expected findings say it."""
    docs = [d for d, _, _ in corpus() if d["kind"] == "planted"]
    said = " ".join(d["planted"] for d in docs)
    for kind in ("不予公开", "17.46%", "其他处理", "无法提供", "现行有效", "均获维持", "未发生", "接收", "办理",
                 "诉讼35件", "其中上年结转", "（六）其他处理", "labels on one line", "label-value pairs", "remarks",
                 "行政许可 | 0", "管理委员会", "header lines"):
        assert kind in said, kind
