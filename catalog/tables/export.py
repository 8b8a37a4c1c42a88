"""Export domain catalogues as tables: XLSX, CSV, JSON, Markdown and HTML.

XLSX and HTML follow the ministries' layout: a two-line header (公开事项 over 一级/二级事项,
公开对象 over 全社会/特定群体, 公开方式 over 主动/依申请, 公开层级 over 市级…村级) with tick
columns, and the 一级事项 cell merged down over its items. Elements are marked ● required /
〇 optional, channels as the 13-box checklist (■ chosen, □ not), a basis carries its 【tier】
only where the title alone would be read as another tier. Everything exported reads back
through ``gongkai.catalog.tables.importer`` to the same item content.

An item being revised is exported as last approved (``item.approved``): it stays in force
until its revision is approved. Cells that a spreadsheet would run as a formula (= + - @) get
a leading single quote in XLSX and CSV.
"""
from __future__ import annotations

import csv
import html
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from gongkai.catalog import vocab
from gongkai.catalog.model import CONTENT_FIELDS, Basis, DomainHeader, Item
from gongkai.catalog.tables.text import neutralise
from gongkai.catalog.toml_store import atomic_write_bytes

FORMATS = ("xlsx", "csv", "json", "md", "html")


@dataclass(frozen=True)
class Col:
    group: str | None          # line 1 label over several columns, or None (label over both lines)
    label: str                 # line 2 label (or the single label)
    value: Callable[[Item], str]
    width: int = 10


def in_force(item: Item) -> Item:
    """The item as it stands in force: its approved content while it is being revised."""
    if item.status == "revising" and item.approved:
        base = item.model_dump(mode="json", by_alias=True, exclude_none=True)
        data = {k: v for k, v in base.items() if k not in CONTENT_FIELDS}
        data.update(item.approved)
        return Item.model_validate(data)
    return item


# -- cell texts -------------------------------------------------------------------------------
def elements_text(item: Item, sep: str = "\n") -> str:
    return sep.join(("●" if e.required else "〇") + e.name for e in item.elements)


def basis_text(b: Basis) -> str:
    prefix = f"【{b.tier}】" if b.tier and b.tier != vocab.infer_tier(b.title) else ""
    return prefix + b.title + (" " + b.article if b.article else "")


def channels_text(item: Item, sep: str = " ") -> str:
    chosen = item.method.channels
    boxes = [("■" if c in chosen else "□") + c for c in vocab.CHANNELS]
    boxes += ["■" + c for c in vocab.vocab_order(chosen, vocab.CHANNELS) if c not in vocab.CHANNELS]
    return sep.join(boxes)


def _tick(on: bool) -> str:
    return "√" if on else ""


def columns(items: list[Item], internal: bool = False) -> list[Col]:
    """The export columns; optional ones only when some item uses them.

    ``internal`` adds where each row came from (出处) and how it was read (导入说明): for the officer
    who checks an import, never for the table a unit publishes."""
    def has(pred: Callable[[Item], Any]) -> bool:
        return any(pred(i) for i in items)

    cols = [
        Col(None, "事项编码", lambda i: i.code, 16),
        Col("公开事项", "一级事项", lambda i: i.category, 14),
        Col("公开事项", "二级事项", lambda i: i.name, 18),
    ]
    if has(lambda i: i.subitem):
        cols.append(Col("公开事项", "三级事项", lambda i: i.subitem or "", 16))
    cols += [
        Col(None, "公开内容(要素)(“●”表示必选项,“〇”表示可选项)", elements_text, 30),
        Col(None, "公开依据", lambda i: "\n".join(basis_text(b) for b in i.basis), 30),
        Col(None, "公开时限", lambda i: i.deadline or "", 18),
        Col(None, "公开主体", lambda i: i.body or "", 14),
        Col(None, "公开渠道和载体(“■”表示选中,“□”表示未选)", lambda i: channels_text(i, "\n"), 22),
    ]
    cols += [Col("公开对象", a, (lambda a: lambda i: _tick(a in i.method.audience))(a), 5) for a in vocab.AUDIENCES]
    cols += [Col("公开方式", m, (lambda m: lambda i: _tick(m in i.method.mode))(m), 5) for m in vocab.MODES]
    cols += [Col("公开层级", lv, (lambda lv: lambda i: _tick(lv in i.levels))(lv), 5) for lv in vocab.LEVELS]
    if has(lambda i: i.stages):
        cols += [Col("五公开", s, (lambda s: lambda i: _tick(s in i.stages))(s), 5) for s in vocab.STAGES]
    for key, label in (("unit", "责任单位"), ("office", "责任科室"), ("post", "责任岗位")):
        if has(lambda i, key=key: i.responsibility and getattr(i.responsibility, key)):
            cols.append(Col("责任", label, (lambda key: lambda i: (getattr(i.responsibility, key) or "")
                                           if i.responsibility else "")(key), 12))
    if has(lambda i: i.process):
        cols.append(Col(None, "公开流程", lambda i: " → ".join(i.process), 18))
    if has(lambda i: i.origin.kind != "standard"):
        cols.append(Col(None, "事项来源", lambda i: "标准" if i.origin.kind == "standard"
                        else "本地：" + (i.origin.reason or ""), 14))
    if internal and has(lambda i: i.source and (i.source.locality or i.source.url)):
        cols.append(Col("出处", "出处地区", lambda i: (i.source.locality or "") if i.source else "", 16))
        cols.append(Col("出处", "出处链接", lambda i: (i.source.url or "") if i.source else "", 22))
    if internal and has(lambda i: i.source and i.source.note):
        cols.append(Col("出处", "导入说明", lambda i: (i.source.note or "") if i.source else "", 30))
    if has(lambda i: i.note):
        cols.append(Col(None, "备注", lambda i: i.note or "", 24))
    return cols


def header_lines(cols: list[Col]) -> tuple[list[str], list[str]]:
    return [c.group or c.label for c in cols], [c.label if c.group else "" for c in cols]


def title_of(header: DomainHeader) -> str:
    return f"{header.code} {header.name}领域基层政务公开标准目录"


Domain = tuple[DomainHeader, list[Item]]


def prepare(domains: list[Domain]) -> list[Domain]:
    return [(h, [in_force(i) for i in sorted(items, key=lambda i: i.code)]) for h, items in domains]


# -- writers ----------------------------------------------------------------------------------
def export(domains: list[Domain], fmt: str, path: Path, internal: bool = False) -> int:
    """Write the domains' items to ``path`` in ``fmt``; returns the number of items written."""
    data = export_bytes(domains, fmt, internal)
    atomic_write_bytes(Path(path), data)
    return sum(len(items) for _, items in domains)


def export_bytes(domains: list[Domain], fmt: str, internal: bool = False) -> bytes:
    """The file ``export`` writes, as bytes (the web workbench sends it as a download).

    Tables (xlsx, csv, md, html) are what a unit publishes: without ``internal`` they leave out 出处
    and 导入说明. JSON is gongkai's own exchange format and keeps everything."""
    domains = prepare(domains)
    if fmt == "xlsx":
        return to_xlsx(domains, internal)
    if fmt == "json":
        return to_json(domains).encode("utf-8")
    text = {"csv": to_csv, "md": to_markdown, "html": to_html}[fmt](domains, internal)
    return text.encode("utf-8-sig" if fmt == "csv" else "utf-8")


def to_json(domains: list[Domain]) -> str:
    out = {"format": "gongkai-catalogue", "version": 1, "domains": [
        {"domain": h.model_dump(mode="json", exclude_none=True),
         "items": [i.model_dump(mode="json", by_alias=True, exclude_none=True,
                                include={"code", "status", "version", *CONTENT_FIELDS}) for i in items]}
        for h, items in domains]}
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def _rows(domains: list[Domain], with_domain: bool, internal: bool = False) -> tuple[list[Col], list[list[str]]]:
    all_items = [i for _, items in domains for i in items]
    cols = columns(all_items, internal)
    rows = []
    for h, items in domains:
        for n, item in enumerate(items, 1):
            row = [str(n)] + [c.value(item) for c in cols]
            rows.append(([f"{h.code} {h.name}"] if with_domain else []) + row)
    return cols, rows


def to_csv(domains: list[Domain], internal: bool = False) -> str:
    """Two header lines (groups repeated over their columns), one row per item."""
    many = len(domains) > 1
    cols, rows = _rows(domains, many, internal)
    line1, line2 = header_lines(cols)
    lead1 = (["领域"] if many else []) + ["序号"]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(lead1 + line1)
    writer.writerow([""] * len(lead1) + line2)
    for row in rows:
        writer.writerow([neutralise(c) for c in row])
    return buf.getvalue()


def to_markdown(domains: list[Domain], internal: bool = False) -> str:
    """One section and pipe table per domain; line breaks in a cell as <br>."""
    out = ["# 基层政务公开标准目录", ""]
    for h, items in domains:
        cols, rows = _rows([(h, items)], False, internal)
        out += [f"## {title_of(h)}", ""]
        labels = ["序号"] + [f"{c.group}: {c.label}" if c.group else c.label for c in cols]
        out.append("| " + " | ".join(labels) + " |")
        out.append("|" + "---|" * len(labels))
        for row in rows:
            out.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
        out.append("")
    return "\n".join(out)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def to_html(domains: list[Domain], internal: bool = False) -> str:
    """A printable page: each domain a table with the two-line header."""
    parts = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
             "<title>基层政务公开标准目录</title>", "<style>", _CSS, "</style></head><body>"]
    for h, items in domains:
        cols, rows = _rows([(h, items)], False, internal)
        parts.append(f"<h2>{html.escape(title_of(h))}</h2>")
        parts.append("<table>" + thead_html(cols) + "<tbody>")
        for row in rows:
            cells = "".join(f"<td>{html.escape(v).replace(chr(10), '<br>')}</td>" for v in row)
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def thead_html(cols: list[Col], lead: tuple[str, ...] = ("序号",), scoped: bool = False) -> str:
    """The two-line header: groups over their columns, single labels spanning both lines
    (``scoped``: with the scope attributes that screen readers use on the public site)."""
    col, group = (' scope="col"', ' scope="colgroup"') if scoped else ("", "")
    parts = ["<thead><tr>"] + [f'<th{col} rowspan="2">{html.escape(x)}</th>' for x in lead]
    k = 0
    while k < len(cols):
        c = cols[k]
        if c.group:
            span = 1
            while k + span < len(cols) and cols[k + span].group == c.group:
                span += 1
            parts.append(f'<th{group} colspan="{span}">{html.escape(c.group)}</th>')
            k += span
        else:
            parts.append(f'<th{col} rowspan="2">{html.escape(c.label)}</th>')
            k += 1
    parts.append("</tr><tr>")
    parts += [f'<th{col}>{html.escape(c.label)}</th>' for c in cols if c.group]
    parts.append("</tr></thead>")
    return "".join(parts)


_CSS = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; font-size: 10pt; }
table { border-collapse: collapse; width: 100%; margin-bottom: 2em; }
th, td { border: 1px solid #444; padding: 2px 4px; vertical-align: top; }
th { background: #eee; }
@page { size: A4 landscape; margin: 10mm; }
""".strip()


def to_xlsx(domains: list[Domain], internal: bool = False) -> bytes:
    """One sheet per domain: a title row, the two-line header with merged groups, and the
    一级事项 merged down over consecutive items of one category."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="EEEEEE")
    for h, items in domains:
        sheet = book.create_sheet(f"{h.code} {h.name}"[:31])
        cols, rows = _rows([(h, items)], False, internal)
        width = len(cols) + 1
        sheet.cell(1, 1, title_of(h)).font = Font(bold=True, size=14)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        line1, line2 = header_lines(cols)
        line1, line2 = ["序号"] + line1, [""] + line2
        for c in range(width):
            for r, text in ((2, line1[c]), (3, line2[c])):
                cell = sheet.cell(r, c + 1, text or None)
                cell.font, cell.alignment, cell.fill = bold, centre, fill
            if not line2[c]:
                sheet.merge_cells(start_row=2, start_column=c + 1, end_row=3, end_column=c + 1)
        c = 0
        while c < width:
            end = c
            while end + 1 < width and line2[c] and line1[end + 1] == line1[c] and line2[end + 1]:
                end += 1
            if end > c:
                sheet.merge_cells(start_row=2, start_column=c + 1, end_row=2, end_column=end + 1)
            c = end + 1
        for r, row in enumerate(rows, 4):
            for c, text in enumerate(row, 1):
                value: Any = int(text) if c == 1 else (neutralise(text) if text else None)
                sheet.cell(r, c, value).alignment = wrap
        category_col = 1 + next(k for k, col in enumerate(cols) if col.label == "一级事项") + 1
        start = 4
        for r in range(5, 4 + len(rows) + 1):
            prev = sheet.cell(start, category_col).value
            here = sheet.cell(r, category_col).value if r < 4 + len(rows) else None
            if here != prev or r == 4 + len(rows):
                if r - 1 > start:
                    sheet.merge_cells(start_row=start, start_column=category_col, end_row=r - 1,
                                      end_column=category_col)
                start = r
        for c, col in enumerate([Col(None, "序号", str, 6)] + cols, 1):
            sheet.column_dimensions[get_column_letter(c)].width = col.width
        sheet.freeze_panes = "A4"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
