"""`gongkai workdays DATE N`: with and without a workspace, and its errors."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongkai.catalog.errors import InputError
from gongkai.catalog.workdays import CalendarCoverageError
from gongkai.cli.app import app

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()

CONFIG = '''[unit]
region = "410106"
name = "上街区"

[calendar]
2027 = { notice = "国办发明电〔2026〕99号", off = ["2027-01-01", "2027-02-05..2027-02-11"], work = [OFF_DAY] }
'''


@pytest.fixture
def outside(tmp_path, monkeypatch):
    """A folder with no workspace above it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _workspace(tmp_path: Path, work_day: str = '"2027-02-14"') -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "gongkai.toml").write_text(CONFIG.replace("OFF_DAY", work_day), encoding="utf-8")
    return ws


def test_after(outside):
    result = runner.invoke(app, ["workdays", "2024-02-10", "20"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2024-03-14 (星期四)")
    assert "2024-02-10 is not a working day" in result.output


def test_before_json(outside):
    result = runner.invoke(app, ["workdays", "2024-03-14", "20", "--before", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["result"], data["direction"], data["n"]) == ("2024-02-09", "before", 20)
    assert data["calendar"]["first_year"] == 2019


@pytest.mark.parametrize("bad", ["2024-02-30", "20240210", "2024-W06-6", "yesterday"])
def test_a_bad_date_exits_2_with_the_expected_form(outside, bad):
    result = runner.invoke(app, ["workdays", bad, "20"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_a_bad_format_exits_2(outside):
    assert runner.invoke(app, ["workdays", "2024-02-10", "1", "--format", "xml"]).exit_code == 2


def test_a_year_before_the_first_notice_is_refused(outside):
    result = runner.invoke(app, ["workdays", "2018-03-01", "1"])
    assert isinstance(result.exception, CalendarCoverageError)
    assert "[calendar]" in str(result.exception)


def test_the_refusal_reaches_the_user_without_a_traceback(outside):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-c", "from gongkai.cli.launch import main; main()", "workdays", "2018-12-20", "20"],
                          capture_output=True, text=True, env=env, cwd=outside)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: no working-day calendar")
    assert "gongkai.toml" in proc.stderr and "Traceback" not in proc.stderr


def test_a_workspace_calendar_year_applies(tmp_path, monkeypatch):
    ws = _workspace(tmp_path)
    result = runner.invoke(app, ["workdays", "2026-12-31", "1", "-w", str(ws)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2027-01-04")
    # found upward from inside the workspace too, like git
    monkeypatch.chdir(ws)
    result = runner.invoke(app, ["workdays", "2027-02-04", "2", "--format", "json"])
    assert json.loads(result.output)["result"] == "2027-02-14"


def test_a_bad_workspace_calendar_names_the_field(tmp_path):
    ws = _workspace(tmp_path, work_day='"2027-02-15"')
    result = runner.invoke(app, ["workdays", "2026-12-31", "1", "-w", str(ws)])
    assert isinstance(result.exception, InputError)
    assert "field calendar.2027.work[0]" in str(result.exception)
