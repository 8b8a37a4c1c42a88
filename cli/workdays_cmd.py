"""`gongkai workdays DATE N` and `gongkai calendar [YEAR…]`: working days (工作日) as statutory deadlines count them."""
from __future__ import annotations

import re
from pathlib import Path
from typing import List, Optional

import typer

from gongkai.cli.common import PANEL_CHECKS, WorkspaceOption, check_format, emit_json

_WEEKDAYS = "一二三四五六日"
_KIND_LABELS = {"package": "国务院放假通知 notice (package data)", "workspace": "国务院放假通知 notice (gongkai.toml)",
                "package+workspace": "国务院放假通知 notice (package data + gongkai.toml)",
                "provisional": "暂定 provisional (no notice yet)"}


def register(app: typer.Typer) -> None:
    app.command("workdays", rich_help_panel=PANEL_CHECKS)(workdays)
    app.command("calendar", rich_help_panel=PANEL_CHECKS)(calendar_cmd)


def _calendar(workspace: Optional[Path]):
    from gongkai.catalog.workdays import build_calendar
    from gongkai.cli.common import optional_workspace_config

    config = optional_workspace_config(workspace)
    return build_calendar(config.calendar if config else None)


def workdays(
    date_: str = typer.Argument(..., metavar="DATE", help="Start date YYYY-MM-DD (not counted itself)."),
    n: int = typer.Argument(..., min=0, metavar="N", help="Number of working days."),
    before: bool = typer.Option(False, "--before", help="Count backwards: the N-th working day before DATE."),
    workspace: Optional[Path] = WorkspaceOption,
    fmt_: str = typer.Option("text", "--format", help="text | json"),
) -> None:
    """The N-th working day 工作日 after DATE (start day not counted, 民法典 第二百零一条), with 调休.

    Uses the State Council holiday notices, plus the [calendar] years of the workspace's gongkai.toml.
    A year with no notice yet is provisional (statutory holidays and weekends, no 调休) and the
    answer says so.
    """
    from datetime import date

    check_format(fmt_, ("text", "json"))
    try:  # strictly YYYY-MM-DD: fromisoformat alone would also take 20240210 or 2024-W06-6
        start = date.fromisoformat(date_) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date_) else None
    except ValueError:
        start = None
    if start is None:
        raise typer.BadParameter(f"{date_!r} is not a date; expected YYYY-MM-DD, e.g. 2024-02-10", param_hint="DATE")

    cal = _calendar(workspace)
    result = cal.before(start, n) if before else cal.add(start, n)
    provisional = cal.provisional_between(start, result)
    direction = "before" if before else "after"
    if fmt_ == "json":
        emit_json({
            "date": start.isoformat(), "n": n, "direction": direction, "result": result.isoformat(),
            "weekday": result.isoweekday(), "is_workday": cal.is_workday(start),
            "provisional": provisional.to_dict() if provisional else None,
            "calendar": {"first_year": cal.first_year, "last_year": cal.last_year,
                         "sources": {str(y): s for y, s in sorted(cal.sources.items())}},
        })
        return
    note = "" if cal.is_workday(start) else f" ({start} is not a working day)"
    typer.echo(f"{result} (星期{_WEEKDAYS[result.weekday()]}): {n} working days {direction} {start}{note}")
    if provisional:
        typer.echo(provisional.note)


def calendar_cmd(
    years: List[int] = typer.Argument(None, metavar="[YEAR]...",
                                      help="Years to show (default: the last notice year and the next)."),
    workspace: Optional[Path] = WorkspaceOption,
    fmt_: str = typer.Option("text", "--format", help="text | json"),
) -> None:
    """The working-day calendar 放假安排 per year: where its days come from, days off, make-up working days.

    A year comes from the State Council notice (package data, or the [calendar] table of the
    workspace's gongkai.toml, which wins) or, with no notice yet, is provisional: the statutory
    holidays of 《全国年节及纪念日放假办法》 with their 补假, and weekends, without 调休.
    """
    from gongkai.catalog.workdays import LAST_YEAR, CalendarCoverageError

    check_format(fmt_, ("text", "json"))
    cal = _calendar(workspace)
    wanted = sorted(set(years)) if years else [cal.last_year, cal.last_year + 1]
    for y in wanted:
        if not cal.first_year <= y <= LAST_YEAR:
            raise CalendarCoverageError(f"the year {y}", cal, y)
    shown = [cal.year_days(y) for y in wanted]
    if fmt_ == "json":
        emit_json({"first_year": cal.first_year, "last_notice_year": cal.last_year, "years": [y.to_dict() for y in shown]})
        return
    for i, y in enumerate(shown):
        if i:
            typer.echo("")
        typer.echo(f"{y.year}年  {_KIND_LABELS[y.kind]} — {y.source}")
        typer.echo("  放假 off:")
        for first, last, name in _runs(y.off):
            days = f"{first}..{last}" if last != first else str(first)
            typer.echo(f"    {days:<22} {name}")
        typer.echo("  调休上班 work: " + ("、".join(str(d) for d in y.work) if y.work else
                                        ("unknown until the notice" if y.kind == "provisional" else "none")))


def _runs(days):
    """Consecutive days off with one name as (first, last, name) runs."""
    from datetime import timedelta

    runs: list[list] = []
    for d, name in days:
        if runs and runs[-1][2] == name and runs[-1][1] + timedelta(1) == d:
            runs[-1][1] = d
        else:
            runs.append([d, d, name])
    return runs
