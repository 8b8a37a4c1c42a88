"""Checks: the workspace's findings grouped by rule, domain or department, and the rule docs pages.

Waived and baselined findings are counted and listed apart from the ones to fix, as `gongkai check`
counts them.
"""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Route

from gongkai import domains as registry
from gongkai.catalog import item_graph
from gongkai.web import access
from gongkai.web.render import page

GROUPINGS = {"rule": "按规则", "domain": "按领域", "department": "按部门(公开主体)"}
LIST_LIMIT = 300


def checks_page(request: Request):
    from gongkai.rules.engine.registry import get_rule
    from gongkai.rules.engine.workspace_check import active, group_findings, workspace_findings

    ws = access.reading(request)
    q = request.query_params
    by = q.get("by") if q.get("by") in GROUPINGS else "rule"
    result = workspace_findings(ws)
    domain_of = {item.code: d.code for d, item in ws.items()}
    body_of = {item.code: item.body for _, item in ws.items()}
    deps = item_graph.Departments(ws.config.departments)
    names = {d.model.domain.code: d.model.domain.name for d in ws.domains}
    wanted_domain = registry.lookup(q["domain"]).code if q.get("domain") and registry.lookup(q["domain"]) else None
    findings = [f for f in result.findings if wanted_domain is None or domain_of.get(f.item or "") == wanted_domain]
    rules = {r.code: r for r in result.rules}

    def key_of(f):
        if by == "rule":
            return [f.rule]
        if by == "domain":
            return [domain_of.get(f.item or "", "—")]
        bodies = item_graph.split_bodies(body_of.get(f.item or "")) if f.item in body_of else []
        return sorted({deps.canonical.get(item_graph.body_key(b), b) for b in bodies}) or ["（未写公开主体）"]

    def label_of(k):
        if by == "rule":
            r = rules.get(k) or get_rule(k)
            return f"{k} {r.name}" if r else k
        if by == "domain":
            return f"{k} {names.get(k, '')}"
        return k

    groups = group_findings([f for f in findings if active(f)], key_of, label_of)
    chosen = q.get("group")
    shown = next((g for g in groups if g.key == chosen), None)
    apart = [f for f in findings if f.waived or f.baselined]
    return page(request, "checks.html", title="检查结果", by=by, groupings=GROUPINGS, groups=groups,
                shown=shown, apart=apart[:LIST_LIMIT], apart_total=len(apart), counts=result.counts(),
                rules=rules, limit=LIST_LIMIT, domain=wanted_domain or "", names=names,
                items_checked=result.items_checked)


def rules_page(request: Request):
    from gongkai.rules.engine.declarative import load_workspace_rules
    from gongkai.rules.engine.registry import FAMILIES, all_rules

    root = request.app.state.settings.root
    rules = [*all_rules(), *load_workspace_rules(root)]
    return page(request, "rules.html", title="规则说明", rules=rules, families=FAMILIES)


def rule_page(request: Request):
    from gongkai.rules.engine.declarative import load_workspace_rules
    from gongkai.rules.engine.registry import FAMILIES, all_rules

    code = request.path_params["code"]
    rules = [*all_rules(), *load_workspace_rules(request.app.state.settings.root)]
    found = next((r for r in rules if r.code == code.upper() or r.name == code), None)
    if found is None:
        raise HTTPException(404, f"没有规则 {code} (no rule {code!r}; the rules page lists them)")
    return page(request, "rule.html", title=f"{found.code} {found.name}", r=found, families=FAMILIES)


ROUTES = [
    Route("/checks", checks_page),
    Route("/rules", rules_page),
    Route("/rules/{code}", rule_page),
]
