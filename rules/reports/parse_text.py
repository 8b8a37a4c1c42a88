"""Reading a report from plain text as published: one cell per line (the source case).

Text copied from a report page puts each table cell on its own line, usually with a blank line
between cells; a header cell may wrap onto a second line ("本年新" / "制作数量"). The tables are
found by their section headings (二、主动公开… 三、收到和处理… 四、…行政复议…, up to 五、), or by their
first rows when a heading is missing; a heading that no number follows (a table of contents) is
passed over. Inside a table, a run of label cells followed by a run of
number cells makes one row. A section heading that heads numbers more than once means several
reports in one file, which ``load_report`` refuses.
"""
from __future__ import annotations

import re

from gongkai.rules.reports.parse_notes import split_numbers
from gongkai.rules.reports.tables import (
    T2, T3, T4, RawRow, Report, assemble, find_title, heading_text, parse_cell, repeated_sections,
    section_heading,
)

_STARTS = (
    (T2, re.compile(r"^(?:二\s*[、.．]\s*主动公开|第二十条第)")),
    (T3, re.compile(r"^(?:三\s*[、.．]\s*收到和处理|[（(]?本列数据的勾稽关系|申请人情况$)")),
    (T4, re.compile(r"^(?:四\s*[、.．].*行政复议|行政复议$)")),
)
_END = re.compile(r"^[五六]\s*[、.．]")


# A table of contents lists the same headings as the report, each followed by the next one or by
# its page number; a table puts many numbers under its heading.
TABLE_NUMBERS = 2


def _heads_numbers(lines: list[str], i: int) -> bool:
    """Do at least TABLE_NUMBERS number cells follow line i before the next section heading?"""
    found = 0
    for line in lines[i + 1:]:
        text = heading_text(line)
        if section_heading(text) or _END.match(text):
            return False
        numbers = split_numbers(text)
        cell = parse_cell(text) if text and not numbers else None
        if numbers or (cell is not None and cell.state == "value"):
            found += len(numbers or [None])
            if found >= TABLE_NUMBERS:
                return True
    return False


def _regions(lines: list[str]) -> dict[str, tuple[int, int]]:
    """table → (first, last+1) line index; each table starts after the previous one."""
    found: dict[str, int] = {}
    pos = 0
    for table, pattern in _STARTS:
        for i in range(pos, len(lines)):
            if pattern.match(heading_text(lines[i])) and _heads_numbers(lines, i):
                found[table] = i
                pos = i + 1
                break
    if not found:
        return {}
    end = next((i for i in range(max(found.values()) + 1, len(lines)) if _END.match(lines[i].strip())), len(lines))
    order = sorted(found.items(), key=lambda kv: kv[1])
    return {t: (start, order[k + 1][1] if k + 1 < len(order) else end) for k, (t, start) in enumerate(order)}


def _tokens(lines: list[str], first: int, last: int) -> list[tuple[str, int]]:
    """The cells of a region as (text, line number): blank-line separated blocks when the text
    is laid out that way (a wrapped header cell is joined), else one cell a line."""
    blocks: list[list[tuple[str, int]]] = [[]]
    for i in range(first, last):
        text = lines[i].replace("\u00a0", " ").replace("\u3000", " ").strip()
        if text in ("|", "｜"):
            continue                                       # a cell separator on a line of its own
        if text and (parts := split_numbers(text)):       # "0 0 0 0 0": one cell each
            if blocks[-1]:
                blocks.append([])
            blocks.extend([[(part, i + 1)] for part in parts])
            blocks.append([])
        elif text:
            blocks[-1].append((text, i + 1))
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    if not blocks:
        return []
    single = sum(len(b) == 1 for b in blocks)
    if single < 0.9 * len(blocks):
        return [cell for b in blocks for cell in b]
    out: list[tuple[str, int]] = []
    for b in blocks:
        if len(b) > 1 and sum(parse_cell(t) is not None for t, _ in b) >= 2:
            out.extend(b)                                  # two numbers are two cells, not one
        else:
            out.append(("".join(t for t, _ in b), b[0][1]))
    return out


def _rows(tokens: list[tuple[str, int]]) -> list[RawRow]:
    """A run of labels then a run of numbers is one row."""
    rows: list[RawRow] = []
    labels: list[str] = []
    values: list[tuple[str, int]] = []
    first_line: int | None = None
    for text, line in tokens:
        is_value = parse_cell(text) is not None
        if not is_value and values:
            rows.append(RawRow(labels, values, first_line))
            labels, values, first_line = [], [], None
        if is_value:
            values.append((text, line))
        else:
            labels.append(text)
        first_line = first_line or line
    if labels or values:
        rows.append(RawRow(labels, values, first_line))
    return rows


def _section_marks(lines: list[str]) -> list[tuple[str, int, bool]]:
    """(table, line, a table's numbers follow before the next section heading) for each section heading."""
    return [(table, i + 1, _heads_numbers(lines, i)) for i, ln in enumerate(lines) if (table := section_heading(ln))]


def parse_text(text: str, file: str | None = None) -> Report:
    lines = text.splitlines()
    regions = _regions(lines)
    inside = set()
    sections: dict[str, list[RawRow]] = {}
    for table, (first, last) in regions.items():
        sections[table] = _rows(_tokens(lines, first, last))
        inside.update(range(first, last))
    # a sentence inside a table's section ("未出现申请行政复议、提起行政诉讼的情况。") is text, not a cell
    narrative = [(i + 1, ln.strip()) for i, ln in enumerate(lines)
                 if ln.strip() and (i not in inside or ln.strip().endswith(("。", "；")))]
    title, unit, year = find_title(narrative[:40])
    report = Report(file=file, source="text", title=title, unit=unit, year=year, narrative=narrative)
    report.repeated = repeated_sections(_section_marks(lines))
    return assemble(report, sections)
