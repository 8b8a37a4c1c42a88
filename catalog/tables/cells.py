"""Cell values of a catalogue table as item fields: elements, bases, channels, ticks, options.

Each parser takes a cleaned cell and returns the values it found plus notes on what it could
not keep (a cut-off fragment, a masked entry, a channel's own wording). A cell cut off by the
end of a source excerpt (``truncated``) keeps only its complete entries; the cut-off fragment
goes to the notes, never into the data.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongkai.catalog import vocab
from gongkai.catalog.tables.header import classify, level_values, option_of
from gongkai.catalog.tables.text import (CJK, MASK, close_cjk_gaps, depth_map, numbered_parts, one_line,
                                split_top, to_simplified)


@dataclass
class Parsed:
    values: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


_TRAIL = "；;，,。、:： \n"


def _trim(text: str) -> str:
    return text.strip().strip(_TRAIL).strip()


def _cut_last(pieces: list[str], truncated: bool, label: str, notes: list[str]) -> list[str]:
    """Drop the last (cut-off) entry of a truncated cell, noting it."""
    if truncated and pieces:
        notes.append(f"{label} cut off in the source after {one_line(pieces[-1])!r}")
        return pieces[:-1]
    return pieces


def _masked(pieces: list[str], label: str, notes: list[str]) -> list[str]:
    kept = []
    for p in pieces:
        if MASK.search(p):
            notes.append(f"{label} masked in the source: {one_line(p)!r}")
        else:
            kept.append(p)
    return kept


# -- elements (定要素) ---------------------------------------------------------------------
# ● anywhere; 〇/○ only where it starts an entry (〇 is also the zero of 二〇二〇年).
_ELEMENT_MARKS = re.compile(r"●|(?:(?<=^)|(?<=[\s●;；,，、。]))[〇○]")
_BULLETS = re.compile(r"[·•]")


def _short(piece: str) -> bool:
    """An entry that reads as one element: a 《》 title or a short phrase."""
    p = _trim(piece)
    return bool(p) and (len(p) <= 10 or bool(re.fullmatch(r"《[^》]+》(\([^)]*\))?", p)))


def split_entries(text: str) -> list[tuple[str, str]]:
    """The entries of a list cell as (mark, text): ●/〇 or bullets, numbering, line breaks, ';',
    then '、' or spaces when every entry is short (a list of names, not a sentence)."""
    if _ELEMENT_MARKS.search(text):
        out, mark, start = [], "", 0
        depth = depth_map(text)
        for m in _ELEMENT_MARKS.finditer(text):
            if depth[m.start()]:
                continue
            out.append((mark, text[start:m.start()]))
            mark, start = m.group(0), m.end()
        out.append((mark, text[start:]))
        return [(mk, t) for mk, t in out if _trim(t)]
    if _BULLETS.search(text):
        return [("", p) for p, _ in split_top(text, "·•") if _trim(p)]
    numbered = numbered_parts(text)
    if numbered:
        return [("", p) for p in _under_heading(numbered) if _trim(p)]
    for seps in ("\n", ";；"):
        parts = [p for p, _ in split_top(text, seps) if _trim(p)]
        if len(parts) > 1:
            return [("", p) for p in parts]
    parts = [p for p, _ in split_top(text, "、") if _trim(p)]
    if len(parts) > 1 and _plain_list(parts):
        return [("", p) for p in parts]
    parts = [p for p, _ in split_top(text, " ") if _trim(p)]
    if len(parts) > 1 and all(_short(p) for p in parts):
        return [("", p) for p in parts]
    return [("", text)] if _trim(text) else []


def _plain_list(parts: list[str]) -> bool:
    """A 、 list of separate elements ("文件名称、文号、发布部门"), not one phrase whose qualifier the
    entries share: "与救灾有关的法律、法规", "办理行政强制的依据、程序", "新办、变更、注销的办理情况",
    "学校、学生、教师数据统计信息", "公示、任免、招录招聘等" each stay one element."""
    if not all(_short(p) for p in parts):
        return False
    words = [_trim(p) for p in parts if not re.fullmatch(r"《[^》]+》(\([^)]*\))?", _trim(p))]
    if not words:
        return True
    if any("的" in w for w in words) or re.search(r"等\S{0,2}$", words[-1]):
        return False
    lengths = [len(w) for w in words]
    return max(lengths) <= 2 * min(lengths) + 2


def _under_heading(parts: list[str]) -> list[str]:
    """A numbered list under a heading ("一般公共预算:①…②…"): the heading qualifies each entry
    instead of becoming an element of its own (entries that already name it are kept as they are)."""
    lead = _trim(parts[0]) if parts else ""
    if not lead or not re.search(r"[:：]\s*$", parts[0]) or "包括" in lead or len(lead) > 20:
        return parts
    return [""] + [p if lead in p or not _trim(p) else f"{lead}:{_trim(p)}" for p in parts[1:]]


def parse_elements(text: str, truncated: bool = False) -> Parsed:
    """公开内容(要素) as elements; ● required, 〇/○ optional (unmarked: required)."""
    out = Parsed()
    entries = split_entries(text)
    if truncated and entries:
        out.notes.append(f"公开内容 cut off in the source after {one_line(entries[-1][1])!r}")
        entries = entries[:-1]
    seen = set()
    for mark, piece in entries:
        # "1 受理部门", and "1.受理部门" where the page shows only the first entry of a list
        name = re.sub(rf"^\d{{1,3}}(\s+|\s*[.．、]\s*)(?=[{CJK}])", "", close_cjk_gaps(one_line(_trim(piece))))
        if not name or name in seen:
            continue
        if MASK.search(name):
            out.notes.append(f"公开内容 masked in the source: {name!r}")
            continue
        seen.add(name)
        out.values.append({"name": name, "required": mark not in ("〇", "○")})
    return out


# -- bases (公开依据) -----------------------------------------------------------------------
_PREFIX = re.compile(r"【([^】]{1,12})】")
_ARTICLE = re.compile(r"第[一二三四五六七八九十百千零〇两\d]+条")
_LEAD_NUMBER = re.compile(r"^\d{1,2}\s*[.．、]?\s*(?=[《【])")


def _segments(line: str) -> list[tuple[str, str]]:
    """A line of a basis cell in segments (text, separator-before): on top-level 、 ; ，, at
    "》《" and ")《" junctions, and at spaces after a closing 》 or )."""
    depth = depth_map(line)
    cuts: list[tuple[int, int, str]] = []   # (start of separator, end of separator, separator)
    i = 0
    while i < len(line):
        ch = line[i]
        if depth[i] == 0:
            if ch in "、;；":
                cuts.append((i, i + 1, ch))
            elif ch in "，," and re.match(r"\s*[《【]", line[i + 1:]):
                cuts.append((i, i + 1, ch))
            elif ch.isspace():
                j = i
                while j < len(line) and line[j].isspace():
                    j += 1
                before = line[:i].rstrip()[-1:] if line[:i].strip() else ""
                after = line[j:j + 1]
                if before in "》)）】" and after and (after in "《【" or re.match(f"[{CJK}]", after)
                                                  or re.match(r"\d{1,2}\s*[.．、]?\s*[《【]", line[j:])):
                    cuts.append((i, j, " "))
                elif after in "《【" and before:
                    cuts.append((i, j, " "))
                i = j
                continue
            elif ch in "《【" and i > 0 and line[i - 1] in "》)）。" and depth[i - 1] == 0:
                cuts.append((i, i, ""))
        i += 1
    out, start, sep = [], 0, ""
    for a, b, s in cuts:
        out.append((line[start:a], sep))
        start, sep = b, s
    out.append((line[start:], sep))
    return [(t, s) for t, s in out if t.strip() or s]


def parse_basis(text: str, truncated: bool = False) -> Parsed:
    """公开依据 as bases: one per law or document, with its 【法律】-style tier and article."""
    out = Parsed()
    entries = [p for _, p in split_entries_basis(text)]
    pieces: list[tuple[str, str]] = []
    for entry in entries:
        for line, _ in split_top(entry, "\n"):
            pieces.extend(_segments(line))
    pieces = [(t, s) for t, s in pieces if _trim(t) or t.strip()]
    if truncated and pieces:
        out.notes.append(f"公开依据 cut off in the source after {one_line(pieces[-1][0])!r}")
        pieces = pieces[:-1]
    tier: str | None = None
    for raw, sep in pieces:
        piece = raw.strip()
        m = _PREFIX.match(piece)
        if m:
            tier = vocab.TIER_PREFIXES.get(m.group(1))
            piece = piece[m.end():].strip()
        piece = _LEAD_NUMBER.sub("", piece).strip().strip("●·").strip()
        piece = _trim(piece)
        if not piece or re.fullmatch(r"\d{1,2}\s*[.．、]?", piece):
            continue
        if MASK.search(piece):
            out.notes.append(f"公开依据 masked in the source: {piece!r}")
            continue
        last = out.values[-1] if out.values else None
        if last is not None and last.get("article") and "《" not in piece and sep in "、，,;；":
            last["article"] += sep + piece           # an article's text goes on past a 、
            continue
        if _ARTICLE.match(piece) and last is not None:
            last["article"] = piece if not last.get("article") else last["article"] + sep + piece
            continue
        title, article = piece, None
        depth = depth_map(piece)
        for am in _ARTICLE.finditer(piece):
            if depth[am.start()] == 0 and am.start() > 0:
                title, article = piece[:am.start()].strip(), piece[am.start():].strip()
                break
        quoted = re.search(r"[(（](第[一二三四五六七八九十百千零〇两\d]+条[^()（）]*(?:[(（][^()（）]*[)）][^()（）]*)*)[)）]$",
                           title) if article is None else None
        if quoted and "《" in title[:quoted.start()]:
            title, article = title[:quoted.start()].strip(), quoted.group(1)
        entry = {"title": one_line(title)}
        if article:
            entry["article"] = one_line(article)
        if m and tier:
            entry["tier"] = tier
        out.values.append(entry)
        if not m:
            tier = None
    return out


def place_articles(bases: list[dict], articles: list[str], tiers: list[str], notes: list[str]) -> None:
    """条款内容 and 依据效力 columns into ``basis.article`` and ``basis.tier``.

    An article cell names its document ("《中华人民共和国政府信息公开条例》第二十条(十二)…") and
    goes to that basis (added when the 公开依据 cell lacks it); one without a title goes to the only
    basis. A stated tier (法规, 规范性文件) goes to the bases the articles name, or to the only
    basis; what cannot be placed stays in the note."""
    named: list[dict] = []
    for text in articles:
        for entry in parse_basis(text).values:
            if "article" not in entry and _ARTICLE.match(entry["title"]):
                entry = {"title": "", "article": entry["title"]}
            target = _same_basis(bases, entry["title"]) if entry["title"] else (bases[0] if len(bases) == 1 else None)
            if target is None and not entry["title"]:
                notes.append(f"条款内容: {one_line(text)}")
                continue
            if target is None:
                target = {"title": entry["title"]}
                bases.append(target)
            if entry.get("article") and entry["article"] not in (target.get("article") or ""):
                target["article"] = "；".join(x for x in (target.get("article"), entry["article"]) if x)
            named.append(target)
    for text in tiers:
        tier = vocab.TIER_PREFIXES.get(re.sub(r"[【】\s]", "", text)) if text else None
        targets = named or (bases[:1] if len(bases) == 1 else [])
        if tier and targets:
            for b in targets:
                b["tier"] = tier
        elif text:
            notes.append(f"依据效力: {text}")


def _same_basis(bases: list[dict], title: str) -> dict | None:
    from gongkai.catalog.basis_tiers import document_name

    name = document_name(title)[0]
    return next((b for b in bases if document_name(b["title"])[0] == name), None)


def split_entries_basis(text: str) -> list[tuple[str, str]]:
    """Bases split on ●/bullets and numbering first (each entry may hold several titles)."""
    if _ELEMENT_MARKS.search(text) or _BULLETS.search(text):
        parts = re.split(r"[●〇○·•]", text)
        return [("", p) for p in parts if p.strip()]
    numbered = numbered_parts(text)
    if numbered:
        return [("", p) for p in numbered if p.strip()]
    return [("", text)]


# -- channels (公开渠道和载体) ----------------------------------------------------------------
_ON = "■◆▲☑▄√✓✔●?"
_OFF = "□☐£○"
_STD_SLASH = re.compile(r"^(社区|村居|村)?[/、]?(企事业单位)?[/、]?(村)?(公示栏|公告栏|公开栏)(\(电子屏\))?$")
_ALIASES: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"^(?!.*部门).*政府(门户)?网站?$"), "政府网站"),
    (re.compile(r"^政府公报$"), "政府公报"),
    (re.compile(r"^(两微一端|一微一端|政务新媒体|新媒体|政务微博|政务微信|微信公众号|微博)$|公众号$"), "两微一端"),
    (re.compile(r"^(新闻)?发布会/?(听证会)?$|^听证会$"), "发布会/听证会"),
    (re.compile(r"^广播电视$"), "广播电视"),
    (re.compile(r"^纸质(媒体|载体)$|^报刊$"), "纸质媒体"),
    (re.compile(r"^(政府)?(信息)?公开查阅点(/政务公开专区)?$|^政务公开专区$"), "公开查阅点"),
    (re.compile(r"^(政务|政府|行政)服务(中心|大厅)$"), "政务服务中心"),
    (re.compile(r"^便民服务站$"), "便民服务站"),
    (re.compile(r"^[入人]户/?现场(宣传)?$"), "入户/现场"),
    (re.compile(r"^精准推送$"), "精准推送"),
)
_URL = re.compile(r"[:：]?\s*https?://\S+")


def channel_label(text: str) -> tuple[str, str | None]:
    """(standard channel or the wording as it is, detail) for one channel entry.

    Only clearly equal wordings map to the 13 standard channels (政府服务中心 → 政务服务中心,
    村居/企事业单位公示栏 → 社区/企事业单位/村公示栏(电子屏)); others stay as written so that the
    rules engine can report them. "其他:办税服务厅" is 其他 with its detail."""
    s = re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")").replace("⁄", "/").strip("_")
    s = s.rstrip("等").strip(_TRAIL)
    for candidate in (s, to_simplified(s)):
        if candidate in vocab.CHANNELS:
            return candidate, None
        other = re.match(r"^其他[:：_]?(.*)$", candidate)
        if other:
            return "其他", other.group(1).strip("_:： ") or None
        if "/" not in candidate.replace("入户/现场", "").replace("发布会/听证会", "") or _STD_SLASH.match(candidate):
            if re.search(r"示栏|公告栏|公开栏|宣传栏|电子屏", candidate):
                return "社区/企事业单位/村公示栏(电子屏)", None
        for pattern, standard in _ALIASES:
            if pattern.search(candidate):
                return standard, None
    return text.strip(), None


def _mark_positions(text: str) -> list[tuple[int, str]]:
    marks = []
    for i, ch in enumerate(text):
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else ""
        if ch in _ON + _OFF and ch not in "√✓✔":
            marks.append((i, "on" if ch in _ON else "off"))
        elif ch == "口" and (before.isspace() or before in ";；,，:：。" or i == 0) and after:
            marks.append((i, "off"))
        elif ch == "R" and (i == 0 or before.isspace()) and re.match(f"[{CJK}]", after):
            marks.append((i, "on"))       # font debris for ■ in some copies
    return marks


def parse_marked(text: str) -> list[tuple[str, str]] | None:
    """A checkbox list "■政府网站 □政府公报 …" as (label, on|off|unmarked); None without marks."""
    marks = _mark_positions(text)
    if not marks:
        return None
    out = []
    lead = text[: marks[0][0]].strip()
    for part in re.split(r"[;；]", lead):
        if part.strip():
            out.append((part.strip(), "unmarked"))
    for (pos, state), nxt in zip(marks, marks[1:] + [(len(text), "")]):
        # "■政府网站 其他:办税服务厅", "…;国家档案馆;口精准推送": the words after a box's label
        # have no box of their own; "□其他 基层公共服务平台" is one entry with its detail.
        segment = text[pos + 1: nxt[0]]
        tokens = _join_parens([t.strip() for t, _ in split_top(segment, ";； \t\n") if t.strip(" ,，:：。")])
        if tokens and tokens[0].startswith("其他") and len(tokens) > 1:
            tokens = [tokens[0] + ":" + " ".join(tokens[1:])]
        for k, token in enumerate(tokens):
            out.append((token.strip(" ,，:：。"), state if k == 0 else "unmarked"))
    return out


def _join_parens(tokens: list[str]) -> list[str]:
    """Rejoin "(电子屏)" or ")" split off by a space: "村公示栏 (电子屏)"."""
    out: list[str] = []
    for t in tokens:
        if out and t[:1] in "()（）":
            out[-1] += t
        else:
            out.append(t)
    return out


def parse_channels(text: str, truncated: bool = False) -> Parsed:
    """公开渠道和载体 as a set of channels (standard names where the wording clearly is one)."""
    out = Parsed()
    text, _, remark = text.partition("注:") if "注:" in text else text.partition("注：")
    if remark.strip():
        out.notes.append(f"公开渠道和载体备注：{one_line(remark)}")
    urls = _URL.findall(text)
    if urls:
        text = _URL.sub("", text)
        out.notes.append("公开渠道和载体链接：" + "，".join(u.strip(":： ") for u in urls))
    marked = parse_marked(text)
    if marked is not None:
        entries = marked
    else:
        entries = []
        pieces = _join_parens([p.strip() for p, _ in split_top(text, "、;；,，\n ") if p.strip()])
        for piece in pieces:
            piece = re.sub(r"^\d{1,2}\s*[.．、]\s*", "", piece)
            if not piece:
                continue
            label, _ = channel_label(piece)
            if label not in vocab.CHANNELS and "/" in piece:
                entries.extend((p, "on") for p in piece.split("/") if p.strip())
            else:
                entries.append((piece, "on"))
    if truncated and entries:
        out.notes.append(f"公开渠道和载体 cut off in the source after {entries[-1][0]!r}")
        entries = entries[:-1]
    for label, state in entries:
        if MASK.search(label):
            if state != "off":
                out.notes.append(f"公开渠道和载体 masked in the source: {label!r}")
            continue
        if state == "unmarked":
            out.notes.append(f"公开渠道和载体 entry without a box mark: {label!r}")
            continue
        if state != "on":
            continue
        name, detail = channel_label(label)
        if name and name not in out.values:
            out.values.append(name)
        if detail:
            out.notes.append(f"其他渠道：{detail}")
    return out


# -- ticks and options ----------------------------------------------------------------------
TICKS = set("√✓✔☑■◆●▲★✅") | {"是", "Y", "y", "v", "V"}
NOT_TICKED = {"", "□", "☐", "口", "?", "？", "×", "否", "N", "n", "/", "—", "-", "无"}


def is_tick(text: str) -> bool:
    return text.strip() in TICKS


def parse_group_text(group: str, text: str, options: tuple[str, ...] = ()) -> Parsed:
    """A cell of a whole-group column (公开对象 / 公开方式 / 公开层级 / 五公开): words such as
    "全社会", "主动公开", "区级", a checkbox list "□决策 ■结果", or a bare tick that cannot say
    which option it stands for (unless the header lists only one)."""
    out = Parsed()
    s = text.strip()
    if not s or s in NOT_TICKED:
        return out
    marked = parse_marked(s)
    if marked is not None:
        for label, state in marked:
            if state == "on":
                out.values.extend(_option_values(group, label))
        return out
    if is_tick(s):
        if len(options) == 1:
            out.values.extend(_option_values(group, options[0]))
        else:
            shown = " / ".join(options) if options else group
            out.notes.append(f"tick under {shown} without its column")
        return out
    words = [w for w in re.split(r"[、,，;；/\s]+", s) if w]
    for word in words:
        values = _option_values(group, word)
        if values:
            out.values.extend(values)
    if group == "audience" and not out.values:
        # the template's 特定群体(请写明): the group is named in words ("法律援助申请人")
        out.values.append("特定群体")
        out.notes.append(f"公开对象 特定群体: {s}")
        return out
    for word in words:
        if not _option_values(group, word):
            out.notes.append(f"{_GROUP_LABELS[group]}: {word}")
    return out


_GROUP_LABELS = {"audience": "公开对象", "mode": "公开方式", "levels": "公开层级", "stages": "五公开"}


def _option_values(group: str, word: str) -> list[str]:
    w = re.sub(r"\s+", "", word)
    if group == "levels":
        return sorted(level_values(w) or level_values(to_simplified(w)))
    found = option_of(w) or option_of(to_simplified(w))
    if found and found[0] == group:
        return sorted(found[1])
    return []


def parse_tick_cell(group: str, values: frozenset[str], text: str, label: str) -> Parsed:
    """One option's tick cell: √ (ticked), blank, or words (a 特定群体 cell naming the group:
    ticked, the words kept in the note; a 层级 cell saying 县级 names the level itself)."""
    out = Parsed()
    s = text.strip()
    if not s or s in NOT_TICKED:
        return out
    if is_tick(s):
        out.values.extend(sorted(values))
        return out
    if group == "levels":
        named = _option_values("levels", s)
        if named:
            out.values.extend(named)
            return out
    named = _option_values(group, s)
    if named:
        out.values.extend(named)
        return out
    tokens = s.split()
    if any(is_tick(t) for t in tokens) or group in ("audience",):
        out.values.extend(sorted(values))
    words = " ".join(t for t in tokens if not is_tick(t))
    if words:
        out.notes.append(f"{label}: {words}")
    return out


def parse_run_ticks(text: str, columns: list[str], truncated: bool = False) -> Parsed:
    """Tick cells run together ("√ √ √"): their columns cannot be told apart unless every
    column is ticked. The ticks and any words among them are kept in the note; words alone
    where a 特定群体 column stands name that group ("法律援助申请人…"): ticked, the words kept."""
    out = Parsed()
    s = text.strip()
    tokens = s.split()
    ticks = [t for t in tokens if is_tick(t)]
    words = [t for t in tokens if not is_tick(t) and t not in NOT_TICKED]
    if not ticks and not words:
        return out
    groups = {classify(label).group for label in columns} if columns else {"audience"}
    if not ticks and "audience" in groups and not any(option_of(w) or level_values(w) for w in words):
        out.values.append(("audience", ["特定群体"]))
        out.notes.append(f"公开对象 特定群体: {s}" + (" (cut off in the source)" if truncated else ""))
        return out
    if columns and len(ticks) == len(columns) and not words:
        for label in columns:
            col = classify(label)
            if col.kind == "tick":
                out.values.append((col.group, sorted(col.values)))
        return out
    where = f" over {' / '.join(columns)}" if columns else ""
    out.notes.append(f"ticks as stored: {s}{where} (columns not recoverable)")
    return out


def parse_process(text: str) -> list[str]:
    parts = re.split(r"\s*(?:→|->|—>|⇒)\s*", text) if re.search("→|->|—>|⇒", text) else \
        [p for p, _ in split_top(text, "、;；\n")]
    return [_trim(p) for p in parts if _trim(p)]


def parse_origin(text: str) -> dict | None:
    s = text.strip()
    m = re.match(r"^(本地|地方|local)[:：\s]*(.*)$", s, re.S)
    if m:
        return {"kind": "local", "reason": m.group(2).strip() or None}
    if s in ("标准", "standard", "国家标准"):
        return {"kind": "standard"}
    return None
