"""定编码: item codes ``DD-CC-NNN`` (domain, category, item), optionally behind the
workspace's 6-digit region code (GB/T 2260): ``410106-01-02-003``.

Codes follow the item's place in the hierarchy and are never reused: the next
number in a category is one past every code ever used there, including withdrawn
items (they stay in the file) and removed drafts (kept in ``retired_codes``).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, NamedTuple

from gongkai.catalog.errors import UsageError

# The region is a 6-digit county code (GB/T 2260) or a 9- / 12-digit township / village code (统计用区划代码).
CODE_RE = re.compile(r"^(?:(?P<region>\d{6}(?:\d{3}){0,2})-)?(?P<domain>\d{2})-(?P<category>\d{2})-(?P<seq>\d{3})$",
                     re.ASCII)   # \d alone takes full-width digits (００１), which no code may hold
CODE_FORMAT = "DD-CC-NNN or RRRRRR-DD-CC-NNN, e.g. 410106-01-02-003 (a township's region has 9 digits, a village's 12)"


class Code(NamedTuple):  # a tuple: built for every code of a checked workspace, and cheap to build
    region: str | None
    domain: str
    category: str
    seq: int

    def __str__(self) -> str:
        local = f"{self.domain}-{self.category}-{self.seq:03d}"
        return f"{self.region}-{local}" if self.region else local


@lru_cache(maxsize=1 << 16)  # several rules parse the same code; Code is immutable
def parse_code(text: str) -> Code | None:
    m = CODE_RE.match(text or "")
    if not m:
        return None
    return Code(m["region"], m["domain"], m["category"], int(m["seq"]))


def with_region(code: str, region: str) -> str:
    """The code with the workspace's region in front (replacing any other region)."""
    parsed = parse_code(code)
    if parsed is None:
        return code
    return str(Code(region, parsed.domain, parsed.category, parsed.seq))


def category_number(category: str, items: Iterable[tuple[str, str]], used_codes: Iterable[str]) -> str:
    """The CC of a category: the one its items already use, else one past the highest in use.

    ``items`` are (code, category) pairs of the domain file.
    """
    highest = 0
    for code, cat in items:
        parsed = parse_code(code)
        if parsed is None:
            continue
        if cat == category:
            return parsed.category
    for code in used_codes:
        parsed = parse_code(code)
        if parsed is not None:
            highest = max(highest, int(parsed.category))
    if highest >= 99:
        raise UsageError("a domain holds at most 99 一级事项 (CC = 01..99); merge categories before adding another")
    return f"{highest + 1:02d}"


def next_code(domain: str, category_cc: str, used_codes: Iterable[str], region: str | None) -> str:
    """The next free ``DD-CC-NNN`` in a category, never reusing a code once used."""
    highest = 0
    for code in used_codes:
        parsed = parse_code(code)
        if parsed and parsed.domain == domain and parsed.category == category_cc:
            highest = max(highest, parsed.seq)
    if highest >= 999:
        raise UsageError(f"category {domain}-{category_cc} is full: a 一级事项 holds at most 999 items (NNN = 001..999); "
                         "split it into several 一级事项")
    return str(Code(region, domain, category_cc, highest + 1))
