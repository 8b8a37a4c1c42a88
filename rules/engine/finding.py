"""A finding: one rule's verdict on one place (item, file, record or report cell)."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
# The data of every finding that has none: one shared dict, never changed (an empty dict is 64
# bytes, and a large check makes a million findings).
NO_DATA: dict[str, Any] = {}


@dataclass(slots=True)  # a check makes one per finding: ~9 per item on real-like data
class Finding:
    rule: str                      # stable code, e.g. "ATT001"
    severity: str                  # error | warning | info
    message: str
    file: str | None = None
    line: int | None = None
    item: str | None = None        # item code, record id or report cell label
    field: str | None = None
    hint: str | None = None
    assessable: bool = True        # False: the rule could not decide (e.g. a report cell is missing)
    data: dict[str, Any] = dataclasses.field(default_factory=lambda: NO_DATA)
    waived: str | None = None      # reason, when a waiver covers the finding
    baselined: bool = False
    # A date behind the finding was counted through a year with no holiday notice yet: the note says
    # which years and holidays. The finding keeps its severity (gongkai.catalog.workdays).
    provisional: str | None = None
    # The message and hint in Chinese, for the people who read them (human output, workbooks); the
    # English ``message`` stays stable for machines (JSON, SARIF) and for `--lang en`.
    message_zh: str | None = None
    hint_zh: str | None = None

    def text(self, lang: str = "zh") -> str:
        return (self.message_zh or self.message) if lang == "zh" else self.message

    def hint_text(self, lang: str = "zh") -> str | None:
        return (self.hint_zh or self.hint) if lang == "zh" else self.hint

    def fingerprint(self) -> str:
        """Stable identity (SARIF partialFingerprints): ignores line numbers and message wording."""
        return "|".join([self.rule, self.file or "", self.item or "", self.field or ""])

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Finding":
        return cls(d["rule"], d["severity"], d["message"], d.get("file"), d.get("line"), d.get("item"),
                   d.get("field"), d.get("hint"), d.get("assessable", True), d.get("data") or NO_DATA,
                   d.get("waived"), d.get("baselined", False), d.get("provisional_note"), d.get("message_zh"),
                   d.get("hint_zh"))

    def to_dict(self) -> dict[str, Any]:
        d = {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "item": self.item,
            "field": self.field,
            "hint": self.hint,
            "assessable": self.assessable,
        }
        if self.message_zh:
            d["message_zh"] = self.message_zh
        if self.hint_zh:
            d["hint_zh"] = self.hint_zh
        if self.data:
            d["data"] = self.data
        if self.waived:
            d["waived"] = self.waived
        if self.baselined:
            d["baselined"] = True
        if self.provisional:
            d["provisional"] = True
            d["provisional_note"] = self.provisional
        return d


@dataclass(slots=True)
class Flag:
    """What a rule function yields; the engine turns it into a Finding with rule, severity and place."""

    message: str
    field: str | None = None
    hint: str | None = None
    item: str | None = None       # for file/workspace rules: the item the flag is about
    file: str | None = None       # for workspace rules: the file the flag is about
    line: int | None = None
    data: dict[str, Any] | None = None
    provisional: str | None = None  # the calendar's note when a date behind the flag is provisional
    zh: str | None = None           # the message in Chinese (what officers read)
    hint_zh: str | None = None
