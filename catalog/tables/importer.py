"""The front door of table import: a file in, item field dicts and reported rows out.

Markdown pipe tables (``.md``), spreadsheets (``.xlsx``/``.xlsm``), CSV and our own JSON export
(``.json``) are read; see the reader modules for the layouts each accepts.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Optional

from pydantic import ValidationError

from gongkai.catalog.errors import InputError, display_path
from gongkai.catalog.model import CONTENT_FIELDS, Item
from gongkai.catalog.tables.rows import ImportResult, ParsedItem, Progress, RawTable, RowProblem, read_rows

SUFFIXES = (".md", ".markdown", ".xlsx", ".xlsm", ".csv", ".tsv", ".txt", ".json")


def read_file(path: Path, simplify: bool = False, progress: Optional[Progress] = None,
              other_domain: Optional[Callable[[str], Optional[str]]] = None) -> ImportResult:
    """Read a catalogue table file into item field dicts (no codes) and row problems."""
    path = Path(path)
    if not path.is_file():
        raise InputError.single("file not found", file=display_path(path))
    suffix = path.suffix.lower()
    if suffix == ".json":
        return read_json(path)
    if suffix in (".md", ".markdown"):
        from gongkai.catalog.tables.markdown import read_markdown

        tables = read_markdown(path)
    elif suffix in (".xlsx", ".xlsm"):
        from gongkai.catalog.tables.sheet import read_xlsx

        tables = read_xlsx(path)
    elif suffix in (".csv", ".tsv", ".txt"):
        from gongkai.catalog.tables.sheet import read_csv

        tables = read_csv(path)
    else:
        raise InputError.single(f"unknown table format {suffix or '(no suffix)'}", file=display_path(path),
                                expected="one of " + ", ".join(SUFFIXES))
    total = sum(len(t.rows) for t in tables)
    done = 0
    result = ImportResult()

    def table_progress(n: int, _: int) -> None:
        if progress:
            progress(done + n, total)

    for table in tables:
        part = read_rows(table, simplify=simplify, progress=table_progress, other_domain=other_domain)
        _name_domains(part, table)
        result.extend(part)
        done += len(table.rows)
    return result


def _name_domains(part: ImportResult, table: RawTable) -> None:
    """Mark each row with the domain its 领域 cell, sheet or section names (see ``placement``)."""
    from gongkai.catalog.tables.placement import domain_named

    sheet = domain_named(table.sheet, strict=True) if table.sheet else None
    section = domain_named(table.source.section, strict=True) if table.source.section else None
    for parsed in part.items:
        cell = domain_named(parsed.domain_text)
        found, where = next(((d, w) for d, w in ((cell, "领域 column"), (sheet, f"sheet {table.sheet!r}"),
                                                 (section, f"section {table.source.section!r}")) if d),
                            (None, ""))
        if found:
            parsed.domain, parsed.domain_from = found.code, where


def read_json(path: Path) -> ImportResult:
    """Our JSON export: {"domains": [{"domain": {...}, "items": [...]}]} (or a bare item list)."""
    shown = display_path(path)
    expected = 'a gongkai JSON export: {"domains": [{"domain": {"code": "19"}, "items": [{…}, …]}]} or [{…}, …]'
    try:
        data = json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:   # ValueError: JSON errors, 5,000-digit numbers
        raise InputError.single(f"not valid JSON: {str(exc).split(';')[0][:200]}", file=shown,
                                expected=expected) from None
    if isinstance(data, dict) and isinstance(data.get("domains"), list) \
            and all(isinstance(d, dict) and isinstance(d.get("items", []), list) for d in data["domains"]):
        blocks = [((d.get("domain") or {}).get("code") if isinstance(d.get("domain"), dict) else None,
                   d.get("items", [])) for d in data["domains"]]
    elif isinstance(data, list):
        blocks = [(None, data)]
    else:
        raise InputError.single("not a catalogue export: the top level is neither a list of items nor "
                                '{"domains": [...]}', file=shown, expected=expected)
    items = [(code, i) for code, block in blocks for i in block]
    result = ImportResult()
    for n, (code, raw) in enumerate(items, 1):
        result.rows += 1
        if not isinstance(raw, dict):
            result.problems.append(RowProblem(shown, n, None, f"not an item: {json.dumps(raw)[:60]} "
                                              "(an object with 一级事项 category, 二级事项 name … expected)"))
            continue
        if not str(raw.get("category") or "").strip():
            result.problems.append(RowProblem(shown, n, raw.get("code"), "no 一级事项 (category): every item "
                                              "needs one; the item cannot be placed in the domain"))
            continue
        fields = {k: v for k, v in raw.items() if k in CONTENT_FIELDS}
        try:
            Item.model_validate({**fields, "code": "00-00-000"})
        except ValidationError as exc:
            reason = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            result.problems.append(RowProblem(shown, n, raw.get("code") if isinstance(raw, dict) else None,
                                              f"not a valid item: {reason}"))
            continue
        parsed = ParsedItem(fields, shown, n, raw.get("code"), code=raw.get("code"))
        if isinstance(code, str) and code:
            parsed.domain, parsed.domain_from = code, "its domain in the JSON export"
        result.items.append(parsed)
    return result
