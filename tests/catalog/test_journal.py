"""The write journal: a multi-file write killed between two renames is completed by the next command."""
from __future__ import annotations

import os
import sys

import pytest

from gongkai.catalog import journal, toml_store
from gongkai.catalog.workspace import Workspace

sys.path.insert(0, str(__import__("conftest").ROOT / "bench"))
from generate import generate  # noqa: E402


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, no clean-up."""


def _approve_all_but_die_after(root, renames_before_death, monkeypatch):
    real_replace = os.replace
    count = {"n": 0}

    def dying_replace(src, dst):
        if str(dst).endswith(".toml") and "/domains/" in str(dst):
            if count["n"] == renames_before_death:
                raise Killed()
            count["n"] += 1
        return real_replace(src, dst)

    monkeypatch.setattr(toml_store.os, "replace", dying_replace)
    with pytest.raises(Killed):
        with Workspace.transaction(root) as ws:
            for _, item in ws.items():
                item.note = "changed by the interrupted command"
    monkeypatch.setattr(toml_store.os, "replace", real_replace)


def test_a_write_killed_between_renames_is_completed_by_the_next_load(tmp_path, monkeypatch, capsys):
    root = generate(78, tmp_path / "ws")
    files = sorted((root / "domains").glob("*.toml"))
    assert len(files) > 5
    _approve_all_but_die_after(root, 4, monkeypatch)
    changed = [p for p in files if "changed by the interrupted command" in p.read_text("utf-8")]
    assert len(changed) == 4                                  # the half-done state a kill leaves
    assert journal.journal_path(root).exists()

    ws = Workspace.load(root)                                 # the next command, even a reader
    assert all(item.note == "changed by the interrupted command" for _, item in ws.items())
    assert not journal.journal_path(root).exists()
    assert not list((root / "domains").glob(".*.tmp"))
    err = capsys.readouterr().err
    assert "completed an interrupted write" in err and f"{len(files) - 4} of {len(files)} files" in err


def test_a_write_killed_before_the_first_rename_leaves_everything_before(tmp_path, monkeypatch):
    root = generate(52, tmp_path / "ws")
    before = {p: p.read_bytes() for p in (root / "domains").glob("*.toml")}
    _approve_all_but_die_after(root, 0, monkeypatch)
    # the journal was written, so "before" is not an option any more: the write is rolled forward
    Workspace.load(root)
    assert all(p.read_bytes() != old for p, old in before.items())


def test_a_torn_journal_is_dropped_and_the_files_stay_as_before(tmp_path):
    root = generate(26, tmp_path / "ws")
    before = {p: p.read_bytes() for p in (root / "domains").glob("*.toml")}
    journal.journal_path(root).write_text('{"renames": [["/x', encoding="utf-8")
    Workspace.load(root)
    assert not journal.journal_path(root).exists()
    assert {p: p.read_bytes() for p in before} == before


def test_the_interrupted_message_says_when_the_write_had_finished(tmp_path, capsys):
    from gongkai.cli import common

    root = generate(26, tmp_path / "ws")
    with Workspace.transaction(root) as ws:
        for _, item in ws.items():
            item.note = "x"
    assert toml_store.last_completed_write
    with pytest.raises(SystemExit) as exc:
        common._interrupted()
    assert exc.value.code == 130
    assert "after the write had finished" in capsys.readouterr().err
    toml_store.last_completed_write = None
    with pytest.raises(SystemExit):
        common._interrupted()
    assert "as it was before the step in progress, or as after it" in capsys.readouterr().err


def test_a_writer_kept_waiting_says_who_holds_the_lock(tmp_path, capsys, monkeypatch):
    import subprocess
    import time

    from gongkai.catalog import lock

    root = tmp_path / "ws"
    root.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; sys.argv = ['gongkai', 'approve', '--all']\n"
        "from pathlib import Path\nfrom gongkai.catalog.lock import workspace_lock\n"
        f"with workspace_lock(Path({str(root)!r})):\n    print('held', flush=True); time.sleep(3)\n")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(lock, "SAY_AFTER", 0.2)
        started = time.monotonic()
        with pytest.raises(Exception, match="approve --all"):
            with lock.workspace_lock(root, timeout=0.6):
                pass
        assert time.monotonic() - started < 2.5
        err = capsys.readouterr().err
        assert "waiting: `gongkai approve --all` (pid" in err and "is writing this workspace" in err
    finally:
        holder.wait()
