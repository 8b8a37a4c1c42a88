"""Departments and assessors, the reviewer's defects: formula text written as text in every CSV and
XLSX (and a saved checklist still scored), unknown departments refused, contradictory options
refused, scoring-scheme typos refused with file, line and field.
"""
from __future__ import annotations

import csv
import io
import shutil

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from gongkai import domains as registry
from assessment_helpers import write_csv
from conftest import TESTS
from gongkai.catalog.errors import InputError, UsageError
from gongkai.catalog.toml_store import atomic_write
from gongkai.catalog.workspace import Workspace, load_config, render_config
from gongkai.cli.app import app
from gongkai.rules.assessment.checklist import build_checklist
from gongkai.rules.assessment.checklist_xlsx import COL_RESULT, FIRST_ROW, read_filled_checklist, write_checklist_xlsx
from gongkai.rules.assessment.scoring import load_scheme

runner = CliRunner()
FORMULA_START = ("=", "+", "-", "@")          # what a spreadsheet runs as a formula (README, Export)
CATEGORY = '=HYPERLINK("http://evil","x")'
NAME = "@SUM(1)"
LABEL = f"{CATEGORY} / {NAME}"
CIVIL = {"name": "上街区民政局", "aliases": ["县民政局", "县级人民政府民政部门", "县级政府民政部门"]}
EDU = {"name": "上街区教育局", "aliases": ["区教育局"]}
RECORD_HEADER = ["事项编码", "信息标题", "形成日期", "发布日期", "发布渠道", "链接", "公开要素"]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """上街区 with the bundled items, two departments, and a 民政局 item whose texts start formulas."""
    from gongkai.catalog.workspace import init_workspace

    root = tmp_path_factory.mktemp("inputs") / "ws"
    init_workspace(root, "410106", "上街区")
    with Workspace.transaction(root) as ws:
        d05 = ws.ensure_domain(registry.BY_CODE["05"])
        code = ws.add_item(d05, {"category": CATEGORY, "name": NAME, "body": "区民政局",
                                 "elements": ["-1 元以下的支出", "+附件"], "deadline": "信息形成之日起20个工作日内",
                                 "method": {"mode": ["主动"], "audience": ["全社会"], "channels": ["政府网站"]},
                                 "levels": ["县级"]}).code
    cfg = load_config(root)
    data = cfg.model_dump(mode="python", exclude_none=True)
    data["departments"] = [CIVIL, EDU]
    atomic_write(root / "gongkai.toml", render_config(type(cfg).model_validate(data)))
    return root, code


@pytest.fixture
def shop(base, tmp_path):
    root, code = base
    copy = tmp_path / "ws"
    shutil.copytree(root, copy)
    return copy, code


def live_cells(path) -> list[str]:
    """Cells a spreadsheet would run: formula cells, and text starting with = + - @."""
    book = load_workbook(path)
    out = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith(FORMULA_START)):
                    out.append(f"{sheet.title}!{cell.coordinate} {cell.value!r}")
    return out


def texts(path) -> list[str]:
    book = load_workbook(path)
    return [c.value for s in book.worksheets for r in s.iter_rows() for c in r if isinstance(c.value, str)]


# -- 1. formulas written as text ------------------------------------------------------------------
def test_checklist_xlsx_holds_formula_text_as_text_and_scores_after_a_save(shop, tmp_path):
    root, code = shop
    path = tmp_path / "c.xlsx"
    result = runner.invoke(app, ["checklist", "-w", str(root), "--domain", "05", "-o", str(path)])
    assert result.exit_code == 0, result.output
    book = load_workbook(path)                          # the assessor fills it in and saves it
    sheet = book["检查表"]
    for r in range(FIRST_ROW, sheet.max_row + 1):
        if sheet.cell(r, 2).value == "事项":
            sheet.cell(r, COL_RESULT).value = "不符合" if sheet.cell(r, 3).value == code else "符合"
    book.save(path)

    filled = read_filled_checklist(path)
    checks = {fl.line.check for fl in filled.lines if fl.line.code == code}
    assert LABEL in checks and "-1 元以下的支出" in checks and "+附件" in checks   # read back as written
    assert live_cells(path) == []
    assert texts(path).count("'" + LABEL) == 2          # on the sheet and in the manifest, quoted
    assert "'-1 元以下的支出" in texts(path)
    scored = runner.invoke(app, ["score", str(path), "-w", str(root), "--format", "xlsx", "-o", str(tmp_path / "s.xlsx")])
    assert scored.exit_code == 0, scored.output
    assert live_cells(tmp_path / "s.xlsx") == []
    assert "'" + LABEL in texts(tmp_path / "s.xlsx")    # the deduction of the item not disclosed


def test_checklist_csv_quotes_formula_text(shop, tmp_path):
    root, _ = shop
    path = tmp_path / "c.csv"
    result = runner.invoke(app, ["checklist", "-w", str(root), "--domain", "05", "--format", "csv", "-o", str(path)])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    assert "'" + LABEL in cells and "'+附件" in cells


def test_a_changed_manifest_is_still_refused(shop, tmp_path):
    root, _ = shop
    path = tmp_path / "c.xlsx"
    write_checklist_xlsx(build_checklist(Workspace.load(root), domain="05"), path)
    book = load_workbook(path)
    m = book["_gongkai"]
    row = next(r for r in range(1, m.max_row + 1) if m.cell(r, 4).value == "'" + LABEL)
    m.cell(row, 4).value = "'=HYPERLINK(\"http://other\",\"x\") / @SUM(1)"
    book.save(path)
    with pytest.raises(InputError) as err:
        read_filled_checklist(path)
    assert "hidden manifest was changed" in err.value.render()


def test_comply_xlsx_quotes_formula_text(shop, tmp_path):
    root, code = shop
    csv_path = write_csv(tmp_path / "cms.csv", RECORD_HEADER, [
        [code, "=HYPERLINK(\"http://evil\",\"点此\")", "2026-03-02", "", "", "", ""],
        [code, "@年度预算", "2026-03-03", "2026-03-04", "+微博", "-http://x", ""],
    ])
    assert runner.invoke(app, ["records", "import", str(csv_path), "--dept", "区民政局", "-w", str(root)]).exit_code == 0
    out = tmp_path / "comply.xlsx"
    result = runner.invoke(app, ["comply", "-w", str(root), "--as-of", "2026-06-30", "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert live_cells(out) == []
    assert "'=HYPERLINK(\"http://evil\",\"点此\")" in texts(out) and "'@年度预算" in texts(out)


# -- 2. unknown departments -----------------------------------------------------------------------
@pytest.mark.parametrize("command", [
    ["records", "import", "{csv}", "--dept", "区民证局"],
    ["records", "check", "--as-of", "2026-06-30", "--dept", "区民证局"],
    ["comply", "--as-of", "2026-06-30", "--dept", "区民证局"],
    ["checklist", "--dept", "区民证局", "--format", "md"],
])
def test_an_unknown_department_is_an_error(shop, tmp_path, gk, command):
    root, code = shop
    csv_path = write_csv(tmp_path / "q1.csv", RECORD_HEADER, [[code, "预算公开", "2026-03-02", "2026-03-04", "政府网站",
                                                               "", ""]])
    args = [a.replace("{csv}", str(csv_path)) for a in command]
    exit_code, out, err = gk(*args, "-w", root)
    assert exit_code == 2, out + err
    assert "unknown department '区民证局'" in err
    assert "上街区民政局" in err and "上街区教育局" in err and "[[departments]]" in err and "gongkai.toml" in err
    assert not (root / "records").exists() or not any((root / "records").iterdir())   # nothing imported


def test_compliance_refuses_an_unknown_department(shop):
    from gongkai.catalog.records.store import load_records
    from gongkai.rules.assessment.compliance import compliance
    from datetime import date

    root, _ = shop
    with pytest.raises(UsageError, match="unknown department"):
        compliance(Workspace.load(root), load_records(root), date(2026, 6, 30), dept="区民证局")


def test_known_names_still_resolve(shop, tmp_path):
    root, code = shop
    csv_path = write_csv(tmp_path / "q1.csv", RECORD_HEADER, [[code, "预算公开", "2026-03-02", "2026-03-04", "政府网站",
                                                               "", ""]])
    result = runner.invoke(app, ["records", "import", str(csv_path), "--dept", "县民政局", "-w", str(root)])   # an alias
    assert result.exit_code == 0, result.output
    assert (root / "records" / "上街区民政局-q1.toml").is_file()
    result = runner.invoke(app, ["comply", "-w", str(root), "--as-of", "2026-06-30", "--dept", "区民政局", "--format",
                                 "json"])                                                                  # a short name
    assert result.exit_code == 0, result.output
    assert '"name": "上街区民政局"' in result.output
    # not in gongkai.toml, but items' 公开主体 name it: a workspace without [[departments]] still works
    result = runner.invoke(app, ["checklist", "-w", str(root), "--dept", "县财政局", "--format", "md"])
    assert result.exit_code == 0, result.output


def test_a_short_name_that_fits_two_departments_is_an_error(shop):
    root, _ = shop
    cfg = load_config(root)
    data = cfg.model_dump(mode="python", exclude_none=True)
    data["departments"] = [CIVIL, {"name": "上街区民政局婚姻登记处"}, EDU]
    atomic_write(root / "gongkai.toml", render_config(type(cfg).model_validate(data)))
    result = runner.invoke(app, ["checklist", "-w", str(root), "--dept", "民政局", "--format", "md"])
    assert isinstance(result.exception, UsageError) and "several departments" in str(result.exception)


def test_records_list_knows_departments_named_by_records(shop, tmp_path):
    root, code = shop
    path = write_csv(tmp_path / "a.csv", [*RECORD_HEADER, "发布机构"],
                     [[code, "预算公开", "2026-03-02", "2026-03-04", "政府网站", "", "", "上街区档案馆"]])
    assert runner.invoke(app, ["records", "import", str(path), "-w", str(root)]).exit_code == 0
    listed = runner.invoke(app, ["records", "list", "-w", str(root), "--dept", "上街区档案馆"])
    assert listed.exit_code == 0 and "1 records" in listed.output
    assert isinstance(runner.invoke(app, ["records", "list", "-w", str(root), "--dept", "上街区档按馆"]).exception,
                      UsageError)


# -- 3. contradictory options ---------------------------------------------------------------------
@pytest.mark.parametrize("command", [["records", "check"], ["comply"]])
def test_since_after_as_of_is_an_error(shop, gk, command):
    root, _ = shop
    exit_code, out, err = gk(*command, "--as-of", "2026-03-31", "--since", "2026-04-01", "-w", root)
    assert exit_code == 2 and "--since 2026-04-01 is after --as-of 2026-03-31" in err
    exit_code, out, err = gk(*command, "--as-of", "2026-03-31", "--since", "2026-03-31", "-w", root)
    assert exit_code in (0, 1), err                     # the same day is a (short) period


def test_seed_needs_sample(shop, gk):
    root, _ = shop
    exit_code, _, err = gk("checklist", "--domain", "05", "--seed", "7", "--format", "md", "-w", root)
    assert exit_code == 2 and "--seed needs --sample" in err


@pytest.mark.parametrize("args, message", [
    (["-o", "{tmp}/x.pdf"], ".pdf"),
    (["-o", "{tmp}/x.pdf", "--format", "html"], ".pdf"),
    (["-o", "{tmp}/x.md", "--format", "csv"], "--format is csv"),
    (["-o", "{tmp}/x.xlsx", "--format", "html"], "--format is html"),
])
def test_an_output_name_that_contradicts_the_format_is_an_error(shop, gk, tmp_path, args, message):
    root, _ = shop
    exit_code, _, err = gk("checklist", "--domain", "05", *[a.replace("{tmp}", str(tmp_path)) for a in args], "-w", root)
    assert exit_code == 2 and message in err
    assert not any(tmp_path.glob("x.*"))


def test_the_format_follows_the_output_name(shop, tmp_path):
    root, _ = shop
    for name, start in (("c.html", b"<!DOCTYPE html>"), ("c.md", "# 上街区".encode()), ("c.csv", "\ufeff序号".encode()),
                        ("c.xlsx", b"PK")):
        result = runner.invoke(app, ["checklist", "-w", str(root), "--domain", "05", "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).read_bytes().startswith(start), name


# -- 4. scheme typos ------------------------------------------------------------------------------
SCHEME = (TESTS / "data" / "schemes" / "two-indicators.toml").read_text("utf-8")   # a small valid scheme


@pytest.mark.parametrize("old, new, field, message", [
    ('domains = ["19"]', 'domains = ["99"]', "indicators.0.domains", "'99' is not a domain"),
    ('domains = ["19"]', 'domains = ["社会救"]', "indicators.0.domains", "'社会救' is not a domain"),
    ("points = 10\ndomains", 'points = "10"\ndomains', "indicators.0.points", "'10' is text, not a number"),
    ("cap = 4", 'cap = "4"', "indicators.0.cap", "not a number"),
    ("element = 1", 'element = "1"', "line_points.element", "not a number"),
    ("total = 20", 'total = "20"', "scheme.total", "not a number"),
    ("total = 20", "total = true", "scheme.total", "true is not a number"),
    ('weights = { "19" = 2 }', 'weights = { "社会救" = 2 }', "indicators.1.weights", "'社会救' is not a domain"),
    ('weights = { "19" = 2 }', 'weights = { "19" = "2" }', "indicators.1.weights", "not a number"),
])
def test_scheme_typos_are_refused_with_file_line_and_field(tmp_path, old, new, field, message):
    text = SCHEME.replace(old, new, 1)
    assert text != SCHEME
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index(new.splitlines()[0]) + 1      # the line of the typo
    with pytest.raises(InputError) as err:
        load_scheme(str(path))
    rendered = err.value.render()
    assert f"s.toml:{line} field {field}" in rendered and message in rendered, rendered


def test_weights_may_name_a_domain_by_slug(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(SCHEME.replace('{ "19" = 2 }', '{ "social-assistance" = 2, "义务教育" = 3 }'), encoding="utf-8")
    scheme, _ = load_scheme(str(path))
    assert scheme.indicators[1].weights == {"19": 2, "25": 3}
