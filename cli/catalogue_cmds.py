"""Catalogue commands: init, domains, items, item show|add|edit|rm, fmt."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from gongkai.cli.common import (PANEL_CATALOGUE, ForceOption, WorkspaceOption, check_format, emit_json, open_workspace,
                        workspace_root)

item_app = typer.Typer(help="One item: show, add, edit, remove (草拟事项).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("init", rich_help_panel=PANEL_CATALOGUE)(init)
    app.command("domains", rich_help_panel=PANEL_CATALOGUE)(domains_cmd)
    app.command("items", rich_help_panel=PANEL_CATALOGUE)(items_cmd)
    app.add_typer(item_app, name="item", rich_help_panel=PANEL_CATALOGUE)
    app.command("fmt", rich_help_panel=PANEL_CATALOGUE)(fmt)


def init(
    directory: Path = typer.Argument(..., help="Folder for the new workspace (created if missing)."),
    region: str = typer.Option(..., "--region", help="6-digit region code 行政区划代码 (GB/T 2260), e.g. 410106."),
    name: str = typer.Option(..., "--name", help="Unit name 单位名称, e.g. 上街区."),
    level: str = typer.Option("county", "--level", help="county 县级 | township 乡级 | village 村级."),
    empty: bool = typer.Option(False, "--empty", help="Do not adopt the bundled standard catalogues."),
    parent: Optional[Path] = typer.Option(None, "--parent", help="三级: claim 认领 the items of this parent "
                                          "workspace for --level township | village instead of the bundled ones."),
) -> None:
    """Create a workspace 新建工作区 that adopts the bundled standard catalogues (or claims its parent's)."""
    from gongkai.catalog.workspace import init_workspace

    check_format(level, ("county", "township", "village"), "--level")
    if parent is not None:
        from gongkai.catalog.tiers.derive import init_derived

        ws, count = init_derived(directory, region, name, level, parent)
        typer.echo(f"created {directory}: {name} ({region}), {level}, claiming from "
                   f"{ws.config.parent.name} ({ws.config.parent.region}) at {ws.config.parent.path}: "
                   f"{count} items claimed as drafts in {len(ws.domains)} domain files")
        return
    ws = init_workspace(directory, region, name, level, adopt=not empty)
    count = sum(1 for _ in ws.items())
    typer.echo(f"created {directory}: {name} ({region}), {len(ws.domains)} domain files, {count} items")


def domains_cmd(
    workspace: Optional[Path] = WorkspaceOption,
    fmt_: str = typer.Option("table", "--format", help="table | json"),
) -> None:
    """The 26 domains 领域 with their item counts: in this workspace, and as reported by the seed."""
    from gongkai import domains as registry

    check_format(fmt_, ("table", "json"))
    ws = open_workspace(workspace)
    rows = []
    for dom in registry.REGISTRY:
        d = ws.domain(dom.code)
        items = d.model.items if d else []
        rows.append({
            "code": dom.code, "slug": dom.slug, "name": dom.name,
            "items": len(items),
            "published": sum(1 for i in items if i.status == "published"),
            "reported": dom.reported_count,
            "file": str(d.path.relative_to(ws.root)) if d else None,
        })
    if fmt_ == "json":
        emit_json(rows)
        return
    from gongkai.cli.output import print_table

    print_table(["领域 code", "名称 name", "事项 items", "已发布 published", "上街区 reported", "file"],
                [[r["code"], r["name"], r["items"], r["published"], r["reported"], r["file"] or "—"] for r in rows])
    typer.echo(f"{sum(r['items'] for r in rows)} items in {sum(1 for r in rows if r['file'])} domain files; "
               f"the seed reports {sum(r['reported'] for r in rows)}")


ITEM_COLUMNS = ["code", "status", "category", "name", "subitem", "body", "deadline", "channels", "levels"]


def _item_row(domain_code: str, item) -> dict:
    shown = item.in_force()
    return {
        "domain": domain_code, "code": shown.code, "status": item.status, "version": item.version,
        "category": shown.category, "name": shown.name, "subitem": shown.subitem, "body": shown.body,
        "deadline": shown.deadline,
        "channels": "、".join(shown.model_dump(mode="json")["method"]["channels"]),
        "levels": "、".join(shown.model_dump(mode="json")["levels"]),
    }


def items_cmd(
    workspace: Optional[Path] = WorkspaceOption,
    domain: Optional[str] = typer.Option(None, "--domain", help="Domain code, slug or name (e.g. 19)."),
    status: Optional[str] = typer.Option(None, "--status", help="draft | in_review | published | revising | reviewing | withdrawn"),
    fmt_: str = typer.Option("table", "--format", help="table | json | csv"),
) -> None:
    """List items 事项 (the version in force: a revision shows as last approved)."""
    from gongkai.catalog import vocab

    check_format(fmt_, ("table", "json", "csv"))
    if status is not None:
        check_format(status, vocab.STATUSES, "--status")
    ws = open_workspace(workspace)
    wanted = _domain_code(domain) if domain else None
    rows = [_item_row(d.code, item) for d, item in ws.items()
            if (wanted is None or d.code == wanted) and (status is None or item.status == status)]
    derived = ws.config.parent is not None
    if derived:   # 三级: the parent item each one claims, and the fields it tailors
        from gongkai.cli.tier_views import add_provenance

        add_provenance(rows, ws)
    if fmt_ == "json":
        emit_json(rows)
    elif fmt_ == "csv":
        import csv
        import sys

        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["code"])
        writer.writeheader()
        writer.writerows(rows)
    else:
        from gongkai.catalog.vocab import FIELD_LABELS, STATUS_LABELS
        from gongkai.cli.output import print_table

        print_table([FIELD_LABELS[c] if c in FIELD_LABELS else c for c in ITEM_COLUMNS[:7]]
                    + (["认领 parent / 裁剪 tailored"] if derived else []),
                    [[r["code"], STATUS_LABELS[r["status"]], r["category"], r["name"], r["subitem"] or "",
                      r["body"] or "", r["deadline"] or ""] + ([r["from_parent"]] if derived else []) for r in rows])
        typer.echo(f"{len(rows)} items")


def _domain_code(key: str) -> str:
    from gongkai.catalog.bulk_events import domain_code

    return domain_code(key)


@item_app.command("show")
def item_show(
    code: str = typer.Argument(..., help="Item code 事项编码 (the region prefix may be left out)."),
    workspace: Optional[Path] = WorkspaceOption,
    fmt_: str = typer.Option("text", "--format", help="text | json"),
) -> None:
    """Show one item with every attribute and its Chinese label."""
    from gongkai.catalog.one_domain import domains_of, load_domains, read_one_item

    check_format(fmt_, ("text", "json"))
    root = workspace_root(workspace)
    # only the item's block; else only the file the code names (which reports what is wrong in it)
    found = read_one_item(root, code) or load_domains(root, domains_of([code])).find(code)
    from gongkai.cli.item_views import item_show_text

    typer.echo(item_show_text(found[1], found[0], root, fmt_))


@item_app.command("add")
def item_add(
    domain: str = typer.Option(..., "--domain", help="Domain code, slug or name."),
    category: Optional[str] = typer.Option(None, "--category", help="一级事项 category."),
    name: Optional[str] = typer.Option(None, "--name", help="二级事项 item name."),
    subitem: Optional[str] = typer.Option(None, "--subitem", help="三级事项."),
    body: Optional[str] = typer.Option(None, "--body", help="公开主体 disclosing body."),
    deadline: Optional[str] = typer.Option(None, "--deadline", help="公开时限, the official text."),
    element: List[str] = typer.Option([], "--element", help="公开内容(要素); repeat; prefix 〇 for optional."),
    basis: List[str] = typer.Option([], "--basis", help="公开依据 title, e.g. 《中华人民共和国政府信息公开条例》; repeat."),
    channel: List[str] = typer.Option([], "--channel", help="公开渠道和载体; repeat."),
    mode: List[str] = typer.Option([], "--mode", help="公开方式 主动 | 依申请; repeat."),
    audience: List[str] = typer.Option([], "--audience", help="公开对象 全社会 | 特定群体; repeat."),
    level: List[str] = typer.Option([], "--level", help="公开层级 市级 | 县级 | 乡级 | 村级; repeat."),
    stage: List[str] = typer.Option([], "--stage", help="五公开 决策 | 执行 | 管理 | 服务 | 结果; repeat."),
    process: Optional[str] = typer.Option(None, "--process", help="公开流程 steps, e.g. 采集→审核→发布."),
    local_reason: Optional[str] = typer.Option(None, "--local", help="Mark as a local item 本地事项, with its reason."),
    from_file: Optional[Path] = typer.Option(None, "--from", help="TOML file with the item's fields, or [[items]] for several."),
    workspace: Optional[Path] = WorkspaceOption,
    force: bool = ForceOption,
) -> None:
    """Add a new draft item 新增事项; its code is assigned (never reused)."""
    from gongkai.catalog.edits import parse_elements, parse_process
    from gongkai.catalog.errors import UsageError, display_path
    from gongkai.catalog.workspace import Workspace

    from gongkai import domains as registry

    entries: list[dict] = []
    if from_file is not None:
        entries = _entries_from_file(from_file)
    else:
        if not category or not name:
            raise UsageError("item add needs --category and --name (or --from FILE.toml)")
        fields: dict = {"category": category, "name": name, "subitem": subitem, "body": body,
                        "deadline": deadline,
                        "elements": [e for x in element for e in parse_elements(x)],
                        "basis": [{"title": b} for b in basis],
                        "method": {"channels": channel, "mode": mode, "audience": audience},
                        "levels": level, "stages": stage,
                        "process": parse_process(process) if process else []}
        if local_reason:
            fields["origin"] = {"kind": "local", "reason": local_reason}
        entries = [{k: v for k, v in fields.items() if v is not None}]
    dom = registry.lookup(domain)
    if dom is None:
        raise UsageError(f"unknown domain {domain!r}; see `gongkai domains`")
    from gongkai.catalog.one_domain import loader

    root = workspace_root(workspace)
    with Workspace.transaction(root, force=force, load=loader({dom.code})) as ws:   # only that domain's file
        d = ws.ensure_domain(dom)
        source = display_path(from_file) if from_file is not None else "command line"
        codes = ws.code_allocator(d)
        added = [ws.add_item(d, e, source, codes) for e in entries]
    for item in added:
        typer.echo(f"added {item.code} {item.label} (draft) to {d.path.relative_to(ws.root)}")


def _entries_from_file(path: Path) -> list[dict]:
    from gongkai.catalog.errors import InputError
    from gongkai.catalog.toml_store import read_toml

    from gongkai.catalog.edits import MANAGED
    from gongkai.catalog.errors import display_path
    from gongkai.catalog.toml_store import LineMap

    data, text = read_toml(path)
    many = isinstance(data.get("items"), list)
    entries = data["items"] if many else [data]
    lines = LineMap(text)
    for i, e in enumerate(entries):
        for key in sorted(MANAGED & set(e)):
            # code, status, version and history come from gongkai: a file must not forge them
            raise InputError.single(f"'{key}' is managed by gongkai and cannot be given for a new item; remove it",
                                    file=display_path(path), field=key,
                                    line=lines.field_line(i, key) if many else lines.top_line(key))
    return entries


@item_app.command("edit")
def item_edit(
    codes: Optional[List[str]] = typer.Argument(None, metavar="[CODE]...", help="Item code(s); or select with "
                                                "--domain / --category / --status."),
    set_: List[str] = typer.Option(..., "--set", help="FIELD=VALUE, e.g. deadline=信息形成之日起20个工作日内, "
                                   "method.channels=政府网站、两微一端; repeat."),
    domain: Optional[str] = typer.Option(None, "--domain", "-d", help="Edit every item of this domain (NN, slug or name)."),
    category: Optional[str] = typer.Option(None, "--category", help="… of this 一级事项 (its name, or DD-CC)."),
    status: Optional[str] = typer.Option(None, "--status", help="… in this state (draft 草拟, revising 修订中 …)."),
    empty: Optional[str] = typer.Option(None, "--empty", help="… whose FIELD is empty (fill gaps, never overwrite)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would change; write nothing."),
    skip_blocked: bool = typer.Option(False, "--skip-blocked", help="Edit the others when some selected items "
                                      "cannot be edited in their state (exit 1)."),
    fmt_: str = typer.Option("text", "--format", help="text | json"),
    workspace: Optional[Path] = WorkspaceOption,
    force: bool = ForceOption,
) -> None:
    """Edit items' content 修改事项 (draft or revising only): one item by code, or many by selection.

    A selection (--domain, --category, --status) shows every field that changes, item by item, and
    edits them all in one transaction; if some selected items cannot be edited, nothing is written
    unless --skip-blocked.
    """
    from gongkai.catalog import bulk_edits
    from gongkai.catalog.edits import apply_edits
    from gongkai.catalog.errors import UsageError
    from gongkai.catalog.workspace import Workspace

    check_format(fmt_, ("text", "json"))
    root = workspace_root(workspace)
    if codes and len(codes) == 1 and not (domain or category or status or empty):
        from gongkai.catalog.one_domain import domains_of, loader

        with Workspace.transaction(root, force=force, load=loader(domains_of(codes))) as ws:
            d, item = ws.find(codes[0])
            edited = apply_edits(item, set_)
            d.model.items[d.model.items.index(item)] = edited
        typer.echo(f"edited {edited.code}" if ws.written else f"{edited.code} unchanged")
        return
    if codes and (domain or category or status or empty):
        raise UsageError("name items by CODE or select them with --domain / --category / --status / --empty, "
                         "not both")
    def planned(ws):
        selected = [ws.find(c) for c in codes] if codes else bulk_edits.select(ws, domain, category, status, empty)
        plan = bulk_edits.plan(selected, set_)
        _show_edit_plan(plan, fmt_, dry_run)
        return plan

    if dry_run:
        plan = planned(Workspace.load(root))
        raise typer.Exit(1 if plan.blocked else 0)
    with Workspace.transaction(root, force=force) as ws:
        plan = planned(ws)
        if plan.blocked and not skip_blocked:
            raise UsageError(f"{len(plan.blocked)} selected item(s) cannot be edited (above); nothing was written "
                             "(use --skip-blocked to edit the others)")
        bulk_edits.apply(plan)
    if fmt_ == "text":
        files = ", ".join(str(p.relative_to(root)) for p in ws.written) or "none"
        typer.echo(f"edited {len(plan.changes)} item(s); wrote {files}")
    if plan.blocked:
        raise typer.Exit(1)


def _show_edit_plan(plan, fmt_: str, dry_run: bool) -> None:
    if fmt_ == "json":
        emit_json({"dry_run": dry_run, "set": plan.assignments,
                   "items": [{"code": old.code, "changes": [{"field": f, "from": a, "to": b} for f, a, b in diffs]}
                             for _, old, _, diffs in plan.changes],
                   "unchanged": [i.code for i in plan.unchanged],
                   "blocked": [{"code": i.code, "reason": why} for i, why in plan.blocked]})
        return
    from gongkai.cli.output import cell_text

    verb = "would edit" if dry_run else "edit"
    typer.echo(f"{verb} 修改: {len(plan.changes)} item(s)"
               + (f", {len(plan.unchanged)} already so" if plan.unchanged else ""))
    for _, old, _, diffs in plan.changes[:30]:
        typer.echo(f"  {old.code}  {old.category} / {old.name}")
        for name, before, after in diffs:
            typer.echo(f"      {name}: {cell_text(before)} → {cell_text(after)}")
    if len(plan.changes) > 30:
        typer.echo(f"  … and {len(plan.changes) - 30} more")
    if plan.blocked:
        typer.echo(f"cannot edit 不可修改: {len(plan.blocked)} item(s)")
        for _, why in plan.blocked[:10]:
            typer.echo(f"  {why}")


@item_app.command("rm")
def item_rm(
    code: str = typer.Argument(..., help="Item code."),
    workspace: Optional[Path] = WorkspaceOption,
    force: bool = ForceOption,
) -> None:
    """Remove a draft item 删除草拟事项 that was never published; its code is retired, never reused.

    A draft that was submitted and sent back (rejected) can be removed too; an item that was ever
    published is withdrawn instead (`gongkai withdraw`), so its record stays.
    """
    from gongkai.catalog.errors import UsageError
    from gongkai.catalog.workspace import Workspace

    root = workspace_root(workspace)
    with Workspace.transaction(root, force=force) as ws:
        d, item = ws.find(code)
        ever_published = item.approved is not None or any(h.event == "approve" for h in item.history)
        if item.status != "draft" or ever_published:
            why = "was published once" if item.status == "draft" else f"is {item.status}"
            raise UsageError(f"item {item.code} {why}; only a draft that was never published can be removed — "
                             f"use `gongkai withdraw {item.code} --reason …` (its record stays)")
        ws.remove_item(d, item)
    typer.echo(f"removed {item.code}; the code is retired and will not be reused")


def fmt(
    workspace: Optional[Path] = WorkspaceOption,
    check: bool = typer.Option(False, "--check", help="Only report files that are not canonical (exit 1 if any)."),
    force: bool = ForceOption,
) -> None:
    """Rewrite domain files in canonical form 规范格式 (stable order; one item's change stays in its lines)."""
    from gongkai.catalog.workspace import Workspace

    root = workspace_root(workspace)
    if check:
        ws = Workspace.load(root)
        ws.canonical = True
        pending = ws.pending_writes()
        for d, _ in pending:
            typer.echo(f"would reformat {d.path.relative_to(root)}")
        typer.echo(f"{len(pending)} of {len(ws.domains)} files would be reformatted")
        raise typer.Exit(1 if pending else 0)
    with Workspace.transaction(root, force=force) as ws:
        ws.canonical = True             # every item rendered afresh, not only the changed ones
    for path in ws.written:
        typer.echo(f"reformatted {path.relative_to(root)}")
    typer.echo(f"{len(ws.written)} of {len(ws.domains)} files reformatted")
