"""An Excel sheet of findings for officers: Chinese headers, one finding per row, filters on."""
from __future__ import annotations

from pathlib import Path

from gongkai.rules.engine.runner import CheckResult

HEADERS = ["规则 rule", "级别 severity", "文件 file", "行 line", "事项编码 item", "字段 field", "问题 message",
           "建议 hint", "豁免 waived", "基线 baselined", "暂定 provisional", "message (English)"]


def write_xlsx(result: CheckResult, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from gongkai.catalog.tables.text import neutralise

    wb = Workbook()
    ws = wb.active
    ws.title = "检查结果 findings"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for f in result.findings:
        ws.append([neutralise(v) if isinstance(v, str) else v for v in (f.rule, f.severity, f.file, f.line, f.item, f.field, f.text("zh"),
                                          f.hint_text("zh"), f.waived or "", "yes" if f.baselined else "",
                                          f.provisional or "", f.message)])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for col, width in zip("ABCDEFGHIJKL", (9, 9, 36, 6, 20, 16, 60, 40, 30, 8, 40, 60)):
        ws.column_dimensions[col].width = width
    from gongkai.rules.formats.xlsx_sheets import save_book

    save_book(wb, path)
