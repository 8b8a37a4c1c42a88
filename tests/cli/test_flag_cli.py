"""gongkai flags: the monthly 红黑旗 board from compliance figures (synthetic items and records)."""
from __future__ import annotations

import json

import pytest

import sys
from pathlib import Path

from web_support import make_root

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))     # roles_support

DEPTS = '''
[[departments]]
name = "上街区民政局"
aliases = ["区民政局"]

[[departments]]
name = "上街区财政局"
aliases = ["区财政局"]
'''
HEADER = "事项编码,信息标题,形成日期,发布日期,发布渠道,链接\n"


@pytest.fixture
def root(tmp_path):
    from gongkai.catalog.records.store import import_records
    from gongkai.catalog.workspace import Workspace

    towns = "、各乡(镇)人民政府(街道办事处)"
    root = make_root(tmp_path, [{"body": "区民政局" + towns}, {"name": "资金发放", "body": "区财政局" + towns}])
    with open(root / "gongkai.toml", "a", encoding="utf-8") as fh:
        fh.write(DEPTS)
    codes = {i.name: i.code for _, i in Workspace.load(root).items()}
    mz, cz = tmp_path / "mz.csv", tmp_path / "cz.csv"
    mz.write_text(HEADER + f"{codes['办事指南']},六月低保标准,2026-06-01,2026-06-03,政府网站,http://x.example/1\n", "utf-8")
    cz.write_text(HEADER + "".join(f"{codes['资金发放']},五月资金{n},2026-05-0{n},,政府网站,\n" for n in (6, 7, 8)), "utf-8")
    import_records(root, mz, dept="上街区民政局")
    import_records(root, cz, dept="上街区财政局")
    return root


def test_the_board_gives_red_to_the_punctual_and_black_to_the_overdue(gk, root):
    code, out, err = gk("flags", "--month", "2026-06", "--format", "json", "-w", root)
    assert code == 0, err
    board = {u["dept"]: u for u in json.loads(out)["units"]}
    assert board["上街区民政局"]["flag"] == "red" and board["上街区民政局"]["on_time_rate"] == 1.0
    assert board["上街区财政局"]["flag"] == "black" and board["上街区财政局"]["overdue_open"] == 3
    assert any("月末仍超期未公开 >= 3" in r for r in board["上街区财政局"]["reasons"])
    assert not (root / "flags").exists()                     # nothing kept without --save


def test_a_month_with_nothing_due_gives_no_red_flag_and_says_why(gk, root):
    code, out, _ = gk("flags", "--month", "2026-04", "-w", root)
    assert code == 0
    line = next(ln for ln in out.splitlines() if "上街区民政局" in ln)
    assert line.startswith("无") and "未达到：应公开 >= 1" in line


def test_saved_boards_are_kept_as_history(gk, root):
    from gongkai.rules.assessment.flags import board_history

    assert gk("flags", "--month", "2026-05", "--save", "-w", root)[0] == 0
    code, out, _ = gk("flags", "--month", "2026-06", "--save", "-w", root)
    assert code == 0 and "saved flags/2026-06.toml" in out
    assert [b["month"] for b in board_history(root)] == ["2026-06", "2026-05"]


def test_the_units_own_scheme_is_used_and_a_bad_one_names_its_line(gk, root):
    (root / "flags.toml").write_text('name = "严格"\n[[black]]\nmetric = "late"\nop = ">="\nvalue = 0\n', "utf-8")
    code, out, _ = gk("flags", "--month", "2026-06", "--format", "json", "-w", root)
    assert code == 0 and {u["flag"] for u in json.loads(out)["units"]} == {"black"}
    (root / "flags.toml").write_text('name = "坏"\n[[red]]\nmetric = "speed"\nop = ">="\nvalue = 1\n', "utf-8")
    code, _, err = gk("flags", "--month", "2026-06", "-w", root)
    assert code == 2 and "flags.toml:3" in err and "speed" in err
    assert gk("flags", "--month", "2026-13", "-w", root)[0] == 2


def test_the_board_in_the_browser_and_its_archive_is_the_officers(root, tmp_path):
    from starlette.testclient import TestClient

    from gongkai.catalog.users import add_user
    from gongkai.web.app import create_app
    from roles_support import PASSWORD, csrf_of, login

    add_user(root, "wang", "officer", PASSWORD)
    add_user(root, "sun", "assessor", PASSWORD)
    sun = TestClient(create_app(root), base_url="http://127.0.0.1")
    login(sun, "sun")
    page = sun.get("/assess/flags", params={"month": "2026-06"})
    assert page.status_code == 200
    row = page.text[page.text.index("上街区财政局") - 60:]
    assert 'class="flag-black">黑旗' in row[:80]
    token = csrf_of(page.text)
    assert sun.post("/assess/flags", data={"csrf": token, "month": "2026-06"}).status_code == 403
    assert not (root / "flags").exists()
    wang = TestClient(create_app(root), base_url="http://127.0.0.1")
    login(wang, "wang")
    token = csrf_of(wang.get("/assess/flags").text)
    r = wang.post("/assess/flags", data={"csrf": token, "month": "2026-06"})
    assert r.status_code == 200 and "已存档" in r.text and (root / "flags" / "2026-06.toml").is_file()
    assert '<a href="/assess/flags?month=2026-06">' in r.text
