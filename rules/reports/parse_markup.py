"""Reading a report from Markdown or HTML tables.

Both give rows of cells. In a row, the leading cells that are not numbers are its labels (a
merged cell such as 三、本年度办理结果 or （三）不予公开 counts for every row it spans), the rest are
its values. Which table a row belongs to comes from the nearest section heading before it
(二、主动公开… 三、收到和处理… 四、…行政复议…) or, in HTML, from what the table holds.
Text outside tables is the narrative, which the text-versus-table rule reads.

Markdown also covers rows written as notes, one or more a line, as people copy them from a report
page: "第二十条第（一）项: 规章 | 0 | 0 | 0 ; 规范性文件 | 8 | 0 | 18", "行政许可 0 ; （六）行政处罚 0,
行政强制 0", cells named by their column ("规章 | 本年制发 3 | 本年废止 5"), '""' for an empty cell and
"..." for cells not copied out ("（三）1.属于国家秘密 | 0 | ... | 0": missing, never 0).

A file whose section headings (二、主动公开… 三、收到和处理… 四、…) head tables more than once holds
several reports (or templates); ``load_report`` refuses it rather than read them as one.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from gongkai.rules.reports.parse_notes import block_label, drop_remarks, number_line, t4_header, t4_rows
from gongkai.rules.reports.tables import (
    T2, T3, T4, RawRow, Report, assemble, find_title, match_t2, match_t3, match_t4, name_fits, norm_label,
    parse_cell, repeated_sections, section_heading, split_elision,
)

_HEADINGS = (
    (T2, re.compile(r"^(?:表二|二\s*[、.．]\s*主动公开|第二十条第)")),
    (T3, re.compile(r"^(?:表三|三\s*[、.．]\s*收到和处理)")),
    (T4, re.compile(r"^(?:表四|四\s*[、.．].*(?:行政复议|诉讼))")),
)
_DELIM = re.compile(r"^:?-{2,}:?$")


def _heading(text: str) -> str | None:
    t = text.strip().lstrip("#").strip().replace("*", "")
    for table, pattern in _HEADINGS:
        if pattern.match(t):
            return table
    return None


def _split_row(cells: list[tuple[str, int | None, bool]]) -> RawRow | None:
    """(text, line, is_span_copy) cells → labels + values; a spanned copy is a label only."""
    labels: list[str] = []
    values: list[tuple[str, int | None]] = []
    kept = drop_remarks([text for text, _, _ in cells])          # "| 26 | （含网上申请20件） |": the remark is no cell
    cells = [(kept[k] if k < len(kept) else text, line, copy) for k, (text, line, copy) in enumerate(cells[:len(kept)])]
    for text, line, copy in cells:
        if not values and (copy or (parse_cell(text) is None and text.strip())):
            if text.strip() and (not labels or labels[-1] != text):
                labels.append(text)
            continue
        if copy:
            continue
        values.append((text, line))
    if any(v.strip() and parse_cell(v) is None for v, _ in values):
        # words among the values: a header row (e.g. "| | 结果维持 | 结果纠正 |"), labels only
        labels = [t for t, _, _ in cells if t.strip()]
        values = []
    if not labels and not any(v.strip() for v, _ in values):
        return None
    line = next((ln for _, ln, _ in cells if ln is not None), None)
    return RawRow(labels, values, line)


def _classify(rows: list[RawRow], hint: str | None) -> str | None:
    """Which table a block of rows is: by what its labels say, else by the heading before it."""
    text = "".join(norm_label(x) for r in rows for x in r.labels)
    if "本年新收" in text or "勾稽关系" in text or "申请人情况" in text or "结转下年度" in text:
        return T3
    if "第二十条" in text or "信息内容" in text:
        return T2
    if "结果维持" in text or "尚未审结" in text:
        return T4
    return hint


# ---------------------------------------------------------------- Markdown

def _md_cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [part for c in s.split("|") for part in split_elision(c.strip())]


# ---------------------------------------------------------------- rows written as notes

_T2_PART = re.compile(r"^(?:第二十条)?第?[（(]([一二三四五六七八九十]+)[）)]项?\s*[:：]?\s*")   # "第二十条第（一）项:", "（六）"
_T2_KEYS = {"其他对外管理服务事项", "规范性文件", "行政规范性文件", "规章", "行政许可", "行政处罚", "行政强制",
            "行政事业性收费", "政府集中采购"}
_VALUE = r"(?P<value>[+\-−＋－]?[\d０-９].*|\[[^\]]*\]|[?？/—]|\"\")"
_NAMED = re.compile(r"^(?P<name>[^\d０-９\[\]|?？/]+?)\s*" + _VALUE + "$")          # "本年制发 22（其中修订 16 件）"


def _t2_label(label: str) -> str:
    """ "第二十条第（一）项: 规章" → "规章"; other labels as they are."""
    m = _T2_PART.match(label)
    return label[m.end():] if m and match_t2(label[m.end():]) else label


def _t2_exact(label: str) -> bool:
    """A label that is a 表二 row name and nothing else (a narrative clause may end in 规章)."""
    return re.sub(r"(?:（[^（）]*）)+$", "", norm_label(label)) in _T2_KEYS


def _known(label: str) -> bool:
    return bool(match_t2(label) or match_t4(label) or match_t3(label, None, True))


def _segments(text: str) -> list[str]:
    """Split at ";" / "；" outside brackets ("[not read; must be 0]" stays whole)."""
    out, depth, cur = [], 0, []
    for ch in text:
        depth += ch in "[（(【" and 1 or 0
        depth -= ch in "]）)】" and 1 or 0
        if ch in ";；" and depth <= 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return [x.strip() for x in out if x.strip()]


def _is_column(name: str) -> bool:
    return any(name_fits(name, c) for c in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"))


def _lead(cell: str, context: str | None) -> tuple[str, list[str]]:
    """A row's label and the value cells its first cell holds: "规章", "行政复议：结果维持 40"
    (→ 行政复议, ["结果维持 40"]), or "结果维持 40" under a line naming the block (→ context)."""
    m = re.match(r"^(?P<label>[^:：]+)[:：]\s*(?P<rest>.+)$", cell)
    if m and _known(m["label"].strip()) and _NAMED.match(m["rest"].strip()):
        return m["label"].strip(), [m["rest"]]
    label = _t2_label(cell)
    if _known(label):
        return label, []
    named = _NAMED.match(cell)
    if context and named and _is_column(named["name"]):
        return context, [cell]
    return label, []


def _note_rows(raw: str, line: int, context: str | None = None) -> list[RawRow] | None:
    """The rows of a line of notes, or None when the line is not one (a table row, or text).

    A line is read as notes when it has rows separated by ";", a 表二 part before a row
    ("第二十条第（五）项: 行政许可 0"), cells named by their column, or a 表二 row as "label value"
    without "|"; every part of it must then be a row of a known label with values.
    """
    segments = _segments(raw)
    noted = len(segments) > 1
    rows: list[RawRow] = []
    for seg in segments:
        if "|" in seg:
            cells = drop_remarks(_md_cells(seg))
            label, first = _lead(cells[0], context)
            noted = noted or label != cells[0] or (raw.count("|") == 1 and _t2_exact(label))   # "行政许可 | 10690"
            values: list[tuple[str, int]] = []
            names: list[str | None] = []
            for c in [*first, *cells[1:]]:
                m = _NAMED.match(c) if parse_cell(c) is None else None
                if m and parse_cell(m["value"]) is not None:
                    values.append((m["value"], line))
                    names.append(m["name"].strip())
                    noted = True
                elif parse_cell(c) is not None:
                    values.append((c, line))
                    names.append(None)
                else:
                    return None
            if not label or not values or not _known(label):
                return None
            rows.append(RawRow([label], values, line, names if any(names) else []))
            continue
        for part in re.split(r"\s*[,，]\s*(?=[^\d\s])", seg):          # "行政处罚 0, 行政强制 0" (not "1,234")
            m = re.match(r"^(?P<label>[^\d０-９|]+?)\s*" + _VALUE + "$", part.strip())
            label = _t2_label(m["label"].strip()) if m else ""
            if not m or parse_cell(m["value"]) is None or not _t2_exact(label):
                return None
            rows.append(RawRow([label], [(m["value"], line)], line))
        noted = True
    return rows if noted and rows else None


def parse_markdown(text: str, file: str | None = None) -> Report:
    lines = text.splitlines()
    sections: dict[str, list[RawRow]] = {T2: [], T3: [], T4: []}
    narrative: list[tuple[int | None, str]] = []
    hint: str | None = None
    block: list[RawRow] = []
    marks: list[list] = []                   # [table, line, rows follow] per section heading

    def flush() -> None:
        table = _classify(block, hint)
        for row in block:
            last = row.labels[-1] if row.labels else ""
            # a 表四 row (行政复议 / 直接起诉 / 复议后起诉) may follow 表三's rows with no line between
            if last and match_t4(last) and row.values:
                sections[T4].append(row)
            elif last and match_t2(last) and row.values:     # a 表二 row among notes of other tables
                sections[T2].append(row)
            elif table:
                sections[table].append(row)
            elif last and row.values and match_t3(last, None, True):   # no heading, but a 表三 row
                sections[T3].append(row)
        block.clear()

    def add(rows: list[RawRow]) -> None:
        block.extend(rows)
        if marks and rows:
            marks[-1][2] = True

    context: str | None = None               # the 表四 block a line of its own names ("行政复议：")
    pending: list[str] | None = None         # the blocks a 表四 header line heads, for the number line after it
    for i, raw in enumerate(lines, start=1):
        if pending and (numbers := number_line(raw)) and (rows := t4_rows(pending, numbers, i)):
            add(rows)
            pending = None
            continue
        pending = t4_header(raw, context) if raw.strip() else pending
        noted = _note_rows(raw, i, context) if raw.strip() else None
        if raw.strip():
            context = block_label(raw)
        if noted:
            add(noted)
            continue
        if raw.count("|") >= 2:
            cells = _md_cells(raw)
            if all(_DELIM.match(c.replace(" ", "")) for c in cells if c):
                continue
            hint = _heading(cells[0]) or hint       # "三、收到和处理… — columns 自然人 | 商业企业 | …"
            row = _split_row([(c, i, False) for c in cells])
            add([row] if row else [])
            continue
        if block:
            flush()
        if raw.strip():
            hint = _heading(raw) or hint
            if (table := section_heading(raw)):
                marks.append([table, i, False])
            narrative.append((i, raw.strip()))
    if block:
        flush()
    title, unit, year = find_title(narrative[:40])
    report = Report(file=file, source="markdown", title=title, unit=unit, year=year, narrative=narrative)
    report.repeated = repeated_sections(marks)
    return assemble(report, sections)


# ---------------------------------------------------------------- HTML

_BLOCK_TAGS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "title", "section", "article"}
_SKIP_TAGS = {"script", "style", "head"}


class _Tables(HTMLParser):
    """Collects every table as a grid of (text, line, is_span_copy) and the text around them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[list[list[tuple[str, int, bool]]], str | None, int]] = []
        self.marks: list[list] = []           # [table, line, heads a report table] per section heading
        self.narrative: list[tuple[int | None, str]] = []
        self._stack: list[dict] = []          # open tables (nested ones are read as their own)
        self._skip = 0
        self._title = False
        self._text: list[str] = []
        self._text_line: int | None = None
        self._hint: str | None = None

    # -- narrative text outside tables
    def _flush_text(self) -> None:
        text = re.sub(r"[\s\u00a0\u3000]+", " ", "".join(self._text)).strip()
        if text:
            self.narrative.append((self._text_line, text))
            self._hint = _heading(text) or self._hint
            if (table := section_heading(text)):
                self.marks.append([table, self._text_line, False])
        self._text, self._text_line = [], None

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS and tag != "head":
            self._skip += 1
            return
        if tag == "title":
            self._title = True
        if tag == "table":
            self._flush_text()
            self._stack.append({"rows": [], "row": None, "cell": None, "spans": {}, "hint": self._hint,
                                "mark": len(self.marks) - 1})
        elif self._stack and tag == "tr":
            self._stack[-1]["row"] = []
        elif self._stack and tag in ("td", "th"):
            t = self._stack[-1]
            if t["row"] is None:
                t["row"] = []
            a = dict(attrs)
            t["cell"] = {"text": [], "line": self.getpos()[0], "colspan": _int(a.get("colspan")),
                         "rowspan": _int(a.get("rowspan"))}
        elif not self._stack and tag in _BLOCK_TAGS:
            self._flush_text()

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS and tag != "head":
            self._skip = max(0, self._skip - 1)
            return
        if tag == "title":
            self._title = False
            self._flush_text()
        if not self._stack:
            if tag in _BLOCK_TAGS:
                self._flush_text()
            return
        t = self._stack[-1]
        if tag in ("td", "th") and t["cell"] is not None:
            self._end_cell(t)
        elif tag == "tr" and t["row"] is not None:
            if t["cell"] is not None:
                self._end_cell(t)
            self._end_row(t)
        elif tag == "table":
            if t["row"]:
                self._end_row(t)
            self._stack.pop()
            self.tables.append((t["rows"], t["hint"], t["mark"]))

    def handle_data(self, data):
        if self._skip:
            return
        if self._stack and self._stack[-1]["cell"] is not None:
            self._stack[-1]["cell"]["text"].append(data)
        elif not self._stack:
            if not self._text:
                self._text_line = self.getpos()[0]
            self._text.append(data)

    def close(self):
        super().close()
        self._flush_text()

    # -- grid with colspan/rowspan expanded (copies are marked, so a merged label repeats, a value does not)
    def _end_cell(self, t):
        c = t.pop("cell")
        t["cell"] = None
        text = re.sub(r"[\s\u00a0\u3000]+", "", "".join(c["text"]))
        row = t["row"]
        self._fill_spans(t, row)
        for k in range(c["colspan"]):
            col = len(row)
            row.append((text, c["line"], k > 0))
            if c["rowspan"] > 1:
                t["spans"][col] = [c["rowspan"] - 1, text, c["line"]]
            self._fill_spans(t, row)

    @staticmethod
    def _fill_spans(t, row):
        """Columns still covered by a cell of an earlier row get a copy of it."""
        while len(row) in t["spans"] and t["spans"][len(row)][0] > 0:
            span = t["spans"][len(row)]
            row.append((span[1], span[2], True))
            span[0] -= 1

    def _end_row(self, t):
        row = t["row"] or []
        self._fill_spans(t, row)
        t["rows"].append(row)
        t["row"] = None
        for col in [c for c, s in t["spans"].items() if s[0] <= 0]:
            del t["spans"][col]


def _int(v) -> int:
    try:
        return max(1, int(str(v).strip()))
    except (TypeError, ValueError):
        return 1


def parse_html(text: str, file: str | None = None) -> Report:
    p = _Tables()
    p.feed(text)
    p.close()
    sections: dict[str, list[RawRow]] = {T2: [], T3: [], T4: []}
    narrative = list(p.narrative)
    for grid, hint, mark in p.tables:
        rows = [r for r in (_split_row(cells) for cells in grid) if r]
        table = _classify(rows, hint if _looks_like_report_table(rows) else None)
        if table:
            sections[table].extend(rows)
            if mark >= 0:
                p.marks[mark][2] = True
        else:                                   # a layout or metadata table: its text is narrative
            narrative.extend((r.line, " ".join([*r.labels, *(v for v, _ in r.values)])) for r in rows)
    narrative.sort(key=lambda x: x[0] or 0)
    title, unit, year = find_title(narrative[:60])
    report = Report(file=file, source="html", title=title, unit=unit, year=year, narrative=narrative)
    report.repeated = repeated_sections(p.marks)
    return assemble(report, sections)


def _looks_like_report_table(rows: list[RawRow]) -> bool:
    return sum(len(r.values) for r in rows) >= 3
