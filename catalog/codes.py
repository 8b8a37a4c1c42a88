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


class CodeAllocator:
    """The codes of new items in one domain file, handed out in order.

    A new item's CC is the one its category's items already use, else one past the highest CC in
    use; its NNN is one past every code ever used in that category (``floor``: a township's own
    items start after 900). Built once from the file's items and used codes, then kept up to date
    as it hands codes out, so an import of n rows costs n steps, not a scan of the file for each.
    Use one allocator only while nothing else adds items to the file.
    """

    def __init__(self, domain: str, items: Iterable[tuple[str, str]], used_codes: Iterable[str],
                 region: str | None, floor: int = 0) -> None:
        self.domain, self.region, self.floor = domain, region, floor
        self._cc_of: dict[str, str] = {}           # category → the CC of its first item
        for code, category in items:                # (code, category) pairs in file order
            parsed = parse_code(code)
            if parsed is not None:
                self._cc_of.setdefault(category, parsed.category)
        self._highest_cc = 0
        self._highest_seq: dict[str, int] = {}
        for code in used_codes:
            self._count(code)

    def _count(self, code: str) -> None:
        parsed = parse_code(code)
        if parsed is None:
            return
        self._highest_cc = max(self._highest_cc, int(parsed.category))
        if parsed.domain == self.domain:
            self._highest_seq[parsed.category] = max(self._highest_seq.get(parsed.category, 0), parsed.seq)

    def next(self, category: str) -> str:
        cc = self._cc_of.get(category)
        if cc is None:
            if self._highest_cc >= 99:
                raise UsageError("a domain holds at most 99 一级事项 (CC = 01..99); merge categories before adding another")
            cc = f"{self._highest_cc + 1:02d}"
        highest = max(self._highest_seq.get(cc, 0), self.floor)
        if highest >= 999:
            raise UsageError(f"category {self.domain}-{cc} is full: a 一级事项 holds at most 999 items (NNN = 001..999); "
                             "split it into several 一级事项")
        code = str(Code(self.region, self.domain, cc, highest + 1))
        self._cc_of.setdefault(category, cc)
        self._count(code)
        return code
