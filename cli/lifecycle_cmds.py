"""Lifecycle commands: one command per event (submit … restore), history, diff, lifecycle,
due, adjust law|body (动态调整) and graph.

An event command changes one item or many. It checks every selected item first
(state and guards, with the machine's own rules), shows what will change, then
fires the events with a progress bar inside one workspace transaction: files are
written only if every event went through, each file atomically. An event not
allowed from an item's state exits 2, naming the allowed events, and writes nothing.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, List, Optional

import typer

from gongkai.catalog.lifecycle import EVENT_LABELS, EVENTS
from gongkai.cli.common import (PANEL_LIFECYCLE, ForceOption, WorkspaceOption, check_format, check_output, emit_json,
                                workspace_root)
from gongkai.catalog import clock

adjust_app = typer.Typer(help="动态调整: review every item that depends on a changed law or body.",
                         no_args_is_help=True)

_PAST = {"submit": "submitted", "approve": "approved", "reject": "rejected", "amend": "amended",
         "review": "reviewed", "confirm": "confirmed", "withdraw": "withdrawn", "restore": "restored"}
_DONE = {**_PAST, "review": "sent to review"}     # what the output says was done
_HELP = {
    "submit": "Submit items for review 提交审核 (draft or revising → in_review).",
    "approve": "Approve and publish 审核通过并发布 (in_review → published); refused while the item has "
               "error-level findings. Sets version + 1 and the annual review date (12 months).",
    "reject": "Send back 退回修改 (in_review → draft, or → revising for a revision of a published item).",
    "amend": "Start a revision 修订 (published or reviewing → revising); the approved version stays in force.",
    "review": "Start a review 复核 (published → reviewing); recorded as the annual review when it is due.",
    "confirm": "Confirm after review 复核确认 (reviewing → published); sets the next annual review date.",
    "withdraw": "Withdraw 撤销 (published or reviewing → withdrawn); needs --reason. The code is never reused.",
    "restore": "Restore a withdrawn item as a draft 恢复为草拟 (withdrawn → draft).",
}
_PREVIEW_ROWS = 10


def register(app: typer.Typer) -> None:
    for event in EVENTS:
        app.command(event, rich_help_panel=PANEL_LIFECYCLE)(_event_command(event))
    app.command("history", rich_help_panel=PANEL_LIFECYCLE)(history)
    app.command("diff", rich_help_panel=PANEL_LIFECYCLE)(diff_cmd)
    app.command("lifecycle", rich_help_panel=PANEL_LIFECYCLE)(lifecycle_cmd)
    app.command("due", rich_help_panel=PANEL_LIFECYCLE)(due_cmd)
    app.add_typer(adjust_app, name="adjust", rich_help_panel=PANEL_LIFECYCLE)
    app.command("graph", rich_help_panel=PANEL_LIFECYCLE)(graph_cmd)


# -- event commands ------------------------------------------------------------------------
def _event_command(event: str):
    def command(
        codes: Optional[List[str]] = typer.Argument(None, metavar="CODE", show_default=False,
                                                    help="Item codes 事项编码 (the region prefix may be left out)."),
        domain: Optional[str] = typer.Option(None, "--domain", help="Every item of this domain 领域 (code, slug or name) "
                                             f"that can be {_PAST[event]}."),
        status: Optional[str] = typer.Option(None, "--status", help="Only items in this state 状态."),
        all_: bool = typer.Option(False, "--all", help=f"Every item of the workspace that can be {_PAST[event]}."),
        actor: Optional[str] = typer.Option(None, "--actor", help="Who does it 操作人 (default: $GONGKAI_ACTOR or your login)."),
        reason: Optional[str] = typer.Option(None, "--reason", help="Why 理由 (recorded in the history; withdraw needs one)."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Show what would change; write nothing."),
        skip_blocked: bool = typer.Option(False, "--skip-blocked", help="Apply to the others when a guard refuses some "
                                          "items (exit 1); by default nothing is written."),
        workspace: Optional[Path] = WorkspaceOption,
        force: bool = ForceOption,
        fmt_: str = typer.Option("text", "--format", help="text | json"),
    ) -> None:
        run_event(event, codes or [], domain=domain, status=status, all_=all_, actor=actor, reason=reason,
                  dry_run=dry_run, skip_blocked=skip_blocked, workspace=workspace, force=force, fmt_=fmt_)

    command.__doc__ = _HELP[event]
    command.__name__ = event
    return command


def default_actor(actor: Optional[str]) -> str:
    from gongkai.catalog.actor import default_actor as actor_of

    return actor_of(actor)


def run_event(event: str, codes: list[str], *, domain=None, status=None, all_=False, actor=None, reason=None,
              dry_run=False, skip_blocked=False, workspace=None, force=False, fmt_="text") -> None:

    from gongkai.catalog import lifecycle
    from gongkai.catalog.one_domain import domains_of, load_domains, loader
    from gongkai.catalog.workspace import Workspace

    check_format(fmt_, ("text", "json"))
    root = workspace_root(workspace)
    call = lifecycle.Call(actor=default_actor(actor), reason=reason, at=clock.now())
    run = _EventRun(event, call, fmt_)
    # Items named by code: read only their domains' files (a selection reads them all).
    wanted = domains_of(codes) if codes and not (domain or status or all_) else None
    if dry_run:
        ws = load_domains(root, wanted)
        run.plan(ws, _select(ws, event, codes, domain, status, all_), skip_blocked=True)
        run.report(ws, dry_run=True)
        if run.blocked:
            raise typer.Exit(1)
        return
    with Workspace.transaction(root, force=force, load=loader(wanted)) as ws:
        run.plan(ws, _select(ws, event, codes, domain, status, all_), skip_blocked=skip_blocked)
        run.apply(ws)
    run.report(ws, dry_run=False)
    if run.blocked:
        raise typer.Exit(1)


def _select(ws, event: str, codes: list[str], domain: Optional[str], status: Optional[str], all_: bool) -> list:
    """(domain, item) pairs: the named items, or those the selectors pick that the event applies to."""
    from gongkai.catalog import bulk_events, vocab

    if status is not None and not codes:
        status = {label: key for key, label in vocab.STATUS_LABELS.items()}.get(status.strip(), status)  # 已发布
        check_format(status, vocab.STATUSES, "--status")
    return bulk_events.select(ws, event, codes, domain, status, all_)


def _domain_code(key: str) -> str:
    from gongkai.catalog.bulk_events import domain_code

    return domain_code(key)


class _EventRun:
    """One event on the selected items: plan (check all, in gongkai.catalog.bulk_events), show, apply, report."""

    def __init__(self, event: str, call, fmt_: str) -> None:
        self.event, self.call, self.fmt = event, call, fmt_
        self.ready: list[tuple[Any, Any, str, Any]] = []    # (domain, item, to, call)
        self.blocked: list[tuple[Any, str]] = []            # (item, why)
        self.done: list[dict] = []
        self.written: list[Path] = []

    def plan(self, ws, selected: list, skip_blocked: bool) -> None:
        from gongkai.catalog import bulk_events
        from gongkai.rules.engine.approve_guard import approve_findings

        findings = approve_findings(ws, selected) if self.event == "approve" else None
        self.planned = bulk_events.plan(self.event, selected, self.call, findings)
        self.ready, self.blocked = self.planned.ready, self.planned.blocked
        bulk_events.refuse(self.planned, skip_blocked, many=len(selected) > 1)

    def _fix_hint(self) -> str:
        from gongkai.catalog.bulk_events import fix_hint

        return fix_hint(self.event)

    def apply(self, ws) -> None:
        from gongkai.catalog import bulk_events

        if len(self.ready) > 1 and self.fmt == "text":
            self._preview()
        with _progress(len(self.ready), f"{self.event} 进度") as advance:
            self.done = bulk_events.apply(self.planned, advance)

    def report(self, ws, dry_run: bool) -> None:
        if dry_run:
            from gongkai.catalog.bulk_events import preview_rows

            self.done = preview_rows(self.planned)
        files = [str(p.relative_to(ws.root)) for p in ws.written] if not dry_run else []
        if self.fmt == "json":
            emit_json({"event": self.event, "dry_run": dry_run, "items": self.done,
                       "blocked": [{"code": i.code, "reason": why} for i, why in self.blocked], "files": files})
            return
        verb = f"would {self.event}" if dry_run else _DONE[self.event]
        if not self.done and not self.blocked:
            typer.echo(f"nothing to {self.event}: no selected item is in {', '.join(_sources(self.event))}")
            return
        if dry_run:
            for r in self.done:
                typer.echo(f"{verb} {r['code']}: {r['from']} → {r['to']}")
        elif len(self.done) == 1:
            for r in self.done:
                due = f", review due {r['review_due']}" if r.get("review_due") else ""
                typer.echo(f"{verb} {r['code']}: {r['from']} → {r['to']} (v{r['version']}{due})")
        else:
            for (a, b), n in _counts(self.done).items():
                typer.echo(f"{verb} {n} item(s): {a} → {b}")
        for item, why in self.blocked:
            typer.echo(f"blocked: {why}", err=True)
        if self.blocked:
            typer.echo(self._fix_hint().strip() or f"{len(self.blocked)} item(s) blocked", err=True)
        if not dry_run:
            typer.echo(f"wrote {len(files)} file(s): {', '.join(files)}" if files else "no file changed")

    def _preview(self) -> None:
        typer.echo(f"{self.event} {EVENT_LABELS[self.event]}: {len(self.ready)} item(s)")
        for (a, b), n in self.planned.counts().items():
            typer.echo(f"  {n} × {a} → {b}")
        for d, item, to, _ in self.ready[:_PREVIEW_ROWS]:
            typer.echo(f"  {item.code}  {item.label}")
        if len(self.ready) > _PREVIEW_ROWS:
            typer.echo(f"  … and {len(self.ready) - _PREVIEW_ROWS} more")


def _sources(event: str) -> list[str]:
    from gongkai.catalog import lifecycle

    return lifecycle.sources(event)


def _counts(rows: list[dict]) -> dict:
    from gongkai.catalog.bulk_events import counts

    return counts(rows)


class _progress:
    """A rich progress bar on stderr for bulk runs on a terminal; silent otherwise."""

    def __init__(self, total: int, label: str) -> None:
        self.total, self.label, self.bar = total, label, None

    def __enter__(self):
        import sys

        if self.total > 1 and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=self.total)
        step = max(1, self.total // 200)   # redraw at most ~200 times
        count = [0]

        def advance() -> None:
            count[0] += 1
            if self.bar is not None and (count[0] % step == 0 or count[0] == self.total):
                self.bar.update(self.task, completed=count[0])

        return advance

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


# -- history, diff, lifecycle --------------------------------------------------------------
def history(
    code: str = typer.Argument(..., help="Item code 事项编码."),
    workspace: Optional[Path] = WorkspaceOption,
    fmt_: str = typer.Option("text", "--format", help="text | json"),
) -> None:
    """The item's audit trail 历史记录: every event with time (Beijing time; the file keeps UTC), actor, trigger and reason."""
    from gongkai.catalog.lifecycle import TRIGGER_LABELS
    from gongkai.catalog.vocab import STATUS_LABELS
    from gongkai.cli.common import open_workspace

    check_format(fmt_, ("text", "json"))
    ws = open_workspace(workspace)
    d, item = ws.find(code)
    entries = [h.model_dump(mode="json", by_alias=True) for h in item.history]
    if fmt_ == "json":
        emit_json({"code": item.code, "domain": d.code, "status": item.status, "version": item.version,
                   "review_due": item.review_due.isoformat() if item.review_due else None, "history": entries})
        return
    from gongkai.cli.output import print_table

    typer.echo(f"{item.code} {item.label} — {STATUS_LABELS[item.status]} {item.status}, v{item.version}"
               + (f", review due {item.review_due}" if item.review_due else ""))
    if not item.history:
        typer.echo("no events yet (a draft that was never submitted)")
        return
    from gongkai.catalog.lifecycle import CHINA_TZ

    print_table(["时间 北京时间", "事件 event", "状态 from → to", "版本 v", "操作人 actor", "原因 trigger", "说明 reason"],
                [[f"{h.at.astimezone(CHINA_TZ):%Y-%m-%d %H:%M:%S}", f"{h.event} {EVENT_LABELS.get(h.event, '')}", f"{h.from_} → {h.to}",
                  h.version, h.actor or "—", TRIGGER_LABELS.get(h.trigger, h.trigger), h.reason or ""]
                 for h in item.history])


def diff_cmd(
    code: Optional[str] = typer.Argument(None, help="Item code 事项编码 (with --upstream: optional)."),
    upstream: bool = typer.Option(False, "--upstream", help="三级: what the parent catalogue changed since this "
                                  "unit took its claimed items (上级变化)."),
    workspace: Optional[Path] = WorkspaceOption,
    fmt_: str = typer.Option("text", "--format", help="text | json"),
) -> None:
    """The revision against the approved version in force 修订对比 (for revising or in_review items);
    with --upstream, the parent's changes to claimed items."""
    from gongkai.catalog import lifecycle
    from gongkai.catalog.errors import UsageError
    from gongkai.cli.common import open_workspace

    check_format(fmt_, ("text", "json"))
    if upstream:
        from gongkai.cli.tier_views import upstream_diff

        return upstream_diff(code, workspace, fmt_)
    if code is None:
        raise UsageError("gongkai diff needs an item CODE (or --upstream for the parent's changes)")
    ws = open_workspace(workspace)
    _, item = ws.find(code)
    changes = lifecycle.diff(item)
    if fmt_ == "json":
        emit_json({"code": item.code, "status": item.status, "approved_version": item.version,
                   "changes": [{"field": c.field, "before": c.before, "after": c.after} for c in changes]})
        return
    if not changes:
        typer.echo(f"{item.code}: the revision does not differ from the approved version v{item.version}")
        return
    typer.echo(lifecycle.diff_text(item), nl=False)


def lifecycle_cmd(fmt_: str = typer.Option("mermaid", "--format", help="mermaid | json")) -> None:
    """The lifecycle 生命周期 as a mermaid diagram (or the machine's definition as JSON)."""
    from gongkai.catalog import lifecycle

    check_format(fmt_, ("mermaid", "json"))
    if fmt_ == "json":
        emit_json(lifecycle.definition())
    else:
        typer.echo(lifecycle.mermaid(), nl=False)


# -- due reviews --------------------------------------------------------------------------
_STATE_LABELS = {"overdue": "已逾期 overdue", "due": "到期 due", "pending": "复核中 pending", "unknown": "无日期 unknown"}


def due_cmd(
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Date to check as of, YYYY-MM-DD (default: today)."),
    within: int = typer.Option(0, "--within", min=0, help="Also list reviews falling due within N working days."),
    domain: Optional[str] = typer.Option(None, "--domain", help="Only this domain 领域."),
    workspace: Optional[Path] = WorkspaceOption,
    fmt_: str = typer.Option("table", "--format", help="table | json"),
) -> None:
    """Reviews due 待复核: annual reviews due or overdue, and reviews in progress with their deadlines.

    The annual review falls 12 months after the last approval or confirmation; a review started by
    `gongkai adjust` is due 20 working days after the change. Dates falling on a day off move to the
    next working day (民法典 第二百零三条).
    """

    from gongkai.catalog import lifecycle
    from gongkai.catalog.workdays import build_calendar
    from gongkai.cli.common import open_workspace

    check_format(fmt_, ("table", "json"))
    ws = open_workspace(workspace)
    day = parse_date(as_of, "--as-of") if as_of else clock.today()
    wanted = _domain_code(domain) if domain else None
    domain_of = {item.code: d.code for d, item in ws.items()}
    items = [item for d, item in ws.items() if wanted is None or d.code == wanted]
    cal = build_calendar(ws.config.calendar)
    rows = lifecycle.due(items, day, cal, within=within)
    horizon = cal.add(day, within)
    window = cal.provisional_between(day, horizon)   # the --within window itself
    if fmt_ == "json":
        emit_json({"as_of": day.isoformat(), "within": within, "until": horizon.isoformat(),
                   "provisional": window.note if window else None,
                   "items": [{**r.to_dict(), "domain": domain_of[r.code],
                              "due": r.due.isoformat() if r.due else None} for r in rows]})
        return
    from gongkai.catalog.lifecycle import TRIGGER_LABELS
    from gongkai.cli.output import print_table

    if not rows:
        typer.echo(f"no review due as of {day}" + (f" (+{within} working days, until {horizon})" if within else ""))
        if window:
            typer.echo(window.note)
        return
    print_table(["事项编码 code", "状态 status", "原因 kind", "期限 due", "剩余工作日 days", ""],
                [[r.code, r.status, TRIGGER_LABELS.get(r.kind, r.kind),
                  f"{r.due} 暂定" if r.provisional else (r.due or "—"),
                  "—" if r.days_left is None else r.days_left, _STATE_LABELS[r.state]] for r in rows])
    counts = {s: sum(1 for r in rows if r.state == s) for s in _STATE_LABELS}
    typer.echo(f"as of {day}: " + ", ".join(f"{n} {s}" for s, n in counts.items() if n))
    dates = [r.due for r in rows if r.provisional] + ([horizon] if window else [])
    if dates:   # one note for every 暂定 date and the window, naming the holidays counted
        typer.echo(cal.provisional_between(min(day, *dates), max(day, *dates)).note)


def parse_date(text: str, hint: str):
    from datetime import date

    try:  # strictly YYYY-MM-DD, as officers write dates in forms
        return date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()) else _bad(text, hint)
    except ValueError:
        return _bad(text, hint)


def _bad(text: str, hint: str):
    raise typer.BadParameter(f"{text!r} is not a date; expected YYYY-MM-DD, e.g. 2024-05-01", param_hint=hint)


# -- 动态调整 ------------------------------------------------------------------------------

@adjust_app.command("law")
def adjust_law(
    title: str = typer.Argument(..., help="The law's title 法规名称, e.g. 《中华人民共和国城乡规划法》."),
    changed_on: str = typer.Option(..., "--changed-on", help="When the law changed 修订/废止日期 (YYYY-MM-DD)."),
    reason: Optional[str] = typer.Option(None, "--reason", help="What changed 说明 (default: the law and the date)."),
    actor: Optional[str] = typer.Option(None, "--actor", help="Who 操作人 (default: $GONGKAI_ACTOR or your login)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="List the affected items; write nothing."),
    workspace: Optional[Path] = WorkspaceOption,
    force: bool = ForceOption,
    fmt_: str = typer.Option("text", "--format", help="text | json"),
) -> None:
    """A law changed 法规变化: every published item citing it goes to review, due in 20 working days."""
    from gongkai.catalog import adjust

    def plan(ws, cal, day):
        return adjust.plan_law(ws, title, day, cal, reason)

    _run_adjust(plan, changed_on, actor, dry_run, workspace, force, fmt_)


@adjust_app.command("body")
def adjust_body(
    old: str = typer.Argument(..., help="The body's name 公开主体 as the items give it, e.g. 县民政局."),
    new: Optional[str] = typer.Argument(None, help="Its new name 新名称 when renamed (the items are updated)."),
    changed_on: str = typer.Option(..., "--changed-on", help="When the body changed 机构变更日期 (YYYY-MM-DD)."),
    reason: Optional[str] = typer.Option(None, "--reason", help="What changed 说明, e.g. 机构合并."),
    actor: Optional[str] = typer.Option(None, "--actor", help="Who 操作人 (default: $GONGKAI_ACTOR or your login)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="List the affected items; write nothing."),
    workspace: Optional[Path] = WorkspaceOption,
    force: bool = ForceOption,
    fmt_: str = typer.Option("text", "--format", help="text | json"),
) -> None:
    """A body changed 机构变化 (renamed, merged, abolished): its published items go to review, due in
    20 working days; with NEW, the items name the body NEW in the same step."""
    from gongkai.catalog import adjust

    def plan(ws, cal, day):
        return adjust.plan_body(ws, old, new, day, cal, reason)

    _run_adjust(plan, changed_on, actor, dry_run, workspace, force, fmt_)


def _run_adjust(make_plan, changed_on: str, actor, dry_run: bool, workspace, force: bool, fmt_: str) -> None:
    from gongkai.catalog import adjust
    from gongkai.catalog.workdays import build_calendar
    from gongkai.catalog.workspace import Workspace

    check_format(fmt_, ("text", "json"))
    day = parse_date(changed_on, "--changed-on")
    root = workspace_root(workspace)
    if dry_run:
        ws = Workspace.load(root)
        plan = make_plan(ws, build_calendar(ws.config.calendar), day)
    else:
        with Workspace.transaction(root, force=force) as ws:
            plan = make_plan(ws, build_calendar(ws.config.calendar), day)
            adjust.apply(ws, plan, actor=default_actor(actor))
    files = [str(p.relative_to(ws.root)) for p in ws.written] if not dry_run else []
    if fmt_ == "json":
        emit_json({**plan.to_dict(), "dry_run": dry_run, "files": files})
        raise typer.Exit(0 if plan.steps else 1)
    what = f"{plan.subject} → {plan.new_name}" if plan.new_name else plan.subject
    if not plan.steps:     # a title that matches nothing is usually a typo: say so, exit 1
        hint = f"; did you mean: {', '.join(plan.suggestions)}" if plan.suggestions else ""
        typer.echo(f"no live item depends on {plan.subject}{hint}")
        raise typer.Exit(1)
    typer.echo(f"{'would adjust' if dry_run else 'adjusted'} {len(plan.steps)} item(s) for {what} "
               f"(changed {plan.changed_on}, review due {plan.due}):")
    if plan.provisional:
        typer.echo(plan.provisional)
    from gongkai.cli.output import print_table

    print_table(["事项编码 code", "事件 event", "状态 from → to", "期限 due", "公开主体 body"],
                [[s.code, s.event, f"{s.status} → {s.to}", s.due or "—",
                  f"{s.body[0]} → {s.body[1]}" if s.body else ""] for s in plan.steps])
    if not dry_run:
        typer.echo(f"wrote {len(files)} file(s): {', '.join(files)}" if files else "no file changed")
        if plan.new_name and _is_department(ws, plan.subject):
            typer.echo(f"note: {plan.subject} is listed in gongkai.toml [[departments]]; rename it there too",
                       err=True)


def _is_department(ws, name: str) -> bool:
    from gongkai.catalog.item_graph import body_key

    return any(body_key(name) in {body_key(n) for n in (d.name, *d.aliases)} for d in ws.config.departments)


# -- graph --------------------------------------------------------------------------------
def graph_cmd(
    fmt_: str = typer.Option("graphml", "--format", help="graphml | json"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write to this file (default: stdout)."),
    workspace: Optional[Path] = WorkspaceOption,
) -> None:
    """Export the item graph 事项关系图 (items, laws, bodies, domains)."""
    from gongkai.catalog import item_graph
    from gongkai.cli.common import open_workspace

    check_format(fmt_, ("graphml", "json"))
    if output is not None:
        check_output(fmt_, output, workspace_root(workspace))
    ws = open_workspace(workspace)
    g = item_graph.from_workspace(ws)
    text = item_graph.write(g, fmt_, output)
    if output is None:
        typer.echo(text)
    else:
        kinds = {}
        for _, k in g.nodes(data="kind"):
            kinds[k] = kinds.get(k, 0) + 1
        typer.echo(f"wrote {output}: {g.number_of_nodes()} nodes ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}), "
                   f"{g.number_of_edges()} edges", err=True)
