"""gongkai.cli.fast_check: a repeated `gongkai check` answered from the cache prints exactly what the full
command printed, and anything it does not fully understand falls through to the full command."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from gongkai import domains as registry
from gongkai.catalog.workspace import Workspace
from gongkai.cli.fast_check import _parse, try_cached_report
from conftest import merged

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _gongkai(*args, cwd=None):
    env = {**os.environ, "PYTHONPATH": REPO}
    return subprocess.run([sys.executable, "-m", "gongkai.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env)


def _ws(make_workspace, base_item):
    root = make_workspace()
    with Workspace.transaction(root) as ws:
        d = ws.ensure_domain(registry.BY_CODE["19"])
        ws.add_item(d, merged(base_item, {"deadline": "及时公开", "levels": []}))
    return root


def test_second_run_is_answered_from_the_cache_identically(make_workspace, base_item):
    root = _ws(make_workspace, base_item)
    first = _gongkai("check", root, "--format", "sarif")
    assert first.returncode == 1
    assert try_cached_report(["check", str(root), "--format", "sarif"]) is not None  # cached now
    second = _gongkai("check", root, "--format", "sarif")
    assert (second.returncode, second.stdout) == (first.returncode, first.stdout)


def test_a_changed_file_is_checked_again(make_workspace, base_item):
    root = _ws(make_workspace, base_item)
    _gongkai("check", root, "--format", "json")
    path = root / "domains" / "19-social-assistance.toml"
    path.write_text(path.read_text("utf-8").replace("及时公开", "信息形成之日起20个工作日内"), "utf-8")
    assert try_cached_report(["check", str(root), "--format", "json"]) is None
    again = _gongkai("check", root, "--format", "json")
    assert "DDL002" not in again.stdout


def test_options_change_the_key(make_workspace, base_item):
    root = _ws(make_workspace, base_item)
    _gongkai("check", root, "--format", "json")
    assert try_cached_report(["check", str(root), "--format", "json", "--select", "DDL"]) is None
    assert try_cached_report(["check", str(root), "--format", "json", "--fail-on", "warning"]) is None


def test_unknown_or_unsupported_command_lines_fall_through():
    assert _parse(["--write-baseline"]) is None
    assert _parse(["--format", "json", "--format", "sarif"]) is None
    assert _parse(["--no-cache"]) is None
    assert try_cached_report(["items"]) is None
    assert try_cached_report(["check", "--format", "xlsx", "-o", "x.xlsx"]) is None
    assert _parse(["ws", "-q", "--select=DDL,ATT", "--select", "BAS"])["select"] == ["DDL", "ATT", "BAS"]


def test_a_json_report_streamed_in_pieces_is_cached_whole_and_an_abandoned_one_not_at_all(tmp_path, monkeypatch):
    import json

    from gongkai.rules.engine import cache as check_cache
    from gongkai.rules.engine.finding import Finding
    from gongkai.rules.engine.runner import CheckResult
    from gongkai.rules.formats.text import render_json

    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(tmp_path / "cache"))
    findings = [Finding("ATT001", "error", f"missing {i}", file="domains/x.toml", line=i, item=f"19-01-{i:03d}")
                for i in range(1, 12)]
    pieces = list(render_json(CheckResult(findings, [], 11), batch=4))
    assert len(pieces) == 5                          # head, three batches, tail: never one text
    parsed = json.loads("".join(pieces))
    assert [f["item"] for f in parsed["findings"]] == [f.item for f in findings]

    with check_cache.ReportRecorder("k1", "11 errors", 1) as recorder:
        passed = list(recorder.tee(iter(pieces)))
        assert check_cache.load_output("k1") is None     # not an entry until the report is out
        recorder.commit()
    assert passed == pieces
    hit = check_cache.load_output("k1")
    assert hit["data"].decode("utf-8") == "".join(pieces) and hit["exit"] == 1

    with pytest.raises(OSError):
        with check_cache.ReportRecorder("k2", "11 errors", 1) as recorder:
            for piece in recorder.tee(iter(pieces)):
                raise OSError(28, "No space left on device")   # the report could not be written
    assert check_cache.load_output("k2") is None
    assert [p.name for p in (tmp_path / "cache" / "checks").iterdir() if "k2" in p.name] == []


def test_a_cache_that_cannot_be_written_never_cuts_the_report_short(tmp_path, monkeypatch):
    from gongkai.rules.engine import cache as check_cache

    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(tmp_path / "cache"))
    pieces = [f"piece {i}\n" for i in range(40)]
    with check_cache.ReportRecorder("k3", "s", 0) as recorder:
        real = recorder.fh

        class Full:                         # the cache disk fills after a few pieces
            written = 0

            def write(self, text):
                Full.written += 1
                if Full.written > 3:
                    raise OSError(28, "No space left on device")
                real.write(text)

            def close(self):
                real.close()
                raise OSError(28, "No space left on device")

        recorder.fh = Full()
        assert list(recorder.tee(iter(pieces))) == pieces    # every piece still reaches the reader
        recorder.commit()
    assert check_cache.load_output("k3") is None
    assert list((tmp_path / "cache" / "checks").iterdir()) == []
