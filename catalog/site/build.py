"""``build_site``: the static public catalogue site of a workspace, written incrementally.

    index.html  search.html  feed.xml             home (unit and domains), offline search, Atom feed
    domains/NN-slug.html                          one page per domain, in the ministries' table layout
    items/CODE.html                               one page per item in force
    laws/index.html  laws/Lxxxxxxxxxx.html        政策汇编: by tier, and one page per law
    api/index.json  api/domains/NN.json  api/laws.json  api/changes.json  api/schema.json  api/index.html
    qr/…svg                                       QR codes of the home, domain and item pages (--base-url)
    static/                                       style sheet, search script and its prebuilt index

Everything comes from ``public.public_catalogue`` (the versions in force, internal fields
dropped). The output depends only on the workspace and the base URL — no build time, sorted
everything — so the same workspace gives a byte-identical site, and a rebuild writes only the
files whose bytes changed.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

from gongkai.catalog import vocab
from gongkai.catalog.clock import BEIJING
from gongkai.catalog.errors import UsageError, display_path
from gongkai.catalog.item_graph import law_keys
from gongkai.catalog.laws import Law, compile_laws, summary
from gongkai.catalog.site import endpoints, qr
from gongkai.catalog.site.public import PublicCatalogue, PublicDomain, PublicItem, public_catalogue
from gongkai.catalog.site.writer import SiteFolder, WriteStats
from gongkai.catalog.tables import export

PACKAGE = Path(__file__).parent
STATIC = ("site.css", "search.js")
# columns of the print export that the public site never shows (internal, or provenance of a row)
_HIDDEN_GROUPS = ("责任", "出处")
_HIDDEN_LABELS = ("备注", "事项来源")


@dataclass
class BuildResult:
    out: Path
    stats: WriteStats
    items: int
    domains: int
    laws: int
    qr_codes: int = 0
    poster: Optional[Path] = None
    notes: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _env():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(str(PACKAGE / "templates")), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=False)


def normalise_base_url(base_url: Optional[str]) -> Optional[str]:
    if not base_url:
        return None
    if not base_url.startswith(("https://", "http://")):
        raise UsageError(f"--base-url {base_url!r}: give the address the site will have, "
                         "e.g. https://www.example.gov.cn/gongkai/")
    return base_url if base_url.endswith("/") else base_url + "/"


def check_target(out: Path, workspace_root: Path) -> None:
    """The site folder may not be, hold, or lie inside the workspace's own files."""
    from gongkai.catalog.output_target import WORKSPACE_FILES, WORKSPACE_FOLDERS

    target, root = out.expanduser().resolve(), workspace_root.resolve()
    own = [root / name for name in (*WORKSPACE_FILES, *WORKSPACE_FOLDERS)]
    if target == root or target in root.parents:
        raise UsageError(f"-o {display_path(out)} would put the site over the workspace itself; "
                         f"give a folder of its own, e.g. {display_path(root / 'site')}")
    if any(target == p or p in target.parents for p in own):
        raise UsageError(f"-o {display_path(out)} is inside the workspace's own files ({', '.join(WORKSPACE_FILES)}, "
                         f"{', '.join(f + '/' for f in WORKSPACE_FOLDERS)}); give a folder of its own, e.g. "
                         f"{display_path(root / 'site')}")


def domain_page(h) -> str:
    return f"domains/{h.code}-{h.slug}.html"


def item_page(code: str) -> str:
    return f"items/{code}.html"


def law_page(law: Law) -> str:
    return f"laws/{law.anchor}.html"


def _date(d) -> str:
    return d.isoformat() if d else "—"


class _Site:
    """The pieces shared by every page of one build."""

    def __init__(self, cat: PublicCatalogue, base_url: Optional[str]) -> None:
        self.cat, self.base_url = cat, base_url
        self.laws = compile_laws((p.domain, d.header.name, p.item) for d in cat.domains for p in d.items)
        self.law_by_key = {law.key: law for law in self.laws}
        self.item_pages = {p.item.code: item_page(p.item.code) for p in cat.items()}
        self.domain_pages = {d.header.code: domain_page(d.header) for d in cat.domains}
        self.updated = cat.updated.astimezone(BEIJING).date().isoformat() if cat.updated else "—"
        self.info = {"unit": cat.unit, "region": cat.region, "updated": self.updated}

    def url(self, rel: str) -> Optional[str]:
        return self.base_url + rel if self.base_url else None

    def qr_src(self, rel_page: str, depth: int) -> Optional[str]:
        return ("../" * depth) + qr_path(rel_page) if self.base_url else None

    def render(self, template: str, rel: str, **ctx) -> bytes:
        depth = rel.count("/")
        page = _env().get_template(template).render(
            site=self.info, root="../" * depth, canonical=self.url(rel), body_class=ctx.pop("body_class", ""),
            nav=ctx.pop("nav", ""), crumbs=ctx.pop("crumbs", []), **ctx)
        return page.encode("utf-8")


def qr_path(rel_page: str) -> str:
    return "qr/" + rel_page.removesuffix(".html") + ".svg"


# -- pages -------------------------------------------------------------------------------------
def _home(s: _Site) -> bytes:
    domains = [{"code": d.header.code, "name": d.header.name, "count": len(d.items),
                "href": s.domain_pages[d.header.code], "qr": s.qr_src(s.domain_pages[d.header.code], 0)}
               for d in s.cat.domains]
    return s.render("home.html", "index.html", title="首页", nav="home", domains=domains,
                    total=sum(len(d.items) for d in s.cat.domains))


@dataclass
class Cell:
    text: str
    rowspan: int = 1
    skip: bool = False          # covered by the merged 一级事项 cell above
    header: bool = False
    cls: str = ""
    href: str = ""

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def public_columns(items) -> list[export.Col]:
    return [c for c in export.columns(items) if c.group not in _HIDDEN_GROUPS and c.label not in _HIDDEN_LABELS]


def _domain(s: _Site, d: PublicDomain) -> bytes:
    from markupsafe import Markup

    rel = s.domain_pages[d.header.code]
    items = [p.item for p in d.items]
    cols = public_columns(items)
    rows = []
    for n, item in enumerate(items, 1):
        row = [Cell(str(n))]
        for c in cols:
            cls = {"事项编码": "nowrap"}.get(c.label) or ("tick" if c.width == 5 else
                                                         "small" if c.label.startswith("公开渠道") else "")
            row.append(Cell(c.value(item), cls=cls,
                            href="../" + s.item_pages[item.code] if c.label in ("二级事项", "事项编码") else ""))
        rows.append(row)
    cat_col = 1 + next(k for k, c in enumerate(cols) if c.label == "一级事项")
    start = 0
    for r in range(1, len(rows) + 1):            # 一级事项 merged down over its items, as in the tables
        if r == len(rows) or rows[r][cat_col].text != rows[start][cat_col].text:
            rows[start][cat_col].rowspan = r - start
            for k in range(start + 1, r):
                rows[k][cat_col].skip = True
            start = r
    laws = [{"href": "../" + law_page(law), "title": law.title, "tier": law.tier} for law in s.laws
            if any(c.domain.split(" ")[0] == d.header.code for c in law.citations)]
    approved = [p.approved_on for p in d.items if p.approved_on]
    heading = export.title_of(d.header)
    return s.render("domain.html", rel, title=heading, heading=heading, body_class="domain",
                    crumbs=[("首页", "../index.html"), (f"{d.header.code} {d.header.name}", None)],
                    colgroup=Markup(_colgroup(cols)), thead=Markup(export.thead_html(cols, scoped=True)),
                    rows=rows, laws=laws, items=[{"href": "../" + s.item_pages[i.code], "label": i.label,
                                                  "deadline": i.deadline or ""} for i in items],
                    updated=max(approved).isoformat() if approved else None,
                    qr=s.qr_src(rel, 1))


def _colgroup(cols: list[export.Col]) -> str:
    # the export's column widths (spreadsheet units, a Chinese character ~2) as em on screen
    widths = [3] + [max(3, c.width // 2 + 1) for c in cols]
    return "<colgroup>" + "".join(f'<col style="width:{w}em">' for w in widths) + "</colgroup>"


def _item(s: _Site, d: PublicDomain, p: PublicItem) -> bytes:
    i = p.item
    rel = s.item_pages[i.code]
    head = [("所属领域", f"{d.header.code} {d.header.name}"), ("一级事项", i.category), ("二级事项", i.name)]
    if i.subitem:
        head.append(("三级事项", i.subitem))
    joined = lambda values, order: "、".join(vocab.vocab_order(values, order)) or "—"  # noqa: E731
    tail = [("公开时限", i.deadline or "—"), ("公开主体", i.body or "—"),
            ("公开渠道和载体", joined(i.method.channels, vocab.CHANNELS)),
            ("公开对象", joined(i.method.audience, vocab.AUDIENCES)),
            ("公开方式", joined(i.method.mode, vocab.MODES)), ("公开层级", joined(i.levels, vocab.LEVELS))]
    if i.stages:
        tail.append(("五公开", joined(i.stages, vocab.STAGES)))
    if i.process:
        tail.append(("公开流程", " → ".join(i.process)))
    tail.append(("最近批准日期", _date(p.approved_on)))
    bases = []
    for b in i.basis:
        keys = law_keys(b.title)
        parts = [{"href": "../" + law_page(s.law_by_key[k]),
                  "title": b.title if len(keys) == 1 else f"《{k}》"} for k in keys if k in s.law_by_key]
        bases.append({"laws": parts, "article": b.article or "", "tier": b.tier or ""})
    return s.render("item.html", rel, title=i.label, item=i, approved_on=_date(p.approved_on) if p.approved_on else "",
                    crumbs=[("首页", "../index.html"), (f"{d.header.code} {d.header.name}", "../" + s.domain_pages[d.header.code]),
                            (i.name, None)],
                    head_fields=head, tail_fields=tail, bases=bases, qr=s.qr_src(rel, 1))


def _item_key(s: _Site, d: PublicDomain, p: PublicItem) -> str:
    """Everything an item page is made from: the item in force, its approval date, its domain, the
    unit, the base URL, and the code and templates that render it."""
    parts = [_CODE_FINGERPRINT, p.item.model_dump_json(), str(p.approved_on), d.header.code, d.header.name,
             s.cat.unit, s.cat.region, s.base_url or ""]
    return hashlib.sha1("\0".join(parts).encode("utf-8")).hexdigest()


def _fingerprint() -> str:
    h = hashlib.sha1()
    from gongkai.catalog import item_graph, laws
    from gongkai.catalog.site import public

    for path in sorted([Path(__file__), Path(laws.__file__), Path(item_graph.__file__), Path(public.__file__),
                        *(PACKAGE / "templates").glob("*.html")]):
        h.update(path.read_bytes())
    return h.hexdigest()


_CODE_FINGERPRINT = _fingerprint()


def _laws_index(s: _Site) -> bytes:
    tiers = []
    for tier in vocab.TIERS:
        group = [{"href": law.anchor + ".html", "title": law.title, "count": len({c.code for c in law.citations}),
                  "articles": "、".join(law.articles)} for law in s.laws if law.tier == tier]
        if group:
            tiers.append((tier, group))
    return s.render("laws.html", "laws/index.html", title="政策汇编", nav="laws", tiers=tiers,
                    summary=summary(s.laws), crumbs=[("首页", "../index.html"), ("政策汇编", None)])


def _law(s: _Site, law: Law) -> bytes:
    rows = [{"code": c.code, "label": c.label, "domain": c.domain, "article": c.article,
             "href": "../" + s.item_pages[c.code]} for c in law.citations]
    return s.render("law.html", law_page(law), title=law.title, law=law, rows=rows,
                    crumbs=[("首页", "../index.html"), ("政策汇编", "index.html"), (law.title, None)])


def _search(s: _Site) -> bytes:
    return s.render("search.html", "search.html", title="事项检索", nav="search",
                    total=sum(1 for _ in s.cat.items()))


def _search_index(s: _Site) -> bytes:
    import json

    rows = [[p.item.code, p.item.label, f"{d.header.code} {d.header.name}", p.item.body or "",
             s.item_pages[p.item.code]] for d in s.cat.domains for p in d.items]
    return ("window.GONGKAI_INDEX = " + json.dumps(rows, ensure_ascii=False, separators=(",", ":")) + ";\n").encode("utf-8")


def _api(s: _Site, folder: SiteFolder) -> None:
    laws_of = {}
    for p in s.cat.items():
        for b in p.item.basis:
            laws_of.setdefault(b.title, [s.law_by_key[k].anchor for k in law_keys(b.title) if k in s.law_by_key])
    index_domains = []
    for d in s.cat.domains:
        h = d.header
        page = s.domain_pages[h.code]
        data = {"format": endpoints.FORMAT + "-domain", "version": 1,
                "domain": {"code": h.code, "slug": h.slug, "name": h.name, "page": page,
                           **({"url": s.url(page)} if s.base_url else {})},
                "items": [endpoints.item_record(p, s.item_pages[p.item.code], laws_of, s.url(s.item_pages[p.item.code]))
                          for p in d.items]}
        folder.add(f"api/domains/{h.code}.json", endpoints.dumps(data))
        index_domains.append({"code": h.code, "slug": h.slug, "name": h.name, "items": len(d.items),
                              "data": f"domains/{h.code}.json", "page": page})
    folder.add("api/index.json", endpoints.dumps({
        "format": endpoints.FORMAT, "version": 1, "schema": "schema.json",
        "unit": {"region": s.cat.region, "name": s.cat.unit}, "base_url": s.base_url,
        "updated": endpoints.iso(s.cat.updated), "items": sum(len(d.items) for d in s.cat.domains),
        "domains": index_domains, "laws": "laws.json", "feed": "../feed.xml", "changes": "changes.json"}))
    folder.add("api/schema.json", endpoints.dumps(endpoints.SCHEMA))
    folder.add("api/laws.json", endpoints.dumps(endpoints.laws_record(
        s.laws, {law.key: law_page(law) for law in s.laws}, s.item_pages)))
    folder.add("api/index.html", s.render(
        "api.html", "api/index.html", title="数据接口", nav="api", crumbs=[("首页", "../index.html"), ("数据接口", None)],
        domains=[{"code": d["code"], "name": d["name"], "count": d["items"], "json": d["data"]} for d in index_domains]))
    folder.add("api/changes.json", endpoints.dumps(endpoints.changes_record(s.cat, s.item_pages)))
    folder.add("feed.xml", endpoints.atom_feed(s.cat, s.item_pages, s.domain_pages, s.base_url))


def _qr_codes(s: _Site, folder: SiteFolder) -> int:
    pages = [("index.html", f"{s.cat.unit}基层政务公开标准目录")]
    pages += [(s.domain_pages[d.header.code], export.title_of(d.header)) for d in s.cat.domains]
    pages += [(s.item_pages[p.item.code], p.item.label) for p in s.cat.items()]
    todo = []
    for rel, title in pages:
        url = s.url(rel)
        key = hashlib.sha1(f"{url}\0{title}".encode("utf-8")).hexdigest()
        if not folder.unchanged_generated(qr_path(rel), key):
            todo.append((qr_path(rel), key, url, title))
    for (rel, key, _, _), svg in zip(todo, qr.code_svgs([(url, title) for _, _, url, title in todo])):
        folder.add_generated(rel, key, svg)
    return len(pages)


# -- the build -----------------------------------------------------------------------------------
def build_site(ws, out: Path, base_url: Optional[str] = None, qr_sheet: Optional[Path] = None) -> BuildResult:
    """Build the site of a loaded workspace into ``out`` (see the module docstring)."""
    base_url = normalise_base_url(base_url)
    check_target(out, ws.root)
    if qr_sheet is not None:
        if base_url is None:
            raise UsageError("--qr-sheet needs --base-url: the codes must point at the pages' public address")
        check_poster_target(qr_sheet, ws.root)
    folder = SiteFolder(out)
    s = _Site(public_catalogue(ws), base_url)
    folder.add("index.html", _home(s))
    folder.add("search.html", _search(s))
    folder.add("static/search-index.js", _search_index(s))
    for name in STATIC:
        folder.add(f"static/{name}", (PACKAGE / "static" / name).read_bytes())
    for d in s.cat.domains:
        folder.add(s.domain_pages[d.header.code], _domain(s, d))
        for p in d.items:
            rel = s.item_pages[p.item.code]
            key = _item_key(s, d, p)
            if not folder.unchanged_generated(rel, key):
                folder.add_generated(rel, key, _item(s, d, p))
    folder.add("laws/index.html", _laws_index(s))
    for law in s.laws:
        folder.add(law_page(law), _law(s, law))
    _api(s, folder)
    codes = _qr_codes(s, folder) if base_url else 0
    result = BuildResult(out, folder.commit(), sum(1 for _ in s.cat.items()), len(s.cat.domains), len(s.laws), codes)
    if not base_url:
        result.notes.append("no QR codes: pass --base-url URL (the site's public address) to draw them")
    if qr_sheet is not None:
        write_poster(s, qr_sheet)
        result.poster = qr_sheet
    return result


def check_poster_target(path: Path, workspace_root: Path) -> None:
    from gongkai.catalog.output_target import check_target as check_file

    suffix = path.suffix.lower()
    if suffix not in (".svg", ".png", ".pdf"):
        raise UsageError(f"--qr-sheet {display_path(path)}: name a file ending .svg, .png or .pdf")
    check_file(path, suffix[1:], workspace_root)


def poster_codes(s: _Site) -> list[qr.PosterCode]:
    return [qr.PosterCode(f"{d.header.code} {d.header.name}", s.url(s.domain_pages[d.header.code]))
            for d in s.cat.domains]


def write_poster(s: _Site, path: Path) -> None:
    codes = poster_codes(s)
    qr.write_poster(path, f"{s.cat.unit}基层政务公开二维码",
                    f"{len(codes)}个领域基层政务公开标准目录 · 手机扫码查看公开事项", codes,
                    f"{s.base_url} · 数据更新至 {s.updated}")
