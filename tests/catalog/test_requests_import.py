"""Importing a department's register (CSV / XLSX with Chinese column names): all rows or none."""
from __future__ import annotations

import csv
from datetime import date

import pytest

from gongkai.catalog.errors import InputError
from gongkai.catalog.requests.importing import import_register
from gongkai.catalog.requests.store import load_register

HEADER = ["申请编号", "收到日期", "申请方式", "申请人类型", "申请人姓名", "联系电话", "申请内容", "承办部门",
          "补正告知日期", "补正收到日期", "答复日期", "处理结果", "热点"]
ROWS = [
    ["2026-001", "2026-03-02", "网上申请", "个人", "王某", "13900000001", "某路段拓宽工程征收补偿方案", "区住建局",
     "", "", "2026年3月20日", "予以公开", "房屋征收"],
    ["2026-002", "2026/3/5", "邮寄", "企业", "某某公司", "0371-0000000", "某地块规划条件", "区自然资源局",
     "2026-03-09", "2026-03-13", "2026-04-08", "（四）1.本机关不掌握相关政府信息", "规划许可"],
    ["2026-003", "2026-03-06", "当面", "律师事务所", "", "", "行政处罚决定书", "区市场监管局", "", "", "", "", ""],
]


def _csv(path, rows, header=HEADER):
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_a_register_with_chinese_columns_imports(make_workspace, tmp_path):
    root = make_workspace()
    result = import_register(root, _csv(tmp_path / "住建局台账.csv", ROWS))
    assert result.added == ["2026-001", "2026-002", "2026-003"] and result.people == 2
    apps = {a.number: a for a in load_register(root).applications()}
    a2 = apps["2026-002"]
    assert (a2.received_on, a2.channel, a2.applicant_type) == (date(2026, 3, 5), "邮寄", "商业企业")
    assert [(e.kind, e.on, e.received_on) for e in a2.events][0] == ("supplement", date(2026, 3, 9), date(2026, 3, 13))
    assert a2.outcome == "（四）1.本机关不掌握相关政府信息" and a2.topics == ["规划许可"]
    assert apps["2026-003"].applicant_type == "法律服务机构" and apps["2026-003"].closed_on is None
    assert "王某" not in "".join(p.read_text("utf-8") for p in (root / "requests").glob("*.toml"))


@pytest.mark.parametrize("change, column, words", [
    ({10: "2026-02-27"}, "答复日期 (column K)", "before the application was received"),      # reply before receipt
    ({11: "基本同意"}, "处理结果 (column L)", "unknown outcome '基本同意'"),                   # unknown outcome wording
    ({0: "2026-001"}, "申请编号 (column A)", "used twice (first at row 2)"),                  # duplicated number
])
def test_a_bad_row_is_named_and_nothing_is_imported(make_workspace, tmp_path, change, column, words):
    root = make_workspace()
    rows = [list(r) for r in ROWS]
    for i, v in change.items():
        rows[1][i] = v
    path = _csv(tmp_path / "台账.csv", rows)
    with pytest.raises(InputError) as exc:
        import_register(root, path)
    (p,) = exc.value.problems
    assert p.file == f"{path} row 3" or p.file.endswith("台账.csv row 3")
    assert p.field == column and words in p.message
    assert not (root / "requests").exists()                  # nothing written


def test_a_number_already_in_the_register_needs_update(make_workspace, tmp_path):
    root = make_workspace()
    import_register(root, _csv(tmp_path / "a.csv", ROWS[:1]))
    with pytest.raises(InputError) as exc:
        import_register(root, _csv(tmp_path / "b.csv", ROWS[:2]))
    (p,) = exc.value.problems
    assert p.file.endswith("b.csv row 2") and p.field == "申请编号" and "2026-03.toml:1" in p.message
    result = import_register(root, tmp_path / "b.csv", update=True)
    assert (result.added, result.updated) == (["2026-002"], ["2026-001"])


def test_an_xlsx_register_with_a_title_row(make_workspace, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["上街区住建局依申请公开登记台账（2026年）"])
    ws.append(HEADER)
    for r in ROWS:
        ws.append(r)
    ws.cell(row=3, column=2).value = date(2026, 3, 2)         # a real date cell
    wb.save(tmp_path / "台账.xlsx")
    root = make_workspace()
    assert len(import_register(root, tmp_path / "台账.xlsx").added) == 3
