"""`gongkai report tables` and `gongkai report check`: outputs, round trips, exit codes."""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from gongkai.cli import report_cmds

DATA = Path(__file__).resolve().parents[1] / "data" / "reports"
SJ = DATA / "shangjie-2020.txt"
SH = DATA / "shanghai-office-2025.md"

app = typer.Typer()


@app.callback()
def _root() -> None:
    """The report commands as `gongkai` mounts them."""


report_cmds.register(app)
runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, ["report", *[str(a) for a in args]])


def test_tables_markdown_to_stdout():
    r = invoke("tables", SJ)
    assert r.exit_code == 0, r.output
    assert "| 行政许可 | 383 | +15 | 16840 |" in r.output
    assert "| （七）总计 | 63 | 2 | 0 | 0 | 6 | 0 | 71 |" in r.output
    assert "| 行政诉讼（复议后起诉） | 0? | 0? | 0? | ? | ? |" in r.output


def test_tables_json_file_is_read_back_by_check(tmp_path):
    out = tmp_path / "shangjie.json"
    assert invoke("tables", SJ, "--format", "json", "-o", out).exit_code == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["format"] == "2019" and data["tables"]["表三"]["一、本年新收"]["总计"] == {"value": 69, "line": 230}
    direct, again = invoke("check", SJ, "--format", "json"), invoke("check", out, "--format", "json")
    strip = lambda s: [{k: v for k, v in f.items() if k != "file"} for f in json.loads(s)["reports"][0]["findings"]]  # noqa: E731
    assert strip(direct.output) == strip(again.output)


@pytest.mark.parametrize("name", ["shangjie-2020.txt", "shanghai-office-2025.md", "shanghai-office-2025.txt",
                                  "shuyang-fgj-2023-partial.md", "shuyang-fgj-2023-partial.txt", "shuyang-fgj-2023.html"])
def test_tables_xlsx_file_is_read_back_by_check(tmp_path, name):
    """The workbook gives the JSON route's cells and findings; it keeps no source line of a cell."""
    from gongkai.rules.reports.reading import load_report

    js, xl = tmp_path / "r.json", tmp_path / "r.xlsx"
    assert invoke("tables", DATA / name, "--format", "json", "-o", js).exit_code == 0
    assert invoke("tables", DATA / name, "--format", "xlsx", "-o", xl).exit_code == 0
    a, b = load_report(js), load_report(xl)
    assert b.source == "xlsx"
    assert [(a.title, a.unit, a.year, a.format, a.format_evidence, a.notes, a.narrative)] == \
        [(b.title, b.unit, b.year, b.format, b.format_evidence, b.notes, b.narrative)]
    cells = lambda rep: [(t, r, c, x.state, x.value) for t, r, c, x in rep.cells()]   # noqa: E731
    assert cells(a) == cells(b)
    via_json, via_xlsx = invoke("check", js, "--format", "json"), invoke("check", xl, "--format", "json")
    assert via_xlsx.exit_code == via_json.exit_code, via_xlsx.output
    strip = lambda s: [{k: v for k, v in f.items() if k not in ("file", "line")}   # noqa: E731
                       for f in json.loads(s)["reports"][0]["findings"]]
    assert strip(via_json.output) == strip(via_xlsx.output)
    assert invoke("check", xl, "--from", "xlsx").exit_code == via_json.exit_code


def test_check_rejects_a_workbook_not_ours(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "表三"
    wb.save(tmp_path / "other.xlsx")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not a zip archive")
    for name, words in (("other.xlsx", "no sheet 说明、表二、表四"), ("broken.xlsx", "a damaged .xlsx workbook")):
        r = invoke("check", tmp_path / name)
        assert r.exit_code == 2 and name in r.output and words in r.output, r.output
        assert "written by `gongkai report tables --format xlsx`" in r.output and "Traceback" not in r.output


def test_tables_toml_and_xlsx(tmp_path):
    r = invoke("tables", SH, "--format", "toml")
    assert r.exit_code == 0
    data = tomllib.loads(r.output)
    assert data["tables"]["表二"]["规范性文件"]["本年废止件数"] == "?"
    assert data["tables"]["表二"]["规章"]["本年制发件数"] == "22（其中修订 16 件）"

    from openpyxl import load_workbook

    out = tmp_path / "t.xlsx"
    assert invoke("tables", SJ, "--format", "xlsx", "-o", out).exit_code == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["说明", "表二", "表三", "表四", "正文"]
    t3 = wb["表三"]
    assert [t3.cell(row=2, column=j).value for j in range(1, 9)] == ["一、本年新收", 61, 2, 0, 0, 6, 0, 69]
    missing = wb["表四"].cell(row=4, column=6)          # 行政诉讼（复议后起诉） / 总计
    assert missing.value is None and "lost in extraction" in missing.comment.text
    from gongkai.rules.reports.reading import load_report

    assert load_report(out).cell("表四", "行政诉讼（复议后起诉）", "总计").state == "missing"
    missing.value = 0                                   # filled in by hand from the published report
    wb.save(out)
    assert load_report(out).cell("表四", "行政诉讼（复议后起诉）", "总计").number == 0
    assert invoke("tables", SJ, "--format", "xlsx").exit_code == 2     # xlsx needs -o
    assert invoke("tables", SJ, "--format", "json", "-o", tmp_path / "t2.xlsx").exit_code == 2   # JSON is no workbook
    assert not (tmp_path / "t2.xlsx").exists()


def test_check_human_output_and_exit_0():
    r = invoke("check", SJ)
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].endswith("郑州市上街区人民政府 2020, 2019 format (text)")
    assert any("AR104  n/a" in ln and "表四 行政复议 / 总计" in ln for ln in lines)
    assert lines[-1].startswith("1 report, 12 rules: 0 errors, 0 warnings, 1 info, 5 not assessable;")


def test_check_exit_1_on_errors_and_json(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text(SH.read_text("utf-8").replace("| 40 | 0 | 10 | 5 | 55 |", "| 40 | 0 | 10 | 5 | 54 |"), "utf-8")
    r = invoke("check", bad, SH, "--format", "json")
    assert r.exit_code == 1
    out = json.loads(r.output)
    assert out["summary"]["error"] == 1 and out["summary"]["reports"] == 2
    f = out["reports"][0]["findings"][0]
    assert (f["rule"], f["item"], f["data"]["expected"], f["data"]["rhs_sum"]) == ("AR104", "表四 行政复议 / 总计", 55, 54)
    assert out["reports"][1]["findings"] == []


def test_warnings_fail_only_with_fail_on_warning():
    town = DATA / "xinjiang-township-2023-excerpt.md"
    assert invoke("check", town).exit_code == 0
    assert invoke("check", town, "--fail-on", "warning").exit_code == 1
    assert invoke("check", DATA / "fixture-large-city-2025.md", "--level", "county", "--fail-on", "warning").exit_code == 1
    assert invoke("check", DATA / "fixture-large-city-2025.md", "--level", "city", "--fail-on", "warning").exit_code == 0


def test_select_and_ignore(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text(SH.read_text("utf-8").replace("| 40 | 0 | 10 | 5 | 55 |", "| 40 | 0 | 10 | 5 | 54 |"), "utf-8")
    assert invoke("check", bad, "--ignore", "AR104").exit_code == 0
    r = invoke("check", bad, "--select", "AR1", "--format", "json")
    assert r.exit_code == 1 and json.loads(r.output)["summary"]["rules"] == 5


def test_previous(tmp_path):
    from gongkai.rules.reports.structured import to_dict
    from gongkai.rules.reports.reading import load_report

    data = to_dict(load_report(SH))
    data["year"] = 2024
    data["tables"]["表三"]["四、结转下年度继续办理"]["总计"] = {"value": 180}
    prev = tmp_path / "2024.json"
    prev.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    r = invoke("check", SH, "--previous", prev)
    assert r.exit_code == 1 and "AR201" in r.output and "上年结转 (2025) is 189, 结转下年度 (2024) is 180: they differ by 9" in r.output


@pytest.mark.parametrize("args, words", [
    (("check", DATA / "absent.txt"), "cannot read the file"),
    (("check", SH, "--format", "xml"), "xml"),
    (("check", SH, "--level", "village"), "--level"),
    (("check", SH, SJ, "--previous", SJ), "exactly one report"),
    (("check", SH, "--select", "XYZ"), "no AR rule"),
    (("tables", SH, "--from", "pdf"), "pdf"),
])
def test_usage_and_input_errors_exit_2(args, words):
    r = invoke(*args)
    assert r.exit_code == 2
    assert words in r.output
    assert "Traceback" not in r.output


def test_a_workbook_total_typed_as_a_formula_is_read_by_its_saved_value(tmp_path):
    """Officers retype a total as =SUM(…); Excel saves the formula with its value, which is what counts."""
    import re
    import zipfile

    plain, summed = tmp_path / "t.xlsx", tmp_path / "t-sum.xlsx"
    assert invoke("tables", SJ, "--format", "xlsx", "-o", plain).exit_code == 0
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(summed, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet3.xml":          # 表三: H2 is 一、本年新收 / 总计 = 69
                data, n = re.subn(rb'<c r="H2"([^>]*)><v>69</v></c>', rb'<c r="H2"\1><f>SUM(B2:G2)</f><v>69</v></c>', data)
                assert n == 1
            dst.writestr(info, data)
    direct, again = invoke("check", plain, "--format", "json"), invoke("check", summed, "--format", "json")
    assert again.exit_code == direct.exit_code == 0, again.output
    strip = lambda out: [{k: v for k, v in f.items() if k != "file"} for f in json.loads(out)["reports"][0]["findings"]]  # noqa: E731
    assert strip(again.output) == strip(direct.output)
