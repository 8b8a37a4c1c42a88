"""Output piped into `head`: the reader leaving never stops a command half-way through its work."""
from __future__ import annotations

import os
import subprocess
import sys

from gongkai.catalog.workspace import Workspace, init_workspace

GONGKAI = [sys.executable, "-c", "from gongkai.cli.launch import main; main()"]


def test_a_bulk_event_piped_into_head_still_does_all_its_work(tmp_path):
    root = tmp_path / "ws"
    init_workspace(root, "410106", "上街区")
    proc = subprocess.Popen([*GONGKAI, "submit", "--all", "-w", str(root)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "GONGKAI_ACTOR": "测试员"})
    first = proc.stdout.readline()            # `| head -1`: one line, then the reader is gone
    proc.stdout.close()
    _, err = proc.communicate(timeout=300)
    assert first.startswith("submit 提交审核".encode())
    assert proc.returncode == 0, err.decode()
    assert {i.status for _, i in Workspace.load(root).items()} == {"in_review"}
    assert b"Traceback" not in err and b"BrokenPipe" not in err
