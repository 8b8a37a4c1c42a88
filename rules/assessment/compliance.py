"""Compliance (合规) of departments' disclosure records: per department and domain, what was due,
on time, late and missing, the on-time rate, and what to fix first.

Counting unit: an obligation (``gongkai.rules.records.obligations``) — a record with a due date, a period of a
periodic item, or a proactive item with no record at all. due = on time + late + missing; pending
(not yet due) and unmeasured (published, but the deadline gives no date) are shown apart.
The counts come from the same pass as the REC findings, so the two always agree. A judgment counted
through a year with no holiday notice yet keeps its status (a late record stays 超期, a missing one 缺失)
and is marked provisional; the report says how many and which holidays were counted.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from gongkai.catalog.codes import parse_code
from gongkai.catalog.records.model import RecordFile
from gongkai.catalog.workdays import ProvisionalSpan, merge
from gongkai.catalog.workspace import Workspace
from gongkai.rules.assessment.departments import Scope, department_scope, scopes_in_play
from gongkai.rules.engine.finding import Finding
from gongkai.rules.records.obligations import default_since
from gongkai.rules.records.check import RecordCheckResult, run_record_checks

# What to fix first: missing disclosures (longest overdue first), then late ones, then form.
FIX_ORDER = {"REC002": 0, "REC003": 1, "REC007": 2, "REC001": 3, "REC006": 4, "REC005": 5, "REC004": 6}
COUNTS = ("items", "due", "on_time", "late", "missing", "pending", "unmeasured")


@dataclass
class Tally:
    items: int = 0
    due: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    pending: int = 0
    unmeasured: int = 0

    @property
    def rate(self) -> Optional[float]:
        """On-time rate: on time / due; None when nothing was due."""
        return self.on_time / self.due if self.due else None

    def add(self, other: "Tally") -> None:
        for k in COUNTS:
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def to_dict(self) -> dict:
        d = {k: getattr(self, k) for k in COUNTS}
        d["on_time_rate"] = None if self.rate is None else round(self.rate, 4)
        return d


@dataclass
class DepartmentCompliance:
    name: str
    kind: str                                       # dept | unassigned | unit
    domains: dict[str, Tally] = field(default_factory=dict)
    total: Tally = field(default_factory=Tally)
    result: Optional[RecordCheckResult] = None

    def fixes(self) -> list[Finding]:
        return fix_first(self.result.findings) if self.result else []


@dataclass
class ComplianceReport:
    as_of: date
    since: date
    unit: str
    departments: list[DepartmentCompliance]
    domain_names: dict[str, str]
    sources: dict[str, str] = field(default_factory=dict)   # records file → the CMS export imported

    def explain(self, f: Finding):
        """The finding as the department clerk reads it (Chinese problem, next step, CMS row)."""
        from gongkai.rules.records.actions import explain

        return explain(f, self.sources)

    def provisional(self) -> tuple[int, Optional[ProvisionalSpan]]:
        """How many obligations were judged through a year with no holiday notice, and the span of them all."""
        spans = [ob.provisional for d in self.departments if d.result for _, ob in d.result.obligations()
                 if ob.provisional]
        return len(spans), merge(*spans)

    def to_dict(self, limit: Optional[int] = None) -> dict:
        count, span = self.provisional()
        out = {"as_of": self.as_of.isoformat(), "since": self.since.isoformat(), "unit": self.unit,
               "provisional": {"obligations": count, **span.to_dict()} if span else None, "departments": []}
        for d in self.departments:
            fixes = d.fixes()
            out["departments"].append({
                "name": d.name, "kind": d.kind, "total": d.total.to_dict(),
                "domains": [{"domain": code, "name": self.domain_names.get(code, ""), **t.to_dict()}
                            for code, t in sorted(d.domains.items())],
                "fix_first": [_fix_dict(f, self.explain(f)) for f in (fixes[:limit] if limit else fixes)],
                "findings": d.result.counts() if d.result else {},
                "obligations": [ob.to_dict() for _, ob in d.result.obligations()] if d.result else [],
            })
        return out


def compliance(ws: Workspace, files: list[RecordFile], as_of: date, since: Optional[date] = None,
               dept: Optional[str] = None) -> ComplianceReport:
    """Compliance per department (or of one department naming itself, which sees only its own items)."""
    since = since or default_since(as_of)
    if dept:
        scopes = [department_scope(ws, dept)]
        peers = scopes
    else:
        peers = scopes_in_play(ws, (r.dept for f in files for r in f.records))
        scopes = peers
    names = {d.code: d.model.domain.name for d in ws.domains}
    out = []
    for scope in scopes:
        result = run_record_checks(ws, files, as_of, since, scope=scope, peers=peers)
        out.append(_tally(scope, result))
    if not dept:   # an unassigned rest with nothing in it is noise
        out = [d for d in out if d.kind != "unassigned" or d.total.items or d.fixes()]
    from gongkai.rules.records.actions import sources_of

    return ComplianceReport(as_of, since, ws.config.unit.name, out, names, sources_of(files))


def _tally(scope: Scope, result: RecordCheckResult) -> DepartmentCompliance:
    dc = DepartmentCompliance(scope.name, scope.kind, result=result)
    for g in result.groups:
        if g.item is None:
            continue
        t = dc.domains.setdefault(g.domain.code, Tally())
        t.items += 1
        for ob in g.obligations:
            setattr(t, ob.status, getattr(t, ob.status) + 1)
            if ob.status in ("on_time", "late", "missing"):
                t.due += 1
    for t in dc.domains.values():
        dc.total.add(t)
    return dc


def fix_first(findings: list[Finding]) -> list[Finding]:
    """Active findings in the order to fix them: missing (most overdue first), late (latest first), form."""
    def days(f: Finding) -> int:
        return int(f.data.get("days_overdue") or f.data.get("days_late") or 0)

    active = [f for f in findings if not f.waived]
    return sorted(active, key=lambda f: (FIX_ORDER.get(f.rule, 9), -days(f), f.item or "", f.line or 0))


def _fix_dict(f: Finding, said=None) -> dict:
    d = f.to_dict()
    d["domain"] = domain_of(f.item)
    if said is not None:
        d.update({"kind_zh": said.kind, "problem_zh": said.problem, "action_zh": said.action, "where_zh": said.where})
    return d


def domain_of(code: Optional[str]) -> Optional[str]:
    parsed = parse_code(code or "")
    return parsed.domain if parsed else None


def rate_text(rate: Optional[float]) -> str:
    return "—" if rate is None else f"{rate:.0%}"


def write_compliance_xlsx(report: ComplianceReport, path) -> None:
    """Three sheets: the counts per department and domain, what to fix first, every obligation."""
    from gongkai.rules.formats.xlsx_sheets import new_book, save_book, table_sheet

    book = new_book()
    rows = []
    for d in report.departments:
        for code, t in sorted(d.domains.items()):
            rows.append([d.name, code, report.domain_names.get(code, ""), t.items, t.due, t.on_time, t.late,
                         t.missing, t.pending, t.unmeasured, rate_text(t.rate)])
        t = d.total
        rows.append([d.name, "合计", "", t.items, t.due, t.on_time, t.late, t.missing, t.pending, t.unmeasured,
                     rate_text(t.rate)])
    table_sheet(book, "按时率 compliance",
                ["部门 dept", "领域 domain", "名称 name", "事项 items", "应公开 due", "按时 on time", "超期 late",
                 "缺失 missing", "未到期 pending", "无法判断 unmeasured", "按时率 rate"], rows)
    fixes = []
    for d in report.departments:
        for n, f in enumerate(d.fixes(), 1):
            said = report.explain(f)
            fixes.append([d.name, n, said.kind, f.item, said.problem, said.action, said.where, f.rule, f.message,
                          f"{f.file}:{f.line}" if f.line else f.file, f.provisional])
    table_sheet(book, "先改 fix first", ["部门 dept", "#", "问题类型 kind", "事项 item", "问题 problem", "怎么改 action",
                                       "在哪里 where (CMS 导出)", "规则 rule", "message (English)",
                                       "gongkai 文件 file", "暂定 provisional"], fixes, wrap=(4, 5))
    details = []
    for d in report.departments:
        for _, ob in d.result.obligations():
            o = ob.to_dict()
            details.append([d.name, o["code"], o["kind"], o["status"], o["due"], o["period"], o["formed_on"],
                            o["published_on"], o["days"], o["unit"], o["title"], o["url"], o["reason"],
                            o["provisional"]])
    table_sheet(book, "明细 obligations", ["部门 dept", "事项 item", "类型 kind", "状态 status", "到期 due", "期间 period",
                                         "形成 formed", "发布 published", "天数 days", "单位 unit", "标题 title",
                                         "链接 url", "说明 reason", "暂定 provisional"], details)
    save_book(book, path)
