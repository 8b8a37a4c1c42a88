"""Rows of a catalogue table as item field dicts, with every row that cannot be mapped reported.

A reader (Markdown, XLSX, CSV) gives a ``RawTable``: one label per column and the data rows
with their line (or sheet row) numbers. ``read_rows`` walks the rows the way an officer reads
the printed table:

- a row with an item label of its own (一级/二级/三级事项) starts a new item; blank or merged
  higher levels are those of the row above (a category cell merged down, or left blank);
- a row with no label of its own (blank, "(merged)", "(cont.)") continues the item above:
  its content lines are added to it;
- "同上" and merged cells take the value of the row above; "(same as row N)" that of row N;
- masked values ("******局") and the part of a cell cut off by the end of a source excerpt
  are kept out of the data and said in the item's note;
- a row whose item cannot be named (label not stored, cut off, masked, no 一级事项 anywhere) is
  reported with file, line and reason — never dropped silently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from pydantic import ValidationError

from gongkai.catalog.errors import Problem
from gongkai.catalog.model import Item
from gongkai.catalog.tables.cells import (parse_basis, parse_channels, parse_elements, parse_group_text,
                                 parse_origin, parse_process, parse_run_ticks, parse_tick_cell, place_articles)
from gongkai.catalog.tables.header import Column, classify, ticks_columns
from gongkai.catalog.tables.text import (Cell, clean, close_cjk_gaps, has_pinyin_debris, one_line, only_marks,
                                read_cell, strip_label_number, to_simplified, unneutralise)


@dataclass
class TableSource:
    """Where a table comes from (a file; for the shared transcriptions also the page)."""

    file: str
    locality: Optional[str] = None
    url: Optional[str] = None
    mirror: Optional[str] = None            # why the source is flagged as a mirror, if it is
    tick_labels: list[str] = field(default_factory=list)   # header line 2's tick columns
    section: Optional[str] = None           # the Markdown heading above the table ("## 19 社会救助…")


# The importer's remarks on how it read a row (not the table's content): they go to source.note.
READING_REMARK = re.compile(r"cut off in the source(?: after|:)|masked in the source|without a box mark|without its column|"
                            r"^ticks as stored|^text converted|^pinyin conversion|mirror copy|non-government host|"
                            r"read as a one-level item|other collected catalogue")


@dataclass
class RawRow:
    line: int                               # line of the file, or the sheet row
    cells: list[str]
    merged: frozenset[int] = frozenset()    # columns continuing a cell merged down from above
    cut: bool = False                       # the file ends inside this row (its line lacks the closing |)


@dataclass
class RawTable:
    header: list[str]
    rows: list[RawRow]
    source: TableSource
    sheet: Optional[str] = None
    hidden: bool = False          # a sheet hidden in the workbook: reported, not imported


@dataclass
class RowProblem:
    """A row that was not imported, and why."""

    file: str
    line: int
    seq: Optional[str]
    reason: str
    rows: int = 1                 # rows it stands for (a refused sheet is one problem for all its rows)

    def to_problem(self) -> Problem:
        row = f"row {self.seq}: " if self.seq else ""
        return Problem(row + self.reason, file=self.file, line=self.line)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "seq": self.seq, "reason": self.reason, "rows": self.rows}


@dataclass
class ParsedItem:
    fields: dict[str, Any]
    file: str
    line: int
    seq: Optional[str] = None
    more_lines: list[int] = field(default_factory=list)   # continuation rows merged into it
    domain_text: Optional[str] = None      # what the row's 领域 cell says, if it has one
    domain: Optional[str] = None           # the domain code its file names (``placement``), if any
    domain_from: str = ""                  # where that was said: "sheet '19 社会救助'", "领域 column"
    code: Optional[str] = None             # its 事项编码 cell, if the table has one (import --update matches by it)

    @property
    def label(self) -> str:
        f = self.fields
        return " / ".join(x for x in (f.get("category"), f.get("name"), f.get("subitem")) if x)


@dataclass
class ImportResult:
    items: list[ParsedItem] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    rows: int = 0                           # data rows read
    blank_lines: list[int] = field(default_factory=list)   # entirely empty rows (nothing to import)

    def extend(self, other: "ImportResult") -> None:
        self.items.extend(other.items)
        self.problems.extend(other.problems)
        self.rows += other.rows
        self.blank_lines.extend(other.blank_lines)


LEVELS = ("category", "name", "subitem")
FREE_TEXT = ("note", "locality", "url", "reading")   # kept verbatim: no transcription marks, no debris removal
Progress = Callable[[int, int], None]


def read_rows(table: RawTable, simplify: bool = False, progress: Optional[Progress] = None,
              other_domain: Optional[Callable[[str], Optional[str]]] = None) -> ImportResult:
    """Interpret a table's rows (see the module docstring).

    ``simplify`` converts traditional characters to simplified (mirror copies); ``other_domain``
    returns a reason when a 领域 cell names a domain other than the one imported into.
    """
    return _Reader(table, simplify, progress, other_domain).run()


class _Reader:
    def __init__(self, table: RawTable, simplify: bool, progress: Optional[Progress],
                 other_domain: Optional[Callable[[str], Optional[str]]]):
        self.table = table
        self.simplify = simplify
        self.progress = progress
        self.other_domain = other_domain
        header = [to_simplified(clean(h)) if simplify else clean(h) for h in table.header]
        self.columns: list[Column] = [classify(h) for h in header]
        self.result = ImportResult()
        self.previous: dict[int, Cell] = {}            # resolved cells of the row above
        self.by_seq: dict[str, dict[int, Cell]] = {}   # resolved cells by 序号, for "(same as row N)"
        self.labels: dict[str, Optional[str]] = {k: None for k in LEVELS}
        self.current: Optional[ParsedItem] = None
        self.current_notes: list[str] = []
        self.orphan_of: Optional[int] = None           # line of a rejected item (its continuations go too)
        self.one_level: Optional[str] = None           # why the row being read is taken as a one-level item
        self.tentative: Optional[tuple] = None         # (item, line, seq, category, reason) of that item
        kinds = {c.kind for c in self.columns}
        self.has_category = bool(kinds & {"category", "labels", "item"})
        self.has_channels = "channels" in kinds
        self.tick_labels = list(table.source.tick_labels)

    # -- rows --------------------------------------------------------------------------------
    def run(self) -> ImportResult:
        rows = self.table.rows
        if self.table.hidden and rows:
            # often an old version kept out of sight (旧版, 作废): importing it would duplicate items
            self.result.problems.append(RowProblem(
                self.table.source.file, rows[0].line, None,
                f"sheet {self.table.sheet!r} is hidden in the workbook: its {len(rows)} rows were not imported "
                "(unhide the sheet to import them)", rows=len(rows)))
            return self.result
        for n, row in enumerate(rows, 1):
            self.result.rows += 1
            self._row(row)
            if self.progress and (n % 200 == 0 or n == len(rows)):
                self.progress(n, len(rows))
        self._finish()
        return self.result

    def _report(self, row: RawRow, seq: Optional[str], reason: str) -> None:
        self.result.problems.append(RowProblem(self.table.source.file, row.line, seq, reason))

    def _row(self, row: RawRow) -> None:
        if row.cut:     # a half row would import a half value ("《社会救助暂行办") as if it were whole
            self._report(row, None, "the row is cut off: the file ends inside it (no closing |); "
                                    "copy the table again, whole")
            return
        width = len(self.columns)
        free = [c.kind in FREE_TEXT for c in self.columns]
        raw = [unneutralise(clean(c, debris=not free[i])) for i, c in enumerate(row.cells[:width])]
        raw += [""] * max(0, width - len(row.cells))
        extra = [clean(c) for c in row.cells[width:] if clean(c)]
        converted = False
        if self.simplify:
            simple = [to_simplified(c) for c in raw]
            converted = simple != raw
            raw = simple
        debris = any(has_pinyin_debris(c) for i, c in enumerate(row.cells[:width]) if not free[i])
        # Free-text columns (备注, 出处) are kept verbatim: no transcription marks are read there.
        cells = {i: (Cell("value", raw[i]) if raw[i] and free[i] and not only_marks(raw[i])
                     else read_cell(raw[i], merged=i in row.merged))
                 for i in range(width)}
        for i in row.merged:      # a label cell merged down names the item above, not a new one
            if i < width and self.columns[i].kind in ("category", "name", "subitem", "item", "labels"):
                cells[i] = Cell("inherit")
        seq_cell = next((cells[i] for i, c in enumerate(self.columns) if c.kind == "seq"), None)
        seq = seq_cell.text if seq_cell and seq_cell.kind == "value" else None
        resolved = {i: self._resolve(i, cell) for i, cell in cells.items()}
        if seq:
            self.by_seq[seq] = resolved
        self.previous = resolved
        if all(c.kind == "blank" for c in cells.values()) and not extra:
            self.result.blank_lines.append(row.line)         # an empty line of the sheet
            return
        content = [i for i, c in enumerate(self.columns) if c.kind not in ("seq",)
                   and cells[i].kind not in ("blank",)]
        if not content:
            self._report(row, seq, "the row holds only its 序号 (empty on the page)")
            return
        if self._header_repeat(raw):
            self._report(row, seq, "a repeated header row, not an item")
            return
        spanning = {c for c in raw if c}
        if len(spanning) == 1 and width > 3 and sum(1 for c in raw if c) >= width - 1:
            self._report(row, seq, f"a line spanning the whole table (title or note): {one_line(raw[0])[:60]!r}")
            return
        if self.other_domain:
            for i, col in enumerate(self.columns):
                if col.kind == "domain" and resolved[i].kind == "value":
                    reason = self.other_domain(resolved[i].text)
                    if reason:
                        self._report(row, seq, reason)
                        return
        continuation = bool(seq_cell and any(m.startswith("cont") for m in seq_cell.marks))
        labels, why = self._labels(cells, continuation)
        if why:
            self._finish()
            self.orphan_of = row.line
            self._report(row, seq, why)
            return
        notes: list[str] = []
        if converted:
            notes.append("text converted from traditional to simplified characters")
        if debris:
            notes.append("pinyin conversion debris removed from the text")
        if extra:
            notes.append("cells beyond the header: " + " | ".join(extra))
        fields = self._fields(resolved, notes)
        if labels is None:                                   # continues the item above
            if self.current is None:
                self._report(row, seq, f"continues the item of line {self.orphan_of}, which was not imported"
                             if self.orphan_of else "no 事项 on this row and no item above it to continue")
                return
            _merge(self.current.fields, fields)
            self.current.more_lines.append(row.line)
            self.current_notes.extend(n for n in notes if n not in self.current_notes)
            return
        self._finish()
        self.orphan_of = None
        fields.update({k: v for k, v in labels.items() if v})
        source = {"locality": self.table.source.locality, "url": self.table.source.url,
                  "file": self.table.source.file, "row": row.line}
        source.update(fields.pop("_source", {}))
        fields["source"] = {k: v for k, v in source.items() if v}
        if self.table.source.mirror:
            notes.insert(0, self.table.source.mirror)
        code_cell = next((resolved[i] for i, col in enumerate(self.columns) if col.kind == "code"), None)
        self.current = ParsedItem(fields, self.table.source.file, row.line, seq,
                                  code=code_cell.text.strip() if code_cell and code_cell.kind == "value" else None)
        self.current.domain_text = next((resolved[i].text for i, col in enumerate(self.columns)
                                         if col.kind == "domain" and resolved[i].kind == "value"), None)
        self.current_notes = notes
        if self.one_level:
            notes.append(f"{self.one_level}: read as a one-level item")
            self.tentative = (self.current, row.line, seq, labels["category"], self.one_level)
            self.one_level = None

    def _retract(self) -> None:
        """Report the tentative one-level item after all (the rows under it show it was one of several)."""
        item, line, seq, _, why = self.tentative
        if self.current is item:
            self.current = None
        elif item in self.result.items:
            self.result.items.remove(item)
        self.result.problems.append(RowProblem(self.table.source.file, line, seq, why))

    def _finish(self) -> None:
        if self.current is None:
            return
        item, self.current = self.current, None
        notes = [n for n in self.current_notes if n]
        own = item.fields.pop("_note", None)
        if own and own.strip() in ("/", "／", "-", "—", "无"):       # a 备注 cell left empty the table's way
            own = None
        # What the table says (its 备注, columns gongkai has no field for, an audience in words) is the
        # item's note, published with it; how the row was read is provenance, kept apart in source.note.
        content = [n for n in notes if not READING_REMARK.search(n)]
        remarks = [n for n in notes if READING_REMARK.search(n)]
        text = "; ".join(([own] if own else []) + content)
        if text:
            item.fields["note"] = text
        if remarks:
            source = item.fields.setdefault("source", {})
            source["note"] = "; ".join(x for x in (source.get("note"), *remarks) if x)
        try:
            Item.model_validate({**item.fields, "code": "00-00-000"})
        except ValidationError as exc:
            reason = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            self.result.problems.append(RowProblem(item.file, item.line, item.seq, f"not a valid item: {reason}"))
            return
        self.result.items.append(item)

    def _resolve(self, i: int, cell: Cell) -> Cell:
        """A cell with 同上 / merged / "(same as row N)" replaced by the cell it repeats."""
        if cell.kind == "inherit":
            return self.previous.get(i, Cell("blank"))
        if cell.kind == "row":
            return self.by_seq.get(cell.ref or "", {}).get(i, Cell("unknown"))
        return cell

    def _header_repeat(self, raw: list[str]) -> bool:
        hits = sum(1 for c, col in zip(raw, self.columns) if c and col.kind not in ("note", "blank")
                   and classify(c).kind == col.kind and (col.kind != "tick" or classify(c).values == col.values))
        return hits >= max(3, len([c for c in raw if c]) - 1)

    # -- item labels -------------------------------------------------------------------------
    def _labels(self, cells: dict[int, Cell], continuation: bool) -> tuple[Optional[dict], Optional[str]]:
        """(labels of a new item, None) / (None, None) for a continuation / (None, reason).

        Blank and merged label cells take the label of the row above, even when that row could
        not be imported (a category cell merged down still names the rows under it)."""
        own: dict[str, str] = {}
        failed: Optional[tuple[str, str]] = None     # (level, reason)
        for i, col in enumerate(self.columns):
            if col.kind not in ("category", "name", "subitem", "item", "labels"):
                continue
            cell = cells[i]
            level = {"item": "category", "labels": "name"}.get(col.kind, col.kind)
            problem = None
            if cell.kind == "unknown":
                problem = "cut off by the end of the source excerpt" if cell.truncated else "not stored in the source"
            elif cell.kind == "value" and cell.truncated:
                problem = f"cut off in the source ({cell.text!r})"
            elif cell.kind == "value" and cell.masked:
                problem = f"masked in the source ({cell.text!r})"
            elif cell.kind == "value" and re.fullmatch(r"[(（]?\d+[)）]?", one_line(cell.text)):
                problem = f"is only a number ({cell.text!r}): its name is not in the source"
            if problem:
                if failed is None or LEVELS.index(level) < LEVELS.index(failed[0]):
                    failed = (level, f"{_shown(col)} {problem}")
                continue
            if cell.kind != "value":
                continue
            text = close_cjk_gaps(one_line(cell.text))
            if col.kind == "labels":
                parts = [strip_label_number(p) for p in re.split(r"\s*/\s*", text) if p.strip()]
                if len(parts) >= 2:
                    own["category"], own["name"] = parts[-2], parts[-1]
                elif parts:
                    own["name"] = parts[0]
            elif col.kind == "item":
                own["name"] = own["category"] = strip_label_number(text)
            else:
                own[col.kind] = strip_label_number(text)
        if self.tentative and (failed or any(own.get(k) for k in LEVELS)) and \
                own.get("category") in (None, self.tentative[3]) and not (failed and failed[0] == "category"):
            self._retract()              # another item under that 一级事项: its 二级事项 was lost
        self.tentative = None
        if failed and failed[0] == "name" and failed[1].endswith("not stored in the source") and \
                own.get("category") and own["category"] != self.labels.get("category") and not own.get("subitem"):
            # A 一级事项 alone on its row with the lower levels not stored (安徽's one-level item
            # 投诉举报电话以及网上投诉渠道): an item of its own, unless the next row names another
            # item under it — then it is reported after all (see ``_retract``).
            self.one_level = failed[1]
            labels = {"category": own["category"], "name": own["category"], "subitem": None}
            self.labels = dict(labels)
            return labels, None
        if failed:
            cut = LEVELS.index(failed[0])
            new: dict[str, Optional[str]] = {}
            reset = False
            for k, level in enumerate(LEVELS):
                if k >= cut:
                    new[level] = None
                elif own.get(level):
                    new[level], reset = own[level], True
                else:
                    new[level] = None if reset else self.labels.get(level)
            self.labels = new
            return None, failed[1]
        if continuation or not any(own.get(k) for k in LEVELS):
            return None, None
        labels: dict[str, Optional[str]] = {}
        reset = False
        for level in LEVELS:
            if own.get(level):
                labels[level] = own[level]
                reset = True
            else:
                labels[level] = None if reset else self.labels.get(level)
        if not labels["category"]:
            if not self.has_category:
                return None, "the table has no 一级事项 column and the row names only its 二级事项"
            return None, "一级事项 is blank and no row above gives it"
        if not labels["name"]:
            labels["name"] = labels["category"]      # a one-level item ("—" or blank 二级事项)
        self.labels = dict(labels)
        return labels, None

    # -- fields ---------------------------------------------------------------------------
    def _fields(self, cells: dict[int, Cell], notes: list[str]) -> dict[str, Any]:
        f: dict[str, Any] = {"elements": [], "basis": [], "channels": [], "mode": [], "audience": [],
                             "levels": [], "stages": [], "process": []}
        own_notes: list[str] = []
        for i, col in enumerate(self.columns):
            cell = cells[i]
            if cell.kind != "value":
                continue
            text, cut = cell.text, cell.truncated
            kind = col.kind
            if kind == "elements":
                p = parse_elements(text, cut)
                f["elements"] += p.values
                notes += p.notes
            elif kind == "basis":
                p = parse_basis(text, cut)
                f["basis"] += p.values
                notes += p.notes
            elif kind == "channels":
                p = parse_channels(text, cut)
                f["channels"] += p.values
                notes += p.notes
            elif kind in ("deadline", "body"):
                if cut:
                    notes.append(f"{_shown(col)} cut off in the source: {one_line(text)!r}")
                elif cell.masked:
                    notes.append(f"{_shown(col)} masked in the source: {one_line(text)!r}")
                else:
                    f[kind] = one_line(text)
            elif kind == "tick":
                p = parse_tick_cell(col.group, col.values, text, _shown(col))
                f[col.group] += p.values
                notes += p.notes
            elif kind == "group" and col.group == "mode" and not self.has_channels:
                # Some schemes (苏尼特左旗) write the channels under 公开方式.
                p = parse_group_text(col.group, text, col.options)
                if not p.values:
                    p = parse_channels(text, cut)
                    f["channels"] += p.values
                    notes += p.notes
                    continue
                f["mode"] += p.values
                notes += p.notes
            elif kind == "group":
                p = parse_group_text(col.group, text, col.options)
                f[col.group] += p.values
                notes += p.notes
            elif kind == "ticks":
                columns = ticks_columns(col.label) or self.tick_labels
                p = parse_run_ticks(text, columns, cut)
                for group, values in p.values:
                    f[group] += values
                notes += p.notes
            elif kind in ("unit", "office", "post"):
                f.setdefault("responsibility", {})[kind] = one_line(text)
            elif kind == "process":
                f["process"] += parse_process(text)
            elif kind == "origin":
                origin = parse_origin(text)
                if origin:
                    f["origin"] = origin
                else:
                    notes.append(f"事项来源: {one_line(text)}")
            elif kind == "article":
                f.setdefault("_articles", []).append(text)
            elif kind == "tier":
                f.setdefault("_tiers", []).append(one_line(text))
            elif kind in ("locality", "url"):
                f.setdefault("_source", {})[kind] = one_line(text)
            elif kind == "reading":          # 导入说明 of an internal export, read back as it was
                f.setdefault("_source", {})["note"] = one_line(text)
            elif kind == "note":
                if col.label in ("备注", "note"):
                    own_notes.append(text)
                else:
                    notes.append(f"{_shown(col)}: {one_line(text)}")
        place_articles(f["basis"], f.pop("_articles", []), f.pop("_tiers", []), notes)
        out: dict[str, Any] = {
            "elements": f["elements"], "basis": f["basis"],
            "method": {"mode": sorted(set(f["mode"])), "audience": sorted(set(f["audience"])),
                       "channels": list(dict.fromkeys(f["channels"]))},
            "levels": sorted(set(f["levels"])), "stages": sorted(set(f["stages"])),
            "process": f["process"],
        }
        for key in ("deadline", "body", "responsibility", "origin", "_source"):
            if f.get(key):
                out[key] = f[key]
        if own_notes:
            out["_note"] = "; ".join(own_notes)
        return out


def _shown(col: Column) -> str:
    names = {"category": "一级事项", "name": "二级事项", "subitem": "三级事项", "item": "公开事项",
             "labels": "公开事项", "deadline": "公开时限", "body": "公开主体"}
    if col.kind in names:
        return names[col.kind]
    label = re.sub(r"\s*\(.*$", "", clean(col.label)).replace(" ", "")
    return label or col.kind


def _merge(item: dict[str, Any], more: dict[str, Any]) -> None:
    """Add a continuation row's content to the item above it."""
    names = {e["name"] for e in item["elements"]}
    item["elements"] += [e for e in more["elements"] if e["name"] not in names]
    seen = {(b["title"], b.get("article")) for b in item["basis"]}
    item["basis"] += [b for b in more["basis"] if (b["title"], b.get("article")) not in seen]
    for key in ("mode", "audience", "channels"):
        item["method"][key] = list(dict.fromkeys(item["method"][key] + more["method"][key]))
    for key in ("levels", "stages", "process"):
        item[key] = list(dict.fromkeys(item[key] + more[key]))
    for key in ("deadline", "body"):
        if more.get(key) and more[key] != item.get(key):
            item[key] = f"{item[key]}；{more[key]}" if item.get(key) and more[key] not in item[key] else \
                item.get(key) or more[key]
    if more.get("_note"):
        item["_note"] = "; ".join(x for x in (item.get("_note"), more["_note"]) if x)
    if more.get("responsibility") and not item.get("responsibility"):
        item["responsibility"] = more["responsibility"]
