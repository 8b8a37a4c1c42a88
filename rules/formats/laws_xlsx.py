"""The 政策汇编 as a workbook: a summary sheet of the laws by tier, and one row per citation."""
from __future__ import annotations

from pathlib import Path

from gongkai.catalog.laws import ROW_HEADERS, Law, rows
from gongkai.rules.formats.xlsx_sheets import new_book, save_book, table_sheet


def write_laws_xlsx(laws: list[Law], path: Path) -> None:
    book = new_book()
    table_sheet(book, "政策汇编", ["序号", "依据层级", "法律法规和文件", "引用条款", "引用事项数"],
                [[n, law.tier, law.title, "、".join(law.articles), len({c.code for c in law.citations})]
                 for n, law in enumerate(laws, 1)], wrap=(3,))
    table_sheet(book, "引用明细", ROW_HEADERS, rows(laws), wrap=(2, 5))
    save_book(book, path)
