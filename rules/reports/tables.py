"""The tables of a 政府信息公开工作年度报告 (条例 第五十条): model, layouts, cell reading, loading.

A report holds tables 二 (主动公开), 三 (收到和处理申请) and 四 (复议/诉讼) in one of the two national
layouts: the 2019 trial format (国办公开办函〔2019〕60号, reports for 2019 and 2020) and the 2021
format (国办公开办函〔2021〕30号, reports for 2021 on). Every cell keeps what was published (``raw``),
its number, its state and the source line, so that a finding can point at it.

Cell states:
  value      a number as published (signs, units, thousands separators and notes understood)
  blank      published empty or as a placeholder ("", "/", "—"): nothing to report, counts as 0
  missing    not in the source (lost in extraction, marked "?" or "[not read]", or left out with
             "..." in a row written "label | 0 | ... | 0"): never taken as 0
  uncertain  a number whose position is unknown: its row had fewer cells than the layout, so the
             lost ones could have been anywhere; rules do not use it

The parsers (``gongkai.rules.reports.parse_text``, ``gongkai.rules.reports.parse_markup``) turn a source into
``RawRow``s; ``assemble`` places them in the layout. ``load_report`` picks the parser, or reads the
structured JSON/TOML form (``gongkai.rules.reports.structured``) or the workbook (``gongkai.rules.reports.render``).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

T2, T3, T4 = "表二", "表三", "表四"
TABLES = (T2, T3, T4)
FORMATS = ("2019", "2021")

# ---------------------------------------------------------------- layouts (domain.md §5.2–5.4)

# 表二: row → columns, per format. Rows are keyed by the 2019 name of 规范性文件 (2021: 行政规范性文件).
T2_SECTIONS = {
    "规章": "第二十条第（一）项", "规范性文件": "第二十条第（一）项",
    "行政许可": "第二十条第（五）项", "其他对外管理服务事项": "第二十条第（五）项",
    "行政处罚": "第二十条第（六）项", "行政强制": "第二十条第（六）项",
    "行政事业性收费": "第二十条第（八）项", "政府集中采购": "第二十条第（九）项",
}
_T2_COUNTS_2019 = ("上一年项目数量", "本年增/减", "处理决定数量")
T2_LAYOUT = {
    "2019": {
        "规章": ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
        "规范性文件": ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
        "行政许可": _T2_COUNTS_2019, "其他对外管理服务事项": _T2_COUNTS_2019,
        "行政处罚": _T2_COUNTS_2019, "行政强制": _T2_COUNTS_2019,
        "行政事业性收费": ("上一年项目数量", "本年增/减"),
        "政府集中采购": ("采购项目数量", "采购总金额"),
    },
    "2021": {
        "规章": ("本年制发件数", "本年废止件数", "现行有效件数"),
        "规范性文件": ("本年制发件数", "本年废止件数", "现行有效件数"),
        "行政许可": ("本年处理决定数量",),
        "行政处罚": ("本年处理决定数量",), "行政强制": ("本年处理决定数量",),
        "行政事业性收费": ("本年收费金额",),
    },
}

T3_COLS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
LEGAL_PERSON_COLS = T3_COLS[1:6]
NEW, CARRIED, TOTAL, CARRY_ON = "一、本年新收", "二、上年结转", "（七）总计", "四、结转下年度继续办理"
_T3_RESULTS = (
    "（一）予以公开", "（二）部分公开",
    "（三）1.属于国家秘密", "（三）2.其他法律行政法规禁止公开", "（三）3.危及“三安全一稳定”",
    "（三）4.保护第三方合法权益", "（三）5.属于三类内部事务信息", "（三）6.属于四类过程性信息",
    "（三）7.属于行政执法案卷", "（三）8.属于行政查询事项",
    "（四）1.本机关不掌握相关政府信息", "（四）2.没有现成信息需要另行制作", "（四）3.补正后申请内容仍不明确",
    "（五）1.信访举报投诉类申请", "（五）2.重复申请", "（五）3.要求提供公开出版物",
    "（五）4.无正当理由大量反复申请", "（五）5.要求行政机关确认或重新出具已获取信息",
)
OTHER_2019 = "（六）其他处理"
OTHER_2021 = ("（六）1.申请人逾期不补正", "（六）2.申请人逾期未缴纳费用", "（六）3.其他")
T3_RESULT_ROWS = {"2019": _T3_RESULTS + (OTHER_2019,), "2021": _T3_RESULTS + OTHER_2021}
T3_ROWS = {f: (NEW, CARRIED, *rows, TOTAL, CARRY_ON) for f, rows in T3_RESULT_ROWS.items()}

T4_BLOCKS = ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")
T4_COLS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def layout(fmt: str | None) -> dict[str, dict[str, tuple[str, ...]]]:
    """table → row → columns for a format (the 2021 layout when the format is unknown)."""
    fmt = fmt if fmt in FORMATS else "2021"
    return {
        T2: dict(T2_LAYOUT[fmt]),
        T3: {r: T3_COLS for r in T3_ROWS[fmt]},
        T4: {b: T4_COLS for b in T4_BLOCKS},
    }


# ---------------------------------------------------------------- cells

@dataclass
class Cell:
    state: str                     # value | blank | missing | uncertain
    value: int | float | None = None
    raw: str | None = None         # the text as published
    line: int | None = None
    note: str | None = None        # unit or a remark published in the cell, e.g. "（其中修订16件）"

    @property
    def usable(self) -> bool:
        return self.state in ("value", "blank")

    @property
    def number(self) -> int | float | None:
        """The number a rule may add up: blank counts as 0, missing and uncertain give None."""
        if self.state == "value":
            return self.value
        return 0 if self.state == "blank" else None

    def show(self) -> str:
        if self.state == "missing":
            return "?"
        if self.state == "uncertain":
            return f"{(self.raw or str(self.value)).strip().rstrip('?？')}?"
        return (self.raw or "").strip()


MISSING = Cell("missing")
# '""' is an empty cell written out, as notes taken from a report page do ("26 | "" | "" | 26")
_BLANK_TOKENS = {"", "/", "—", "——", "-", "–", "―", "─", "无", "空", "不适用", '""', "''", "“”", "‘’"}
_MISSING_TOKENS = {"?", "[missing]", "[lostinextraction]", "〔缺〕", "[缺]"}
_MISSING_NOTE = re.compile(r"^\[(?:notread|lost|missing|未读|缺)[^\]]*\]$")       # "[not read; …]"
_ELISION = re.compile(r"^(?:\.{3,}|⋯+|。{3,})$")                               # "..." (NFKC turns "…" into "...")
_LEAD_NUMBER = re.compile(r"^[\s\u00a0\u3000]*[+\-−＋－]?[\d０-９][\d０-９,，.．\s\u00a0]*")
_NUM_RE = re.compile(
    r"^(?P<sign>[+\-−])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?"
    r"(?P<unit>万元|元|件|条|项|个|次|人次)?(?P<rest>.*)$"
)
_WS_RE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")


MAX_DIGITS = 20


def parse_cell(raw: str, line: int | None = None) -> Cell | None:
    """A published cell, or None when the text is not a cell value (a label or a heading).

    Understands blanks and placeholders ("", '""', "/", "—"), "+15" / "-1", "1,234", "251000元",
    "4068.208", "22（其中修订16件）", "[not read]" and "[lost in extraction]" (missing), "..." (cells
    left out: missing; ``assemble`` works out how many) and the markers this tool writes: "?"
    (missing), "12?" (uncertain).
    """
    text = _WS_RE.sub("", unicodedata.normalize("NFKC", raw))
    if text in _BLANK_TOKENS:
        return Cell("blank", None, raw, line)
    if text.lower() in _MISSING_TOKENS or _MISSING_NOTE.match(text.lower()) or _ELISION.match(text):
        return Cell("missing", None, raw, line)
    state = "value"
    if text.endswith("?") and len(text) > 1:
        state, text = "uncertain", text[:-1]
    m = _NUM_RE.match(text)
    if not m:
        return None
    rest = m["rest"]
    if rest and not (rest[0] in "(（[" and rest[-1] in ")）]"):
        return None
    digits = m["int"].replace(",", "") + (m["frac"] or "")
    if len(digits) > MAX_DIGITS:                     # no count or amount has more; int() would refuse past 4300
        from gongkai.catalog.errors import InputError

        raise InputError.single(f"a cell of {len(digits):,} digits ({raw.strip()[:12]}…) is no count or amount",
                                line=line, expected=f"a number of at most {MAX_DIGITS} digits")
    value: int | float = float(digits) if m["frac"] else int(digits)
    if m["sign"] in ("-", "−"):
        value = -value
    note = _LEAD_NUMBER.sub("", raw).strip().rstrip("?？").strip() or None   # unit or remark, as published
    return Cell(state, value, raw, line, note)


def is_elision(raw: str) -> bool:
    """ "..." standing for cells a row does not write out ("（三）1.属于国家秘密 | 0 | ... | 0")."""
    return bool(_ELISION.match(_WS_RE.sub("", unicodedata.normalize("NFKC", raw))))


def split_elision(raw: str) -> list[str]:
    """'"" ...' → ['""', '...']: a cell value followed by "..." in the same cell is two cells
    (a label cut short, "逾期不补正...", stays one)."""
    m = re.match(r"^(.*?\S)\s*(\.{3,}|…+|⋯+)$", raw.strip())
    return [m[1], m[2]] if m and not is_elision(m[1]) and parse_cell(m[1]) is not None else [raw]


# ---------------------------------------------------------------- labels

def norm_label(text: str) -> str:
    """A label for matching: NFKC, no spaces or quotes, full-width parentheses."""
    t = _WS_RE.sub("", unicodedata.normalize("NFKC", text))
    t = re.sub(r"[\"'“”‘’「」『』]", "", t)
    return t.replace("(", "（").replace(")", "）")


# keyword → 表三 row, most specific first (matched on norm_label text)
_T3_KEYWORDS = (
    ("本年新收", NEW), ("上年结转", CARRIED), ("结转下年度", CARRY_ON),
    ("予以公开", "（一）予以公开"), ("部分公开", "（二）部分公开"),
    ("国家秘密", _T3_RESULTS[2]), ("禁止公开", _T3_RESULTS[3]), ("三安全一稳定", _T3_RESULTS[4]),
    ("第三方合法权益", _T3_RESULTS[5]), ("内部事务", _T3_RESULTS[6]), ("过程性信息", _T3_RESULTS[7]),
    ("执法案卷", _T3_RESULTS[8]), ("行政查询", _T3_RESULTS[9]),
    ("不掌握", _T3_RESULTS[10]), ("另行制作", _T3_RESULTS[11]), ("仍不明确", _T3_RESULTS[12]),
    ("信访举报投诉", _T3_RESULTS[13]), ("重复申请", _T3_RESULTS[14]), ("公开出版物", _T3_RESULTS[15]),
    ("大量反复", _T3_RESULTS[16]), ("重新出具", _T3_RESULTS[17]),
    ("逾期不补正", OTHER_2021[0]), ("收费通知", OTHER_2021[1]), ("缴纳费用", OTHER_2021[1]),
)
_T3_GROUPS = (("不予公开", "三"), ("无法提供", "四"), ("不予处理", "五"), ("其他处理", "六"))
_T3_NUMBERED = {"三": _T3_RESULTS[2:10], "四": _T3_RESULTS[10:13], "五": _T3_RESULTS[13:18], "六": OTHER_2021}
_NUMBERED_RE = re.compile(r"^(?:（([三四五六])）)?(\d)(?:[.、．]|$)")
_GROUP_NUMBERED_RE = re.compile(r"^（([三四五六])）(?:不予公开|无法提供|不予处理|其他处理)[:：]?(\d)(?:[.、．]|$)")


def t3_group(label: str) -> str | None:
    """The result group a heading opens: （三）不予公开 → "三" …"""
    n = norm_label(label)
    for word, group in _T3_GROUPS:
        if word in n and not any(k in n for k, _ in _T3_KEYWORDS):
            return group
    return None


def match_t3(label: str, group: str | None, has_values: bool) -> str | None:
    """The 表三 row a label names; ``group`` is the result group opened by an earlier heading."""
    n = norm_label(label)
    for word, key in _T3_KEYWORDS:
        if word in n:
            return key
    if "总计" in n and ("七" in n or n == "总计"):
        return TOTAL
    m = _GROUP_NUMBERED_RE.match(n)          # the whole label: "（六）其他处理3.其他" is （六）3, not （六）其他处理
    if m:
        rows = _T3_NUMBERED[m[1]]
        i = int(m[2]) - 1
        return rows[i] if 0 <= i < len(rows) else None
    if "其他处理" in n:
        return OTHER_2019 if has_values else None     # 2021: a heading over three rows
    m = _NUMBERED_RE.match(n)
    if m and (m[1] or group) in _T3_NUMBERED:
        rows = _T3_NUMBERED[m[1] or group]
        i = int(m[2]) - 1
        return rows[i] if 0 <= i < len(rows) else None
    if group == "六" and n in ("其他", "3其他"):
        return OTHER_2021[2]
    return None


def match_t2(label: str) -> str | None:
    n = re.sub(r"(?:（[^（）]*）)+$", "", norm_label(label))     # 行政事业性收费（万元）
    for key in ("其他对外管理服务事项", "规范性文件", "规章", "行政许可", "行政处罚", "行政强制",
                "行政事业性收费", "政府集中采购"):
        if n.endswith(key) or n == key:
            return key
    return None


def match_t4(label: str) -> str | None:
    n = norm_label(label)
    if "复议后起诉" in n:
        return T4_BLOCKS[2]
    if "直接起诉" in n:
        return T4_BLOCKS[1]
    if "行政复议" in n and "诉讼" not in n:
        return T4_BLOCKS[0]
    return None


# words of 表二 headers and rows that only one format has (domain.md §5.2)
_T2_EVIDENCE = (
    ("制作数量", "2019"), ("新制作", "2019"), ("新公开数量", "2019"), ("对外公开总数量", "2019"),
    ("上一年项目数量", "2019"), ("增/减", "2019"), ("其他对外管理服务事项", "2019"), ("政府集中采购", "2019"),
    ("采购项目数量", "2019"),
    ("制发件数", "2021"), ("废止件数", "2021"), ("现行有效", "2021"), ("本年处理决定数量", "2021"),
    ("本年收费金额", "2021"),
)


# ---------------------------------------------------------------- the report

@dataclass
class Note:
    """Something the parser could not read as published; shown as an AR001 finding."""

    table: str
    message: str
    line: int | None = None
    cells: list[str] = field(default_factory=list)   # "row / column" of the cells concerned


@dataclass
class RawRow:
    """One row as a parser found it: label cells, then value cells (raw text, line).

    ``names``, when given, holds for each value the column name written before it in the same cell
    ("规章 | 本年制发 3 | 本年废止 5 | 现行有效 74"), or None.
    """

    labels: list[str]
    values: list[tuple[str, int | None]]
    line: int | None = None
    names: list[str | None] = field(default_factory=list)


@dataclass
class Report:
    file: str | None = None
    source: str = "text"                         # text | markdown | html | json | toml | xlsx
    title: str | None = None
    unit: str | None = None
    year: int | None = None
    format: str | None = None                    # "2019" | "2021" | None
    format_evidence: list[str] = field(default_factory=list)
    tables: dict[str, dict[str, dict[str, Cell]]] = field(default_factory=lambda: {t: {} for t in TABLES})
    notes: list[Note] = field(default_factory=list)
    narrative: list[tuple[int | None, str]] = field(default_factory=list)
    # table → lines of its section heading when more than one heads a table: several reports in one file
    repeated: dict[str, list[int | None]] = field(default_factory=dict)
    title_line: int | None = None                # the line naming the unit and year: findings on the whole report
    table_lines: dict[str, int | None] = field(default_factory=dict)   # table → its first row's line

    def where(self, table: str | None = None) -> int | None:
        """The line a finding about a table (or the whole report) names: the table's first row, else the title."""
        found = [ln for ln in self.table_lines.values() if ln is not None]
        return (self.table_lines.get(table) if table else None) or self.title_line or (min(found) if found else None)

    def cell(self, table: str, row: str, col: str) -> Cell:
        return self.tables.get(table, {}).get(row, {}).get(col, MISSING)

    def layout(self) -> dict[str, dict[str, tuple[str, ...]]]:
        return layout(self.format)

    def cells(self) -> Iterable[tuple[str, str, str, Cell]]:
        """Every cell of the layout, missing ones included, in table order."""
        for table, rows in self.layout().items():
            for row, cols in rows.items():
                for col in cols:
                    yield table, row, col, self.cell(table, row, col)


# ---------------------------------------------------------------- assembling parsed rows

TITLE_RE = re.compile(
    r"(?P<pre>[^\s，。,;；:：《》]{0,40}?)(?P<year>(?:19|20)\d{2})\s*"
    r"(?:年度?(?P<post>[^\s，。,;；:：《》]{0,30}?)政府信息公开(?:工作)?(?:年度)?报告|年度?报(?![\u4e00-\u9fff]))"
)


_UNIT_END = r"(?:人民政府|政府|办公厅|办公室|委员会|管委会|局|厅|委|办|署|院|中心|街道办事处|街道|镇|乡|苏木)"
_BODY_UNIT = (
    re.compile(r"(?:发布机构|发文机关|信息来源|来源|公开主体)[:：]\s*(?P<unit>[^\s,，;；|]{2,30}?" + _UNIT_END + r")(?![^\s,，;；|])"),
    re.compile(r"现向社会公布(?P<unit>[^\s,，。;；]{2,30}?" + _UNIT_END + r")\s*(?:19|20)\d{2}年"),
    re.compile(r"本(?:年度)?报告由(?P<unit>[^\s,，。;；]{2,30}?" + _UNIT_END + r")(?:编制|根据|综合|汇总)"),
    re.compile(r"(?:疑问|意见|建议)[^。]{0,10}?请(?:与|联系)(?P<unit>[^\s,，。;；:：]{2,30}?" + _UNIT_END + r")"
               r"(?:办公室|政务公开办公室|信息公开办公室)?(?:联系|。|$)"),
)
_BODY_YEAR = re.compile(r"统计(?:期限|时限|期间|时间)[^。]{0,12}?(?P<year>(?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日"
                        r"|截[至止](?P<end>(?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日")
_UNIT_LINE = re.compile(r"^[^\s,，。;；:：]{2,30}" + _UNIT_END + "$")


def find_title(lines: Iterable[tuple[int | None, str]]) -> tuple[str | None, str | None, int | None]:
    """(title, unit, year) from the first line that reads like a report title.

    A title may come below header lines (SOURCE, 索引号 …), be split over two lines
    ("宿州市人民政府" / "2016年政府信息公开工作年度报告"), or name no unit; the unit and year are then
    read from the body: 发布机构：…, "现向社会公布XX2023年度…", "本报告由XX编制", "统计期限为2023年1月1日…".
    """
    lines = [(ln, _WS_RE.sub("", text).lstrip("#").strip()) for ln, text in lines]
    title = unit = year = None
    for k, (_, t) in enumerate(lines):
        if len(t) > 80:
            continue
        m = TITLE_RE.search(t)
        if not m and k + 1 < len(lines) and len(t) <= 30 and len(lines[k + 1][1]) <= 40 \
                and not TITLE_RE.search(lines[k + 1][1]):
            m = TITLE_RE.search(t + lines[k + 1][1])         # a title split over two lines
        if m:
            title, year = m[0], int(m["year"])               # without what the line adds ("SOURCE:", ", 公开日期…")
            unit = re.sub(r"^.*?(?:公布|印发|发布)", "", m["pre"] or m["post"] or "")
            unit = re.sub(r"^[\x00-\x7f]*", "", unit).strip("-—_ ") or None   # "Page8-", "SOURCE:" before it
            if unit is None and k > 0 and _UNIT_LINE.match(lines[k - 1][1]):
                unit = lines[k - 1][1]                       # the unit on the line above the title
            break
    body = "\n".join(t for _, t in lines)
    if unit is None:
        unit = next((m["unit"] for p in _BODY_UNIT for m in [p.search(body)] if m), None)
    if year is None and (m := _BODY_YEAR.search(body)):
        year = int(m["year"] or m["end"])
    return title, unit, year


def title_line(report: Report) -> int | None:
    """The first narrative line holding the report's title, else its unit name, else the year's statement."""
    for probe in (report.title, report.unit):
        if probe:
            key = _WS_RE.sub("", probe)
            hit = next((ln for ln, text in report.narrative if key in _WS_RE.sub("", text)), None)
            if hit is not None:
                return hit
    if report.year:
        return next((ln for ln, text in report.narrative if _BODY_YEAR.search(_WS_RE.sub("", text))), None)
    return None


# the section headings of the three tables (not 第二十条第（…）项, which heads each part of 表二)
_SECTION_HEADINGS = (
    (T2, re.compile(r"^(?:表二|二\s*[、.．]\s*主动公开)")),
    (T3, re.compile(r"^(?:表三|三\s*[、.．]\s*收到和处理)")),
    (T4, re.compile(r"^(?:表四|四\s*[、.．].*(?:行政复议|诉讼))")),
)


def heading_text(text: str) -> str:
    """A line as a heading reads: without Markdown's # and ** marks."""
    return text.strip().lstrip("#").strip().replace("*", "")


def section_heading(text: str) -> str | None:
    """The table whose section a heading line opens (二、主动公开… → 表二), or None."""
    t = heading_text(text)
    return next((table for table, pattern in _SECTION_HEADINGS if pattern.match(t)), None)


def repeated_sections(marks: Iterable[tuple[str, int | None, bool]]) -> dict[str, list[int | None]]:
    """table → lines of its section headings, when more than one of them heads table rows.

    ``marks`` are (table, line, rows follow before the next section heading). One report has one
    section per table; a heading that heads nothing (a table of contents) does not count.
    """
    heads: dict[str, list[int | None]] = {}
    for table, line, has_rows in marks:
        if has_rows:
            heads.setdefault(table, []).append(line)
    return {t: lines for t, lines in heads.items() if len(lines) > 1}


def detect_format(t2_labels: Iterable[str], t3_keys: Iterable[str], year: int | None) -> tuple[str | None, list[str]]:
    """2019 or 2021 from the rows and headers present; the report year only when nothing else tells."""
    evidence: list[tuple[str, str]] = []
    for key in t3_keys:
        if key == OTHER_2019:
            evidence.append(("2019", f"表三 {OTHER_2019} is one row"))
        elif key in OTHER_2021:
            evidence.append(("2021", f"表三 has row {key}"))
    text = "".join(norm_label(x) for x in t2_labels)
    for word, fmt in _T2_EVIDENCE:
        if word in text:
            evidence.append((fmt, f"表二 has “{word}”"))
    found = {fmt for fmt, _ in evidence}
    if len(found) == 1:
        return found.pop(), [why for _, why in evidence]
    if len(found) == 2:
        # 表三's （六） rows decide: they change the arithmetic; 表二 headers are often re-typed
        t3 = [(f, why) for f, why in evidence if why.startswith("表三")]
        whys = [f"{f}: {why}" for f, why in evidence]
        if t3 and len({f for f, _ in t3}) == 1:
            return t3[0][0], ["conflicting evidence, 表三 decides", *whys]
        # all rows together: a clear majority (two to one) decides, one stray row does not
        votes = {f: sum(1 for g, _ in evidence if g == f) for f in FORMATS}
        best = max(FORMATS, key=votes.get)
        if votes[best] >= 2 * min(votes.values()):
            return best, [f"conflicting evidence, the rows decide {votes[best]} to {min(votes.values())}", *whys]
        return None, ["conflicting evidence", *whys]
    if year:
        return ("2019" if year <= 2020 else "2021"), [f"no format-specific rows found; taken from the year {year}"]
    return None, ["no format-specific rows found and no year"]


def name_fits(name: str, col: str) -> bool:
    """Does a column name written in a cell ("本年制发", "本年度增/减") name this column?"""
    n = re.sub(r"（[^（）]*）$", "", norm_label(name)).replace("度", "")
    c = re.sub(r"（[^（）]*）$", "", norm_label(col)).replace("度", "")
    return bool(n) and (c.startswith(n) or n.startswith(c))


def _by_name(names: list[str | None], cols: tuple[str, ...]) -> dict[str, int] | None:
    """column → index of its value, when every value names exactly one column and no column twice."""
    if not names or not all(names):
        return None
    out: dict[str, int] = {}
    for k, name in enumerate(names):
        fits = [c for c in cols if name_fits(name, c)]
        if len(fits) != 1 or fits[0] in out:
            return None
        out[fits[0]] = k
    return out


def _place(report: Report, table: str, row: str, cols: tuple[str, ...], rr: RawRow) -> list[str]:
    """Put a row's values in its columns; a short row's values are kept but marked uncertain.

    One "..." among the values stands for the cells the row does not write out: as many as the
    columns need, read as missing (their position is known, their value is not). Returns the
    columns so left out.
    """
    values = list(rr.values)
    names: list[str | None] = list(rr.names) if rr.names else [None] * len(values)
    while len(values) > len(cols) and not _WS_RE.sub("", values[-1][0]):
        values.pop()                                 # empty trailing cells are layout, not data
        names.pop()
    if row in report.tables[table]:
        report.notes.append(Note(table, f"row {row} appears again; the first one is kept", rr.line))
        return []
    elided: list[str] = []
    dots = [k for k, (raw, _) in enumerate(values) if is_elision(raw)]
    if len(dots) == 1 and len(values) - 1 <= len(cols):
        k, n = dots[0], len(cols) - (len(values) - 1)
        values[k:k + 1], names[k:k + 1] = [values[k]] * n, [None] * n
        elided = list(cols[k:k + n])
    cells = [parse_cell(raw, line) or Cell("missing", None, raw, line) for raw, line in values]
    placed: dict[str, Cell] = {}
    by_name = _by_name(names, cols)
    if by_name is not None and not elided:
        # every value is named by its column ("结果维持 1 | 结果纠正 0 | …"): place by name, never by order
        placed = {col: cells[by_name[col]] if col in by_name else Cell("missing", None, None, rr.line) for col in cols}
        if len(by_name) < len(cols):
            report.notes.append(Note(table, f"{row}: no cell for {'、'.join(c for c in cols if c not in by_name)}",
                                     rr.line, [f"{row} / {c}" for c in cols if c not in by_name]))
    elif len(cells) == len(cols):
        placed = dict(zip(cols, cells))
        wrong = [f"“{name}” under {col}" for name, col in zip(names, cols) if name and not name_fits(name, col)]
        if wrong:                                    # the cells name other columns than their places
            placed = {col: Cell("uncertain", c.value, c.raw, c.line, c.note) if c.state == "value" else c
                      for col, c in placed.items()}
            report.notes.append(Note(
                table, f"{row}: the cells name other columns than the {report.format or 'unknown'} format has "
                f"there ({'、'.join(wrong)}), so their numbers are kept but not used", rr.line,
                [f"{row} / {c}" for c in cols]))
    else:
        found = [c for c in cells if c.state != "missing"]
        for col, c in zip(cols, cells):
            placed[col] = Cell("uncertain", c.value, c.raw, c.line, c.note) if c.state == "value" else \
                Cell("missing", None, c.raw, c.line) if c.state == "blank" else c
        for col in cols[len(cells):]:
            placed[col] = Cell("missing", None, None, rr.line)
        what = "fewer" if len(cells) < len(cols) else "more"
        report.notes.append(Note(
            table, f"{row}: {len(cells)} cells found for {len(cols)} columns ({what}); which were lost "
            f"cannot be told, so the {len(found)} numbers found are kept in reading order but not used",
            rr.line, [f"{row} / {c}" for c in cols]))
    report.tables[table][row] = placed
    return elided


def assemble(report: Report, sections: dict[str, list[RawRow]]) -> Report:
    """Place parsed rows of 表二/三/四 in the layout of the detected format."""
    report.table_lines = {t: min((r.line for r in rows if r.line is not None), default=None)
                          for t, rows in sections.items() if rows}
    report.title_line = report.title_line or title_line(report)
    t2_rows = sections.get(T2, [])
    t3_rows = sections.get(T3, [])
    # 表三 first (its （六） rows tell the format)
    group: str | None = None
    t3_matched: list[tuple[str, RawRow]] = []
    for rr in t3_rows:
        key = None
        for i, label in enumerate(rr.labels):
            group = t3_group(label) or group
            if i == len(rr.labels) - 1:
                key = match_t3(label, group, bool(rr.values))
        if key and rr.values:
            t3_matched.append((key, rr))
            if key in (NEW, CARRIED, TOTAL, CARRY_ON) or key.startswith(("（一）", "（二）")):
                group = None
    t2_labels = [label for rr in t2_rows for label in [*rr.labels, *(n for n in rr.names if n)]]
    report.format, report.format_evidence = detect_format(t2_labels, [k for k, _ in t3_matched], report.year)
    lay = report.layout()
    elided: dict[str, list[tuple[str, list[str], int | None]]] = {t: [] for t in TABLES}

    def place(table: str, row: str, cols: tuple[str, ...], rr: RawRow) -> None:
        if (left_out := _place(report, table, row, cols, rr)):
            elided[table].append((row, left_out, rr.line))

    for key, rr in t3_matched:
        if key in lay[T3]:
            place(T3, key, T3_COLS, rr)
        else:
            report.notes.append(Note(T3, f"row {key} does not belong to the {report.format} format", rr.line))
    for rr in t2_rows:
        key = match_t2(rr.labels[-1]) if rr.labels else None
        if key and rr.values:
            if key in lay[T2]:
                place(T2, key, lay[T2][key], rr)
            else:
                report.notes.append(Note(T2, f"row {key} does not belong to the {report.format} format", rr.line))
    for rr in sections.get(T4, []):
        block = match_t4(rr.labels[-1]) if rr.labels else None
        if not rr.values:
            continue
        if block and len(rr.values) <= len(T4_COLS):
            place(T4, block, T4_COLS, rr)
        elif all(b not in report.tables[T4] for b in T4_BLOCKS):
            _place_t4_row(report, rr)
    for table, rows in elided.items():
        if rows:
            cells = [f"{row} / {c}" for row, cols, _ in rows for c in cols]
            report.notes.append(Note(
                table, f"{len(rows)} row{'s' if len(rows) > 1 else ''} write “...” for cells not copied out "
                f"({'、'.join(row for row, _, _ in rows)}): those {len(cells)} cells are missing, never 0",
                rows[0][2], cells))
    for table in TABLES:
        absent = [r for r in lay[table] if r not in report.tables[table]]
        if absent and len(absent) == len(lay[table]):
            report.notes.append(Note(table, f"{table} not found in the source", report.where(table)))
        elif absent:
            report.notes.append(Note(table, f"{len(absent)} rows not found: {'、'.join(absent)}", report.where(table),
                                     [f"{r} / *" for r in absent]))
    return report


def _place_t4_row(report: Report, rr: RawRow) -> None:
    """表四 published as one row of 15 cells (three blocks of five)."""
    n = len(T4_BLOCKS) * len(T4_COLS)
    if len(rr.values) == n:
        for i, block in enumerate(T4_BLOCKS):
            part = RawRow([block], rr.values[i * 5:(i + 1) * 5], rr.line)
            _place(report, T4, block, T4_COLS, part)
        return
    # a short row: the numbers are kept in reading order but the lost cells could be anywhere
    cells = [parse_cell(raw, line) for raw, line in rr.values] + [None] * (n - len(rr.values))
    for i, block in enumerate(T4_BLOCKS):
        report.tables[T4][block] = {}
        for j, col in enumerate(T4_COLS):
            c = cells[i * 5 + j] if i * 5 + j < len(cells) else None
            report.tables[T4][block][col] = (
                Cell("uncertain", c.value, c.raw, c.line, c.note) if c is not None and c.state == "value"
                else Cell("missing", None, c.raw if c else None, c.line if c else rr.line))
    report.notes.append(Note(
        T4, f"{len(rr.values)} cells found for {n} (3 blocks × 5); which were lost cannot be told, "
        f"so the numbers are kept in reading order but not used", rr.line,
        [f"{b} / {c}" for b in T4_BLOCKS for c in T4_COLS]))


# ---------------------------------------------------------------- loading any source
