"""Reading an annual report file: pick the parser by content, run it, refuse what is not one report.

The parsers (text, Markdown/HTML, JSON/TOML, XLSX) each produce the neutral ``Report`` of
``tables``; the checks read only that.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from gongkai.catalog.errors import InputError, display_path
from gongkai.rules.reports.parse_markup import parse_html, parse_markdown
from gongkai.rules.reports.parse_text import parse_text
from gongkai.rules.reports.render import read_xlsx
from gongkai.rules.reports.structured import from_dict
from gongkai.rules.reports.tables import MAX_DIGITS, TABLES, Report


def sniff(path: Path, text: str) -> str:
    ext = path.suffix.lower()
    if ext in (".json", ".toml"):
        return ext[1:]
    if ext in (".html", ".htm") or re.search(r"<table\b", text[:200000], re.I):
        return "html"
    if ext in (".md", ".markdown"):
        return "markdown"
    pipe_rows = sum(1 for ln in text.splitlines() if ln.count("|") >= 3)
    return "markdown" if pipe_rows >= 5 else "text"


def load_report(path: Path | str, kind: str | None = None) -> Report:
    """Read a report from published text, Markdown, HTML, or the JSON/TOML/XLSX this tool writes."""
    shown = display_path(Path(path))
    try:
        return _load(Path(path), shown, kind)
    except InputError as exc:              # a cell's problem knows its line, not its file
        for p in exc.problems:
            p.file = p.file or shown
            if p.line is None and p.message.startswith("a cell of"):
                p.line = _long_number_line(Path(path))
        raise InputError(exc.problems) from None


def _long_number_line(path: Path) -> int | None:
    """The first line holding a number longer than any cell may be (parsers probe lines without their number)."""
    long = re.compile(r"\d{%d}" % (MAX_DIGITS + 1))
    text = path.read_bytes().decode("utf-8", "replace")
    return next((i for i, ln in enumerate(text.splitlines(), start=1) if long.search(ln)), None)


def _load(path: Path, shown: str, kind: str | None) -> Report:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError.single(f"cannot read the file: {exc.strerror or exc}", file=shown) from None
    if kind == "xlsx" or (kind is None and (path.suffix.lower() == ".xlsx" or data.startswith(b"PK\x03\x04"))):
        return read_xlsx(data, shown)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError.single("not UTF-8 or GB18030 text", file=shown, expected="a text, Markdown, HTML, "
                                    "JSON, TOML or XLSX file") from None
    kind = kind or sniff(path, text)
    if kind == "json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError.single(f"invalid JSON: {exc.msg}", file=shown, line=exc.lineno) from None
        except (ValueError, RecursionError) as exc:    # a number of thousands of digits, nesting past the stack
            raise InputError.single(f"invalid JSON: {str(exc).split(';')[0]}", file=shown) from None
        return from_dict(obj, shown, "json")
    if kind == "toml":
        import tomllib

        try:
            obj = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:
            raise InputError.single(f"invalid TOML: {str(exc).split(';')[0]}", file=shown) from None
        return from_dict(obj, shown, "toml")
    if kind == "html":
        report = parse_html(text, shown)
    elif kind == "markdown":
        report = parse_markdown(text, shown)
    else:
        report = parse_text(text, shown)
    if report.repeated:
        where = "; ".join(f"{t}'s at lines {', '.join(str(n) for n in lines if n is not None)}"
                          for t, lines in report.repeated.items())
        raise InputError.single(
            f"not one annual report: a table's section heading heads table rows more than once ({where}), so "
            "the file holds several reports, or templates and excerpts of several; read as one, their tables "
            "and text would be mixed", file=shown,
            expected="one 政府信息公开工作年度报告 per file: split the file into one file per report")
    if not any(report.tables[t] for t in TABLES):
        raise InputError.single("no table of an annual report found (表二 主动公开, 表三 申请, 表四 复议诉讼)",
                                file=shown, expected="the tables of a 政府信息公开工作年度报告, one cell a line, "
                                "or as Markdown/HTML tables")
    return report
