"""The register in the workspace: ``requests/YYYY-MM.toml``, one file per month of receipt.

A unit with 1,000+ applications a year gets files of ~100 applications, so a new application
or an event rewrites one small file and ``git diff`` shows that application alone. Each file is
canonical TOML (applications in order of receipt and number; each event one inline table a line):

    [[applications]]
    number = "2026-0007"
    received_on = 2026-03-02
    channel = "网络"
    applicant_type = "自然人"
    applicant = "P2026-0005"          # key into requests/applicants/2026.toml (personal data)
    subject = "某小区建设工程规划许可证及附图"
    dept = "上街区住房和城乡建设局"
    items = ["410106-01-02-003"]
    topics = ["规划许可"]
    events = [
      { kind = "supplement", on = 2026-03-04, received_on = 2026-03-09 },
      { kind = "reply", on = 2026-03-27, outcome = "（一）予以公开" },
    ]

Writes go through ``register_transaction``: the workspace lock, then every changed file (the
month files and the personal-data files) staged and swapped in together, or nothing.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterator, Optional

from pydantic import ValidationError

from gongkai.catalog.errors import InputError, Problem, UsageError, display_path
from gongkai.catalog.lock import workspace_lock
from gongkai.catalog.requests import vocab
from gongkai.catalog.requests.model import KINDS, Application, Event
from gongkai.catalog.toml_store import LineMap, atomic_write_many, comment_lines, dumps, read_toml

REQUESTS_DIR = "requests"
MONTH_FILE = re.compile(r"^(\d{4})-(\d{2})\.toml$")


@dataclass
class MonthFile:
    path: Path
    apps: list[Application]
    text: str = ""
    comments: list[int] = field(default_factory=list)
    loaded: bool = True          # read from the workspace (False: made for a new month)

    @cached_property
    def name(self) -> str:
        return display_path(self.path)

    @cached_property
    def _map(self) -> LineMap:   # built on first need: only findings and errors ask for lines
        return LineMap(self.text, array="applications")

    @cached_property
    def lines(self) -> list[Optional[int]]:
        """The line of each [[applications]] as the file was read."""
        return [self._map.item_line(i) if self.text else None for i in range(len(self.apps))]

    @cached_property
    def event_lines(self) -> list[list[Optional[int]]]:
        rows = self.text.splitlines()
        return [_event_lines(rows, self._map, len(a.events), i) if self.text else [None] * len(a.events)
                for i, a in enumerate(self.apps)]


@dataclass
class Register:
    """Every application of a workspace, with where each one is written."""

    root: Path
    files: list[MonthFile] = field(default_factory=list)
    _numbers: Optional[set] = None

    def applications(self) -> list[Application]:
        return [a for f in self.files for a in f.apps]

    def entries(self) -> Iterator[tuple[MonthFile, int, Application]]:
        for f in self.files:
            for i, a in enumerate(f.apps):
                yield f, i, a

    def find(self, number: str) -> Application:
        for a in self.applications():
            if a.number == number:
                return a
        raise UsageError(f"no application {number} in {display_path(self.root / REQUESTS_DIR)}; "
                         "`gongkai request list` shows the numbers")

    def where(self, number: str, event: Optional[int] = None) -> tuple[Optional[str], Optional[int]]:
        """(file, line) of an application, or of its event number ``event`` (0-based)."""
        for f, i, a in self.entries():
            if a.number == number:
                line = f.lines[i] if i < len(f.lines) else None
                if event is not None and i < len(f.event_lines) and event < len(f.event_lines[i]):
                    line = f.event_lines[i][event] or line
                return f.name, line
        return None, None

    def add(self, app: Application) -> None:
        if self._numbers is None:
            self._numbers = {a.number for a in self.applications()}
        if app.number in self._numbers:
            file, line = self.where(app.number)
            raise InputError.single(f"application number {app.number} is already used ({file}:{line})",
                                    item=app.number, field="number", expected="a number not yet in the register")
        self._numbers.add(app.number)
        name = month_name(app)
        target = next((f for f in self.files if f.path.name == name), None)
        if target is None:
            target = MonthFile(self.root / REQUESTS_DIR / name, [], loaded=False)
            self.files.append(target)
        target.apps.append(app)

    def replace(self, app: Application) -> Application:
        """Put ``app`` in place of the application with its number; the old one is returned."""
        for f in self.files:
            for i, a in enumerate(f.apps):
                if a.number == app.number:
                    f.apps[i] = app
                    return a
        raise UsageError(f"no application {app.number}")

    def next_number(self, year: int) -> str:
        used = {a.number for a in self.applications()}
        n = 1 + max((int(m[1]) for a in used if (m := re.fullmatch(rf"{year}-(\d+)", a))), default=0)
        while f"{year}-{n:04d}" in used:
            n += 1
        return f"{year}-{n:04d}"

    # -- writing ---------------------------------------------------------------------------
    def pending(self) -> list[tuple[Path, bytes, Optional[MonthFile]]]:
        """Every month file whose canonical text differs from the file: (path, new bytes, old file)."""
        by_month: dict[str, list[Application]] = {}
        for a in self.applications():
            by_month.setdefault(month_name(a), []).append(a)
        old = {f.path.name: f for f in self.files if f.loaded}
        out = []
        for name in sorted({*by_month, *old}):
            text = render_month(by_month.get(name, []))
            before = old.get(name)
            if before is None or text != before.text:
                out.append((self.root / REQUESTS_DIR / name, text.encode("utf-8"), before))
        return out


@dataclass
class DeptView:
    """The applications one department handles, read like the register (for its own annual report)."""

    reg: Register
    dept: str

    def entries(self) -> Iterator[tuple[MonthFile, int, Application]]:
        return ((f, i, a) for f, i, a in self.reg.entries() if a.dept == self.dept)

    def applications(self) -> list[Application]:
        return [a for a in self.reg.applications() if a.dept == self.dept]


def month_name(app: Application) -> str:
    return f"{app.received_on:%Y-%m}.toml"


# -- rendering -------------------------------------------------------------------------------
_ORDER = ("number", "received_on", "channel", "applicant_type", "applicant", "subject", "dept", "items", "topics")
_EVENT_ORDER = ("kind", "on", "received_on", "party", "answered_on", "days", "approved_by", "outcome", "fee",
                "result", "decided_on", "after_review", "note")


def _inline(data: dict) -> str:
    parts = []
    for k in _EVENT_ORDER:
        if data.get(k) is not None:
            parts.append(dumps({k: data[k]}).strip())      # "key = value" as tomli-w writes it
    return "{ " + ", ".join(parts) + " }"


def render_month(apps: list[Application]) -> str:
    """Canonical TOML of one month file; "" for no applications."""
    chunks = []
    for a in sorted(apps, key=lambda a: (a.received_on, a.number)):
        data = a.model_dump(mode="python", exclude_none=True)
        head = {k: data[k] for k in _ORDER if k in data}
        if a.note:
            head["note"] = a.note
        body = dumps({"applications": [head]})
        if a.events:
            events = [e.model_dump(mode="python", exclude_none=True) for e in a.events]
            body += "events = [\n" + "".join(f"  {_inline(e)},\n" for e in events) + "]\n"
        chunks.append(body)
    return "\n".join(chunks)


# -- loading ---------------------------------------------------------------------------------
def month_files(root: Path) -> list[Path]:
    folder = root / REQUESTS_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if MONTH_FILE.match(p.name))


def load_register(root: Path) -> Register:
    """The register; every problem in every file is reported at once (file, line, number, field)."""
    from gongkai.catalog import journal

    if journal.journal_path(root).exists():
        journal.complete(root)        # never read the register half-way through a write
    files: list[MonthFile] = []
    problems: list[Problem] = []
    for path in month_files(root):
        try:
            files.append(_load_month(path))
        except InputError as exc:
            problems.extend(exc.problems)
    reg = Register(root, files)
    problems.extend(_duplicate_numbers(reg))
    if problems:
        raise InputError(problems)
    return reg


def _event_lines(rows: list[str], lines: LineMap, count: int, index: int) -> list[Optional[int]]:
    """The line of each event of application ``index``: one inline table a line after ``events = [``."""
    start = lines.key_line(index, "events")
    if start is None:
        return [None] * count
    out: list[Optional[int]] = []
    n = start                                            # 1-based line of "events = ["
    for _ in range(count):
        n += 1
        while n <= len(rows) and not rows[n - 1].strip().startswith("{"):
            if rows[n - 1].strip().startswith("]"):
                break
            n += 1
        out.append(n if n <= len(rows) and rows[n - 1].strip().startswith("{") else start)
    return out


def _load_month(path: Path) -> MonthFile:
    data, text = read_toml(path)
    shown = display_path(path)
    problems: list[Problem] = []
    for key in data:
        if key != "applications":
            problems.append(Problem(f"unknown table '{key}'", file=shown, field=key, expected="[[applications]] only"))
    raw = data.get("applications", [])
    if not isinstance(raw, list):
        raise InputError([Problem("'applications' must be an array of tables", file=shown, field="applications",
                                  expected="[[applications]] blocks")])
    apps: list[Application] = []
    found = MonthFile(path, apps, text)
    for index, entry in enumerate(raw):
        try:
            apps.append(Application.model_validate(entry))
        except ValidationError as exc:
            number = str(entry.get("number")) if isinstance(entry, dict) and entry.get("number") else None
            events = entry.get("events") if isinstance(entry, dict) else None
            evl = _event_lines(text.splitlines(), found._map, len(events) if isinstance(events, list) else 0, index)
            for err in exc.errors():
                problems.append(validation_problem(err, shown, number,
                                                   lambda loc: _line_of(found._map, evl, index, loc)))
    if problems:
        raise InputError(problems)
    found.comments = comment_lines(text)
    return found


def _line_of(lines: LineMap, evl: list, index: int, loc: tuple) -> Optional[int]:
    if len(loc) >= 2 and loc[0] == "events" and isinstance(loc[1], int) and loc[1] < len(evl):
        return evl[loc[1]]
    return lines.field_line(index, ".".join(str(p) for p in loc if not isinstance(p, int)) or None)


def validation_problem(err: dict, file: str, number: Optional[str], line_of) -> Problem:
    """A pydantic error on an application as a Problem naming file, line, number and field."""
    loc = err["loc"]
    dotted = ".".join(str(p) for p in loc)
    last = str(loc[-1]) if loc else ""
    value = err.get("input")
    expected = {
        "outcome": vocab.OUTCOME_EXPECTED,
        "channel": "one of " + "、".join(vocab.CHANNELS),
        "applicant_type": "one of " + "、".join(vocab.APPLICANT_TYPES) + " (the 表三 columns)",
        "result": "one of " + "、".join(vocab.REVIEW_RESULTS),
        "kind": "one of " + ", ".join(KINDS),
    }.get(last)
    if err["type"] == "extra_forbidden":
        message = f"unknown key '{last}'"
        model = Event if "events" in dotted else Application
        expected = "one of: " + ", ".join(model.model_fields)
    elif err["type"] == "missing":
        message = "required field is missing"
    elif err["type"] in ("date_type", "date_parsing") or last.endswith("_on") or last == "on":
        message = f"{value!r} is not a date"
        expected = "a TOML date such as 2026-03-05 (no quotes)"
    elif expected and err["type"] == "literal_error":
        message = f"unknown {last} {value!r}"
    else:
        message = err["msg"].removeprefix("Value error, ")
        if not isinstance(value, (dict, list)):
            message += f"; found {value!r}"
    return Problem(message, file=file, line=line_of(loc), item=number, field=dotted, expected=expected)


def _duplicate_numbers(reg: Register) -> list[Problem]:
    seen: dict[str, tuple[MonthFile, int]] = {}
    out = []
    for f, i, a in reg.entries():
        if a.number in seen:
            first, j = seen[a.number]
            out.append(Problem(f"application number {a.number} is used twice (first at {first.name}:{first.lines[j]})",
                               file=f.name, line=f.lines[i], item=a.number, field="number",
                               expected="each application number once in the register"))
        else:
            seen[a.number] = (f, i)
    return out


# -- the transaction -------------------------------------------------------------------------
@contextmanager
def register_transaction(root: Path, force: bool = False) -> Iterator[tuple[Register, "People"]]:
    """Lock, load the register and the personal data, let the caller change them, write all or nothing."""
    from gongkai.catalog.requests.people import load_people

    with workspace_lock(root):
        reg = load_register(root)
        people = load_people(root)
        yield reg, people
        writes = reg.pending()
        if not force:
            problems = [Problem(f"has hand-written comments on line(s) {', '.join(map(str, f.comments[:8]))} that "
                                "rewriting would lose; move them into `note` fields, or run again with --force",
                                file=f.name, line=f.comments[0]) for _, _, f in writes if f is not None and f.comments]
            if problems:
                raise InputError(problems)
        # one journaled step: a kill -9 between two renames is completed by the next command. A month left
        # without applications (one moved to another month) is written empty in the same step, then removed.
        atomic_write_many([(p, d) for p, d, _ in writes] + people.pending(), journal_root=root)
        for path, data, _ in writes:
            if not data:
                path.unlink(missing_ok=True)
