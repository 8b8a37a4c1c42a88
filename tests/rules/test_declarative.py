"""Officers' own rules (rules/*.toml): every malformed file is an input error with file, line and
field — never a traceback, never a rule that silently matches nothing."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from gongkai.cli.app import app

runner = CliRunner()

GOOD = '''[[rule]]
code = "LOC001"
name = "assistance-on-wechat"
severity = "error"
[rule.where]
domain = "social-assistance"
[rule.require]
"method.channels" = { includes = "两微一端" }
'''


@pytest.fixture
def ws(make_workspace):
    root = make_workspace(adopt=True)
    (root / "rules").mkdir()
    return root


def check(root, text, *args):
    (root / "rules" / "own.toml").write_text(text, "utf-8")
    return runner.invoke(app, ["check", str(root), "--no-cache", *args])


def test_domain_given_by_slug_is_normalised(ws):
    r = check(ws, GOOD, "--select", "LOC001", "--format", "json")
    found = json.loads(r.output)["findings"]
    assert found and all(f["item"].startswith("410106-19-") for f in found)


@pytest.mark.parametrize("text, line, needle", [
    ('[rule]\ncode = "LOC001"\n', 1, "[[rule]] blocks"),
    ("rule = 5\n", 1, "[[rule]] blocks"),
    ("rule = [1]\n", 1, "[[rule]] blocks"),
    (GOOD.replace('domain = "social-assistance"', 'domain = "social-assistanc"'), 6, "no domain"),
    (GOOD.replace('domain = "social-assistance"', "domain = 19"), 6, "text in quotes"),
    (GOOD.replace("两微一端", "两微一段"), 8, "did you mean '两微一端'"),
    (GOOD + 'levels = { max_workdays = 3 }\n', 9, "does not apply to list field"),
    (GOOD + 'stages = { min_count = -1 }\n', 9, "whole number"),
    (GOOD + 'note = { exists = "yes" }\n', 9, "true or false"),
    (GOOD + 'name = { equals = 3 }\n', 9, "text in quotes"),
    (GOOD + 'deadline = { max_workday = 3 }\n', 9, "did you mean 'max_workdays'"),
    (GOOD + 'chanels = { includes = "x" }\n', 9, "did you mean 'method.channels'"),
    (GOOD.replace('code = "LOC001"', 'code = "ATT001"'), 2, "already used"),
    (GOOD.replace('code = "LOC001"', 'code = "loc1"'), 2, "2–4 capitals"),
    (GOOD.replace('severity = "error"', 'severity = "fatal"'), 4, "severity"),
])
def test_malformed_rule_files_are_input_errors(ws, text, line, needle):
    r = check(ws, text)
    message = str(r.exception)
    assert r.exit_code != 0 and isinstance(r.exception, Exception)
    assert f"own.toml:{line}" in message and needle in message, message


def test_config_may_ignore_an_own_rule_in_every_command(ws):
    text = (ws / "gongkai.toml").read_text("utf-8").replace("[rules]\n", '[rules]\nignore = ["LOC001"]\n')
    assert 'ignore = ["LOC001"]' in text
    (ws / "gongkai.toml").write_text(text, "utf-8")
    from gongkai.catalog.errors import GongkaiError

    for r in (check(ws, GOOD), runner.invoke(app, ["records", "check", "-w", str(ws), "--as-of", "2026-03-31"])):
        assert not isinstance(r.exception, GongkaiError), r.exception     # runs: no usage or input error
