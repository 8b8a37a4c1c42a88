"""Records that would be counted twice or carry impossible dates (issue 16)."""
from __future__ import annotations

from datetime import date

import pytest

from assessment_helpers import write_csv
from gongkai.catalog.errors import InputError
from gongkai.catalog.records.store import import_records, load_records

HEADER = ["事项编码", "信息标题", "形成日期", "发布时间", "发布渠道", "链接"]
ROWS = [["19-02-002", "低保名单3月", "2026-03-02", "2026-03-11", "政府网站", "http://x/1"],
        ["19-02-003", "低保标准", "2026-03-05", "2026-03-09", "政府网站", "http://x/2"]]


def test_the_same_file_under_a_second_name_is_refused(make_workspace, tmp_path):
    root = make_workspace(adopt=True)
    import_records(root, write_csv(tmp_path / "民政局-2026Q1.csv", HEADER, ROWS), today=date(2026, 4, 2))
    with pytest.raises(InputError, match="already imported as records/民政局-2026Q1.toml"):
        import_records(root, write_csv(tmp_path / "copy of Q1.csv", HEADER, ROWS), today=date(2026, 4, 2))
    assert len(load_records(root)) == 1                     # counted once, not twice


def test_a_file_overlapping_an_earlier_import_names_the_rows(make_workspace, tmp_path):
    root = make_workspace(adopt=True)
    import_records(root, write_csv(tmp_path / "Q1.csv", HEADER, ROWS[:1]), today=date(2026, 4, 2))
    with pytest.raises(InputError) as exc:
        import_records(root, write_csv(tmp_path / "H1.csv", HEADER, ROWS), today=date(2026, 7, 2))
    assert "1 of its 2 records are already in records/Q1.toml (rows 2)" in str(exc.value)


def test_importing_the_same_file_again_still_replaces_it(make_workspace, tmp_path):
    root = make_workspace(adopt=True)
    path = write_csv(tmp_path / "Q1.csv", HEADER, ROWS)
    import_records(root, path, today=date(2026, 4, 2))
    again = import_records(root, path, today=date(2026, 4, 3))
    assert again.replaced == 2 and len(load_records(root)) == 1


def test_dates_before_the_regulation_or_in_the_future_are_warned_about(make_workspace, tmp_path):
    root = make_workspace(adopt=True)
    rows = [["19-02-002", "a", "1900-01-01", "2026-03-11", "政府网站", ""],
            ["19-02-003", "b", "2026-03-05", "2027-01-09", "政府网站", ""],
            ["19-02-004", "c", "2026-03-05", "2026-03-09", "政府网站", ""]]
    result = import_records(root, write_csv(tmp_path / "q.csv", HEADER, rows), today=date(2026, 4, 2))
    assert result.written and len(result.records) == 3      # kept: a warning, not a refusal
    found = [(p.item, p.field, p.line) for p in result.warnings]
    assert found == [("19-02-002", "formed_on", 2), ("19-02-003", "published_on", 3)]


def test_the_cli_prints_the_warnings(gk, make_workspace, tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_NOW", "2026-04-02")
    root = make_workspace(adopt=True)
    rows = [["19-02-002", "a", "1900-01-01", "2026-03-11", "政府网站", ""]]
    code, out, err = gk("records", "import", write_csv(tmp_path / "q.csv", HEADER, rows), "-w", root)
    assert code == 0 and "warning:" in err and "formed_on 1900-01-01 is before the 条例" in err
