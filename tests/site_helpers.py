"""Helpers for the public-site tests: workspaces with items in every lifecycle state, built with
gongkai's own commands; an HTML validator and link checker; a reader of the site's QR codes."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-26T10:00:00+08:00"
# distinctive texts planted where the public must never see them
LEAKS = {
    "draft": "泄露测试草稿事项甲",
    "revision": "泄露测试修订时限乙",
    "post": "泄露测试岗位丙",
    "note": "泄露测试备注丁",
    "office": "泄露测试科室戊",
}


def gongkai(*args, now: str = NOW, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "GONGKAI_NOW": now, "GONGKAI_ACTOR": "测试员"}
    done = subprocess.run([sys.executable, "-m", "gongkai.cli", *map(str, args)], capture_output=True,
                          text=True, env=env)
    if check and done.returncode not in (0, 1):
        raise AssertionError(f"gongkai {' '.join(map(str, args))} exited {done.returncode}: {done.stderr}")
    return done


def published_example(tmp: Path) -> Path:
    """A copy of the bundled example with every item that passes the approve guard published, then a
    planted draft, a revision in progress and internal fields on a published item."""
    ws = tmp / "shangjie"
    shutil.copytree(ROOT / "examples" / "shangjie", ws)
    gongkai("submit", "--all", "-w", ws)
    gongkai("approve", "--all", "--skip-blocked", "-w", ws)
    plant_leaks(ws)
    return ws


def published_codes(ws: Path) -> list[str]:
    out = gongkai("items", "--format", "json", "-w", ws).stdout
    return sorted(i["code"] for i in json.loads(out) if i["status"] == "published")


def plant_leaks(ws: Path) -> dict[str, str]:
    """Returns {kind: code}: a new draft, a published item being revised, one with internal fields."""
    codes = published_codes(ws)
    assert len(codes) >= 3, "the test needs three published items"
    revised, internal = codes[0], codes[-1]
    gongkai("item", "add", "--domain", "19", "--category", "临时救助", "--name", LEAKS["draft"],
            "--local", "测试用合成事项", "--element", "救助对象", "--channel", "政府网站", "-w", ws)
    gongkai("amend", revised, "--reason", "测试", "-w", ws)
    gongkai("item", "edit", revised, "--set", f"deadline={LEAKS['revision']}", "--set", f"note={LEAKS['note']}",
            "-w", ws)
    gongkai("amend", internal, "--reason", "测试", "-w", ws)
    gongkai("item", "edit", internal, "--set", f"responsibility.post={LEAKS['post']}",
            "--set", f"responsibility.office={LEAKS['office']}", "-w", ws)
    gongkai("submit", internal, "-w", ws)
    gongkai("approve", internal, "-w", ws)
    return {"revised": revised, "internal": internal}


def site_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


# -- HTML -----------------------------------------------------------------------------------------
def html_errors(data: bytes) -> list[str]:
    """Parse errors of an HTML5 document (html5lib, the WHATWG parsing algorithm)."""
    import html5lib

    parser = html5lib.HTMLParser(strict=False)
    parser.parse(data.decode("utf-8"))
    return [f"line {pos[0]} col {pos[1]}: {code} {args}" for pos, code, args in parser.errors]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def broken_links(out: Path) -> list[str]:
    """Every href/src of every page that does not resolve to a file (and #anchor) of the site."""
    pages = {p: _parse(p) for p in out.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file() or out.resolve() not in target.parents:
                broken.append(f"{page.relative_to(out)}: {link}")
            elif parts.fragment and target.suffix == ".html":
                ids = pages.get(target, pages.get(Path(target))) or _parse(target)
                if parts.fragment not in ids.ids:
                    broken.append(f"{page.relative_to(out)}: {link} (no id {parts.fragment})")
    return broken


def _parse(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text("utf-8"))
    return p


# -- QR codes -------------------------------------------------------------------------------------
_RUN = re.compile(r"M([\d.]+) ([\d.]+)h([\d.]+)v([\d.]+)h-[\d.]+z")


def svg_code_image(svg: bytes, scale: int = 8):
    """Draw a QR code SVG written by gongkai (a path of horizontal runs) into a Pillow image."""
    from PIL import Image, ImageDraw

    text = svg.decode("utf-8")
    size = float(re.search(r'viewBox="0 0 ([\d.]+) ', text).group(1))
    img = Image.new("L", (round(size * scale), round(size * scale)), 255)
    draw = ImageDraw.Draw(img)
    for x, y, w, h in _RUN.findall(text):
        x, y, w, h = (float(v) * scale for v in (x, y, w, h))
        draw.rectangle([round(x), round(y), round(x + w) - 1, round(y + h) - 1], fill=0)
    return img


def decode(image) -> list[str]:
    import zxingcpp

    return sorted(r.text for r in zxingcpp.read_barcodes(image))


def small_workspace(root_factory, gk, items_19: list[dict], items_23: list[dict]) -> Path:
    """A workspace (made by ``make_workspace``) with synthetic items in 19 and 23, all submitted and
    approved through the CLI (``gk``)."""
    from gongkai import domains as registry
    from gongkai.catalog.workspace import Workspace

    root = root_factory()
    with Workspace.transaction(root) as w:
        for code, fields in (("19", items_19), ("23", items_23)):
            d = w.ensure_domain(registry.BY_CODE[code])
            for f in fields:
                w.add_item(d, f)
    assert gk("submit", "--all", "-w", root)[0] == 0
    assert gk("approve", "--all", "-w", root)[0] == 0
    return root
