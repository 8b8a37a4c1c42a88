"""依申请公开 register: `request add|edit|event|show|list|import|due|check|stats|hot`, and `report draft`."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from gongkai.cli.common import (PANEL_CHECKS, LangOption, WorkspaceOption, check_format, check_output, emit_json,
                                emit_text, open_workspace, workspace_root)

request_app = typer.Typer(help="依申请公开 register: applications, their statutory clock (条例 第三十至三十三条), "
                               "statistics and 热点.", no_args_is_help=True)

# CLI event names (English and Chinese) → (stored kind, what the command sets)
EVENTS = {
    "supplement": ("supplement", "new"), "补正": ("supplement", "new"),
    "supplement-received": ("supplement", "received_on"), "补正收到": ("supplement", "received_on"),
    "consultation": ("consultation", "new"), "征求意见": ("consultation", "new"),
    "consultation-answered": ("consultation", "answered_on"), "意见回复": ("consultation", "answered_on"),
    "extension": ("extension", "new"), "延期": ("extension", "new"),
    "reply": ("reply", "new"), "答复": ("reply", "new"),
    "review": ("review", "new"), "复议": ("review", "new"),
    "review-decided": ("review", "decided_on"), "复议决定": ("review", "decided_on"),
    "litigation": ("litigation", "new"), "诉讼": ("litigation", "new"),
    "litigation-decided": ("litigation", "decided_on"), "诉讼判决": ("litigation", "decided_on"),
}
DRAFT_FORMATS = ("md", "xlsx", "html", "json")
EVENT_FIELD_LABELS = {"received_on": "收到补正", "party": "征求对象", "answered_on": "回复", "days": "延长工作日",
                      "approved_by": "批准人", "outcome": "处理结果", "fee": "收费(元)", "result": "结果",
                      "decided_on": "审结", "after_review": "复议后起诉", "note": "备注"}


def register(app: typer.Typer) -> None:
    from gongkai.cli.report_cmds import report_app

    app.add_typer(request_app, name="request", rich_help_panel=PANEL_CHECKS)
    report_app.command("draft")(draft)


def _day(value: Optional[str], option: str):
    from gongkai.cli.records_cmds import parse_day

    return parse_day(value, option)


def _as_of(value: Optional[str]):
    from gongkai.catalog import clock

    return _day(value, "--as-of") or clock.today()


def _calendar(ws):
    from gongkai.catalog.workdays import build_calendar

    return build_calendar(ws.config.calendar or None)


def _dept(ws, name: Optional[str]) -> Optional[str]:
    from gongkai.catalog.records.reader import canonical_dept

    return canonical_dept(name, ws.config.departments) if name else None


def _validated(fields: dict, where: str):
    """An Application from fields given on the command line; errors name the option."""
    from pydantic import ValidationError

    from gongkai.catalog.errors import InputError
    from gongkai.catalog.requests.model import Application
    from gongkai.catalog.requests.reader import check_order
    from gongkai.catalog.requests.store import validation_problem

    try:
        app = Application.model_validate(fields)
    except ValidationError as exc:
        raise InputError([validation_problem(e, where, fields.get("number"), lambda loc: None)
                          for e in exc.errors()]) from None
    order = check_order(app.received_on, [e.model_dump() for e in app.events])
    if order:
        raise InputError.single(order[0][1], file=where, item=app.number, field=order[0][0],
                                expected="an event on or after the day the application was received")
    return app


def _clock_line(app, cal, day=None) -> str:
    """The clock in one line, counted to ``day`` (default today); a day no calendar covers only drops the count."""
    from gongkai.catalog import clock as today_clock
    from gongkai.catalog.errors import GongkaiError
    from gongkai.catalog.requests.statutory import clock

    day = day or today_clock.today()
    try:
        c = clock(app, cal, day)
    except GongkaiError:
        c, day = clock(app, cal, app.received_on), None
    if c.state == "closed":
        return f"已办结 closed {c.replied_on} ({'late' if c.late else 'on time'}; deadline {c.deadline or '—'})"
    if c.deadline is None:
        return f"{c.label} {c.state}: the 20 working days start when the corrected application is received"
    if day is None:
        return f"{c.label} {c.state}: reply due {c.deadline}"
    left = f"{c.remaining} working days left" if c.remaining >= 0 else f"overdue by {-c.remaining} working days"
    return f"{c.label} {c.state}: reply due {c.deadline} ({left} as of {day})"


@request_app.command("add")
def add(
    received: str = typer.Option(..., "--received", help="Day received 收到日期 (第三十一条: in person the day submitted; post: signed for; online/fax: confirmed)."),
    channel: str = typer.Option(..., "--channel", help="当面 | 邮寄 | 网络 | 传真 | 其他"),
    applicant_type: str = typer.Option(..., "--type", help="自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他"),
    subject: str = typer.Option(..., "--subject", help="What is asked 申请内容."),
    dept: Optional[str] = typer.Option(None, "--dept", help="Department handling it 承办部门."),
    number: Optional[str] = typer.Option(None, "--number", help="Application number (default: next YEAR-NNNN)."),
    items: List[str] = typer.Option([], "--item", help="Catalogue item code it concerns (repeatable)."),
    topics: List[str] = typer.Option([], "--topic", help="Subject for 热点追踪 (repeatable)."),
    name: Optional[str] = typer.Option(None, "--name", help="Applicant's name (personal data: kept in requests/applicants/)."),
    phone: Optional[str] = typer.Option(None, "--phone", help="Applicant's phone (personal data)."),
    email: Optional[str] = typer.Option(None, "--email", help="Applicant's e-mail (personal data)."),
    address: Optional[str] = typer.Option(None, "--address", help="Applicant's address (personal data)."),
    id_number: Optional[str] = typer.Option(None, "--id-number", help="ID or credit code (personal data)."),
    note: Optional[str] = typer.Option(None, "--note"),
    workspace: Optional[Path] = WorkspaceOption,
) -> None:
    """Register an application 登记申请; prints its number and reply deadline."""
    from gongkai.catalog.requests.store import register_transaction

    ws = open_workspace(workspace)
    day = _day(received, "--received")
    fields = {"received_on": day, "channel": channel, "applicant_type": applicant_type, "subject": subject,
              "dept": _dept(ws, dept), "items": list(items), "topics": list(topics), "note": note}
    with register_transaction(ws.root) as (reg, people):
        fields["number"] = number or reg.next_number(day.year)
        app = _validated({k: v for k, v in fields.items() if v is not None}, "the command line")
        if name:
            app.applicant = people.find_or_add(day.year, name, phone=phone, email=email, address=address,
                                               id_number=id_number).id
        reg.add(app)
    typer.echo(f"added {app.number}: {_clock_line(app, _calendar(ws), max(day, _as_of(None)))}")
    _note_unknown_items(ws, [app])


@request_app.command("edit")
def edit(
    number: str = typer.Argument(..., help="Application number."),
    received: Optional[str] = typer.Option(None, "--received"),
    channel: Optional[str] = typer.Option(None, "--channel"),
    applicant_type: Optional[str] = typer.Option(None, "--type"),
    subject: Optional[str] = typer.Option(None, "--subject"),
    dept: Optional[str] = typer.Option(None, "--dept"),
    items: List[str] = typer.Option([], "--item", help="Replaces the items (repeatable)."),
    topics: List[str] = typer.Option([], "--topic", help="Replaces the topics (repeatable)."),
    note: Optional[str] = typer.Option(None, "--note"),
    workspace: Optional[Path] = WorkspaceOption,
) -> None:
    """Change an application's fields (its events are changed with `request event`)."""
    from gongkai.catalog.requests.store import register_transaction

    ws = open_workspace(workspace)
    change = {"received_on": _day(received, "--received"), "channel": channel, "applicant_type": applicant_type,
              "subject": subject, "dept": _dept(ws, dept), "items": list(items) or None,
              "topics": list(topics) or None, "note": note}
    change = {k: v for k, v in change.items() if v is not None}
    if not change:
        from gongkai.catalog.errors import UsageError

        raise UsageError("nothing to change: give --received, --channel, --type, --subject, --dept, --item, --topic or --note")
    with register_transaction(ws.root) as (reg, _):
        old = reg.find(number)
        app = _validated({**old.model_dump(exclude_none=True), **change}, "the command line")
        reg.replace(app)
    typer.echo(f"changed {number}: {', '.join(change)}")


@request_app.command("event")
def event(
    number: str = typer.Argument(..., help="Application number."),
    kind: str = typer.Argument(..., help="supplement (补正) | supplement-received (补正收到) | consultation (征求意见) | consultation-answered (意见回复) | extension (延期) | reply (答复) | review (复议) | review-decided (复议决定) | litigation (诉讼) | litigation-decided (诉讼判决)"),
    on: str = typer.Option(..., "--on", help="The day it happened."),
    outcome: Optional[str] = typer.Option(None, "--outcome", help="reply: the 表三 result (予以公开, 部分公开, 不予公开1–8 …)."),
    fee: Optional[float] = typer.Option(None, "--fee", help="reply: fee charged (元)."),
    days: Optional[int] = typer.Option(None, "--days", help="extension: working days added (at most 20)."),
    approved_by: Optional[str] = typer.Option(None, "--approved-by", help="extension: who approved it."),
    party: Optional[str] = typer.Option(None, "--party", help="consultation: the third party or agency asked."),
    result: Optional[str] = typer.Option(None, "--result", help="review/litigation decided: 维持 | 纠正 | 其他."),
    after_review: bool = typer.Option(False, "--after-review", help="litigation: filed after a 行政复议."),
    note: Optional[str] = typer.Option(None, "--note"),
    correct: bool = typer.Option(False, "--correct", help="Replace the last event of this kind (a date or outcome typed wrong) instead of adding one."),
    workspace: Optional[Path] = WorkspaceOption,
) -> None:
    """Record an event 记录办理环节; prints the clock after it. --correct replaces the last one of its kind."""
    from gongkai.catalog.errors import UsageError
    from gongkai.catalog.requests.store import register_transaction

    check_format(kind, tuple(EVENTS), "KIND")
    stored, what = EVENTS[kind]
    day = _day(on, "--on")
    ws = open_workspace(workspace)
    with register_transaction(ws.root) as (reg, _):
        old = reg.find(number)
        data = old.model_dump(exclude_none=True)
        events = data.setdefault("events", [])
        if what == "new":
            ev = {"kind": stored, "on": day, "outcome": outcome, "fee": fee, "days": days, "approved_by": approved_by,
                  "party": party, "result": result, "after_review": True if after_review else None, "note": note}
            ev = {k: v for k, v in ev.items() if v is not None}
            last = max((i for i, e in enumerate(events) if e["kind"] == stored), default=None)
            if correct:
                if last is None:
                    raise UsageError(f"{number} has no {stored} event to correct")
                events[last] = ev
            elif stored == "reply" and last is not None:
                raise UsageError(f"{number} has a reply already (an application is answered once); "
                                 "to fix its date or outcome: --correct")
            else:
                events.append(ev)
        else:
            target = next((e for e in reversed(events) if e["kind"] == stored), None)
            if target is None:
                raise UsageError(f"{number} has no {stored} event to complete; record `{stored}` first")
            target[what] = day
            if result:
                target["result"] = result
        app = _validated(data, "the command line")
        reg.replace(app)
    typer.echo(f"{number}: {kind} on {day}; {_clock_line(app, _calendar(ws), max(day, _as_of(None)))}")


@request_app.command("show")
def show(
    number: str = typer.Argument(...),
    personal: bool = typer.Option(False, "--personal", help="Also print the applicant's name and contacts (personal data; only for those handling the application)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="The clock as of this day (default today)."),
    fmt_: str = typer.Option("human", "--format", help="human | json"),
    workspace: Optional[Path] = WorkspaceOption,
) -> None:
    """One application with its events and clock."""
    from gongkai.catalog.requests.model import KIND_LABELS
    from gongkai.catalog.requests.statutory import clock
    from gongkai.catalog.requests.store import load_register

    check_format(fmt_, ("human", "json"))
    ws = open_workspace(workspace)
    reg = load_register(ws.root)
    app = reg.find(number)
    day, cal = _as_of(as_of), _calendar(ws)
    person = None
    if personal:
        from gongkai.catalog.requests.people import load_people

        person = load_people(ws.root).get(app.applicant)
    file, line = reg.where(number)
    if fmt_ == "json":
        c = clock(app, cal, day)
        emit_json({**app.model_dump(mode="json", exclude_none=True), "file": file, "line": line,
                   "clock": {"state": c.state, "start": c.start, "deadline": c.deadline, "remaining": c.remaining,
                             "extension": c.extension, "paused": c.paused, "late": c.late, "overdue": c.overdue},
                   **({"personal": person.model_dump(exclude_none=True) if person else None} if personal else {})})
        return
    out = [f"申请 {app.number}  收到 received {app.received_on} ({app.channel})  {app.applicant_type}  [{file}:{line}]",
           f"  申请内容 subject: {app.subject}", f"  承办部门 dept: {app.dept or '—'}"]
    if app.items:
        out.append(f"  事项 items: {'、'.join(app.items)}")
    if app.topics:
        out.append(f"  主题 topics: {'、'.join(app.topics)}")
    out.append(f"  申请人 applicant: {app.applicant or '—'}")
    if personal:
        out.append("  个人信息 personal: " + (" / ".join(v for k, v in person.model_dump(exclude_none=True).items()
                                                      if k != "id") if person else "none on file"))
    for e in app.events:
        extra = {k: v for k, v in e.model_dump(exclude_none=True).items() if k not in ("kind", "on")}
        out.append(f"  {e.on}  {KIND_LABELS[e.kind]} {e.kind}"
                   + "".join(f"  {EVENT_FIELD_LABELS.get(k, k)} {v}" for k, v in extra.items()))
    out.append("  时限 clock: " + _clock_line(app, cal, day))
    typer.echo("\n".join(out))


@request_app.command("list")
def list_cmd(
    year: Optional[int] = typer.Option(None, "--year", help="Only applications received in this year."),
    dept: Optional[str] = typer.Option(None, "--dept"),
    open_only: bool = typer.Option(False, "--open", help="Only applications without a reply."),
    fmt_: str = typer.Option("table", "--format", help="table | json | xlsx (the columns `request import` reads)"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (xlsx)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="xlsx: the clock columns as of this day (default today)."),
    workspace: Optional[Path] = WorkspaceOption,
) -> None:
    """The applications, one line each (no personal data); as a workbook to edit and import back with --update."""
    from gongkai.catalog.requests.store import load_register

    check_format(fmt_, ("table", "json", "xlsx"))
    check_output(fmt_, output)
    ws = open_workspace(workspace)
    d = _dept(ws, dept)
    apps = [a for a in load_register(ws.root).applications()
            if (year is None or a.received_on.year == year) and (d is None or a.dept == d)
            and (not open_only or a.closed_on is None)]
    if fmt_ == "json":
        emit_json([a.model_dump(mode="json", exclude_none=True) for a in apps])
        return
    if fmt_ == "xlsx":
        from gongkai.rules.requests.export import write_xlsx

        repeated = write_xlsx(apps, _calendar(ws), _as_of(as_of), output, f"{ws.config.unit.name} 依申请公开登记台账")
        typer.echo(f"wrote {output}: {len(apps)} applications"
                   + (f"; {len(repeated)} with several events of one kind show the last (see 说明)" if repeated else ""))
        return
    from gongkai.cli.output import print_table

    print_table(["编号 number", "收到 received", "方式 channel", "申请人 type", "部门 dept", "申请内容 subject",
                 "答复 replied", "结果 outcome"],
                [[a.number, a.received_on, a.channel, a.applicant_type, a.dept, a.subject[:30], a.closed_on or "办理中",
                  a.outcome] for a in apps])
    typer.echo(f"{len(apps)} applications")


@request_app.command("import")
def import_cmd(
    file: Path = typer.Argument(..., help="CSV or XLSX register: 申请编号, 收到日期, 申请方式, 申请人类型, 申请内容, 承办部门, 答复日期, 处理结果 …"),
    update: bool = typer.Option(False, "--update", help="Replace applications whose number is already in the register."),
    workspace: Optional[Path] = WorkspaceOption,
) -> None:
    """Import a department's register (all rows or none: any bad row is named and nothing is written)."""
    from gongkai.catalog.requests.importing import import_register

    root = workspace_root(workspace)
    ws = open_workspace(root)
    result = import_register(root, file, update=update, departments=ws.config.departments)
    typer.echo(f"imported {len(result.added)} applications" + (f", updated {len(result.updated)}" if result.updated else "")
               + (f"; {result.people} new applicants in requests/applicants/ (personal data)" if result.people else ""))
    from gongkai.catalog.requests.store import load_register

    _note_unknown_items(ws, [a for a in load_register(root).applications()
                             if a.number in {*result.added, *result.updated}])


def _note_unknown_items(ws, apps) -> None:
    """Item codes that name no catalogue item (region optional): said, not refused (a code may be a typo)."""
    codes = {i.code for _, i in ws.items()}
    unknown = sorted({c for a in apps for c in a.items if c not in codes and f"{ws.region}-{c}" not in codes})
    if unknown:
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        typer.echo(f"note: {len(unknown)} item code(s) not in the catalogue ({shown}); 热点 --by item counts them as written")


@request_app.command("due")
def due(
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Day to count from (default today)."),
    within: Optional[int] = typer.Option(None, "--within", help="Only those due within N working days (overdue ones always shown)."),
    dept: Optional[str] = typer.Option(None, "--dept"),
    fmt_: str = typer.Option("table", "--format", help="table | json"),
    workspace: Optional[Path] = WorkspaceOption,
) -> None:
    """Open applications with their reply deadline and working days left, overdue first."""
    from gongkai.rules.requests.due import due_list

    check_format(fmt_, ("table", "json"))
    ws = open_workspace(workspace)
    day = _as_of(as_of)
    from gongkai.catalog.requests.store import load_register

    rows = due_list(load_register(ws.root).applications(), _calendar(ws), day, within, _dept(ws, dept))
    if fmt_ == "json":
        emit_json({"as_of": day, "within": within, "applications": [r.to_dict() for r in rows]})
        return
    from gongkai.cli.output import print_table

    print_table(["编号 number", "部门 dept", "收到 received", "状态 state", "答复期限 deadline", "剩余 left", "说明 note"],
                [[r.number, r.dept, r.received_on, r.label, r.deadline or "—",
                  "—" if r.remaining is None else (f"逾期 {-r.remaining}" if r.remaining < 0 else r.remaining), r.note]
                 for r in rows])
    overdue = sum(r.overdue for r in rows)
    typer.echo(f"{len(rows)} open applications shown, {overdue} overdue (as of {day}; working days, 调休 calendar)")
    spans = [r.provisional for r in rows if r.provisional]
    if spans:
        from gongkai.catalog.workdays import merge

        typer.echo(f"{len(spans)} marked 暂定 — {merge(*spans).note}")


@request_app.command("check")
def check_cmd(
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Judge as of this day (default today)."),
    select: List[str] = typer.Option([], "--select", help="Rules to run (code, prefix or name)."),
    ignore: List[str] = typer.Option([], "--ignore", help="Rules to skip."),
    fail_on: str = typer.Option("error", "--fail-on", help="error | warning"),
    fmt_: str = typer.Option("human", "--format", help="human | json"),
    lang: str = LangOption,
    workspace: Optional[Path] = WorkspaceOption,
) -> None:
    """Check the register against the statutory clock (REQ rules). Exit 1 when findings reach --fail-on."""
    from gongkai.catalog.errors import UsageError
    from gongkai.catalog.requests.store import load_register
    from gongkai.rules.engine.finding import SEVERITY_RANK
    from gongkai.rules.engine.runner import apply_waivers
    from gongkai.rules.requests.rules import run_request_checks, select_request_rules

    check_format(fmt_, ("human", "json"))
    check_format(lang, ("zh", "en"), "--lang")
    check_format(fail_on, ("error", "warning"), "--fail-on")
    ws = open_workspace(workspace)
    rules = select_request_rules(ws.config, select, ignore)
    if not rules:
        raise UsageError("no REQ rule is left by the selection (--select, --ignore and gongkai.toml [rules]); "
                         "see `gongkai rules REQ`")
    day = _as_of(as_of)
    findings = run_request_checks(load_register(ws.root), _calendar(ws), day, rules, ws.config.rules.severity)
    apply_waivers(findings, ws, day)          # [[waivers]] of gongkai.toml, by rule and application number
    floor = SEVERITY_RANK[fail_on]
    active = [f for f in findings if not f.waived]
    failing = [f for f in active if f.assessable and SEVERITY_RANK[f.severity] >= floor]
    if fmt_ == "json":
        emit_json({"as_of": day, "findings": [f.to_dict() for f in findings]})
    else:
        for f in active:
            typer.echo(f"{f.file}:{f.line}: {f.rule} [{f.severity}] {f.item}: {f.text(lang)}"
                       + (" [暂定]" if f.provisional else ""))
        waived = len(findings) - len(active)
        typer.echo(f"{sum(f.severity == 'error' for f in active)} errors, "
                   f"{sum(f.severity == 'warning' for f in active)} warnings"
                   + (f", {waived} waived" if waived else "") + f" (as of {day})")
        marked = next((f.provisional for f in active if f.provisional), None)
        if marked:
            typer.echo(f"{sum(bool(f.provisional) for f in active)} finding(s) marked [暂定] — {marked}")
    if failing:
        raise typer.Exit(1)


@request_app.command("stats")
def stats(
    year: int = typer.Option(..., "--year"),
    dept: Optional[str] = typer.Option(None, "--dept"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Count up to this day (default today)."),
    fmt_: str = typer.Option("table", "--format", help="table | json | xlsx"),
    output: Optional[Path] = typer.Option(None, "-o", "--output"),
    workspace: Optional[Path] = WorkspaceOption,
) -> None:
    """Monthly statistics per department 月度备案统计: received, closed, on time, late, open, overdue, by outcome."""
    from gongkai.catalog.requests.store import load_register
    from gongkai.rules.requests.stats import monthly, table, write_xlsx, year_totals

    check_format(fmt_, ("table", "json", "xlsx"))
    check_output(fmt_, output)
    ws = open_workspace(workspace)
    day = _as_of(as_of)
    rows = monthly(load_register(ws.root).applications(), _calendar(ws), year, day, _dept(ws, dept))
    totals = year_totals(rows)
    if fmt_ == "xlsx":
        write_xlsx(rows, totals, output, f"{ws.config.unit.name} {year} 依申请公开月度统计")
        typer.echo(f"wrote {output}")
    elif fmt_ == "json":
        emit_json({"year": year, "as_of": day, "months": [r.to_dict() for r in rows], "year_totals": [r.to_dict() for r in totals]})
    else:
        from gongkai.cli.output import print_table

        headers, body = table(rows + totals)
        print_table(headers, body)


@request_app.command("hot")
def hot_cmd(
    year: int = typer.Option(..., "--year"),
    by: str = typer.Option("topic", "--by", help="item | topic | applicant | dept"),
    minimum: int = typer.Option(2, "--min", help="Only groups with at least this many applications."),
    fmt_: str = typer.Option("table", "--format", help="table | json | xlsx"),
    output: Optional[Path] = typer.Option(None, "-o", "--output"),
    workspace: Optional[Path] = WorkspaceOption,
) -> None:
    """热点追踪: applications grouped by item, topic or applicant (pseudonymous), with monthly counts."""
    from datetime import date

    from gongkai.catalog.requests.store import load_register
    from gongkai.rules.requests.hot import BY, BY_LABELS, hot, months_between, write_xlsx

    check_format(by, BY, "--by")
    check_format(fmt_, ("table", "json", "xlsx"))
    check_output(fmt_, output)
    ws = open_workspace(workspace)
    start, end = date(year, 1, 1), date(year, 12, 31)
    groups = hot(load_register(ws.root).applications(), by, start, end, minimum)
    months = months_between(start, end)
    titles = {}
    if by == "item":
        titles = {code: f"{code} {item.category}/{item.name}" for _, item in ws.items() for code in [item.code]}
    if fmt_ == "xlsx":
        write_xlsx(groups, months, by, output, titles)
        typer.echo(f"wrote {output}")
    elif fmt_ == "json":
        emit_json({"year": year, "by": by, "groups": [{"key": g.key, "title": titles.get(g.key), "count": g.count,
                                                        "months": g.trend(months), "numbers": g.numbers} for g in groups]})
    else:
        from gongkai.cli.output import print_table

        print_table([BY_LABELS[by], "申请数", *(m[5:] for m in months)],
                    [[titles.get(g.key, g.key), g.count, *g.trend(months)] for g in groups])
        if by == "applicant" and groups:
            typer.echo("条例 第三十五条: an applicant with many applications may be asked for the reason "
                       "(申请人 keys are pseudonymous; `request show N --personal` for the handler)")


def draft(
    year: int = typer.Option(..., "--year", help="The report's year."),
    fmt_: str = typer.Option("md", "--format", help="md | xlsx | html | json"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (required for xlsx)."),
    t2: Optional[Path] = typer.Option(None, "--t2", help="TOML of 表二's figures from other registers ([规章] 本年制发件数 = …)."),
    previous: Optional[Path] = typer.Option(None, "--previous", help="Last year's report: its 结转下年度 must equal this year's 上年结转 (AR201)."),
    dept: Optional[str] = typer.Option(None, "--dept", help="A department's own report: only the applications it handles."),
    workspace: Optional[Path] = WorkspaceOption,
) -> None:
    """Draft the annual report 年报草稿 from the 依申请公开 register: 表三, 表四 (and 表二 from --t2), 2021 format.

    The draft is checked with the `report check` rules before it is written; exit 1 when one fails
    (with --previous: the carry-over differs from last year's report).
    """
    import json

    from gongkai.catalog.requests.store import load_register
    from gongkai.rules.reports.checks import ReportContext, check_report
    from gongkai.rules.reports.draft import draft_report, read_t2, to_html, to_markdown
    from gongkai.rules.reports.reading import load_report
    from gongkai.rules.reports.render import write_xlsx
    from gongkai.rules.reports.structured import to_dict

    check_format(fmt_, DRAFT_FORMATS)
    check_output(fmt_, output)
    ws = open_workspace(workspace)
    reg = load_register(ws.root)
    if dept:
        from gongkai.catalog.requests.store import DeptView

        reg = DeptView(reg, _dept(ws, dept))
    report, figures = draft_report(reg, year, reg.dept if dept else ws.config.unit.name, read_t2(t2), _calendar(ws))
    prev = load_report(previous) if previous is not None else None
    findings = [f for f in check_report(report, ReportContext(previous=prev)) if f.assessable and f.severity == "error"]
    if fmt_ == "xlsx":
        write_xlsx(report, output)
        typer.echo(f"wrote {output}")
    else:
        text = {"md": to_markdown, "html": to_html}.get(fmt_, lambda r: json.dumps(to_dict(r), ensure_ascii=False, indent=2))(report)
        emit_text(text.rstrip("\n"), output)
    if output is not None or fmt_ == "xlsx":
        typer.echo(f"{year}: 新收 {figures.new}, 上年结转 {figures.carried}, 办结 {figures.closed}, "
                   f"结转下年度 {figures.carry_on}; 复议 {figures.review}, 诉讼 {figures.litigation}")
    for f in findings:
        typer.echo(f"{f.rule} [{f.severity}] {f.item}: {f.message}", err=True)
    if findings:
        raise typer.Exit(1)
