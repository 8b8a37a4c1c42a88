"""`gongkai workdays DATE N`: count working days (工作日) as statutory deadlines do."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

import typer

from gongkai.cli.common import PANEL_CHECKS, WorkspaceOption, check_format, emit_json

_WEEKDAYS = "一二三四五六日"


def register(app: typer.Typer) -> None:
    app.command("workdays", rich_help_panel=PANEL_CHECKS)(workdays)


def workdays(
    date_: str = typer.Argument(..., metavar="DATE", help="Start date YYYY-MM-DD (not counted itself)."),
    n: int = typer.Argument(..., min=0, metavar="N", help="Number of working days."),
    before: bool = typer.Option(False, "--before", help="Count backwards: the N-th working day before DATE."),
    workspace: Optional[Path] = WorkspaceOption,
    fmt_: str = typer.Option("text", "--format", help="text | json"),
) -> None:
    """The N-th working day 工作日 after DATE (start day not counted, 民法典 第二百零一条), with 调休.

    Uses the State Council holiday notices, plus the [calendar] years of the workspace's gongkai.toml.
    """
    from datetime import date

    from gongkai.catalog.workdays import build_calendar
    from gongkai.cli.common import optional_workspace_config

    check_format(fmt_, ("text", "json"))
    try:  # strictly YYYY-MM-DD: fromisoformat alone would also take 20240210 or 2024-W06-6
        start = date.fromisoformat(date_) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date_) else None
    except ValueError:
        start = None
    if start is None:
        raise typer.BadParameter(f"{date_!r} is not a date; expected YYYY-MM-DD, e.g. 2024-02-10", param_hint="DATE")

    config = optional_workspace_config(workspace)
    cal = build_calendar(config.calendar if config else None)
    result = cal.before(start, n) if before else cal.add(start, n)
    direction = "before" if before else "after"
    if fmt_ == "json":
        emit_json({
            "date": start.isoformat(), "n": n, "direction": direction, "result": result.isoformat(),
            "weekday": result.isoweekday(), "is_workday": cal.is_workday(start),
            "calendar": {"first_year": cal.first_year, "last_year": cal.last_year,
                         "sources": {str(y): s for y, s in sorted(cal.sources.items())}},
        })
        return
    note = "" if cal.is_workday(start) else f" ({start} is not a working day)"
    typer.echo(f"{result} (星期{_WEEKDAYS[result.weekday()]}): {n} working days {direction} {start}{note}")
