"""Department pages (部门): my items, disclosure records (upload, list), compliance (+ XLSX).

A department account sees its own department only (web/roles.py lets nobody else but officers
here); an officer chooses the department with ?dept=. Records go in through
``import_records``, the store of `gongkai records import`: a file with any bad row is refused
whole, each bad row named. Compliance is ``rules.assessment.compliance`` with its Chinese
``explain()`` wording, as `gongkai comply --dept` gives it.
"""
from __future__ import annotations

import re
import secrets
import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gongkai.catalog import clock
from gongkai.catalog.errors import InputError, UsageError, display_path
from gongkai.web import access
from gongkai.web.render import page

UPLOADS = ".gongkai-uploads"
RECORD_SUFFIXES = (".csv", ".xlsx")
RECORDS_SHOWN = 500
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def chosen_dept(request: Request, ws) -> str | None:
    """The department a page is about: the account's own, or (an officer) the one asked for."""
    user = getattr(request.state, "user", None)
    if user is not None and user.role == "department":
        return user.department
    wanted = (request.query_params.get("dept") or "").strip()
    if wanted and wanted not in {d.name for d in ws.config.departments}:
        raise HTTPException(404, f"gongkai.toml 没有部门 {wanted}")
    return wanted or None


def scope_of(ws, dept: str):
    from gongkai.rules.assessment.departments import Scope

    entry = next((d for d in ws.config.departments if d.name == dept), None)
    return Scope(dept, tuple(entry.aliases) if entry else ())


def _choose(request, ws, title: str, target: str):
    return page(request, "dept_choose.html", title=title, target=target,
                departments=[d.name for d in ws.config.departments])


def as_of(request: Request):
    from gongkai.catalog.records.cells import parse_date

    text = (request.query_params.get("as_of") or "").strip()
    if not text:
        return clock.today()
    day, why = parse_date(text)
    if day is None:
        raise UsageError(f"截至日期 {text!r} 无法识别 ({why}); expected a date YYYY-MM-DD")
    return day


# -- my items ------------------------------------------------------------------------------------
def my_items(request: Request):
    from gongkai.catalog import lifecycle
    from gongkai.catalog.workdays import build_calendar
    from gongkai.rules.engine.workspace_check import item_findings

    ws = access.reading(request)
    dept = chosen_dept(request, ws)
    if dept is None:
        return _choose(request, ws, "部门事项", "/dept")
    scope = scope_of(ws, dept)
    mine = [(d, i) for d, i in ws.items() if scope.owns(i.body)]
    today = clock.today()
    per_item: dict[str, Counter] = {}
    for f in item_findings(ws, {i.code for _, i in mine}, today).findings:
        if not f.waived:
            per_item.setdefault(f.item, Counter())[f.severity] += 1
    due = {r.code: r for r in lifecycle.due([i for _, i in mine], today, build_calendar(ws.config.calendar), within=20)}
    states = Counter(i.status for _, i in mine)
    return page(request, "dept_items.html", title=f"{dept} 本部门事项", dept=dept, rows=mine, per_item=per_item,
                due=due, states=states, today=today)


# -- records ---------------------------------------------------------------------------------------
def records_page(request: Request, problems=None, imported=None, status: int = 200):
    from gongkai.catalog.records.store import load_records

    ws = access.reading(request)
    dept = chosen_dept(request, ws)
    if dept is None:
        return _choose(request, ws, "公开记录", "/dept/records")
    scope = scope_of(ws, dept)
    q = (request.query_params.get("q") or "").strip()
    rows = []
    for f in load_records(ws.root):
        for r in f.records:
            if not scope.names_dept(r.dept or f.source.dept):
                continue
            text = " ".join(filter(None, [r.code, r.title, r.url]))
            if all(w in text for w in q.split()):
                rows.append((f, r))
    rows.sort(key=lambda fr: (fr[1].formed_on or clock.today(), fr[1].code), reverse=True)
    return page(request, "dept_records.html", status=status, title=f"{dept} 公开记录", dept=dept, q=q,
                rows=rows[:RECORDS_SHOWN], total=len(rows), problems=problems or [], imported=imported)


async def records_upload(request: Request):
    form = await access.posted(request, files=True)
    file = form.get("file")
    if not isinstance(file, UploadFile) or not file.filename:
        raise UsageError("请选择 CMS 导出的文件 (.csv 或 .xlsx)")
    name = _safe_name(file.filename)
    if Path(name).suffix.lower() not in RECORD_SUFFIXES:
        raise UsageError(f"{file.filename}: 不支持的文件类型；请上传 CMS 导出的 .csv 或 .xlsx")
    data = await file.read()
    return await run_in_threadpool(_import, request, name, data)


def _safe_name(filename: str) -> str:
    """The officer's file name without folders or odd characters (it names the stored records file)."""
    base = Path(filename.replace("\\", "/")).name
    return re.sub(r"[^\w.\-\u4e00-\u9fff]+", "_", base).lstrip(".") or "records.csv"


def _import(request: Request, name: str, data: bytes):
    from gongkai.catalog.records.store import import_records

    ws = access.reading(request)
    dept = chosen_dept(request, ws)
    if dept is None:
        raise UsageError("请先选择部门 (choose the department: ?dept=NAME)")
    folder = ws.root / UPLOADS / secrets.token_hex(16)
    folder.mkdir(parents=True)
    try:
        source = folder / name
        source.write_bytes(data)
        try:
            result = import_records(ws.root, source, dept=dept, departments=ws.config.departments)
        except InputError as exc:
            shown = display_path(source)
            for p in exc.problems:          # the clerk's file, not our temporary copy ("x.csv row 3")
                p.file = name + (p.file[len(shown):] if p.file and p.file.startswith(shown) else "")
            return records_page(request, problems=[p.render() for p in exc.problems], status=400)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return records_page(request, imported={"file": name, "records": len(result.records), "replaced": result.replaced,
                                           "warnings": [w.render().replace(display_path(source), name) for w in result.warnings]})


# -- compliance ------------------------------------------------------------------------------------
def _report(request: Request):
    from gongkai.catalog.records.store import load_records
    from gongkai.rules.assessment.compliance import compliance

    ws = access.reading(request)
    dept = chosen_dept(request, ws)
    if dept is None:
        return ws, None, None
    return ws, dept, compliance(ws, load_records(ws.root), as_of(request), dept=dept)


def compliance_page(request: Request):
    from gongkai.rules.assessment.compliance import rate_text

    ws, dept, report = _report(request)
    if report is None:
        return _choose(request, ws, "按时公开", "/dept/compliance")
    d = report.departments[0]
    soon_days = 10
    horizon = _workdays_ahead(ws, report.as_of, soon_days)
    soon = sorted((ob for _, ob in d.result.obligations() if ob.status == "pending" and ob.due and ob.due <= horizon),
                  key=lambda ob: ob.due) if d.result else []
    labels = {i.code: i.label for _, i in ws.items()}
    fixes = [(f, report.explain(f)) for f in d.fixes()]
    return page(request, "dept_compliance.html", title=f"{dept} 按时公开", dept=dept, report=report, d=d,
                rate_text=rate_text, fixes=fixes, soon=soon, soon_days=soon_days, labels=labels,
                as_of_text=request.query_params.get("as_of") or "")


def _workdays_ahead(ws, day, n: int):
    from gongkai.catalog.workdays import build_calendar

    try:
        return build_calendar(ws.config.calendar).add(day, n)
    except Exception:       # a year no holiday notice covers: count calendar days instead
        from datetime import timedelta
        return day + timedelta(days=n + n // 2)


def compliance_xlsx(request: Request):
    import tempfile

    from gongkai.rules.assessment.compliance import write_compliance_xlsx

    ws, dept, report = _report(request)
    if report is None:
        raise UsageError("请先选择部门 (choose the department: ?dept=NAME)")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "compliance.xlsx"
        write_compliance_xlsx(report, path)
        data = path.read_bytes()
    filename = f"{dept}按时公开情况{report.as_of.isoformat()}.xlsx"
    return Response(data, media_type=XLSX, headers={
        "Content-Disposition": f"attachment; filename=\"compliance.xlsx\"; filename*=UTF-8''{quote(filename)}"})


ROUTES = [
    Route("/dept", my_items, methods=["GET"]),
    Route("/dept/records", records_page, methods=["GET"]),
    Route("/dept/records", records_upload, methods=["POST"]),
    Route("/dept/compliance", compliance_page, methods=["GET"]),
    Route("/dept/compliance.xlsx", compliance_xlsx, methods=["GET"]),
]
