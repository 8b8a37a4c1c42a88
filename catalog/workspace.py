"""A workspace: one government unit's catalogue set, a folder that lives in git.

    gongkai.toml          unit, parent standard, departments, rules config, waivers, calendar
    domains/NN-slug.toml  one file per adopted domain
    rules/*.toml          the unit's own declarative rules (optional)
    records/              disclosure records (CSV / XLSX / TOML)

Reads need no lock. Writes go through ``Workspace.transaction``: it takes the
workspace lock, loads, lets the caller change items, then writes every changed file
atomically — or nothing, if the caller raised.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterator, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gongkai.catalog import vocab
from gongkai.catalog.codes import CodeAllocator, parse_code
from gongkai.catalog.domain_file import LoadedDomain, _problem, load_domain, render_domain
from gongkai.catalog.errors import InputError, Problem, UsageError, display_path
from gongkai.catalog.lock import LOCK_NAME, workspace_lock
from gongkai.catalog.model import DomainFile, DomainHeader, Item
from gongkai.catalog.toml_store import LineMap, atomic_write, atomic_write_many, dumps, read_toml
from gongkai.catalog import clock
from gongkai.catalog.tiers.refs import ParentRef

CONFIG_NAME = "gongkai.toml"
_FORM = ConfigDict(extra="forbid", populate_by_name=True)


class Unit(BaseModel):
    model_config = _FORM
    region: str = Field(pattern=r"^\d{6}(\d{3}){0,2}$")   # GB/T 2260 county code; 9 / 12 digits: township / village
    name: str
    level: Literal[vocab.UNIT_LEVELS] = "county"


class Standard(BaseModel):
    """The parent standard the workspace adopted (the bundled catalogues by default)."""

    model_config = _FORM
    name: str = "gongkai bundled standard catalogues"
    version: Optional[str] = None
    adopted_on: Optional[date] = Field(None, strict=True)   # a TOML date, not a string that looks like one


class Department(BaseModel):
    """A body known to the workspace (公开主体), with its level and other names it goes by."""

    model_config = _FORM
    name: str
    level: Literal[vocab.UNIT_LEVELS] = "county"
    aliases: list[str] = Field(default_factory=list)


class RulesConfig(BaseModel):
    model_config = _FORM
    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)
    fail_on: Literal["error", "warning"] = "error"
    baseline: Optional[str] = None


class Waiver(BaseModel):
    """A documented exception to a rule, counted apart from findings (as conftest does)."""

    model_config = _FORM
    rule: str
    items: list[str] = Field(default_factory=list)   # codes or glob patterns; empty = all
    reason: str
    approved_by: str
    expires: date


class Config(BaseModel):
    model_config = _FORM
    unit: Unit
    standard: Standard = Field(default_factory=Standard)
    departments: list[Department] = Field(default_factory=list)
    rules: RulesConfig = Field(default_factory=RulesConfig)
    waivers: list[Waiver] = Field(default_factory=list)
    calendar: dict[str, Any] = Field(default_factory=dict)   # validated by gongkai.catalog.workdays
    parent: Optional[ParentRef] = None                        # 三级: the catalogue this one claims from
    children: list[str] = Field(default_factory=list)         # folders of units rolled up (`gongkai rollup`)


def find_root(workspace: Optional[Path] = None) -> Path:
    """The workspace folder: the one given, or the nearest upward holding gongkai.toml."""
    if workspace is not None:
        root = Path(workspace)
        if root.is_file() and root.name == CONFIG_NAME:
            return root.parent                 # -w pointed at the workspace's gongkai.toml: its folder is meant
        if not root.exists():
            raise UsageError(f"-w {display_path(root)}: no such folder")
        if not root.is_dir():
            raise UsageError(f"-w {display_path(root)} is a file; give the workspace folder (the one holding {CONFIG_NAME})")
        if not (root / CONFIG_NAME).is_file():
            raise UsageError(f"{display_path(root)} is not a gongkai workspace (no {CONFIG_NAME}); "
                             "create one with `gongkai init DIR --region CODE --name NAME`")
        return root
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise UsageError(f"no {CONFIG_NAME} in this folder or any parent; pass -w DIR or run "
                     "`gongkai init DIR --region CODE --name NAME`")


def registered_domain(header: DomainHeader, path: Path):
    """The standard domain a file's [domain] header and file name both name, or None when they disagree."""
    from gongkai import domains as registry

    known = registry.BY_CODE.get(header.code)
    return known if known is not None and header.slug == known.slug and path.name == known.filename else None


def load_config(root: Path) -> Config:
    path = root / CONFIG_NAME
    data, text = read_toml(path)
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        lines = LineMap(text)
        problems = []
        for err in exc.errors():
            loc = err["loc"]
            dotted = ".".join(str(p) for p in loc)
            line = lines.top_line(dotted)
            if len(loc) > 1 and loc[0] in ("waivers", "departments") and isinstance(loc[1], int):
                # [[waivers]] / [[departments]] blocks: the line of the key inside its block
                line = LineMap(text, str(loc[0])).field_line(loc[1], ".".join(map(str, loc[2:])))
            problems.append(_problem(err, display_path(path), line, None, dotted, Config))
        raise InputError(problems) from None
    if config.calendar:
        _check_calendar(config, text, path)
    _check_departments(config, text, path)
    return config


def _check_departments(config: Config, text: str, path: Path) -> None:
    """Each department name and alias names one department: bodies are matched to departments by them."""
    owner: dict[str, int] = {}
    problems = []
    for index, dept in enumerate(config.departments):
        for field, name in [("name", dept.name), *(("aliases", a) for a in dept.aliases)]:
            first = owner.setdefault(name, index)
            if first != index:
                problems.append(Problem(
                    f"{name!r} already names department {config.departments[first].name!r}; a body could not be "
                    "told which one it is", file=display_path(path), field=f"departments.{field}",
                    line=LineMap(text, "departments").field_line(index, field),
                    expected="each department name and alias used once"))
    if problems:
        raise InputError(problems)


def _check_calendar(config: Config, text: str, path: Path) -> None:
    """A bad [calendar] year is an input error of every command, with the line of the bad key."""
    import re

    from gongkai.catalog.workdays import build_calendar

    try:
        build_calendar(config.calendar, source=display_path(path))
    except InputError as exc:
        lines = LineMap(text)
        for problem in exc.problems:
            if problem.line is None and problem.field:
                problem.line = lines.top_line(re.sub(r"\[\d+\]", "", problem.field))
        raise InputError(exc.problems) from None


def render_config(config: Config) -> str:
    return dumps(config.model_dump(mode="python", exclude_none=True))


@dataclass
class Workspace:
    root: Path
    config: Config
    domains: list[LoadedDomain] = field(default_factory=list)
    config_text: str = ""
    written: list[Path] = field(default_factory=list)
    # The domains a writer may change, when it said so (a one-item edit): only these are rendered and
    # compared on save; the others are left as they are. None: every domain (the default).
    writable: Optional[list[LoadedDomain]] = None
    # Render every item afresh on save (`gongkai fmt`); otherwise unchanged items keep their text.
    canonical: bool = False

    # -- loading -------------------------------------------------------------------------
    @classmethod
    def load(cls, root: Path) -> "Workspace":
        from gongkai.catalog.heap import collector_paused

        with collector_paused():  # loading makes many objects and frees few
            return cls._load(root)

    @classmethod
    def _load(cls, root: Path) -> "Workspace":
        from gongkai.catalog import journal

        if journal.journal_path(root).exists():
            journal.complete(root)      # never read a workspace half-way through a write
        config = load_config(root)
        config_text = (root / CONFIG_NAME).read_text("utf-8")
        loaded: list[LoadedDomain] = []
        problems: list[Problem] = []
        for path in sorted((root / "domains").glob("*.toml")):
            try:
                loaded.append(load_domain(path))
            except InputError as exc:
                problems.extend(exc.problems)
        ws = cls(root, config, loaded, config_text)
        problems.extend(ws._cross_file_problems())
        if problems:
            raise InputError(problems)
        return ws

    def _cross_file_problems(self) -> list[Problem]:
        from gongkai import domains as registry

        problems: list[Problem] = []
        where: dict[str, LoadedDomain] = {}
        seen_domains: dict[str, LoadedDomain] = {}
        for d in self.domains:
            header = d.model.domain
            if registered_domain(header, d.path) is None:
                known = registry.BY_CODE.get(d.code)
                expected = (f"{known.filename} with code = \"{known.code}\", slug = \"{known.slug}\""
                            if known else "a domain code 01–26 (see `gongkai domains`)")
                problems.append(Problem(
                    f"the [domain] header (code {header.code}, slug {header.slug}) does not match the file name",
                    file=display_path(d.path), line=d.lines.top_line("domain.code"), field="domain",
                    expected=expected))
                continue
            other = seen_domains.get(d.code)
            if other is not None:
                problems.append(Problem(f"domain {d.code} is also defined in {display_path(other.path)}",
                                        file=display_path(d.path), line=d.lines.top_line("domain.code"),
                                        field="domain.code", expected="one file per domain"))
            seen_domains[d.code] = d
            for i, item in enumerate(d.model.items):
                first = where.get(item.code)
                if first is not None:
                    problems.append(Problem(
                        f"duplicate code {item.code} (also in {display_path(first.path)} line "
                        f"{first.item_line(item.code)})", file=display_path(d.path),
                        line=d.lines.field_line(i, "code"), item=item.code, field="code",
                        expected="each code once in a workspace"))
                where[item.code] = d
        return problems

    # -- lookups -------------------------------------------------------------------------
    @property
    def region(self) -> str:
        return self.config.unit.region

    def items(self) -> Iterator[tuple[LoadedDomain, Item]]:
        for d in self.domains:
            for item in d.model.items:
                yield d, item

    def domain(self, code: str) -> LoadedDomain | None:
        return next((d for d in self.domains if d.code == code), None)

    def find(self, code: str) -> tuple[LoadedDomain, Item]:
        """The item with this code; the region may be left out (``01-02-003``); full-width digits and
        spaces typed or pasted (``１９-02-001``) are read as the code they spell."""
        import unicodedata

        code = "".join(unicodedata.normalize("NFKC", code).split())
        wanted = {code}
        if parse_code(code) and not parse_code(code).region:
            wanted.add(f"{self.region}-{code}")
        for d, item in self.items():
            if item.code in wanted:
                return d, item
        shown = display_path(self.root)
        where = "this workspace" if shown == "." else f"the workspace {shown}"
        region = parse_code(code).region if parse_code(code) else None
        other = f" (the code's region is {region}, the workspace's {self.region})" if region and region != self.region else ""
        raise UsageError(f"no item with code {code} in {where}{other}")

    def used_codes(self, d: LoadedDomain) -> list[str]:
        return [i.code for i in d.model.items] + list(d.model.domain.retired_codes)

    # -- changes (inside a transaction) ------------------------------------------------------
    def ensure_domain(self, domain) -> LoadedDomain:
        """The workspace's file for a registry domain, created empty if missing."""
        found = self.domain(domain.code)
        if found is not None:
            return found
        header = DomainHeader(code=domain.code, slug=domain.slug, name=domain.name,
                              reported_count=domain.reported_count)
        d = LoadedDomain(self.root / "domains" / domain.filename, DomainFile(domain=header), "")
        self.domains.append(d)
        self.domains.sort(key=lambda x: x.path.name)
        return d

    def code_allocator(self, d: LoadedDomain) -> CodeAllocator:
        """Hands out the codes of new items of ``d`` (for many items at once; see ``CodeAllocator``)."""
        # 三级: own items from NNN 901, so the parent's later items keep their numbers
        floor = 900 if self.config.parent is not None else 0
        return CodeAllocator(d.code, ((i.code, i.category) for i in d.model.items), self.used_codes(d),
                             self.region, floor)

    def add_item(self, d: LoadedDomain, fields: dict[str, Any], source: str = "command line",
                 codes: Optional[CodeAllocator] = None) -> Item:
        """Validate and add a new draft item, assigning its code; errors name ``source`` (a file or the command line).

        ``codes``: the allocator of ``d`` when adding many items in a row (else one is built for this item)."""
        fields = dict(fields)
        fields["code"] = (codes or self.code_allocator(d)).next(fields.get("category", ""))
        try:
            item = Item.model_validate(fields)
        except ValidationError as exc:
            raise InputError([_problem(e, source, None, fields["code"],
                                       ".".join(str(p) for p in e["loc"]), Item)
                              for e in exc.errors()]) from None
        d.model.items.append(item)
        return item

    def remove_item(self, d: LoadedDomain, item: Item) -> None:
        d.model.items.remove(item)
        d.model.domain.retired_codes = sorted({*d.model.domain.retired_codes, item.code})

    # -- writing -------------------------------------------------------------------------
    def pending_writes(self) -> list[tuple[LoadedDomain, str]]:
        out = []
        for d in (self.domains if self.writable is None else self.writable):
            text = render_domain(d.model) if self.canonical else d.render()   # d.render: the faster equivalent
            if text != d.text:
                out.append((d, text))
        return out

    def save(self, force: bool = False) -> list[Path]:
        """Write every changed domain file atomically; refuse to drop comments unless forced."""
        writes = self.pending_writes()
        if not force:
            problems = [
                Problem(f"has hand-written comments on line(s) {', '.join(map(str, d.comments[:8]))} "
                        "that rewriting would lose; move them into `note` fields, or run again with --force",
                        file=display_path(d.path), line=d.comments[0])
                for d, _ in writes if d.comments
            ]
            if problems:
                raise InputError(problems)
        written = atomic_write_many([(d.path, text.encode("utf-8")) for d, text in writes],
                                    journal_root=self.root)
        for d, text in writes:
            d.text, d.comments, d._lines = text, [], None
        return written

    @classmethod
    @contextmanager
    def transaction(cls, root: Path, force: bool = False, lock_timeout: float = 60.0,
                    load: Optional[Callable[[Path], "Workspace"]] = None) -> Iterator["Workspace"]:
        """Lock, load, let the caller change things, then write; on an exception write nothing.

        ``lock_timeout``: seconds to wait for another writer (the browser waits a few, a command a minute).
        ``load``: how to read the files once locked (default ``Workspace.load``)."""
        with workspace_lock(root, timeout=lock_timeout):
            _remove_stale_temporaries(root)
            ws = (load or cls.load)(root)
            yield ws
            ws.written = ws.save(force=force)


def _remove_stale_temporaries(root: Path) -> None:
    """Temporary files of a write that was killed before its rename (safe: we hold the lock)."""
    for tmp in (root / "domains").glob(".*.toml.*.tmp"):
        try:
            tmp.unlink()
        except OSError:
            pass


def init_workspace(root: Path, region: str, name: str, level: str = "county",
                   adopt: bool = True) -> Workspace:
    """A new workspace adopting the bundled standard catalogues (codes get the region in front)."""
    from gongkai import domains as registry

    from gongkai.catalog.codes import with_region

    if (root / CONFIG_NAME).exists():
        raise UsageError(f"{display_path(root)} already holds a workspace ({CONFIG_NAME})")
    if not (len(region) in (6, 9, 12) and region.isdigit()):
        raise UsageError(f"--region {region!r} is not a 6-digit 行政区划代码 (GB/T 2260), e.g. 410106 for 上街区, "
                         "or a 9- / 12-digit 统计用区划代码 of a township / village, e.g. 410106100")
    try:
        config = Config(unit=Unit(region=region, name=name, level=level),
                        standard=Standard(adopted_on=clock.today()))
    except ValidationError as exc:
        raise UsageError("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())) from None
    root.mkdir(parents=True, exist_ok=True)
    (root / "domains").mkdir(exist_ok=True)
    # The lock file is machine state, not catalogue content: keep it out of the unit's git history.
    atomic_write(root / ".gitignore", f"{LOCK_NAME}\n")
    ws = Workspace(root, config, [])
    if adopt:
        for domain in registry.REGISTRY:
            path = registry.bundled_path(domain.code)
            if not path.exists():
                continue
            bundled = load_domain(path)
            model = bundled.model.model_copy(deep=True)
            for item in model.items:
                item.code = with_region(item.code, region)
            ws.domains.append(LoadedDomain(root / "domains" / domain.filename, model, ""))
    with workspace_lock(root):
        ws.save()
        atomic_write(root / CONFIG_NAME, render_config(config))
    ws.config_text = (root / CONFIG_NAME).read_text("utf-8")
    return ws
