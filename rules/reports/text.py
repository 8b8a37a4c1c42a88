"""Figures a report quotes in its text (总体情况): applications received, carried over, closed,
carried to next year, the results (予以公开 … 其他处理, often with a percentage), 规章 and
规范性文件 in force, 行政复议 and 行政诉讼 counts, and statements such as "均获维持".

Reading is deliberately narrow, so that what is found can be trusted: a figure counts only when
its keyword is followed by the number within the same clause (no other number between), in a
sentence about applications (it says 申请) for the application figures; clauses that open with
其中 are skipped unless they name a result (其中，予以公开…) — a breakdown of received
applications by channel is no table figure; "受理并办结 N件" is a 受理 figure. "无…被申请行政复议"
states zero only when nothing follows it in the clause ("未发生…行政复议纠错" is not a zero count).
Figures of one kind in one paragraph may be parts of a whole (区政府本级 28 件 + 各部门 41 件), so the
rule also compares their sum.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

RECEIVED, CARRIED_IN, CLOSED, CARRIED_OUT, REVIEW, LITIGATION = (
    "受理", "上年结转", "办结", "结转下年度", "行政复议", "行政诉讼")
GRANTED_ALL, GRANTED, PARTIAL, REFUSED, UNABLE, NOT_HANDLED, OTHER = (
    "予以公开及部分公开", "予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")
IN_FORCE_RULES, IN_FORCE_NORMS = "现行有效规章", "现行有效规范性文件"
UPHELD = "均获维持"
RESULT_KINDS = (GRANTED_ALL, GRANTED, PARTIAL, REFUSED, UNABLE, NOT_HANDLED, OTHER)
KINDS = (RECEIVED, CARRIED_IN, CLOSED, CARRIED_OUT, *RESULT_KINDS, IN_FORCE_RULES, IN_FORCE_NORMS,
         REVIEW, LITIGATION, UPHELD)

_N = r"(?<!\d)(\d{1,15})(?:件|条|个|宗|起)"             # a longer digit run is no count
_PCT = r"(?:\(?(?:占比?|约占)?(\d+(?:\.\d+)?)%)?"       # "208件(17.46%" — the clause ends at its comma
_GAP = r"[^\d，,；;。]{0,%d}?"
_YEAR_BEFORE = r"(?:上一?年度?|\d{4}年度?)"              # 上年结转, 2020年结转
_APPLICATION = (
    (RECEIVED, re.compile(r"(?<!上年)(?<!上年度)(?<!不予)(?<!其他)(?<!结转)(?:新收|新接收|受理|收到|接收|办理|处理)"
                          r"(?:并办结|并答复)?" + _GAP % 20 + _N)),
    (CARRIED_IN, re.compile(_YEAR_BEFORE + r"结转" + _GAP % 8 + _N)),
    (CLOSED, re.compile(r"(?<!受理并)(?<!受理和)(?<!收到并)办结" + _GAP % 12 + _N)),
    (CARRIED_OUT, re.compile(r"(?:结转(?:至|到)?|转入|转结)(?:下一?年度?|\d{4}年度?)" + _GAP % 12 + _N)),
    (CARRIED_OUT, re.compile(_N + r"(?:申请)?(?:结转(?:至|到)?|转入|转结)(?:下一?年度?|\d{4}年度?)")),
)
# result figures, most specific first: "予以公开及部分公开208件" is not a 部分公开 figure
_RESULTS = (
    (GRANTED_ALL, re.compile(r"(?:予以)?公开(?:及|和|、|与|或)部分公开" + _GAP % 6 + _N + _PCT)),
    (GRANTED, re.compile(r"(?<!部分)(?<!不予)(?:予以公开|同意公开|全部公开)" + _GAP % 6 + _N + _PCT)),
    (PARTIAL, re.compile(r"部分公开" + _GAP % 6 + _N + _PCT)),
    (REFUSED, re.compile(r"不予公开" + _GAP % 6 + _N + _PCT)),
    (UNABLE, re.compile(r"无法提供" + _GAP % 6 + _N + _PCT)),
    (NOT_HANDLED, re.compile(r"不予(?:处理|受理)" + _GAP % 6 + _N + _PCT)),
    (OTHER, re.compile(r"其他处理" + _GAP % 6 + _N + _PCT)),
)
_IN_FORCE = (
    (IN_FORCE_NORMS, re.compile(r"现行有效(?:的)?" + _GAP % 8 + r"规范性文件" + _GAP % 4 + _N)),
    (IN_FORCE_NORMS, re.compile(r"规范性文件" + _GAP % 6 + r"现行有效" + _GAP % 4 + _N)),
    (IN_FORCE_RULES, re.compile(r"现行有效(?:的)?" + _GAP % 8 + r"规章" + _GAP % 4 + _N)),
    (IN_FORCE_RULES, re.compile(r"规章" + _GAP % 6 + r"现行有效" + _GAP % 4 + _N)),
)
_CASE_GAP = r"(?:(?!纠正|维持|审结|结果)[^\d，,；;。]){0,10}?"      # "行政诉讼结果纠正0件" is no count of cases
_CASES = (
    (REVIEW, re.compile(r"(?:行政)?复议(?!后|和|及|、|或)" + _CASE_GAP + _N)),
    (LITIGATION, re.compile(r"(?:行政)?诉讼" + _CASE_GAP + _N)),
)
_NONE = (r"(?:无|没有|未发生|未出现|未有|未)(?:发生|出现)?(?:因)?(?:依申请公开|政府信息公开)?(?:工作)?(?:而)?(?:被)?"
         r"(?:申请|提起)?")
_CASE_END = r"(?:的)?(?:案件|情况|情形)?$"
_ZERO = (
    ((REVIEW, LITIGATION), re.compile(_NONE + r"行政复议(?:和|及|、|或)(?:被)?(?:提起)?行政诉讼" + _CASE_END)),
    ((REVIEW,), re.compile(_NONE + r"行政复议" + _CASE_END)),
    ((LITIGATION,), re.compile(_NONE + r"行政诉讼" + _CASE_END)),
)
_UPHELD = re.compile(r"(?:均|全部|都)(?:已)?(?:获|被|予以|予|得到)?(?:复议机关|法院|人民法院)?(?:决定|判决|裁定)?维持")
_NEXT_PCT = re.compile(r"^(?:约?占(?:比|总数的?|全部申请的?|办结总数的?)?)(\d+(?:\.\d+)?)%\)?$")


@dataclass
class Quote:
    kind: str
    value: int
    line: int | None
    text: str                       # the clause it was read from
    percent: str | None = None      # the percentage written after the figure, as written ("17.46")
    blocks: tuple[str, ...] = ()    # UPHELD: which of 行政复议 / 行政诉讼 the sentence speaks of

    def where(self) -> str:
        return f"line {self.line}" if self.line else "the text"


def _clauses(paragraph: str) -> Iterable[tuple[str, str]]:
    """(sentence, clause) pairs: NFKC, spaces and thousands separators removed."""
    text = unicodedata.normalize("NFKC", paragraph)
    text = re.sub(r"(\d),(\d{3})(?!\d)", r"\1\2", re.sub(r"[\s\u00a0\u3000]+", "", text))
    for sentence in re.split(r"[。;!?\n]", text):
        for clause in re.split(r",", sentence):
            clause = clause.strip("()")
            if clause:
                yield sentence, clause


def _blocks(sentence: str, upto: int) -> tuple[str, ...]:
    """Which of 行政复议 / 行政诉讼 a sentence speaks of before position ``upto``."""
    head = sentence[:upto]
    found = [k for k, w in ((REVIEW, "复议"), (LITIGATION, "诉讼")) if w in head.replace("复议后起诉", "")]
    return tuple(found)


def quoted_figures(narrative: Iterable[tuple[int | None, str]]) -> list[Quote]:
    out: list[Quote] = []
    for line, paragraph in narrative:
        clauses = list(_clauses(paragraph))
        for k, (sentence, clause) in enumerate(clauses):
            found: set[str] = set()
            taken: list[tuple[int, int]] = []
            results = []
            if "申请" in sentence or "公开" in sentence:
                for kind, pattern in _RESULTS:
                    for m in pattern.finditer(clause):
                        if not any(a < m.end() and m.start() < b for a, b in taken):
                            taken.append(m.span())
                            results.append(Quote(kind, int(m[1]), line, clause, m[2]))
            for q in results:
                if q.percent is None and k + 1 < len(clauses) and (p := _NEXT_PCT.match(clauses[k + 1][1])):
                    q.percent = p[1]                         # "予以公开208件，占17.46%"
            out.extend(results)
            if clause.startswith("其中"):
                continue                                     # a breakdown of the figure before it
            if "申请" in sentence and not results:
                for kind, pattern in _APPLICATION:
                    for m in pattern.finditer(clause):
                        if kind not in found or kind == RECEIVED:
                            out.append(Quote(kind, int(m[1]), line, clause))
                            found.add(kind)
            for kind, pattern in _IN_FORCE:
                if kind not in found and (m := pattern.search(clause)):
                    out.append(Quote(kind, int(m[1]), line, clause))
                    found.add(kind)
            for kind, pattern in _CASES:
                for m in pattern.finditer(clause):
                    out.append(Quote(kind, int(m[1]), line, clause))
                    found.add(kind)
            for kinds, pattern in _ZERO:
                if pattern.search(clause) and not found.intersection(kinds):
                    out.extend(Quote(k2, 0, line, clause) for k2 in kinds)
                    found.update(kinds)
                    break
            if (m := _UPHELD.search(clause)):
                pos = sentence.find(clause) + m.start()
                blocks = _blocks(sentence, pos)
                if blocks:
                    out.append(Quote(UPHELD, 0, line, clause, blocks=blocks))
    return out
