"""`gongkai check` and `gongkai rules`: formats, exit codes, selection, waivers, baseline, own rules."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from gongkai import domains as registry
from gongkai.catalog.model import Item
from gongkai.catalog.toml_store import atomic_write
from gongkai.catalog.workspace import Workspace, load_config, render_config
from gongkai.cli.app import app
from conftest import merged

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def ws_one(make_workspace, base_item):
    """A workspace with the complete base item plus one with a vague deadline and no levels."""
    root = make_workspace()
    with Workspace.transaction(root) as ws:
        d = ws.ensure_domain(registry.BY_CODE["19"])
        ws.add_item(d, base_item)
        ws.add_item(d, merged(base_item, {"name": "审核信息", "deadline": "及时公开", "levels": []}))
    return root


def set_config(root, change: dict):
    cfg = load_config(root)
    atomic_write(root / "gongkai.toml", render_config(type(cfg).model_validate(
        merged(cfg.model_dump(mode="python", exclude_none=True), change))))


def test_findings_exit_1_and_clean_exit_0(ws_one):
    r = invoke("check", ws_one, "--select", "ATT,DDL")
    assert r.exit_code == 1
    assert "ATT010" in r.output and "DDL002" in r.output and "1 errors, 1 warnings" in r.output
    assert invoke("check", ws_one, "--select", "DDL").exit_code == 0          # a warning only
    assert invoke("check", ws_one, "--select", "DDL", "--fail-on", "warning").exit_code == 1
    assert invoke("check", ws_one, "--select", "ATT", "--ignore", "ATT010").exit_code == 0


def test_unknown_selector_is_a_usage_error(ws_one):
    r = invoke("check", ws_one, "--select", "XYZ")
    assert r.exit_code != 0 and "no rule matches XYZ" in str(r.exception)


def test_unknown_selector_in_the_config_names_file_line_and_field(ws_one):
    from gongkai.catalog.errors import InputError

    set_config(ws_one, {"rules": {"ignore": ["ATT011", "ATX"], "severity": {"DDL02": "error"}}})
    r = invoke("check", ws_one)
    assert isinstance(r.exception, InputError)
    lines = (ws_one / "gongkai.toml").read_text("utf-8").splitlines()
    by_field = {p.field: p for p in r.exception.problems}
    assert set(by_field) == {"rules.ignore", "rules.severity"}
    assert "ATX" in by_field["rules.ignore"].message and "ATT011" not in by_field["rules.ignore"].message
    assert lines[by_field["rules.ignore"].line - 1].startswith("ignore =")
    assert by_field["rules.ignore"].file.endswith("gongkai.toml")


def test_json_output_has_findings_with_places(ws_one):
    r = invoke("check", ws_one, "--select", "ATT010", "--format", "json")
    data = json.loads(r.output)
    [f] = data["findings"]
    assert f["rule"] == "ATT010" and f["item"] == "410106-19-01-002" and f["field"] == "levels"
    assert f["file"].endswith("19-social-assistance.toml") and f["line"] > 1
    assert data["summary"]["error"] == 1


def test_sarif_is_2_1_0_with_rules_and_locations(ws_one, tmp_path):
    out = tmp_path / "r.sarif"
    r = invoke("check", ws_one, "--format", "sarif", "-o", out)
    assert r.exit_code == 1
    doc = json.loads(out.read_text("utf-8"))
    assert doc["version"] == "2.1.0" and "sarif-2.1.0" in doc["$schema"]
    run = doc["runs"][0]
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert "DDL002" in ids and all(rule["fullDescription"]["text"] for rule in run["tool"]["driver"]["rules"])
    for res in run["results"]:
        assert ids[res["ruleIndex"]] == res["ruleId"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"]
    located = [res for res in run["results"] if res["ruleId"] == "DDL002"]
    assert located and located[0]["locations"][0]["physicalLocation"]["region"]["startLine"] > 1


def test_sarif_uri_is_a_uri_reference_for_any_folder_name():
    from urllib.parse import unquote, urlsplit

    from gongkai.rules.engine.runner import CheckResult
    from gongkai.rules.engine.finding import Finding
    from gongkai.rules.formats.sarif import render_sarif

    path = "上街区 目录/domains/19-social-assistance.toml"
    doc = json.loads(render_sarif(CheckResult([Finding("ATT001", "error", "m", file=path, line=3)], [], 1), "0"))
    uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert " " not in uri and uri.isascii() and unquote(uri) == path and not urlsplit(uri).scheme


def test_junit_output(ws_one):
    r = invoke("check", ws_one, "--select", "ATT,DDL", "--format", "junit")
    suite = ET.fromstring(r.output.split("?>", 1)[1])
    failed = [c.get("name") for c in suite.iter("testcase") if c.find("failure") is not None]
    assert failed == ["ATT010 levels-missing"]


def test_xlsx_output(ws_one, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "f.xlsx"
    r = invoke("check", ws_one, "--select", "ATT010,DDL002", "--format", "xlsx", "-o", out)
    assert r.exit_code == 1
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][0].startswith("规则") and sorted(r[0] for r in rows[1:]) == ["ATT010", "DDL002"]


@pytest.mark.parametrize("fmt,name", [("json", "f.xlsx"), ("xlsx", "f.json"), ("xlsx", None)])
def test_format_and_output_file_must_agree(ws_one, tmp_path, fmt, name):
    from gongkai.catalog.errors import UsageError

    args = ["-o", tmp_path / name] if name else []
    r = invoke("check", ws_one, "--format", fmt, *args)
    assert isinstance(r.exception, UsageError) and "xlsx" in str(r.exception)   # exit 2 from the command
    assert not name or not (tmp_path / name).exists()


def test_config_select_ignore_and_severity_override(ws_one):
    set_config(ws_one, {"rules": {"select": ["ATT", "DDL"], "ignore": ["ATT010"], "severity": {"DDL002": "error"}}})
    r = invoke("check", ws_one)
    assert "ATT010" not in r.output and "DDL002  错误 error" in r.output and r.exit_code == 1


def test_waiver_counts_apart_and_expires(ws_one):
    waiver = {"rule": "ATT010", "items": ["19-01-002"], "reason": "层级待区政府确定",
              "approved_by": "区政务公开办", "expires": "2099-12-31"}
    set_config(ws_one, {"waivers": [waiver]})
    r = invoke("check", ws_one, "--select", "ATT010,WAI", "--as-of", "2026-06-01")
    assert r.exit_code == 0 and "1 waived" in r.output and "(waived)" in r.output
    set_config(ws_one, {"waivers": [{**waiver, "expires": "2020-01-01"}]})
    r = invoke("check", ws_one, "--select", "ATT010,WAI", "--as-of", "2026-06-01")
    assert r.exit_code == 1 and "0 waived" in r.output and "WAI001" in r.output


def test_baseline_blocks_only_new_findings(ws_one, base_item):
    assert invoke("check", ws_one, "--select", "ATT,DDL", "--write-baseline").exit_code == 0
    r = invoke("check", ws_one, "--select", "ATT,DDL", "--baseline", ws_one / "gongkai-baseline.json")
    assert r.exit_code == 0 and "2 baselined" in r.output  # ATT010 and DDL002
    with Workspace.transaction(ws_one) as ws:
        d = ws.domain("19")
        ws.add_item(d, merged(base_item, {"name": "审批信息", "levels": []}))
    r = invoke("check", ws_one, "--select", "ATT,DDL", "--baseline", ws_one / "gongkai-baseline.json")
    assert r.exit_code == 1 and "410106-19-01-003" in r.output


def test_workspace_rules_run_and_bad_ones_are_input_errors(ws_one):
    (ws_one / "rules").mkdir()
    (ws_one / "rules" / "local.toml").write_text('''
[[rule]]
code = "LOC001"
name = "assistance-on-wechat"
severity = "error"
summary = "社会救助主动公开事项须同步两微一端"
[rule.where]
domain = "19"
"method.mode" = { includes = "主动" }
[rule.require]
"method.channels" = { includes = "两微一端" }
deadline = { max_workdays = 10 }
''', "utf-8")
    r = invoke("check", ws_one, "--select", "LOC001", "--format", "json")
    found = json.loads(r.output)["findings"]
    # both items lack 两微一端; the second also has a vague deadline (not within 10 working days)
    assert sorted(f["item"] for f in found) == ["410106-19-01-001", "410106-19-01-002"]
    assert "LOC001" in invoke("rules", "-w", ws_one).output
    (ws_one / "rules" / "bad.toml").write_text('[[rule]]\ncode = "LOC002"\n[rule.require]\nchanels = { includes = "x" }\n', "utf-8")
    r = invoke("check", ws_one)
    assert r.exit_code != 0 and "bad.toml:4" in str(r.exception) and "did you mean 'method.channels'" in str(r.exception)


def test_rules_lists_and_shows(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    listing = invoke("rules", "--format", "json")
    rules = json.loads(listing.output)
    assert len(rules) >= 30 and {r["scope"] for r in rules} >= {"item", "file", "workspace"}
    shown = invoke("rules", "DDL003").output
    assert "第二十六条" in shown and "Fails:" in shown and "Passes:" in shown
    assert invoke("rules", "deadline-vague").exit_code == 0
    assert invoke("rules", "NOPE1").exit_code != 0


def test_repeated_check_uses_the_cache_until_a_file_changes(ws_one, monkeypatch):
    import gongkai.rules.engine.runner as engine

    first = invoke("check", ws_one, "--format", "json")
    calls = []
    real = engine.run_checks
    monkeypatch.setattr(engine, "run_checks", lambda *a, **k: calls.append(1) or real(*a, **k))
    second = invoke("check", ws_one, "--format", "json")
    assert calls == [] and json.loads(second.output) == json.loads(first.output)
    path = ws_one / "domains" / "19-social-assistance.toml"
    path.write_text(path.read_text("utf-8").replace("及时公开", "信息形成之日起20个工作日内"), "utf-8")
    third = json.loads(invoke("check", ws_one, "--format", "json").output)
    assert calls == [1] and "DDL002" not in {f["rule"] for f in third["findings"]}
    assert invoke("check", ws_one, "--no-cache").exit_code == 1 and calls == [1, 1]


def test_selecting_only_record_rules_points_to_their_command(ws_one):
    r = invoke("check", ws_one, "--select", "REC")
    assert r.exit_code != 0 and "gongkai records check" in str(r.exception)


def test_repeated_check_prints_the_same_report_and_exit_code(ws_one, tmp_path):
    first = invoke("check", ws_one, "--format", "sarif")
    again = invoke("check", ws_one, "--format", "sarif")
    assert (again.exit_code, again.output) == (first.exit_code, first.output) and first.exit_code == 1
    clean = invoke("check", ws_one, "--select", "BAS", "--format", "json")
    assert clean.exit_code == 0 and invoke("check", ws_one, "--select", "BAS", "--format", "json").exit_code == 0
