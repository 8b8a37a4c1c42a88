"""BAS — 依据分级: basis titles well-formed, tiered, and not corrupted."""
from __future__ import annotations

import re
from functools import lru_cache

from gongkai.rules.engine.finding import Flag
from gongkai.rules.engine.registry import family, rule

family("BAS", "依据分级 basis")

# Words that real laws do not contain but spam mirrors of government pages swap in
# (notes/domain.md: 《中华人民共和国飞禽走兽老虎机条例》).
SPAM_WORDS = ("老虎机", "飞禽走兽", "百家乐", "博彩", "赌场", "娱乐城", "棋牌", "时时彩", "六合彩", "真人视讯",
              "彩票网", "体育投注", "电子游艺", "捕鱼", "澳门", "威尼斯人", "皇冠", "开户", "注册送")
_URL = re.compile(r"https?://|www\.|\.com\b|\.net\b", re.I)
_SPAM = re.compile("|".join(map(re.escape, SPAM_WORDS)))
# Closing bracket → its opener; half- and full-width parentheses count as one kind.
_OPENER = {"》": "《", "〕": "〔", "）": "(", ")": "(", "〉": "〈", "]": "[", "】": "【"}
_OPENERS = {"《", "〔", "(", "〈", "[", "【"}


@lru_cache(maxsize=1 << 14)  # basis titles repeat across items
def bracket_error(text: str) -> str | None:
    """The first misplaced bracket in text, or None when every bracket closes in order."""
    stack: list[str] = []
    for ch in text.replace("（", "("):
        if ch in _OPENERS:
            stack.append(ch)
        elif ch in _OPENER:
            if not stack or stack[-1] != _OPENER[ch]:
                return ch
            stack.pop()
    return stack[-1] if stack else None


@lru_cache(maxsize=1 << 14)
def _corruption(title: str) -> tuple[list[str], bool]:
    return _SPAM.findall(title), bool(_URL.search(title))


@rule("BAS001", "basis-title-form", severity="warning", scope="item")
def basis_title_form(item, ctx, domain):
    """A basis does not name a document in 《…》.

    Why: 依据分级 needs an identifiable document; "相关规定" or "信息公开规定" cannot be
    tiered, checked for validity or followed when it changes.
    Fails: `basis = [{title = "信息公开规定"}]`.
    Passes: `basis = [{title = "《中华人民共和国政府信息公开条例》"}]`.
    """
    for b in item.basis:
        if "《" not in b.title:
            yield Flag(f"basis {b.title!r} names no document in 《…》", zh=f"公开依据“{b.title}”没有用《》写出文件名称", field="basis")


@rule("BAS002", "basis-brackets", severity="warning", scope="item")
def basis_brackets(item, ctx, domain):
    """A basis title has unbalanced or misnested brackets (《》, 〔〕, （）).

    Why: unbalanced brackets mark a cut or mis-copied title ("(民发〔2018)23号〕"); such a title
    does not match the same law elsewhere, so 动态调整 misses it.
    Fails: `title = "《民政部 财政部关于进一步加强和改进临时救助工作的意见》(民发〔2018)23号〕"`.
    Passes: `title = "《民政部 财政部关于进一步加强和改进临时救助工作的意见》(民发〔2018〕23号)"`.
    """
    for b in item.basis:
        bad = bracket_error(b.title)
        if bad:
            yield Flag(f"misplaced or unclosed {bad!r} in basis {b.title!r}", zh=f"公开依据“{b.title}”中的括号“{bad}”位置不对或未闭合", field="basis")


@rule("BAS003", "basis-corrupted", severity="error", scope="item")
def basis_corrupted(item, ctx, domain):
    """A basis title is corrupted: gambling-spam words or a web address inside a law title.

    Why: scraped copies of catalogues come from spam mirrors that swap words into law titles
    (seen: 《中华人民共和国飞禽走兽老虎机条例》 for 《中华人民共和国政府信息公开条例》); such rows
    must not enter a catalogue.
    Fails: `title = "《中华人民共和国飞禽走兽老虎机条例》"`.
    Passes: `title = "《中华人民共和国政府信息公开条例》"`.
    """
    for b in item.basis:
        words, url = _corruption(b.title)
        if words or url:
            yield Flag(f"basis title looks corrupted ({'、'.join(words) or 'web address'}): {b.title!r}", zh=f"公开依据名称疑似被篡改（{'、'.join(words) or '网址'}）：{b.title}", hint_zh="请从官方来源复制文件名称，不要用镜像网站",
                       field="basis", hint="copy the title from the official source, not a mirror")


@rule("BAS004", "basis-tier-unknown", severity="info", scope="item")
def basis_tier_unknown(item, ctx, domain):
    """No basis tier could be inferred (依据分级 其他) and none was given.

    Why: 依据分级 ranks 法律 > 行政法规 > 地方性法规 / 部门规章 > 地方政府规章 > 规范性文件; an
    untiered basis cannot be ranked. Set `tier` by hand where the title does not say.
    Fails: `basis = [{title = "各地相关政策法规文件"}]`.
    Passes: `basis = [{title = "各地相关政策法规文件", tier = "规范性文件"}]` or a title in 《…》.
    """
    for b in item.basis:
        if b.tier == "其他":
            yield Flag(f"tier of basis {b.title!r} unknown", zh=f"无法判断公开依据“{b.title}”的效力层级", hint_zh="添加 tier = 法律 | 行政法规 | 地方性法规 | 部门规章 | 地方政府规章 | 规范性文件", field="basis",
                       hint="add tier = 法律 | 行政法规 | 地方性法规 | 部门规章 | 地方政府规章 | 规范性文件")


@rule("BAS005", "basis-abbreviated", severity="info", scope="item")
def basis_abbreviated(item, ctx, domain):
    """A basis uses an abbreviated law title (《信息公开条例》 for 《中华人民共和国政府信息公开条例》).

    Why: the item graph finds the items a law change affects by title; abbreviations split one
    law into several nodes.
    Fails: `title = "《信息公开条例》及相关规定"`.
    Passes: `title = "《中华人民共和国政府信息公开条例》"`.
    """
    for b in item.basis:
        if "《信息公开条例》" in b.title or "《政府信息公开条例》" in b.title:
            yield Flag(f"abbreviated title {b.title!r}", zh=f"文件名称为简称：{b.title}", hint_zh="写全称《中华人民共和国政府信息公开条例》", field="basis",
                       hint="write 《中华人民共和国政府信息公开条例》")
