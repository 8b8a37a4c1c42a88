"""Officers' own rules: ``rules/*.toml`` in a workspace, a `where` selector and a `require`
predicate over item fields, with a fixed set of operators. Nothing is executed.

    [[rule]]
    code = "LOC001"                       # 2–4 capitals + 3 digits, not a built-in code
    name = "health-proactive-on-wechat"
    severity = "warning"                  # error | warning | info
    summary = "卫生健康主动公开事项须同步两微一端"
    why = "区卫健委2026年政务公开工作要点"
    [rule.where]                          # all must hold for the rule to apply (empty: every item)
    domain = { equals = "26" }
    "method.mode" = { includes = "主动" }
    [rule.require]                        # all must hold, else a finding
    "method.channels" = { includes = "两微一端" }
    deadline = { max_workdays = 10 }

Operators: equals, not_equals, in, contains, matches, includes, excludes, exists,
min_count, max_count, max_workdays. A bare value means `equals`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from gongkai.catalog.errors import InputError, Problem, display_path
from gongkai.catalog.toml_store import LineMap, read_toml
from gongkai.rules.engine.finding import Flag
from gongkai.rules.engine.registry import CODE_RE, SCOPES, Rule, all_rules

# The fields a rule may look at, and how to read them from (item, domain).
FIELDS: dict[str, Callable[[Any, Any], Any]] = {
    "code": lambda i, d: i.code,
    "domain": lambda i, d: d.code,
    "category": lambda i, d: i.category,
    "name": lambda i, d: i.name,
    "subitem": lambda i, d: i.subitem,
    "body": lambda i, d: i.body,
    "deadline": lambda i, d: i.deadline,
    "status": lambda i, d: i.status,
    "note": lambda i, d: i.note,
    "levels": lambda i, d: sorted(i.levels),
    "stages": lambda i, d: sorted(i.stages),
    "process": lambda i, d: list(i.process),
    "elements": lambda i, d: [e.name for e in i.elements],
    "elements.required": lambda i, d: [e.name for e in i.elements if e.required],
    "basis": lambda i, d: [b.title for b in i.basis],
    "basis.tier": lambda i, d: sorted({b.tier for b in i.basis}),
    "method.mode": lambda i, d: sorted(i.method.mode),
    "method.audience": lambda i, d: sorted(i.method.audience),
    "method.channels": lambda i, d: sorted(i.method.channels),
    "origin.kind": lambda i, d: i.origin.kind,
    "origin.reason": lambda i, d: i.origin.reason,
    "responsibility.unit": lambda i, d: i.responsibility.unit if i.responsibility else None,
}
OPERATORS = ("equals", "not_equals", "in", "contains", "matches", "includes", "excludes", "exists",
             "min_count", "max_count", "max_workdays")
RULE_KEYS = {"code", "name", "severity", "summary", "why", "message", "hint", "where", "require"}


def _as_list(v: Any) -> list:
    return v if isinstance(v, list) else ([] if v is None else [v])


def _max_workdays(value: Any, limit: int) -> bool:
    from gongkai.rules.catalogue.deadline import parsed

    d = parsed(value)
    if d.kind == "workdays":
        return d.days is not None and d.days <= limit
    if d.kind == "immediate":
        return True
    return False  # vague, periodic, unknown or calendar days: not shown to be within the limit


def evaluate(op: str, value: Any, arg: Any) -> bool:
    if op == "equals":
        return value == arg
    if op == "not_equals":
        return value != arg
    if op == "in":
        return value in arg if not isinstance(value, list) else any(v in arg for v in value)
    if op == "exists":
        present = value not in (None, "", [])
        return present == bool(arg)
    if op == "contains":
        return any(isinstance(v, str) and arg in v for v in _as_list(value))
    if op == "matches":
        return any(isinstance(v, str) and arg.search(v) for v in _as_list(value))
    if op == "includes":
        return all(a in _as_list(value) for a in _as_list(arg))
    if op == "excludes":
        return not any(a in _as_list(value) for a in _as_list(arg))
    if op == "min_count":
        return len(_as_list(value)) >= arg
    if op == "max_count":
        return len(_as_list(value)) <= arg
    if op == "max_workdays":
        return _max_workdays(value, arg)
    raise ValueError(op)


@dataclass(frozen=True)
class Condition:
    field: str
    op: str
    arg: Any

    def holds(self, item, domain) -> bool:
        return evaluate(self.op, FIELDS[self.field](item, domain), self.arg)

    def describe(self) -> str:
        arg = self.arg.pattern if isinstance(self.arg, re.Pattern) else self.arg
        return f"{self.field} {self.op} {arg!r}"


LIST_FIELDS = {"levels", "stages", "process", "elements", "elements.required", "basis", "basis.tier",
               "method.mode", "method.audience", "method.channels"}
OPS_FOR_LISTS = {"equals", "not_equals", "contains", "matches", "includes", "excludes", "exists", "min_count", "max_count"}
OPS_FOR_TEXT = {"equals", "not_equals", "in", "contains", "matches", "exists"}


def _vocabularies() -> dict[str, tuple[str, ...]]:
    from gongkai.catalog import vocab

    return {"levels": vocab.LEVELS, "stages": vocab.STAGES, "basis.tier": vocab.TIERS, "method.mode": vocab.MODES,
            "method.audience": vocab.AUDIENCES, "method.channels": vocab.CHANNELS, "status": vocab.STATUSES,
            "origin.kind": vocab.ORIGINS}


def _check_arg(field_name: str, op: str, arg: Any) -> tuple[Any, str | None]:
    """The argument, normalised, or why it cannot work (a typo must not silently match nothing)."""
    import difflib

    from gongkai import domains as registry

    is_list = field_name in LIST_FIELDS
    if op not in (OPS_FOR_LISTS if is_list else OPS_FOR_TEXT) and not (op == "max_workdays" and field_name == "deadline"):
        allowed = sorted(OPS_FOR_LISTS if is_list else OPS_FOR_TEXT | ({"max_workdays"} if field_name == "deadline" else set()))
        return arg, f"operator {op!r} does not apply to {'list' if is_list else 'text'} field {field_name!r} (use {', '.join(allowed)})"
    if op == "exists":
        return arg, None if isinstance(arg, bool) else f"exists takes true or false, found {arg!r}"
    if op in ("min_count", "max_count", "max_workdays"):
        ok = isinstance(arg, int) and not isinstance(arg, bool) and arg >= 0
        return arg, None if ok else f"{op} takes a whole number ≥ 0, found {arg!r}"
    if op == "matches":
        try:
            return re.compile(str(arg)), None if isinstance(arg, str) else f"matches takes a pattern as text, found {arg!r}"
        except re.error as exc:
            return arg, f"bad pattern: {exc}"
    values = arg if isinstance(arg, list) else [arg]
    if op == "in" and not isinstance(arg, list):
        return arg, "in takes a list"
    if op in ("equals", "not_equals") and is_list and not isinstance(arg, list):
        return arg, f"{field_name} is a list: compare it with a list, or use includes"
    if not all(isinstance(v, str) for v in values):
        return arg, f"values must be text in quotes, found {arg!r}"
    if field_name == "domain" and op != "contains":
        codes = []
        for v in values:
            dom = registry.lookup(v)
            if dom is None:
                return arg, f"no domain {v!r} (use a code 01–26, a slug or a Chinese name from `gongkai domains`)"
            codes.append(dom.code)
        return (codes if isinstance(arg, list) else codes[0]), None
    vocabulary = _vocabularies().get(field_name)
    if vocabulary and op != "matches" and op != "contains":
        for v in values:
            if v not in vocabulary:
                close = difflib.get_close_matches(v, vocabulary, n=1, cutoff=0.4)
                return arg, f"{v!r} is not a value of {field_name}" + (f" — did you mean {close[0]!r}?" if close else "")
    return arg, None


def _conditions(table: Any, section: str, where: dict, lines: LineMap, index: int) -> tuple[list[Condition], list[Problem]]:
    problems: list[Problem] = []
    out: list[Condition] = []
    if not isinstance(table, dict):
        return [], [Problem(f"[rule.{section}] must be a table", field=section, **where)]
    import difflib

    for field_name, spec in table.items():
        here = {**where, "line": lines.field_line(index, f"{section}.{field_name}")}
        if field_name not in FIELDS:
            close = difflib.get_close_matches(field_name, FIELDS, n=1)
            problems.append(Problem(f"unknown field {field_name!r}" + (f" — did you mean {close[0]!r}?" if close else ""),
                                    field=f"{section}.{field_name}", expected="one of " + ", ".join(FIELDS), **here))
            continue
        spec = spec if isinstance(spec, dict) else {"equals": spec}
        for op, arg in spec.items():
            if op not in OPERATORS:
                close = difflib.get_close_matches(op, OPERATORS, n=1)
                problems.append(Problem(f"unknown operator {op!r}" + (f" — did you mean {close[0]!r}?" if close else ""),
                                        field=f"{section}.{field_name}", expected="one of " + ", ".join(OPERATORS), **here))
                continue
            value, why = _check_arg(field_name, op, arg)
            if why:
                problems.append(Problem(why, field=f"{section}.{field_name}", **here))
                continue
            out.append(Condition(field_name, op, value))
    return out, problems


def _make_check(where: list[Condition], require: list[Condition], message: str | None, hint: str | None):
    def check(item, ctx, domain):
        if all(c.holds(item, domain) for c in where):
            failed = [c for c in require if not c.holds(item, domain)]
            if failed:
                yield Flag(message or "requires " + "; ".join(c.describe() for c in failed),
                           field=failed[0].field, hint=hint)
    return check


def load_workspace_rules(root: Path) -> list[Rule]:
    """The workspace's declarative rules, or an InputError naming file, line and field."""
    folder = root / "rules"
    if not folder.is_dir():
        return []
    builtin = {r.code for r in all_rules()}
    out: list[Rule] = []
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.toml")):
        data, text = read_toml(path)
        lines = LineMap(text, "rule")
        shown = display_path(path)
        for key in data:
            if key != "rule":
                problems.append(Problem(f"unknown table {key!r}", file=shown, field=key, expected="[[rule]] blocks"))
        blocks = data.get("rule", [])
        if not isinstance(blocks, list) or not all(isinstance(b, dict) for b in blocks):
            problems.append(Problem("rules must be written as [[rule]] blocks (two brackets)", file=shown,
                                    line=LineMap(text).top_line("rule"), field="rule",
                                    expected="[[rule]] followed by code, name, severity, [rule.where], [rule.require]"))
            continue
        for i, raw in enumerate(blocks):
            where = {"file": shown, "line": lines.item_line(i)}
            code = raw.get("code")
            bad = sorted(set(raw) - RULE_KEYS)
            if bad:
                problems.append(Problem(f"unknown key {bad[0]!r}", field=bad[0], expected="one of " + ", ".join(sorted(RULE_KEYS)),
                                        item=code, file=shown, line=lines.field_line(i, bad[0])))
                continue
            at_code = {**where, "line": lines.field_line(i, "code")}
            if not isinstance(code, str) or not CODE_RE.match(code):
                problems.append(Problem(f"rule code {code!r} is not 2–4 capitals and 3 digits", field="code", **at_code))
                continue
            if code in builtin or any(r.code == code for r in out):
                problems.append(Problem(f"rule code {code} is already used", field="code", item=code, **at_code))
                continue
            severity = raw.get("severity", "warning")
            if severity not in ("error", "warning", "info"):
                problems.append(Problem(f"severity {severity!r}", field="severity", item=code,
                                        expected="error, warning or info",
                                        **{**where, "line": lines.field_line(i, "severity")}))
                continue
            w, p1 = _conditions(raw.get("where", {}), "where", {**where, "item": code}, lines, i)
            r, p2 = _conditions(raw.get("require", {}), "require", {**where, "item": code}, lines, i)
            if not r and not p2:
                p2 = [Problem("a rule needs a [rule.require] table", field="require", item=code, **where)]
            if p1 or p2:
                problems.extend(p1 + p2)
                continue
            doc = "\n".join(x for x in (raw.get("summary") or raw.get("name", code),
                                         f"Why: {raw['why']}" if raw.get("why") else "",
                                         f"Where: {'; '.join(c.describe() for c in w) or 'every item'}",
                                         f"Requires: {'; '.join(c.describe() for c in r)}",
                                         f"Defined in {shown}") if x)
            out.append(Rule(code, str(raw.get("name", code.lower())), severity, "item",
                            _make_check(w, r, raw.get("message"), raw.get("hint")), doc))
    if problems:
        raise InputError(problems)
    assert all(r.scope in SCOPES for r in out)
    return out
