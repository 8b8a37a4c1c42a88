"""Assessor pages: a checklist drawn as XLSX, filled in the browser (saved as it goes) and scored,
a filled workbook uploaded, and an annual report with its failed rule marked on its cell."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from gongkai.web.app import create_app
from roles_support import csrf_of, login, roles_root, snapshot

REPORTS = Path(__file__).resolve().parents[1] / "data" / "reports"


@pytest.fixture
def root(tmp_path):
    return roles_root(tmp_path)


@pytest.fixture
def sun(root):
    c = TestClient(create_app(root), base_url="http://127.0.0.1", raise_server_exceptions=False)
    assert login(c, "sun").status_code == 303
    return c


def test_the_checklist_workbook_is_the_one_gongkai_checklist_writes(root, sun, tmp_path):
    from gongkai.catalog.workspace import Workspace
    from gongkai.rules.assessment.checklist import build_checklist
    from openpyxl import load_workbook

    from gongkai.catalog.errors import InputError
    from gongkai.rules.assessment.checklist_xlsx import read_filled_checklist

    r = sun.get("/assess/checklist.xlsx", params={"dept": "上街区民政局", "sample": "1", "seed": "7"})
    assert r.status_code == 200 and r.content[:2] == b"PK"
    path = tmp_path / "drawn.xlsx"
    path.write_bytes(r.content)
    expected = build_checklist(Workspace.load(root), dept="上街区民政局", sample=1, seed="7")
    with pytest.raises(InputError, match="no result for the item"):      # read back as `gongkai score` does
        read_filled_checklist(path)
    book = load_workbook(path)
    assert book["检查表"].cell(1, 1).value.startswith(expected.title()[:12])
    text = " ".join(str(c.value) for row in book["检查表"].iter_rows() for c in row if c.value)
    assert all(line.code in text for line in expected.lines)
    assert sun.get("/assess/checklist.xlsx", params={"sample": "x"}).status_code == 400


def _start(sun, **options) -> str:
    token = csrf_of(sun.get("/assess").text)
    r = sun.post("/assess/fill", data={"csrf": token, **options}, follow_redirects=False)
    assert r.status_code == 303
    return r.headers["location"]


def test_a_checklist_filled_in_the_browser_is_saved_as_it_goes_and_scored(root, sun):
    url = _start(sun, dept="上街区民政局")
    page = sun.get(url).text
    token, lines = csrf_of(page), len(re.findall(r'name="r(\d+)"', page))
    assert lines > 3
    # the page posts each change at once (htmx); the first line is saved before the tab is closed
    r = sun.post(url, data={"csrf": token, "r1": "符合", "r2": "不符合", "u2": "http://x.example/a", "s2": "2026-11-02",
                            "n2": "未公开"}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "已保存" in r.text
    again = sun.get(url).text                                        # a new tab: the answers are there
    assert re.search(r'<option selected>不符合</option>', again) and "http://x.example/a" in again
    early = sun.get(url + "/score")                                  # other items' lines are still blank
    assert early.status_code == 400 and "未填写结果" in early.text
    bad = sun.post(url, data={"csrf": token, "r4": "maybe", "s3": "someday", "r3": "符合"}, headers={"HX-Request": "true"})
    assert bad.status_code == 400 and "第 4 行" in bad.text and "第 3 行" in bad.text
    all_lines = {"csrf": token, **{f"r{n}": "符合" for n in range(3, lines + 1)}}
    assert sun.post(url, data=all_lines, follow_redirects=False).status_code == 303
    score = sun.get(url + "/score")
    assert score.status_code == 200 and "上街区民政局" in score.text
    deductions = score.text[score.text.index('id="deductions"'):]
    assert "未公开" in deductions and deductions.count("<tr>") == 2      # header + the one 不符合 line
    xlsx = sun.get(url + "/score", params={"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_a_fill_is_refused_when_the_catalogue_changed_since_it_was_drawn(root, sun):
    from gongkai.catalog.workspace import Workspace

    url = _start(sun, dept="上街区民政局")
    with Workspace.transaction(root) as ws:
        d, item = next((d, i) for d, i in ws.items() if i.name == "办事指南")
        d.model.items[d.model.items.index(item)] = item.model_copy(update={"deadline": "10个工作日内"})
    r = sun.get(url)
    assert r.status_code == 400 and "目录已变化" in r.text


def test_an_uploaded_filled_workbook_is_scored_and_a_foreign_file_refused(root, sun, tmp_path):
    from openpyxl import load_workbook

    drawn = sun.get("/assess/checklist.xlsx", params={"dept": "上街区民政局"}).content
    path = tmp_path / "filled.xlsx"
    path.write_bytes(drawn)
    book = load_workbook(path)
    sheet = book["检查表"]
    header = next(r for r in sheet.iter_rows(min_row=1, max_row=10) if any("结果" in str(c.value) for c in r))
    col = next(c.column for c in header if "结果" in str(c.value))
    for row in range(header[0].row + 1, sheet.max_row + 1):
        if sheet.cell(row, 1).value:
            sheet.cell(row, col).value = "符合"
    book.save(path)
    token = csrf_of(sun.get("/assess").text)
    r = sun.post("/assess/score", data={"csrf": token, "scheme": "default"},
                 files={"file": ("民政局检查表.xlsx", path.read_bytes())})
    assert r.status_code == 200 and 'id="ranking"' in r.text
    junk = sun.post("/assess/score", data={"csrf": token}, files={"file": ("x.xlsx", b"not a workbook")})
    assert junk.status_code == 400 and "x.xlsx" in junk.text


def test_a_report_upload_marks_the_failed_rule_on_its_cell(root, sun, tmp_path):
    text = (REPORTS / "shanghai-office-2025.md").read_text("utf-8")
    planted = text.replace("| 一、本年新收 | 1259 | 36 | 0 | 0 | 0 | 0 | 1295 |",
                           "| 一、本年新收 | 1259 | 36 | 0 | 0 | 0 | 0 | 1296 |")
    assert planted != text
    token = csrf_of(sun.get("/assess/report").text)
    before = snapshot(root)
    r = sun.post("/assess/report", data={"csrf": token}, files={"file": ("年报.md", planted.encode("utf-8"))})
    assert r.status_code == 200
    cell = re.search(r'<td class="num bad-cell"[^>]*>1296 <small>([^<]*)</small>', r.text)
    assert cell and "AR102" in cell.group(1)
    clean = sun.post("/assess/report", data={"csrf": token, "text": text})      # pasted
    assert clean.status_code == 200 and "1295" in clean.text and "bad-cell\"" not in clean.text.split('id="report-findings"')[1]
    assert snapshot(root) == before                                           # checking writes nothing


def test_an_assessor_cannot_write_to_the_catalogue_or_records(root, sun):
    from roles_support import codes

    token = csrf_of(sun.get("/").text)
    before = snapshot(root)
    code = codes(root)["办事指南"]
    for path in (f"/item/{code}/edit", f"/item/{code}/event/submit", "/dept/records", "/import"):
        assert sun.post(path, data={"csrf": token}).status_code == 403
    assert snapshot(root) == before
