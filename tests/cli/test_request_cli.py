"""`gongkai request …` and `gongkai report draft` from the command line: output, exit codes, personal data."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rules"))
import requests_register  # noqa: E402


@pytest.fixture
def ws(make_workspace):
    return make_workspace()


def test_add_event_show_due_and_personal_data(gk, ws):
    code, out, err = gk("request", "add", "--received", "2026-09-28", "--channel", "在线", "--type", "个人",
                        "--subject", "某小区规划许可", "--dept", "区住建局", "--topic", "规划许可",
                        "--name", "李某", "--phone", "13900000009", "-w", ws)
    assert code == 0, err
    assert out.startswith("added 2026-0001: 办理中 open: reply due 2026-10-30")
    code, out, _ = gk("request", "due", "--as-of", "2026-10-28", "--format", "json", "-w", ws)
    (row,) = json.loads(out)["applications"]
    assert (row["deadline"], row["remaining"], row["overdue"]) == ("2026-10-30", 2, False)
    code, out, _ = gk("request", "due", "--as-of", "2026-10-28", "--within", "1", "--format", "json", "-w", ws)
    assert json.loads(out)["applications"] == []
    code, out, _ = gk("request", "event", "2026-0001", "extension", "--on", "2026-10-20", "--days", "20",
                      "--approved-by", "政务公开办主任", "-w", ws)
    assert code == 0 and "reply due 2026-11-27" in out
    code, out, _ = gk("request", "event", "2026-0001", "答复", "--on", "2026-11-20", "--outcome", "不予公开 4", "-w", ws)
    assert code == 0 and "closed 2026-11-20 (on time" in out
    code, out, _ = gk("request", "show", "2026-0001", "-w", ws)
    assert "（三）4.保护第三方合法权益" in out and "李某" not in out and "P2026-0001" in out
    code, out, _ = gk("request", "show", "2026-0001", "--personal", "-w", ws)
    assert "李某" in out and "13900000009" in out
    code, out, _ = gk("request", "list", "--format", "json", "-w", ws)
    assert "李某" not in out and json.loads(out)[0]["number"] == "2026-0001"


@pytest.mark.parametrize("args, words", [
    (["event", "2026-0001", "reply", "--on", "2026-09-01", "--outcome", "予以公开"], "before the application was received"),
    (["event", "2026-0001", "reply", "--on", "2026-10-10", "--outcome", "大体同意"], "unknown outcome '大体同意'"),
    (["add", "--number", "2026-0001", "--received", "2026-10-09", "--channel", "当面", "--type", "自然人",
      "--subject", "又一件"], "already used"),
    (["event", "2026-0001", "reply", "--on", "2026-13-01"], "not a day of the calendar"),
])
def test_bad_input_exits_2_and_changes_nothing(gk, ws, args, words):
    gk("request", "add", "--received", "2026-09-28", "--channel", "当面", "--type", "自然人", "--subject", "x", "-w", ws)
    before = (ws / "requests" / "2026-09.toml").read_text("utf-8")
    code, out, err = gk("request", *args, "-w", ws)
    assert code == 2 and words in err, err
    assert "Traceback" not in err
    assert (ws / "requests" / "2026-09.toml").read_text("utf-8") == before


def test_check_reports_late_replies_with_file_and_line(gk, ws):
    requests_register.store(ws)
    code, out, _ = gk("request", "check", "--as-of", "2025-12-31", "-w", ws)
    assert code == 1
    assert "requests/2025-03.toml" in out and "REQ001" in out and "A05" in out          # replied 04-03, due 03-31
    assert "REQ002" in out and "A02" in out                                              # open since 2024-12-20
    code, out, _ = gk("request", "check", "--as-of", "2025-12-31", "--select", "REQ005", "-w", ws)
    assert code == 0


def test_stats_and_hot_outputs(gk, ws, tmp_path):
    requests_register.store(ws)
    code, out, _ = gk("request", "stats", "--year", "2025", "--as-of", "2025-12-31", "--format", "json", "-w", ws)
    data = json.loads(out)
    totals = {r["dept"]: r for r in data["year_totals"]}
    assert totals["区民政局"]["received"] == 2 and totals["区住建局"]["closed"] == 7
    code, out, _ = gk("request", "stats", "--year", "2025", "--as-of", "2025-12-31", "--format", "xlsx",
                      "-o", tmp_path / "月报.xlsx", "-w", ws)
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "月报.xlsx")
    assert book.sheetnames == ["月报 monthly", "全年 year"] and book["全年 year"]["A1"].value == "月份"
    code, out, _ = gk("request", "hot", "--year", "2025", "--by", "applicant", "--format", "json", "-w", ws)
    assert json.loads(out)["groups"][0] == {"key": "P2025-0001", "title": None, "count": 3,
                                           "months": [0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0],
                                           "numbers": ["A04", "A05", "A07"]}


def test_report_draft_then_report_check(gk, ws, tmp_path):
    requests_register.store(ws)
    code, out, err = gk("report", "draft", "--year", "2025", "-o", tmp_path / "2025.md", "-w", ws)
    assert code == 0, err
    assert "新收 10, 上年结转 2, 办结 9, 结转下年度 3" in out
    code, out, _ = gk("report", "check", tmp_path / "2025.md")
    assert code == 0 and "0 errors, 0 warnings" in out
    gk("report", "draft", "--year", "2024", "--format", "json", "-o", tmp_path / "2024.json", "-w", ws)
    code, out, err = gk("report", "draft", "--year", "2025", "--format", "html", "-o", tmp_path / "2025.html",
                        "--previous", tmp_path / "2024.json", "-w", ws)
    assert code == 0, err
    # a previous report whose carry-over the register does not match: the draft is written, and it says so
    prev = json.loads((tmp_path / "2024.json").read_text("utf-8"))
    prev["tables"]["表三"]["四、结转下年度继续办理"]["总计"] = {"value": 5}
    (tmp_path / "2024.json").write_text(json.dumps(prev, ensure_ascii=False), "utf-8")
    code, out, err = gk("report", "draft", "--year", "2025", "--format", "html", "-o", tmp_path / "2025.html",
                        "--previous", tmp_path / "2024.json", "-w", ws)
    assert code == 1 and "AR201" in err
    code, out, err = gk("report", "draft", "--year", "2025", "--format", "xlsx", "-w", ws)
    assert code == 2 and "needs -o" in err


def test_import_from_the_command_line(gk, ws, tmp_path):
    path = tmp_path / "台账.csv"
    path.write_text("申请编号,收到日期,申请方式,申请人类型,申请内容,答复日期,处理结果\n"
                    "Z-1,2026-03-02,当面,自然人,某文件,2026-03-10,予以公开\n"
                    "Z-2,2026-03-03,当面,自然人,另一文件,2026-03-01,予以公开\n", "utf-8")
    code, out, err = gk("request", "import", path, "-w", ws)
    assert code == 2 and "row 3" in err and "答复日期 (column F)" in err
    assert not (ws / "requests").exists()
    path.write_text(path.read_text("utf-8").replace("2026-03-01,予以", "2026-03-11,予以"), "utf-8")
    code, out, err = gk("request", "import", path, "-w", ws)
    assert code == 0 and out.strip() == "imported 2 applications"


def test_edit_and_the_events_that_complete_others(gk, ws):
    gk("request", "add", "--received", "2026-03-02", "--channel", "邮寄", "--type", "商业企业", "--subject", "某合同",
       "--name", "某某公司", "-w", ws)
    code, out, err = gk("request", "event", "2026-0001", "supplement-received", "--on", "2026-03-05", "-w", ws)
    assert code == 2 and "no supplement event" in err
    assert gk("request", "event", "2026-0001", "补正", "--on", "2026-03-03", "-w", ws)[0] == 0
    code, out, _ = gk("request", "event", "2026-0001", "补正收到", "--on", "2026-03-09", "-w", ws)
    # from Mon 03-09: 03-10..13 (4), 03-16..20 (9), 03-23..27 (14), 03-30..04-03 (19), [清明 04-04..06], 04-07 (20)
    assert code == 0 and "reply due 2026-04-07" in out
    gk("request", "event", "2026-0001", "征求意见", "--on", "2026-03-16", "--party", "第三方", "-w", ws)
    code, out, _ = gk("request", "event", "2026-0001", "意见回复", "--on", "2026-03-18", "-w", ws)
    assert "reply due 2026-04-09" in out                      # (03-16, 03-18] not counted: 2 working days
    gk("request", "event", "2026-0001", "答复", "--on", "2026-04-08", "--outcome", "予以公开", "-w", ws)
    gk("request", "event", "2026-0001", "复议", "--on", "2026-05-06", "-w", ws)
    code, out, _ = gk("request", "event", "2026-0001", "复议决定", "--on", "2026-07-01", "--result", "驳回", "-w", ws)
    assert code == 0
    code, out, _ = gk("request", "edit", "2026-0001", "--dept", "区自然资源局", "--topic", "土地出让", "-w", ws)
    assert code == 0 and "dept" in out
    code, out, _ = gk("request", "show", "2026-0001", "--format", "json", "--as-of", "2026-12-31", "-w", ws)
    data = json.loads(out)
    assert data["dept"] == "区自然资源局" and data["topics"] == ["土地出让"] and "personal" not in data
    assert [e["kind"] for e in data["events"]] == ["supplement", "consultation", "reply", "review"]
    assert data["events"][3]["result"] == "维持" and data["clock"]["late"] is False
    assert gk("request", "edit", "2026-0001", "-w", ws)[0] == 2          # nothing to change


def test_personal_data_stays_out_of_reports_and_statistics(gk, ws, tmp_path):
    gk("request", "add", "--received", "2025-03-02", "--channel", "当面", "--type", "自然人", "--subject", "x",
       "--name", "赵某某", "--phone", "13700000000", "--topic", "征收", "-w", ws)
    gk("request", "add", "--received", "2025-03-03", "--channel", "当面", "--type", "自然人", "--subject", "y",
       "--name", "赵某某", "--phone", "13700000000", "--topic", "征收", "-w", ws)
    outs = [gk("request", "stats", "--year", "2025", "--format", "json", "-w", ws)[1],
            gk("request", "hot", "--year", "2025", "--by", "applicant", "--format", "json", "-w", ws)[1],
            gk("request", "list", "-w", ws)[1], gk("report", "draft", "--year", "2025", "--format", "json", "-w", ws)[1]]
    gk("report", "draft", "--year", "2025", "--format", "xlsx", "-o", tmp_path / "d.xlsx", "-w", ws)
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "d.xlsx")
    outs += [str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row]
    assert not any("赵某某" in o or "13700000000" in o for o in outs)
    assert '"count": 2' in outs[1]                 # the same applicant recognised by name and phone
    assert "赵某某" in (ws / "requests" / "applicants" / "2025.toml").read_text("utf-8")


def test_a_mistyped_reply_is_corrected_not_added(gk, ws):
    gk("request", "add", "--received", "2026-03-02", "--channel", "当面", "--type", "自然人", "--subject", "x", "-w", ws)
    gk("request", "event", "2026-0001", "reply", "--on", "2026-04-02", "--outcome", "予以公开", "-w", ws)
    code, _, err = gk("request", "event", "2026-0001", "reply", "--on", "2026-03-20", "--outcome", "部分公开", "-w", ws)
    assert code == 2 and "--correct" in err
    code, out, _ = gk("request", "event", "2026-0001", "reply", "--on", "2026-03-20", "--outcome", "部分公开",
                      "--fee", "30", "--correct", "-w", ws)
    assert code == 0 and "closed 2026-03-20 (on time" in out
    data = json.loads(gk("request", "show", "2026-0001", "--format", "json", "-w", ws)[1])
    assert data["events"] == [{"kind": "reply", "on": "2026-03-20", "outcome": "（二）部分公开", "fee": 30.0}]
    out = gk("report", "draft", "--year", "2026", "-w", ws)[1]
    assert "全年收取信息处理费30元。" in out


def test_a_clock_through_a_year_without_holiday_notice_is_marked_provisional(gk, ws):
    # 2031 has no State Council notice yet: its days are counted provisionally (statutory holidays, no 调休)
    gk("request", "add", "--received", "2031-12-19", "--channel", "当面", "--type", "自然人", "--subject", "x", "-w", ws)
    code, out, _ = gk("request", "check", "--as-of", "2032-03-01", "-w", ws)
    assert code == 1 and "REQ002" in out and "截至2032-03-01未答复" in out and "[暂定]" in out
    assert "marked [暂定] — 暂定 provisional" in out
    data = json.loads(gk("request", "check", "--as-of", "2032-03-01", "--format", "json", "-w", ws)[1])
    assert data["findings"][0]["provisional"] is True and data["findings"][0]["message_zh"].startswith("截至")
    data = json.loads(gk("request", "due", "--as-of", "2031-12-22", "--format", "json", "-w", ws)[1])
    assert "2032" in data["applications"][0]["provisional"]


def test_the_register_workbook_goes_to_excel_and_back(gk, ws, tmp_path):
    requests_register.store(ws)
    path = tmp_path / "台账.xlsx"
    code, out, err = gk("request", "list", "--format", "xlsx", "-o", path, "--as-of", "2025-12-31", "-w", ws)
    assert code == 0, err
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book["登记台账 register"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["申请编号", "收到日期", "申请方式", "申请人类型"] and "处理结果" in header
    before = {p.name: p.read_text("utf-8") for p in (ws / "requests").glob("*.toml")}
    # imported back unchanged, the register does not change (A13 and A14 have one event of each kind)
    code, out, err = gk("request", "import", path, "--update", "-w", ws)
    assert code == 0, err
    assert {p.name: p.read_text("utf-8") for p in (ws / "requests").glob("*.toml")} == before
    # an officer corrects a reply date in Excel
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "A07")
    row[header.index("答复日期")].value = "2025-05-29"
    book.save(path)
    gk("request", "import", path, "--update", "-w", ws)
    data = json.loads(gk("request", "show", "A07", "--format", "json", "-w", ws)[1])
    assert data["events"][-1]["on"] == "2025-05-29"


def test_check_follows_the_rules_config_and_waivers(gk, ws):
    requests_register.store(ws)
    config = ws / "gongkai.toml"
    config.write_text(config.read_text("utf-8") + '\n[rules.severity]\nREQ001 = "warning"\n\n[[waivers]]\nrule = "REQ002"\n'
                      'items = ["A02"]\nreason = "申请人撤回，待补登记"\napproved_by = "政务公开办"\nexpires = 2026-06-30\n', "utf-8")
    code, out, _ = gk("request", "check", "--as-of", "2025-12-31", "-w", ws)
    assert code == 0, out                              # REQ001 now a warning; A02's overdue waived
    assert "REQ001 [warning] A05" in out and "A02" not in out and "1 waived" in out
    code, out, _ = gk("request", "check", "--as-of", "2025-12-31", "--fail-on", "warning", "-w", ws)
    assert code == 1


def test_an_item_code_not_in_the_catalogue_is_noted(gk, make_workspace):
    ws = make_workspace(adopt=True)
    from gongkai.catalog.workspace import Workspace

    code = next(i.code for _, i in Workspace.load(ws).items())
    _, out, _ = gk("request", "add", "--received", "2026-03-02", "--channel", "当面", "--type", "自然人", "--subject", "x",
                   "--item", code, "-w", ws)
    assert "note:" not in out
    _, out, _ = gk("request", "add", "--received", "2026-03-02", "--channel", "当面", "--type", "自然人", "--subject", "x",
                   "--item", "19-99-999", "-w", ws)
    assert "note: 1 item code(s) not in the catalogue (19-99-999)" in out


def test_a_department_drafts_its_own_report(gk, ws, tmp_path):
    requests_register.store(ws)
    code, out, err = gk("report", "draft", "--year", "2025", "--dept", "区民政局", "--format", "json",
                        "-o", tmp_path / "mz.json", "-w", ws)
    # 区民政局 handles A06 (法律服务机构, 不掌握) and A14 (商业企业, 无法提供1, litigation 纠正)
    assert code == 0, err
    assert "新收 2, 上年结转 0, 办结 2, 结转下年度 0; 复议 0, 诉讼 1" in out
    data = json.loads((tmp_path / "mz.json").read_text("utf-8"))
    assert data["title"].startswith("区民政局2025年")
    assert data["tables"]["表三"]["（四）1.本机关不掌握相关政府信息"]["总计"]["value"] == 2
    assert gk("report", "check", tmp_path / "mz.json")[0] == 0
