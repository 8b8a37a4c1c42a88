"""Which domain each imported row belongs to.

A file may say it: a workbook sheet named "19 社会救助" (as gongkai's own export names them), a
Markdown section "## 19 社会救助领域…", a 领域 column ("19 社会救助"), or the domains of a gongkai
JSON export. Rows that name a domain go to it; ``--domain`` then only fills in for rows that
name none, and a row naming another domain than ``--domain`` is refused, never moved silently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from gongkai import domains as registry
from gongkai.catalog.tables.rows import ImportResult, ParsedItem, RowProblem


def domain_named(text: Optional[str], strict: bool = False) -> Optional[registry.Domain]:
    """The domain a sheet name, heading or 领域 cell names: "19 社会救助", "social-assistance",
    "社会救助领域…"; None when it names none (Sheet1, 目录). ``strict`` (sheets, headings): a number
    counts only with the domain's name after it — "1 基本情况" or a sheet "2" names no domain; a
    领域 cell may hold the bare code."""
    s = (text or "").strip().lstrip("#").strip()
    if not s:
        return None
    m = re.match(r"^(\d{1,2})(?:\s*[-_.、]?\s*)(.*)$", s)
    if m and registry.lookup(m.group(1)):
        found, rest = registry.lookup(m.group(1)), m.group(2)
        if not strict and not rest.strip():
            return found
        return found if rest.startswith((found.name, found.slug)) else None
    if not strict and s.split() and registry.lookup(s.split()[0]):
        return registry.lookup(s.split()[0])
    named = [d for d in registry.REGISTRY if s.startswith((d.name, d.slug))]
    return max(named, key=lambda d: len(d.name)) if named else None


@dataclass
class Placement:
    """The parsed rows by domain code, and the rows refused."""

    by_domain: dict[str, list[ParsedItem]] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.by_domain.values())


def place(result: ImportResult, target: Optional[registry.Domain]) -> Placement:
    """Rows to the domain they name, the others to ``target``. A row naming a domain other than
    ``target`` is refused, once per sheet or section; with no ``target``, so is a row naming none."""
    out = Placement()
    refused: dict[tuple[str, str], list[ParsedItem]] = {}
    for parsed in result.items:
        named = registry.BY_CODE.get(parsed.domain) if parsed.domain else None
        if named is None and target is None:
            refused.setdefault((parsed.file, "none"), []).append(parsed)
        elif named is not None and target is not None and named.code != target.code:
            refused.setdefault((parsed.file, named.code), []).append(parsed)
        else:
            out.by_domain.setdefault((named or target).code, []).append(parsed)
    for (file, code), rows in refused.items():
        first = rows[0]
        if code == "none":
            why = (f"{len(rows)} rows name no domain (no 领域 column, sheet or section naming one): "
                   "give --domain NN for them")
        else:
            d = registry.BY_CODE[code]
            why = (f"{len(rows)} rows belong to domain {d.code} {d.name} ({first.domain_from}), "
                   f"not {target.code} {target.name}: import without --domain to add each sheet to its domain")
        out.problems.append(RowProblem(file, first.line, first.seq, why, rows=len(rows)))
    return out
