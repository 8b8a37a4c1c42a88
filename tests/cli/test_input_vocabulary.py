"""What the tables show is accepted as input (issue 15.6), and codes with full-width digits (issue 16)."""
from __future__ import annotations


from gongkai.catalog.codes import parse_code
from gongkai.catalog.workspace import Workspace


def _first_code(root, domain="19"):
    return next(i.code for d, i in Workspace.load(root).items() if d.code == domain)


def test_full_width_digits_and_spaces_in_a_typed_code_find_the_item(gk, ws):
    code = _first_code(ws)
    short = code.split("-", 1)[1]
    typed = short.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    rc, out, err = gk("item", "show", typed, "-w", ws)
    assert rc == 0 and code in out, err
    assert gk("item", "show", " " + short.replace("-", " - ") + " ", "-w", ws)[0] == 0


def test_a_code_with_full_width_digits_is_no_code():
    assert parse_code("410106-20-01-001") is not None
    assert parse_code("410106-20-01-00１") is None          # so COD001 reports it and find() cannot confuse it


def test_levels_and_channels_as_the_tables_write_them(gk, ws):
    code = _first_code(ws)
    assert gk("item", "edit", code, "--set", "levels=区级、镇级", "--set", "method.channels=门户网站、政务微信",
              "-w", ws)[0] == 0
    item = Workspace.load(ws).find(code)[1]
    assert set(item.levels) == {"县级", "乡级"}
    assert set(item.method.channels) == {"政府网站", "两微一端"}


def test_a_checklist_level_in_local_words(gk, ws, tmp_path):
    code = _first_code(ws)
    assert gk("item", "edit", code, "--set", "levels=乡级", "-w", ws)[0] == 0
    rc, _, err = gk("checklist", "--level", "镇级", "--format", "csv", "-o", tmp_path / "c.csv", "-w", ws)
    assert rc == 0, err
    assert code in (tmp_path / "c.csv").read_text("utf-8")
    assert gk("checklist", "--level", "省级", "--format", "csv", "-o", tmp_path / "d.csv", "-w", ws)[0] == 2


def test_history_is_shown_in_beijing_time_and_kept_in_utc(gk, ws, monkeypatch):
    monkeypatch.setenv("GONGKAI_NOW", "2026-12-03T23:30:00+00:00")       # 07:30 on 4 December in Beijing
    code = _first_code(ws)
    assert gk("submit", code, "-w", ws)[0] == 0
    _, out, _ = gk("history", code, "-w", ws)
    assert "时间 北京时间" in out and "2026-12-04 07:30:00" in out
    assert "at = 2026-12-03 23:30:00+00:00" in (ws / "domains" / "19-social-assistance.toml").read_text("utf-8")


def test_a_lifecycle_selection_takes_the_state_in_chinese(gk, ws):
    code, out, err = gk("submit", "--domain", "19", "--status", "草拟", "--dry-run", "-w", ws)
    assert code == 0 and "submit" in out, err
    code, _, err = gk("submit", "--status", "已审", "-w", ws)
    assert code == 2 and "--status" in err
