"""One lifecycle event over many items: select, plan (check every item first), then apply.

The CLI's event commands and the web workbench's lifecycle buttons both go through here, so a
preview in the browser says exactly what the command would do: which items change and how,
which are refused by a guard and why, and which cannot take the event from their state.
Applying happens inside the caller's ``Workspace.transaction``; nothing here writes files.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from gongkai.catalog import lifecycle, vocab
from gongkai.catalog.errors import UsageError


@dataclass
class EventPlan:
    """What firing ``event`` on the selected items would do."""

    event: str
    call: lifecycle.Call
    ready: list[tuple[Any, Any, str, lifecycle.Call]] = field(default_factory=list)   # (domain, item, to, call)
    blocked: list[tuple[Any, str]] = field(default_factory=list)     # (item, why the guard refused)
    not_allowed: list[str] = field(default_factory=list)             # the event is not defined from the state

    def counts(self) -> dict[tuple[str, str], int]:
        """(from, to) → number of ready items."""
        return counts([{"from": i.status, "to": to} for _, i, to, _ in self.ready])


def select(ws, event: str, codes: list[str], domain: Optional[str] = None, status: Optional[str] = None,
           all_: bool = False) -> list:
    """(domain, item) pairs: the named items, or those the selectors pick that the event applies to."""
    if codes and (domain or status or all_):
        raise UsageError("name items by CODE or select them with --all / --domain / --status, not both")
    if codes:
        picked, seen = [], set()
        for code in codes:
            d, item = ws.find(code)
            if item.code not in seen:
                seen.add(item.code)
                picked.append((d, item))
        return picked
    if not (domain or status or all_):
        raise UsageError(f"name the items to {event} (CODE…), or select them with --all, --domain NN or --status S")
    applies = lifecycle.sources(event)
    if status is not None:
        status = status_key(status)          # 已发布 as well as published
        if status not in applies:
            raise UsageError(f"{event} applies to items in {', '.join(applies)}, not {status}")
    wanted_domain = domain_code(domain) if domain else None
    states = {status} if status else set(applies)
    return [(d, item) for d, item in ws.items()
            if item.status in states and (wanted_domain is None or d.code == wanted_domain)]


def status_key(text: str) -> str:
    """A state as officers write it: draft or 草拟, published or 已发布 …"""
    by_label = {label: key for key, label in vocab.STATUS_LABELS.items()}
    key = by_label.get(text.strip(), text.strip())
    if key not in vocab.STATUSES:
        raise UsageError(f"unknown state {text!r}; states: "
                         + ", ".join(f"{k} {vocab.STATUS_LABELS[k]}" for k in vocab.STATUSES))
    return key


def domain_code(key: str) -> str:
    """The two-digit code of a domain as officers name it (19, social-assistance, 社会救助), or a usage error."""
    from gongkai import domains as registry

    found = registry.lookup(key)
    if found is None:
        raise UsageError(f"unknown domain {key!r}; see `gongkai domains` (codes 01–26, slugs or Chinese names)")
    return found.code


def plan(event: str, selected: list, call: lifecycle.Call,
         findings: Optional[Callable[[Any], list]] = None) -> EventPlan:
    """Check every selected item with the machine's own rules; change nothing.

    ``findings`` is approve's guard (the rules engine's error-level findings of one item).
    """
    from gongkai.catalog.heap import frozen_heap

    if event == "approve":
        call.findings = findings
    out = EventPlan(event, call)
    with frozen_heap():
        for d, item in selected:
            item_call = call_for(event, call, item)
            try:
                out.ready.append((d, item, lifecycle.check(item, event, item_call), item_call))
            except lifecycle.GuardError as exc:
                out.blocked.append((item, str(exc)))
            except UsageError as exc:
                out.not_allowed.append(str(exc))
    return out


def call_for(event: str, call: lifecycle.Call, item) -> lifecycle.Call:
    """review records why: the annual review when it has fallen due, else a manual one."""
    if event != "review":
        return call
    due_on = lifecycle.annual_review_date(item)
    today = lifecycle.local_date(call.at)
    trigger = "annual_review" if due_on is not None and due_on <= today else "manual"
    return dataclasses.replace(call, trigger=trigger)


def refuse(p: EventPlan, skip_blocked: bool, many: bool) -> None:
    """Raise what stops the whole run: items that cannot take the event, or guard refusals not skipped."""
    if p.not_allowed:
        raise UsageError(listing(p.not_allowed, "item(s) cannot") + "\nnothing was written")
    if p.blocked and not skip_blocked:
        hint = " (use --skip-blocked to apply to the others)" if many else ""
        raise lifecycle.GuardError(listing([why for _, why in p.blocked], "item(s) refused")
                                   + fix_hint(p.event) + f"\nnothing was written{hint}")


def fix_hint(event: str) -> str:
    return "\nfix the findings (`gongkai check`), then approve again" if event == "approve" else ""


def apply(p: EventPlan, advance: Callable[[], None] = lambda: None) -> list[dict]:
    """Fire the event on every ready item (changed in place); one history entry each."""
    from gongkai.catalog.heap import frozen_heap

    done = []
    with frozen_heap():
        for d, item, _, call in p.ready:
            before = item.status
            lifecycle.fire(item, p.event, call)
            done.append(row(d, item, before))
            advance()
    return done


def preview_rows(p: EventPlan) -> list[dict]:
    return [row(d, item, item.status, to) for d, item, to, _ in p.ready]


def row(d, item, before: str, to: Optional[str] = None) -> dict:
    return {"code": item.code, "domain": d.code, "from": before, "to": to or item.status, "version": item.version,
            "review_due": item.review_due.isoformat() if item.review_due else None}


def counts(rows: list[dict]) -> dict:
    out: dict = {}
    for r in rows:
        out[(r["from"], r["to"])] = out.get((r["from"], r["to"]), 0) + 1
    return out


def listing(messages: list[str], what: str, limit: int = 20) -> str:
    head = f"{len(messages)} {what}:" if len(messages) > 1 else ""
    shown = messages[:limit] + ([f"… and {len(messages) - limit} more"] if len(messages) > limit else [])
    return "\n".join(([head] if head else []) + [("  " if head else "") + m for m in shown])
