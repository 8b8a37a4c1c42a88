"""Text helpers for catalogue tables: cleaning cells, brackets, numbering, masks, transcription marks.

Pure functions over strings. Cells come from officers' spreadsheets, web pages and
transcriptions of web pages, so they carry line-wrap spaces, conversion debris
("事項(xiàng)") and, in the shared transcriptions, marks such as "(merged)" or "(truncated)".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from gongkai.catalog.errors import InputError, display_path

CJK = r"\u3400-\u9fff\uf900-\ufaff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ"
# Pinyin that a traditional-character converter inserted after a hanzi: 項(xiàng), 規(guī)定.
_PINYIN_DEBRIS = re.compile(rf"(?<=[{CJK}])\((?=[a-z{_TONED}ü]*[{_TONED}])[a-z{_TONED}ü]+\)")
_CJK_GAP = re.compile(rf"(?<=[{CJK}])\s+(?=[{CJK}])")
_SPACES = re.compile(r"[ \t\u3000\xa0]+")
# Zero-width characters (a BOM pasted mid-text, zero-width spaces from web pages) are invisible, yet
# make 综合业务 and 综合业务\ufeff two different categories.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")

# Cells a spreadsheet would run as a formula; export prefixes them with a single quote.
FORMULA_START = ("=", "+", "-", "@")


def clean(text: object, debris: bool = True) -> str:
    """A cell as text: zero-width characters dropped, NBSP and ideographic spaces as spaces, runs of
    spaces collapsed, pinyin conversion debris removed (unless ``debris`` is False: free text such
    as notes is kept as written), trimmed. Line breaks are kept (they separate entries)."""
    if text is None:
        return ""
    s = _INVISIBLE.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n"))
    if debris:
        s = _PINYIN_DEBRIS.sub("", s)
    lines = [_SPACES.sub(" ", line).strip() for line in s.split("\n")]
    return "\n".join(line for line in lines if line).strip()


def has_pinyin_debris(text: str) -> bool:
    return bool(_PINYIN_DEBRIS.search(text or ""))


def close_cjk_gaps(text: str) -> str:
    """Remove line-wrap spaces between two hanzi: "燃气经营许 可证核发" → "燃气经营许可证核发"."""
    return _CJK_GAP.sub("", text)


def one_line(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # lazy: only traditional-character tables need it

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters to simplified (OpenCC t2s); simplified text is unchanged."""
    if not text or text.isascii():
        return text
    return _t2s().convert(text)


def _guarded(text: str) -> bool:
    """Text that starts like a formula, or like a guarded one ("'=…"), so the guard round-trips."""
    return text[:1] in FORMULA_START or (text[:1] == "'" and _guarded(text[1:]))


def unneutralise(text: str) -> str:
    """Undo the export's formula guard: "'=x" → "=x" (and "''=x" → "'=x")."""
    if len(text) > 1 and text[0] == "'" and _guarded(text[1:]):
        return text[1:]
    return text


def neutralise(text: str) -> str:
    """Prefix a single quote to a cell a spreadsheet would run as a formula."""
    if text and _guarded(text):
        return "'" + text
    return text


# -- brackets ----------------------------------------------------------------------------
_PAIRS = {"《": "》", "〈": "〉", "<": ">", "(": ")", "（": "）", "〔": "〕", "[": "]", "“": "”",
          "‘": "’", "﹝": "﹞", "【": "】", "「": "」", "{": "}"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}


def depth_map(text: str) -> list[int]:
    """For each character, how many matched bracket pairs enclose it.

    Only pairs that close are counted: real cells contain stray brackets
    ("(辽政办发(2014)74号、…"), which must not swallow the rest of the cell.
    """
    stack: list[tuple[str, int]] = []
    spans: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if ch in _PAIRS:
            stack.append((ch, i))
        elif ch in _CLOSERS:
            opener = _CLOSERS[ch]
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == opener:
                    spans.append((stack[k][1], i))
                    del stack[k:]
                    break
    depth = [0] * (len(text) + 1)
    for start, end in spans:
        depth[start + 1] += 1
        depth[end] -= 1
    out, level = [], 0
    for i in range(len(text)):
        level += depth[i]
        out.append(level)
    return out


def split_top(text: str, separators: str) -> list[tuple[str, str]]:
    """Split on separator characters outside brackets; returns (piece, separator-before) pairs."""
    depth = depth_map(text)
    out: list[tuple[str, str]] = []
    start, sep_before = 0, ""
    for i, ch in enumerate(text):
        if ch in separators and depth[i] == 0:
            out.append((text[start:i], sep_before))
            start, sep_before = i + 1, ch
    out.append((text[start:], sep_before))
    return out


# -- numbering --------------------------------------------------------------------------
_NUM_STYLES = (
    re.compile(r"(?:(?<=^)|(?<=[\s;；。,，:：、》)）]))(\d{1,2})\s*[.．、](?!\d)"),  # 1. 1、
    re.compile(r"([①-⑳])"),                                                    # ①
    re.compile(r"(?:(?<=^)|(?<=[\s;；。,，:：]))[(（](\d{1,2})[)）]"),              # (1)
)
_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}


def numbered_parts(text: str) -> list[str] | None:
    """The entries of a numbered list "1.a 2.b", "①a②b", "(1)a (2)b" (outside brackets), with the
    text before the first number as its own first entry; None when the text is not a list."""
    depth = depth_map(text)
    for style in _NUM_STYLES:
        marks = []
        expected = 1
        for m in style.finditer(text):
            if depth[m.start()] != 0:
                continue
            g = m.group(1)
            n = _CIRCLED[g] if g in _CIRCLED else int(g)
            if n == expected:
                marks.append(m)
                expected += 1
        if len(marks) >= 2:
            return _parts_at(text, marks)
    # "1.机关名称2.办公地址3.办公时间": numbers glued to the entry before them, read as a list only
    # when the cell starts with 1 and they run on in order.
    marks, expected = [], 1
    for m in _NUM_GLUED.finditer(text):
        if depth[m.start()] == 0 and int(m.group(1)) == expected and (marks or not text[: m.start()].strip()):
            marks.append(m)
            expected += 1
    return _parts_at(text, marks) if len(marks) >= 2 else None


_NUM_GLUED = re.compile(r"(?<![\d.．])(\d{1,2})\s*[.．、](?!\d)")


def _parts_at(text: str, marks: list) -> list[str]:
    parts = [text[: marks[0].start()]]
    for a, b in zip(marks, marks[1:] + [None]):
        parts.append(text[a.end(): b.start() if b else len(text)])
    return parts


def strip_label_number(label: str) -> str:
    """Drop an item number in front of a label: "1.1国家层面法规政策", "2.征收", "01 行政许可类事项".

    A number glued to the text without a separator is kept ("12345政务服务热线") unless it is a
    zero-padded code ("01行政许可类事项"); a label that is only a number ("05": a code whose name
    was not stored) stays that number, for the reader to report."""
    s = label.strip().lstrip("?？").strip()
    only = re.fullmatch(r"[(（]?(\d+)[)）]?", s)
    if only:
        return only.group(1)
    glued = re.match(rf"^0\d(?=[{CJK}])", s)
    if glued:
        return s[glued.end():]
    m = re.match(r"^[(（]?(\d{1,3}(?:\.\d{1,3})*)[)）]?(\s*[.．、]\s*|\s+)?(?=\S)", s)
    if not m:
        return s
    if m.group(2) or "." in m.group(1) or s.startswith(("(", "（")):
        return s[m.end():].strip()
    return s


# -- transcription marks ------------------------------------------------------------------
# The shared transcriptions mark cells in English inside brackets: "(merged)", "(not stored)",
# "(truncated)", "(same as row 1)", "(cont.)". Real table text does not hold bracketed
# lower-case English, so these are recognised without a list of every wording.
_NOTE_MARK = re.compile(r"\s*\((?![^)]*://)([ -~]*?[a-z]{3,}[ -~]*?)\)\s*")
MASK = re.compile(r"\*{2,}")
DASHES = {"/", "／", "—", "——", "─", "-", "－", "无", "–"}
SAME = {"同上", "同上。", "同左"}


@dataclass(frozen=True)
class Cell:
    """A table cell read for what it says about its value.

    kind: "value" (text is the value), "blank", "none" (an explicit dash: nothing),
    "inherit" (same as the row above: 同上, a merged cell), "row" (same as row ``ref``),
    "unknown" (the text was not stored).
    """

    kind: str
    text: str = ""
    truncated: bool = False      # the source was cut off inside this cell
    masked: bool = False         # the source masked part of it with asterisks
    ref: str | None = None       # for kind "row": the 序号 it refers to
    marks: tuple[str, ...] = ()  # the transcription marks found, for notes


def only_marks(text: str) -> bool:
    """A cell holding nothing but transcription marks ("(merged)", "(not stored)"): no value even
    in a free-text column such as 备注."""
    return bool(text) and bool(_NOTE_MARK.search(text)) and not _NOTE_MARK.sub("", text).strip()


def read_cell(raw: str, merged: bool = False) -> Cell:
    """Interpret one cleaned cell (see ``Cell``)."""
    text = raw or ""
    marks = tuple(m.group(1).strip() for m in _NOTE_MARK.finditer(text))
    if marks:
        text = _NOTE_MARK.sub(" ", text).strip()
    lowered = [m.lower() for m in marks]
    truncated = any("truncated" in m or "rest not stored" in m for m in lowered)
    if text.endswith(("...", "…")) and truncated:
        text = text.rstrip(".… ").strip()
    masked = bool(MASK.search(text))
    if not text:
        if any(m in ("merged", "cont.", "cont") or m.startswith("same") for m in lowered):
            ref = next((re.search(r"row\s*(\S+?)[,)]?$", m.split(",")[0]) for m in lowered if m.startswith("same as row")), None)
            if ref:
                return Cell("row", ref=ref.group(1), marks=marks)
            return Cell("inherit", marks=marks)
        if any("not stored" in m or "not recorded" in m for m in lowered):
            return Cell("unknown", truncated=truncated, marks=marks)
        if truncated:
            return Cell("unknown", truncated=True, marks=marks)
        return Cell("inherit" if merged else "blank", marks=marks)
    if text in SAME:
        return Cell("inherit", marks=marks)
    if text in DASHES:
        return Cell("none", marks=marks)
    return Cell("value", text, truncated=truncated, masked=masked, marks=marks)


def read_csv_text(path: Path) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), or GB18030 as Excel on Chinese Windows saves it."""
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError.single("not UTF-8 or GB18030 text", file=display_path(path),
                            expected="a CSV file saved as UTF-8 (or GBK)")


def csv_rows(text: str, path: Path, **dialect) -> list[tuple[int, list[str]]]:
    """(line, cells) of each CSV row; a broken quote is an input error naming the line, not a merged row."""
    import csv
    import io

    csv.field_size_limit(MAX_CSV_CELL)       # the default 131,072 refuses cells that the XLSX reader takes
    reader = csv.reader(io.StringIO(text), strict=True, **dialect)
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise InputError.single(f"a cell is longer than {MAX_CSV_CELL:,} characters", file=display_path(path),
                                    line=reader.line_num, expected="cells of at most 8 MB (split the text, or "
                                    "check for a quote \" opened and never closed)") from None
        raise InputError.single(f"not valid CSV: {exc}", file=display_path(path), line=reader.line_num,
                                expected='cells with balanced double quotes ("…")') from None
    return rows


MAX_CSV_CELL = 8 * 1024 * 1024        # characters in one CSV cell (documented in the README's import section)
