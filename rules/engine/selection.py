"""Which rules run and at what severity: select / ignore / severity overrides (as ruff does).

A selector is a rule code (``DDL003``), a code prefix or family (``DDL``, ``DDL0``), a rule
name (``deadline-vague``) or ``ALL``. For each rule the most specific matching selector
wins; on a tie, ignore wins.
"""
from __future__ import annotations

from typing import Iterable

from gongkai.rules.engine.registry import Rule


def specificity(selector: str, rule: Rule) -> int:
    """How closely a selector names a rule: 0 = not at all, higher = more specific."""
    sel = selector.strip()
    if sel.upper() == "ALL":
        return 1
    if sel == rule.name or sel.upper() == rule.code:
        return 100
    if rule.code.startswith(sel.upper()) and sel[:1].isalpha() and sel.upper() == sel.upper().strip():
        return 1 + len(sel)
    return 0


def enabled(rule: Rule, select: Iterable[str], ignore: Iterable[str]) -> bool:
    select = list(select) or ["ALL"]
    best_select = max((specificity(s, rule) for s in select), default=0)
    best_ignore = max((specificity(s, rule) for s in ignore), default=0)
    return best_select > 0 and best_select > best_ignore


def effective_severity(rule: Rule, overrides: dict[str, str]) -> str:
    best, severity = 0, rule.severity
    for selector, value in overrides.items():
        score = specificity(selector, rule)
        if score > best:
            best, severity = score, value
    return severity


def unknown_selectors(selectors: Iterable[str], rules: list[Rule]) -> list[str]:
    """Selectors that name no rule at all (a typo in --select or gongkai.toml)."""
    return [s for s in selectors if not any(specificity(s, r) for r in rules)]


def check_config_selectors(root, config, rules: list[Rule]) -> None:
    """Selectors in gongkai.toml [rules] that name no rule: an input error with file, line and field.

    (Waivers naming no rule are reported by WAI002 instead: they do not stop a check.)
    """
    from gongkai.catalog.errors import InputError, Problem, display_path
    from gongkai.catalog.toml_store import LineMap
    from gongkai.catalog.workspace import CONFIG_NAME

    path = root / CONFIG_NAME
    lines = None
    problems = []
    for field, values in (("rules.select", config.rules.select), ("rules.ignore", config.rules.ignore),
                          ("rules.severity", list(config.rules.severity))):
        bad = unknown_selectors(values, rules)
        if bad:
            lines = lines or LineMap(path.read_text("utf-8"))
            problems.append(Problem(f"no rule matches {', '.join(bad)}; see `gongkai rules`", file=display_path(path),
                                    line=lines.top_line(field), field=field,
                                    expected="rule codes, prefixes (DDL) or names"))
    if problems:
        raise InputError(problems)
