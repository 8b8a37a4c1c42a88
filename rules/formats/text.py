"""Human and JSON renderings of a check: grouped by file, with a summary line of counts."""
from __future__ import annotations

import json
from itertools import groupby
from typing import Iterator

from gongkai.rules.engine.runner import CheckResult

SEVERITY_LABEL = {"error": "错误 error", "warning": "警告 warning", "info": "提示 info"}
COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def summary_line(result: CheckResult) -> str:
    c = result.counts()
    return (f"{result.items_checked} items, {len(result.rules)} rules: {c['error']} errors, "
            f"{c['warning']} warnings, {c['info']} info; {c['waived']} waived, {c['baselined']} baselined")


def render_human(result: CheckResult, color: bool = False, show_info: bool = True, verbose: bool = True,
                 domain: str | None = None, owners=None, lang: str = "zh") -> str:
    """Findings grouped by file, or — when there are many and not ``verbose`` — the summary first
    (``rules.formats.summary``). ``domain`` keeps one domain's findings. ``owners`` gives the summary
    the items' 公开主体 and the configured departments: (bodies, scopes), loaded only when needed.
    With color, the text is rich markup (content escaped)."""
    from rich.markup import escape

    from gongkai.rules.formats.summary import DETAIL_LIMIT, domain_of, field_label, render_summary

    out: list[str] = []
    esc = escape if color else (lambda t: t)

    def paint(text: str, colour: str) -> str:
        return f"[{colour}]{esc(text)}[/{colour}]" if color else text

    shown = [f for f in result.findings if not f.baselined and (show_info or f.severity != "info")
             and (domain is None or domain_of(f) == domain)]
    counted = result.findings if domain is None else [f for f in result.findings if domain_of(f) == domain]
    if not verbose and domain is None and len(shown) > DETAIL_LIMIT:
        bodies, scopes = owners() if owners else ({}, [])
        out.extend(esc(line) for line in render_summary(result, bodies, scopes, shown))
        shown = []
    for file, group in groupby(shown, key=lambda f: f.file or "<workspace>"):
        out.append(paint(file, "bold"))
        for f in group:
            place = f"{f.line or '-'}"
            # every label has two CJK characters, so padding by characters lines the columns up
            sev = paint(f"{SEVERITY_LABEL[f.severity]:<10}", COLOURS[f.severity])
            waived = paint(" (waived)", "dim") if f.waived else ""
            what = " ".join(x for x in (f.item, field_label(f.field) if lang == "zh" and f.field else f.field) if x)
            out.append(f"  {place:>5}  {f.rule}  {sev}{waived}  {esc(what)}: {esc(f.text(lang))}")
            hint = f.hint_text(lang)
            if hint:
                out.append(f"         {'提示' if lang == 'zh' else 'hint'}: {esc(hint)}")
            if f.provisional:   # a date counted through a year with no holiday notice yet
                out.append(f"         {esc(f.provisional)}")
    out.extend(esc(line) for line in by_rule_lines(result, counted))
    out.append(paint(summary_line(result), "bold"))
    return "\n".join(out)


def by_rule_lines(result: CheckResult, findings: list | None = None) -> list[str]:
    """Counts per rule, baselined and waived ones included: what is in the catalogue at a glance."""
    names = {r.code: r.name for r in result.rules}
    counts: dict[str, list[int]] = {}
    for f in result.findings if findings is None else findings:
        c = counts.setdefault(f.rule, [0, 0, 0])
        c[0] += 1
        c[1] += bool(f.baselined and not f.waived)
        c[2] += bool(f.waived)
    if not counts:
        return []
    lines = ["按规则 by rule:"]
    for code, (n, base, waived) in sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0])):
        extra = ", ".join(x for x in (f"{base} baselined" if base else "", f"{waived} waived" if waived else "") if x)
        lines.append(f"  {code}  {names.get(code, ''):<34} {n:>6}" + (f"  ({extra})" if extra else ""))
    return lines


def render_json(result: CheckResult, batch: int = 5_000) -> Iterator[str]:
    """One finding per line: readable, diffable, and written by json's fast C encoder.

    The text comes in pieces, a batch of findings each, so that a check of a province's
    catalogue streams its million findings instead of holding them as one text."""
    summary = json.dumps({**result.counts(), "items": result.items_checked, "rules": len(result.rules)},
                         ensure_ascii=False)
    findings = result.findings
    if not findings:
        yield f'{{"summary": {summary}, "findings": []}}'
        return
    encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for all: json.dumps builds one per call
    yield f'{{"summary": {summary},\n "findings": [\n  '
    for start in range(0, len(findings), batch):
        yield (",\n  " if start else "") + ",\n  ".join([encode(f.to_dict()) for f in findings[start:start + batch]])
    yield "\n ]}"
