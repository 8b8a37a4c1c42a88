"""`gongkai report check` over several files, one of them bad (issue 16), and cells no report has."""
from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from gongkai.cli import report_cmds

DATA = Path(__file__).resolve().parents[1] / "data" / "reports"
SH = DATA / "shanghai-office-2025.md"
SY = DATA / "shuyang-fgj-2023.html"

app = typer.Typer()


@app.callback()
def _root() -> None:
    """The report commands as `gongkai` mounts them."""


report_cmds.register(app)


def invoke(*args):
    return CliRunner().invoke(app, ["report", *[str(a) for a in args]])


def test_one_unreadable_file_is_reported_and_the_others_checked(tmp_path):
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"\xff\xfe\x00\x81 not a report")
    r = invoke("check", SH, bad, SY)
    assert r.exit_code == 2, r.output                        # the bad file's part: 2
    out = r.stdout
    assert "上海市人民政府办公厅 2025" in out and "沭阳县发展和改革局 2023" in out
    assert "b.txt — not read: " in out and "not UTF-8 or GB18030 text" in out
    assert out.splitlines()[-1].endswith("; 1 file not read (exit 2)")
    assert "2 reports, 12 rules" in out.splitlines()[-1]


def test_the_exit_code_is_the_worst_part(tmp_path):
    """2 (a file not read) over 1 (findings that fail) over 0."""
    wrong = tmp_path / "wrong.md"
    wrong.write_text(SH.read_text("utf-8").replace("| 40 | 0 | 10 | 5 | 55 |", "| 40 | 0 | 10 | 5 | 54 |"), "utf-8")
    assert invoke("check", SH, SY).exit_code == 0
    assert invoke("check", SH, wrong).exit_code == 1
    assert invoke("check", wrong, tmp_path / "absent.md").exit_code == 2


def test_json_gives_each_file_its_result_or_its_error(tmp_path):
    r = invoke("check", SH, tmp_path / "absent.md", "--format", "json")
    assert r.exit_code == 2
    data = json.loads(r.stdout)
    assert [sorted(x)[:2] for x in data["reports"]][1] == ["error", "file"]
    assert data["reports"][1]["file"].endswith("absent.md") and "cannot read the file" in data["reports"][1]["error"]
    assert data["reports"][0]["unit"] == "上海市人民政府办公厅" and data["summary"]["unreadable"] == 1


def test_a_cell_of_a_million_digits_is_an_input_error(tmp_path):
    """Before: ValueError (Python refuses int() of more than 4300 digits) and a traceback."""
    text = (DATA / "shanghai-office-2025.txt").read_text("utf-8")
    huge = tmp_path / "huge.txt"
    huge.write_text(text.replace("一、本年新收 | 1259 |", "一、本年新收 | " + "1" * 1_000_000 + " |"), "utf-8")
    r = invoke("check", huge)
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "huge.txt:17: a cell of 1,000,000 digits" in r.output
    js = tmp_path / "huge.json"
    js.write_text('{"tables": {"表三": {"一、本年新收": {"总计": ' + "9" * 5000 + "}}}}", "utf-8")
    r = invoke("check", js)
    assert r.exit_code == 2 and "invalid JSON" in r.output and "Traceback" not in r.output
    inf = tmp_path / "inf.json"
    inf.write_text('{"tables": {"表三": {"一、本年新收": {"总计": 1e999}}}}', "utf-8")
    r = invoke("check", inf)
    assert r.exit_code == 2 and "is not a finite number" in r.output


def test_json_findings_carry_their_line():
    r = invoke("check", DATA / "planted" / "sh2025-refused-21.md", "--format", "json")
    assert r.exit_code == 1
    f = json.loads(r.stdout)["reports"][0]["findings"]
    assert [(x["rule"], x["item"], x["line"]) for x in f] == [("AR301", "正文 不予公开", 11)]
