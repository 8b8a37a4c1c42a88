"""Markdown pipe tables, in the form of the shared catalogue transcriptions and of our export.

A file is read in blocks separated by a line "---". A block's lines before its table say where
the rows come from::

    source: https://…                      the page (first URL on the line)
    locality: 天津市宝坻区 (2020-12-16; …)  where, as the transcriber saw it
    note: non-government domain …          remarks; mirror copies are flagged here
    header line 1: 序号 | 公开事项 | …      the page's two header lines (for run-together ticks)
    header line 2: 一级事项 | 二级事项 | 全社会 | …

A table's own header may also run over two rows (the second row holds 一级事项 / 全社会 …
under 公开事项 / 公开对象), aligned or packed to the left. ``<br>`` in a cell is a line break.
"""
from __future__ import annotations

import re
from pathlib import Path

from gongkai.catalog.errors import InputError, display_path
from gongkai.catalog.tables.header import TickLabels, flatten, header_row_score, is_second_header
from gongkai.catalog.tables.rows import RawRow, RawTable, TableSource

_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
# Wordings by which the transcriptions flag a copy that is not on a government host.
_MIRROR_WORDS = ("mirror", "non-government", "not a government host", "not a gov", "document-sharing",
                 "aggregator", "translation proxy")


def split_row(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    cells = re.split(r"(?<!\\)\|", s)
    return [c.replace("\\|", "|").replace("<br>", "\n").replace("<br/>", "\n").strip() for c in cells]


def read_markdown(path: Path, text: str | None = None) -> list[RawTable]:
    """The catalogue tables of a Markdown file, each with the source lines of its block."""
    if text is None:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError.single(f"not UTF-8 text (byte {exc.start})", file=display_path(path),
                                    expected="a UTF-8 Markdown file") from None
    shown = display_path(path)
    lines = text.split("\n")
    tables: list[RawTable] = []
    meta = _Meta()
    section: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip() == "---":
            meta = _Meta()
        elif re.match(r"^#{1,6}\s", line):
            section = line.lstrip("#").strip()       # gongkai's export: "## 19 社会救助领域…"
        elif line.lstrip().startswith("|") and i + 1 < len(lines) and _SEPARATOR.match(lines[i + 1].strip()):
            header = split_row(line)
            rows: list[RawRow] = []
            j = i + 2
            while j < len(lines) and lines[j].lstrip().startswith("|"):
                rows.append(RawRow(j + 1, split_row(lines[j])))
                j += 1
            if rows and not any(rest.strip() for rest in lines[j:]) and line.rstrip().endswith("|") \
                    and not lines[j - 1].rstrip().endswith("|"):
                rows[-1].cut = True     # the file stops inside its last row (the header shows rows end with |)
            tables.append(_table(header, rows, meta, shown))
            tables[-1].source.section = section
            i = j
            continue
        else:
            meta.read(line)
        i += 1
    if not tables:
        raise InputError.single("no pipe table found", file=shown,
                                expected="a Markdown table: a header row, a |---| line, then the rows")
    return tables


class _Meta:
    def __init__(self) -> None:
        self.url: str | None = None
        self.locality: str | None = None
        self.mirror: str | None = None
        self.header1: list[str] = []
        self.header2: list[str] = []
        self.columns: list[str] = []

    def read(self, line: str) -> None:
        s = line.strip()
        key, _, value = s.partition(":")
        key = key.strip().lower()
        if key == "source" and value.strip():
            m = re.search(r"https?://\S+", value)
            self.url = m.group(0) if m else value.strip()
        elif key == "locality":
            self.locality = value.strip()
        elif key in ("header line 1", "header line 2", "columns"):
            cells = [c.strip() for c in re.split(r"\s{2,}\(", value)[0].split("|")]
            {"header line 1": self.header1, "header line 2": self.header2, "columns": self.columns}[key][:] = cells
        lowered = s.lower()
        if self.mirror is None and any(w in lowered for w in _MIRROR_WORDS) and not lowered.startswith("- "):
            corrupted = "corrupted" in lowered
            self.mirror = ("source is a corrupted mirror copy on a non-government host (conversion debris in "
                           "the text)" if corrupted else "source is a mirror copy on a non-government host")

    def tick_labels(self) -> list[str]:
        labels = TickLabels.from_labels(self.header2).labels
        if not labels and self.columns:
            labels = TickLabels.from_labels(self.columns).labels
        return labels


def _table(header: list[str], rows: list[RawRow], meta: _Meta, shown: str) -> RawTable:
    # A second header row inside the table: 一级事项 / 全社会 … under 公开事项 / 公开对象.
    if rows and is_second_header(rows[0].cells, header) and header_row_score(header) >= 3:
        header = flatten(header, rows[0].cells)
        rows = rows[1:]
    source = TableSource(shown, meta.locality, meta.url, meta.mirror, meta.tick_labels())
    return RawTable(header, rows, source)
