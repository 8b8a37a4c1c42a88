"""Cells of a disclosure-record export: column names, dates, channels and element lists.

Content systems (CMS) export with English or Chinese headers and many spellings of each
(事项编码 / 目录编码, 发布日期 / 发布时间 / 公开日期 …); dates come as 2026-03-05, 2026/3/5,
2026年3月5日 or with a time behind them. Everything here is pure: a cell in, a value or a
reason out.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from gongkai.catalog import vocab

# Canonical field → header spellings seen in CMS exports (compared after ``header_key``).
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("code", "item_code", "事项编码", "事项代码", "事项编号", "目录编码", "目录编号", "标准目录编码",
             "公开事项编码", "编码"),
    "title": ("title", "信息标题", "标题", "信息名称", "文章标题", "文件名称", "公开信息名称", "名称"),
    "formed_on": ("formed_on", "formed", "formation_date", "形成日期", "信息形成日期", "形成或变更日期",
                  "形成时间", "生成日期", "成文日期", "制作日期", "获取日期", "变更日期"),
    "published_on": ("published_on", "published", "publish_date", "publication_date", "发布日期", "发布时间",
                     "公开日期", "公开时间", "上网日期", "上网时间"),
    "channels": ("channel", "channels", "发布渠道", "公开渠道", "公开渠道和载体", "公开载体", "渠道", "发布平台"),
    "url": ("url", "link", "href", "链接", "网址", "链接地址", "访问地址", "原文链接", "信息链接"),
    "elements": ("elements", "公开要素", "公开内容要素", "已公开要素", "公开内容", "要素"),
    "dept": ("dept", "department", "发布机构", "发布单位", "公开主体", "信息来源", "来源单位", "部门", "单位"),
}


def header_key(text: object) -> str:
    """A header reduced to what identifies it: NFKC, lower case, no spaces, marks or punctuation."""
    s = unicodedata.normalize("NFKC", str(text or "")).lower()
    return re.sub(r"[\W_]+", "", s)


_REMARK = re.compile(r"[(\[【][^)\]】]*[)\]】]")
_BY_KEY = {header_key(v): field for field, variants in COLUMNS.items() for v in variants}


def column_field(header: object) -> str | None:
    """The canonical field a header names, or None. "发布日期(必填)" and "公开内容(要素)" are understood."""
    if header is None:
        return None
    text = unicodedata.normalize("NFKC", str(header)).strip().lstrip("*")
    found = _BY_KEY.get(header_key(text))
    if found is None:  # a remark in brackets: 发布日期（YYYY-MM-DD）, 形成(变更)日期
        found = _BY_KEY.get(header_key(_REMARK.sub("", text)))
    return found


# -- dates ------------------------------------------------------------------------------
_BLANK = {"", "-", "—", "——", "/", "无", "未发布", "未公开", "none", "null", "n/a"}
_ISO = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})")
_CN = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_TIME = r"(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
DATE_EXPECTED = "a date such as 2026-03-05 or 2026年3月5日"


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and unicodedata.normalize("NFKC", value).strip().lower() in _BLANK)


def parse_date(value: object) -> tuple[date | None, str | None]:
    """(date, None), (None, None) for a blank cell, or (None, reason)."""
    if is_blank(value):
        return None, None
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    if isinstance(value, (int, float)):
        return None, f"{value!r} is a number, not a date (format the column as dates or text)"
    text = unicodedata.normalize("NFKC", str(value)).strip()
    for pattern in (_ISO, _CN):
        m = re.fullmatch(pattern.pattern + _TIME, text)
        if m:
            y, mo, d = map(int, m.groups())
            try:
                return date(y, mo, d), None
            except ValueError:
                return None, f"{text!r} is not a day of the calendar"
    return None, f"{text!r} is not a date"


# -- channels ---------------------------------------------------------------------------
# Local names of the 13 standard channels, as CMS exports and catalogues write them.
CHANNEL_SYNONYMS = {
    "政府网站": ("门户网站", "政府门户网站", "网站", "政务网站", "部门网站", "政府信息公开平台", "信息公开平台",
             "政府信息公开专栏", "政务公开专栏"),
    "政府公报": ("公报",),
    "两微一端": ("政务微博", "政务微信", "微博", "微信", "微信公众号", "公众号", "客户端", "政务新媒体", "新媒体", "app"),
    "发布会/听证会": ("发布会", "新闻发布会", "听证会"),
    "广播电视": ("广播", "电视"),
    "纸质媒体": ("报纸", "报刊", "纸质载体"),
    "公开查阅点": ("查阅点", "信息公开查阅点", "政府信息公开查阅点", "查阅室"),
    "政务服务中心": ("行政服务中心", "政务大厅", "政务服务大厅", "便民服务中心"),
    "便民服务站": ("便民服务点",),
    "入户/现场": ("入户", "现场"),
    "社区/企事业单位/村公示栏(电子屏)": ("公示栏", "公开栏", "村务公开栏", "社区公示栏", "电子屏", "社区/企事业单位",
                                "村公示栏(电子屏)", "村公示栏", "社区/企事业单位、村公示栏(电子屏)"),
    "精准推送": ("推送", "短信"),
}
_CHANNEL_KEY = {header_key(c): c for c in vocab.CHANNELS}
_CHANNEL_KEY.update({header_key(s): c for c, syns in CHANNEL_SYNONYMS.items() for s in syns})


def channel_name(text: str) -> str:
    """The standard name of a channel, or the text itself (NFKC, trimmed) when it is not known."""
    text = unicodedata.normalize("NFKC", text).strip()
    return _CHANNEL_KEY.get(header_key(text), text)


def split_channels(value: object) -> list[str]:
    """A channel cell as standard channel names, in vocabulary order, without duplicates.

    '/' is not a separator: it is part of 发布会/听证会 and 入户/现场.
    """
    if is_blank(value):
        return []
    if isinstance(value, (list, tuple)):
        parts = [str(v) for v in value]
    else:
        text = unicodedata.normalize("NFKC", str(value))
        whole = _CHANNEL_KEY.get(header_key(text))
        parts = [whole] if whole else re.split(r"[、,;|\n]+", text)
    names = {channel_name(p) for p in parts if p.strip()}
    return vocab.vocab_order(names, vocab.CHANNELS)


# -- elements ---------------------------------------------------------------------------
_OPEN, _CLOSE = "《(【[“", "》)】]”"
_NUMBERING = re.compile(r"^(?:\d+[.、)]|[①-⑳]|[(]\d+[)])\s*")
_BARE_NUMBER = re.compile(r"\d+[.)]?|[①-⑳]")


def split_elements(value: object) -> list[str]:
    """An elements cell as a list: split on 、 ; , | and line breaks, but not inside 《》 or brackets."""
    if is_blank(value):
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    text = unicodedata.normalize("NFKC", str(value))
    out, current, depth = [], [], 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and ch in "、,;|\n":
            out.append("".join(current))
            current = []
        else:
            current.append(ch)
    out.append("".join(current))
    cleaned = (_NUMBERING.sub("", p.strip()).strip() for p in out)
    return [p for p in cleaned if p and not _BARE_NUMBER.fullmatch(p)]   # "1、办理事项" leaves a bare "1"


def element_key(text: str) -> str:
    """An element name for comparison: NFKC, no punctuation, marks or spaces (《办法》 = 办法)."""
    return header_key(text)
