"""The approve guard: error-level findings on one item, after severities and waivers."""
from __future__ import annotations

from datetime import date

from gongkai import domains as registry
from gongkai.catalog.toml_store import atomic_write
from gongkai.catalog.workspace import Workspace, load_config, render_config
from conftest import merged
from gongkai.rules.engine.runner import item_error_findings


def _ws(make_workspace, base_item, config_change=None):
    root = make_workspace()
    if config_change:
        cfg = load_config(root)
        atomic_write(root / "gongkai.toml", render_config(type(cfg).model_validate(
            merged(cfg.model_dump(mode="python", exclude_none=True), config_change))))
    with Workspace.transaction(root) as ws:
        d = ws.ensure_domain(registry.BY_CODE["19"])
        ws.add_item(d, base_item)
        ws.add_item(d, merged(base_item, {"name": "审核信息", "levels": [], "stages": []}))
    ws = Workspace.load(root)
    return ws, ws.domain("19")


def test_guard_reports_only_errors(make_workspace, base_item):
    ws, d = _ws(make_workspace, base_item)
    clean, gappy = d.model.items
    assert item_error_findings(ws, d, clean) == []
    found = item_error_findings(ws, d, gappy)
    assert [f.rule for f in found] == ["ATT010"]          # ATT011 (stages) is info, not an error
    assert found[0].item == gappy.code and found[0].line


def test_guard_follows_severity_overrides_and_waivers(make_workspace, base_item):
    ws, d = _ws(make_workspace, base_item, {"rules": {"severity": {"ATT010": "warning"}}})
    assert item_error_findings(ws, d, d.model.items[1]) == []
    waiver = {"rule": "ATT010", "items": [], "reason": "r", "approved_by": "办", "expires": date(2099, 1, 1)}
    ws, d = _ws(make_workspace, base_item, {"waivers": [waiver]})
    assert item_error_findings(ws, d, d.model.items[1]) == []


def test_guard_applies_the_units_own_error_rules(make_workspace, base_item):
    ws, d = _ws(make_workspace, base_item)
    (ws.root / "rules").mkdir()
    (ws.root / "rules" / "own.toml").write_text(
        '[[rule]]\ncode = "LOC001"\nseverity = "error"\n[rule.require]\n"method.channels" = { includes = "两微一端" }\n',
        "utf-8")
    ws = Workspace.load(ws.root)
    d = ws.domain("19")
    assert [f.rule for f in item_error_findings(ws, d, d.model.items[0])] == ["LOC001"]
