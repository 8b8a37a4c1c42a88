"""三级 commands: sync, claim, decline, adjust parent, diff --upstream, rollup."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from gongkai.cli.common import (PANEL_ASSESSMENT, PANEL_CATALOGUE, ForceOption, WorkspaceOption, check_format,
                                check_output, emit_json, workspace_root)

from gongkai.cli.tier_views import KIND_LABELS


def register(app: typer.Typer) -> None:
    from gongkai.cli.lifecycle_cmds import adjust_app

    app.command("sync", rich_help_panel=PANEL_CATALOGUE)(sync_cmd)
    app.command("claim", rich_help_panel=PANEL_CATALOGUE)(claim_cmd)
    app.command("decline", rich_help_panel=PANEL_CATALOGUE)(decline_cmd)
    app.command("inherit", rich_help_panel=PANEL_CATALOGUE)(inherit_cmd)
    app.command("rollup", rich_help_panel=PANEL_ASSESSMENT)(rollup_cmd)
    adjust_app.command("parent")(adjust_parent)


def _parent_of(ws):
    """The parent workspace of a derived one; missing, moved or replaced: an input error (exit 2)."""
    from gongkai.catalog.tiers.parent import open_parent

    return open_parent(ws)


# -- sync ---------------------------------------------------------------------------------
def sync_cmd(
    apply: bool = typer.Option(False, "--apply", help="Carry out the plan (default: only show it)."),
    actor: Optional[str] = typer.Option(None, "--actor", help="Who 操作人 (default: $GONGKAI_ACTOR or your login)."),
    workspace: Optional[Path] = WorkspaceOption,
    force: bool = ForceOption,
    fmt_: str = typer.Option("text", "--format", help="text | json"),
) -> None:
    """Keep in step with the parent catalogue 同步上级目录: record upstream changes (reviewing,
    due in 20 working days), take new versions under this unit's tailoring, claim new items.
    Shows the plan; --apply carries it out."""
    from gongkai.catalog.tiers import follow
    from gongkai.catalog.tiers.derive import save_with_config
    from gongkai.catalog.workdays import build_calendar
    from gongkai.catalog.workspace import Workspace
    from gongkai.cli.lifecycle_cmds import default_actor

    check_format(fmt_, ("text", "json"))
    root = workspace_root(workspace)
    if not apply:
        ws = Workspace.load(root)
        parent = _parent_of(ws)
        plan = follow.plan_sync(ws, parent, build_calendar(ws.config.calendar or None))
    else:
        with Workspace.transaction(root, force=force) as ws:
            parent = _parent_of(ws)
            plan = follow.plan_sync(ws, parent, build_calendar(ws.config.calendar or None))
            follow.apply_sync(ws, parent, plan, actor=default_actor(actor))
            written = save_with_config(ws, force)
    files = [str(p.relative_to(ws.root)) for p in written] if apply else []
    if fmt_ == "json":
        emit_json({"parent": parent.config.unit.name, "applied": apply, **plan.to_dict(), "files": files})
        return
    _print_sync(ws, parent, plan, apply, files)


def _print_sync(ws, parent, plan, apply: bool, files: list[str]) -> None:
    from gongkai.cli.output import print_table

    unit = f"{parent.config.unit.name} ({parent.region})"
    if plan.empty and not plan.blocked and not plan.conflicts:
        typer.echo(f"in step with {unit}: nothing changed upstream, nothing to claim")
        return
    verb = (lambda a, b: b) if apply else (lambda a, b: a)   # noqa: E731
    if plan.follow:
        typer.echo(f"{verb('would record', 'recorded')} {len(plan.follow)} upstream change(s) from {unit} "
                   f"(trigger parent_changed, due 20 working days after the parent's change):")
        print_table(["事项编码 code", "事件 event", "状态 from → to", "复核期限 due", "说明 reason"],
                    [[s.code, s.event, f"{s.status} → {s.to}", s.due or "—", s.reason] for s in plan.follow])
    if plan.take:
        typer.echo(f"{verb('would take', 'took')} {len(plan.take)} new version(s) under this unit's tailoring:")
        print_table(["事项编码 code", "上级版本 version", "继承字段 inherited fields changed", "保留裁剪 tailored kept"],
                    [[u.code, f"v{u.from_version} → v{u.to_version}",
                      "、".join(c.field for c in u.changes if not c.tailored) or "—",
                      "、".join(u.tailored) or "—"] for u in plan.take])
        if apply:
            typer.echo("published items went to revising: `gongkai submit` and `gongkai approve` them here")
    if plan.claims:
        typer.echo(f"{verb('would claim', 'claimed')} {len(plan.claims)} new item(s) of {unit} (认领, as drafts):")
        print_table(["事项编码 code", "上级事项 parent", "事项 item"],
                    [[c.code, c.parent_code, c.label] for c in plan.claims])
    for u, why in plan.blocked:
        typer.echo(f"not taken: {u.code} ({KIND_LABELS[u.kind]} upstream): {why}")
    for c in plan.conflicts:
        typer.echo(f"not claimed: {c.parent_code} {c.label}: its code {c.code} is used here by another item; "
                   f"decline it with a reason or renumber that item")
    if apply:
        typer.echo(f"wrote {len(files)} file(s): {', '.join(files)}" if files else "no file changed")
    elif not plan.empty:
        typer.echo("preview only: run `gongkai sync --apply` to carry it out")


# -- claim / decline ------------------------------------------------------------------------
def claim_cmd(
    codes: Optional[List[str]] = typer.Argument(None, metavar="CODE", help="Parent item codes (region optional)."),
    all_: bool = typer.Option(False, "--all", help="Every parent item for this level not yet claimed or declined."),
    workspace: Optional[Path] = WorkspaceOption,
    force: bool = ForceOption,
) -> None:
    """Claim 认领 parent items for this level as drafts that follow the parent."""
    from gongkai.catalog.errors import UsageError
    from gongkai.catalog.tiers import claim as claiming
    from gongkai.catalog.workspace import Workspace

    if not codes and not all_:
        raise UsageError("name parent item codes to claim, or --all (see `gongkai sync` for what is unclaimed)")
    with Workspace.transaction(workspace_root(workspace), force=force) as ws:
        parent = _parent_of(ws)
        added = claiming.claim(ws, parent, None if all_ else codes)
    for item in added:
        typer.echo(f"claimed {item.parent.code} v{item.parent.version} as {item.code} {item.label} (draft)")
    typer.echo(f"{len(added)} item(s) claimed" if added else "nothing left to claim")


def decline_cmd(
    code: str = typer.Argument(..., help="The parent item's code (or this unit's code of it)."),
    reason: Optional[str] = typer.Option(None, "--reason", help="Why this unit does not disclose it 不认领理由 (required)."),
    actor: Optional[str] = typer.Option(None, "--actor", help="Who 操作人 (default: $GONGKAI_ACTOR or your login)."),
    workspace: Optional[Path] = WorkspaceOption,
    force: bool = ForceOption,
) -> None:
    """Decline 不认领 a parent item, with the reason on record in gongkai.toml [parent]."""
    from gongkai.catalog.errors import UsageError
    from gongkai.catalog.tiers import claim as claiming
    from gongkai.catalog.tiers.derive import save_with_config
    from gongkai.catalog.workspace import Workspace
    from gongkai.cli.lifecycle_cmds import default_actor

    if not (reason or "").strip():
        raise UsageError(f"declining {code} needs a reason 不认领理由: `gongkai decline {code} --reason \"…\"`")
    with Workspace.transaction(workspace_root(workspace), force=force) as ws:
        parent = _parent_of(ws)
        parent_code, done = claiming.decline(ws, parent, code, reason, actor=default_actor(actor))
        save_with_config(ws, force)
    typer.echo(f"declined {parent_code}: {reason.strip()}" + (f"; {done}" if done else ""))


def inherit_cmd(
    code: str = typer.Argument(..., help="A claimed item's code."),
    fields: List[str] = typer.Argument(..., metavar="FIELD...", help="Tailored fields to inherit again, e.g. body "
                                       "method.channels."),
    workspace: Optional[Path] = WorkspaceOption,
    force: bool = ForceOption,
) -> None:
    """Inherit tailored fields again 恢复继承: they take back the parent's value (draft or revising only)."""
    from gongkai.catalog.tiers.tailor import inherit
    from gongkai.catalog.workspace import Workspace

    with Workspace.transaction(workspace_root(workspace), force=force) as ws:
        d, item = ws.find(code)
        new = inherit(item, fields)
        d.model.items[d.model.items.index(item)] = new
    typer.echo(f"{new.code} inherits {', '.join(fields)} from {new.parent.code} v{new.parent.version} again; "
               f"tailored: {', '.join(new.parent.tailored) or 'none'}")


# -- adjust parent -----------------------------------------------------------------------------
def adjust_parent(
    actor: Optional[str] = typer.Option(None, "--actor", help="Who 操作人 (default: $GONGKAI_ACTOR or your login)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="List the affected items; write nothing."),
    workspace: Optional[Path] = WorkspaceOption,
    force: bool = ForceOption,
    fmt_: str = typer.Option("text", "--format", help="text | json"),
) -> None:
    """The parent catalogue changed 上级目录变化: claimed items whose parent approved a new version or withdrew
    it go to review, due 20 working days after the parent's change (content unchanged: `gongkai sync` takes it)."""
    from gongkai.catalog.tiers import follow
    from gongkai.catalog.workdays import build_calendar
    from gongkai.catalog.workspace import Workspace
    from gongkai.cli.lifecycle_cmds import default_actor
    from gongkai.cli.output import print_table

    check_format(fmt_, ("text", "json"))
    root = workspace_root(workspace)

    def plan(ws):
        return follow.follow_steps(ws, follow.upstream(ws, _parent_of(ws)),
                                   build_calendar(ws.config.calendar or None))

    if dry_run:
        ws = Workspace.load(root)
        steps = plan(ws)
    else:
        with Workspace.transaction(root, force=force) as ws:
            steps = plan(ws)
            follow.apply_follow(ws, steps, actor=default_actor(actor))
    if fmt_ == "json":
        emit_json({"dry_run": dry_run, "steps": [s.to_dict() for s in steps],
                   "files": [str(p.relative_to(ws.root)) for p in ws.written]})
        return
    if not steps:
        typer.echo("no upstream change to record")
        return
    typer.echo(f"{'would record' if dry_run else 'recorded'} {len(steps)} upstream change(s):")
    print_table(["事项编码 code", "事件 event", "状态 from → to", "复核期限 due", "说明 reason"],
                [[s.code, s.event, f"{s.status} → {s.to}", s.due or "—", s.reason] for s in steps])


# -- rollup -----------------------------------------------------------------------------------
def rollup_cmd(
    workspaces: Optional[List[Path]] = typer.Argument(None, metavar="WORKSPACE",
                                                      help="Unit folders (default: `children` in gongkai.toml)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Date to count as of, YYYY-MM-DD (default: today)."),
    jobs: int = typer.Option(0, "--jobs", min=0, help="Processes (default: the machine's CPUs)."),
    departments: bool = typer.Option(False, "--departments", help="Also a row per department 部门 of each unit "
                                     "(its items by 公开主体, as `gongkai comply --dept`)."),
    workspace: Optional[Path] = WorkspaceOption,
    fmt_: str = typer.Option("human", "--format", help="human | json | xlsx | html"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write to FILE (xlsx needs one)."),
) -> None:
    """Roll up units 汇总: per unit items, claimed / tailored / local, findings by severity, reviews
    overdue, on-time rate of its records, and a ranking."""
    from gongkai.cli.common import emit_text
    from gongkai.cli.lifecycle_cmds import parse_date
    from gongkai.rules.assessment import rollup

    check_format(fmt_, ("human", "json", "xlsx", "html"))
    check_output(fmt_, output)
    day = parse_date(as_of, "--as-of") if as_of else None
    folders = list(workspaces or []) or rollup.children_of(workspace_root(workspace))
    result = rollup.roll_up(folders, as_of=day, jobs=jobs or None, departments=departments)
    if fmt_ == "json":
        import json

        emit_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=2), output)
    elif fmt_ == "xlsx":
        rollup.write_xlsx(result, output)
        typer.echo(f"wrote {output}")
    elif fmt_ == "html":
        emit_text(rollup.render_html(result), output)
    else:
        emit_text(rollup.render_text(result), output)
    if result.failed:   # a unit that cannot be read is an input error, named in the table
        raise typer.Exit(2)
