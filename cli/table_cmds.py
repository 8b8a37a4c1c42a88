"""gongkai import / export: catalogue tables in and out of a workspace."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from gongkai.cli.common import PANEL_CATALOGUE, WorkspaceOption, check_format, check_output, emit_json, workspace_root

IMPORT_FORMATS = ("human", "json")
PROGRESS_FROM = 500        # rows: larger files get a progress line on stderr


def register(app: typer.Typer) -> None:
    app.command("import", rich_help_panel=PANEL_CATALOGUE)(import_table)
    app.command("export", rich_help_panel=PANEL_CATALOGUE)(export_table)


def import_table(
    file: Path = typer.Argument(..., help="Catalogue table: .xlsx, .csv, .md (pipe tables) or a gongkai .json export.",
                                show_default=False),
    domain: str = typer.Option(..., "--domain", "-d", help="Domain to add the rows to: code (19), slug or name.",
                               show_default=False),
    workspace: Optional[Path] = WorkspaceOption,
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be added; write nothing."),
    to_simplified: bool = typer.Option(False, "--to-simplified",
                                       help="Convert traditional characters to simplified (mirror copies)."),
    fmt: str = typer.Option("human", "--format", help="Output: human or json."),
) -> None:
    """Add the rows of a catalogue table as new draft items (codes assigned).

    Reads the ministries' layout and its local variants (one- or two-line headers, 2 or 3 item
    levels, tick columns, ●/〇 elements, 【法律】 bases, 同上, merged cells). Rows that cannot be
    mapped are listed with file, line and reason; the exit code is then 1.
    """
    from gongkai import domains as registry
    from gongkai.catalog.errors import UsageError
    from gongkai.catalog.tables.importer import read_file
    from gongkai.catalog.workspace import Workspace

    check_format(fmt, IMPORT_FORMATS)
    target = registry.lookup(domain)
    if target is None:
        raise UsageError(f"unknown domain {domain!r}; use a code 01–26, a slug or a name (see `gongkai domains`)")
    root = workspace_root(workspace)

    def other_domain(cell: str) -> Optional[str]:
        key = cell.strip().split()[0] if cell.strip() else ""
        found = registry.lookup(key) or registry.lookup(cell.strip())
        if found is not None and found.code != target.code:
            return f"belongs to domain {found.code} {found.name} (领域 column), not {target.code} {target.name}"
        return None

    shown_progress = [False]

    def progress(done: int, total: int) -> None:
        # a progress line rewrites itself on a terminal; in a log it would be thousands of lines
        if total >= PROGRESS_FROM and sys.stderr.isatty():
            shown_progress[0] = True
            typer.echo(f"\rreading {file.name}: {done}/{total} rows", nl=done >= total, err=True)

    result = read_file(file, simplify=to_simplified, progress=progress, other_domain=other_domain)
    if dry_run:
        ws = Workspace.load(root)
        added = _add(ws, target, result)
    else:
        with Workspace.transaction(root) as ws:
            added = _add(ws, target, result)
    existing = _already_there(added)
    if fmt == "json":
        emit_json({
            "file": str(file), "domain": target.code, "dry_run": dry_run, "rows": result.rows,
            "added": [{"code": item.code, "label": item.label, "line": parsed.line} for parsed, item, _ in added],
            "matching_existing": [{"code": item.code, "existing": old} for item, old in existing],
            "not_imported": [p.to_dict() for p in result.problems],
        })
    else:
        _print_human(file, target, dry_run, result, added, existing)
    if result.problems:
        raise typer.Exit(1)


def _add(ws, target, result):
    """Add each parsed row as a draft item; returns (parsed, item, labels existing before)."""
    d = ws.ensure_domain(target)
    before: dict[tuple, str] = {}
    for i in d.model.items:
        before.setdefault((i.category, i.name, i.subitem), i.code)      # the first item of that name
    out = []
    for parsed in result.items:
        item = ws.add_item(d, parsed.fields)
        out.append((parsed, item, before))
    return out


def _already_there(added):
    """(new item, code of the item already in the domain under the same 一级/二级/三级事项)."""
    return [(item, before[key]) for _, item, before in added
            if (key := (item.category, item.name, item.subitem)) in before]


def _print_human(file, target, dry_run, result, added, existing) -> None:
    verb = "would add" if dry_run else "added"
    typer.echo(f"{file.name}: {result.rows} rows read; {verb} {len(added)} items to "
               f"{target.code} {target.name}" + (" (dry run: nothing written)" if dry_run else ""))
    for parsed, item, _ in added:
        typer.echo(f"  {item.code}  {item.label}  (line {parsed.line})")
    if existing:
        typer.echo(f"note: {len(existing)} of them have the same 一级/二级事项 as an item already in the domain: "
                   + ", ".join(f"{i.code} (as {old})" for i, old in existing[:10])
                   + (" …" if len(existing) > 10 else ""))
    if result.problems:
        typer.echo(f"{len(result.problems)} rows not imported:", err=True)
        for p in result.problems:
            typer.echo("  " + p.to_problem().render(), err=True)


def export_table(
    fmt: str = typer.Option(..., "--format", help="xlsx, csv, json, md or html.", show_default=False),
    output: Path = typer.Option(..., "-o", "--output", help="File to write.", show_default=False),
    domain: Optional[str] = typer.Option(None, "--domain", "-d", help="One domain (code, slug or name); default all."),
    workspace: Optional[Path] = WorkspaceOption,
) -> None:
    """Export catalogues in the ministries' table layout (items being revised as last approved)."""
    from gongkai import domains as registry
    from gongkai.catalog.errors import UsageError
    from gongkai.catalog.tables.export import FORMATS, export
    from gongkai.cli.common import open_workspace

    check_format(fmt, FORMATS)
    check_output(fmt, output, workspace_root(workspace))
    ws = open_workspace(workspace)
    chosen = ws.domains
    if domain is not None:
        target = registry.lookup(domain)
        if target is None:
            raise UsageError(f"unknown domain {domain!r}; use a code 01–26, a slug or a name")
        chosen = [d for d in ws.domains if d.code == target.code]
        if not chosen:
            raise UsageError(f"the workspace has no domain {target.code} {target.name}")
    count = export([(d.model.domain, list(d.model.items)) for d in chosen], fmt, output)
    typer.echo(f"wrote {output}: {count} items in {len(chosen)} domain{'s' if len(chosen) != 1 else ''} ({fmt})")

