"""The approve guard in one pass over the selected items gives the same verdicts as the engine's run.

On a synthetic workspace sampled from the bundled catalogues (most items blocked by real error
findings, some approvable), with a waiver covering some items, every item's error findings from
the bulk guard equal those of the whole-workspace run of the same rules, and a bulk plan approves
exactly the items with none.
"""
from __future__ import annotations

import sys
from datetime import date

from gongkai.catalog import bulk_events, lifecycle
from gongkai.catalog.toml_store import atomic_write
from gongkai.catalog.workspace import Waiver, Workspace, load_config, render_config
from gongkai.rules.engine.approve_guard import approve_findings
from gongkai.rules.engine.declarative import load_workspace_rules
from gongkai.rules.engine.runner import item_error_findings, run_checks, select_rules, severities

sys.path.insert(0, str(__import__("conftest").ROOT / "bench"))
from generate import generate  # noqa: E402

TODAY = date(2026, 12, 31)


def _mixed_workspace(root, waived_rule: str):
    generate(130, root)
    cfg = load_config(root)
    cfg.waivers = [Waiver(rule=waived_rule, items=["0[1-5]-*"], reason="测试豁免", approved_by="办公室",
                          expires=date(2099, 1, 1))]
    atomic_write(root / "gongkai.toml", render_config(cfg))
    with Workspace.transaction(root) as ws:
        for _, item in ws.items():
            item.status, item.history, item.approved = "in_review", [], None
    return Workspace.load(root)


def _engine_verdicts(ws) -> dict[str, list[tuple]]:
    """code → sorted (rule, field, message) of its unwaived error findings, by the engine's full run."""
    chosen = select_rules(ws.config, extra=load_workspace_rules(ws.root))
    severity = severities(ws.config, chosen)
    rules = [r for r in chosen if r.scope == "item" and severity[r.code] == "error"]
    out: dict[str, list[tuple]] = {item.code: [] for _, item in ws.items()}
    for f in run_checks(ws, rules, TODAY).findings:
        if not f.waived:
            out[f.item].append((f.rule, f.field, f.message))
    return {code: sorted(found) for code, found in out.items()}


def _most_common_error_rule(verdicts) -> str:
    counts: dict[str, int] = {}
    for found in verdicts.values():
        for rule, _, _ in found:
            counts[rule] = counts.get(rule, 0) + 1
    return max(counts, key=counts.get)


def test_bulk_guard_matches_the_engine_run_and_plans_the_same_approvals(tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_NOW", "2026-12-31T10:00:00+08:00")
    probe = Workspace.load(generate(130, tmp_path / "probe"))
    waived_rule = _most_common_error_rule(_engine_verdicts(probe))
    ws = _mixed_workspace(tmp_path / "ws", waived_rule)
    expected = _engine_verdicts(ws)
    blocked = {code for code, found in expected.items() if found}
    assert blocked and len(blocked) < len(expected)          # a real mix: some refused, some approvable
    waived = [f for f in run_checks(ws, [r for r in select_rules(ws.config) if r.code == waived_rule], TODAY).findings
              if f.waived]
    assert waived                                             # the waiver takes effect on some items

    selected = bulk_events.select(ws, "approve", [], all_=True)
    guard = approve_findings(ws, selected)
    # asked in an order that crosses domain files back and forth, as named codes may be
    for d, item in [*selected[::2], *selected[1::2]]:
        assert sorted((f.rule, f.field, f.message) for f in guard(item)) == expected[item.code], item.code
        single = item_error_findings(ws, d, item, TODAY)
        assert sorted((f.rule, f.field, f.message) for f in single) == expected[item.code]
        assert all(f.line for f in single)                    # one item's findings keep their lines

    plan = bulk_events.plan("approve", selected, lifecycle.Call(actor="测试员"), approve_findings(ws, selected))
    assert {i.code for _, i, _, _ in plan.ready} == set(expected) - blocked
    assert {i.code for i, _ in plan.blocked} == blocked
    assert not plan.not_allowed
