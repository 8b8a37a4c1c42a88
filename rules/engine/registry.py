"""The rule registry: every rule with its stable code, name, severity, scope and docs.

A rule is a function decorated with ``@rule``; its docstring is its documentation
(what it checks, why — with the article or standard — and examples), shown by
``gongkai rules CODE``. The family is the letters of the code (``ATT001`` → ``ATT``).
"""
from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from typing import Callable

from gongkai.rules.engine.finding import SEVERITIES

SCOPES = ("item", "file", "workspace", "record", "report", "request")
CODE_RE = re.compile(r"^[A-Z]{2,4}\d{3}$")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    scope: str
    check: Callable
    doc: str

    @property
    def family(self) -> str:
        return re.match(r"[A-Z]+", self.code).group(0)

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.name


FAMILIES: dict[str, str] = {}
_RULES: dict[str, Rule] = {}


def family(prefix: str, title: str) -> None:
    """Declare a family prefix with its human title (shown by `gongkai rules`)."""
    FAMILIES[prefix] = title


def rule(code: str, name: str, *, severity: str, scope: str):
    """Register a check function as a rule."""
    if not CODE_RE.match(code):
        raise ValueError(f"rule code {code!r} must be 2–4 capitals and 3 digits")
    if severity not in SEVERITIES:
        raise ValueError(f"rule {code}: unknown severity {severity!r}")
    if scope not in SCOPES:
        raise ValueError(f"rule {code}: unknown scope {scope!r}")

    def decorate(fn: Callable) -> Callable:
        if code in _RULES:
            raise ValueError(f"rule code {code} registered twice")
        if any(r.name == name for r in _RULES.values()):
            raise ValueError(f"rule name {name} registered twice")
        _RULES[code] = Rule(code, name, severity, scope, fn, inspect.cleandoc(fn.__doc__ or ""))
        return fn

    return decorate


def all_rules() -> list[Rule]:
    """Every registered rule, built-in modules loaded, in code order."""
    _load_builtin()
    return sorted(_RULES.values(), key=lambda r: r.code)


def get_rule(code_or_name: str) -> Rule | None:
    for r in all_rules():
        if r.code == code_or_name.upper() or r.name == code_or_name:
            return r
    return None


# Modules that define built-in rules; importing them registers the rules.
BUILTIN_MODULES: list[str] = [
    "gongkai.rules.catalogue.attributes",
    "gongkai.rules.catalogue.codes",
    "gongkai.rules.catalogue.basis",
    "gongkai.rules.catalogue.deadline",
    "gongkai.rules.catalogue.method",
    "gongkai.rules.catalogue.bodies",
    "gongkai.rules.catalogue.process",
    "gongkai.rules.catalogue.coverage",
    "gongkai.rules.catalogue.tiers",
    "gongkai.rules.catalogue.lifecycle",
    "gongkai.rules.records.rules",
    "gongkai.rules.reports.checks",
    "gongkai.rules.requests.rules",
]


def _load_builtin() -> None:
    import importlib

    for name in BUILTIN_MODULES:
        importlib.import_module(name)
