"""A score report as XLSX: ranking, scores per department and domain, indicators, every deduction."""
from __future__ import annotations

from pathlib import Path

from gongkai.rules.assessment.scoring import ScoreReport


def _n(value):
    return None if value is None else round(value, 2)


def write_score_xlsx(report: ScoreReport, path: Path) -> None:
    from gongkai.rules.formats.xlsx_sheets import new_book, save_book, table_sheet

    book = new_book()
    total = report.scheme.scheme.total
    table_sheet(book, "排名 ranking", ["名次 rank", "部门 department", f"得分 score (/{total:g})", "检查表 files"],
                [[d.rank, d.name, _n(d.score), "、".join(d.files)] for d in report.ranked()])
    rows = []
    for d in report.ranked():
        for ds in d.domains:
            rows.append([d.name, ds.domain, ds.name, ds.items, ds.lines, ds.passed, ds.failed, ds.not_applicable,
                         _n(ds.lost), _n(ds.points), _n(ds.score)])
    table_sheet(book, "领域 domains", ["部门 department", "领域 domain", "名称 name", "事项 items", "检查项 lines",
                                      "符合 passed", "不符合 failed", "不适用 n/a", "扣分 lost", "分值 points",
                                      "得分 score"], rows)
    rows = [[d.name, i.name, i.domain, i.method, _n(i.points), _n(i.score), _n(i.lost), i.lines, i.failed,
             "是" if i.capped else ""] for d in report.ranked() for i in d.indicators]
    table_sheet(book, "指标 indicators", ["部门 department", "指标 indicator", "领域 domain", "方法 method",
                                         "分值 points", "得分 score", "扣分 lost", "检查项 lines", "不符合 failed",
                                         "封顶 capped"], rows)
    rows = [[d.name, x.file, x.row, x.code, x.kind, x.check, _n(x.points), x.indicator, x.note]
            for d in report.ranked() for x in d.deductions]
    table_sheet(book, "扣分 deductions", ["部门 department", "检查表 file", "行 row", "事项 code", "类型 kind",
                                         "检查内容 check", "扣分 points", "指标 indicator", "备注 note"], rows, wrap=(6,))
    save_book(book, path)
