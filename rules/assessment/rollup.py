"""Roll-ups (汇总): a district over its townships and departments, a province over its districts.

Per unit: items, how many are claimed from the parent (认领), tailored (裁剪) and local (本级),
findings of its configured rules by severity, reviews overdue, the on-time rate of its
disclosure records, and a ranking. Each unit is read and checked in a worker process of its
own (concurrent.futures) that returns only its figures, so the parent process never holds more
than one unit's numbers at a time and never the units' catalogues.

With ``departments``, each unit's departments (gongkai.toml ``[[departments]]``) get rows of
their own: the items whose 公开主体 names the department, as ``gongkai comply --dept`` matches
them (an item naming two departments counts for both), ranked among that unit's departments.

Ranking: fewest error findings per 100 items first, then fewest reviews overdue, then the
highest on-time rate (a unit without records due ranks after those with a rate).
"""
from __future__ import annotations

import html
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Optional

from gongkai.catalog import clock

SEVERITIES = ("error", "warning", "info")


@dataclass
class UnitFigures:
    folder: str
    name: str = ""
    region: str = ""
    level: str = ""
    kind: str = "unit"              # unit | department (of the unit above it, by 公开主体)
    items: int = 0
    claimed: int = 0
    tailored: int = 0
    local: int = 0
    withdrawn: int = 0
    findings: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEVERITIES, 0))
    review_overdue: int = 0
    records_due: int = 0
    on_time: int = 0
    error: Optional[str] = None     # the unit could not be read: why
    rank: Optional[int] = None
    departments: list["UnitFigures"] = field(default_factory=list)   # with --departments: its departments

    @property
    def on_time_rate(self) -> Optional[float]:
        return self.on_time / self.records_due if self.records_due else None

    @property
    def errors_per_100(self) -> float:
        return 100 * self.findings["error"] / self.items if self.items else 0.0

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in ("rank", "kind", "folder", "name", "region", "level", "items", "claimed", "tailored",
                                          "local", "withdrawn", "findings", "review_overdue", "records_due",
                                          "on_time", "error")}
        d["on_time_rate"] = None if self.on_time_rate is None else round(self.on_time_rate, 4)
        if self.departments:
            d["departments"] = [x.to_dict() for x in self.departments]
        return d


@dataclass
class Rollup:
    as_of: date
    units: list[UnitFigures]

    @property
    def failed(self) -> list[UnitFigures]:
        return [u for u in self.units if u.error]

    def total(self) -> UnitFigures:
        t = UnitFigures("", name="合计 total")
        for u in self.units:
            if u.error:
                continue
            for k in ("items", "claimed", "tailored", "local", "withdrawn", "review_overdue", "records_due", "on_time"):
                setattr(t, k, getattr(t, k) + getattr(u, k))
            for s in SEVERITIES:
                t.findings[s] += u.findings[s]
        return t

    def to_dict(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "units": [u.to_dict() for u in self.units],
                "total": self.total().to_dict(), "ranking": "errors per 100 items, then reviews overdue, then on-time rate"}


def children_of(root: Path) -> list[Path]:
    """The units a workspace rolls up: ``children`` in its gongkai.toml, relative to it."""
    from gongkai.catalog.errors import UsageError
    from gongkai.catalog.workspace import load_config

    config = load_config(root)
    if not config.children:
        raise UsageError("name the unit folders to roll up (`gongkai rollup ../xiawo ../jishi`), or list them in "
                         'gongkai.toml: children = ["../xiawo", "../jishi"]')
    return [root / c for c in config.children]


def unit_figures(folder: str, as_of: date, departments: bool = False) -> UnitFigures:
    """One unit's figures (run in a worker process). A unit that cannot be read says why instead."""
    from gongkai.catalog.errors import GongkaiError

    out = UnitFigures(folder)
    try:
        _fill(out, Path(folder), as_of, departments)
    except GongkaiError as exc:
        out.error = exc.render().removeprefix("error: ")
    except OSError as exc:   # an unreadable folder or file: named, and the other units still count
        out.error = f"{exc.filename or folder}: {exc.strerror or exc}"
    return out


def _fill(out: UnitFigures, root: Path, as_of: date, departments: bool) -> None:
    from gongkai.catalog import lifecycle
    from gongkai.catalog.records.store import load_records
    from gongkai.catalog.workdays import build_calendar
    from gongkai.catalog.workspace import Workspace, find_root
    from gongkai.rules.assessment.compliance import compliance
    from gongkai.rules.engine.runner import run_checks, select_rules

    ws = Workspace.load(find_root(root))
    unit = ws.config.unit
    out.name, out.region, out.level = unit.name, unit.region, unit.level
    result = run_checks(ws, select_rules(ws.config), as_of)
    calendar = build_calendar(ws.config.calendar or None)
    overdue = {d.code for d in lifecycle.due((i for _, i in ws.items()), as_of, calendar) if d.state == "overdue"}
    records = load_records(ws.root)
    report = compliance(ws, records, as_of) if records else None
    _count(out, [i for _, i in ws.items()], result.findings, overdue)
    for dept in report.departments if report else []:
        out.records_due += dept.total.due
        out.on_time += dept.total.on_time
    if departments:
        out.departments = _departments(ws, result.findings, overdue, report)


def _count(out: UnitFigures, items, findings, overdue: set[str]) -> None:
    """Item, finding and overdue counts of ``items`` (findings and overdue codes of the whole unit)."""
    codes = set()
    for item in items:
        codes.add(item.code)
        out.items += 1
        out.withdrawn += item.status == "withdrawn"
        if item.parent is not None:
            out.claimed += 1
            out.tailored += bool(item.parent.tailored)
        elif item.origin.kind == "local":
            out.local += 1
    for f in findings:   # as CheckResult.counts(): waived, baselined and not assessable ones apart
        if not f.waived and not f.baselined and f.assessable and (out.kind == "unit" or f.item in codes):
            out.findings[f.severity] += 1
    out.review_overdue = len(overdue & codes)


def _departments(ws, findings, overdue: set[str], report) -> list[UnitFigures]:
    """The unit's departments (gongkai.toml [[departments]]): the items whose 公开主体 names each one."""
    from gongkai.rules.assessment.departments import configured_scopes

    rates = {d.name: d.total for d in report.departments} if report else {}
    out = []
    for scope in configured_scopes(ws):
        dept = UnitFigures(str(ws.root), name=scope.name, region=ws.region, level="department", kind="department")
        _count(dept, [i for _, i in ws.items() if scope.owns(i.in_force().body)], findings, overdue)
        if scope.name in rates:
            dept.records_due, dept.on_time = rates[scope.name].due, rates[scope.name].on_time
        out.append(dept)
    rank(out)
    return out


def roll_up(folders: list[Path], as_of: Optional[date] = None, jobs: Optional[int] = None,
            departments: bool = False) -> Rollup:
    """Figures of every unit (and with ``departments`` of each unit's departments), computed in
    parallel processes, ranked."""
    as_of = as_of or clock.today()
    names = [str(f) for f in folders]
    n = len(names)
    if jobs == 1 or n == 1:
        units = [unit_figures(name, as_of, departments) for name in names]
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            units = list(pool.map(unit_figures, names, [as_of] * n, [departments] * n, chunksize=1))
    rank(units)
    return Rollup(as_of, units)


def rank(units: list[UnitFigures]) -> None:
    ok = sorted((u for u in units if not u.error),
                key=lambda u: (u.errors_per_100, u.review_overdue, u.on_time_rate is None, -(u.on_time_rate or 0),
                               u.region))
    for i, u in enumerate(ok, 1):
        u.rank = i
    units.sort(key=lambda u: (u.rank is None, u.rank or 0, u.folder))


# -- output -----------------------------------------------------------------------------------
HEADERS = ["名次 rank", "单位 unit", "区划 region", "层级 level", "事项 items", "认领 claimed", "裁剪 tailored",
           "本级 local", "错误 errors", "警告 warnings", "提示 info", "复核逾期 overdue", "应公开 due",
           "按时率 on-time"]


def _rate(rate: Optional[float]) -> str:
    return "—" if rate is None else f"{100 * rate:.1f}%"


def rows(result: Rollup) -> list[list[Any]]:
    out = []
    for u in [*result.units, result.total()]:
        if u.error:
            out.append(["—", u.folder, "", "", "", "", "", "", "", "", "", "", "", f"not read: {u.error}"])
            continue
        out.append(_row(u, u.name))
        out.extend(_row(d, f"  └ {d.name}") for d in u.departments)   # ranked among the unit's departments
    return out


def _row(u: UnitFigures, name: str) -> list[Any]:
    return [u.rank or "", name, u.region, u.level, u.items, u.claimed, u.tailored, u.local, u.findings["error"],
            u.findings["warning"], u.findings["info"], u.review_overdue, u.records_due, _rate(u.on_time_rate)]


def render_text(result: Rollup) -> str:
    import io

    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for h in HEADERS:
        table.add_column(h, overflow="fold")
    for r in rows(result):
        table.add_row(*(str(v) for v in r))
    buffer = io.StringIO()
    Console(file=buffer, soft_wrap=False, width=200, no_color=True).print(table)
    ok = len(result.units) - len(result.failed)
    lines = [f"roll-up of {len(result.units)} unit(s) as of {result.as_of} ({ok} read"
             + (f", {len(result.failed)} could not be read" if result.failed else "") + ")",
             buffer.getvalue().rstrip(),
             "ranking: errors per 100 items, then reviews overdue, then on-time rate of records"]
    return "\n".join(lines)


def render_html(result: Rollup) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in HEADERS)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in r) + "</tr>" for r in rows(result))
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>汇总 roll-up</title>"
            "<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;"
            "padding:2px 6px}td:nth-child(n+5){text-align:right}</style></head><body>"
            f"<h1>汇总 roll-up — {result.as_of}</h1><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody>"
            "</table><p>名次: 每百项错误数, 复核逾期数, 按时率 (ranking: errors per 100 items, reviews overdue, "
            "on-time rate)</p></body></html>")


def write_xlsx(result: Rollup, path: Path) -> None:
    from gongkai.rules.formats.xlsx_sheets import new_book, save_book, table_sheet

    book = new_book()
    table_sheet(book, "汇总 roll-up", HEADERS, rows(result))
    save_book(book, path)
