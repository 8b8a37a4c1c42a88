"""Department pages: my items, records upload (refused whole on a bad row), compliance with a late one."""
from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from gongkai.web.app import create_app
from roles_support import codes, csrf_of, login, roles_root, snapshot

AS_OF = "2026-06-30"
HEADER = "事项编码,信息标题,形成日期,发布日期,发布渠道,链接\n"


@pytest.fixture
def root(tmp_path):
    return roles_root(tmp_path)


def client_for(root, who):
    c = TestClient(create_app(root), base_url="http://127.0.0.1", raise_server_exceptions=False)
    assert login(c, who).status_code == 303
    return c


def upload(c, name: str, text: str, query: str = ""):
    token = csrf_of(c.get("/").text)
    return c.post("/dept/records" + query, data={"csrf": token},
                  files={"file": (name, text.encode("utf-8"), "text/csv")})


def test_my_items_are_the_departments_own(root):
    r = client_for(root, "li").get("/dept")
    names = codes(root)
    assert r.status_code == 200
    assert names["办事指南"] in r.text and names["救助结果"] in r.text and names["资金发放"] not in r.text
    row = r.text[r.text.index(names["救助结果"]):]
    assert 'class="num sev-error">1<' in row[:1200]                # its missing 公开时限


def test_a_file_with_a_bad_row_is_refused_whole_and_the_row_named(root):
    c = client_for(root, "li")
    code = codes(root)["办事指南"]
    before = snapshot(root)
    r = upload(c, "cms-export.csv", HEADER + f"{code},低保标准调整,2026-03-02,2026-03-05,政府网站,http://x.example/1\n"
                                            f"{code},低保资金发放,2026-13-45,2026-04-01,政府网站,http://x.example/2\n")
    assert r.status_code == 400
    assert "cms-export.csv row 3" in r.text and "2026-13-45" in r.text and "整份文件均未写入" in r.text
    assert snapshot(root) == before and not list(root.glob(".gongkai-uploads/*/*"))


def test_a_department_uploads_records_and_sees_the_late_one_in_its_compliance(root):
    c = client_for(root, "li")
    code = codes(root)["办事指南"]
    r = upload(c, "cms-export.csv", HEADER + f"{code},低保标准调整,2026-03-02,2026-03-05,政府网站,http://x.example/1\n"
                                            f"{code},低保资金发放,2026-03-02,2026-04-15,政府网站,http://x.example/2\n")
    assert r.status_code == 200 and "已导入 cms-export.csv：2 条记录" in r.text
    stored = list((root / "records").glob("*.toml"))
    assert len(stored) == 1 and 'dept = "上街区民政局"' in stored[0].read_text("utf-8")
    listed = c.get("/dept/records", params={"q": "资金"})
    assert "低保资金发放" in listed.text and "低保标准调整" not in listed.text
    page = c.get("/dept/compliance", params={"as_of": AS_OF})
    assert page.status_code == 200
    fixes = page.text[page.text.index('id="fixes"'):]
    assert "超期公开" in fixes and "《低保资金发放》于 2026-04-15 发布" in fixes
    xlsx = c.get("/dept/compliance.xlsx", params={"as_of": AS_OF})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_a_department_cannot_look_at_another_departments_pages(root):
    c = client_for(root, "zhao")
    r = c.get("/dept", params={"dept": "上街区民政局"})      # the query is ignored: its own department
    assert codes(root)["资金发放"] in r.text and codes(root)["办事指南"] not in r.text


def test_an_officer_chooses_the_department(root):
    c = client_for(root, "wang")
    assert "选择部门" in c.get("/dept").text
    r = c.get("/dept", params={"dept": "上街区财政局"})
    assert codes(root)["资金发放"] in r.text and codes(root)["办事指南"] not in r.text
    assert c.get("/dept", params={"dept": "不存在的局"}).status_code == 404
