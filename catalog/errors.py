"""Errors a user can act on. The CLI prints them without a traceback and exits 2."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class GongkaiError(Exception):
    """Base for every error caused by input or usage (exit code 2)."""

    def render(self) -> str:
        return str(self)


@dataclass
class Problem:
    """One thing wrong in an input file: where it is and what was expected."""

    message: str
    file: str | None = None
    line: int | None = None
    item: str | None = None
    field: str | None = None
    expected: str | None = None

    def render(self) -> str:
        where = self.file or "<input>"
        if self.line:
            where += f":{self.line}"
        parts = [where]
        if self.item:
            parts.append(f"item {self.item}")
        if self.field:
            parts.append(f"field {self.field}")
        text = ": ".join([" ".join(parts), self.message])
        if self.expected:
            text += f" (expected {self.expected})"
        return text


@dataclass
class InputError(GongkaiError):
    """One or more problems in input files; nothing was written."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.render())

    @classmethod
    def single(cls, message: str, **where) -> "InputError":
        return cls([Problem(message, **where)])

    def render(self) -> str:
        return "\n".join("error: " + p.render() for p in self.problems)


class UsageError(GongkaiError):
    """A command was asked for something that cannot be done (wrong state, unknown code …)."""


class WorkspaceBusy(UsageError):
    """Another writer held the workspace lock for longer than this caller would wait."""


def display_path(path: Path | str) -> str:
    """A path as a user would type it: relative to the current folder when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)
