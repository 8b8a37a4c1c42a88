"""Running the rules over a workspace: selection, severities, waivers, baseline.

Rule functions by scope (each yields ``Flag``s):
  item       ``check(item, ctx, domain)``  — one item of a domain file
  file       ``check(domain, ctx)``        — one domain file (a ``LoadedDomain``)
  workspace  ``check(ctx)``                — the whole workspace, once
Record and report rules have runners of their own (``gongkai.rules.records``, ``gongkai.rules.reports.checks``).
Every pass is linear in items: whole-workspace rules index by key, never compare pairs.
"""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Iterable

from gongkai.catalog.domain_file import LoadedDomain
from gongkai.catalog.errors import display_path
from gongkai.catalog.model import Item
from gongkai.catalog.workspace import Config, Workspace
from gongkai.rules.engine.finding import NO_DATA, SEVERITY_RANK, Finding, Flag
from gongkai.rules.engine.registry import Rule, all_rules
from gongkai.rules.engine.selection import effective_severity, enabled
from gongkai.catalog import clock


@dataclass
class Context:
    """What rules may look at besides the item: the workspace, today's date, the calendar."""

    ws: Workspace
    today: date = field(default_factory=clock.today)

    @cached_property
    def calendar(self):
        from gongkai.catalog.workdays import build_calendar

        return build_calendar(self.ws.config.calendar or None)

    @cached_property
    def departments(self) -> dict[str, str]:
        """Every name and alias of a known body → its level."""
        out: dict[str, str] = {}
        for dept in self.ws.config.departments:
            for name in (dept.name, *dept.aliases):
                out[name] = dept.level
        return out

    @property
    def unit_level(self) -> str:
        return self.ws.config.unit.level


@dataclass
class CheckResult:
    findings: list[Finding]
    rules: list[Rule]
    items_checked: int

    def counts(self) -> dict[str, int]:
        active = [f for f in self.findings if not f.waived and not f.baselined and f.assessable]
        return {
            "error": sum(f.severity == "error" for f in active),
            "warning": sum(f.severity == "warning" for f in active),
            "info": sum(f.severity == "info" for f in active),
            "waived": sum(bool(f.waived) for f in self.findings),
            "baselined": sum(f.baselined and not f.waived for f in self.findings),
            "not_assessable": sum(not f.assessable for f in self.findings),
        }

    def failing(self, fail_on: str) -> list[Finding]:
        floor = SEVERITY_RANK[fail_on]
        return [f for f in self.findings
                if not f.waived and not f.baselined and f.assessable and SEVERITY_RANK[f.severity] >= floor]


def select_rules(config: Config, select: Iterable[str] = (), ignore: Iterable[str] = (),
                 extra: Iterable[Rule] = ()) -> list[Rule]:
    """Item, file and workspace rules enabled by the workspace config and the command line."""
    cfg = config.rules
    # --select on the command line replaces the configured selection, as in ruff; ignores add up.
    chosen_select = list(select) if select else list(cfg.select)
    chosen_ignore = [*cfg.ignore, *ignore]
    return [r for r in [*all_rules(), *extra] if enabled(r, chosen_select, chosen_ignore)
            and r.scope in ("item", "file", "workspace")]


def severities(config: Config, rules: list[Rule]) -> dict[str, str]:
    """Each rule's severity after the [rules.severity] overrides of gongkai.toml."""
    return {r.code: effective_severity(r, config.rules.severity) for r in rules}


def run_checks(ws: Workspace, rules: list[Rule], today: date | None = None,
               only_items: set[str] | None = None) -> CheckResult:
    from gongkai.catalog.heap import collector_paused

    with collector_paused():  # findings are many small objects that all live to the end
        return _run_checks(ws, rules, today, only_items)


def _run_checks(ws: Workspace, rules: list[Rule], today: date | None,
                only_items: set[str] | None) -> CheckResult:
    ctx = Context(ws, today or clock.today())
    severity = severities(ws.config, rules)
    item_rules = [r for r in rules if r.scope == "item"]
    file_rules = [r for r in rules if r.scope == "file"]
    ws_rules = [r for r in rules if r.scope == "workspace"]
    findings: list[Finding] = []
    checked = 0
    for d in ws.domains:
        place = _Placer(d)
        for index, item in enumerate(d.model.items):
            if only_items is not None and item.code not in only_items:
                continue
            checked += 1
            for r in item_rules:
                for flag in r.check(item, ctx, d):
                    findings.append(place.finding(r, severity[r.code], flag, item.code, index))
        if only_items is None:
            for r in file_rules:
                for flag in r.check(d, ctx):
                    findings.append(place.finding(r, severity[r.code], flag, flag.item))
    if only_items is None:
        placers = {display_path(d.path): _Placer(d) for d in ws.domains}
        for r in ws_rules:
            for flag in r.check(ctx):
                placer = placers.get(flag.file) if flag.file else None
                if placer:
                    findings.append(placer.finding(r, severity[r.code], flag, flag.item))
                else:
                    findings.append(Finding(r.code, severity[r.code], flag.message, file=flag.file,
                                            line=flag.line, item=flag.item, field=flag.field, hint=flag.hint,
                                            data=flag.data or NO_DATA, provisional=flag.provisional,
                                            message_zh=flag.zh, hint_zh=flag.hint_zh))
    apply_waivers(findings, ws, ctx.today)
    findings.sort(key=lambda f: (f.file or "", f.line or 0, f.rule))
    return CheckResult(findings, rules, checked)


class _Placer:
    """Puts findings of one domain file at their file and line (line map built on first need)."""

    def __init__(self, d: LoadedDomain, lines: bool = True) -> None:
        self.d = d
        self.file = display_path(d.path)
        self._index: dict[str, int] | None = None
        self.lines = lines

    def finding(self, r: Rule, severity: str, flag: Flag, code: str | None, index: int | None = None) -> Finding:
        """The finding of a flag on item ``code`` (at ``index`` in the file, when the caller knows it)."""
        line = flag.line
        if line is None and code and self.lines:
            if index is None:
                if self._index is None:
                    self._index = {it.code: i for i, it in enumerate(self.d.model.items)}
                index = self._index.get(code)
            # A file that was never written (just created) has no text to point into.
            if index is not None and self.d.text:
                line = self.d.lines.field_line(index, flag.field)
        return Finding(r.code, severity, flag.message, file=self.file, line=line, item=code,
                       field=flag.field, hint=flag.hint, data=flag.data or NO_DATA, provisional=flag.provisional,
                       message_zh=flag.zh, hint_zh=flag.hint_zh)


def _matches_item(pattern: str, code: str | None, region: str) -> bool:
    if code is None:
        return False
    return fnmatch.fnmatchcase(code, pattern) or fnmatch.fnmatchcase(code, f"{region}-{pattern}")


def apply_waivers(findings: list[Finding], ws: Workspace, today: date) -> None:
    """Mark findings covered by an unexpired waiver; expired waivers stop applying (WAI001 reports them)."""
    from gongkai.rules.engine.selection import specificity

    live = [w for w in ws.config.waivers if w.expires >= today]
    if not live:
        return
    rules_by_code = {r.code: r for r in all_rules()}
    for f in findings:
        r = rules_by_code.get(f.rule)
        for w in live:
            if r is not None and specificity(w.rule, r) == 0:
                continue
            if r is None and w.rule != f.rule:
                continue
            if w.items and not any(_matches_item(p, f.item, ws.region) for p in w.items):
                continue
            f.waived = f"{w.reason} (approved by {w.approved_by}, until {w.expires})"
            break


def item_error_findings(ws: Workspace, domain: LoadedDomain, item: Item, today: date | None = None) -> list[Finding]:
    """Error-level findings on one item after config selection and waivers (the approve guard)."""
    return error_findings_by_item(ws, [(domain, item)], today).get(id(item), [])


def error_findings_by_item(ws: Workspace, pairs: Iterable[tuple[LoadedDomain, Item]],
                           today: date | None = None, lines: bool = True) -> dict[int, list[Finding]]:
    """The approve guard over many items in one pass: ``id(item)`` → its error-level findings.

    Items without any are absent. The rules and context are prepared once per workspace (and
    date), each domain file is placed once and the waivers are applied once to all findings, so
    a bulk approval costs one run of the error rules over the items, not one setup per item.
    ``lines=False`` leaves findings without a line (an approve refusal names rule and field, and
    mapping each file's lines cost a third of the guard).
    """
    rules, ctx = _guard_setup(ws, today or clock.today())
    placers: dict[int, _Placer] = {}
    found: list[tuple[int, Finding]] = []
    for domain, item in pairs:
        place = placers.get(id(domain))
        if place is None:
            place = placers[id(domain)] = _Placer(domain, lines)
        for r in rules:
            for flag in r.check(item, ctx, domain):
                found.append((id(item), place.finding(r, "error", flag, item.code)))
    if found:
        apply_waivers([f for _, f in found], ws, ctx.today)
    out: dict[int, list[Finding]] = {}
    for key, f in found:
        if not f.waived:
            out.setdefault(key, []).append(f)
    return out


_GUARD: dict[int, tuple[Workspace, date, list[Rule], Context]] = {}


def _guard_setup(ws: Workspace, today: date) -> tuple[list[Rule], Context]:
    cached = _GUARD.get(id(ws))
    if cached is None or cached[0] is not ws or cached[1] != today:
        from gongkai.rules.engine.declarative import load_workspace_rules

        # The unit's own rules bind as the built-in ones do (a malformed rule file stops approval).
        chosen = select_rules(ws.config, extra=load_workspace_rules(ws.root))
        severity = severities(ws.config, chosen)
        rules = [r for r in chosen if r.scope == "item" and severity[r.code] == "error"]
        _GUARD.clear()  # one workspace at a time: do not keep old ones alive
        cached = _GUARD[id(ws)] = (ws, today, rules, Context(ws, today))
    return cached[2], cached[3]
