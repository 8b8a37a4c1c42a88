"""The workbench in a real browser (Debian's Chromium driven by Playwright; see tests/browser_support.py).

Screenshots of the pages go to the test's tmp folder (pytest's basetemp) for a person to look at.
"""
from __future__ import annotations

import pytest

from gongkai.catalog.workspace import Workspace, init_workspace
from web_support import make_root


@pytest.fixture
def tab(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def small(tmp_path, live_server, monkeypatch):
    """Two drafts in 社会救助: a complete one and one without its 公开时限 (synthetic test items)."""
    monkeypatch.setenv("GONGKAI_ACTOR", "测试员")
    root = make_root(tmp_path, [{}, {"name": "救助结果", "deadline": None}])
    return root, live_server(root)


def item(root, name):
    return next(i for _, i in Workspace.load(root).items() if i.name == name)


def findings_text(tab) -> str:
    return tab.locator("#findings").inner_text()


def test_the_overview_lists_the_domains_with_their_counts(tmp_path, live_server, tab):
    root = tmp_path / "shangjie"
    init_workspace(root, "410106", "上街区", adopt=True)
    url = live_server(root)
    tab.goto(url + "/")
    assert "上街区" in tab.title()
    for d in Workspace.load(root).domains:
        row = tab.locator("#domains tbody tr", has_text=d.model.domain.name).first
        assert row.locator("td").nth(2).inner_text().strip() == str(len(d.model.items))
    tab.screenshot(path=str(tmp_path / "overview.png"), full_page=True)
    biggest = max(Workspace.load(root).domains, key=lambda d: len(d.model.items))
    tab.click(f"text={biggest.model.domain.name}")
    assert tab.locator("#items tbody tr").count() == min(100, len(biggest.model.items))
    width = tab.evaluate("document.querySelector('main').scrollWidth <= document.documentElement.clientWidth + 1")
    assert width, "the domain page runs off the screen; its table must scroll inside its box"
    tab.screenshot(path=str(tmp_path / "domain.png"))


def test_edit_an_item_and_its_finding_disappears(small, tab, tmp_path):
    root, url = small
    code = item(root, "救助结果").code
    tab.goto(f"{url}/item/{code}")
    assert "公开时限" in findings_text(tab)
    tab.click("#edit")
    tab.fill("input[name=deadline]", "信息形成或者变更之日起20个工作日内")
    tab.screenshot(path=str(tmp_path / "edit.png"), full_page=True)
    tab.click("#save")
    tab.wait_for_selector("#notice")
    assert "已保存" in tab.inner_text("#notice")
    assert "公开时限" not in findings_text(tab)
    assert item(root, "救助结果").deadline == "信息形成或者变更之日起20个工作日内"


def test_submit_and_approve_and_see_a_blocked_approve_refused(small, tab, tmp_path):
    root, url = small
    good, bad = item(root, "办事指南").code, item(root, "救助结果").code
    for code in (good, bad):
        tab.goto(f"{url}/item/{code}")
        tab.click("button[value=submit]")
        tab.wait_for_selector("#notice")
    tab.goto(f"{url}/item/{good}")
    tab.fill("form[action$='/event/approve'] input[name=reason]", "核对无误")
    tab.click("button[value=approve]")
    tab.wait_for_selector("#notice")
    assert "已发布" in tab.inner_text("hgroup")
    assert item(root, "办事指南").status == "published"
    tab.goto(f"{url}/item/{bad}")
    assert "error-level finding" in tab.inner_text("#lifecycle")     # the reason shows before the click
    tab.click("button[value=approve]")
    tab.wait_for_selector("#refusal")
    assert "未完成" in tab.inner_text("#refusal")
    tab.screenshot(path=str(tmp_path / "refused.png"), full_page=True)
    assert item(root, "救助结果").status == "in_review"


def test_two_pages_editing_one_item_the_second_save_is_refused(small, browser, tab):
    root, url = small
    code = item(root, "办事指南").code
    other = browser.new_context(locale="zh-CN").new_page()
    tab.goto(f"{url}/item/{code}/edit")
    other.goto(f"{url}/item/{code}/edit")
    tab.fill("input[name=body]", "区民政局")
    tab.click("#save")
    tab.wait_for_selector("#notice")
    other.fill("textarea[name=note]", "另一页面的备注")
    other.click("#save")
    other.wait_for_selector("#conflict")
    assert "该事项已被他人修改" in other.inner_text("main")
    assert "区民政局" in other.inner_text("#conflict")
    assert other.input_value("textarea[name=note]") == "另一页面的备注"     # the input is kept
    assert item(root, "办事指南").body == "区民政局"
    other.context.close()


def test_upload_a_real_workbook_dry_run_then_apply(tmp_path, live_server, tab):
    """The 社会救助 catalogue as adopted from the real tables, exported as the ministries' workbook."""
    from gongkai.catalog.tables.export import export

    source = tmp_path / "adopted"
    init_workspace(source, "410106", "上街区", adopt=True)
    d = Workspace.load(source).domain("19")
    book = tmp_path / "19 社会救助.xlsx"
    export([(d.model.domain, d.model.items)], "xlsx", book)
    root = make_root(tmp_path, [], name="empty")
    url = live_server(root)
    tab.goto(f"{url}/transfer")
    tab.set_input_files("#upload input[type=file]", str(book))
    tab.click("#upload button[type=submit]")
    tab.wait_for_selector("#added-count")
    assert int(tab.inner_text("#added-count")) == len(d.model.items)
    assert not list(Workspace.load(root).items())
    tab.screenshot(path=str(tmp_path / "import.png"), full_page=True)
    tab.click("#apply-import button")
    tab.wait_for_selector("#notice")
    loaded = Workspace.load(root).domain("19")
    assert [(i.category, i.name) for i in loaded.model.items] == [(i.category, i.name) for i in d.model.items]


def test_domain_filters_update_the_table_in_place(small, tab):
    root, url = small
    tab.goto(f"{url}/domain/19")
    assert tab.locator("#items tbody tr").count() == 2
    tab.evaluate("window.notReloaded = true")
    tab.fill("input[name=q]", "救助结果")
    tab.wait_for_function("document.querySelectorAll('#items tbody tr').length === 1")
    assert tab.evaluate("window.notReloaded === true")         # htmx swapped the table, the page stayed
    assert "q=" in tab.url                                      # and the address can be bookmarked
    assert item(root, "救助结果").code in tab.inner_text("#items")
