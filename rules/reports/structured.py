"""The structured form of a report's tables (JSON, TOML): written by `report tables`, read back by
``load_report``, and simple enough to type by hand.

JSON keeps each cell's state, raw text and source line, and the narrative (so the text rule still
runs); the compact form for TOML writes each cell as published. Reading accepts both, and the
shorthand of a number, or a string as published ("", "/", "+15", "?" for missing); a cell left out
is missing. Unknown tables, rows or columns are input errors naming the field.
"""
from __future__ import annotations

import math
from typing import Any

from gongkai.rules.reports.tables import FORMATS, T2, T3, Cell, Note, Report, detect_format, parse_cell

SCHEMA = "gongkai/annual-report-tables/1"


def _cell_to_dict(c: Cell, compact: bool) -> Any:
    if compact:                                       # TOML: the cell as published, numbers as numbers
        if c.state == "value" and (c.raw or "").strip() == str(c.value):
            return c.value
        return c.show()
    d: dict[str, Any]
    if c.state == "missing":
        d = {"missing": True}
    elif c.state == "blank":
        d = {"blank": True}
    else:
        d = {"value": c.value}
        if c.state == "uncertain":
            d["uncertain"] = True
    if c.raw is not None and c.raw.strip() not in ("", str(c.value)):
        d["raw"] = c.raw
    if c.line is not None:
        d["line"] = c.line
    if c.note:
        d["note"] = c.note
    return d


def to_dict(report: Report, compact: bool = False) -> dict[str, Any]:
    """The structured form written by ``report tables --format json|toml`` and read back by ``load_report``.

    JSON keeps every cell's state, raw text and line; ``compact`` (TOML, for editing by hand) writes
    each cell as published: a number, "" or "/" for blank, "?" for missing, "12?" for uncertain.
    """
    meta = {k: v for k, v in (("file", report.file), ("source", report.source), ("title", report.title),
                              ("unit", report.unit), ("year", report.year), ("format", report.format),
                              ("title_line", report.title_line)) if v is not None}
    if not compact and report.table_lines:
        meta["table_lines"] = {t: ln for t, ln in report.table_lines.items() if ln is not None}
    tables = {t: {r: {c: _cell_to_dict(report.cell(t, r, c), compact) for c in cols} for r, cols in rows.items()}
              for t, rows in report.layout().items()}
    out: dict[str, Any] = {"schema": SCHEMA, **meta, "format_evidence": report.format_evidence, "tables": tables}
    out["notes"] = [{k: v for k, v in (("table", n.table), ("message", n.message), ("line", n.line),
                                       ("cells", n.cells)) if v not in (None, [])} for n in report.notes]
    out["narrative"] = [{"line": ln, "text": tx} if ln is not None else {"text": tx} for ln, tx in report.narrative]
    return out


def _cell_from(value: Any, where: str, file: str | None) -> Cell:
    from gongkai.catalog.errors import InputError

    if isinstance(value, bool):
        raise InputError.single(f"cell {where} is a boolean", file=file, field=where,
                                expected="a number, a string as published, or a table {value|blank|missing}")
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError.single(f"cell {where} = {value!r} is not a finite number", file=file, field=where,
                                expected="a count or amount")
    if isinstance(value, (int, float)):
        return Cell("value", value, str(value))
    if isinstance(value, str):
        return parse_cell(value) or _bad_cell(value, where, file)
    if isinstance(value, dict):
        line, raw, note = value.get("line"), value.get("raw"), value.get("note")
        if value.get("missing"):
            return Cell("missing", None, raw, line)
        if value.get("blank"):
            return Cell("blank", None, raw if raw is not None else "", line)
        v = value.get("value")
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            state = "uncertain" if value.get("uncertain") else "value"
            return Cell(state, v, raw if raw is not None else str(v), line, note)
    return _bad_cell(value, where, file)


def _bad_cell(value: Any, where: str, file: str | None) -> Cell:
    from gongkai.catalog.errors import InputError

    raise InputError.single(f"cell {where} = {value!r} is not a number", file=file, field=where,
                            expected="a number, a string as published (\"\", \"/\", \"+15\"), or "
                                     "{value = N} / {blank = true} / {missing = true}")


def from_dict(data: dict[str, Any], file: str | None = None, source: str = "json") -> Report:
    """A report from its structured form; absent cells are missing, unknown rows are an input error."""
    from gongkai.catalog.errors import InputError

    if not isinstance(data, dict) or not isinstance(data.get("tables"), dict):
        raise InputError.single("no [tables] in the structured report", file=file, field="tables",
                                expected=f"the form written by `gongkai report tables --format json` ({SCHEMA})")
    fmt = str(data["format"]) if data.get("format") is not None else None
    if fmt is not None and fmt not in FORMATS:
        raise InputError.single(f"unknown format {fmt!r}", file=file, field="format", expected="2019 or 2021")
    year = data.get("year")
    report = Report(file=file, source=source, title=data.get("title"), unit=data.get("unit"),
                    year=int(year) if year is not None else None, format=fmt,
                    format_evidence=list(data.get("format_evidence") or ["given in the file"]))
    if isinstance(data.get("title_line"), int) and not isinstance(data.get("title_line"), bool):
        report.title_line = data["title_line"]
    if isinstance(data.get("table_lines"), dict):
        report.table_lines = {t: ln for t, ln in data["table_lines"].items() if isinstance(ln, int)}
    if fmt is None:
        t2 = data["tables"].get(T2) or {}
        t2_words = [*t2, *(c for cols in t2.values() if isinstance(cols, dict) for c in cols)]
        report.format, report.format_evidence = detect_format(t2_words, list(data["tables"].get(T3) or {}),
                                                              report.year)
    lay = report.layout()
    for table, rows in data["tables"].items():
        if table not in lay:
            raise InputError.single(f"unknown table {table!r}", file=file, field=f"tables.{table}",
                                    expected="表二, 表三 or 表四")
        for row, cols in (rows or {}).items():
            if row not in lay[table]:
                raise InputError.single(f"unknown row {row!r} for the {report.format} format", file=file,
                                        field=f"tables.{table}.{row}", expected="one of " + "、".join(lay[table]))
            report.tables[table][row] = {}
            for col, value in (cols or {}).items():
                where = f"tables.{table}.{row}.{col}"
                if col not in lay[table][row]:
                    raise InputError.single(f"unknown column {col!r}", file=file, field=where,
                                            expected="one of " + "、".join(lay[table][row]))
                report.tables[table][row][col] = _cell_from(value, where, file)
    report.notes = [Note(n.get("table", ""), n.get("message", ""), n.get("line"), list(n.get("cells", [])))
                    for n in data.get("notes") or []]
    report.narrative = [(n.get("line"), n.get("text", "")) for n in data.get("narrative") or []]
    return report
