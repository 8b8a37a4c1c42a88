"""Every rule's test cases, kept as data in tests/rule_cases/CODE.toml, run by one test.

A case lays `item` over the complete base item (conftest.BASE_ITEM) in domain 19, may add
`others` (extra items, with `domain`), `config` (merged into gongkai.toml), `retired` codes,
`today`, `adopt` (adopt the bundled standard catalogues) and `drop_standard` (remove N adopted
items). A `fail` case must produce the rule's finding, a `pass` case must not.

Record rules (scope "record") build the same workspace and add `records` (rows of a CSV with
code, title, formed_on, published_on, channel, url, elements; code "ITEM" is the base item's
code), imported with `import_records` and checked with `run_record_checks` as of `as_of`
(optionally from `since`).

Report rules (scope "report") read `report`, a file in tests/data/reports/, with `replace`
([old, new] pairs, each old text occurring exactly once) applied to its text; optional
`previous` (a file there, with its own `previous_replace`) and `level`. A `fail` case must give
an assessable finding of the rule at error or warning severity (at the rule's own severity for
a rule registered as info), a `pass` case none.

Request rules (scope "request") store `application` (a [[applications]] table of the register)
in a new workspace and check it as of `as_of`.
"""
from __future__ import annotations

import csv
import tomllib
from datetime import date
from pathlib import Path

import pytest

from gongkai import domains as registry
from gongkai.catalog.model import Item
from gongkai.catalog.workspace import Workspace, load_config, render_config
from gongkai.catalog.toml_store import atomic_write
from conftest import BASE_ITEM, merged
from gongkai.rules.engine.runner import run_checks
from gongkai.rules.engine.registry import all_rules, get_rule

CASES = Path(__file__).resolve().parents[1] / "rule_cases"
REPORTS = Path(__file__).resolve().parents[1] / "data" / "reports"
RECORD_HEADER = ["code", "title", "formed_on", "published_on", "channel", "url", "elements"]


def _cases():
    for path in sorted(CASES.glob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        for kind in ("fail", "pass"):
            for i, case in enumerate(data.get(kind, [])):
                yield pytest.param(path.stem, kind, case, id=f"{path.stem}-{kind}-{i}")


def build(make_workspace, case: dict) -> Path:
    return _build(make_workspace, case)[0]


def _build(make_workspace, case: dict) -> tuple[Path, str | None]:
    """The case's workspace and the code of its base item (None when the adopted catalogue alone is the case)."""
    code = None
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
            code = fields.pop("code", None) or ws.code_allocator(d19).next(fields["category"])
            d19.model.items.append(Item.model_validate({"code": code, **fields}))
        for other in case.get("others", []):
            other = dict(other)
            d = ws.ensure_domain(registry.BY_CODE[other.pop("domain", "19")])
            fields = merged(BASE_ITEM, other)
            other_code = fields.pop("code", None) or ws.code_allocator(d).next(fields["category"])
            d.model.items.append(Item.model_validate({"code": other_code, **fields}))
        d19.model.domain.retired_codes = case.get("retired", [])
    return root, code


def _record_findings(make_workspace, rule, case: dict) -> list:
    from gongkai.catalog.records.store import import_records, load_records
    from gongkai.rules.records.check import run_record_checks

    root, item_code = _build(make_workspace, case)
    rows = case.get("records", [])
    if rows:
        path = root.parent / f"{root.name}-records.csv"
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(RECORD_HEADER)
            for row in rows:
                assert set(row) <= set(RECORD_HEADER), f"unknown record column(s) {set(row) - set(RECORD_HEADER)}"
                values = {**row, "code": item_code if row.get("code", "ITEM") == "ITEM" else row["code"]}
                w.writerow(["" if values.get(k) is None else str(values[k]) for k in RECORD_HEADER])
        import_records(root, path)
    ws = Workspace.load(root)
    result = run_record_checks(ws, load_records(root), case["as_of"], case.get("since"), rules=[rule])
    return [f for f in result.findings if f.rule == rule.code]


def _report_variant(folder: Path, name: str, subs: list):
    from gongkai.rules.reports.reading import load_report

    text = (REPORTS / name).read_text("utf-8")
    for old, new in subs:
        assert text.count(old) == 1, f"{name}: {old!r} must occur exactly once"
        text = text.replace(old, new)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, "utf-8")
    return load_report(path)


def _report_findings(tmp_path, rule, case: dict) -> list:
    from gongkai.rules.reports.checks import ReportContext, check_report

    report = _report_variant(tmp_path / "report", case["report"], case.get("replace", []))
    previous = None
    if "previous" in case:
        previous = _report_variant(tmp_path / "previous", case["previous"], case.get("previous_replace", []))
    ctx = ReportContext(previous=previous, level=case.get("level"))
    floor = ("error", "warning") if rule.severity != "info" else ("info",)
    return [f for f in check_report(report, ctx, rules=[rule])
            if f.rule == rule.code and f.assessable and f.severity in floor]


def _request_findings(make_workspace, rule, case: dict) -> list:
    """Request rules (scope "request"): `application` is stored in a workspace's register and
    checked as of `as_of`."""
    from gongkai.catalog.requests.model import Application
    from gongkai.catalog.requests.store import load_register, register_transaction
    from gongkai.catalog.workdays import build_calendar
    from gongkai.rules.requests.rules import run_request_checks

    root = make_workspace()
    with register_transaction(root) as (reg, _):
        reg.add(Application.model_validate(case["application"]))
    return [f for f in run_request_checks(load_register(root), build_calendar(), case["as_of"], [rule])
            if f.rule == rule.code and f.assessable]


# The rule modules whose findings officers read in Chinese (human output, workbooks, the workbench).
CHINESE_MODULES = {f"gongkai.rules.catalogue.{m}" for m in
                   ("attributes", "basis", "bodies", "codes", "coverage", "deadline", "lifecycle", "method", "process")}
CHINESE_MODULES.add("gongkai.rules.records.rules")
CHINESE_MODULES.add("gongkai.rules.requests.rules")


def _speaks_chinese(rule) -> bool:
    return getattr(rule.check, "__module__", "") in CHINESE_MODULES


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize("code, kind, case", list(_cases()))
def test_rule_case(make_workspace, tmp_path, code, kind, case):
    rule = get_rule(code)
    assert rule is not None, f"tests/rule_cases/{code}.toml names no registered rule"
    if rule.scope in ("record", "report", "request"):
        if rule.scope == "record":
            found = _record_findings(make_workspace, rule, case)
        elif rule.scope == "request":
            found = _request_findings(make_workspace, rule, case)
        else:
            found = _report_findings(tmp_path, rule, case)
        if kind == "fail":
            assert found, f"{code} should flag {case}"
            assert all(f.message and f.item for f in found)
            if _speaks_chinese(rule):
                assert all(f.message_zh and _has_cjk(f.message_zh) for f in found), f"{code} has no Chinese message"
            if rule.scope in ("record", "request"):
                assert all(f.file and f.line for f in found), "record and request findings carry file and line"
        else:
            assert not found, f"{code} should not flag {case}: {[f.message for f in found]}"
        return
    root = build(make_workspace, case)
    ws = Workspace.load(root)
    today = case.get("today", date(2026, 11, 26))
    found = [f for f in run_checks(ws, [rule], today=today).findings if f.rule == code]
    if kind == "fail":
        assert found, f"{code} should flag {case}"
        assert all(f.message for f in found)
        if _speaks_chinese(rule):
            assert all(f.message_zh and _has_cjk(f.message_zh) for f in found), f"{code} has no Chinese message"
        if rule.scope != "workspace":
            assert all(f.file and f.line for f in found), "findings on items carry file and line"
    else:
        assert not found, f"{code} should not flag {case}: {[f.message for f in found]}"


def test_every_rule_has_cases():
    """Every registered rule, whatever its scope, has a fail and a pass case in tests/rule_cases/."""
    have = {p.stem for p in CASES.glob("*.toml")}
    for r in all_rules():
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


def test_the_chinese_rule_modules_are_the_catalogue_and_record_families():
    chinese = {r.code for r in all_rules() if _speaks_chinese(r)}
    assert len(chinese) >= 45 and {"ATT007", "DDL003", "REC002", "WAI001"} <= chinese
