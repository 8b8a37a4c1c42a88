"""The workspace lock: one writer at a time, so two commands never lose a write.

A writer holds an exclusive ``flock`` on ``.gongkai.lock`` from before it reads the
files until after it has renamed the new ones into place; the second writer waits,
then reads what the first wrote. The kernel drops the lock when a process dies.
The holder writes who it is (pid, command, since when) into the lock file, so that a
writer kept waiting for more than a second can say what it is waiting for.
"""
from __future__ import annotations

import fcntl
import json
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Optional

from gongkai.catalog.errors import WorkspaceBusy

LOCK_NAME = ".gongkai.lock"
SAY_AFTER = 1.0         # seconds of silent waiting before saying who holds the lock


def holder(root: Path) -> Optional[dict]:
    """Who holds (or last held) the lock: {"pid", "command", "since"}, or None if unknown."""
    try:
        data = json.loads((root / LOCK_NAME).read_text(encoding="utf-8") or "null")
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def describe_holder(root: Path) -> str:
    info = holder(root)
    if not info:
        return "another gongkai command"
    return f"`{info.get('command', 'gongkai')}` (pid {info.get('pid', '?')}, since {info.get('since', '?')})"


def _say_waiting(root: Path) -> None:
    sys.stderr.write(f"waiting: {describe_holder(root)} is writing this workspace …\n")
    sys.stderr.flush()


@contextmanager
def workspace_lock(root: Path, timeout: float = 60.0,
                   on_wait: Optional[Callable[[Path], None]] = _say_waiting) -> Iterator[None]:
    """Hold the workspace's write lock; wait at most ``timeout`` seconds (the browser waits a few)."""
    path = root / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        start = time.monotonic()
        said = on_wait is None
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = time.monotonic() - start
                if waited > timeout:
                    raise WorkspaceBusy(
                        f"{describe_holder(root)} has been writing {root} for over {timeout:.0f} s; "
                        "try again when it has finished") from None
                if not said and waited >= SAY_AFTER:
                    on_wait(root)
                    said = True
                time.sleep(0.02)
        _write_holder(fd)
        from gongkai.catalog import journal

        journal.complete(root)          # a write cut short by kill -9: finish it before anything else
        yield
    finally:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _write_holder(fd: int) -> None:
    from gongkai.catalog import clock

    info = {"pid": os.getpid(), "command": " ".join(["gongkai", *sys.argv[1:]])[:200],
            "since": clock.now().astimezone(clock.BEIJING).strftime("%Y-%m-%d %H:%M:%S")}
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info, ensure_ascii=False).encode("utf-8"), 0)
    except OSError:
        pass            # a read-only lock file: waiting writers just cannot name us
