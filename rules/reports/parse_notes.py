"""Pieces of tables written as notes, as people copy them from a report page: 表四 with its labels
on one line and its numbers on the next, a remark after a row's numbers, a row's label given by
the line before it.

    行政复议: 结果维持 结果纠正 其他结果 尚未审结 总计        行政复议
    40 0 10 5 55                                          结果维持 40 | 结果纠正 0 | … | 总计 55
    一、本年新收 | 26 | 0 | 0 | 0 | 0 | 0 | 26 | （含网上申请 20 件）
"""
from __future__ import annotations

import re

from gongkai.rules.reports.tables import T4_BLOCKS, T4_COLS, RawRow, match_t4, norm_label, parse_cell

_SPLIT = re.compile(r"[|｜\s\u3000]+")
_REMARK = re.compile(r"^(?:[（(【\[].*[）)】\]][。.]?|(?:注|备注|说明)[:：].*)$")
_VALUE_THEN_REMARK = re.compile(r"^(?P<value>\S+?)\s*(?P<remark>(?:[（(【\[]|(?:注|备注|说明)[:：]).*)$")


def is_remark(text: str) -> bool:
    """A bracketed remark or a 注： note written in a row's cell after its numbers."""
    t = text.strip()
    return bool(t) and parse_cell(t) is None and bool(_REMARK.match(t))


def drop_remarks(cells: list[str]) -> list[str]:
    """A row's cells without the remarks after its last number ("55 注：含上年度结转" → "55")."""
    out = list(cells)
    while len(out) > 1 and is_remark(out[-1]) and parse_cell(out[-2]) is not None:
        out.pop()
    if out:
        m = _VALUE_THEN_REMARK.match(out[-1].strip())
        if m and parse_cell(out[-1]) is None and parse_cell(m["value"]) is not None:
            out[-1] = m["value"]
    return out


def block_label(text: str) -> str | None:
    """A line that only names a 表四 block ("行政复议", "行政诉讼（复议后起诉）：")."""
    t = heading_free(text).rstrip(":：").strip()
    if not t or len(t) > 24 or any(c in norm_label(t) for c in T4_COLS) or re.search(r"\d", t):
        return None
    return match_t4(t)


def heading_free(text: str) -> str:
    return text.strip().lstrip("#").strip().replace("*", "")


def t4_header(text: str, context: str | None) -> list[str] | None:
    """The blocks a header line of 表四 heads, in order, when the line names its columns
    ("行政复议: 结果维持 结果纠正 其他结果 尚未审结 总计"; all 15 columns: the three blocks)."""
    tokens = [norm_label(t) for t in _SPLIT.split(heading_free(text).replace(":", " ").replace("：", " ")) if t]
    n_cols = sum(1 for t in tokens if t in T4_COLS)
    if n_cols not in (5, 15) or any(parse_cell(t) is not None for t in tokens):
        return None
    named: list[str] = []
    for t in tokens:
        block = match_t4(t)
        if block and block not in named:
            named.append(block)
    if n_cols == 15:
        return list(T4_BLOCKS)
    if len(named) == 1:
        return named
    return [context] if context and not named else None


def number_line(text: str) -> list[str] | None:
    """The cells of a line holding only numbers ("40 0 10 5 55", "| 40 | 0 | 10 | 5 | 55 |")."""
    cells = [c for c in _SPLIT.split(drop_remarks([text.strip()])[0].strip("|｜ ")) if c]
    if len(cells) < 2 or any(parse_cell(c) is None for c in cells):
        return None
    return cells


def t4_rows(blocks: list[str], cells: list[str], line: int) -> list[RawRow] | None:
    """One row per block from a number line under a 表四 header (5 numbers a block)."""
    if len(cells) != len(T4_COLS) * len(blocks):
        return None
    n = len(T4_COLS)
    return [RawRow([b], [(c, line) for c in cells[k * n:(k + 1) * n]], line) for k, b in enumerate(blocks)]


_PLAIN_NUMBER = re.compile(r"^[+\-]?\d+(?:\.\d+)?$")


def split_numbers(text: str) -> list[str] | None:
    """A line ending in two or more numbers set apart by spaces, as PDF pages give a table row
    ("四、结转下年度继续办理 0 0 0 0 0 0 0", "0 0 0 0 0"): [label?, number, number, …]; else None."""
    tokens = text.split()
    k = len(tokens)
    while k > 0 and _PLAIN_NUMBER.match(tokens[k - 1]):
        k -= 1
    if len(tokens) - k < 2:
        return None
    label = " ".join(tokens[:k])
    return ([label] if label else []) + tokens[k:]
