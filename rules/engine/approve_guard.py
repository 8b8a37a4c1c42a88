"""approve's guard for the lifecycle: the rules engine's error-level findings of one item.

catalog/ never imports rules/, so the guard is handed to the lifecycle as a function.
"""
from __future__ import annotations

from typing import Callable


def approve_findings(ws, selected: list) -> Callable:
    """item → its error-level findings (config selection and waivers applied), for the selected items."""
    from gongkai.rules.engine.runner import item_error_findings

    domain_of = {item.code: d for d, item in selected}
    return lambda item: item_error_findings(ws, domain_of[item.code], item)
