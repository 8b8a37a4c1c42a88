"""Reading pages: the overview (首页), a domain's items, one item with its findings and history."""
from __future__ import annotations

from collections import Counter

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Route

from gongkai import domains as registry
from gongkai.catalog import clock, lifecycle, vocab
from gongkai.catalog.tables.export import columns, header_lines, in_force
from gongkai.web import access, item_view
from gongkai.web.render import page

SORTS = {"code": "编码", "name": "名称", "status": "状态", "findings": "问题数"}


def overview(request: Request):
    ws = access.reading(request)
    today = clock.today()
    sev, counts, due_by = _overview_numbers(ws, today)
    rows = []
    for reg in registry.REGISTRY:
        d = ws.domain(reg.code)
        states = Counter(i.status for i in d.model.items) if d else Counter()
        rows.append({"code": reg.code, "name": reg.name, "slug": reg.slug, "adopted": d is not None,
                     "count": sum(states.values()), "states": states, "errors": sev.get(reg.code, Counter())["error"],
                     "warnings": sev.get(reg.code, Counter())["warning"], "due": due_by[reg.code]})
    totals = {k: sum(r[k] for r in rows) for k in ("count", "errors", "warnings", "due")}
    totals["states"] = sum((r["states"] for r in rows), Counter())
    return page(request, "overview.html", title="首页", rows=rows, totals=totals, config=ws.config,
                counts=counts, today=today)


_numbers: list = [None, None, None]     # (the domains and inputs they were counted from, the numbers)


def _overview_numbers(ws, today):
    """Findings per domain by severity, the check's counts, reviews due per domain; counted again only
    when a domain file was parsed anew, or gongkai.toml, the unit's rules or the date changed."""
    from gongkai.catalog.workdays import build_calendar
    from gongkai.rules.engine.workspace_check import active, workspace_findings

    key = (ws.config_text, _own_rules(ws), today)
    domains, seen, numbers = _numbers
    if domains is not None and seen == key and len(domains) == len(ws.domains) and \
            all(a is b for a, b in zip(domains, ws.domains)):
        return numbers
    result = workspace_findings(ws, today)
    domain_of_item = {item.code: d.code for d, item in ws.items()}
    sev: dict[str, Counter] = {}
    for f in result.findings:
        if active(f):
            sev.setdefault(domain_of_item.get(f.item or "", "—"), Counter())[f.severity] += 1
    due_rows = lifecycle.due([i for _, i in ws.items()], today, build_calendar(ws.config.calendar))
    due_by = Counter(domain_of_item[r.code] for r in due_rows if r.state in ("overdue", "due"))
    _numbers[:] = [list(ws.domains), key, (sev, result.counts(), due_by)]
    return _numbers[2]


def _own_rules(ws) -> tuple:
    """The unit's own rule files and its baseline, as bytes: findings depend on them."""
    files = sorted((ws.root / "rules").glob("*.toml"))
    if ws.config.rules.baseline and (ws.root / ws.config.rules.baseline).is_file():
        files.append(ws.root / ws.config.rules.baseline)
    return tuple((p.name, p.read_bytes()) for p in files)


def domain_page(request: Request):
    ws = access.reading(request)
    code = request.path_params["code"]
    reg = registry.lookup(code)
    d = ws.domain(reg.code) if reg else None
    if d is None:
        raise HTTPException(404, f"本工作区没有领域 {code}")
    q = request.query_params
    want = {k: (q.get(k) or "").strip() for k in ("status", "category", "body", "rule", "q", "sort")}
    items = list(d.model.items)
    findings = _domain_findings(ws, d)
    per_item: dict[str, Counter] = {}
    rules_here: Counter = Counter()
    for f in findings:
        if not f.waived:
            per_item.setdefault(f.item, Counter())[f.severity] += 1
            per_item[f.item]["rule:" + f.rule] += 1
            rules_here[f.rule] += 1
    shown = [i for i in items if _keep(i, want, per_item)]
    sort = want["sort"] if want["sort"] in SORTS else "code"
    shown.sort(key={"code": lambda i: i.code, "name": lambda i: (i.category, i.name, i.subitem or ""),
                    "status": lambda i: (vocab.STATUSES.index(i.status), i.code),
                    "findings": lambda i: (-per_item.get(i.code, Counter())["error"],
                                           -per_item.get(i.code, Counter())["warning"], i.code)}[sort])
    size = request.app.state.settings.page_size
    pages = max(1, -(-len(shown) // size))
    number = min(max(_int(q.get("page"), 1), 1), pages)
    chunk = [in_force(i) if i.status == "revising" else i for i in shown[(number - 1) * size: number * size]]
    # the ministries' columns; where the row came from and notes stay on the item page
    cols = [c for c in columns(chunk or items[:1]) if c.group != "出处" and c.label != "备注"]
    return page(request, "domain.html", title=f"{d.code} {d.model.domain.name}", d=d, items=chunk, cols=cols,
                header=header_lines(cols), per_item=per_item, want=want, sorts=SORTS, total=len(items),
                matched=len(shown), number=number, pages=pages, rules_here=sorted(rules_here),
                categories=sorted({i.category for i in items}), bodies=sorted({i.body for i in items if i.body}),
                params={k: v for k, v in want.items() if v})


_memo: dict[str, tuple] = {}     # the last domain's item findings, while its parse and the config stay


def _domain_findings(ws, d) -> list:
    """Item-level findings of a domain's items; computed again only when its file, gongkai.toml, the
    unit's rule files or the date changed."""
    from gongkai.rules.engine.workspace_check import item_findings

    today = clock.today()
    key = (ws.config_text, _own_rules(ws), today)
    hit = _memo.get(d.code)
    if hit is not None and hit[0] is d and hit[1] == key:
        return hit[2]
    found = item_findings(ws, {i.code for i in d.model.items}, today).findings
    _memo[d.code] = (d, key, found)
    return found


def _int(text, default: int) -> int:
    return int(text) if text and text.isdigit() else default


def _keep(item, want: dict, per_item: dict) -> bool:
    if want["status"] and item.status != want["status"]:
        return False
    if want["category"] and item.category != want["category"]:
        return False
    if want["body"] and want["body"] not in (item.body or ""):
        return False
    if want["rule"] and not per_item.get(item.code, Counter())["rule:" + want["rule"]]:
        return False
    if want["q"]:
        text = " ".join(filter(None, [item.code, item.category, item.name, item.subitem, item.body, item.deadline,
                                       *(e.name for e in item.elements), *(b.title for b in item.basis)]))
        return all(word in text for word in want["q"].split())
    return True


def item_page(request: Request):
    ws = access.reading(request)
    q = request.query_params
    notice = "已保存。下方为保存后的检查结果。" if q.get("saved") else (
        f"已完成：{lifecycle.EVENT_LABELS[q['done']]}" if q.get("done") in lifecycle.EVENT_LABELS else None)
    return page(request, "item.html", notice=notice, **item_view.context(ws, request.path_params["code"]))


ROUTES = [
    Route("/", overview),
    Route("/domain/{code}", domain_page),
    Route("/item/{code}", item_page),
]
