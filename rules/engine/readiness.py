"""What stops approval (`gongkai ready`): which items could be approved now, which are blocked and
by what, grouped by the fix, with the one bulk edit that applies it.

The verdict is the approve guard's own (``runner.error_findings_by_item``), so ``ready`` never says an
item can be approved that ``approve`` would refuse. Fixes are ranked by how many items each one
unblocks on its own: the officer's "fix these first".
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from gongkai.catalog import vocab
from gongkai.catalog.bulk_edits import is_empty
from gongkai.catalog.edits import SETTABLE
from gongkai.catalog.workspace import Workspace
from gongkai.rules.engine.registry import all_rules
from gongkai.rules.engine.runner import error_findings_by_item

# States on the way to approval: an item here is either approvable or held by error findings.
ON_THE_WAY = ("draft", "in_review", "revising")
# Example values for the bulk edit a fix suggests, with the choices where the vocabulary is closed.
EXAMPLES = {
    "method.mode": ("主动", vocab.MODES), "method.audience": ("全社会", vocab.AUDIENCES),
    "levels": ("县级", vocab.LEVELS), "stages": ("服务", vocab.STAGES),
    "method.channels": ("政府网站", vocab.CHANNELS[:4]),
}


@dataclass
class Fix:
    rule: str
    name: str
    field: Optional[str]
    items: list = field(default_factory=list)       # (domain code, category, item code)
    alone: int = 0                                  # items whose only blocker is this fix

    @property
    def codes(self) -> list[str]:
        return [code for _, _, code in self.items]

    @property
    def label(self) -> str:
        head = (self.field or "").split(".")[-1]
        return vocab.FIELD_LABELS.get(head) or vocab.FIELD_LABELS.get(self.field or "", self.field or "")

    def commands(self, population: dict) -> list[str]:
        """One bulk edit per domain that sets the field on exactly these items (none: not a one-field fix).

        ``population`` maps (domain,) and (domain, category) to the codes a selection would pick, so a
        selector is suggested only where it picks these items and no others.
        """
        if self.field not in SETTABLE:
            return []
        example, choices = EXAMPLES.get(self.field, ("…", ()))
        tail = f' --set "{self.field}={example}" --dry-run' + (f"   # {' | '.join(choices)}" if choices else "")
        if population.get(("empty", None, self.field)) == set(self.codes):       # one edit for them all
            return [f"gongkai item edit --empty {self.field}{tail}"]
        out = []
        for dom in sorted({d for d, _, _ in self.items}):
            mine = {code for d, _, code in self.items if d == dom}
            cats = {c for d, c, _ in self.items if d == dom}
            if population.get(("empty", dom, self.field)) == mine:
                where = f"--domain {dom} --empty {self.field}"
            elif len(cats) == 1 and population.get((dom, next(iter(cats)))) == mine:
                where = f"--domain {dom} --category '{next(iter(cats))}'"
            elif len(mine) <= 8:
                where = " ".join(code.split("-", 1)[1] for code in sorted(mine))    # short codes: DD-CC-NNN
            else:
                out.append(f"{len(mine)} items of domain {dom}: `gongkai ready --domain {dom} --format json` lists them")
                continue
            out.append(f"gongkai item edit {where}{tail}")
        return out


@dataclass
class Readiness:
    ready: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))   # state → codes
    blocked: dict[str, list] = field(default_factory=dict)                            # code → findings
    fixes: list[Fix] = field(default_factory=list)                                    # most unblocking first
    population: dict = field(default_factory=lambda: defaultdict(set))   # selector → the codes it picks

    def commands(self, fix: Fix) -> list[str]:
        return fix.commands(self.population)


def readiness(ws: Workspace, domain: Optional[str] = None, today: Optional[date] = None) -> Readiness:
    names = {r.code: r.name for r in all_rules()}
    out = Readiness()
    by_fix: dict[tuple, Fix] = {}
    chosen = [(d, item) for d, item in ws.items() if not domain or d.code == domain]
    found = error_findings_by_item(ws, [(d, i) for d, i in chosen if i.status in ON_THE_WAY], today)
    for d, item in chosen:
        out.population[(d.code,)].add(item.code)
        out.population[(d.code, item.category)].add(item.code)
        if item.status not in ON_THE_WAY:
            continue
        errors = found.get(id(item), [])
        if not errors:
            out.ready[item.status].append(item.code)
            continue
        out.blocked[item.code] = errors
        keys = {(f.rule, f.field) for f in errors}
        for key in keys:
            fix = by_fix.setdefault(key, Fix(key[0], names.get(key[0], key[0]), key[1]))
            fix.items.append((d.code, item.category, item.code))
            fix.alone += len(keys) == 1
    out.fixes = sorted(by_fix.values(), key=lambda f: (-f.alone, -len(f.items), f.rule))
    # which items an `--empty FIELD` selection would pick, to suggest it only where it is exact
    fields = {(dom, f.field) for f in out.fixes if f.field in SETTABLE for dom, _, _ in f.items}
    for d, item in ws.items():
        for dom, name in fields:
            if d.code == dom and is_empty(item, name):
                out.population[("empty", dom, name)].add(item.code)
                out.population[("empty", None, name)].add(item.code)
    return out

