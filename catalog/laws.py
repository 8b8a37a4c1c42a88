"""政策汇编: every law and document a catalogue cites, by tier (法律 → 规范性文件 → 其他), with
the items citing each and the articles they quote.

Titles are grouped by the item graph's normalisation (``item_graph.law_keys``), so
《中华人民共和国土地管理法》 and 《土地管理法》 are one entry, shown under its fullest title.
An entry's anchor is derived from that key, so links to it stay the same when other laws
are added or removed.
"""
from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional

from gongkai.catalog import vocab
from gongkai.catalog.item_graph import law_keys
from gongkai.catalog.model import Item

_ARTICLE_AFTER = re.compile(r"》\s*(第[一二三四五六七八九十百千零〇两\d]+条.*)$")


@dataclass(frozen=True)
class Citation:
    code: str
    label: str
    domain: str          # "19 社会救助"
    article: str         # 第二十六条, or ""


@dataclass
class Law:
    key: str             # normalised title (the item graph's basis node)
    titles: Counter = field(default_factory=Counter)
    tiers: Counter = field(default_factory=Counter)
    citations: list[Citation] = field(default_factory=list)

    @property
    def title(self) -> str:
        # the fullest spelling cited (《中华人民共和国X法》 over 《X法》), ties broken by text
        return max(self.titles, key=lambda t: (len(t), t))

    @property
    def tier(self) -> str:
        return max(self.tiers, key=lambda t: (self.tiers[t], -vocab.TIERS.index(t)))

    @property
    def anchor(self) -> str:
        return "L" + hashlib.sha1(self.key.encode("utf-8")).hexdigest()[:10]

    @property
    def articles(self) -> list[str]:
        """The articles quoted, in the law's own order (第五条 before 第八十六条)."""
        return sorted({c.article for c in self.citations if c.article}, key=article_order)


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_FIRST_NUMBER = re.compile(r"第([一二三四五六七八九十百千零〇两\d]+)条")


def chinese_number(text: str) -> int:
    """二百零一 → 201, 十二 → 12, 86 → 86."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            total += (digit or 1) * _UNITS[ch]
            digit = 0
    return total + digit


def article_order(article: str) -> tuple[int, str]:
    m = _FIRST_NUMBER.search(article)
    return (chinese_number(m.group(1)) if m else 10**6, article)


def article_of(title: str, article: Optional[str]) -> str:
    if article:
        return article.strip()
    m = _ARTICLE_AFTER.search(title.strip())
    return m.group(1).strip() if m else ""


def compile_laws(entries: Iterable[tuple[str, str, Item]]) -> list[Law]:
    """Laws of (domain code, domain name, item) entries — pass each item as it stands in force —
    in tier order, then by title."""
    laws: dict[str, Law] = {}
    for code, name, item in entries:
        for b in item.basis:
            keys = law_keys(b.title)
            for key in keys:
                law = laws.setdefault(key, Law(key))
                one = len(keys) == 1
                law.titles[b.title.strip() if one and "《" in b.title else f"《{key}》"] += 1
                law.tiers[(b.tier if one else None) or vocab.infer_tier(f"《{key}》")] += 1
                law.citations.append(Citation(item.code, item.label, f"{code} {name}",
                                              article_of(b.title, b.article) if one else ""))
    for law in laws.values():
        law.citations.sort(key=lambda c: (c.code, article_order(c.article)))
    return sorted(laws.values(), key=lambda l: (vocab.TIERS.index(l.tier), l.title, l.key))


def by_tier(laws: list[Law]) -> list[tuple[str, list[Law]]]:
    return [(t, [l for l in laws if l.tier == t]) for t in vocab.TIERS if any(l.tier == t for l in laws)]


def summary(laws: list[Law]) -> str:
    cites = sum(len(l.citations) for l in laws)
    return f"{len(laws)} 部法律法规和文件，被 {len({c.code for l in laws for c in l.citations})} 个事项引用 {cites} 次"


# -- documents ---------------------------------------------------------------------------------
def to_markdown(laws: list[Law], title: str) -> str:
    out = [f"# {title}", "", summary(laws), ""]
    for tier, group in by_tier(laws):
        out += [f"## {tier}（{len(group)}）", ""]
        for n, law in enumerate(group, 1):
            out.append(f"### {n}. {law.title}")
            out.append("")
            if law.articles:
                out += ["引用条款：" + "、".join(law.articles), ""]
            out += [f"- {c.code} {c.label}（{c.domain}）" + (f" {c.article}" if c.article else "")
                    for c in law.citations]
            out.append("")
    return "\n".join(out)


def to_html(laws: list[Law], title: str) -> str:
    """A standalone printable page (the site renders its own pages from the same Law objects)."""
    e = html.escape
    parts = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{e(title)}</title><style>{_CSS}</style></head><body><main>",
             f"<h1>{e(title)}</h1>", f"<p>{e(summary(laws))}</p>"]
    for tier, group in by_tier(laws):
        parts.append(f"<section><h2>{e(tier)}（{len(group)}）</h2>")
        for law in group:
            parts.append(f'<article id="{law.anchor}"><h3>{e(law.title)}</h3>')
            if law.articles:
                parts.append(f"<p>引用条款：{e('、'.join(law.articles))}</p>")
            parts.append('<table><thead><tr><th scope="col">事项编码</th><th scope="col">事项</th>'
                         '<th scope="col">领域</th><th scope="col">条款</th></tr></thead><tbody>')
            parts += [f"<tr><td>{e(c.code)}</td><td>{e(c.label)}</td><td>{e(c.domain)}</td>"
                      f"<td>{e(c.article)}</td></tr>" for c in law.citations]
            parts.append("</tbody></table></article>")
        parts.append("</section>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def rows(laws: list[Law]) -> list[list[str]]:
    """One row per citation, for a sheet: 层级, 名称, 引用条款, 事项编码, 事项, 领域."""
    return [[law.tier, law.title, c.article, c.code, c.label, c.domain] for law in laws for c in law.citations]


ROW_HEADERS = ["依据层级", "法律法规和文件", "引用条款", "事项编码", "事项", "领域"]

_CSS = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; font-size: 11pt; color: #1a1a1a; margin: 1em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1.5em; }
th, td { border: 1px solid #666; padding: 2px 6px; text-align: left; vertical-align: top; }
th { background: #eee; }
h2 { border-bottom: 2px solid #b5121b; }
@page { size: A4; margin: 15mm; }
""".strip()
