"""The console script builds only the command it runs; help and unknown commands see them all."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT
from gongkai.cli import app as app_module

GONGKAI = [sys.executable, "-c", "from gongkai.cli.launch import main; main()"]


def test_keep_only_leaves_the_named_command_or_group_and_nothing_else(monkeypatch):
    app = app_module.app
    monkeypatch.setattr(app, "registered_commands", list(app.registered_commands))
    monkeypatch.setattr(app, "registered_groups", list(app.registered_groups))
    everything = len(app.registered_commands) + len(app.registered_groups)
    assert app_module.keep_only("no-such-command") is False
    assert len(app.registered_commands) + len(app.registered_groups) == everything
    assert app_module.keep_only("item") is True
    assert [g.name for g in app.registered_groups] == ["item"] and app.registered_commands == []


def test_keep_only_finds_every_command_by_the_name_typer_gives_it(monkeypatch):
    from typer.main import get_command

    app = app_module.app
    names = sorted(get_command(app).commands)               # what `gongkai --help` lists
    assert {"approve", "check", "item", "import", "serve"} <= set(names)
    for name in names:
        monkeypatch.setattr(app, "registered_commands", list(app.registered_commands))
        monkeypatch.setattr(app, "registered_groups", list(app.registered_groups))
        assert app_module.keep_only(name), name
        assert sorted(get_command(app).commands) == [name]
        monkeypatch.undo()


def test_the_console_script_runs_one_command_and_still_lists_all_in_help(tmp_path):
    example = ROOT / "examples" / "shangjie"
    shown = subprocess.run([*GONGKAI, "item", "show", "19-01-001", "-w", str(example)], cwd=tmp_path,
                           capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert "19-01-001" in shown.stdout
    helped = subprocess.run([*GONGKAI, "--help"], cwd=tmp_path, capture_output=True, text=True)
    assert helped.returncode == 0 and "approve" in helped.stdout and "serve" in helped.stdout
    unknown = subprocess.run([*GONGKAI, "approvee"], cwd=tmp_path, capture_output=True, text=True)
    assert unknown.returncode == 2 and "No such command" in unknown.stderr


def test_item_show_answered_before_typer_loads_prints_what_the_command_prints(gk, tmp_path):
    from gongkai.catalog.workspace import Workspace
    from gongkai.cli.fast_show import _parse

    example = ROOT / "examples" / "shangjie"
    codes = [item.code for _, item in Workspace.load(example).items()][::40]
    probe = ("import atexit, sys; atexit.register(lambda: sys.stderr.write(f\"typer loaded: {'typer' in sys.modules}\"))\n"
             "from gongkai.cli.launch import main; main()")
    for code in codes:
        for fmt in ("text", "json"):
            fast = subprocess.run([sys.executable, "-c", probe, "item", "show", code.split("-", 1)[1],
                                   "-w", str(example), "--format", fmt], cwd=tmp_path, capture_output=True, text=True)
            rc, out, _ = gk("item", "show", code, "-w", str(example), "--format", fmt)   # typer, in-process
            assert fast.returncode == 0 and rc == 0, fast.stderr
            assert fast.stdout == out, (code, fmt)
            assert fast.stderr.endswith("typer loaded: False"), fast.stderr
    assert _parse(["19-01-001", "-w", "x", "--format", "json"]) == {"code": "19-01-001", "workspace": "x",
                                                                     "format": "json"}
    assert _parse(["19-01-001", "--format", "xml"]) is None            # the command explains the error
    assert _parse(["19-01-001", "--verbose"]) is None
    missing = subprocess.run([*GONGKAI, "item", "show", "19-99-999", "-w", str(example)], cwd=tmp_path,
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "19-99-999" in missing.stderr   # not found: the full command says so


def test_json_on_a_terminal_is_the_json_itself(tmp_path):
    """On a terminal only the human report is coloured; JSON goes out as JSON (it once printed a generator)."""
    import json
    import os

    example = ROOT / "examples" / "shangjie"
    leader, follower = os.openpty()
    proc = subprocess.Popen([*GONGKAI, "check", str(example), "--format", "json", "--no-cache"], cwd=tmp_path,
                            stdout=follower, stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": "200"})
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:                    # the terminal closed: the command is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=300)
    os.close(leader)
    out = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    assert json.loads(out)["summary"]["items"] == 311


def test_a_short_option_with_equals_is_left_to_the_command():
    from gongkai.cli.fast_show import _parse

    assert _parse(["19-01-001", "-w=ws"]) is None                   # click reads it as the folder "=ws"
    assert _parse(["19-01-001", "--workspace=ws"])["workspace"] == "ws"
