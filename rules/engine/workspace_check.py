"""The findings of a workspace as `gongkai check` gives them, for every face that shows them.

The rules the workspace selects (built-in and its own), the result cache keyed by file content,
and the configured baseline, in one place: the CLI's `check` and the web workbench's pages call
these instead of assembling them each.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable, Optional

from gongkai.catalog import clock
from gongkai.rules.engine.finding import Finding
from gongkai.rules.engine import runner
from gongkai.rules.engine.runner import CheckResult, select_rules, severities


def chosen_rules(root: Path, config, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list:
    """The catalogue rules the workspace (and the command line) selects, its own rules included."""
    from gongkai.rules.engine.declarative import load_workspace_rules

    return select_rules(config, select, ignore, extra=load_workspace_rules(root))


def cache_key(root: Path, config, rules: list, today: date) -> tuple[str, bytes]:
    """(result key, files digest) of a check of these files with these rules as of ``today``."""
    from gongkai.rules.engine import cache as check_cache

    digest = check_cache.files_digest(root, today)
    return check_cache.result_key(digest, sorted(severities(config, rules).items())), digest


def cached_result(root: Path, rules: list, key: Optional[str], today: date, ws=None) -> CheckResult:
    """The check result: from the cache when nothing it depends on changed, else computed and stored."""
    from gongkai.catalog.workspace import Workspace
    from gongkai.rules.engine import cache as check_cache

    hit = check_cache.load_result(key) if key else None
    if hit is not None:
        return CheckResult(hit[0], rules, hit[1])
    result = runner.run_checks(ws if ws is not None else Workspace.load(root), rules, today=today)
    if key:
        check_cache.store_result(key, result.findings, result.items_checked)
    return result


def apply_configured_baseline(result: CheckResult, root: Path, config) -> Optional[Path]:
    """Mark the findings recorded in the baseline gongkai.toml names; the baseline's path, or None."""
    from gongkai.rules.engine.baseline import apply_baseline, read_baseline

    if not config.rules.baseline:
        return None
    path = root / config.rules.baseline
    apply_baseline(result.findings, read_baseline(path), root)
    return path


_last: dict[str, CheckResult] = {}     # the last result, by its key: a server asks again and again


def workspace_findings(ws, today: Optional[date] = None) -> CheckResult:
    """Every catalogue finding of a loaded workspace, as `gongkai check` reports it (baseline applied).

    The result is shared with later calls for the same files: treat it as read-only."""
    today = today or clock.today()
    rules = chosen_rules(ws.root, ws.config)
    key, _ = cache_key(ws.root, ws.config, rules, today)
    result = _last.get(key)
    if result is None:
        result = cached_result(ws.root, rules, key, today, ws)
        _last.clear()
        _last[key] = result
    if ws.config.rules.baseline:
        result = CheckResult([Finding(**{s: getattr(f, s) for s in Finding.__slots__}) for f in result.findings],
                             result.rules, result.items_checked)   # copies: the baseline marks them
        apply_configured_baseline(result, ws.root, ws.config)
    return result


def item_findings(ws, codes: set[str], today: Optional[date] = None) -> CheckResult:
    """The item-level findings of some items (rules that look at one item at a time), waivers applied."""
    rules = [r for r in chosen_rules(ws.root, ws.config) if r.scope == "item"]
    return runner.run_checks(ws, rules, today=today or clock.today(), only_items=codes)


@dataclass
class Group:
    key: str
    label: str
    counts: Counter
    findings: list[Finding]


def active(f: Finding) -> bool:
    return not f.waived and not f.baselined and f.assessable


def group_findings(findings: list[Finding], key_of, label_of=lambda k: k) -> list[Group]:
    """Findings grouped by ``key_of(f)`` (a rule, a domain, a department), most errors first."""
    groups: dict[str, Group] = {}
    for f in findings:
        for k in key_of(f):
            g = groups.get(k)
            if g is None:
                g = groups[k] = Group(k, label_of(k), Counter(), [])
            g.findings.append(f)
            g.counts[f.severity if active(f) else ("waived" if f.waived else "baselined" if f.baselined
                                                   else "not_assessable")] += 1
    return sorted(groups.values(), key=lambda g: (-g.counts["error"], -g.counts["warning"], g.key))
