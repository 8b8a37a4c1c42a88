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
    domain: Optional[str] = typer.Option(
        None, "--domain", "-d", show_default=False,
        help="Domain for rows that name none: code (19), slug or name. Rows whose sheet, section or 领域 "
             "column names a domain go to it (another than --domain: refused)."),
    workspace: Optional[Path] = WorkspaceOption,
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be added; write nothing."),
    to_simplified: bool = typer.Option(False, "--to-simplified",
                                       help="Convert traditional characters to simplified (mirror copies)."),
    fmt: str = typer.Option("human", "--format", help="Output: human or json."),
    update: bool = typer.Option(False, "--update", help="Rows matching an item (by 事项编码, else 一级/二级/三级事项) "
                                "update it; the others are added. Nothing is deleted; empty cells keep the value."),
) -> None:
    """Add the rows of a catalogue table as new draft items (codes assigned), or with --update
    apply an edited export back to its items.

    Reads the ministries' layout and its local variants (one- or two-line headers, 2 or 3 item
    levels, tick columns, ●/〇 elements, 【法律】 bases, 同上, merged cells). A whole export of
    several domains (one sheet per domain) goes back in one command, each sheet to its domain.
    Rows that cannot be mapped are listed with file, line and reason; the exit code is then 1.
    """
    from gongkai import domains as registry
    from gongkai.catalog.errors import UsageError
    from gongkai.catalog.tables.importer import read_file
    from gongkai.catalog.tables.placement import place
    from gongkai.catalog.workspace import Workspace

    check_format(fmt, IMPORT_FORMATS)
    target = registry.lookup(domain) if domain is not None else None
    if domain is not None and target is None:
        raise UsageError(f"unknown domain {domain!r}; use a code 01–26, a slug or a name (see `gongkai domains`)")
    root = workspace_root(workspace)
    shown_progress = [False]

    def progress(done: int, total: int) -> None:
        # a progress line rewrites itself on a terminal; in a log it would be thousands of lines
        if total >= PROGRESS_FROM and sys.stderr.isatty():
            shown_progress[0] = True
            typer.echo(f"\rreading {file.name}: {done}/{total} rows", nl=done >= total, err=True)

    result = read_file(file, simplify=to_simplified, progress=progress)
    placed = place(result, target)
    if target is None and not placed.by_domain and result.items:
        raise UsageError(f"{file.name} names no domain (no sheet, section or 领域 column naming one): "
                         "give --domain NN")
    result.problems.extend(placed.problems)
    if update:
        _import_update(file, root, placed, result, dry_run, fmt)
        return
    if dry_run:
        ws = Workspace.load(root)
        added = _add(ws, placed)
    else:
        with Workspace.transaction(root) as ws:
            added = _add(ws, placed)
    existing = _already_there(added)
    codes = list(placed.by_domain) or ([target.code] if target else [])
    if fmt == "json":
        emit_json({
            "file": str(file), "domain": codes[0] if len(codes) == 1 else None, "domains": codes,
            "dry_run": dry_run, "rows": result.rows,
            "added": [{"code": item.code, "label": item.label, "line": parsed.line} for parsed, item, _ in added],
            "matching_existing": [{"code": item.code, "existing": old} for item, old in existing],
            "not_imported": [p.to_dict() for p in result.problems],
        })
    else:
        _print_human(file, [registry.BY_CODE[c] for c in codes], dry_run, result, added, existing)
    if result.problems:
        raise typer.Exit(1)


def _add(ws, placed):
    from gongkai.catalog.tables.import_apply import add_placed

    return add_placed(ws, placed)


def _already_there(added):
    from gongkai.catalog.tables.import_apply import already_there

    return already_there(added)


def _print_human(file, targets, dry_run, result, added, existing) -> None:
    verb = "would add" if dry_run else "added"
    if len(targets) == 1:
        where = f"{targets[0].code} {targets[0].name}"
    else:
        counts = {}
        for _, item, _ in added:
            counts[item.code.split("-")[-3]] = counts.get(item.code.split("-")[-3], 0) + 1
        where = f"{len(targets)} domains (" + ", ".join(f"{t.code} {t.name} {counts.get(t.code, 0)}"
                                                        for t in targets) + ")"
    typer.echo(f"{file.name}: {result.rows} rows read; {verb} {len(added)} items to {where}"
               + (" (dry run: nothing written)" if dry_run else ""))
    for parsed, item, _ in added:
        typer.echo(f"  {item.code}  {item.label}  (line {parsed.line})")
    if existing:
        typer.echo(f"note: {len(existing)} of them have the same 一级/二级事项 as an item already in the domain: "
                   + ", ".join(f"{i.code} (as {old})" for i, old in existing[:10])
                   + (" …" if len(existing) > 10 else ""))
    if result.problems:
        typer.echo(f"{sum(p.rows for p in result.problems)} rows not imported:", err=True)
        for p in result.problems:
            typer.echo("  " + p.to_problem().render(), err=True)


def export_table(
    fmt: str = typer.Option(..., "--format", help="xlsx, csv, json, md or html.", show_default=False),
    output: Path = typer.Option(..., "-o", "--output", help="File to write.", show_default=False),
    domain: Optional[str] = typer.Option(None, "--domain", "-d", help="One domain (code, slug or name); default all."),
    internal: bool = typer.Option(False, "--internal", help="Add 出处 (where each row came from) and 导入说明 (how "
                                  "it was read): for checking an import, not for publishing."),
    workspace: Optional[Path] = WorkspaceOption,
) -> None:
    """Export catalogues in the ministries' table layout (items being revised as last approved).

    The tables are the ones a unit publishes: internal notes stay out unless --internal."""
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
    count = export([(d.model.domain, list(d.model.items)) for d in chosen], fmt, output, internal)
    typer.echo(f"wrote {output}: {count} items in {len(chosen)} domain{'s' if len(chosen) != 1 else ''} ({fmt})")



def _import_update(file: Path, root: Path, placed, result, dry_run: bool, fmt: str) -> None:
    """`import --update`: show each matched item's changes, apply them to draft/revising items, list
    the published ones to amend first, add the rows that match nothing."""
    from gongkai.catalog.tables.import_apply import add_placed
    from gongkai.catalog.tables.update import apply_update, plan_update
    from gongkai.catalog.workspace import Workspace

    if dry_run:
        ws = Workspace.load(root)
        plan = plan_update(ws, placed)
        added = add_placed(ws, plan.new)
    else:
        with Workspace.transaction(root) as ws:
            plan = plan_update(ws, placed)
            apply_update(plan)
            added = add_placed(ws, plan.new)
    if fmt == "json":
        emit_json({"file": str(file), "dry_run": dry_run, "rows": result.rows,
                   "changed": [{"code": old.code, "line": p.line, "changes": [{"field": f, "from": a, "to": b}
                                                                             for f, a, b in ch]}
                               for _, old, _, ch, p in plan.changes],
                   "to_amend": [{"code": old.code, "status": old.status, "line": p.line,
                                 "changes": [{"field": f, "from": a, "to": b} for f, a, b in ch]}
                                for old, ch, p in plan.to_amend],
                   "unchanged": [i.code for i, _ in plan.unchanged],
                   "added": [{"code": item.code, "label": item.label, "line": p.line} for p, item, _ in added],
                   "ambiguous": [{"line": p.line, "label": p.label, "items": codes} for p, codes in plan.ambiguous],
                   "invalid": [{"line": p.line, "code": code, "reason": why} for p, code, why in plan.invalid],
                   "not_imported": [p.to_dict() for p in result.problems]})
    else:
        from gongkai.cli.output import cell_text

        verb = "would update" if dry_run else "updated"
        typer.echo(f"{file.name}: {result.rows} rows read; {verb} {len(plan.changes)} items, "
                   f"{len(plan.unchanged)} unchanged, {len(plan.to_amend)} to amend first, "
                   f"{'would add' if dry_run else 'added'} {len(added)} new" + (" (dry run: nothing written)" if dry_run else ""))
        for _, old, _, changes, parsed in plan.changes[:40]:
            typer.echo(f"  {old.code}  {old.label}  (line {parsed.line})")
            for name, before, after in changes:
                typer.echo(f"      {name}: {cell_text(before)} → {cell_text(after)}")
        if len(plan.changes) > 40:
            typer.echo(f"  … and {len(plan.changes) - 40} more (--format json lists them all)")
        if plan.to_amend:
            from gongkai.catalog.edits import EDIT_EVENT

            typer.echo(f"须先转为可修改 not editable now ({len(plan.to_amend)}): the table changes them, but they are "
                       "published or in review; run the event shown, then import again")
            for old, changes, parsed in plan.to_amend[:20]:
                typer.echo(f"  {old.code} ({old.status})  {old.label}: " + ", ".join(n for n, _, _ in changes)
                           + f"   → gongkai {EDIT_EVENT.get(old.status, 'amend')} {old.code}")
        for parsed, item, _ in added:
            typer.echo(f"  + {item.code}  {item.label}  (line {parsed.line}, new)")
        for parsed, codes in plan.ambiguous:
            typer.echo(f"  ? line {parsed.line} {parsed.label}: matches {', '.join(codes)}; give its 事项编码", err=True)
        for parsed, code, why in plan.invalid:
            typer.echo(f"  ! line {parsed.line} → {code}: {why}", err=True)
        for p in result.problems:
            typer.echo("  " + p.to_problem().render(), err=True)
    if result.problems or plan.to_amend or plan.ambiguous or plan.invalid:
        raise typer.Exit(1)
