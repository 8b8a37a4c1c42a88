"""`gongkai score`: a checklist drawn, filled in with openpyxl, and scored to totals worked out by hand;
tampered sheets refused with their row numbers; schemes validated.

The workspace holds three real rows: 大竹县's 最低生活保障 办事指南 (conftest.BASE_ITEM: 7 required
elements, 10 working days, 3 channels) in domain 19, and 崇明区教育局's 年报 and 依申请公开 rows
(1 element, a deadline, 政府网站 each) in domain 25. So the checklist has 10 + 4 + 4 lines.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from gongkai import domains as registry
from assessment_helpers import add_chongming_rows, readme_checklists, readme_workspace
from gongkai.catalog.errors import InputError
from gongkai.catalog.toml_store import atomic_write
from gongkai.catalog.workspace import Workspace, load_config, render_config
from gongkai.cli.app import app
from gongkai.rules.assessment.checklist import build_checklist
from gongkai.rules.assessment.checklist_xlsx import COL_NOTE, COL_RESULT, COL_SEEN, COL_URL, FIRST_ROW, read_filled_checklist, write_checklist_xlsx
from gongkai.rules.assessment.scoring import load_scheme, score_checklists

runner = CliRunner()

DEDUCT_SCHEME = """
[scheme]
name = "鲤城-style test scheme"
total = 20

[line_points]
item = 5        # 未公开 counts as 超期: −5/条
element = 1     # 要素未规范录入 −1/条
deadline = 5    # 超期公开 −5/条
channel = 1

[[indicators]]
name = "社会救助"
points = 10
domains = ["19"]
method = "deduct"
cap = 4

[[indicators]]
name = "义务教育"
points = 10
domains = ["义务教育"]
method = "deduct"
"""


@pytest.fixture
def shop(make_workspace, base_item):
    root = make_workspace()
    with Workspace.transaction(root) as ws:
        guide = ws.add_item(ws.ensure_domain(registry.BY_CODE["19"]), base_item).code
    annual, request = add_chongming_rows(root)
    cfg = load_config(root)
    data = cfg.model_dump(mode="python", exclude_none=True)
    data["departments"] = [{"name": "上街区民政局", "aliases": ["县民政局"]},
                           {"name": "上街区教育局", "aliases": ["区教育局"]}]
    atomic_write(root / "gongkai.toml", render_config(type(cfg).model_validate(data)))
    return root, {"guide": guide, "annual": annual, "request": request}


def draw(root, path, **kw):
    cl = build_checklist(Workspace.load(root), **kw)
    write_checklist_xlsx(cl, path)
    return cl


def rows_of(sheet, code, kind=None, check=None):
    out = []
    for r in range(FIRST_ROW, sheet.max_row + 1):
        if sheet.cell(r, 3).value == code and (kind is None or sheet.cell(r, 2).value == kind) \
                and (check is None or sheet.cell(r, 5).value == check):
            out.append(r)
    return out


def fill(path, codes, annual_result="不符合", request_result="符合"):
    """The assessor's answers: the 办事指南 found but 申请材料 missing and late; the 年报 not found."""
    book = load_workbook(path)
    sheet = book["检查表"]
    if codes["guide"] in [sheet.cell(r, 3).value for r in range(FIRST_ROW, sheet.max_row + 1)]:
        [item] = rows_of(sheet, codes["guide"], "事项")
        sheet.cell(item, COL_RESULT).value = "符合"
        sheet.cell(item, COL_URL).value = "http://www.zzsj.gov.cn/shjz/dbzn.html"
        sheet.cell(item, COL_SEEN).value = "2026-03-05"
        [element] = rows_of(sheet, codes["guide"], "要素", "申请材料")
        sheet.cell(element, COL_RESULT).value = "不符合"
        [late] = rows_of(sheet, codes["guide"], "时限")
        sheet.cell(late, COL_RESULT).value = "×"          # typed, not picked from the list
    for key, result in (("annual", annual_result), ("request", request_result)):
        found = rows_of(sheet, codes[key], "事项")
        if found:
            sheet.cell(found[0], COL_RESULT).value = result
    book.save(path)
    return path


def test_default_scheme_by_hand(shop, tmp_path):
    root, codes = shop
    cl = draw(root, tmp_path / "all.xlsx")
    assert len(cl.lines) == 10 + 4 + 4
    filled = read_filled_checklist(fill(tmp_path / "all.xlsx", codes))
    scheme, _ = load_scheme("default")
    report = score_checklists([filled], scheme)
    [dept] = report.departments
    # Each domain gets 50 of 100 points; a line counts item 4, element 1, deadline 2, channel 1.
    # 19: 4 + 7×1 + 2 + 1 = 14 points of lines; 申请材料 (1) and the deadline (2) failed → 50 × 11/14
    # 25: two items of 4 + 1 + 2 + 1 = 8; the 年报 not disclosed fails its 8 → 50 × 8/16 = 25
    by_domain = {d.domain: d for d in dept.domains}
    assert by_domain["19"].score == pytest.approx(50 * 11 / 14)
    assert by_domain["25"].score == pytest.approx(25)
    assert dept.score == pytest.approx(50 * 11 / 14 + 25)          # 64.2857…
    assert round(dept.score, 2) == 64.29
    assert (by_domain["19"].lines, by_domain["19"].failed, by_domain["25"].failed) == (10, 2, 4)


def test_deduct_scheme_with_a_cap_by_hand(shop, tmp_path):
    root, codes = shop
    scheme_file = tmp_path / "licheng.toml"
    scheme_file.write_text(DEDUCT_SCHEME, encoding="utf-8")
    scheme, _ = load_scheme(str(scheme_file))
    draw(root, tmp_path / "all.xlsx")
    filled = read_filled_checklist(fill(tmp_path / "all.xlsx", codes))
    [dept] = score_checklists([filled], scheme).departments
    # 社会救助: −1 (申请材料) −5 (超期) = −6, capped at 4 → 10 − 4 = 6
    # 义务教育: the 年报 not disclosed −5 (its element, deadline and channel lines are not charged again) → 5
    ind = {i.name: i for i in dept.indicators}
    assert (ind["社会救助"].score, ind["社会救助"].capped) == (6, True)
    assert ind["义务教育"].score == 5
    assert dept.score == 11
    assert sorted((d.row, d.points) for d in dept.deductions) == sorted(
        [(r, 1) for r in rows_of(load_workbook(tmp_path / "all.xlsx")["检查表"], codes["guide"], "要素", "申请材料")]
        + [(r, 5) for r in rows_of(load_workbook(tmp_path / "all.xlsx")["检查表"], codes["guide"], "时限")]
        + [(r, 5) for r in rows_of(load_workbook(tmp_path / "all.xlsx")["检查表"], codes["annual"], "事项")])


def test_not_applicable_indicators_drop_out_and_the_total_is_converted(shop, tmp_path):
    root, codes = shop
    scheme_file = tmp_path / "licheng.toml"
    scheme_file.write_text(DEDUCT_SCHEME, encoding="utf-8")
    scheme, _ = load_scheme(str(scheme_file))
    draw(root, tmp_path / "all.xlsx")
    filled = read_filled_checklist(fill(tmp_path / "all.xlsx", codes, annual_result="不适用", request_result="不适用"))
    [dept] = score_checklists([filled], scheme).departments
    # 义务教育 has nothing applicable: 折算 20 × 6 / 10 = 12
    assert [i.score for i in dept.indicators] == [6, None]
    assert dept.score == pytest.approx(12)


def test_two_departments_are_ranked(shop, tmp_path):
    root, codes = shop
    civil = draw(root, tmp_path / "civil.xlsx", dept="民政局")
    edu = draw(root, tmp_path / "edu.xlsx", dept="区教育局")
    assert civil.dept == "上街区民政局" and edu.dept == "上街区教育局"
    assert civil.items == 1 and edu.items == 2
    fill(tmp_path / "civil.xlsx", codes)
    fill(tmp_path / "edu.xlsx", codes)
    result = runner.invoke(app, ["score", str(tmp_path / "edu.xlsx"), str(tmp_path / "civil.xlsx"), "-w", str(root),
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    # 民政局: one domain, 100 × 11/14 = 78.5714; 教育局: 100 × 8/16 = 50
    assert [(r["rank"], r["name"], round(r["score"], 2)) for r in data["ranking"]] == [
        (1, "上街区民政局", 78.57), (2, "上街区教育局", 50.0)]
    human = runner.invoke(app, ["score", str(tmp_path / "edu.xlsx"), str(tmp_path / "civil.xlsx"), "-w", str(root)])
    assert "排名 ranking" in human.output and "78.57" in human.output
    out = tmp_path / "scores.xlsx"
    assert runner.invoke(app, ["score", str(tmp_path / "civil.xlsx"), "--format", "xlsx", "-o", str(out)]).exit_code == 0
    assert load_workbook(out).sheetnames == ["排名 ranking", "领域 domains", "指标 indicators", "扣分 deductions"]


# -- tampering and bad answers ------------------------------------------------------------------
def rejected(path) -> str:
    with pytest.raises(InputError) as err:
        read_filled_checklist(path)
    return err.value.render()


def test_a_changed_code_is_refused_with_its_row(shop, tmp_path):
    root, codes = shop
    path = fill(tmp_path / "all.xlsx", codes) if draw(root, tmp_path / "all.xlsx") else None
    book = load_workbook(path)
    sheet = book["检查表"]
    [row] = rows_of(sheet, codes["request"], "事项")
    sheet.cell(row, 3).value = codes["annual"]
    book.save(path)
    text = rejected(path)
    assert f"all.xlsx row {row}" in text and "事项编码" in text


def test_a_deleted_row_is_refused_where_it_was(shop, tmp_path):
    root, codes = shop
    draw(root, tmp_path / "all.xlsx")
    path = fill(tmp_path / "all.xlsx", codes)
    book = load_workbook(path)
    sheet = book["检查表"]
    [row] = rows_of(sheet, codes["guide"], "要素", "申请材料")
    sheet.delete_rows(row)
    book.save(path)
    text = rejected(path)
    assert f"all.xlsx row {row}" in text and "1 row deleted here" in text and "申请材料" in text


def test_an_inserted_row_is_refused_naming_what_it_holds(shop, tmp_path):
    root, codes = shop
    draw(root, tmp_path / "all.xlsx")
    path = fill(tmp_path / "all.xlsx", codes)
    [row] = rows_of(load_workbook(path)["检查表"], codes["guide"], "要素", "申请材料")
    book = load_workbook(path)
    book["检查表"].insert_rows(row)                      # an empty row
    book.save(tmp_path / "blank.xlsx")
    text = rejected(tmp_path / "blank.xlsx")
    assert f"blank.xlsx row {row}" in text and f"1 row inserted here (row {row}: blank); the rows below moved down" in text
    book = load_workbook(path)
    book["检查表"].insert_rows(row, 2)                   # two rows, a note typed into the first
    book["检查表"].cell(row, COL_NOTE).value = "申请材料另见附件"
    book.save(tmp_path / "note.xlsx")
    assert f"2 rows inserted here (rows {row}–{row + 1}; first: 申请材料另见附件)" in rejected(tmp_path / "note.xlsx")
    book = load_workbook(path)
    sheet = book["检查表"]
    sheet.insert_rows(row)                               # a line copied into the new row
    for col in range(1, 15):
        sheet.cell(row, col).value = sheet.cell(row - 1, col).value
    book.save(tmp_path / "copy.xlsx")
    above = load_workbook(path)["检查表"].cell(row - 1, 5).value
    assert f"1 row inserted here (row {row}: 要素 {codes['guide']} {above} ●)" in rejected(tmp_path / "copy.xlsx")


def test_an_inserted_column_or_sorted_rows_are_refused(shop, tmp_path):
    root, codes = shop
    draw(root, tmp_path / "all.xlsx")
    path = fill(tmp_path / "all.xlsx", codes)
    book = load_workbook(path)
    book["检查表"].insert_cols(4)
    book.save(tmp_path / "cols.xlsx")
    assert "row 2" in rejected(tmp_path / "cols.xlsx")
    book = load_workbook(path)
    sheet = book["检查表"]
    a, b = FIRST_ROW, FIRST_ROW + 1          # swap the first two lines, as a sort would
    for col in range(1, 15):
        x, y = sheet.cell(a, col).value, sheet.cell(b, col).value
        sheet.cell(a, col).value, sheet.cell(b, col).value = y, x
    book.save(tmp_path / "sorted.xlsx")
    text = rejected(tmp_path / "sorted.xlsx")
    assert f"row {a}" in text and f"row {b}" in text


def test_an_edited_manifest_is_refused(shop, tmp_path):
    root, codes = shop
    draw(root, tmp_path / "all.xlsx")
    path = fill(tmp_path / "all.xlsx", codes)
    book = load_workbook(path)
    book["_gongkai"].cell(book["_gongkai"].max_row, 3).value = "410106-99-99-999"
    book.save(path)
    assert "hidden manifest was changed" in rejected(path)


def test_bad_answers_are_refused_with_rows(shop, tmp_path):
    root, codes = shop
    draw(root, tmp_path / "all.xlsx")
    path = fill(tmp_path / "all.xlsx", codes)
    book = load_workbook(path)
    sheet = book["检查表"]
    [item] = rows_of(sheet, codes["request"], "事项")
    sheet.cell(item, COL_RESULT).value = None
    [element] = rows_of(sheet, codes["guide"], "要素", "办理条件")
    sheet.cell(element, COL_RESULT).value = "部分符合"
    sheet.cell(element, COL_SEEN).value = "上周"
    book.save(path)
    text = rejected(path)
    assert f"row {item}" in text and "no result for the item" in text
    assert f"row {element}" in text and "'部分符合'" in text and "'上周' is not a date" in text


def test_checklist_from_another_workspace_is_refused(shop, tmp_path, make_workspace):
    root, codes = shop
    draw(root, tmp_path / "all.xlsx")
    fill(tmp_path / "all.xlsx", codes)
    other = make_workspace()
    result = runner.invoke(app, ["score", str(tmp_path / "all.xlsx"), "-w", str(other)])
    assert isinstance(result.exception, InputError)
    assert "is not in the workspace" in result.exception.render()


@pytest.mark.parametrize("text, message", [
    (DEDUCT_SCHEME.replace("total = 20", "total = 25"), "add up to 20"),
    (DEDUCT_SCHEME.replace("cap = 4", "cap = 40"), "cap 40 is more than"),
    (DEDUCT_SCHEME.replace('method = "deduct"\ncap', 'method = "average"\ncap'), "method"),
    (DEDUCT_SCHEME.replace("points = 10\ndomains = [\"19\"]", "points = 10\nweight = 2\ndomains = [\"19\"]"), "weight"),
    (DEDUCT_SCHEME.replace('method = "deduct"\ncap = 4', 'method = "ratio"\ncap = 4'),
     'cap applies to method = "deduct" only'),
    (DEDUCT_SCHEME.replace('cap = 4', 'cap = 4\nsplit = "domain"'), "give it an indicator of its own"),
])
def test_scheme_errors_name_file_and_line(tmp_path, text, message):
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_scheme(str(path))
    rendered = err.value.render()
    assert message in rendered and "s.toml" in rendered


def test_the_shipped_scheme_is_valid():
    scheme, where = load_scheme(None)
    assert where == "default (shipped)" and scheme.scheme.total == 100


# -- the README's examples, on the README's workspace and checklists -----------------------------
README_SCHEME = Path(__file__).resolve().parents[1] / "data" / "schemes" / "readme-example.toml"


@pytest.fixture(scope="module")
def readme(tmp_path_factory):
    """The README's 上街区 workspace and its two filled checklists, in one folder."""
    folder = tmp_path_factory.mktemp("readme")
    root = readme_workspace(folder / "shangjie")
    readme_checklists(root, folder)
    shutil.copy(README_SCHEME, folder / "licheng-2020.toml")     # under the name the README saves it as
    return folder


def readme_score(folder, monkeypatch, *extra):
    monkeypatch.chdir(folder)
    result = runner.invoke(app, ["score", "民政局-检查表.xlsx", "教育局-检查表.xlsx", *extra, "-w", "shangjie"])
    assert result.exit_code == 0, result.output
    return "\n".join(line.rstrip() for line in result.output.splitlines())


def test_readme_default_scores(readme, monkeypatch):
    out = readme_score(readme, monkeypatch)
    assert "== 上街区教育局: 98.39 / 100, rank 1  (教育局-检查表.xlsx)" in out
    assert "== 上街区民政局: 62.50 / 100, rank 2  (民政局-检查表.xlsx)" in out
    assert "19    社会救助  2           16            14           2              0           4.17       29.17 / 33.33" in out
    assert "  −1.61  教育局-检查表.xlsx row 34  410106-25-06-003  在所列渠道公开: 政府网站、两微一端" in out


# Worked by hand. 年度报告 takes only 25-06-002 (教育局: found, 10/10; 民政局: none, drops out).
# 主动公开 takes 社会救助 (教育局: none, drops out; 民政局: −1 element −5 late = −6, capped at 5 → 5).
# 其他领域 takes every other line by ratio, one part per domain: 教育局 25 alone (10 points): the lines
# that apply weigh 78 (n/a 25-04-001 and the 年报 taken above), the channel line 1 failed → 10 × 77/78;
# 民政局 扶贫 2 : 养老服务 1 → 6.67 and 3.33; the 扶贫 item not found fails its block of 5+1+5+1 → 0.
# Converted to 30 from the 20 points that applied: 教育局 30 × (10 + 770/78) / 20, 民政局 30 × (5 + 10/3) / 20.
README_SCHEME_OUTPUT = """\
scheme: 鲤城 2020 式 (30 分) (licheng-2020.toml), total 30

== 上街区教育局: 29.81 / 30, rank 1  (教育局-检查表.xlsx)
领域  name      事项 items  检查项 lines  符合 passed  不符合 failed  不适用 n/a  扣分 lost  得分 score
25    义务教育  8           39            33           1              5           0.13       9.87 / 10.00
指标 indicator  方法 method  得分 score  分值 points  扣分 lost
年度报告        deduct       10.00       10.00        0.00
主动公开        deduct       —           10.00        0.00
扣分 deductions (1):
  −0.13  教育局-检查表.xlsx row 34  410106-25-06-003  在所列渠道公开: 政府网站、两微一端

== 上街区民政局: 12.50 / 30, rank 2  (民政局-检查表.xlsx)
领域  name      事项 items  检查项 lines  符合 passed  不符合 failed  不适用 n/a  扣分 lost  得分 score
17    扶贫      1           4             0            4              0           6.67       0.00 / 6.67
19    社会救助  2           16            14           2              0           6.00       —
20    养老服务  1           7             7            0              0           0.00       3.33 / 3.33
指标 indicator  方法 method           得分 score  分值 points  扣分 lost
年度报告        deduct                —           10.00        0.00
主动公开        deduct (封顶 capped)  5.00        10.00        5.00
扣分 deductions (6):
  −5.00  民政局-检查表.xlsx row 11  410106-19-02-006  按时公开: 制定或获取信息之日起10个工作日内（制定或获取后10个工作日）
  −2.78  民政局-检查表.xlsx row 3  410106-17-01-003  政策文件 / 其他政策文件
  −2.78  民政局-检查表.xlsx row 5  410106-17-01-003  按时公开: 信息形成(变更)20个工作日内（形成或变更后20个工作日）
  −1.00  民政局-检查表.xlsx row 10  410106-19-02-006  各地配套政策法规文件
  −0.56  民政局-检查表.xlsx row 4  410106-17-01-003  涉及扶贫领域其他政策文件
  −0.56  民政局-检查表.xlsx row 6  410106-17-01-003  在所列渠道公开: 政府网站、政务服务中心、社区/企事业单位/村公示栏(电子屏)

排名 ranking:
    1. 上街区教育局  29.81
    2. 上街区民政局  12.50"""


def test_readme_scheme_example_by_hand(readme, monkeypatch):
    """The scheme README.md shows under 'Writing a scoring scheme' (kept as tests/data/schemes/readme-example.toml):
    accepted, every key in use, and the output the README prints."""
    import tomllib

    keys = tomllib.loads(README_SCHEME.read_text(encoding="utf-8"))
    used = {k for ind in keys["indicators"] for k in ind}
    assert used == {"name", "points", "domains", "codes", "method", "cap", "split", "weights", "line_points"}
    assert set(keys["scheme"]) == {"name", "total", "source", "note"}
    assert set(keys["line_points"]) == {"item", "element", "optional_element", "deadline", "channel"}

    data = json.loads(readme_score(readme, monkeypatch, "--scheme", "licheng-2020.toml", "--format", "json"))
    edu, civil = data["ranking"]
    assert (edu["name"], edu["score"], civil["name"], civil["score"]) == (
        "上街区教育局", pytest.approx(30 * (10 + 10 * 77 / 78) / 20, abs=1e-4),
        "上街区民政局", pytest.approx(30 * (5 + 10 / 3) / 20, abs=1e-4))
    by_name = {d["name"]: d for d in data["departments"]}
    ind = {(i["name"], i["domain"]): i for i in by_name["上街区民政局"]["indicators"]}
    assert ind[("年度报告", None)]["score"] is None
    assert (ind[("主动公开", None)]["score"], ind[("主动公开", None)]["capped"]) == (5, True)
    assert ind[("其他领域", "17")]["points"] == pytest.approx(20 / 3, abs=1e-4) and ind[("其他领域", "17")]["score"] == 0
    assert ind[("其他领域", "20")]["score"] == pytest.approx(10 / 3, abs=1e-4)
    ind = {(i["name"], i["domain"]): i for i in by_name["上街区教育局"]["indicators"]}
    assert ind[("年度报告", None)]["score"] == 10 and ind[("主动公开", None)]["score"] is None
    assert ind[("其他领域", "25")]["score"] == pytest.approx(10 * 77 / 78, abs=1e-4)

    assert readme_score(readme, monkeypatch, "--scheme", "licheng-2020.toml") == README_SCHEME_OUTPUT


# The block README.md showed before: every key on one indicator, which is refused twice over.
OLD_README_SCHEME = """\

[scheme]
name = "鲤城 2020 主动公开 (10 分)"     # required
total = 100                            # the full score; the indicators' points must add up to it
source = "…"                           # optional: where the numbers come from
note = "…"                             # optional

[line_points]         # the points of one checklist line, by kind (default 0)
item = 5              # 事项: the item disclosed at all
element = 1           # a ● required element
optional_element = 0  # a 〇 optional element
deadline = 5          # 时限: published in time
channel = 1           # 渠道: on the listed channels

[[indicators]]        # one or more
name = "主动公开"       # required
points = 10           # required: the indicator's weight
domains = ["*"]       # which lines it takes: "*" (default), domain codes "19", slugs or names "社会救助"
codes = []            # optionally narrower: code patterns, region optional ("19-02-*")
method = "deduct"     # deduct (default) | ratio
cap = 10              # deduct: the most the indicator can lose (default: its points; at most its points)
split = "domain"      # optional: one part per domain on the checklist, sharing the points …
weights = { "19" = 3 }            # … by these weights (default 1 each; needs split)
line_points = { deadline = 10 }   # optional: this indicator's own line points

"""


def test_the_readme_scheme_of_before_is_refused(tmp_path):
    """cap with split: a cap on the whole indicator has no single meaning once its domain parts are
    scored apart (each part already loses at most its share). total = 100 over indicators of 10
    points: the score, the indicators and the deductions would be in different points."""
    path = tmp_path / "s.toml"
    path.write_text(OLD_README_SCHEME, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_scheme(str(path))
    assert "s.toml:15 field indicators.0: cap cannot be combined with split" in err.value.render()
    path.write_text(OLD_README_SCHEME.replace("cap = 10 ", "# cap = 10"), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_scheme(str(path))
    assert "the indicators' points add up to 10, but scheme.total is 100" in err.value.render()


def test_the_readme_shows_the_tested_scheme_and_output():
    """What README.md prints is what the two tests above check (a README edit must edit them too)."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert README_SCHEME.read_text(encoding="utf-8") in readme
    assert README_SCHEME_OUTPUT in readme
