"""gongkai flags: the monthly 红黑旗 board of the departments (rules.assessment.flags)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from gongkai.cli.common import PANEL_ASSESSMENT, WorkspaceOption, check_format, emit_json, open_workspace


def register(app: typer.Typer) -> None:
    app.command("flags", rich_help_panel=PANEL_ASSESSMENT)(flags)


def flags(
    month: Optional[str] = typer.Option(None, "--month", help="YYYY-MM (default: last month)."),
    scheme: Optional[Path] = typer.Option(None, "--scheme", help="A flag scheme TOML (default: flags.toml beside "
                                                                 "gongkai.toml, else the shipped one)."),
    save: bool = typer.Option(False, "--save", help="Keep the board as flags/YYYY-MM.toml (history)."),
    fmt: str = typer.Option("human", "--format", help="human | json"),
    workspace: Optional[Path] = WorkspaceOption,
) -> None:
    """Monthly 红黑旗 月度红黑旗: each department's red or black flag for a month, and why.

    From compliance figures of the month (due, on time, late, missing, on-time rate, still overdue at
    its end) by the criteria of a TOML scheme: every red criterion met gives 红旗, any black one 黑旗.
    """
    from gongkai.catalog import clock
    from gongkai.catalog.records.store import load_records
    from gongkai.rules.assessment.flags import METRICS, load_flag_scheme, monthly_board, save_board

    check_format(fmt, ("human", "json"))
    ws = open_workspace(workspace)
    if month is None:
        today = clock.today()
        month = f"{today.year - (today.month == 1)}-{(today.month - 2) % 12 + 1:02d}"
    the_scheme, where = load_flag_scheme(ws.root, scheme)
    board = monthly_board(ws, load_records(ws.root), month, the_scheme, where)
    saved = save_board(ws.root, board) if save else None
    if fmt == "json":
        emit_json({**board.to_dict(), "saved": str(saved) if saved else None})
        return
    typer.echo(f"{ws.config.unit.name} 月度红黑旗 {board.month}（方案：{the_scheme.name}，{where}）")
    if not board.flags:
        typer.echo("no department to judge: list them in gongkai.toml [[departments]] and import their records")
    for f in board.flags:
        shown = "，".join(f"{METRICS[k]} {v:.0%}" if k == "on_time_rate" else f"{METRICS[k]} {v}"
                         for k, v in f.figures.items() if v is not None)
        typer.echo(f"{f.label}\t{f.dept}\t{shown}" + (f"\t{'；'.join(f.reasons)}" if f.reasons else ""))
    if saved:
        typer.echo(f"saved {saved.relative_to(ws.root)}")
