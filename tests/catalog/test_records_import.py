"""Reading and importing disclosure records: column variants, date forms, bad rows, nothing half-imported."""
from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assessment_helpers import write_csv
from gongkai.catalog.errors import InputError
from gongkai.catalog.records.cells import column_field, parse_date, split_channels, split_elements
from gongkai.catalog.records.reader import read_record_file
from gongkai.catalog.records.store import import_records, load_records
from gongkai.cli.app import app

runner = CliRunner()
CN_HEADER = ["事项编码", "信息标题", "形成日期", "发布时间", "发布渠道", "链接", "公开内容（要素）", "索引号"]


@pytest.mark.parametrize("header, field", [
    ("事项编码", "code"), ("目录编码", "code"), ("Code", "code"), ("信息标题", "title"), ("形成日期", "formed_on"),
    ("形成(变更)日期", "formed_on"), ("成文日期", "formed_on"), ("formed_on", "formed_on"), ("发布日期", "published_on"),
    ("发布时间", "published_on"), ("公开日期", "published_on"), ("发布日期（必填）", "published_on"),
    ("published_on", "published_on"), ("发布渠道", "channels"), ("channel", "channels"), ("链接", "url"),
    ("URL", "url"), ("公开要素", "elements"), ("公开内容(要素)", "elements"), ("发布机构", "dept"),
    ("索引号", None), ("文号", None),
])
def test_column_names(header, field):
    assert column_field(header) == field


@pytest.mark.parametrize("text, expected", [
    ("2026-03-05", date(2026, 3, 5)), ("2026/3/5", date(2026, 3, 5)), ("2026.03.05", date(2026, 3, 5)),
    ("2026年3月5日", date(2026, 3, 5)), ("２０２６年３月５日", date(2026, 3, 5)), ("2026-03-05 09:30:00", date(2026, 3, 5)),
    ("2026年3月5日 09:30", date(2026, 3, 5)), (datetime(2026, 3, 5, 9, 30), date(2026, 3, 5)), ("", None), ("—", None),
])
def test_dates(text, expected):
    assert parse_date(text) == (expected, None)


@pytest.mark.parametrize("text", ["2026-02-30", "2026年13月1日", "3/5/2026", "昨天", 46086])
def test_bad_dates_have_a_reason(text):
    value, reason = parse_date(text)
    assert value is None and reason


def test_channels_and_elements_are_normalised():
    assert split_channels("门户网站、微信公众号;公开查阅点") == ["政府网站", "两微一端", "公开查阅点"]
    assert split_channels("社区/企事业单位、村公示栏(电子屏)") == ["社区/企事业单位/村公示栏(电子屏)"]
    assert split_channels("发布会/听证会") == ["发布会/听证会"]
    assert split_channels("区融媒体中心") == ["区融媒体中心"]          # unknown names are kept, REC004 judges them
    # 、 inside 《》 or brackets does not split an element
    assert split_elements("1、办理事项；2、《国务院关于进一步加强和改进最低生活保障工作的意见》;申请材料") == [
        "办理事项", "《国务院关于进一步加强和改进最低生活保障工作的意见》", "申请材料"]


def _chinese_csv(path: Path, encoding: str = "utf-8") -> Path:
    return write_csv(path, CN_HEADER, [
        ["19-02-002", "低保办事指南", "2026年3月2日", "2026-03-10 09:30:00", "门户网站、微信公众号", "http://x/1",
         "办理事项、办理条件", "A-1"],
        ["410106-19-01-001", "社会救助政策", "2026/3/2", "", "政府网站", "", "", "A-2"],
    ], encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_chinese_headers_csv(tmp_path, encoding):
    recs = read_record_file(_chinese_csv(tmp_path / "cms.csv", encoding)).records
    assert [(r.code, r.formed_on, r.published_on, r.row) for r in recs] == [
        ("19-02-002", date(2026, 3, 2), date(2026, 3, 10), 2), ("410106-19-01-001", date(2026, 3, 2), None, 3)]
    assert recs[0].channels == ["政府网站", "两微一端"] and recs[0].elements == ["办理事项", "办理条件"]


def test_xlsx_with_a_title_line_above_the_header(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["上街区民政局 信息发布台账 (2026年第一季度)"])
    sheet.append(["code", "title", "formed_on", "published_on", "channel", "url", "elements"])
    sheet.append(["19-02-002", "低保办事指南", datetime(2026, 3, 2), datetime(2026, 3, 10, 9, 30), "政府网站", "http://x/1",
                  "办理事项;办理条件"])
    sheet.append([None] * 7)
    sheet.append(["19-03-001", "临时救助政策", "2026年3月3日", None, "政府网站", None, None])
    book.save(tmp_path / "cms.xlsx")
    recs = read_record_file(tmp_path / "cms.xlsx").records
    assert [(r.code, r.formed_on, r.published_on, r.row) for r in recs] == [
        ("19-02-002", date(2026, 3, 2), date(2026, 3, 10), 3), ("19-03-001", date(2026, 3, 3), None, 5)]


def test_a_channel_merged_over_several_rows_counts_for_each(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.merge_cells("A1:E1")                       # a title over the whole table
    sheet["A1"] = "上街区民政局 信息发布台账"
    sheet.append(["code", "title", "formed_on", "published_on", "channel"])
    for code in ("19-02-002", "19-02-006", "19-05-001"):
        sheet.append([code, "政策文件", "2026-03-02", "2026-03-10", None])
    sheet["E3"] = "政府网站"
    sheet.merge_cells("E3:E5")
    book.save(tmp_path / "merged.xlsx")
    recs = read_record_file(tmp_path / "merged.xlsx").records
    assert [(r.code, r.channels) for r in recs] == [(c, ["政府网站"]) for c in ("19-02-002", "19-02-006", "19-05-001")]


def test_every_bad_row_is_reported_with_file_row_and_reason(tmp_path):
    path = write_csv(tmp_path / "bad.csv", CN_HEADER, [
        ["19-02-002", "ok", "2026-03-02", "2026-03-10", "政府网站", "", "", ""],
        ["", "no code", "2026-03-02", "2026-03-10", "", "", "", ""],
        ["19-01-001", "bad day", "2026-02-30", "", "", "", "", ""],
        ["19-01-002", "backwards", "2026-03-10", "2026-03-02", "", "", "", ""],
        ["19-02-002", "ok", "2026-03-02", "2026-03-10", "政府网站", "", "", ""],
    ])
    with pytest.raises(InputError) as err:
        read_record_file(path)
    rendered = [p.render() for p in err.value.problems]
    assert len(rendered) == 4
    assert rendered[0].startswith("bad.csv row 3 field code (column A 事项编码): the item code is empty") or \
        "row 3" in rendered[0]
    assert "row 4" in rendered[1] and "formed_on" in rendered[1] and "not a day of the calendar" in rendered[1]
    assert "row 5" in rendered[2] and "before the information was formed" in rendered[2]
    assert "row 6" in rendered[3] and "repeats row 2" in rendered[3]


def test_no_code_column(tmp_path):
    path = write_csv(tmp_path / "x.csv", ["标题", "日期"], [["a", "2026-03-01"]])
    with pytest.raises(InputError) as err:
        read_record_file(path)
    assert "no column for the item code" in err.value.render()


def test_import_stores_canonical_toml_and_reads_it_back(make_workspace, tmp_path):
    root = make_workspace(adopt=True)
    result = import_records(root, _chinese_csv(tmp_path / "2026Q1.csv"), dept="上街区民政局")
    assert result.written and result.path == root / "records" / "上街区民政局-2026Q1.toml"
    text = result.path.read_text("utf-8")
    assert 'dept = "上街区民政局"' in text and "formed_on = 2026-03-02" in text
    [stored] = load_records(root)
    assert [r.model_dump() for r in stored.records] == [r.model_dump() for r in result.records]
    assert stored.source.file == "2026Q1.csv" and all(r.dept == "上街区民政局" for r in stored.records)
    # the line of each [[records]] block, for findings
    lines = text.splitlines()
    assert all(lines[n - 1] == "[[records]]" for n in stored.lines)
    # importing the same file again replaces it
    again = import_records(root, _chinese_csv(tmp_path / "2026Q1.csv"), dept="上街区民政局")
    assert again.replaced == 2 and len(load_records(root)) == 1


def test_a_bad_file_changes_nothing(make_workspace, tmp_path):
    root = make_workspace(adopt=True)
    good = import_records(root, _chinese_csv(tmp_path / "cms.csv"))
    before = good.path.read_bytes()
    write_csv(tmp_path / "cms.csv", CN_HEADER, [
        ["19-02-002", "ok", "2026-03-02", "2026-03-11", "政府网站", "", "", ""],
        ["19-02-002", "bad", "2026-13-02", "", "", "", "", ""],
    ])
    with pytest.raises(InputError):
        import_records(root, tmp_path / "cms.csv")
    assert good.path.read_bytes() == before
    assert sorted(p.name for p in (root / "records").iterdir()) == ["cms.toml"]


def test_rows_of_another_department_are_refused(make_workspace, tmp_path):
    root = make_workspace(adopt=True)
    path = write_csv(tmp_path / "x.csv", ["code", "published_on", "dept"],
                     [["19-02-002", "2026-03-10", "区民政局"], ["19-02-002", "2026-03-11", "区住建局"]])
    with pytest.raises(InputError) as err:
        import_records(root, path, dept="区民政局")
    assert "row 3" in err.value.render() and "belongs to 区住建局" in err.value.render()
    assert not (root / "records").exists()


def test_toml_input_with_chinese_or_english_keys(make_workspace, tmp_path):
    root = make_workspace(adopt=True)
    src = tmp_path / "hand.toml"
    src.write_text('[[records]]\ncode = "19-02-002"\npublished_on = 2026-03-10\n"发布渠道" = "政府网站"\n\n'
                   '[[records]]\ncode = "19-02-001"\nformed_on = "2026年3月2日"\n', encoding="utf-8")
    result = import_records(root, src)
    assert [(r.code, r.published_on, r.formed_on, r.channels) for r in result.records] == [
        ("19-02-002", date(2026, 3, 10), None, ["政府网站"]), ("19-02-001", None, date(2026, 3, 2), [])]
    bad = tmp_path / "bad.toml"
    bad.write_text('[[records]]\ncode = "19-02-002"\n\n[[records]]\ncode = "19-02-001"\nwhen = 2026-03-10\n',
                   encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_records(root, bad)
    assert "bad.toml:6" in err.value.render() and "unknown key 'when'" in err.value.render()


def test_cli_import_list_and_errors(make_workspace, tmp_path):
    root = make_workspace(adopt=True)
    path = _chinese_csv(tmp_path / "cms.csv")
    result = runner.invoke(app, ["records", "import", str(path), "--dept", "上街区民政局", "-w", str(root)])
    assert result.exit_code == 0, result.output
    assert "imported 2 records" in result.output
    listed = runner.invoke(app, ["records", "list", "-w", str(root), "--format", "json"])
    rows = json.loads(listed.output)
    assert [r["code"] for r in rows] == ["19-02-002", "410106-19-01-001"]
    bad = write_csv(tmp_path / "bad.csv", CN_HEADER, [["19-02-002", "x", "2026-02-30", "", "", "", "", ""]])
    result = runner.invoke(app, ["records", "import", str(bad), "-w", str(root)])
    assert isinstance(result.exception, InputError)
    assert "bad.csv row 2" in result.exception.render() and "not a day of the calendar" in result.exception.render()


def test_cli_bad_file_exits_2_without_traceback(make_workspace, tmp_path):
    import subprocess
    import sys

    root = make_workspace(adopt=True)
    bad = write_csv(tmp_path / "bad.csv", CN_HEADER, [["19-02-002", "x", "2026-02-30", "", "", "", "", ""]])
    proc = subprocess.run([sys.executable, "-m", "gongkai.cli", "records", "import", str(bad), "-w", str(root)],
                          capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2])
    assert proc.returncode == 2, proc.stderr
    assert "row 2" in proc.stderr and "Traceback" not in proc.stderr
    assert not (root / "records").exists()


def test_cli_import_notes_unknown_codes(make_workspace, tmp_path):
    root = make_workspace(adopt=True)
    path = write_csv(tmp_path / "x.csv", ["code", "published_on"], [["19-99-999", "2026-03-10"]])
    result = runner.invoke(app, ["records", "import", str(path), "-w", str(root)])
    assert result.exit_code == 0 and "1 code(s) not in the catalogue (19-99-999)" in result.output


def test_cli_import_names_the_department_as_the_workspace_knows_it(make_workspace, tmp_path):
    from gongkai.catalog.toml_store import atomic_write
    from gongkai.catalog.workspace import load_config, render_config

    root = make_workspace(adopt=True)
    cfg = load_config(root)
    data = cfg.model_dump(mode="python", exclude_none=True)
    data["departments"] = [{"name": "上街区民政局", "aliases": ["县民政局"]}]
    atomic_write(root / "gongkai.toml", render_config(type(cfg).model_validate(data)))
    path = write_csv(tmp_path / "q1.csv", ["code", "published_on"], [["19-02-001", "2026-03-10"]])
    result = runner.invoke(app, ["records", "import", str(path), "--dept", "区民政局", "-w", str(root)])
    assert result.exit_code == 0, result.output
    [stored] = load_records(root)
    assert stored.path.name == "上街区民政局-q1.toml" and stored.records[0].dept == "上街区民政局"
    checked = runner.invoke(app, ["records", "check", "-w", str(root), "--select", "REC9"])
    assert isinstance(checked.exception, Exception) and "no rule matches REC9" in str(checked.exception)
    for other in ("DDL", "AR1"):     # real rules, but none of them checks records: refused, not a silent pass
        checked = runner.invoke(app, ["records", "check", "-w", str(root), "--select", other])
        assert "no record rule (REC) is left by the selection" in str(checked.exception)
    checked = runner.invoke(app, ["records", "check", "-w", str(root), "--ignore", "REC"])
    assert "no record rule (REC) is left by the selection" in str(checked.exception)
