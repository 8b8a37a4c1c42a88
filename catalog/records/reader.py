"""Reading disclosure records from CSV, XLSX or TOML, reporting every bad row at once.

A bad row is named by file, row (as a spreadsheet shows it: the header is row 1 when it is
the first line), column and reason; one bad row rejects the whole file, so nothing is ever
half-imported. Columns that are not record fields (索引号, 文号 …) are ignored.
"""
from __future__ import annotations

import csv
import unicodedata
from pathlib import Path
from typing import Any, Iterable, Optional

from gongkai.catalog.errors import InputError, Problem, display_path
from gongkai.catalog.records.cells import (COLUMNS, DATE_EXPECTED, column_field, is_blank, parse_date, split_channels,
                                  split_elements)
from gongkai.catalog.records.model import Record, RecordFile, RecordSource, record_lines

_HEADER_SEARCH_ROWS = 10   # exports often put a title line or two above the header
MAX_PROBLEMS = 200         # a wholly wrong file should not print 10,000 lines


def read_record_file(path: Path, dept: Optional[str] = None, departments: Optional[list] = None) -> RecordFile:
    """The records of one file; ``dept`` fills rows without a department and must agree with rows that name one."""
    suffix = path.suffix.lower()
    if suffix == ".toml":
        return _read_toml(path, dept, departments)
    if suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path)
    else:
        rows = _csv_rows(path)
    records, problems = _records_from_table(rows, path, dept, departments)
    if problems:
        raise InputError(_capped(problems, path))
    return RecordFile(path, RecordSource(file=path.name, dept=dept, records=len(records)), records,
                      [r.row for r in records])


# -- tables (CSV / XLSX) --------------------------------------------------------------------
def _csv_rows(path: Path) -> list[tuple[int, list[Any]]]:
    from gongkai.catalog.tables.text import csv_rows, read_csv_text

    text = read_csv_text(path)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
    return csv_rows(text, path, dialect=dialect)


def _xlsx_rows(path: Path) -> list[tuple[int, list[Any]]]:
    from gongkai.catalog.tables.workbooks import open_workbook

    book = open_workbook(path, display_path(path), "an .xlsx file saved by Excel or WPS", data_only=True)
    # The first sheet with a recognisable header wins (an export may put notes on a first sheet).
    for sheet in book.worksheets:
        rows = _sheet_rows(sheet)
        if _find_header(rows) is not None:
            return rows
    return _sheet_rows(book.worksheets[0])


def _sheet_rows(sheet) -> list[tuple[int, list[Any]]]:
    """Numbered rows; a merged cell (one channel written over three rows) counts in each row it covers."""
    rows = [(number, list(row)) for number, row in enumerate(sheet.iter_rows(values_only=True), 1)]
    for rng in sheet.merged_cells.ranges:
        top = rows[rng.min_row - 1][1][rng.min_col - 1] if rng.min_row <= len(rows) else None
        for r in range(rng.min_row, min(rng.max_row, len(rows)) + 1):
            cells = rows[r - 1][1]
            for c in range(rng.min_col, min(rng.max_col, len(cells)) + 1):
                cells[c - 1] = top
    return rows


def _find_header(rows: list[tuple[int, list[Any]]]) -> Optional[int]:
    """Index (in ``rows``) of the header: the first of the top rows naming the code column."""
    for index, (_, cells) in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        if any(column_field(c) == "code" for c in cells if c is not None):
            return index
    return None


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _records_from_table(rows, path: Path, dept, departments) -> tuple[list[Record], list[Problem]]:
    shown = display_path(path)
    header_index = _find_header(rows)
    if header_index is None:
        first = next((cells for _, cells in rows if any(not is_blank(c) for c in cells)), [])
        seen = "、".join(str(c) for c in first if not is_blank(c))[:200] or "nothing"
        return [], [Problem(f"no column for the item code; the first row holds {seen}", **where(shown, 1),
                            field="code", expected=_header_help())]
    header_row, header = rows[header_index]
    columns: dict[str, int] = {}
    problems: list[Problem] = []
    for i, cell in enumerate(header):
        name = column_field(cell)
        if name is None:
            continue
        if name in columns:
            j = columns[name]
            problems.append(Problem(
                f"two columns for {name}: {_column_letter(j)} {header[j]!r} and {_column_letter(i)} {cell!r}",
                **where(shown, header_row), field=name, expected="one column per field"))
            continue
        columns[name] = i
    if problems:
        return [], problems

    def label(name: str) -> str:
        i = columns[name]
        return f"{name} (column {_column_letter(i)} {header[i]})"

    records: list[Record] = []
    for number, cells in rows[header_index + 1:]:
        values = {name: (cells[i] if i < len(cells) else None) for name, i in columns.items()}
        if all(is_blank(v) for v in values.values()):
            continue
        record = _record(values, number, shown, label, dept, departments, problems)
        if record is not None:
            records.append(record)
    problems.extend(_duplicates(records, shown))
    return records, problems


def _header_help() -> str:
    return ("a header row with at least the item code, e.g. code, title, formed_on, published_on, channel, url, "
            "elements or 事项编码, 信息标题, 形成日期, 发布日期, 发布渠道, 链接, 公开要素")


# -- one row --------------------------------------------------------------------------------
def _record(values: dict[str, Any], number: int, shown: str, label, dept, departments,
            problems: list[Problem]) -> Optional[Record]:
    bad = len(problems)

    def problem(message: str, name: str, expected: str | None = None, code: str | None = None) -> None:
        problems.append(Problem(message, **where(shown, number), item=code, field=label(name), expected=expected))

    raw_code = values.get("code")
    code = "" if is_blank(raw_code) else _text(raw_code).replace(" ", "")
    if not code:
        problem("the item code is empty", "code", "the 事项编码 of a catalogue item, e.g. 410106-19-02-002")
    dates = {}
    for name in ("formed_on", "published_on"):
        if name not in values:
            dates[name] = None
            continue
        value, reason = parse_date(values[name])
        if reason:
            problem(reason, name, DATE_EXPECTED, code or None)
        dates[name] = value
    if dates["formed_on"] and dates["published_on"] and dates["published_on"] < dates["formed_on"]:
        problem(f"published on {dates['published_on']}, before the information was formed on {dates['formed_on']}",
                "published_on", "a publication date on or after the formation date", code or None)
    row_dept = None if is_blank(values.get("dept")) else canonical_dept(_text(values["dept"]), departments)
    wanted = canonical_dept(dept, departments) if dept else None
    if wanted and row_dept and row_dept != wanted:
        problem(f"the row belongs to {row_dept}, but the import is for {wanted}", "dept",
                f"rows of {wanted} only (or leave the column empty)", code or None)
    if len(problems) > bad:
        return None
    return Record(
        code=code,
        title=None if is_blank(values.get("title")) else _text(values["title"]),
        formed_on=dates["formed_on"], published_on=dates["published_on"],
        channels=split_channels(values.get("channels")),
        url=None if is_blank(values.get("url")) else _text(values["url"]),
        elements=split_elements(values.get("elements")),
        dept=row_dept or wanted, row=number,
    )


def where(shown: str, number: Optional[int]) -> dict:
    """Location of a problem: a spreadsheet row ("file row 12"), or a TOML line ("file:12")."""
    if shown.lower().endswith(".toml") or number is None:
        return {"file": shown, "line": number}
    return {"file": f"{shown} row {number}", "line": None}


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def canonical_dept(name: Optional[str], departments: Optional[Iterable] = None) -> Optional[str]:
    """A department's name as the workspace knows it (an alias gives the department's name)."""
    if not name:
        return None
    name = unicodedata.normalize("NFKC", name).strip()
    for d in departments or ():
        if name == d.name or name in d.aliases:
            return d.name
    return name


def _duplicates(records: list[Record], shown: str, lines: Optional[list] = None) -> list[Problem]:
    """Rows that repeat an earlier row exactly (an export glitch that would count a disclosure twice)."""
    seen: dict[tuple, Optional[int]] = {}
    out = []
    for i, r in enumerate(records):
        at = lines[i] if lines is not None else r.row
        key = tuple(sorted((k, str(v)) for k, v in r.model_dump(exclude={"row"}).items()))
        if key in seen:
            first = seen[key]
            out.append(Problem(f"repeats {'line' if lines is not None else 'row'} {first} exactly", **where(shown, at),
                               item=r.code, expected="each record once (remove the repeated one)"))
        else:
            seen[key] = at
    return out


def _capped(problems: list[Problem], path: Path) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = len(problems) - MAX_PROBLEMS
    return problems[:MAX_PROBLEMS] + [Problem(f"… and {rest} more problems", file=display_path(path))]


# -- TOML -----------------------------------------------------------------------------------
def _read_toml(path: Path, dept, departments) -> RecordFile:
    from gongkai.catalog.toml_store import read_toml

    data, text = read_toml(path)
    shown = display_path(path)
    problems: list[Problem] = []
    for key in data:
        if key not in ("source", "records"):
            problems.append(Problem(f"unknown table '{key}'", file=shown, field=key,
                                    expected="[source] and [[records]] only"))
    try:
        source = RecordSource.model_validate(data.get("source", {}))
    except Exception as exc:
        problems.append(Problem(f"bad [source] table: {exc}", file=shown, field="source",
                                expected="file, dept, imported_on and records"))
        source = RecordSource()
    raw = data.get("records", [])
    if not isinstance(raw, list):
        raise InputError(problems + [Problem("'records' must be an array of tables", file=shown, field="records",
                                             expected="[[records]] blocks")])
    from gongkai.catalog.toml_store import LineMap

    line_map = LineMap(text, array="records")
    lines = record_lines(text, len(raw))
    file_dept = dept or source.dept
    records: list[Record] = []
    record_at: list[Optional[int]] = []
    for index, entry in enumerate(raw):
        line = lines[index] if index < len(lines) else None
        if not isinstance(entry, dict):
            problems.append(Problem("a record must be a table", file=shown, line=line, expected="[[records]]"))
            continue
        values: dict[str, Any] = {}
        row = None
        for key, value in entry.items():
            if key == "row":
                row = value if isinstance(value, int) else None
                continue
            name = column_field(key)
            if name is None:
                problems.append(Problem(f"unknown key '{key}'", file=shown, line=line_map.field_line(index, key), field=key,
                                        expected="one of: " + ", ".join(COLUMNS) + ", row"))
                continue
            values[name] = value
        before = len(problems)
        record = _record(values, line or index + 1, shown, lambda n: n, file_dept, departments, problems)
        if record is not None:
            record.row = row if row is not None else index + 1
            records.append(record)
            record_at.append(line)
        elif len(problems) == before:
            problems.append(Problem("record not understood", file=shown, line=line))
    problems.extend(_duplicates(records, shown, record_at))
    if problems:
        raise InputError(_capped(problems, path))
    if source.dept is None and dept:
        source.dept = dept
    return RecordFile(path, source, records, record_at)

