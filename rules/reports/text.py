"""Figures a report quotes in its text (总体情况): applications received, carried over, closed,
carried to next year, 行政复议 and 行政诉讼 counts.

Reading is deliberately narrow, so that what is found can be trusted: a figure counts only when
its keyword is followed by the number within the same clause (no other number between), in a
sentence about applications (it says 申请) for the application figures; clauses that open with
其中 (a breakdown) are skipped; "受理并办结 N件" is a 受理 figure. "无…被申请行政复议" states zero
only when nothing follows it in the clause ("未发生…行政复议纠错" is not a zero count).
Figures of one kind in one paragraph may be parts of a whole (区政府本级 28 件 + 各部门 41 件), so the
rule also compares their sum.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

RECEIVED, CARRIED_IN, CLOSED, CARRIED_OUT, REVIEW, LITIGATION = (
    "受理", "上年结转", "办结", "结转下年度", "行政复议", "行政诉讼")
KINDS = (RECEIVED, CARRIED_IN, CLOSED, CARRIED_OUT, REVIEW, LITIGATION)

_N = r"(\d+)\s*(?:件|条|个|宗|起)"
_GAP = r"[^\d，,；;。]{0,%d}?"
_APPLICATION = (
    (RECEIVED, re.compile(r"(?<!上年)(?<!上年度)(?:新收|受理|收到)(?:并办结|并答复)?" + _GAP % 20 + _N)),
    (CARRIED_IN, re.compile(r"上一?年度?结转" + _GAP % 8 + _N)),
    (CLOSED, re.compile(r"(?<!受理并)(?<!受理和)(?<!收到并)办结" + _GAP % 12 + _N)),
    (CARRIED_OUT, re.compile(r"(?:结转(?:至|到)?|转入)下一?年度?" + _GAP % 12 + _N)),
    (CARRIED_OUT, re.compile(_N + r"(?:申请)?(?:结转(?:至|到)?|转入)下一?年度?")),
)
_CASES = (
    (REVIEW, re.compile(r"行政复议(?!和|及|、|或)" + _GAP % 10 + _N)),
    (LITIGATION, re.compile(r"行政诉讼" + _GAP % 10 + _N)),
)
_NONE = r"(?:无|没有|未发生|未有|未)(?:发生)?(?:因)?(?:依申请公开|政府信息公开)?(?:工作)?(?:而)?(?:被)?(?:申请|提起)?"
_ZERO = (
    ((REVIEW, LITIGATION), re.compile(_NONE + r"行政复议(?:和|及|、|或)(?:被)?(?:提起)?行政诉讼(?:案件|情况|情形)?$")),
    ((REVIEW,), re.compile(_NONE + r"行政复议(?:案件|情况|情形)?$")),
    ((LITIGATION,), re.compile(_NONE + r"行政诉讼(?:案件|情况|情形)?$")),
)


@dataclass
class Quote:
    kind: str
    value: int
    line: int | None
    text: str          # the clause it was read from

    def where(self) -> str:
        return f"line {self.line}" if self.line else "the text"


def _clauses(paragraph: str) -> Iterable[tuple[str, str]]:
    """(sentence, clause) pairs, spaces and thousands separators removed."""
    text = re.sub(r"(\d)[,，](\d{3})(?!\d)", r"\1\2", re.sub(r"[\s\u00a0\u3000]+", "", paragraph))
    for sentence in re.split(r"[。；;！!？?\n]", text):
        for clause in re.split(r"[，,]", sentence):
            clause = clause.strip("（）()")
            if clause:
                yield sentence, clause


def quoted_figures(narrative: Iterable[tuple[int | None, str]]) -> list[Quote]:
    out: list[Quote] = []
    for line, paragraph in narrative:
        for sentence, clause in _clauses(paragraph):
            if clause.startswith("其中"):
                continue
            found: set[str] = set()
            if "申请" in sentence:
                for kind, pattern in _APPLICATION:
                    for m in pattern.finditer(clause):
                        if kind not in found or kind == RECEIVED:
                            out.append(Quote(kind, int(m[1]), line, clause))
                            found.add(kind)
            for kind, pattern in _CASES:
                for m in pattern.finditer(clause):
                    out.append(Quote(kind, int(m[1]), line, clause))
                    found.add(kind)
            for kinds, pattern in _ZERO:
                if pattern.search(clause) and not found.intersection(kinds):
                    out.extend(Quote(k, 0, line, clause) for k in kinds)
                    found.update(kinds)
                    break
    return out
