"""The first screen of a large check: where the findings are (domain, department, attribute) and
what to fix first, instead of two thousand lines. Details: ``--verbose`` or ``--domain NN``."""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Optional

from gongkai import domains as registry
from gongkai.catalog import vocab
from gongkai.catalog.codes import parse_code
from gongkai.rules.engine.finding import Finding
from gongkai.rules.engine.runner import CheckResult

DETAIL_LIMIT = 60        # up to this many findings, the details are the summary


def domain_of(f: Finding) -> Optional[str]:
    """The domain code of a finding: from its item code (RRRRRR-DD-CC-NNN) or its file name."""
    code = parse_code(f.item or "")
    if code is not None:
        return code.domain
    name = (f.file or "").rsplit("/", 1)[-1]
    return name[:2] if name[:2].isdigit() and name.endswith(".toml") else None


def pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - used)


def field_label(dotted: Optional[str]) -> str:
    if not dotted:
        return "(整体) whole item"
    head = dotted.split(".")[-1]
    label = vocab.FIELD_LABELS.get(head) or vocab.FIELD_LABELS.get(dotted.split(".")[0], "")
    return f"{label} {dotted}" if label else dotted


def render_summary(result: CheckResult, bodies: dict[str, str], departments: list,
                   shown: list[Finding]) -> list[str]:
    """Summary lines; ``bodies`` maps item codes to 公开主体, ``departments`` are the configured scopes."""
    names = {d.code: d.name for d in registry.REGISTRY}
    per_domain: dict = defaultdict(Counter)
    for f in shown:
        per_domain[domain_of(f) or "—"][f.severity] += 1
    out = [f"{pad('按领域 by domain', 22)}  错误 error  警告 warning  提示 info"]
    for code in sorted(per_domain):
        c = per_domain[code]
        out.append(f"  {code} {pad(names.get(code, ''), 17)}  {c['error']:>10} {c['warning']:>12} {c['info']:>10}")
    errors = [f for f in shown if f.severity == "error"]
    out.append(_by_owner(errors, bodies, departments))
    out.append("错误按要素 errors by attribute:")
    for label, n in Counter(field_label(f.field) for f in errors).most_common(8):
        out.append(f"  {pad(label, 34)} {n:>6}")
    out.extend(_fix_first(result, errors))
    out.append(f"详情 details: `gongkai check --verbose` (all {len(shown)} findings) or `gongkai check --domain NN`")
    return [line for line in out if line]


def _by_owner(errors: list[Finding], bodies: dict[str, str], departments: list) -> str:
    """Errors per configured department (matched by 公开主体), else per 公开主体 as written."""
    counts: Counter = Counter()
    for f in errors:
        body = bodies.get(f.item or "", "")
        if departments:
            owner = next((s.name for s in departments if s.owns(body)), "(no department 未归属)")
        else:
            owner = body or "(no body 未填公开主体)"
        counts[owner] += 1
    if not counts:
        return ""
    title = "错误按部门 errors by department:" if departments else "错误按公开主体 errors by body (no [[departments]] configured):"
    lines = [title] + [f"  {n:>6}  {owner}" for owner, n in counts.most_common(10)]
    if len(counts) > 10:
        lines.append(f"  … and {len(counts) - 10} more")
    return "\n".join(lines)


def _fix_first(result: CheckResult, errors: list[Finding]) -> list[str]:
    """The error kinds that block the most approvals, counting first the items they block alone."""
    per_item: dict = defaultdict(set)
    for f in errors:
        if f.item and not f.waived:
            per_item[f.item].add((f.rule, f.field))
    items, alone = Counter(), Counter()
    for kinds in per_item.values():
        items.update(kinds)
        if len(kinds) == 1:
            alone.update(kinds)
    if not items:
        return []
    names = {r.code: r.name for r in result.rules}
    out = [f"先改这些 fix these first ({len(per_item)} items cannot be approved; `gongkai ready` gives the bulk edit "
           "for each):"]
    for kind in sorted(items, key=lambda k: (-alone[k], -items[k], k))[:5]:
        rule, dotted = kind
        by_itself = f", {alone[kind]} by this alone" if alone[kind] else ""
        out.append(f"  {rule} {names.get(rule, '')} ({field_label(dotted)}): blocks {items[kind]} items{by_itself}")
    return out
