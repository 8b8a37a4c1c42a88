"""The disclosure record model: one record, the file it came from, and where each record is.

What a record holds and how files look is described in ``gongkai.catalog.records.store``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Iterator, Optional

from pydantic import BaseModel, ConfigDict, Field

from gongkai.catalog.errors import display_path
from gongkai.catalog.toml_store import LineMap

_FORM = ConfigDict(extra="forbid")


class Record(BaseModel):
    """One disclosure of one item's information."""

    model_config = _FORM
    code: str
    title: Optional[str] = None
    formed_on: Optional[date] = None      # information formed or changed (the deadline runs from it)
    published_on: Optional[date] = None   # None: not (yet) published
    channels: list[str] = Field(default_factory=list)
    url: Optional[str] = None
    elements: list[str] = Field(default_factory=list)
    dept: Optional[str] = None
    row: Optional[int] = None             # row (or [[records]] number) in the source file

    def published_by(self, as_of: date) -> bool:
        """Published on or before ``as_of`` (a record published later was not yet public then)."""
        return self.published_on is not None and self.published_on <= as_of


class RecordSource(BaseModel):
    model_config = _FORM
    file: Optional[str] = None
    dept: Optional[str] = None
    imported_on: Optional[date] = None
    records: Optional[int] = None


@dataclass
class RecordFile:
    """The records of one file in ``records/``, with where each one is (for findings)."""

    path: Path
    source: RecordSource
    records: list[Record]
    lines: list[Optional[int]] = field(default_factory=list)   # line (TOML) or row (CSV/XLSX) per record

    @cached_property
    def name(self) -> str:
        return display_path(self.path)

    def line_of(self, index: int) -> Optional[int]:
        return self.lines[index] if 0 <= index < len(self.lines) else None

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records)


def record_lines(text: str, count: int) -> list[Optional[int]]:
    """The line of each [[records]] block of a record TOML text."""
    lines = LineMap(text, array="records")
    return [lines.item_line(i) for i in range(count)]
