"""Running the record rules (REC): each item in scope with its records, as of a date.

The engine's runner covers item, file and workspace rules; records need their own pass because
a record rule sees an item together with every record of it (periods, "no record at all").
Selection, severity overrides and waivers are the engine's. One pass is linear in items plus
records: records are grouped by code through a dict, never matched pairwise.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Optional

from gongkai.catalog.domain_file import LoadedDomain
from gongkai.catalog.errors import display_path
from gongkai.catalog.model import Item
from gongkai.catalog.records.model import RecordFile
from gongkai.catalog.workspace import Workspace
from gongkai.rules.assessment.departments import Scope, is_known
from gongkai.rules.engine.runner import Context, apply_waivers
from gongkai.rules.engine.finding import SEVERITY_RANK, Finding
from gongkai.rules.records.actions import KIND_ZH, explain
from gongkai.rules.records.obligations import Obligation, RecordRef, default_since, item_obligations
from gongkai.rules.engine.registry import Rule, all_rules
from gongkai.rules.engine.selection import effective_severity, enabled


_MISSING = object()       # a code the catalogue does not have
_OTHER_SCOPE = object()   # a code of an item outside the scope being checked


@dataclass
class RecordContext(Context):
    """The engine's context with the window records are judged in: periods from ``since``, status ``as_of``."""

    since: Optional[date] = None

    @property
    def as_of(self) -> date:
        return self.today


@dataclass
class ItemRecords:
    """One item (as in force) with its records, or the records of a code the catalogue lacks (item None)."""

    code: str
    item: Optional[Item]
    domain: Optional[LoadedDomain]
    refs: list[RecordRef] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)

    @property
    def deadline_text(self) -> str:
        return (self.item.deadline if self.item and self.item.deadline else "no 公开时限")


@dataclass
class RecordCheckResult:
    findings: list[Finding]
    groups: list[ItemRecords]
    rules: list[Rule]
    scope: Scope
    as_of: date
    since: date

    def obligations(self) -> Iterable[tuple[ItemRecords, Obligation]]:
        for g in self.groups:
            for ob in g.obligations:
                yield g, ob

    def active(self) -> list[Finding]:
        return [f for f in self.findings if not f.waived]

    def counts(self) -> dict[str, int]:
        active = self.active()
        return {
            "error": sum(f.severity == "error" for f in active),
            "warning": sum(f.severity == "warning" for f in active),
            "info": sum(f.severity == "info" for f in active),
            "waived": sum(bool(f.waived) for f in self.findings),
        }

    def failing(self, fail_on: str) -> list[Finding]:
        floor = SEVERITY_RANK[fail_on]
        return [f for f in self.active() if SEVERITY_RANK[f.severity] >= floor]


def select_record_rules(ws: Workspace, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """Record rules enabled by gongkai.toml [rules] and the command line (same semantics as `select_rules`)."""
    cfg = ws.config.rules
    chosen_select = list(select) if select else list(cfg.select)
    chosen_ignore = [*cfg.ignore, *ignore]
    return [r for r in all_rules() if r.scope == "record" and enabled(r, chosen_select, chosen_ignore)]


def run_record_checks(ws: Workspace, files: list[RecordFile], as_of: date, since: Optional[date] = None,
                      scope: Optional[Scope] = None, peers: Iterable[Scope] = (),
                      rules: Optional[list[Rule]] = None,
                      severity_overrides: Optional[dict[str, str]] = None) -> RecordCheckResult:
    """Check the records of the items in ``scope`` (default: the whole unit) as of ``as_of``.

    ``peers``: every scope in play, so that the unassigned rest knows which departments are known.
    """
    scope = scope or Scope(ws.config.unit.name, kind="unit")
    since = since or default_since(as_of)
    ctx = RecordContext(ws, as_of, since=since)
    rules = select_record_rules(ws) if rules is None else rules
    overrides = {**ws.config.rules.severity, **(severity_overrides or {})}
    severity = {r.code: effective_severity(r, overrides) for r in rules}
    peers = list(peers)

    groups, index, withdrawn = _groups(ws, scope)
    unknown: dict[str, ItemRecords] = {}
    region = ws.region
    for f in files:
        for i, record in enumerate(f.records):
            code = record.code
            target = index.get(code, index.get(f"{region}-{code}", _MISSING))
            known_dept = is_known(peers, record.dept)
            if target is _OTHER_SCOPE or code in withdrawn or f"{region}-{code}" in withdrawn:
                continue          # another scope's item, or the history of a withdrawn item
            if target is not _MISSING:
                if scope.accepts(record.dept, known_dept):
                    target.refs.append(RecordRef(f, i, record))
            elif scope.claims_unknown(record.dept, known_dept):
                unknown.setdefault(code, ItemRecords(code, None, None)).refs.append(RecordRef(f, i, record))

    for g in groups:
        g.obligations = item_obligations(g.item, g.domain.code, g.refs, as_of, since, ctx.calendar)
    all_groups = [*groups, *unknown.values()]

    findings: list[Finding] = []
    placers: dict[int, _ItemPlacer] = {}
    for g in all_groups:
        for r in rules:
            for flag in r.check(g, ctx):
                if flag.file is None and g.domain is not None:
                    placer = placers.get(id(g.domain))
                    if placer is None:
                        placer = placers[id(g.domain)] = _ItemPlacer(g.domain)
                    file, line = placer.file, placer.line(g.item.code, flag.field)
                else:
                    file, line = flag.file, flag.line
                findings.append(Finding(r.code, severity[r.code], flag.message, file=file, line=line,
                                        item=g.code, field=flag.field, hint=flag.hint, data=flag.data or {},
                                        provisional=flag.provisional, message_zh=flag.zh, hint_zh=flag.hint_zh))
    for f in findings:              # the clerk's wording: the problem in Chinese, the next step as the hint
        if f.rule in KIND_ZH and f.message_zh is None:
            said = explain(f)
            f.message_zh, f.hint_zh = f"【{said.kind}】{said.problem}", said.action
    apply_waivers(findings, ws, as_of)
    findings.sort(key=lambda f: (f.file or "", f.line or 0, f.rule))
    return RecordCheckResult(findings, all_groups, rules, scope, as_of, since)


def _groups(ws: Workspace, scope: Scope) -> tuple[list[ItemRecords], dict[str, ItemRecords], set[str]]:
    """Items in scope (as in force, withdrawn left out), indexed by full and region-less code."""
    groups: list[ItemRecords] = []
    index: dict[str, ItemRecords] = {}
    withdrawn: set[str] = set()
    for d, item in ws.items():
        if item.status == "withdrawn":
            withdrawn.add(item.code)
            continue
        shown = item.in_force()
        if not scope.owns(shown.body):
            index[item.code] = _OTHER_SCOPE   # in the catalogue, just not this scope's
            continue
        g = ItemRecords(item.code, shown, d)
        groups.append(g)
        index[item.code] = g
    return groups, _with_local_codes(index, ws.region), withdrawn


def _with_local_codes(index: dict, region: str) -> dict:
    prefix = f"{region}-"
    out = dict(index)
    for code, g in index.items():
        if code.startswith(prefix):
            out.setdefault(code[len(prefix):], g)
    return out


class _ItemPlacer:
    """File and line of an item's field in its domain file (line map built on first need)."""

    def __init__(self, d: LoadedDomain) -> None:
        self.d = d
        self.file = display_path(d.path)
        self._index: Optional[dict[str, int]] = None

    def line(self, code: str, field_name: Optional[str]) -> Optional[int]:
        if not self.d.text:
            return None
        if self._index is None:
            self._index = {it.code: i for i, it in enumerate(self.d.model.items)}
        i = self._index.get(code)
        return None if i is None else self.d.lines.field_line(i, field_name)
