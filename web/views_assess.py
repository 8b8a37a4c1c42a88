"""Assessor pages (考核组): draw a checklist (XLSX or fill in the browser), score it, check annual reports.

A checklist filled in the browser is kept in ``assessments/<id>.toml``: what was drawn (the
options of ``build_checklist`` and the day) and the answers so far, written through the atomic
store under the workspace lock at every change, so a closed tab loses nothing. Scoring draws
the same checklist again and refuses when the catalogue moved since (the digest differs), then
scores it with ``rules.assessment.scoring`` exactly as `gongkai score` scores a filled workbook.
"""
from __future__ import annotations

import re
import secrets
import tempfile
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from gongkai import domains as registry
from gongkai.catalog import clock
from gongkai.catalog.errors import InputError, UsageError
from gongkai.catalog.lock import workspace_lock
from gongkai.catalog.toml_store import atomic_write, dumps, read_toml
from gongkai.web import access
from gongkai.web.render import page

FOLDER = "assessments"
RESULTS = ("符合", "不符合", "不适用")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_ID = re.compile(r"^[0-9]{8}-[0-9a-f]{8}$")
DRAW = ("dept", "domain", "level", "sample", "seed")


def _draw_options(params) -> dict:
    return {k: (params.get(k) or "").strip() for k in DRAW}


def _build(ws, o: dict, generated_on: str | None = None):
    from gongkai.rules.assessment.checklist import build_checklist

    sample = o.get("sample") or None
    if sample is not None and not str(sample).isdigit():
        raise UsageError(f"抽样数 {sample!r} 应为正整数 (sample: a positive number)")
    cl = build_checklist(ws, dept=o.get("dept") or None, domain=o.get("domain") or None, level=o.get("level") or None,
                         sample=int(sample) if sample else None, seed=o.get("seed") or None)
    if generated_on:
        cl.generated_on = generated_on
    return cl


def _schemes(root: Path) -> list[tuple[str, str]]:
    """(value, label): the shipped schemes, and the unit's own TOML files in schemes/."""
    from gongkai.rules.assessment.scoring import SCHEMES_DIR

    shipped = [(p.stem, f"{p.stem}（内置）") for p in sorted(SCHEMES_DIR.glob("*.toml"))]
    own = [(f"schemes/{p.name}", f"{p.name}（本单位）") for p in sorted((root / "schemes").glob("*.toml"))]
    return shipped + own


def _scheme(root: Path, value: str):
    from gongkai.rules.assessment.scoring import load_scheme

    allowed = dict(_schemes(root))
    if value and value not in allowed:
        raise UsageError(f"没有评分方案 {value!r}（可选：{'、'.join(allowed)}）")
    return load_scheme(str(root / value) if value.startswith("schemes/") else (value or None))


def home(request: Request):
    ws = access.reading(request)
    return page(request, "assess_home.html", title="抽查清单", o=_draw_options(request.query_params),
                departments=[d.name for d in ws.config.departments], domains=[d for d in registry.REGISTRY
                                                                            if ws.domain(d.code)],
                fills=_fills(ws.root), schemes=_schemes(ws.root))


def checklist_xlsx(request: Request):
    from gongkai.rules.assessment.checklist_xlsx import write_checklist_xlsx

    ws = access.reading(request)
    cl = _build(ws, _draw_options(request.query_params))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "checklist.xlsx"
        write_checklist_xlsx(cl, path)
        data = path.read_bytes()
    return Response(data, media_type=XLSX, headers={
        "Content-Disposition": f"attachment; filename=\"checklist.xlsx\"; filename*=UTF-8''{quote(cl.title() + '.xlsx')}"})


# -- filling in the browser ----------------------------------------------------------------------
def _path(root: Path, fill_id: str) -> Path:
    if not _ID.match(fill_id):
        raise HTTPException(404, "没有这份检查表")
    return root / FOLDER / f"{fill_id}.toml"


def _read_fill(root: Path, fill_id: str) -> dict:
    path = _path(root, fill_id)
    if not path.is_file():
        raise HTTPException(404, "没有这份检查表")
    return read_toml(path)[0]


def _fills(root: Path) -> list[dict]:
    out = []
    for p in sorted((root / FOLDER).glob("*.toml"), reverse=True):
        try:
            data = read_toml(p)[0]
        except InputError:
            continue
        out.append({"id": p.stem, **data.get("checklist", {}), "done": len(data.get("answers", {}))})
    return out


async def start_fill(request: Request):
    form = await access.posted(request)
    return await run_in_threadpool(_start_fill, request, form)


def _start_fill(request: Request, form):
    ws = access.reading(request)
    o = _draw_options(form)
    cl = _build(ws, o)
    fill_id = f"{clock.today():%Y%m%d}-{secrets.token_hex(4)}"
    meta = {**{k: v for k, v in o.items() if v}, "generated_on": cl.generated_on, "digest": cl.digest(),
            "title": cl.title(), "lines": len(cl.lines), "drawn_by": access.actor(request)}
    (ws.root / FOLDER).mkdir(exist_ok=True)
    with workspace_lock(ws.root, timeout=request.app.state.settings.lock_wait):
        atomic_write(_path(ws.root, fill_id), dumps({"checklist": meta, "answers": {}}))
    return RedirectResponse(f"/assess/fill/{fill_id}", status_code=303)


def _lines(ws, data: dict):
    """The drawn checklist again; refused when the catalogue changed since it was drawn."""
    meta = data.get("checklist", {})
    cl = _build(ws, meta, meta.get("generated_on"))
    if cl.digest() != meta.get("digest"):
        raise UsageError("抽查后目录已变化，这份检查表的行与现在的目录不再一致；请重新抽取 "
                         "(the catalogue changed since this checklist was drawn)")
    return cl


def fill_page(request: Request, notice: str | None = None, problems=None, status: int = 200):
    ws = access.reading(request)
    fill_id = request.path_params["fill_id"]
    data = _read_fill(ws.root, fill_id)
    cl = _lines(ws, data)
    answers = data.get("answers", {})
    done = sum(1 for a in answers.values() if a.get("result"))
    return page(request, "assess_fill.html", status=status, title="填写检查表", fill_id=fill_id,
                meta=data["checklist"], cl=cl, answers=answers, results=RESULTS, done=done,
                notice=notice, problems=problems or [], schemes=_schemes(ws.root))


async def save_fill(request: Request):
    form = await access.posted(request)
    return await run_in_threadpool(_save_fill, request, form)


def _save_fill(request: Request, form):
    from gongkai.catalog.records.cells import parse_date

    root = request.app.state.settings.root
    fill_id = request.path_params["fill_id"]
    problems = []
    with workspace_lock(root, timeout=request.app.state.settings.lock_wait):
        data = _read_fill(root, fill_id)
        total = int(data["checklist"].get("lines", 0))
        answers = data.setdefault("answers", {})
        for n in range(1, total + 1):
            if f"r{n}" not in form:
                continue
            entry = {"result": form.get(f"r{n}") or "", "url": (form.get(f"u{n}") or "").strip(),
                     "seen": (form.get(f"s{n}") or "").strip(), "note": (form.get(f"n{n}") or "").strip()}
            if entry["result"] and entry["result"] not in RESULTS:
                problems.append(f"第 {n} 行：结果 {entry['result']!r} 应为 符合、不符合 或 不适用")
                continue
            if entry["seen"] and parse_date(entry["seen"])[0] is None:
                problems.append(f"第 {n} 行：查看日期 {entry['seen']!r} 应为 YYYY-MM-DD")
                continue
            entry = {k: v for k, v in entry.items() if v}
            if entry:
                answers[str(n)] = entry
            else:
                answers.pop(str(n), None)
        atomic_write(_path(root, fill_id), dumps(data))
    said = f"已保存 {clock.now():%H:%M:%S}" + (f"；{len(problems)} 行未保存：" + "；".join(problems) if problems else "")
    if request.headers.get("hx-request"):
        return HTMLResponse(f'<span class="saved">{said}</span>' if not problems else
                            f'<span class="sev-error">{_escape(said)}</span>', status_code=400 if problems else 200)
    if problems:
        return fill_page(request, problems=problems, status=400)
    return RedirectResponse(f"/assess/fill/{fill_id}?saved=1", status_code=303)


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def _filled(ws, fill_id: str, data: dict):
    """The browser's answers as the FilledChecklist `gongkai score` reads from a workbook."""
    from gongkai.catalog.records.cells import parse_date
    from gongkai.rules.assessment.checklist_xlsx import FilledChecklist, FilledLine

    cl = _lines(ws, data)
    answers = data.get("answers", {})
    lines = []
    for n, line in enumerate(cl.lines, 1):
        a = answers.get(str(n), {})
        seen = parse_date(a["seen"])[0] if a.get("seen") else None
        lines.append(FilledLine(line, n, a.get("result") or None, a.get("url"), seen, a.get("note")))
    blank = [fl.row for fl in lines if fl.line.kind == "item" and not fl.result]
    if blank:       # as for a workbook: every 事项 line needs its result (the lines below may stay blank)
        shown = "、".join(map(str, blank[:10])) + (" …" if len(blank) > 10 else "")
        raise UsageError(f"还有 {len(blank)} 个事项行未填写结果（第 {shown} 行），填写后再评分；"
                         "其下的要素、时限、渠道行未填视为符合")
    return FilledChecklist(Path(f"{FOLDER}/{fill_id}.toml"), cl.meta(), lines)


def fill_score(request: Request):
    ws = access.reading(request)
    fill_id = request.path_params["fill_id"]
    filled = _filled(ws, fill_id, _read_fill(ws.root, fill_id))
    return _scored(request, ws, [filled], request.query_params.get("scheme") or "", f"/assess/fill/{fill_id}")


def _scored(request, ws, filled: list, scheme_value: str, back: str):
    from gongkai.rules.assessment.scoring import score_checklists

    scheme, where = _scheme(ws.root, scheme_value)
    names = {d.code: d.model.domain.name for d in ws.domains}
    report = score_checklists(filled, scheme, where, names)
    if request.query_params.get("format") == "xlsx":
        from gongkai.rules.assessment.score_xlsx import write_score_xlsx

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "score.xlsx"
            write_score_xlsx(report, path)
            data = path.read_bytes()
        return Response(data, media_type=XLSX, headers={
            "Content-Disposition": "attachment; filename=\"score.xlsx\"; filename*=UTF-8''" + quote("评分结果.xlsx")})
    blank = sum(1 for c in filled for line in c.lines if not line.result)
    return page(request, "assess_score.html", title="评分", report=report, back=back, blank=blank,
                schemes=_schemes(ws.root), scheme_value=scheme_value,
                xlsx=request.url.path + "?" + urlencode({"scheme": scheme_value, "format": "xlsx"})
                if request.method == "GET" else None)


async def upload_filled(request: Request):
    form = await access.posted(request, files=True)
    file = form.get("file")
    if not isinstance(file, UploadFile) or not file.filename.lower().endswith(".xlsx"):
        raise UsageError("请选择已填写的检查表 (.xlsx，由本系统或 `gongkai checklist` 生成)")
    data = await file.read()
    return await run_in_threadpool(_score_upload, request, data, file.filename, form.get("scheme") or "")


def _score_upload(request, data: bytes, filename: str, scheme_value: str):
    from gongkai.rules.assessment.checklist_xlsx import read_filled_checklist, workspace_problems

    ws = access.reading(request)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "filled.xlsx"
        path.write_bytes(data)
        try:
            filled = read_filled_checklist(path)
            problems = workspace_problems(filled, ws)
        except InputError as exc:
            problems = exc.problems
        for p in problems:
            p.file = filename
        if problems:
            raise InputError(problems)
        filled.path = Path(filename)
        return _scored(request, ws, [filled], scheme_value, "/assess")


# -- annual reports --------------------------------------------------------------------------------
REPORT_SUFFIXES = (".txt", ".html", ".htm", ".md", ".xlsx")


def report_page(request: Request):
    return page(request, "assess_report.html", title="年度报告检查", result=None, pasted="")


async def report_check(request: Request):
    form = await access.posted(request, files=2)           # the report and, optionally, last year's
    files = {}
    for field in ("file", "previous"):
        f = form.get(field)
        if isinstance(f, UploadFile) and f.filename:
            suffix = Path(f.filename).suffix.lower()
            if suffix not in REPORT_SUFFIXES:
                raise UsageError(f"{f.filename}: 不支持的文件类型；可上传 {'、'.join(REPORT_SUFFIXES)}")
            files[field] = (f.filename, suffix, await f.read())
    pasted = form.get("text") or ""
    if "file" not in files and pasted.strip():
        files["file"] = ("粘贴的年报.txt", ".txt", pasted.encode("utf-8"))
    if "file" not in files:
        raise UsageError("请上传年度报告文件，或把报告全文粘贴到文本框中")
    return await run_in_threadpool(_check_report, request, files, pasted)


def _check_report(request, files: dict, pasted: str):
    from gongkai.rules.reports.checks import ReportContext, check_report
    from gongkai.rules.reports.reading import load_report

    with tempfile.TemporaryDirectory() as tmp:
        loaded = {}
        for field, (name, suffix, data) in files.items():
            path = Path(tmp) / f"{field}{suffix}"
            path.write_bytes(data)
            try:
                loaded[field] = load_report(path)
            except InputError as exc:
                for p in exc.problems:
                    p.file = name
                raise InputError(exc.problems) from None
    report = loaded["file"]
    findings = check_report(report, ReportContext(previous=loaded.get("previous")))
    marks = _cell_marks(report, findings)
    return page(request, "assess_report.html", title="年度报告检查", pasted=pasted, result={
        "name": files["file"][0], "report": report, "findings": findings, "marks": marks,
        "previous": files.get("previous", (None,))[0], "layout": report.layout()})


def _cell_marks(report, findings) -> dict:
    """(table, row, col) → the findings failing on that cell: the cell on the finding's line, in its column."""
    marks: dict = {}
    for f in findings:
        if not f.assessable or f.line is None:
            continue
        for table, row, col, cell in report.cells():
            if cell.line == f.line and (f.field is None or f.field == col):
                marks.setdefault((table, row, col), []).append(f)
    return marks


ROUTES = [
    Route("/assess", home, methods=["GET"]),
    Route("/assess/checklist.xlsx", checklist_xlsx, methods=["GET"]),
    Route("/assess/fill", start_fill, methods=["POST"]),
    Route("/assess/fill/{fill_id}", fill_page, methods=["GET"]),
    Route("/assess/fill/{fill_id}", save_fill, methods=["POST"]),
    Route("/assess/fill/{fill_id}/score", fill_score, methods=["GET"]),
    Route("/assess/score", upload_filled, methods=["POST"]),
    Route("/assess/report", report_page, methods=["GET"]),
    Route("/assess/report", report_check, methods=["POST"]),
]


# -- monthly 红黑旗 ----------------------------------------------------------------------------------
def flags_page(request: Request):
    from gongkai.catalog.records.store import load_records
    from gongkai.rules.assessment.flags import METRICS, board_history, load_flag_scheme, monthly_board

    ws = access.reading(request)
    today = clock.today()
    month = (request.query_params.get("month") or "").strip() or \
        f"{today.year - (today.month == 1)}-{(today.month - 2) % 12 + 1:02d}"
    scheme, where = load_flag_scheme(ws.root)
    board = monthly_board(ws, load_records(ws.root), month, scheme, where)
    return page(request, "assess_flags.html", title=f"月度红黑旗 {month}", board=board, scheme=scheme, where=where,
                metrics=METRICS, history=board_history(ws.root), month=month)


async def flags_save(request: Request):
    form = await access.posted(request)
    return await run_in_threadpool(_flags_save, request, form)


def _flags_save(request: Request, form):
    from gongkai.catalog.records.store import load_records
    from gongkai.rules.assessment.flags import load_flag_scheme, month_span, monthly_board, save_board

    ws = access.reading(request)
    month = (form.get("month") or "").strip()
    month_span(month)
    scheme, where = load_flag_scheme(ws.root)
    save_board(ws.root, monthly_board(ws, load_records(ws.root), month, scheme, where))
    return RedirectResponse(f"/assess/flags?month={quote(month)}&saved=1", status_code=303)


ROUTES += [
    Route("/assess/flags", flags_page, methods=["GET"]),
    Route("/assess/flags", flags_save, methods=["POST"]),
]
