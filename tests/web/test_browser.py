"""The workbench in a real browser (Debian's Chromium driven by Playwright; see tests/browser_support.py)."""
from __future__ import annotations

import pytest

from gongkai.catalog.workspace import init_workspace


@pytest.fixture
def served(tmp_path, live_server):
    root = tmp_path / "shangjie"
    init_workspace(root, "410106", "上街区", adopt=True)
    return root, live_server(root)


@pytest.fixture
def tab(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
    yield context.new_page()
    context.close()


def test_the_overview_lists_the_domains_with_their_counts(served, tab):
    from gongkai.catalog.workspace import Workspace

    root, url = served
    tab.goto(url + "/")
    assert "上街区" in tab.title()
    ws = Workspace.load(root)
    d = ws.domains[0]
    row = tab.locator("#domains tbody tr", has_text=d.model.domain.name).first
    assert row.locator("td").nth(2).inner_text().strip() == str(len(d.model.items))
