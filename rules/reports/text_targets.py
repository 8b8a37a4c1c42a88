"""What a figure quoted in a report's text is compared with: the table cells behind each kind of
figure (rule AR301), and the arithmetic of a quoted percentage.

A kind may have several readings, all real usages: 受理/收到 is 新收 or 新收 + 上年结转; 予以公开 is
（一） alone or （一）+（二）; a percentage is taken of 办结 (（七）总计), of 新收 or of 新收 + 上年结转.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from gongkai.rules.reports import text as tx
from gongkai.rules.reports.tables import (
    CARRIED, CARRY_ON, NEW, T2, T3, T3_RESULT_ROWS, T4, T4_BLOCKS, TOTAL, Cell, Report,
)


@dataclass
class Target:
    name: str               # how a finding names it: "表三 （三）不予公开 / 总计"
    cells: list[Cell]
    usage: str | None = None   # set when this reading is a known alternative usage worth saying

    @property
    def value(self) -> int | float | None:
        known = [c.number for c in self.cells]
        return None if None in known else sum(known)

    @property
    def unknown(self) -> list[Cell]:
        return [c for c in self.cells if c.number is None]


def _group(report: Report, prefix: str) -> list[Cell]:
    rows = [r for r in T3_RESULT_ROWS[report.format or "2021"] if r.startswith(prefix)]
    return [report.cell(T3, r, "总计") for r in rows]


def targets(report: Report, kind: str) -> list[Target]:
    """The readings of a quoted figure of ``kind`` in this report's tables ([] when it has none)."""
    t = lambda row, table=T3: report.cell(table, row, "总计")  # noqa: E731
    granted, partial = t("（一）予以公开"), t("（二）部分公开")
    if kind == tx.RECEIVED:
        return [Target("表三 一、本年新收 / 总计", [t(NEW)]),
                Target("新收 + 上年结转", [t(NEW), t(CARRIED)],
                       "counts the applications carried over from last year in the figure (新收 + 上年结转), a known usage")]
    if kind == tx.CARRIED_IN:
        return [Target("表三 二、上年结转 / 总计", [t(CARRIED)])]
    if kind == tx.CLOSED:
        return [Target("表三 （七）总计 / 总计", [t(TOTAL)])]
    if kind == tx.CARRIED_OUT:
        return [Target("表三 四、结转下年度 / 总计", [t(CARRY_ON)])]
    if kind == tx.GRANTED_ALL:
        return [Target("表三 （一）予以公开 + （二）部分公开 / 总计", [granted, partial])]
    if kind == tx.GRANTED:
        return [Target("表三 （一）予以公开 / 总计", [granted]),
                Target("表三 （一）予以公开 + （二）部分公开 / 总计", [granted, partial],
                       "counts 部分公开 in 予以公开, a known usage")]
    if kind == tx.PARTIAL:
        return [Target("表三 （二）部分公开 / 总计", [partial])]
    groups = {tx.REFUSED: ("（三）", "不予公开"), tx.UNABLE: ("（四）", "无法提供"),
              tx.NOT_HANDLED: ("（五）", "不予处理"), tx.OTHER: ("（六）", "其他处理")}
    if kind in groups:
        prefix, name = groups[kind]
        return [Target(f"表三 {prefix}{name} / 总计", _group(report, prefix))]
    if kind in (tx.IN_FORCE_RULES, tx.IN_FORCE_NORMS):
        row = "规章" if kind == tx.IN_FORCE_RULES else "规范性文件"
        if report.format == "2019":
            return []                      # the 2019 format has no 现行有效 column
        return [Target(f"表二 {row} / 现行有效件数", [report.cell(T2, row, "现行有效件数")])]
    if kind == tx.REVIEW:
        return [Target("表四 行政复议 / 总计", [t(T4_BLOCKS[0], T4)])]
    if kind == tx.LITIGATION:
        return [Target("表四 行政诉讼 两项总计", [t(T4_BLOCKS[1], T4), t(T4_BLOCKS[2], T4)])]
    raise ValueError(kind)


def not_upheld(report: Report, blocks: tuple[str, ...]) -> list[tuple[str, Cell]]:
    """The 表四 cells that must be 0 when the text says every case of ``blocks`` was upheld."""
    rows = ([T4_BLOCKS[0]] if tx.REVIEW in blocks else []) + (list(T4_BLOCKS[1:]) if tx.LITIGATION in blocks else [])
    return [(f"{row} / {col}", report.cell(T4, row, col)) for row in rows for col in ("结果纠正", "其他结果", "尚未审结")]


def percent_bases(report: Report) -> list[Target]:
    """What a result's percentage may be of: 办结, 新收 or 新收 + 上年结转 (all three are published)."""
    t = lambda row: report.cell(T3, row, "总计")  # noqa: E731
    return [Target("（七）总计", [t(TOTAL)]), Target("新收", [t(NEW)]),
            Target("新收 + 上年结转", [t(NEW), t(CARRIED)])]


def percent_fits(count: float, base: float, written: str) -> bool:
    """Does ``written`` ("17.46") state count / base to its own precision (rounded or cut off)?"""
    if base <= 0:
        return False
    decimals = len(written.split(".")[1]) if "." in written else 0
    exact = 100 * count / base
    scale = 10 ** decimals
    rounded = math.floor(exact * scale + 0.5 + 1e-9) / scale
    cut = math.floor(exact * scale + 1e-9) / scale
    return float(written) in (rounded, cut)
