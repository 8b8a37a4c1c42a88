"""Every rule's test cases, kept as data in tests/rule_cases/CODE.toml, run by one test.

A case lays `item` over the complete base item (conftest.BASE_ITEM) in domain 19, may add
`others` (extra items, with `domain`), `config` (merged into gongkai.toml), `retired` codes,
`today`, `adopt` (adopt the bundled standard catalogues) and `drop_standard` (remove N adopted
items). A `fail` case must produce the rule's finding, a `pass` case must not.
"""
from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

import domains as registry
from catalog.model import Item
from catalog.workspace import Workspace, load_config, render_config
from catalog.toml_store import atomic_write
from conftest import BASE_ITEM, merged
from rules.engine import run_checks
from rules.registry import all_rules, get_rule

CASES = Path(__file__).parent / "rule_cases"


def _cases():
    for path in sorted(CASES.glob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        for kind in ("fail", "pass"):
            for i, case in enumerate(data.get(kind, [])):
                yield pytest.param(path.stem, kind, case, id=f"{path.stem}-{kind}-{i}")


def build(make_workspace, case: dict) -> Path:
    root = make_workspace(adopt=case.get("adopt", False))
    if "config" in case:
        raw = load_config(root).model_dump(mode="python", exclude_none=True)
        atomic_write(root / "gongkai.toml", render_config(type(load_config(root)).model_validate(merged(raw, case["config"]))))
    with Workspace.transaction(root) as ws:
        d19 = ws.ensure_domain(registry.BY_CODE["19"])
        for _ in range(case.get("drop_standard", 0)):
            d19.model.items.pop()
        if case.get("adopt") and "item" not in case:
            pass  # the adopted catalogue alone is the case
        else:
            fields = merged(BASE_ITEM, case.get("item", {}))
            code = fields.pop("code", None) or ws.assign_code(d19, fields["category"])
            d19.model.items.append(Item.model_validate({"code": code, **fields}))
        for other in case.get("others", []):
            other = dict(other)
            d = ws.ensure_domain(registry.BY_CODE[other.pop("domain", "19")])
            fields = merged(BASE_ITEM, other)
            code = fields.pop("code", None) or ws.assign_code(d, fields["category"])
            d.model.items.append(Item.model_validate({"code": code, **fields}))
        d19.model.domain.retired_codes = case.get("retired", [])
    return root


@pytest.mark.parametrize("code, kind, case", list(_cases()))
def test_rule_case(make_workspace, code, kind, case):
    rule = get_rule(code)
    assert rule is not None, f"tests/rule_cases/{code}.toml names no registered rule"
    root = build(make_workspace, case)
    ws = Workspace.load(root)
    today = case.get("today", date(2026, 11, 26))
    found = [f for f in run_checks(ws, [rule], today=today).findings if f.rule == code]
    if kind == "fail":
        assert found, f"{code} should flag {case}"
        assert all(f.message for f in found)
        if rule.scope != "workspace":
            assert all(f.file and f.line for f in found), "findings on items carry file and line"
    else:
        assert not found, f"{code} should not flag {case}: {[f.message for f in found]}"


def test_every_rule_has_cases():
    """Item, file and workspace rules; report and record rules keep their cases beside their runners."""
    have = {p.stem for p in CASES.glob("*.toml")}
    for r in all_rules():
        if r.scope in ("report", "record"):
            continue
        assert r.code in have, f"rule {r.code} has no tests/rule_cases/{r.code}.toml"
        data = tomllib.loads((CASES / f"{r.code}.toml").read_text("utf-8"))
        assert data.get("fail") and data.get("pass"), f"{r.code} needs a fail and a pass case"


def test_every_rule_documents_why_and_examples():
    for r in all_rules():
        assert "Why:" in r.doc and "Fails:" in r.doc and "Passes:" in r.doc, r.code


def test_at_least_thirty_builtin_rules_in_families():
    rules = all_rules()
    assert len(rules) >= 30
    assert {"ATT", "COD", "BAS", "DDL", "MTH", "BOD", "PRC", "COV"} <= {r.family for r in rules}


def test_base_item_is_clean(make_workspace):
    """The base item passes every item rule, so each case's finding comes from its change."""
    root = build(make_workspace, {})
    ws = Workspace.load(root)
    item_rules = [r for r in all_rules() if r.scope == "item"]
    assert [f"{f.rule}: {f.message}" for f in run_checks(ws, item_rules).findings] == []
