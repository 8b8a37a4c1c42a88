"""`gongkai report check` over several files, one of them bad (issue 16), and cells no report has."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "reports"
SH = DATA / "shanghai-office-2025.md"
SY = DATA / "shuyang-fgj-2023.html"


@pytest.fixture
def invoke(gk):
    """`gongkai report ARGS…` in-process: (exit code, stdout, stderr)."""
    return lambda *args: gk("report", *args)


def test_one_unreadable_file_is_reported_and_the_others_checked(tmp_path, invoke):
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"\xff\xfe\x00\x81 not a report")
    code, out, err = invoke("check", SH, bad, SY)
    assert code == 2, out + err                              # the bad file's part: 2
    assert "b.txt: not UTF-8 or GB18030 text" in err
    assert "上海市人民政府办公厅 2025" in out and "沭阳县发展和改革局 2023" in out
    assert "b.txt — not read: " in out and "not UTF-8 or GB18030 text" in out
    assert out.splitlines()[-1].endswith("; 1 file not read (exit 2)")
    assert "2 reports, 12 rules" in out.splitlines()[-1]


def test_the_exit_code_is_the_worst_part(tmp_path, invoke):
    """2 (a file not read) over 1 (findings that fail) over 0."""
    wrong = tmp_path / "wrong.md"
    wrong.write_text(SH.read_text("utf-8").replace("| 40 | 0 | 10 | 5 | 55 |", "| 40 | 0 | 10 | 5 | 54 |"), "utf-8")
    assert invoke("check", SH, SY)[0] == 0
    assert invoke("check", SH, wrong)[0] == 1
    assert invoke("check", wrong, tmp_path / "absent.md")[0] == 2


def test_json_gives_each_file_its_result_or_its_error(tmp_path, invoke):
    code, out, _ = invoke("check", SH, tmp_path / "absent.md", "--format", "json")
    assert code == 2
    data = json.loads(out)
    assert [sorted(x)[:2] for x in data["reports"]][1] == ["error", "file"]
    assert data["reports"][1]["file"].endswith("absent.md") and "cannot read the file" in data["reports"][1]["error"]
    assert data["reports"][0]["unit"] == "上海市人民政府办公厅" and data["summary"]["unreadable"] == 1


def test_a_cell_of_a_million_digits_is_an_input_error(tmp_path, invoke):
    """Before: ValueError (Python refuses int() of more than 4300 digits) and a traceback."""
    text = (DATA / "shanghai-office-2025.txt").read_text("utf-8")
    huge = tmp_path / "huge.txt"
    huge.write_text(text.replace("一、本年新收 | 1259 |", "一、本年新收 | " + "1" * 1_000_000 + " |"), "utf-8")
    code, out, err = invoke("check", huge)
    assert code == 2 and "Traceback" not in out + err
    assert "huge.txt:17: a cell of 1,000,000 digits" in err
    js = tmp_path / "huge.json"
    js.write_text('{"tables": {"表三": {"一、本年新收": {"总计": ' + "9" * 5000 + "}}}}", "utf-8")
    code, out, err = invoke("check", js)
    assert code == 2 and "invalid JSON" in err and "Traceback" not in out + err
    inf = tmp_path / "inf.json"
    inf.write_text('{"tables": {"表三": {"一、本年新收": {"总计": 1e999}}}}', "utf-8")
    code, _, err = invoke("check", inf)
    assert code == 2 and "is not a finite number" in err


def test_json_findings_carry_their_line(invoke):
    code, out, _ = invoke("check", DATA / "planted" / "sh2025-refused-21.md", "--format", "json")
    assert code == 1
    f = json.loads(out)["reports"][0]["findings"]
    assert [(x["rule"], x["item"], x["line"]) for x in f] == [("AR301", "正文 不予公开", 11)]
