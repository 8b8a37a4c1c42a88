"""What the workbench is started with: the workspace folder and the limits of a request.

`gongkai serve` (cli/) and the app (web/) never import each other: the command names the app by
its import string for uvicorn and hands the workspace over in GONGKAI_SERVE_WORKSPACE.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

WORKSPACE_ENV = "GONGKAI_SERVE_WORKSPACE"
HOSTS_ENV = "GONGKAI_SERVE_HOSTS"          # "*": any Host header (serving an office network, accounts required)
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class Settings:
    root: Path
    upload_limit: int = 20 * 1024 * 1024     # bytes: the largest officer's workbook seen is ~2 MB
    lock_wait: float = 3.0                   # seconds a save waits for another writer, then says 忙
    page_size: int = 100                     # items per page of a domain (城市综合执法 has 769)
    allowed_hosts: tuple[str, ...] = LOOPBACK


def from_environment(root: Optional[Path] = None) -> Settings:
    from gongkai.catalog.workspace import find_root

    given = root if root is not None else os.environ.get(WORKSPACE_ENV)
    hosts = tuple(h for h in os.environ.get(HOSTS_ENV, "").split(",") if h) or LOOPBACK
    return Settings(root=find_root(Path(given) if given else None).resolve(), allowed_hosts=hosts)
