"""Import and export: upload a ministry-layout table (dry-run report first, then apply), download any
export format.

An upload is kept only between its dry run and its apply, in the workspace's own hidden folder
under a random name (the officer's file name gives only its suffix), and deleted once applied.
"""
from __future__ import annotations

import re
import secrets
import time
from pathlib import Path
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gongkai import domains as registry
from gongkai.catalog.errors import UsageError
from gongkai.catalog.tables.export import FORMATS, export_bytes
from gongkai.catalog.tables.import_apply import add_placed, already_there
from gongkai.catalog.tables.importer import SUFFIXES, read_file
from gongkai.catalog.workspace import Workspace
from gongkai.web import access
from gongkai.web.render import page

UPLOADS = ".gongkai-uploads"
KEEP_SECONDS = 3600
MEDIA = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv; charset=utf-8",
         "json": "application/json", "md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8"}
FORMAT_LABELS = {"xlsx": "Excel 工作簿 (.xlsx)", "csv": "CSV", "json": "JSON", "md": "Markdown", "html": "网页 (打印)"}


def transfer_page(request: Request):
    ws = access.reading(request)
    return page(request, "transfer.html", title="导入导出", domains=registry.REGISTRY,
                adopted={d.code for d in ws.domains}, formats=FORMATS, labels=FORMAT_LABELS, report=None)


async def upload(request: Request):
    form = await access.posted(request, files=True)
    file = form.get("file")
    if not isinstance(file, UploadFile) or not file.filename:
        raise UsageError("请选择要导入的文件 (choose a file: .xlsx, .csv or .md)")
    suffix = Path(file.filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"{file.filename}: 不支持的文件类型 {suffix or '(无后缀)'}; expected one of {', '.join(SUFFIXES)}")
    data = await file.read()
    return await run_in_threadpool(_dry_run, request, data, suffix, file.filename, (form.get("domain") or "").strip())


def _folder(root: Path) -> Path:
    folder = root / UPLOADS
    folder.mkdir(exist_ok=True)
    (folder / ".gitignore").write_text("*\n")    # pending uploads are never part of the unit's history
    for old in folder.iterdir():            # dry runs never applied
        if old.name != ".gitignore" and old.stat().st_mtime < time.time() - KEEP_SECONDS:
            old.unlink(missing_ok=True)
    return folder


def _target(domain: str):
    if not domain:
        return None
    found = registry.lookup(domain)
    if found is None:
        raise UsageError(f"unknown domain {domain!r}; use a code 01–26, a slug or a name")
    return found


def _dry_run(request, data: bytes, suffix: str, filename: str, domain: str):
    root = request.app.state.settings.root
    token = secrets.token_hex(16)
    path = _folder(root) / f"{token}{suffix}"
    path.write_bytes(data)
    report = _read(request, path, filename, _target(domain), write=False)
    if not report["added"]:
        path.unlink(missing_ok=True)
    return _report(request, report, token, domain)


def _read(request, path: Path, filename: str, target, write: bool) -> dict:
    """Read the upload and add its rows, to a plain load (dry run) or inside a transaction."""
    from gongkai.catalog.tables.placement import place

    result = read_file(path)
    placed = place(result, target)
    if target is None and not placed.by_domain and result.items:
        raise UsageError(f"{filename} names no domain (no sheet, section or 领域 column naming one): choose a domain")
    result.problems.extend(placed.problems)
    if write:
        with access.writing(request) as ws:
            added = add_placed(ws, placed)
    else:
        added = add_placed(Workspace.load(request.app.state.settings.root), placed)
    for problem in result.problems:
        problem.file = filename         # the officer's name for the file, not our stored copy
    return {"filename": filename, "rows": result.rows, "added": added, "existing": already_there(added),
            "problems": result.problems, "domains": sorted(placed.by_domain)}


def _report(request, report: dict, token: str, domain: str, applied: bool = False, status: int = 200):
    return page(request, "import_report.html", status=status, title="导入报告", r=report, token=token,
                domain=domain, applied=applied, names={d.code: d.name for d in registry.REGISTRY})


async def apply_upload(request: Request):
    form = await access.posted(request)
    return await run_in_threadpool(_apply, request, form)


def _apply(request, form):
    token = form.get("token") or ""
    suffix = form.get("suffix") or ""
    if not re.fullmatch(r"[0-9a-f]{32}", token) or suffix not in SUFFIXES:
        raise UsageError("该导入已失效，请重新上传文件 (the upload is no longer there; upload it again)")
    root = request.app.state.settings.root
    path = root / UPLOADS / f"{token}{suffix}"
    if not path.is_file():
        raise UsageError("该导入已失效或已导入，请重新上传文件 (the upload was applied already or expired)")
    domain = (form.get("domain") or "").strip()
    report = _read(request, path, form.get("filename") or path.name, _target(domain), write=True)
    path.unlink(missing_ok=True)
    return _report(request, report, token, domain, applied=True)


def download(request: Request):
    ws = access.reading(request)
    q = request.query_params
    fmt = q.get("format") or "xlsx"
    if fmt not in FORMATS:
        raise UsageError(f"format {fmt!r} is not one of: {', '.join(FORMATS)}")
    chosen = ws.domains
    name = f"{ws.config.unit.name}政务公开标准目录"
    if q.get("domain"):
        target = _target(q["domain"])
        chosen = [d for d in ws.domains if d.code == target.code]
        if not chosen:
            raise UsageError(f"domain {target.code} {target.name} is not in this workspace")
        name = f"{ws.config.unit.name}{target.code}{target.name}领域目录"
    data = export_bytes([(d.model.domain, d.model.items) for d in chosen], fmt)
    filename = f"{name}.{fmt}"
    return Response(data, media_type=MEDIA[fmt], headers={
        "Content-Disposition": f"attachment; filename=\"catalogue.{fmt}\"; filename*=UTF-8''{quote(filename)}"})


ROUTES = [
    Route("/transfer", transfer_page),
    Route("/import", upload, methods=["POST"]),
    Route("/import/apply", apply_upload, methods=["POST"]),
    Route("/export", download),
]
