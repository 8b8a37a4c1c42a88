"""Departments and assessors in a real browser: records upload → a late one in compliance, the refusals
of a department (approve, another department's item), an assessor filling and scoring a checklist.

Screenshots go to the test's tmp folder (and GONGKAI_SCREENSHOTS, when set, for the README)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from roles_support import PASSWORD, codes, roles_root, snapshot


@pytest.fixture
def tab(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def served(tmp_path, live_server):
    root = roles_root(tmp_path)
    return root, live_server(root)


def shot(tab, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    tab.screenshot(path=str(path), full_page=True)
    if os.environ.get("GONGKAI_SCREENSHOTS"):
        shutil.copy(path, Path(os.environ["GONGKAI_SCREENSHOTS"]) / name)


def log_in(tab, url: str, name: str) -> None:
    tab.goto(url + "/")
    assert "/login" in tab.url
    tab.fill("input[name=name]", name)
    tab.fill("input[name=password]", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(url + "/")


def test_a_department_uploads_records_and_sees_the_late_one(served, tab, tmp_path):
    root, url = served
    code = codes(root)["办事指南"]
    export = tmp_path / "民政局CMS导出.csv"
    export.write_text("事项编码,信息标题,形成日期,发布日期,发布渠道,链接\n"
                      f"{code},低保标准调整,2026-03-02,2026-03-05,政府网站,http://x.example/1\n"
                      f"{code},低保资金发放,2026-03-02,2026-04-15,政府网站,http://x.example/2\n", "utf-8")
    log_in(tab, url, "li")
    assert "上街区民政局" in tab.locator("nav.top").inner_text()
    tab.click("text=公开记录")
    tab.set_input_files("#upload input[type=file]", str(export))
    tab.click("#upload button")
    assert "已导入 民政局CMS导出.csv：2 条记录" in tab.locator(".notice").inner_text()
    assert tab.locator("#records tbody tr").count() == 2
    tab.goto(url + "/dept/compliance?as_of=2026-06-30")
    late = tab.locator("#fixes tbody tr", has_text="超期公开")
    assert late.count() == 1 and "2026-04-15" in late.inner_text()
    shot(tab, tmp_path, "roles-dept-compliance.png")


def test_a_department_is_refused_approving_or_editing_another_departments_item(served, tab, tmp_path):
    root, url = served
    own, other = codes(root)["办事指南"], codes(root)["资金发放"]
    log_in(tab, url, "li")
    tab.goto(f"{url}/item/{own}")
    tab.click("button[value=submit]")
    assert "提交审核" in tab.locator(".notice").inner_text()
    before = snapshot(root)
    approve = tab.locator("button[value=approve]")
    if approve.count():                       # shown or not, the server refuses it
        approve.click()
        assert "无权" in tab.locator(".refusal").inner_text()
        shot(tab, tmp_path, "roles-dept-approve-refused.png")
    else:
        response = tab.request.post(f"{url}/item/{own}/event/approve", form={"csrf": "x"})
        assert response.status == 403
    tab.goto(f"{url}/item/{other}/edit")
    assert "只能编辑和提交本部门的事项" in tab.locator(".refusal").inner_text()
    shot(tab, tmp_path, "roles-dept-other-refused.png")
    assert snapshot(root) == before


def test_an_assessor_fills_a_checklist_in_the_browser_and_scores_it(served, tab, tmp_path):
    root, url = served
    log_in(tab, url, "sun")
    tab.click("text=抽查清单")
    tab.select_option("#draw select[name=dept]", "上街区民政局")
    tab.click("#draw button:has-text('在网页上填写')")
    tab.wait_for_url("**/assess/fill/*")
    fill_url = tab.url
    selects = tab.locator("select[name^=r]")
    assert selects.count() > 3
    tab.select_option("select[name=r1]", "符合")
    tab.select_option("select[name=r2]", "不符合")
    tab.fill("input[name=n2]", "网站未见该要素")
    tab.locator("input[name=n2]").blur()
    tab.wait_for_function("document.querySelector('#save-state').innerText.includes('已保存')")
    for n in range(3, selects.count() + 1):
        tab.select_option(f"select[name=r{n}]", "符合")
    tab.click("#fill button[type=submit] >> nth=0")
    tab.goto(fill_url)                        # a closed tab loses nothing
    assert tab.locator("select[name=r2]").input_value() == "不符合"
    assert tab.locator("input[name=n2]").input_value() == "网站未见该要素"
    shot(tab, tmp_path, "roles-assess-fill.png")
    tab.click("a:has-text('评分')")
    assert "上街区民政局" in tab.locator("#ranking").inner_text()
    assert "网站未见该要素" in tab.locator("#deductions").inner_text()
    shot(tab, tmp_path, "roles-assess-score.png")


def test_an_assessor_sees_a_failed_rule_on_its_cell(served, tab, tmp_path):
    root, url = served
    source = Path(__file__).resolve().parents[1] / "data" / "reports" / "shanghai-office-2025.md"
    planted = tmp_path / "年报（改动一格）.md"
    planted.write_text(source.read_text("utf-8").replace("| 一、本年新收 | 1259 | 36 | 0 | 0 | 0 | 0 | 1295 |",
                                                         "| 一、本年新收 | 1259 | 36 | 0 | 0 | 0 | 0 | 1296 |"), "utf-8")
    log_in(tab, url, "sun")
    tab.click("nav >> text=年度报告")
    tab.set_input_files("#report-form input[name=file]", str(planted))
    tab.click("#report-form button")
    cell = tab.locator("td.bad-cell", has_text="1296")
    assert cell.count() == 1 and "AR102" in cell.inner_text()
    assert "AR102" in tab.locator("#report-findings").inner_text()
    cell.scroll_into_view_if_needed()
    shot(tab, tmp_path, "roles-assess-report.png")
