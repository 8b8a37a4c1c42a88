"""Disclosure records and compliance: `records import|list|check`, `comply`."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from gongkai.cli.common import (PANEL_CHECKS, LangOption, WorkspaceOption, check_format, check_output, emit_json, emit_text, open_workspace,
                        workspace_root)
from gongkai.catalog import clock

records_app = typer.Typer(help="Disclosure records 公开记录 from the website's CMS: import, list, check.",
                          no_args_is_help=True)

FIX_SHOWN = 20


def register(app: typer.Typer) -> None:
    app.add_typer(records_app, name="records", rich_help_panel=PANEL_CHECKS)
    app.command("comply", rich_help_panel=PANEL_CHECKS)(comply)


def parse_period(as_of: Optional[str], since: Optional[str]):
    """--as-of (default today) and --since (None: the default, 12 months before); --since after --as-of is an error."""

    from gongkai.catalog.errors import UsageError

    day = parse_day(as_of, "--as-of") or clock.today()
    start = parse_day(since, "--since")
    if start is not None and start > day:
        raise UsageError(f"--since {start} is after --as-of {day}{'' if as_of else ' (today)'}; "
                         "expected --since on or before --as-of")
    return day, start


def parse_day(value: Optional[str], option: str):
    """A date option: YYYY-MM-DD or 2026年3月5日; None stays None."""
    from gongkai.catalog.records.cells import DATE_EXPECTED, parse_date

    if value is None:
        return None
    day, reason = parse_date(value)
    if day is None:
        raise typer.BadParameter(f"{reason or 'empty'}; expected {DATE_EXPECTED}", param_hint=option)
    return day


@records_app.command("import")
def import_cmd(
    file: Path = typer.Argument(..., help="CSV, XLSX or TOML export of the CMS (事项编码, 信息标题, 形成日期, 发布日期, …)."),
    dept: Optional[str] = typer.Option(None, "--dept", help="Department the records belong to 部门 (name or alias)."),
    workspace: Optional[Path] = WorkspaceOption,
) -> None:
    """Validate a records file and store it in the workspace's records/ (all rows or none).

    Columns: code, title, formed_on, published_on, channel, url, elements — or 事项编码, 信息标题, 形成日期, 发布日期, 发布渠道, 链接, 公开要素 and common variants. Dates as 2026-03-05 or 2026年3月5日. Importing the same file again replaces the earlier import of it.
    """
    from gongkai.catalog.errors import display_path
    from gongkai.catalog.records.store import import_records
    from gongkai.catalog.workspace import Workspace

    from gongkai.rules.assessment.departments import department_scope

    root = workspace_root(workspace)
    ws = Workspace.load(root)
    if dept:   # the department's name as the workspace knows it (an alias or a short name finds it)
        dept = department_scope(ws, dept).name
    result = import_records(root, file, dept=dept, departments=ws.config.departments)
    codes = {i.code for _, i in ws.items()}
    unknown = sorted({r.code for r in result.records
                      if r.code not in codes and f"{ws.region}-{r.code}" not in codes})
    where = display_path(result.path)
    if result.in_place:
        typer.echo(f"{where} is in records/ already: {len(result.records)} records read, all rows valid")
    elif not result.written:
        typer.echo(f"{where} unchanged: {len(result.records)} records")
    else:
        replaced = f" (replacing {result.replaced} records imported earlier)" if result.replaced is not None else ""
        typer.echo(f"imported {len(result.records)} records into {where}{replaced}")
    if unknown:
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        typer.echo(f"note: {len(unknown)} code(s) not in the catalogue ({shown}); "
                   "`gongkai records check` reports them as REC006")
    for problem in result.warnings[:20]:
        typer.echo("warning: " + problem.render(), err=True)
    if len(result.warnings) > 20:
        typer.echo(f"warning: … and {len(result.warnings) - 20} more dates to check", err=True)


@records_app.command("list")
def list_cmd(
    dept: Optional[str] = typer.Option(None, "--dept", help="Only this department's records."),
    code: Optional[str] = typer.Option(None, "--code", help="Only records of this item code (region optional)."),
    workspace: Optional[Path] = WorkspaceOption,
    fmt_: str = typer.Option("table", "--format", help="table | json"),
) -> None:
    """The disclosure records in records/, one line each."""
    from gongkai.catalog.records.store import load_records
    from gongkai.rules.assessment.departments import department_scope

    check_format(fmt_, ("table", "json"))
    ws = open_workspace(workspace)
    files = load_records(ws.root)
    scope = department_scope(ws, dept, (r.dept for f in files for r in f.records)) if dept else None
    rows = []
    for f in files:
        for i, r in enumerate(f.records):
            if scope and not (r.dept and scope.accepts(r.dept)):
                continue
            if code and r.code not in (code, f"{ws.region}-{code}") and f"{ws.region}-{r.code}" != code:
                continue
            rows.append({"file": str(f.path.relative_to(ws.root)), "line": f.line_of(i), **r.model_dump(mode="json")})
    if fmt_ == "json":
        emit_json(rows)
        return
    from gongkai.cli.output import print_table

    print_table(["事项 code", "标题 title", "形成 formed", "发布 published", "渠道 channels", "部门 dept",
                 "位置 where (in the workspace)"],
                [[r["code"], r["title"], r["formed_on"], r["published_on"] or "未发布", "、".join(r["channels"]),
                  r["dept"], f"{r['file']}:{r['line']}"] for r in rows])
    typer.echo(f"{len(rows)} records")


@records_app.command("check")
def check_cmd(
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Judge as of this date (default today)."),
    since: Optional[str] = typer.Option(None, "--since", help="Look for missing periods from this date "
                                                              "(default: 12 months before --as-of)."),
    dept: Optional[str] = typer.Option(None, "--dept", help="Only this department's items and records."),
    select: List[str] = typer.Option([], "--select", help="Rules to run (code, prefix or name); repeatable."),
    ignore: List[str] = typer.Option([], "--ignore", help="Rules to skip; repeatable."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="error | warning (default from gongkai.toml)."),
    workspace: Optional[Path] = WorkspaceOption,
    fmt_: str = typer.Option("human", "--format", help="human | json"),
    lang: str = LangOption,
) -> None:
    """Check disclosure records against the catalogue (REC rules): late, overdue, periods missing …

    Also: wrong channel, required elements missing, codes not in the catalogue, proactive items with no record. Exit 1 when findings reach --fail-on.
    """
    from gongkai.catalog.records.store import load_records
    from gongkai.rules.assessment.departments import department_scope
    from gongkai.rules.records.check import run_record_checks, select_record_rules

    from gongkai.catalog.errors import UsageError
    from gongkai.rules.engine.registry import all_rules
    from gongkai.rules.engine.declarative import load_workspace_rules
    from gongkai.rules.engine.selection import check_config_selectors, unknown_selectors

    check_format(fmt_, ("human", "json"))
    ws = open_workspace(workspace)
    day, start = parse_period(as_of, since)
    known = [*all_rules(), *load_workspace_rules(ws.root)]   # the config may name the unit's own rules
    check_config_selectors(ws.root, ws.config, known)
    unknown = unknown_selectors([*select, *ignore], known)
    if unknown:
        raise UsageError(f"no rule matches {', '.join(unknown)}; see `gongkai rules`")
    rules = select_record_rules(ws, select, ignore)
    if not rules:
        raise UsageError("no record rule (REC) is left by the selection (--select, --ignore and gongkai.toml "
                         "[rules]); catalogue rules run with `gongkai check`, annual-report rules (AR) with "
                         "`gongkai report check`")
    scope = department_scope(ws, dept) if dept else None
    result = run_record_checks(ws, load_records(ws.root), day, start, scope=scope, rules=rules)
    threshold = fail_on or ws.config.rules.fail_on
    check_format(threshold, ("error", "warning"), "--fail-on")
    if fmt_ == "json":
        emit_json({"as_of": day.isoformat(), "since": result.since.isoformat(), "counts": result.counts(),
                   "provisional": sum(bool(f.provisional) for f in result.findings),
                   "findings": [f.to_dict() for f in result.findings]})
    else:
        for f in result.findings:
            if f.waived:
                continue
            where = f"{f.file}:{f.line}" if f.line else (f.file or "")
            typer.echo(f"{where}: {f.rule} [{f.severity}] {f.item}: {f.text(lang)}" + (" [暂定]" if f.provisional else ""))
        c = result.counts()
        typer.echo(f"{c['error']} errors, {c['warning']} warnings, {c['info']} info, {c['waived']} waived "
                   f"(as of {day}, periods from {result.since})")
        _print_provisional([ob.provisional for _, ob in result.obligations() if ob.provisional],
                           sum(bool(f.provisional) for f in result.active()), "finding(s)")
    if result.failing(threshold):
        raise typer.Exit(1)


def comply(
    dept: Optional[str] = typer.Option(None, "--dept", help="Your department (name or alias): only its items "
                                                            "(matched by 公开主体) and its records."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="As of this date (default today)."),
    since: Optional[str] = typer.Option(None, "--since", help="Look for missing periods from this date "
                                                              "(default: 12 months before --as-of)."),
    workspace: Optional[Path] = WorkspaceOption,
    fmt_: str = typer.Option("human", "--format", help="human | json | xlsx"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (required for xlsx)."),
) -> None:
    """Compliance 合规: per department and domain, disclosures due, on time, late, missing, and what to fix first.

    A department naming itself with --dept sees only its own items (matched by 公开主体 against its name and the aliases in gongkai.toml) and its own records. The on-time rate is on time / due.
    """
    from gongkai.catalog.records.store import load_records
    from gongkai.rules.assessment.compliance import compliance, write_compliance_xlsx

    check_format(fmt_, ("human", "json", "xlsx"))
    check_output(fmt_, output, workspace_root(workspace))
    ws = open_workspace(workspace)
    day, start = parse_period(as_of, since)
    report = compliance(ws, load_records(ws.root), day, start, dept=dept)
    if fmt_ == "xlsx":
        write_compliance_xlsx(report, output)
        typer.echo(f"wrote {output}")
        return
    if fmt_ == "json":
        emit_text(_json_text(report.to_dict()), output)
        return
    _print_human(ws, report)


def _print_provisional(spans, count: int, what: str) -> None:
    """One note for every judgment marked [暂定]: the years without a notice and the holidays counted."""
    from gongkai.catalog.workdays import merge

    span = merge(*spans)
    if span and count:
        typer.echo(f"{count} {what} marked [暂定] — {span.note}")


def _json_text(data) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def _print_human(ws, report) -> None:
    from gongkai.cli.output import print_table
    from gongkai.rules.assessment.compliance import rate_text

    labels = {item.code: item.in_force().label for _, item in ws.items()}
    typer.echo(f"{report.unit} 公开合规情况 截至 {report.as_of}，定期事项自 {report.since} 起 "
               f"(disclosure compliance as of {report.as_of}, periods from {report.since})")
    count, span = report.provisional()
    if span:
        _print_provisional([span], count, "judgment(s)")
    for d in report.departments:
        typer.echo("")
        typer.echo(f"== {d.name}")
        rows = [[code, report.domain_names.get(code, ""), t.items, t.due, t.on_time, t.late, t.missing, t.pending,
                 t.unmeasured, rate_text(t.rate)] for code, t in sorted(d.domains.items())]
        t = d.total
        rows.append(["合计", "total", t.items, t.due, t.on_time, t.late, t.missing, t.pending, t.unmeasured,
                     rate_text(t.rate)])
        print_table(["领域", "name", "事项 items", "应公开 due", "按时 on time", "超期 late", "缺失 missing",
                     "未到期 pending", "无法判断 unmeasured", "按时率 rate"], rows)
        fixes = d.fixes()
        if not fixes:
            typer.echo("nothing to fix")
            continue
        typer.echo(f"先改这些 fix first ({len(fixes)}):")
        for n, f in enumerate(fixes[:FIX_SHOWN], 1):
            label = f" {labels[f.item]}" if f.item in labels else ""
            typer.echo(f"{n:>3}. {f.item}{label} {report.explain(f).line()}  [{f.rule}]"
                       + (" [暂定]" if f.provisional else ""))
        if len(fixes) > FIX_SHOWN:
            typer.echo(f"     … {len(fixes) - FIX_SHOWN} more (--format json or xlsx lists them all)")
