"""Assessors' commands: `checklist` (draw one) and `score` (score filled ones)."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from gongkai.cli.common import (PANEL_ASSESSMENT, WorkspaceOption, check_format, check_output, emit_text, open_workspace,
                                optional_workspace, workspace_root)

DEDUCTIONS_SHOWN = 15


def register(app: typer.Typer) -> None:
    app.command("checklist", rich_help_panel=PANEL_ASSESSMENT)(checklist)
    app.command("score", rich_help_panel=PANEL_ASSESSMENT)(score)


def checklist(
    dept: Optional[str] = typer.Option(None, "--dept", help="Items of this department (matched by 公开主体)."),
    domain: Optional[str] = typer.Option(None, "--domain", help="Items of this domain: NN, slug or name."),
    level: Optional[str] = typer.Option(None, "--level", help="Items of this level: 县级/乡级/村级/市级 (or county …)."),
    sample: Optional[int] = typer.Option(None, "--sample", help="Draw N items at random, stratified by domain."),
    seed: Optional[str] = typer.Option(None, "--seed", help="Seed of the sample; the same seed draws the same items."),
    fmt_: Optional[str] = typer.Option(None, "--format", help="xlsx | html | md | csv (default: from the -o "
                                                               "extension, else xlsx)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (required for xlsx); its "
                                                                       "extension must fit the format."),
    workspace: Optional[Path] = WorkspaceOption,
) -> None:
    """Draw a checklist 检查表 for assessors: one block per item (elements, deadline, channels) to tick.

    Results 符合 / 不符合 / 不适用 with evidence URL, date seen and a note. The XLSX is what assessors fill in and `gongkai score` reads back; the HTML prints on A4.
    """
    from gongkai.catalog.errors import UsageError
    from gongkai.catalog.toml_store import atomic_write
    from gongkai.rules.assessment.checklist import build_checklist

    fmt_ = checklist_format(fmt_, output)
    if fmt_ == "xlsx" and output is None:
        raise UsageError("an XLSX checklist needs -o FILE.xlsx (or --format html, md or csv to print it)")
    if output is not None:
        check_output(fmt_, output, workspace_root(workspace))
    ws = open_workspace(workspace)
    cl = build_checklist(ws, dept=dept, domain=domain, level=level, sample=sample, seed=seed)
    if fmt_ == "xlsx":
        from gongkai.rules.assessment.checklist_xlsx import write_checklist_xlsx

        write_checklist_xlsx(cl, output)
    else:
        from gongkai.rules.assessment import checklist_render as render

        text = {"html": render.render_html, "md": render.render_markdown, "csv": render.render_csv}[fmt_](cl)
        if output is None:
            typer.echo(text, nl=False)
            return
        atomic_write(output, text)
    drawn = f"{cl.items} of {cl.population} items (seed {cl.seed})" if cl.sample else f"{cl.items} items"
    typer.echo(f"wrote {output}: {drawn}, {len(cl.lines)} lines to check")


CHECKLIST_SUFFIXES = {".xlsx": "xlsx", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md",
                      ".csv": "csv"}


def checklist_format(fmt: Optional[str], output: Optional[Path]) -> str:
    """The checklist's format: --format, else the extension of -o, else xlsx.

    An -o extension that is not one of the formats (x.pdf), or that contradicts --format, is a
    usage error: the file would not be what its name says.
    """
    from gongkai.catalog.errors import UsageError

    formats = ("xlsx", "html", "md", "csv")
    if fmt is not None:
        check_format(fmt, formats)
    suffix = output.suffix.lower() if output is not None else ""
    implied = CHECKLIST_SUFFIXES.get(suffix)
    if suffix and implied is None:
        raise UsageError(f"-o {output}: a checklist cannot be written as {suffix}; "
                         "expected a file ending .xlsx, .html, .md or .csv")
    if fmt is not None and implied is not None and implied != fmt:
        raise UsageError(f"-o {output} ends {suffix} ({implied}), but --format is {fmt}; "
                         f"expected a file ending .{fmt}, or --format {implied}")
    return fmt or implied or "xlsx"


def score(
    files: List[Path] = typer.Argument(..., metavar="FILLED.xlsx...", help="Filled checklists (one or more)."),
    scheme: Optional[str] = typer.Option(None, "--scheme", help="Scoring scheme: a TOML file, or a shipped name "
                                                                "(default)."),
    fmt_: str = typer.Option("human", "--format", help="human | json | xlsx"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (required for xlsx)."),
    workspace: Optional[Path] = WorkspaceOption,
) -> None:
    """Score filled checklists 评分 with a scheme: per department and domain, and a ranking.

    A sheet whose codes or layout were changed is refused with the rows concerned. When a workspace is found (or given with -w), the checklists are also checked against its catalogue.
    """
    from gongkai.catalog.errors import InputError
    from gongkai.rules.assessment.checklist_xlsx import read_filled_checklist, workspace_problems
    from gongkai.rules.assessment.scoring import load_scheme, score_checklists

    check_format(fmt_, ("human", "json", "xlsx"))
    check_output(fmt_, output)
    ws = optional_workspace(workspace)
    the_scheme, where = load_scheme(scheme)
    filled, problems = [], []
    for f in files:
        try:
            cl = read_filled_checklist(f)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if ws is not None:
            problems.extend(workspace_problems(cl, ws))
        filled.append(cl)
    if problems:
        raise InputError(problems)
    names = _domain_names(ws)
    report = score_checklists(filled, the_scheme, where, names)
    if fmt_ == "xlsx":
        from gongkai.rules.assessment.score_xlsx import write_score_xlsx

        write_score_xlsx(report, output)
        typer.echo(f"wrote {output}")
        return
    if fmt_ == "json":
        import json

        emit_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2), output)
        return
    _print_scores(report)


def _domain_names(ws) -> dict[str, str]:
    from gongkai import domains as registry

    names = {d.code: d.name for d in registry.REGISTRY}
    if ws is not None:
        names.update({d.code: d.model.domain.name for d in ws.domains})
    return names


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.2f}"


def _print_scores(report) -> None:
    from gongkai.cli.output import print_table

    total = report.scheme.scheme.total
    typer.echo(f"scheme: {report.scheme.scheme.name} ({report.scheme_file}), total {total:g}")
    for d in report.ranked():
        typer.echo("")
        rank = f", rank {d.rank}" if d.rank and len(report.departments) > 1 else ""
        typer.echo(f"== {d.name}: {_fmt(d.score)} / {total:g}{rank}  ({'、'.join(d.files)})")
        print_table(["领域", "name", "事项 items", "检查项 lines", "符合 passed", "不符合 failed", "不适用 n/a",
                     "扣分 lost", "得分 score"],
                    [[x.domain, x.name, x.items, x.lines, x.passed, x.failed, x.not_applicable, _fmt(x.lost),
                      f"{_fmt(x.score)} / {_fmt(x.points)}" if x.points is not None else "—"] for x in d.domains])
        if any(i.domain is None for i in d.indicators):
            print_table(["指标 indicator", "方法 method", "得分 score", "分值 points", "扣分 lost"],
                        [[i.name, i.method + (" (封顶 capped)" if i.capped else ""), _fmt(i.score), _fmt(i.points),
                          _fmt(i.lost)] for i in d.indicators if i.domain is None])
        if d.deductions:
            typer.echo(f"扣分 deductions ({len(d.deductions)}):")
            for x in sorted(d.deductions, key=lambda x: -x.points)[:DEDUCTIONS_SHOWN]:
                typer.echo(f"  −{x.points:.2f}  {x.file} row {x.row}  {x.code}  {x.check}")
            if len(d.deductions) > DEDUCTIONS_SHOWN:
                typer.echo(f"  … {len(d.deductions) - DEDUCTIONS_SHOWN} more (--format json or xlsx lists them all)")
        if d.unscored:
            typer.echo(f"note: {d.unscored} lines are taken by no indicator of the scheme and were not scored")
    if len(report.departments) > 1:
        typer.echo("")
        typer.echo("排名 ranking:")
        for d in report.ranked():
            typer.echo(f"  {d.rank or '—':>3}. {d.name}  {_fmt(d.score)}")
