"""`gongkai ready`: the officer's daily question — what can be approved now, and what stops the rest."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from gongkai.cli.common import PANEL_LIFECYCLE, WorkspaceOption, check_format, emit_json, open_workspace


def register(app: typer.Typer) -> None:
    app.command("ready", rich_help_panel=PANEL_LIFECYCLE)(ready)


def ready(
    domain: Optional[str] = typer.Option(None, "--domain", "-d", help="Only this domain (NN, slug or name)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Judge as of this date, YYYY-MM-DD (default today)."),
    top: int = typer.Option(10, "--top", help="How many fixes to list."),
    fmt_: str = typer.Option("text", "--format", help="text | json"),
    workspace: Optional[Path] = WorkspaceOption,
) -> None:
    """Which items could be approved now 可审核发布, which are blocked and by what, grouped by the fix.

    The fixes come first that unblock the most items on their own, each with the bulk edit that
    applies it (`gongkai item edit --domain … --category … --set …`). The verdict is approve's own guard.
    """
    from datetime import date

    from gongkai.catalog import vocab
    from gongkai.catalog.bulk_events import domain_code
    from gongkai.catalog.errors import UsageError
    from gongkai.rules.engine.readiness import readiness

    check_format(fmt_, ("text", "json"))
    try:
        day = date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise UsageError(f"--as-of {as_of!r} is not a date (YYYY-MM-DD)") from None
    ws = open_workspace(workspace)
    r = readiness(ws, domain_code(domain) if domain else None, day)
    if fmt_ == "json":
        emit_json({"ready": {s: codes for s, codes in r.ready.items()},
                   "blocked": {code: [f.to_dict() for f in fs] for code, fs in r.blocked.items()},
                   "fixes": [{"rule": f.rule, "name": f.name, "field": f.field, "items": f.codes,
                              "unblocks_alone": f.alone, "commands": r.commands(f)} for f in r.fixes]})
        return
    total_ready = sum(len(c) for c in r.ready.values())
    where = f" in domain {domain_code(domain)}" if domain else ""
    typer.echo(f"可审核发布 ready: {total_ready} item(s){where}")
    steps = {"in_review": "gongkai approve", "draft": "gongkai submit, then approve",
             "revising": "gongkai submit, then approve"}
    for state, codes in r.ready.items():
        shown = " ".join(codes[:6]) + (" …" if len(codes) > 6 else "")
        typer.echo(f"  {len(codes)} {vocab.STATUS_LABELS[state]} {state}: {shown}   → {steps[state]}")
    typer.echo(f"受阻 blocked: {len(r.blocked)} item(s), by what to fix — first the fixes that unblock the most")
    for fix in r.fixes[:top]:
        alone = f", {fix.alone} of them by this alone" if fix.alone else ""
        typer.echo(f"  {fix.rule} {fix.name} ({fix.label or fix.field}): {len(fix.items)} item(s){alone}")
        commands = r.commands(fix)
        for command in commands[:3]:
            typer.echo(f"      {command}")
        if len(commands) > 3:
            typer.echo(f"      … and the same in {len(commands) - 3} more domains (`gongkai ready --domain NN`)")
        if not commands:
            typer.echo(f"      see `gongkai rules {fix.rule}`: not a one-field edit")
    if len(r.fixes) > top:
        typer.echo(f"  … and {len(r.fixes) - top} more kinds of fix (--top N, or --format json)")
