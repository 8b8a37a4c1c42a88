"""gongkai serve: the officers' web workbench over a workspace (gongkai.web)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from gongkai.cli.common import PANEL_CATALOGUE, workspace_root

DEFAULT_PORT = 8750


def register(app: typer.Typer) -> None:
    app.command("serve", rich_help_panel=PANEL_CATALOGUE)(serve)


def serve(
    path: Optional[Path] = typer.Argument(None, help="Workspace folder (default: found upward from here)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; another than loopback needs accounts "
                             "(`gongkai user add`) and belongs behind the unit's HTTPS reverse proxy."),
    port: int = typer.Option(DEFAULT_PORT, "--port", min=1, max=65535, help="Port to listen on."),
    open_browser: bool = typer.Option(False, "--open", help="Open the workbench in the default browser."),
) -> None:
    """Serve the web workbench 网页工作台 for officers: catalogue, findings, lifecycle, import/export.

    The workspace files stay the source of truth: every page reads them as they are now and every
    save goes through the same locked, atomic store as the commands.
    """
    import os

    import uvicorn

    from gongkai.catalog.errors import UsageError

    from gongkai.catalog.users import has_accounts

    root = workspace_root(path).resolve()
    if host not in ("127.0.0.1", "localhost", "::1"):
        if not has_accounts(root):
            raise UsageError(f"--host {host}: this workspace has no accounts (no users.toml), so the workbench "
                             "serves this computer only (127.0.0.1). Add accounts first — `gongkai user add NAME "
                             "--role officer` (and department / assessor accounts) — then serve behind the unit's "
                             "HTTPS reverse proxy")
        os.environ["GONGKAI_SERVE_HOSTS"] = "*"      # every page then needs a login (gongkai.web.roles)
    # cli/ and web/ never import each other: uvicorn gets the app by its import string and the
    # workspace in the environment, so the two faces stay independent over catalog/ and rules/.
    os.environ["GONGKAI_SERVE_WORKSPACE"] = str(root)
    url = f"http://{'[::1]' if host == '::1' else host}:{port}/"
    typer.echo(f"gongkai workbench for {root} at {url} (Ctrl-C stops it)")
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run("gongkai.web.app:create_app", factory=True, host=host, port=port, log_level="warning")
