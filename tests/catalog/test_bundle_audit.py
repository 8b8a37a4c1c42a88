"""The audit of issue 17 as a test: a fixed random sample of bundled items, each compared with the
real row it cites, read again from the Markdown by a small parser of its own (not the importer).

For every sampled item: its 一级/二级事项 are the row's (or, for a merged 一级事项, the one above);
nothing of the row's 公开内容 or of the 《》 titles of its 公开依据 is lost (a piece may be kept in
the note when the page cut it off); no element is a bare word split off a shared qualifier
("…的依据、程序" → "程序"); every element, basis title, 公开时限, 公开主体 and channel stands in the
cell it belongs to — not in another column; a √ in a 全社会/特定群体/主动/依申请/县级… column is in
the item's set; 条款内容 and 依据效力 are in the basis; no transcription mark or bare number is data. Each item is graded exact (values as written), normalised
(equal once spaces, numbering, marks and character forms are set aside) or an error.
"""
from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

import opencc
import pytest

from gongkai import domains

DATA = Path(__file__).resolve().parents[1] / "data" / "catalogues"
SAMPLE, SEED = 60, 17

_T2S = opencc.OpenCC("t2s")
_MARK = re.compile(r"\((?:merged|truncated|not stored|not recorded|cont\.?|rest not stored|row-spanning|"
                   r"no value of its own stored|same[^)]*)\)")
_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
_LABEL_NUMBER = re.compile(r"^(?:\(?\d{1,4}(?:\.\d+)*\)?[.．、]?\s*|0\d(?=\D))")
GENERIC = {"法规", "规章", "程序", "条件", "依据", "标准", "结果", "规范性文件", "办法"}


# -- an independent reading of the transcriptions -------------------------------------------
def _cells(line: str) -> list[str]:
    s = line.strip()
    s = s[1:] if s.startswith("|") else s
    s = s[:-1] if s.endswith("|") and not s.endswith("\\|") else s
    return [c.replace("\\|", "|").replace("<br>", "\n").strip() for c in re.split(r"(?<!\\)\|", s)]


def _role(label: str) -> str | None:
    s = re.sub(r"\s", "", _T2S.convert(label))
    if "一级" in s and "二级" in s:
        return "labels"
    for role, words in (("seq", ("序号",)), ("domain", ("领域",)), ("subitem", ("三级", "Ⅲ级", "III级")),
                        ("name", ("二级", "Ⅱ级", "II级")), ("category", ("一级", "Ⅰ级", "I级")), ("article", ("条款",)), ("stated", ("效力",)),
                        ("basis", ("依据",)), ("deadline", ("时限",)), ("body", ("主体",)),
                        ("elements", ("内容", "要素")), ("channels", ("渠道", "载体")), ("item", ("事项",))):
        if any(w in s for w in words):
            return role
    return None


@lru_cache(maxsize=None)
def _tables(name: str) -> dict[int, tuple[dict[str, int], list[tuple[int, list[str]]], int]]:
    """line → (column of each role, the table's rows, index of the row) for every data row."""
    lines = (DATA / name).read_text("utf-8").split("\n")
    out = {}
    for i, line in enumerate(lines):
        if not (line.startswith("|") and i + 1 < len(lines) and re.match(r"^\|(\s*:?-+:?\s*\|)+\s*$", lines[i + 1])):
            continue
        if i and lines[i - 1].startswith("|"):
            continue
        header, rows, j = _cells(line), [], i + 2
        while j < len(lines) and lines[j].startswith("|"):
            rows.append((j + 1, _cells(lines[j])))
            j += 1
        second = [_T2S.convert(c) for c in rows[0][1]] if rows else []
        if any("一级" in c for c in second) and not any("一级" in _T2S.convert(h) for h in header):
            if "一级" in second[0]:            # packed to the left: 公开事项 stands for the 级事项 labels
                levels = [c for c in second if "级事项" in c]
                header = [x for h in header for x in (levels if _role(h) == "item" else [h])]
            else:                              # aligned under the first line
                header = [r or h for h, r in zip(header, second + [""] * len(header))]
        roles: dict = {"_ticks": {}}
        for k, label in enumerate(header):
            plain = re.sub(r"\s|\[|\]", "", _T2S.convert(label)).split(":")[-1]
            if plain in _TICK_LABELS:
                roles["_ticks"][k] = plain
                continue
            role = _role(label)
            if role and role not in roles:
                roles[role] = k
        for n, (ln, _) in enumerate(rows):
            out[ln] = (roles, rows, n)
    return out


def _norm(text: str) -> str:
    s = _PINYIN.sub("", _MARK.sub("", _T2S.convert(text or "")))
    s = s.replace("（", "(").replace("）", ")").replace("：", ":").replace("；", ";").replace("，", ",")
    return re.sub(r"\s+", "", s)


def _own(cell: str) -> str:
    return _MARK.sub("", cell).strip()


def _value(rows, n: int, k: int | None, blank_inherits: bool = False, seq: int | None = None) -> str:
    """The cell's value: a merged, 同上 or "(same …)" cell takes the one above ("(same as row N)"
    that of row N); a blank label cell too (``blank_inherits``)."""
    if k is None:
        return ""
    while n >= 0:
        cells = rows[n][1]
        raw = cells[k] if k < len(cells) else ""
        ref = re.search(r"\(same as row (\w+)", raw)
        if ref and seq is not None:
            n = next((m for m, (_, c) in enumerate(rows) if seq < len(c) and c[seq].strip() == ref.group(1)), -1)
            continue
        if _own(raw) and _own(raw) != "同上":
            return raw
        if not ("(merged)" in raw or "(same" in raw or _own(raw) == "同上" or (blank_inherits and not raw.strip())):
            return raw
        n -= 1
    return ""


def _row_group(roles, rows, n: int) -> list[list[str]]:
    """The row and the continuation rows under it (no item label of their own)."""
    group = [rows[n][1]]
    labels = [roles[r] for r in ("category", "name", "subitem", "item", "labels") if r in roles]
    for _, cells in rows[n + 1:]:
        own = [cells[k] if k < len(cells) else "" for k in labels]
        if any(_own(c) or "not stored" in c or "truncated" in c for c in own):
            break
        group.append(cells)
    return group


def _pieces(text: str) -> list[str]:
    """The CJK runs of a content cell, with list marks, numbering and separators taken out."""
    s = _norm(text)
    s = re.sub(r"[●〇○·•■□]|[①-⑳]|\(\d{1,2}\)|(?<![\d])\d{1,2}[.．、](?!\d)", "|", s)
    pieces = (re.sub(r"^\d{1,2}(?=\D)", "", p) for p in re.split(r"[|;、,。:!?\"“”]+", s))
    return [p for p in pieces if len(p) >= 2 and "*" not in p]


# Source wordings of the standard channels (DESIGN.md's 13), for comparing a cell with an item.
_CHANNEL_WORDS = (
    ("两微一端", ("两微一端", "一微一端", "微信", "微博", "公众号", "新媒体")),
    ("社区/企事业单位/村公示栏(电子屏)", ("示栏", "公告栏", "公开栏", "宣传栏", "电子屏")),
    ("政务服务中心", ("政务服务中心", "政府服务中心", "服务大厅", "行政服务中心")),
    ("发布会/听证会", ("发布会", "听证会")),
    ("公开查阅点", ("查阅点", "政务公开专区")),
    ("便民服务站", ("便民服务站",)),
    ("入户/现场", ("入户", "现场")),
    ("纸质媒体", ("纸质", "报刊")),
    ("广播电视", ("广播电视",)),
    ("政府公报", ("政府公报",)),
    ("精准推送", ("精准推送",)),
    ("政府网站", ("网站", "网")),
    ("其他", ("其他",)),
)


def _channel_key(text: str) -> str:
    t = _norm(text)
    return next((std for std, words in _CHANNEL_WORDS if any(w in t for w in words)), t)


def _chosen_channels(cell: str) -> list[str]:
    """The entries a channel cell chooses: those after ■ (or ◆, R) where boxes are used, else all."""
    cell = re.sub(r"(^|(?<=[\s;,、]))口(?=\S)", "□", cell)         # 口 for □ where it opens an entry
    if re.search("[■□◆☑£]", cell):
        return [e for e in re.findall(r"[■◆☑√]([^■□◆☑£√]+)", cell) if e.strip(" ,;、")]
    return [e for e in re.split(r"[、,;\s]+", cell) if e]


_TICK_LABELS = {"全社会": ("audience", "全社会"), "特定群体": ("audience", "特定群体"), "特定群众": ("audience", "特定群体"),
                "主动": ("mode", "主动"), "主动公开": ("mode", "主动"), "依申请": ("mode", "依申请"),
                "依申请公开": ("mode", "依申请"), "县级": ("levels", "县级"), "乡级": ("levels", "乡级"),
                "村级": ("levels", "村级"), "市级": ("levels", "市级")}


def _tick_columns(rows, roles) -> dict[int, tuple[str, str]]:
    """Columns whose label is one tick option, from the table's own header row."""
    return {k: _TICK_LABELS[label] for k, label in roles.get("_ticks", {}).items() if label in _TICK_LABELS}


# -- the audit --------------------------------------------------------------------------------
def _sample():
    items = [(d, i) for d in domains.REGISTRY for i in domains.load_bundled(d.code).model.items]
    return random.Random(SEED).sample(items, SAMPLE)


def audit(domain, item) -> tuple[str, list[str]]:
    """("exact" | "normalised" | "error", what is wrong)."""
    name = Path(item.source.file).name
    roles, rows, n = _tables(name)[item.source.row]
    group = _row_group(roles, rows, n)
    errors, normalised = [], False
    # a piece the page cut off is kept in the reading notes (source.note), content notes in the note
    note = _norm((item.note or "") + " " + ((item.source.note or "") if item.source else ""))

    def col(role):
        return roles.get(role)

    # 一级 / 二级 / 三级事项
    labels = {}
    if "labels" in roles:
        parts = [p for p in re.split(r"\s*/\s*", _value(rows, n, col("labels"))) if p.strip()]
        labels = {"category": parts[-2] if len(parts) > 1 else None, "name": parts[-1]}
    for level in ("category", "name", "subitem"):
        k = col(level) if level in roles else (col("item") if level in ("category", "name") else None)
        cell = labels.get(level) if labels else (_value(rows, n, k, blank_inherits=level == "category")
                                                 if k is not None else "")
        if cell is None or (level == "subitem" and not _own(cell)):
            continue
        if _own(cell) in ("─", "—", "-", "/", "——"):          # "no 二级事项": a one-level item
            cell = ""
        if level == "name" and not _own(cell) and "(merged)" not in cell:
            if item.subitem and "subitem" in roles:          # blank above a 三级事项 of its own: the one above
                cell = _value(rows, n, k, blank_inherits=True)
            else:                                            # a one-level item
                cell = _value(rows, n, col("category") if "category" in roles else col("item"), True)
        mine = getattr(item, level) or ""
        src = _T2S.convert(_own(cell))
        if mine == src:
            continue
        a, b = _LABEL_NUMBER.sub("", _norm(mine)), _LABEL_NUMBER.sub("", _norm(src))
        if a == b or (level == "category" and b and (b in a or a in b)):    # a 一级事项 cut short on a page
            normalised = True
        else:
            errors.append(f"{level} {mine!r} is not the row's {src!r}")

    # 公开内容 (要素)
    k = col("elements")
    if k is not None:
        cells = [c[k] if k < len(c) else "" for c in group]
        cells[0] = _value(rows, n, k, seq=col("seq"))
        whole = "".join(_norm(c) for c in cells)
        joined = "".join(_norm(e.name) for e in item.elements)
        for e in item.elements:
            head, _, rest = e.name.partition(":")
            parts = [head, rest] if rest and _norm(head) not in _norm(rest) else [e.name]
            if not all(_norm(p) in whole for p in parts):
                errors.append(f"element {e.name!r} is not in the 公开内容 cell")
            elif not any(_T2S.convert(e.name) in _T2S.convert(c) for c in cells):
                normalised = True
            if e.name in GENERIC and re.search(rf"(?:的|相关|有关)[^、;。]*、(?:[^、;。]{{1,6}}、)*{e.name}", whole):
                errors.append(f"element {e.name!r} split off its shared qualifier")
        cut = any("truncated" in c for c in cells)
        pieces = [p for c in cells for p in _pieces(c)]
        for p in pieces[:-1] if cut else pieces:
            if p not in joined and p not in note:
                errors.append(f"公开内容 {p!r} lost")

    # 公开依据: 《》 titles kept, and each title standing in the basis (or 条款内容) cell
    k = col("basis")
    if k is not None:
        cells = [c[k] if k < len(c) else "" for c in group]
        cells[0] = _value(rows, n, k, seq=col("seq"))
        extra = _norm(_value(rows, n, col("article"))) if "article" in roles else ""
        whole = "".join(_norm(c) for c in cells) + extra
        titles = "".join(_norm(b.title) for b in item.basis)
        cut = any("truncated" in c for c in cells)
        found = [t for c in cells for t in re.findall(r"《[^》]+》", _norm(c))]
        for t in found:
            if t not in titles and t not in note and not (cut and t == found[-1]):
                errors.append(f"basis {t!r} lost")
        for b in item.basis:
            if _norm(b.title) not in whole:
                errors.append(f"basis {b.title!r} is not in the 公开依据 cell")
            if b.article and _norm(b.article) not in whole:
                errors.append(f"article {b.article!r} is not in the row")

    # 公开时限, 公开主体: the row's value (continuations may add one after "；")
    for field in ("deadline", "body"):
        k = col(field)
        mine = getattr(item, field)
        if k is None:
            continue
        values = [_value(rows, n, k, seq=col("seq"))] + [c[k] for c in group[1:] if k < len(c) and _own(c[k])]
        if mine is None:
            if any(_own(v) and _own(v) not in ("/", "—", "-", "无") and "truncated" not in v and "*" not in v
                   for v in values[:1]):
                errors.append(f"{field} {values[0]!r} lost")
            continue
        if mine in (_T2S.convert(_own(v)) for v in values):
            continue
        if all(any(_norm(part) == _norm(v) for v in values) for part in mine.split("；")):
            normalised = True
        else:
            errors.append(f"{field} {mine!r} is not the row's {values[0]!r}")

    # 公开渠道和载体: every ■ (or plain) entry of the cell is one of the item's channels, and back
    k = col("channels")
    if k is not None and item.method.channels is not None:
        raws = [_value(rows, n, k, seq=col("seq"))] + [c[k] for c in group[1:] if k < len(c)]
        cells = [re.sub(r"\s+", " ", _MARK.sub("", _T2S.convert(r))).strip() for r in raws]
        cell = _norm(" ".join(cells))
        chosen = [e for c in cells for e in _chosen_channels(c)]
        mine = {_channel_key(c) for c in item.method.channels}
        cut = any("truncated" in r for r in raws)
        for entry in (chosen[:-1] if cut else chosen):
            if _channel_key(entry) not in mine and _norm(entry) not in note:
                errors.append(f"channel {entry!r} lost")
        for c in item.method.channels:
            if not any(_channel_key(e) == _channel_key(c) for e in chosen) and _norm(c) not in cell:
                errors.append(f"channel {c!r} is not in the 公开渠道和载体 cell")

    # ticks in columns of their own: a √ is in the item's set
    for k, (group, value) in _tick_columns(rows, roles).items():
        raw = _own(_value(rows, n, k))
        if raw in ("√", "✓", "✔", "■"):
            if value not in getattr(item.method, group, None) if group != "levels" else value not in item.levels:
                errors.append(f"{value} ticked in the row, not in the item's {group}")

    # marks and numbers are never values; 条款内容 and 依据效力 belong to the basis
    if _MARK.search(item.note or ""):
        errors.append(f"a transcription mark kept as data in the note: {item.note!r}")
    for level in ("category", "name", "subitem"):
        if re.fullmatch(r"[(（]?\d+[)）]?", getattr(item, level) or "x"):
            errors.append(f"{level} is only a number: {getattr(item, level)!r}")
    article = _own(_value(rows, n, col("article"))) if "article" in roles else ""
    if article and not any(b.article and _norm(b.article) in _norm(article) for b in item.basis):
        errors.append(f"条款内容 {article[:30]!r} is not in any basis.article")
    stated = _own(_value(rows, n, col("stated"))) if "stated" in roles else ""
    tier = {"法律": "法律", "法规": "行政法规", "行政法规": "行政法规", "规章": "部门规章", "部门规章": "部门规章",
            "地方性法规": "地方性法规", "规范性文件": "规范性文件"}.get(_norm(stated))
    if tier and not any(b.tier == tier for b in item.basis):
        errors.append(f"依据效力 {stated!r} is not any basis.tier")
    return ("error" if errors else "normalised" if normalised else "exact"), errors


def audit_sample() -> dict[str, list]:
    grades: dict[str, list] = {"exact": [], "normalised": [], "error": []}
    for domain, item in _sample():
        grade, errors = audit(domain, item)
        grades[grade].append((item.code, errors))
    return grades


def test_the_sampled_bundle_items_hold_their_rows_values():
    grades = audit_sample()
    assert sum(len(v) for v in grades.values()) == SAMPLE
    assert grades["error"] == []
    assert len(grades["exact"]) + len(grades["normalised"]) == SAMPLE


@pytest.mark.parametrize("bad,why", [
    ({"elements": [{"name": "办理行政强制的依据"}, {"name": "程序"}]}, "split off its shared qualifier"),
    ({"deadline": "信息形成或者变更之日起20个工作日内予以公开"}, "deadline"),
    ({"elements": []}, "lost"),
    ({"name": "行政处罚"}, "name"),
    ({"note": "咨询电话: (merged)"}, "transcription mark"),
    ({"category": "05"}, "only a number"),
])
def test_the_audit_finds_a_planted_fault(bad, why):
    """The audit is able to fail: one real item with a fault laid over it."""
    items = domains.load_bundled("06").model.items
    (item,) = [i for i in items if any(e.name == "办理行政强制的依据、程序" for e in i.elements)]
    assert audit(None, item)[0] != "error"
    broken = item.model_copy(update={k: (v if k != "elements" else [type(item.elements[0])(**e) for e in v])
                                     for k, v in bad.items()})
    grade, errors = audit(None, broken)
    assert grade == "error" and any(why in e for e in errors), errors


@pytest.mark.parametrize("method,levels,why", [
    ({"audience": set()}, None, "全社会 ticked in the row"),
    ({"mode": {"依申请"}}, None, "主动 ticked in the row"),
    ({"channels": {"政府网站", "广播电视"}}, None, "channel '广播电视' is not in"),
    ({"channels": set()}, None, "lost"),
    ({}, set(), "县级 ticked in the row"),
])
def test_the_audit_finds_a_planted_tick_or_channel_fault(method, levels, why):
    (item,) = [i for i in domains.load_bundled("01").model.items if i.code == "01-01-003"]
    assert audit(None, item)[0] != "error" and item.method.channels and "县级" in item.levels
    broken = item.model_copy(update={"method": item.method.model_copy(update=method),
                                     "levels": item.levels if levels is None else levels})
    grade, errors = audit(None, broken)
    assert grade == "error" and any(why in e for e in errors), errors
