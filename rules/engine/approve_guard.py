"""approve's guard for the lifecycle: the rules engine's error-level findings of the selected items.

catalog/ never imports rules/, so the guard is handed to the lifecycle as a function. It checks
the selected items of a domain file in one pass when the first of them is asked about, and keeps
only that file's findings (a bulk plan asks domain by domain, so a province-sized approval never
holds every refused item's findings at once).
"""
from __future__ import annotations

from typing import Callable


def approve_findings(ws, selected: list) -> Callable:
    """item → its error-level findings (config selection and waivers applied), for the selected items."""
    return _Guard(ws, selected)


class _Guard:
    def __init__(self, ws, selected: list) -> None:
        self.ws = ws
        self.domain_of = {id(item): d for d, item in selected}
        self.by_code = {item.code: d for d, item in selected}
        self.selected_in: dict[int, list] = {}     # id(domain) → its selected (domain, item) pairs
        for pair in selected:
            self.selected_in.setdefault(id(pair[0]), []).append(pair)
        self.current: int | None = None            # id of the domain whose findings are held
        self.found: dict[int, list] = {}

    def __call__(self, item) -> list:
        from gongkai.rules.engine.runner import error_findings_by_item, item_error_findings

        d = self.domain_of.get(id(item))
        if d is None:   # a copy of a selected item, not the one selected: checked on its own
            return item_error_findings(self.ws, self.by_code[item.code], item)
        if id(d) != self.current:
            self.found = {}     # let the previous file's findings go before making the next
            self.found = error_findings_by_item(self.ws, self.selected_in[id(d)], lines=False)
            self.current = id(d)
        return self.found.get(id(item), [])
