"""Real-browser tests: Debian's Chromium driven by Playwright, and the workbench served on a free port.

Playwright's own browser download is not reachable here, so the browser is the system one
(`apt-get install chromium fonts-noto-cjk`; without a CJK font every Chinese character is a box).
Where it is missing the browser tests skip, except in CI (GONGKAI_CI=1), where they fail.
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def missing_browser(why: str) -> None:
    """Skip the test, or fail it in CI where a missing browser must not pass unnoticed."""
    if os.environ.get("GONGKAI_CI") == "1":
        pytest.fail(f"browser tests cannot run: {why} (GONGKAI_CI=1: a missing browser fails the run)")
    pytest.skip(f"browser tests skipped: {why}")


@contextmanager
def launched_browser() -> Iterator[object]:
    """A Playwright Browser on the system Chromium, closed on exit."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_browser("the playwright package is not installed (pip install -e '.[test]')")
    path = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if not path:
        missing_browser(f"no Chromium at {CHROMIUM} (apt-get install -y --no-install-recommends chromium fonts-noto-cjk)")
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        except Exception as exc:       # a broken install: say so rather than error in every test
            missing_browser(f"Chromium at {path} did not start: {exc}")
        try:
            yield browser
        finally:
            browser.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(root: Path) -> Iterator[str]:
    """The workbench for the workspace at root, served by uvicorn in a thread; yields its base URL."""
    import uvicorn

    from gongkai.web.app import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(root), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"the workbench did not start on port {port}")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
