"""Header recognition for catalogue tables: which field a column holds.

The ministries' template has a two-line header (公开事项 over 一级/二级事项, 公开对象 over
全社会/特定群体 …). Real copies vary the wording (特定群众/特定对象, 依申请公开, 乡、村级,
镇(街)级, 公開對象 in traditional characters, "开内容" with a lost character), flatten the
two lines ("公开对象: 全社会"), pack the second line to the left, or add columns of their own.
``classify`` maps one flattened label to a ``Column``; ``flatten`` turns two header lines into
one label per data column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from gongkai.catalog.tables.text import clean, to_simplified

# Column kinds that hold an item field directly.
FIELD_KINDS = ("elements", "basis", "deadline", "body", "channels", "process", "origin")
LABEL_KINDS = ("category", "name", "subitem", "item", "labels")
OPTION_GROUPS = ("audience", "mode", "levels", "stages")


@dataclass(frozen=True)
class Column:
    """What a column holds.

    kind: seq | domain | code | category | name | subitem | item (a single 公开事项 column) |
    labels (several item levels in one cell, "一级 / 二级") | elements | basis | deadline | body |
    channels | process | origin | locality | url | unit | office | post | article (条款内容: the
    articles of the basis quoted) | tier (依据效力: the basis's tier as the table states it) |
    tick (one option of a group: ``group`` and ``values``) | group (a whole group in one column:
    words or checkboxes, ``options`` if the header lists them) | ticks (the tick cells of several
    columns run together) | note (kept in the item's note under ``label``).
    """

    kind: str
    label: str = ""
    group: str | None = None
    values: frozenset[str] = frozenset()
    options: tuple[str, ...] = ()


def norm(label: str) -> str:
    """A header label reduced for matching: no spaces, no ASCII/CJK square brackets kept as marks."""
    s = clean(label)
    s = re.sub(r"\s+", "", s)
    return s.replace("[", "").replace("]", "").replace("（", "(").replace("）", ")")


# -- option labels (the leaves under 公开对象 / 公开方式 / 公开层级 / 五公开) --------------------
_AUDIENCE = (
    (re.compile(r"^全?社会?$|^全社$"), "全社会"),
    (re.compile(r"^特定(群体|群众|对象|人群)?(\(请写明\))?$"), "特定群体"),
)
_MODE = (
    (re.compile(r"^主动(公开|开)?$"), "主动"),
    (re.compile(r"^依?申请(公开|公开|开)?$|^依申请公?开?$"), "依申请"),
)
_STAGE = re.compile(r"^(决策|执行|管理|服务|结果)(公开)?$")
_LEVEL_WORDS = {"村", "街道", "镇街乡", "乡镇", "社区", "村居", "镇街", "乡、村", "镇、村"}


def level_values(text: str) -> frozenset[str]:
    """The 公开层级 a label or cell names: 县级, 乡、村级 → {乡级, 村级}, 镇(街)级, 区县级, 州级县级 …"""
    s = norm(text)
    if not s or not (s.endswith("级") or s in _LEVEL_WORDS):
        return frozenset()
    s = s.replace("(园区)", "").replace("园区", "").replace("社区", "村").replace("作业区", "")
    found = set()
    if re.search("[市州盟]", s):
        found.add("市级")
    if re.search("[县旗]", s) or re.search("区", s):
        found.add("县级")
    if re.search("[乡镇街]", s):
        found.add("乡级")
    if re.search("[村居]", s):
        found.add("村级")
    return frozenset(found)


def option_of(leaf: str) -> tuple[str, frozenset[str]] | None:
    """(group, values) when a leaf label is one option of 公开对象 / 方式 / 层级 / 五公开."""
    for pattern, value in _AUDIENCE:
        if pattern.match(leaf):
            return "audience", frozenset({value})
    for pattern, value in _MODE:
        if pattern.match(leaf):
            return "mode", frozenset({value})
    m = _STAGE.match(leaf)
    if m:
        return "stages", frozenset({m.group(1)})
    levels = level_values(leaf)
    if levels:
        return "levels", levels
    return None


# -- whole-column labels ----------------------------------------------------------------
# Checked in order against the normalised label; the first match wins. Extras that name a
# field word (公开内容标题, 条款内容, 依据效力) come before the fields they contain.
_RULES: tuple[tuple[str, str], ...] = (
    (r"\bticks\b|\betc\.", "ticks"),
    (r"\blabels\b|一级/二级", "labels"),
    (r"序号|序號|^编号$", "seq"),
    (r"事项编码", "code"),
    (r"^(所属|相应|公开)?领域(\(编码\))?$", "domain"),
    (r"一级事项|一级目录|^[I|Ⅰ]级|^\[?一级\]?$|^一级$", "category"),
    (r"二级事项|二级目录|^(II|Ⅱ)级|^二级$", "name"),
    (r"三级事项|三级目录|^(III|Ⅲ)级|^三级$", "subitem"),
    (r"^(公开|开)?事项(名称)?$|^事项名称$", "item"),
    (r"条款内容|依据条款|^条款$", "article"),
    (r"依据效力|效力(位阶|层级)?$|^位阶$", "tier"),
    (r"公开内容标题|事项类别|事项类型|对应职责|公开时长|公开范围|咨询电话|举报电话|投诉电话|"
     r"^链接$|公开链接|形式|^政府网站$|^类别$|备注", "note"),
    (r"出处链接|来源链接", "url"),
    (r"导入说明", "reading"),            # gongkai's own internal export: how each row was read
    (r"出处", "locality"),
    (r"事项来源", "origin"),
    (r"公开流程|^流程$", "process"),
    (r"公开责任单位|实施主体|主体|^公开主$|^公开$", "body"),
    (r"责任科室|责任股室|科室", "office"),
    (r"责任岗位|责任人", "post"),
    (r"责任部门|责任单位|^责任$", "unit"),
    (r"内容|要素", "elements"),
    (r"依据", "basis"),
    (r"时限|公开要求", "deadline"),
    (r"渠道|载体", "channels"),
    (r"^(公开|开)?对象", "group:audience"),
    (r"^(公开|开)?(方式|属性)", "group:mode"),
    (r"^(公开|开)?层级", "group:levels"),
    (r"五公开", "group:stages"),
)
_COMPILED = tuple((re.compile(p), kind) for p, kind in _RULES)
_NOTE_KEEP = re.compile(r"\(.*?\)|（.*?）")


def _classify(label: str) -> Column | None:
    full = norm(label)
    if not full:
        return None
    # "公开对象: 全社会" / "公开事项: 一级事项": the leaf after the colon names the column.
    leaf = re.split(r"[:：]", full)[-1] or full
    option = option_of(re.sub(r"\(.*\)$", "", leaf) if not leaf.startswith("特定") else leaf)
    if option and not re.search(r"\bticks\b|\betc\.", clean(label)):
        return Column("tick", label, group=option[0], values=option[1])
    for pattern, kind in _COMPILED:
        target = clean(label) if kind in ("ticks", "labels") else leaf
        if pattern.search(target):
            if kind.startswith("group:"):
                group = kind.split(":", 1)[1]
                listed = re.search(r"\((.+)\)", leaf)
                options = tuple(p.strip() for p in re.split(r"[/、]", listed.group(1))) if listed else ()
                return Column("group", label, group=group, options=options)
            if kind == "note":
                return Column(kind, clean(_NOTE_KEEP.sub("", label)).strip() or clean(label))
            return Column(kind, label)
    return None


@lru_cache(maxsize=8192)     # every data row is tried as a repeated header: the same cells, over and over
def classify(label: str) -> Column:
    """The column a header label names; an unknown label is kept as a note column (Column is frozen)."""
    found = _classify(label)
    if found is None and not label.isascii():
        found = _classify(to_simplified(label))
    if found is None:
        shown = clean(label)
        return Column("note" if shown else "blank", shown)
    return found


def is_core(column: Column) -> bool:
    """A column that only a catalogue header has (used to find the header row)."""
    return column.kind in FIELD_KINDS + LABEL_KINDS + ("seq",) or column.kind in ("tick", "group", "ticks")


def is_sub_label(column: Column) -> bool:
    """A label of the header's second line (an option or an item level)."""
    return column.kind in ("tick", "category", "name", "subitem")


# -- two header lines ---------------------------------------------------------------------
def flatten(line1: list[str], line2: list[str]) -> list[str]:
    """One label per data column from two header lines.

    Aligned lines (a spreadsheet, or a pipe table with an empty cell under 序号) take the
    second line's label where there is one; lines packed to the left (as web pages flatten
    them: "一级事项 | 二级事项 | 全社会 …" under "序号 | 公开事项 | 公开内容 …") are unpacked
    by giving each group of line 1 the run of line-2 labels of one kind.
    """
    width = max(len(line1), len(line2))
    l1 = list(line1) + [""] * (width - len(line1))
    l2 = list(line2) + [""] * (width - len(line2))
    if _aligned(l1, l2):
        out, group = [], ""
        for a, b in zip(l1, l2):
            group = a or group
            out.append(b if b and norm(b) != norm(a) else a)
        return out
    return unpack(l1, l2)


def _aligned(l1: list[str], l2: list[str]) -> bool:
    group_ok = True
    current: Column | None = None
    for a, b in zip(l1, l2):
        if a:
            current = classify(a)
        if b and norm(b) != norm(a):
            col = classify(b)
            if not is_sub_label(col):
                continue
            if current is None or current.kind not in ("group", "item", "note", "blank"):
                group_ok = False
    return group_ok


def _kind_key(label: str) -> str:
    col = classify(label)
    if col.kind == "tick":
        return col.group or ""
    if col.kind in ("category", "name", "subitem", "domain"):
        return "item"
    return col.kind


def unpack(line1: list[str], line2: list[str]) -> list[str]:
    """Flatten packed header lines: each group label of line 1 takes the next run of line-2 labels
    of one kind (公开事项 → 一级/二级/三级事项, 公开对象 → 全社会/特定群体 …)."""
    subs = [x for x in line2 if x]
    out: list[str] = []
    i = 0
    for label in line1:
        if not label:
            continue
        col = classify(label)
        if col.kind in ("group", "item") and i < len(subs):
            kind = _kind_key(subs[i])
            wanted = {"group": col.group, "item": "item"}[col.kind]
            if kind == wanted or (col.kind == "group" and kind in OPTION_GROUPS):
                while i < len(subs) and _kind_key(subs[i]) == kind:
                    out.append(subs[i])
                    i += 1
                continue
        out.append(label)
    out.extend(subs[i:])
    return out


def header_row_score(cells: list[str]) -> int:
    """How many cells of a row are catalogue header labels (to find the header under a title)."""
    return sum(1 for c in cells if c and len(c) <= 60 and is_core(classify(c)))


def is_second_header(cells: list[str], above: list[str]) -> bool:
    """A row under the header holding only its second line's labels (一级事项, 全社会, 县级 …)."""
    filled = [(c, above[i] if i < len(above) else "") for i, c in enumerate(cells) if c]
    subs = sum(1 for c, _ in filled if len(c) <= 30 and is_sub_label(classify(c)))
    others = sum(1 for c, a in filled if not (len(c) <= 30 and is_sub_label(classify(c))) and
                 (norm(c) == norm(a) or (len(c) <= 30 and classify(c).kind not in ("note", "blank"))))
    return subs >= 2 and subs + others == len(filled)


@dataclass
class TickLabels:
    """The tick columns that a run-together "ticks" cell stands for, in order."""

    labels: list[str] = field(default_factory=list)

    @classmethod
    def from_labels(cls, labels: list[str]) -> "TickLabels":
        return cls([label for label in labels if classify(label).kind == "tick"])


def ticks_columns(label: str) -> list[str]:
    """The columns named in a ticks header: "ticks (…; columns 全社会 / 特定群众 / 主动 …)"."""
    m = re.search(r"columns?\s+(.+?)\)?$", clean(label))
    if not m:
        return []
    return [p.strip() for p in m.group(1).split("/") if p.strip()]

