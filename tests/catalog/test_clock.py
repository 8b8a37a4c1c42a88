"""The one clock (GONGKAI_NOW): tests and reproductions fix 'now' without patching datetime."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from gongkai.catalog import clock


def test_a_date_is_read_as_that_beijing_day(monkeypatch):
    monkeypatch.setenv("GONGKAI_NOW", "2026-12-31")
    assert clock.today() == date(2026, 12, 31)
    assert clock.now() == datetime(2026, 12, 31, 1, 0, tzinfo=timezone.utc)     # 09:00 in Beijing


def test_a_date_time_keeps_its_offset_and_today_is_the_beijing_date(monkeypatch):
    monkeypatch.setenv("GONGKAI_NOW", "2026-12-31T20:00:00+00:00")   # already 1 January in Beijing
    assert clock.now() == datetime(2026, 12, 31, 20, tzinfo=timezone.utc)
    assert clock.today() == date(2027, 1, 1)


def test_without_the_variable_the_clock_is_the_wall_clock(monkeypatch):
    """The fallback is asked of a stand-in wall clock, so the test reads no real time."""
    class Wall(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2031, 7, 1, 17, 30, tzinfo=timezone.utc).astimezone(tz)

    monkeypatch.delenv("GONGKAI_NOW", raising=False)
    monkeypatch.setattr(clock, "datetime", Wall)
    assert clock.now() == datetime(2031, 7, 1, 17, 30, tzinfo=timezone.utc)
    assert clock.today() == date(2031, 7, 2)                 # 01:30 the next day in Beijing


def test_a_bad_value_is_a_usage_error_naming_the_variable(monkeypatch, gk):
    monkeypatch.setenv("GONGKAI_NOW", "next tuesday")
    with pytest.raises(clock.ClockError, match="GONGKAI_NOW"):
        clock.today()
    code, _, err = gk("init", "ws-bad-clock", "--region", "410106", "--name", "上街区")
    assert code == 2 and "GONGKAI_NOW" in err and "Traceback" not in err


def test_history_and_adoption_use_the_clock(monkeypatch, gk, tmp_path):
    import tomllib

    monkeypatch.setenv("GONGKAI_NOW", "2027-03-15")
    root = tmp_path / "ws"
    assert gk("init", root, "--region", "410106", "--name", "上街区")[0] == 0
    config = tomllib.loads((root / "gongkai.toml").read_text(encoding="utf-8"))
    assert config["standard"]["adopted_on"] == date(2027, 3, 15)


def test_version_comes_from_the_package_metadata(gk):
    from importlib.metadata import version

    code, out, _ = gk("--version")
    assert code == 0 and out.strip() == f"gongkai {version('gongkai')}"
