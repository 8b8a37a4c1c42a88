"""The public site of the bundled example, every approvable item published, with a planted draft, a
revision in progress and internal fields: valid HTML, links that resolve, nothing unpublished,
data that matches its schema, a feed that parses, QR codes that decode to their pages' URLs."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from site_helpers import (LEAKS, broken_links, decode, gongkai, html_errors, published_codes, published_example,
                          site_files, svg_code_image)

BASE = "https://www.shangjie.gov.cn/gongkai/"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("site-example")
    ws = published_example(tmp)
    out = tmp / "site"
    done = gongkai("site", "-o", out, "-w", ws, "--base-url", BASE, "--qr-sheet", tmp / "poster.png",
                   "--format", "json")
    assert done.returncode == 0, done.stderr
    return ws, out, tmp / "poster.png", json.loads(done.stdout)


def test_every_page_is_valid_html(built):
    _, out, _, _ = built
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 26
    errors = {p.relative_to(out).as_posix(): html_errors(p.read_bytes()) for p in pages}
    assert {k: v for k, v in errors.items() if v} == {}


def test_every_internal_link_resolves(built):
    _, out, _, _ = built
    assert broken_links(out) == []


def test_nothing_unpublished_or_internal_leaks(built):
    ws, out, _, _ = built
    everything = b"".join(site_files(out).values()).decode("utf-8")
    for kind, text in LEAKS.items():
        assert text not in everything, f"{kind} text {text!r} is on the public site"
    # the planted texts are really in the workspace, so their absence means something
    stored = "".join(p.read_text("utf-8") for p in (ws / "domains").glob("*.toml"))
    assert all(text in stored for text in LEAKS.values())


def test_one_page_per_item_in_force_and_none_for_drafts(built):
    ws, out, _, result = built
    items = json.loads(gongkai("items", "--format", "json", "-w", ws).stdout)
    in_force = {i["code"] for i in items if i["status"] in ("published", "reviewing", "revising")}
    assert {p.stem for p in (out / "items").glob("*.html")} == in_force
    assert result["items"] == len(in_force)
    drafts = [i["code"] for i in items if i["status"] == "draft"]
    assert drafts and not any((out / "items" / f"{c}.html").exists() for c in drafts)


def test_revised_item_shows_the_approved_version(built):
    ws, out, _, _ = built
    revising = [i for i in json.loads(gongkai("items", "--status", "revising", "--format", "json", "-w", ws).stdout)]
    assert revising
    page = (out / "items" / f"{revising[0]['code']}.html").read_text("utf-8")
    assert revising[0]["deadline"] in page and LEAKS["revision"] not in page


def test_domain_json_matches_its_schema_and_the_pages(built):
    import jsonschema      # in the test extra: a missing one is a failure, not a skip
    _, out, _, _ = built
    schema = json.loads((out / "api" / "schema.json").read_text("utf-8"))
    index = json.loads((out / "api" / "index.json").read_text("utf-8"))
    assert len(index["domains"]) == 26
    total = 0
    for d in index["domains"]:
        data = json.loads((out / "api" / d["data"]).read_text("utf-8"))
        jsonschema.validate(data, schema)
        assert len(data["items"]) == d["items"]
        for item in data["items"]:
            assert (out / item["page"]).is_file() and item["url"] == BASE + item["page"]
        total += d["items"]
    assert total == index["items"] == len(list((out / "items").glob("*.html")))


def test_feed_is_atom_with_one_entry_per_publication(built):
    ws, out, _, _ = built
    root = ET.fromstring((out / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    kinds = [e.find("a:category", ns).get("term") for e in entries]
    # every approve is one entry: first publications and the one approved revision (v2)
    assert kinds.count("changed") == 1 and kinds.count("published") == len(published_codes(ws)) + len(
        json.loads(gongkai("items", "--status", "revising", "--format", "json", "-w", ws).stdout))
    assert all(e.find("a:link", ns).get("href").startswith(BASE) for e in entries)
    assert len({e.find("a:id", ns).text for e in entries}) == len(entries)


def test_domain_qr_poster_decodes_to_the_domain_pages(built):
    from PIL import Image

    _, out, poster, _ = built
    index = json.loads((out / "api" / "index.json").read_text("utf-8"))
    found = decode(Image.open(poster))
    assert found == sorted(BASE + d["page"] for d in index["domains"])


def test_item_qr_codes_decode_to_their_pages(built):
    _, out, _, _ = built
    codes = sorted((out / "qr" / "items").glob("*.svg"))
    assert len(codes) == len(list((out / "items").glob("*.html")))
    for svg in codes[:: max(1, len(codes) // 8)]:
        assert decode(svg_code_image(svg.read_bytes())) == [f"{BASE}items/{svg.stem}.html"]


class _Outline:
    """What a reader with a screen reader relies on: the language, one h1, alt texts, table headers."""

    def __init__(self, text: str) -> None:
        from html.parser import HTMLParser

        self.tags: list[tuple[str, dict]] = []
        outline = self

        class P(HTMLParser):
            def handle_starttag(self, tag, attrs):
                outline.tags.append((tag, dict(attrs)))

        P().feed(text)

    def count(self, tag: str) -> int:
        return sum(1 for t, _ in self.tags if t == tag)


def test_pages_are_accessible(built):
    _, out, _, _ = built
    for page in out.rglob("*.html"):
        o = _Outline(page.read_text("utf-8"))
        name = page.relative_to(out).as_posix()
        assert ("html", {"lang": "zh-CN"}) in o.tags, name
        assert o.count("h1") == 1, name
        assert all(a.get("alt") for t, a in o.tags if t == "img"), name
        assert o.count("table") == o.count("caption") and o.count("th") >= o.count("table"), name
        assert any(t == "meta" and a.get("name") == "viewport" for t, a in o.tags), name
        ids = [a["id"] for _, a in o.tags if "id" in a]
        assert len(ids) == len(set(ids)), name


def _keep(shot, name: str) -> None:
    """Screenshots also go to $GONGKAI_SCREENSHOTS when set, to be looked at."""
    import os
    import shutil
    from pathlib import Path

    if os.environ.get("GONGKAI_SCREENSHOTS"):
        Path(os.environ["GONGKAI_SCREENSHOTS"]).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(os.environ["GONGKAI_SCREENSHOTS"]) / name)


def _fullest_domain(out):
    index = json.loads((out / "api" / "index.json").read_text("utf-8"))
    return max(index["domains"], key=lambda d: (d["items"], d["code"]))


def test_domain_page_in_a_real_browser(built, browser, tmp_path):
    _, out, _, _ = built
    domain = _fullest_domain(out)
    for name, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", {"width": 390, "height": 844})):
        page = browser.new_page(viewport=viewport)
        page.goto((out / domain["page"]).as_uri())
        assert domain["name"] in page.locator("h1").inner_text()
        # the wide table scrolls inside its region; the page itself never overflows sideways
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        assert page.locator("table.catalogue tbody tr").count() == domain["items"]
        assert page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '社会救助')")
        shot = tmp_path / f"domain-{name}.png"
        page.screenshot(path=str(shot), full_page=name == "phone")
        _keep(shot, shot.name)
        # printed, the page is the table alone (no banner or search), on any screen size
        page.emulate_media(media="print")
        assert not page.locator("header.banner").is_visible() and page.locator("table.catalogue").is_visible()
        assert not page.locator("ol.item-list").is_visible()
        page.close()


def test_offline_search_finds_items_from_a_file_url(built, browser):
    _, out, _, _ = built
    domain = _fullest_domain(out)
    data = json.loads((out / "api" / domain["data"]).read_text("utf-8"))
    wanted = data["items"][0]
    page = browser.new_page()
    page.goto((out / "search.html").as_uri() + "?q=" + wanted["code"])
    page.wait_for_selector("#results li")
    assert page.locator("#results li").count() == 1
    assert page.locator("#results li a").inner_text() == " / ".join(
        x for x in (wanted["category"], wanted["name"], wanted["subitem"]) if x)
    page.locator("#q").fill(domain["name"])
    page.locator("form.search-box button").click()
    assert page.locator("#results li").count() == domain["items"]
    page.close()


def test_qr_poster_svg_in_a_real_browser_scans(built, browser, tmp_path):
    from PIL import Image

    ws, out, _, _ = built
    poster = tmp_path / "poster.svg"
    done = gongkai("site", "-o", out, "-w", ws, "--base-url", BASE, "--qr-sheet", poster)
    assert done.returncode == 0 and "0 file(s) written" in done.stdout
    page = browser.new_page(viewport={"width": 794, "height": 1123}, device_scale_factor=2)
    page.goto(poster.as_uri())
    shot = tmp_path / "qr-sheet.png"
    page.screenshot(path=str(shot))
    _keep(shot, shot.name)
    page.close()
    index = json.loads((out / "api" / "index.json").read_text("utf-8"))
    assert decode(Image.open(shot)) == sorted(BASE + d["page"] for d in index["domains"])


def test_search_understands_abbreviations(built, browser):
    _, out, _, _ = built
    rows = json.loads((out / "static" / "search-index.js").read_text("utf-8").split("=", 1)[1].rstrip(";\n"))
    wanted = sorted(r[0] for r in rows if "最低生活保障" in r[1])
    assert wanted, "the published example holds 最低生活保障 items (社会救助), the words searched for below"
    page = browser.new_page()
    page.goto((out / "search.html").as_uri() + "?q=低保")
    page.wait_for_selector("#results li")
    shown = sorted(t.split(" · ")[0] for t in page.locator("#results li .where").all_inner_texts())
    assert set(wanted) <= set(shown) and len(shown) < len(rows)
    page.close()
