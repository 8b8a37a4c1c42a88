"""Helpers of the web workbench tests: small workspaces (synthetic items, labelled so) and form reading."""
from __future__ import annotations

import re

import pytest

from conftest import BASE_ITEM, merged


def make_root(tmp_path, items=(), name="ws"):
    """A 上街区 workspace with the given items (dicts over BASE_ITEM) as drafts in domain 19."""
    from gongkai import domains as registry
    from gongkai.catalog.workspace import Workspace, init_workspace

    root = tmp_path / name
    init_workspace(root, "410106", "上街区", adopt=False)
    with Workspace.transaction(root) as ws:
        d = ws.ensure_domain(registry.lookup("19"))
        for change in items:
            ws.add_item(d, merged(BASE_ITEM, {**change, "note": "测试数据 (synthetic test item)"}))
    return root


@pytest.fixture
def web_root(tmp_path, monkeypatch):
    """Two drafts in 社会救助: a complete one, and one without its 公开时限 (an error finding)."""
    monkeypatch.setenv("GONGKAI_ACTOR", "测试员")
    return make_root(tmp_path, [{}, {"name": "救助结果", "deadline": None}])


@pytest.fixture
def client(web_root):
    from starlette.testclient import TestClient

    from gongkai.web.app import create_app

    with TestClient(create_app(web_root), base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        yield c


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def form_fields(html: str, form_id: str | None = None) -> list[tuple[str, str]]:
    """The (name, value) pairs a browser would post from a form of the page (inputs, selects, textareas)."""
    from html.parser import HTMLParser

    class Form(HTMLParser):
        def __init__(self):
            super().__init__()
            self.inside, self.fields, self.select, self.text = form_id is None, [], None, None
            self.depth = 0

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "form" and form_id is not None and a.get("id") == form_id:
                self.inside = True
            if not self.inside:
                return
            if tag == "input" and a.get("name"):
                if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                    return
                if a.get("type") == "submit":
                    return
                self.fields.append((a["name"], a.get("value", "")))
            elif tag == "select":
                self.select = [a.get("name"), None, None]
            elif tag == "option" and self.select is not None:
                self.option = [a.get("value"), "", "selected" in a]
            elif tag == "textarea":
                self.text = [a.get("name"), ""]

        def handle_data(self, data):
            if isinstance(self.text, list):
                self.text[1] += data
            elif getattr(self, "option", None) is not None:
                self.option[1] += data

        def handle_endtag(self, tag):
            if tag == "option" and getattr(self, "option", None) is not None and self.select is not None:
                value = self.option[0] if self.option[0] is not None else self.option[1].strip()
                if self.select[2] is None:
                    self.select[2] = value
                if self.option[2]:
                    self.select[1] = value
                self.option = None
            elif tag == "select" and self.select is not None:
                self.fields.append((self.select[0], self.select[1] if self.select[1] is not None else (self.select[2] or "")))
                self.select = None
            elif tag == "textarea" and isinstance(self.text, list):
                self.fields.append(tuple(self.text))
                self.text = None
            elif tag == "form" and form_id is not None and self.inside:
                self.inside = False

    parser = Form()
    parser.feed(html)
    return parser.fields


def as_data(fields) -> dict:
    """(name, value) pairs as the dict of lists httpx posts (repeated names keep their order)."""
    out: dict = {}
    for k, v in fields:
        out.setdefault(k, []).append(v)
    return out
