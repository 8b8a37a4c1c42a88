"""`gongkai report tables` and `gongkai report check`: the annual report 政府信息公开工作年度报告."""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from gongkai.cli.common import PANEL_CHECKS, check_format, check_output, emit_json, emit_text

report_app = typer.Typer(
    help="年度报告 Annual reports: read tables 二、三、四 and check their 勾稽关系.",
    no_args_is_help=True,
)

SOURCES = ("text", "markdown", "html", "json", "toml", "xlsx")
TABLE_FORMATS = ("md", "json", "toml", "xlsx")
CHECK_FORMATS = ("human", "json")


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report", rich_help_panel=PANEL_CHECKS)


def _load(path: Path, source: Optional[str]):
    from gongkai.rules.reports.reading import load_report

    if source is not None:
        check_format(source, SOURCES, "--from")
    return load_report(path, source)


def _input_errors(fn):
    """Input errors print without a traceback and exit 2, however the command is invoked."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from gongkai.catalog.errors import GongkaiError

        try:
            return fn(*args, **kwargs)
        except GongkaiError as exc:
            text = exc.render()
            typer.echo(text if text.startswith("error") else f"error: {text}", err=True)
            raise typer.Exit(2)
    return wrapper


@report_app.command("tables")
@_input_errors
def tables(
    file: Path = typer.Argument(..., help="The report: text as published (one cell a line), Markdown (also notes of \"label | n | n\" rows), HTML, or JSON/TOML/XLSX written by this command."),
    fmt_: str = typer.Option("md", "--format", help="md | json | toml | xlsx"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write to a file (required for xlsx)."),
    source: Optional[str] = typer.Option(None, "--from", help="Read FILE as text | markdown | html | json | toml | xlsx (default: from its name and content)."),
) -> None:
    """Extract tables 二、三、四 提取年报表格, detecting the 2019 or 2021 format.

    A cell lost in extraction is written "?" (never 0); a number whose row lost cells, so that its
    column is uncertain, is written "12?". JSON keeps each cell's raw text and source line.
    """
    from gongkai.rules.reports.render import to_markdown, write_xlsx
    from gongkai.rules.reports.structured import to_dict

    check_format(fmt_, TABLE_FORMATS)
    check_output(fmt_, output)
    report = _load(file, source)
    if fmt_ == "xlsx":
        write_xlsx(report, output)
        typer.echo(f"wrote {output}")
        return
    if fmt_ == "md":
        text = to_markdown(report)
    elif fmt_ == "json":
        text = json.dumps(to_dict(report), ensure_ascii=False, indent=2)
    else:
        import tomli_w

        text = tomli_w.dumps(to_dict(report, compact=True))
    emit_text(text.rstrip("\n"), output)   # atomically: an interrupted write leaves the old file


@report_app.command("check")
@_input_errors
def check(
    files: List[Path] = typer.Argument(..., help="One or more reports (any form `report tables` reads)."),
    previous: Optional[Path] = typer.Option(None, "--previous", help="Last year's report of the same body: adds the cross-year rules AR201, AR202."),
    fmt_: str = typer.Option("human", "--format", help="human | json"),
    level: Optional[str] = typer.Option(None, "--level", help="township | county | city | province (default: read from the unit name)."),
    fail_on: str = typer.Option("error", "--fail-on", help="error | warning"),
    select: List[str] = typer.Option([], "--select", help="Rule codes, prefixes or names to run (e.g. AR1)."),
    ignore: List[str] = typer.Option([], "--ignore", help="Rule codes, prefixes or names to skip."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="Human format: hide info and not-assessable findings."),
    source: Optional[str] = typer.Option(None, "--from", help="Read the files as text | markdown | html | json | toml | xlsx."),
) -> None:
    """Check annual reports 检查年报勾稽关系: every table identity, text against tables, plausibility.

    Exit 0 when clean, 1 when findings at or above --fail-on remain, 2 on usage or input errors.
    A rule that a missing cell makes impossible to decide is reported as not assessable.
    """
    from gongkai.catalog.errors import UsageError
    from gongkai.rules.engine.finding import SEVERITY_RANK
    from gongkai.rules.reports.checks import LEVELS, ReportContext, check_report, report_rules
    from gongkai.rules.engine.selection import enabled

    check_format(fmt_, CHECK_FORMATS)
    check_format(fail_on, ("error", "warning"), "--fail-on")
    if level is not None and level not in LEVELS:
        raise UsageError(f"--level {level!r} is not one of: {', '.join(LEVELS)}")
    if previous is not None and len(files) != 1:
        raise UsageError("--previous goes with exactly one report")
    select = [s.strip() for x in select for s in x.split(",") if s.strip()]
    ignore = [s.strip() for x in ignore for s in x.split(",") if s.strip()]
    rules = [r for r in report_rules() if enabled(r, select, ignore)]
    if not rules:
        raise UsageError(f"no AR rule matches --select {' '.join(select)}; see `gongkai rules`")
    prev = _load(previous, source) if previous is not None else None

    from gongkai.catalog.errors import GongkaiError, display_path

    # each file on its own: one unreadable file is reported as such and does not hide the others
    results, unreadable = [], []
    for path in files:
        try:
            report = _load(path, source)
        except GongkaiError as exc:
            text = exc.render()
            unreadable.append((display_path(path), text[len("error: "):] if text.startswith("error: ") else text))
            results.append((None, unreadable[-1], None))
            continue
        ctx = ReportContext(previous=prev, level=level)
        results.append((report, check_report(report, ctx, rules), ctx.passed))
    checked = [r for r in results if r[0] is not None]

    floor = SEVERITY_RANK[fail_on]
    failing = sum(1 for _, fs, _ in checked for f in fs if f.assessable and SEVERITY_RANK[f.severity] >= floor)
    if fmt_ == "json":
        emit_json({"reports": [_report_json(r, fs, passed) if r is not None else {"file": fs[0], "error": fs[1]}
                               for r, fs, passed in results],
                   "summary": {**_counts([f for _, fs, _ in checked for f in fs], [p for _, _, p in checked], len(rules)),
                               "unreadable": len(unreadable)},
                   "fail_on": fail_on})
    else:
        typer.echo(_human(results, len(rules), quiet))
        for shown, text in unreadable:
            typer.echo(f"error: {text}", err=True)
    # the worst part decides: 2 if a file could not be read, else 1 if findings fail, else 0
    raise typer.Exit(2 if unreadable else 1 if failing else 0)


def _counts(findings, passed, n_rules: int) -> dict:
    active = [f for f in findings if f.assessable]
    return {"reports": len(passed), "rules": n_rules,
            "error": sum(f.severity == "error" for f in active),
            "warning": sum(f.severity == "warning" for f in active),
            "info": sum(f.severity == "info" for f in active),
            "not_assessable": sum(not f.assessable for f in findings),
            "passed": sum(sum(p.values()) for p in passed)}


def _report_json(report, findings, passed) -> dict:
    return {"file": report.file, "source": report.source, "title": report.title, "unit": report.unit,
            "year": report.year, "format": report.format, "format_evidence": report.format_evidence,
            "findings": [f.to_dict() for f in findings], "passed": dict(sorted(passed.items()))}


def _human(results, n_rules: int, quiet: bool) -> str:
    out: list[str] = []
    for report, findings, _ in results:
        if report is None:
            out.append(f"{findings[0]} — not read: {findings[1]}")
            continue
        who = " ".join(str(x) for x in (report.unit, report.year) if x) or "unit unknown"
        out.append(f"{report.file} — {who}, {report.format or 'unknown'} format ({report.source})")
        for f in findings:
            if quiet and (f.severity == "info" or not f.assessable):
                continue
            sev = f.severity if f.assessable else "n/a"
            out.append(f"  {f.line or '-':>5}  {f.rule}  {sev:<14}  {f.item}: {f.message}")
            if f.hint and f.assessable:
                out.append(f"         hint: {f.hint}")
    checked = [r for r in results if r[0] is not None]
    c = _counts([f for _, fs, _ in checked for f in fs], [p for _, _, p in checked], n_rules)
    bad = len(results) - len(checked)
    out.append(f"{c['reports']} report{'s' if c['reports'] != 1 else ''}, {c['rules']} rules: {c['error']} errors, "
               f"{c['warning']} warnings, {c['info']} info, {c['not_assessable']} not assessable; "
               f"{c['passed']} checks passed" + (f"; {bad} file{'s' if bad != 1 else ''} not read (exit 2)" if bad else ""))
    return "\n".join(out)
