"""The workspace lock: one writer at a time, so two commands never lose a write.

A writer holds an exclusive ``flock`` on ``.gongkai.lock`` from before it reads the
files until after it has renamed the new ones into place; the second writer waits,
then reads what the first wrote. The kernel drops the lock when a process dies.
"""
from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from gongkai.catalog.errors import UsageError

LOCK_NAME = ".gongkai.lock"


@contextmanager
def workspace_lock(root: Path, timeout: float = 60.0) -> Iterator[None]:
    path = root / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise UsageError(
                        f"another gongkai command has been writing {root} for over {timeout:.0f} s; "
                        "try again when it has finished") from None
                time.sleep(0.02)
        yield
    finally:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
