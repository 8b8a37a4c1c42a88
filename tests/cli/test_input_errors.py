"""Bad input: each error names file, line, item code and field, says what was expected, exits 2."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongkai.catalog.domain_file import load_domain
from gongkai.catalog.errors import InputError
from gongkai.cli.app import app

runner = CliRunner()

GOOD = '''[domain]
code = "19"
slug = "social-assistance"
name = "社会救助"

[[items]]
code = "410106-19-01-001"
category = "综合业务"
name = "政策法规文件"
deadline = "制定或获取信息之日起10个工作日内"

[[items]]
code = "410106-19-01-002"
category = "综合业务"
name = "监督检查"
'''


def _ws(make_workspace, text: str) -> Path:
    root = make_workspace()
    (root / "domains" / "19-social-assistance.toml").write_text(text, "utf-8")
    return root


def _problem(path: Path):
    with pytest.raises(InputError) as exc:
        load_domain(path)
    return exc.value.problems


def test_good_file_loads(make_workspace):
    root = _ws(make_workspace, GOOD)
    assert [i.code for i in load_domain(root / "domains" / "19-social-assistance.toml").model.items] == [
        "410106-19-01-001", "410106-19-01-002"]


def test_malformed_toml_names_file_and_line(make_workspace):
    root = _ws(make_workspace, GOOD.replace('name = "监督检查"', 'name = "监督检查'))
    [p] = _problem(root / "domains" / "19-social-assistance.toml")
    assert p.file.endswith("19-social-assistance.toml") and p.line == 15
    assert "not valid TOML" in p.message


def test_unknown_key_suggests_the_field(make_workspace):
    root = _ws(make_workspace, GOOD.replace("deadline =", "deadine ="))
    [p] = _problem(root / "domains" / "19-social-assistance.toml")
    assert (p.line, p.item, p.field) == (10, "410106-19-01-001", "deadine")
    assert "did you mean 'deadline'" in p.message


def test_wrong_type_names_field_and_expectation(make_workspace):
    root = _ws(make_workspace, GOOD.replace('deadline = "制定或获取信息之日起10个工作日内"', "deadline = 20"))
    [p] = _problem(root / "domains" / "19-social-assistance.toml")
    assert (p.line, p.item, p.field) == (10, "410106-19-01-001", "deadline")
    assert "found 20" in p.message and "公开时限" in p.expected


@pytest.mark.parametrize("value", ["true", '"1"', "1.0"])
def test_a_version_that_is_not_a_whole_number_is_refused(make_workspace, value):
    root = _ws(make_workspace, GOOD.replace('name = "监督检查"\n', f'name = "监督检查"\nversion = {value}\n'))
    [p] = _problem(root / "domains" / "19-social-assistance.toml")
    assert (p.line, p.item, p.field) == (16, "410106-19-01-002", "version")


def test_a_reported_count_in_quotes_is_refused(make_workspace):
    root = _ws(make_workspace, GOOD.replace('name = "社会救助"\n', 'name = "社会救助"\nreported_count = "13"\n'))
    [p] = _problem(root / "domains" / "19-social-assistance.toml")
    assert (p.line, p.field) == (5, "domain.reported_count")


def test_a_domain_table_without_its_keys_hints_at_domain_values(make_workspace):
    root = _ws(make_workspace, "[domain]\n")
    problems = {p.field: p for p in _problem(root / "domains" / "19-social-assistance.toml")}
    assert set(problems) == {"domain.code", "domain.slug", "domain.name"}
    assert '"19"' in problems["domain.code"].expected and "01-02-003" not in problems["domain.code"].expected
    assert "社会救助" in problems["domain.name"].expected and "二级事项" not in problems["domain.name"].expected


def test_missing_required_field(make_workspace):
    root = _ws(make_workspace, GOOD.replace('category = "综合业务"\nname = "监督检查"\n', 'category = "综合业务"\n'))
    [p] = _problem(root / "domains" / "19-social-assistance.toml")
    assert (p.item, p.field) == ("410106-19-01-002", "name")
    assert p.line == 12 and "missing" in p.message and p.expected  # the item's [[items]] line


def test_duplicate_code_in_file(make_workspace):
    root = _ws(make_workspace, GOOD.replace("410106-19-01-002", "410106-19-01-001"))
    [p] = _problem(root / "domains" / "19-social-assistance.toml")
    assert (p.line, p.item, p.field) == (13, "410106-19-01-001", "code")
    assert "duplicate" in p.message and "line 6" in p.message


def test_duplicate_code_across_files(make_workspace):
    from gongkai.catalog.workspace import Workspace

    root = _ws(make_workspace, GOOD)
    other = GOOD.replace('code = "19"', 'code = "20"').replace("social-assistance", "elderly-care").replace(
        "410106-19-01-002", "410106-20-01-002")
    (root / "domains" / "20-elderly-care.toml").write_text(other, "utf-8")
    with pytest.raises(InputError) as exc:
        Workspace.load(root)
    [p] = exc.value.problems
    assert p.item == "410106-19-01-001" and "19-social-assistance.toml" in p.message


def test_every_problem_of_a_file_is_reported_at_once(make_workspace):
    text = GOOD.replace("deadline =", "deadine =").replace('name = "监督检查"', "name = 3")
    root = _ws(make_workspace, text)
    problems = _problem(root / "domains" / "19-social-assistance.toml")
    assert {p.field for p in problems} == {"deadine", "name"}


@pytest.mark.parametrize("change, needle", [
    (('name = "监督检查"', 'name = "监督检查'), "not valid TOML"),
    (("deadline =", "deadine ="), "did you mean 'deadline'"),
    (('deadline = "制定或获取信息之日起10个工作日内"', "deadline = 20"), "field deadline"),
    (("410106-19-01-002", "410106-19-01-001"), "duplicate code"),
])
def test_cli_exits_2_without_traceback(make_workspace, change, needle):
    root = _ws(make_workspace, GOOD.replace(*change))
    result = subprocess.run([sys.executable, "-m", "gongkai.cli", "items", "-w", str(root)],
                            capture_output=True, text=True, cwd=root)
    assert result.returncode == 2, result.stderr
    assert needle in result.stderr and "19-social-assistance.toml:" in result.stderr
    assert "Traceback" not in result.stderr


def test_not_a_workspace_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["items", "-w", str(tmp_path)])
    assert result.exit_code != 0
    assert "not a gongkai workspace" in str(result.exception) or "not a gongkai workspace" in result.output


def test_w_pointing_elsewhere_says_what_it_found(tmp_path, make_workspace):
    def problem(target):
        result = runner.invoke(app, ["items", "-w", str(target)])
        return str(result.exception)

    assert "no such folder" in problem(tmp_path / "missing")
    (tmp_path / "note.txt").write_text("x", "utf-8")
    assert "is a file" in problem(tmp_path / "note.txt")
    root = make_workspace(adopt=True)                 # -w …/gongkai.toml means its folder
    result = runner.invoke(app, ["items", "-w", str(root / "gongkai.toml"), "--format", "json"])
    assert result.exit_code == 0 and "410106-19-" in result.output


def test_bad_config_names_the_field(make_workspace):
    root = make_workspace()
    text = (root / "gongkai.toml").read_text("utf-8").replace('region = "410106"', 'region = "4101"')
    (root / "gongkai.toml").write_text(text, "utf-8")
    result = subprocess.run([sys.executable, "-m", "gongkai.cli", "domains", "-w", str(root)], capture_output=True, text=True)
    assert result.returncode == 2 and "unit.region" in result.stderr and "gongkai.toml:" in result.stderr


def test_a_date_in_quotes_is_not_a_date(make_workspace):
    root = make_workspace()
    text = (root / "gongkai.toml").read_text("utf-8")
    text = re.sub(r"(?m)^adopted_on = (\S+)$", r'adopted_on = "\1"', text)
    assert 'adopted_on = "' in text
    (root / "gongkai.toml").write_text(text, "utf-8")
    result = subprocess.run([sys.executable, "-m", "gongkai.cli", "domains", "-w", str(root)], capture_output=True, text=True)
    assert result.returncode == 2 and "standard.adopted_on" in result.stderr


def test_a_department_named_twice_is_refused_at_its_line(make_workspace):
    root = make_workspace()
    text = (root / "gongkai.toml").read_text("utf-8") + (
        '\n[[departments]]\nname = "区民政局"\naliases = ["县民政局"]\n'
        '\n[[departments]]\nname = "区人社局"\naliases = ["县民政局"]\n')
    (root / "gongkai.toml").write_text(text, "utf-8")
    result = subprocess.run([sys.executable, "-m", "gongkai.cli", "domains", "-w", str(root)], capture_output=True, text=True)
    line = text.splitlines().index('aliases = ["县民政局"]', text.splitlines().index('name = "区人社局"')) + 1
    assert result.returncode == 2 and f"gongkai.toml:{line} field departments.aliases" in result.stderr
    assert "'县民政局' already names department '区民政局'" in result.stderr


def test_waiver_error_names_its_line(make_workspace):
    root = make_workspace()
    with (root / "gongkai.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[[waivers]]\nrule = "ATT004"\nreason = "r"\napproved_by = "a"\nexpires = "soon"\n')
    lines = (root / "gongkai.toml").read_text("utf-8").splitlines()
    result = subprocess.run([sys.executable, "-m", "gongkai.cli", "check", "-w", str(root)], capture_output=True, text=True)
    assert result.returncode == 2
    assert f"gongkai.toml:{len(lines)} field waivers.0.expires" in result.stderr


def test_item_add_from_file_refuses_managed_fields(make_workspace, tmp_path):
    root = make_workspace()
    src = tmp_path / "forged.toml"
    src.write_text('category = "临时救助"\nname = "新"\nstatus = "published"\nversion = 3\n', "utf-8")
    result = runner.invoke(app, ["item", "add", "-w", str(root), "--domain", "19", "--from", str(src)])
    assert result.exit_code != 0
    assert "forged.toml:3" in str(result.exception) and "'status' is managed" in str(result.exception)
    assert not (root / "domains" / "19-social-assistance.toml").exists()


def test_bad_calendar_year_is_refused_by_every_command_with_its_line(make_workspace):
    root = make_workspace()
    with (root / "gongkai.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[calendar.2027]\nnotice = "国办发明电〔2026〕N号"\noff = ["2027-13-01"]\nwork = []\n')
    line = (root / "gongkai.toml").read_text("utf-8").splitlines().index('off = ["2027-13-01"]') + 1
    for args in (["items"], ["check"], ["workdays", "2027-01-05", "3"]):
        result = subprocess.run([sys.executable, "-m", "gongkai.cli", *args, "-w", str(root)], capture_output=True, text=True)
        assert result.returncode == 2, args
        assert f"gongkai.toml:{line} field calendar.2027.off[0]" in result.stderr, result.stderr
