"""The same catalogue as data for other endpoints (一网N端): JSON per domain, an index, the
政策汇编, a JSON Schema of the domain files, and an Atom feed of items published, changed and
withdrawn. Paths are relative to the site root; with a base URL every record also carries
its absolute ``url``.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, Optional
from xml.sax.saxutils import escape, quoteattr

from gongkai.catalog.laws import Law
from gongkai.catalog.site.public import PublicCatalogue, PublicItem

FORMAT = "gongkai-public-catalogue"
FEED_LIMIT = 200           # newest entries in the feed; the JSON index says how many changes there are


def dumps(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def item_record(p: PublicItem, page: str, laws_of: dict[str, str], url: Optional[str]) -> dict[str, Any]:
    i = p.item
    rec: dict[str, Any] = {
        "code": i.code, "category": i.category, "name": i.name, "subitem": i.subitem,
        "elements": [{"name": e.name, "required": e.required} for e in i.elements],
        "basis": [{"title": b.title, "article": b.article, "tier": b.tier, "laws": laws_of.get(b.title, [])}
                  for b in i.basis],
        "body": i.body, "deadline": i.deadline, "process": list(i.process),
        "method": i.method.model_dump(mode="json"),
        "levels": i.model_dump(mode="json", include={"levels"})["levels"],
        "stages": i.model_dump(mode="json", include={"stages"})["stages"],
        "version": i.version, "approved_on": p.approved_on.isoformat() if p.approved_on else None,
        "page": page,
    }
    if url:
        rec["url"] = url
    return rec


def iso(at: Optional[datetime]) -> Optional[str]:
    return at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if at else None


def atom_feed(cat: PublicCatalogue, pages: dict[str, str], domain_pages: dict[str, str],
              base_url: Optional[str]) -> bytes:
    """Atom 1.0 (RFC 4287). Ids are tag URIs built from the region, item code and version, so
    they stay the same from build to build; links are absolute when a base URL is given."""
    def href(rel: str) -> str:
        return (base_url + rel) if base_url else rel

    updated = iso(cat.updated) or "2000-01-01T00:00:00Z"
    names = {d.header.code: d.header.name for d in cat.domains}
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
           f"<title>{escape(cat.unit)}基层政务公开事项变更</title>",
           f"<subtitle>{escape(cat.unit)}基层政务公开标准目录中事项的发布、变更和撤销</subtitle>",
           f"<id>tag:gongkai,2026:{cat.region}:changes</id>", f"<updated>{updated}</updated>",
           f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(href('index.html'))}/>",
           f"<link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(href('feed.xml'))}/>",
           f"<author><name>{escape(cat.unit)}</name></author>"]
    for c in cat.changes[:FEED_LIMIT]:
        page = pages.get(c.code) or domain_pages.get(c.domain, "index.html")
        version = f" 第{c.version}版" if c.version and c.kind != "withdrawn" else ""
        title = f"【{c.label_zh}】{c.label}"
        summary = f"{c.code} {c.label}（{c.domain} {names.get(c.domain, '')}）{c.label_zh}{version}"
        out += ["<entry>", f"<title>{escape(title)}</title>",
                f"<id>tag:gongkai,2026:{cat.region}:{c.code}:{c.kind}:{c.version or 0}:{iso(c.at)}</id>",
                f"<updated>{iso(c.at)}</updated>",
                f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(href(page))}/>",
                f"<category term=\"{c.kind}\" label=\"{c.label_zh}\"/>",
                f"<summary>{escape(summary)}</summary>",
                "</entry>"]
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode("utf-8")


def changes_record(cat: PublicCatalogue, pages: dict[str, str]) -> dict[str, Any]:
    """Every change of the history, newest first (the Atom feed keeps the newest FEED_LIMIT)."""
    return {"format": FORMAT + "-changes", "version": 1, "changes": [
        {"at": iso(c.at), "kind": c.kind, "kind_zh": c.label_zh, "code": c.code, "label": c.label,
         "domain": c.domain, "version": c.version, "page": pages.get(c.code)} for c in cat.changes]}


def laws_record(laws: list[Law], law_pages: dict[str, str], item_pages: dict[str, str]) -> dict[str, Any]:
    return {"format": FORMAT + "-laws", "version": 1, "laws": [
        {"id": law.anchor, "title": law.title, "tier": law.tier, "articles": law.articles,
         "page": law_pages[law.key],
         "items": [{"code": c.code, "label": c.label, "article": c.article or None,
                    "page": item_pages.get(c.code)} for c in law.citations]}
        for law in laws]}


_TEXT = {"type": "string"}
_TEXT_OR_NULL = {"type": ["string", "null"]}
_TEXTS = {"type": "array", "items": _TEXT}

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "schema.json",
    "title": "基层政务公开标准目录：一个领域的现行有效事项",
    "description": "api/domains/NN.json as written by `gongkai site`: the approved version in force of "
                   "every published item of one domain; internal fields (responsibility) are never included.",
    "type": "object",
    "required": ["format", "version", "domain", "items"],
    "properties": {
        "format": {"const": FORMAT + "-domain"},
        "version": {"const": 1},
        "domain": {"type": "object", "required": ["code", "slug", "name"], "properties": {
            "code": {"type": "string", "pattern": "^[0-2][0-9]$"}, "slug": _TEXT, "name": _TEXT,
            "page": _TEXT, "url": _TEXT}},
        "items": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["code", "category", "name", "elements", "basis", "method", "levels", "version", "page"],
            "properties": {
                "code": {"type": "string", "pattern": r"^\d{6}-\d{2}-\d{2}-\d{3}$",
                         "description": "事项编码 RRRRRR-DD-CC-NNN"},
                "category": {**_TEXT, "description": "一级事项"},
                "name": {**_TEXT, "description": "二级事项"},
                "subitem": {**_TEXT_OR_NULL, "description": "三级事项"},
                "elements": {"type": "array", "description": "公开内容(要素)", "items": {
                    "type": "object", "required": ["name", "required"],
                    "properties": {"name": _TEXT, "required": {"type": "boolean"}}}},
                "basis": {"type": "array", "description": "公开依据", "items": {
                    "type": "object", "required": ["title", "tier"],
                    "properties": {"title": _TEXT, "article": _TEXT_OR_NULL,
                                   "tier": {"enum": ["法律", "行政法规", "地方性法规", "部门规章", "地方政府规章",
                                                     "规范性文件", "其他", None]},
                                   "laws": {**_TEXTS, "description": "ids of the 政策汇编 entries (api/laws.json)"}}}},
                "body": {**_TEXT_OR_NULL, "description": "公开主体"},
                "deadline": {**_TEXT_OR_NULL, "description": "公开时限"},
                "process": {**_TEXTS, "description": "公开流程"},
                "method": {"type": "object", "required": ["mode", "audience", "channels"], "properties": {
                    "mode": {**_TEXTS, "description": "公开方式"},
                    "audience": {**_TEXTS, "description": "公开对象"},
                    "channels": {**_TEXTS, "description": "公开渠道和载体"}}},
                "levels": {**_TEXTS, "description": "公开层级"},
                "stages": {**_TEXTS, "description": "五公开"},
                "version": {"type": "integer", "minimum": 0},
                "approved_on": {"type": ["string", "null"], "format": "date"},
                "page": {**_TEXT, "description": "the item's page, relative to the site root"},
                "url": {**_TEXT, "description": "the page's absolute URL (when built with --base-url)"},
            }}},
    },
}
