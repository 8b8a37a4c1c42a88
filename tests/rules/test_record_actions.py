"""What a department clerk reads in comply's fix-first list: Chinese, the next step, the CMS row."""
from __future__ import annotations

import json


from assessment_helpers import write_csv
from gongkai.catalog.workspace import Workspace
from gongkai.rules.engine.finding import Finding
from gongkai.rules.records.actions import KIND_ZH, explain

HEADER = ["事项编码", "信息标题", "形成日期", "发布时间", "发布渠道", "链接"]


def test_every_record_rule_has_chinese_words_and_a_next_step():
    from gongkai.rules.engine.registry import all_rules

    rec = sorted(r.code for r in all_rules() if r.code.startswith("REC"))
    assert rec and sorted(KIND_ZH) == rec
    for code in rec:
        said = explain(Finding(code, "error", "english", data={"title": "t", "due": "2026-03-16", "days_overdue": 4,
                                                                 "unit": "workdays", "missing": ["a"]}))
        assert said.problem != "english" and said.action and any("\u4e00" <= ch <= "\u9fff" for ch in said.problem)


def test_the_fix_first_list_names_the_cms_file_and_row(gk, ws, tmp_path):
    code = next(i.code for d, i in Workspace.load(ws).items() if d.code == "19")
    csv_path = write_csv(tmp_path / "民政局-2026Q1.csv", HEADER, [
        [code, "临时救助政策文件", "2026-03-02", "", "政府网站", "http://x/1"],        # row 2: never published
        ["19-09-001", "错误编码的信息", "2026-03-02", "2026-03-05", "政府网站", "http://x/3"],   # row 3
    ])
    assert gk("records", "import", csv_path, "-w", ws)[0] == 0
    data = json.loads(gk("comply", "--as-of", "2026-03-31", "--format", "json", "-w", ws)[1])
    fixes = {f["rule"]: f for d in data["departments"] for f in d["fix_first"]}
    overdue, unknown = fixes["REC002"], fixes["REC006"]
    assert overdue["where_zh"] == "民政局-2026Q1.csv 第 2 行" and unknown["where_zh"] == "民政局-2026Q1.csv 第 3 行"
    assert "《临时救助政策文件》应于" in overdue["problem_zh"] and "已超期" in overdue["problem_zh"]
    assert "发布日期" in overdue["action_zh"] and "事项编码" in unknown["action_zh"]
    assert overdue["message"].startswith("not published")            # English kept for machines
    _, out, _ = gk("comply", "--as-of", "2026-03-31", "-w", ws)
    assert "【超期未公开】《临时救助政策文件》" in out and "（民政局-2026Q1.csv 第 2 行）" in out
    assert "records/" not in out.split("先改这些")[1].split("\n")[1]     # no TOML path for the clerk


def test_the_workbook_fix_sheet_leads_with_the_chinese_columns(gk, ws, tmp_path):
    from openpyxl import load_workbook

    code = next(i.code for d, i in Workspace.load(ws).items() if d.code == "19")
    csv_path = write_csv(tmp_path / "q.csv", HEADER, [[code, "政策", "2026-03-02", "", "政府网站", ""]])
    assert gk("records", "import", csv_path, "-w", ws)[0] == 0
    out = tmp_path / "c.xlsx"
    assert gk("comply", "--as-of", "2026-03-31", "--format", "xlsx", "-o", out, "-w", ws)[0] == 0
    sheet = load_workbook(out)["先改 fix first"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[2:7] == ["问题类型 kind", "事项 item", "问题 problem", "怎么改 action", "在哪里 where (CMS 导出)"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert any(r[2] == "超期未公开" and r[6] == "q.csv 第 2 行" for r in rows)
