"""The checklist as HTML (prints on A4), Markdown and CSV. The XLSX is in ``gongkai.rules.assessment.checklist_xlsx``."""
from __future__ import annotations

import csv
import html
import io

from gongkai.catalog.tables.text import neutralise
from gongkai.rules.assessment.checklist import KIND_LABELS, Checklist

CSV_HEADERS = ("序号", "类型", "事项编码", "领域", "检查内容", "必需", "公开主体", "公开渠道", "公开时限", "查看位置",
               "结果", "证据链接", "查看日期", "备注")


def _row(line) -> list:
    """A CSV row; text a spreadsheet would run as a formula (=, +, -, @) gets a quote in front."""
    cells = [line.number or "", KIND_LABELS[line.kind], line.code, line.domain_name, line.check, line.mark,
             line.body, line.channels, line.deadline, line.where, "", "", "", ""]
    return [neutralise(c) if isinstance(c, str) else c for c in cells]


def render_csv(cl: Checklist) -> str:
    """UTF-8 with BOM, so that Excel on Chinese Windows opens it with the right characters."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(CSV_HEADERS)
    for line in cl.lines:
        w.writerow(_row(line))
    return "\ufeff" + out.getvalue()


def _md(text) -> str:
    return str(text or "").replace("|", "\\|").replace("\n", " ")


def render_markdown(cl: Checklist) -> str:
    out = [f"# {cl.title()}", "", f"生成日期 {cl.generated_on}；结果填 符合 / 不符合 / 不适用（要素、时限、渠道行符合时可留空）。", ""]
    out.append("| 序号 | 类型 | 事项编码 | 检查内容 | 必需 | 结果 | 证据链接 | 查看日期 | 备注 |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    for line in cl.lines:
        check = _md(line.check)
        if line.kind == "item":
            details = "；".join(f"{k} {_md(v)}" for k, v in (("领域", line.domain_name), ("主体", line.body),
                                                            ("渠道", line.channels), ("时限", line.deadline),
                                                            ("查看", line.where)) if v)
            check = f"**{check}**<br>{details}"
        out.append(f"| {line.number or ''} | {KIND_LABELS[line.kind]} | {line.code} | {check} | {line.mark} |  |  |  |  |")
    return "\n".join(out) + "\n"


_CSS = """
@page { size: A4 landscape; margin: 12mm 10mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimSun", sans-serif; font-size: 9.5pt; }
h1 { font-size: 13pt; margin: 0 0 4pt; }
p.note { margin: 0 0 6pt; color: #444; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
thead { display: table-header-group; }
th, td { border: 0.5pt solid #888; padding: 2pt 3pt; vertical-align: top; word-wrap: break-word; }
th { background: #ddebf7; }
tbody.item { page-break-inside: avoid; break-inside: avoid; }
tr.item td { background: #f2f2f2; }
tr.item td.check { font-weight: bold; }
tr.sub td.check { padding-left: 12pt; }
td.box { white-space: nowrap; }
.details { font-weight: normal; color: #333; font-size: 8.5pt; }
"""

_COLS = (("序号", "4%"), ("类型", "5%"), ("事项编码", "12%"), ("检查内容", "37%"), ("必需", "4%"),
         ("结果", "14%"), ("证据链接 / 查看日期", "14%"), ("备注", "10%"))


def render_html(cl: Checklist) -> str:
    e = html.escape
    head = "".join(f'<col style="width:{w}">' for _, w in _COLS)
    ths = "".join(f"<th>{e(h)}</th>" for h, _ in _COLS)
    box = "☐符合 ☐不符合 ☐不适用"
    blocks, current = [], []
    for line in cl.lines:
        if line.kind == "item" and current:
            blocks.append(current)
            current = []
        current.append(line)
    if current:
        blocks.append(current)
    body = []
    for block in blocks:
        rows = []
        for line in block:
            cls = "item" if line.kind == "item" else "sub"
            check = e(line.check)
            if line.kind == "item":
                details = "；".join(f"{k} {e(v)}" for k, v in (("领域", line.domain_name), ("主体", line.body),
                                                              ("渠道", line.channels), ("时限", line.deadline),
                                                              ("查看", line.where)) if v)
                check += f'<div class="details">{details}</div>'
            else:
                check = f"{e(KIND_LABELS[line.kind])}：{check}" if line.kind != "element" else check
            rows.append(f'<tr class="{cls}"><td>{line.number or ""}</td><td>{e(KIND_LABELS[line.kind])}</td>'
                        f'<td>{e(line.code)}</td><td class="check">{check}</td><td>{e(line.mark)}</td>'
                        f'<td class="box">{box}</td><td></td><td></td></tr>')
        body.append('<tbody class="item">' + "".join(rows) + "</tbody>")
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>{e(cl.title())}</title>'
            f"<style>{_CSS}</style></head><body>\n<h1>{e(cl.title())}</h1>\n"
            f'<p class="note">生成日期 {e(cl.generated_on)} · 共 {cl.items} 个事项 · ● 必需要素 〇 可选要素 · '
            f"要素、时限、渠道行符合时可不勾选</p>\n"
            f"<table><colgroup>{head}</colgroup><thead><tr>{ths}</tr></thead>\n" + "\n".join(body) +
            "\n</table>\n</body></html>\n")
