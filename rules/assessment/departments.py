"""Which items and records belong to a department (公开主体), for compliance and checklists.

An item belongs to a department when its ``body`` names it: the department's name or one of
its aliases appears in the body, or a part of the body ("县民政局" in "县民政局、各乡(镇)人民政府")
with its level word removed ("民政局") ends the department's name ("上街区民政局"). Catalogues
write bodies generically (县民政局, 县级人民政府民政部门), so aliases in gongkai.toml are the
dependable way; the suffix match only spares the obvious ones.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Optional

_SPLIT = re.compile(r"[、,;/和及与]+")
_LEVEL_WORD = re.compile(r"^(?:各|本级)?(?:[县区市州旗盟]级?(?:人民政府)?)")
_GENERIC = {"人民政府", "政府", "各部门", "部门", "有关部门", "相关部门", "各单位", "单位"}


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


@dataclass(frozen=True)
class Scope:
    """A set of items and records to check: one department, the unassigned rest, or the whole unit."""

    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "dept"                                   # dept | unit | unassigned
    others: tuple["Scope", ...] = field(default=(), compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(_norm(n) for n in (self.name, *self.aliases) if n))

    def owns(self, body: Optional[str]) -> bool:
        if self.kind == "unit":
            return True
        if self.kind == "unassigned":
            return not any(o.owns(body) for o in self.others)
        return body_names(body, self.names)

    def accepts(self, record_dept: Optional[str], known: bool = False) -> bool:
        """Whether a record of ``record_dept`` counts for this scope (a record without a department counts for all).

        ``known``: the record's department is one of the scopes in play (matters for the unassigned rest).
        """
        if self.kind == "unit" or record_dept is None:
            return True
        if self.kind == "unassigned":
            return not known
        return self.names_dept(record_dept)

    def names_dept(self, record_dept: Optional[str]) -> bool:
        """A record's department is this one: same name or alias, or one names the other (上街区民政局 / 民政局)."""
        if record_dept is None or self.kind != "dept":
            return False
        return body_names(record_dept, self.names) or any(body_names(n, (_norm(record_dept),)) for n in self.names)

    def claims_unknown(self, record_dept: Optional[str], known: bool = False) -> bool:
        """Whether a record whose code is not in the catalogue is reported in this scope (exactly one scope does)."""
        if self.kind == "unit":
            return True
        if self.kind == "unassigned":
            return record_dept is None or not known
        return self.names_dept(record_dept)


def body_names(body: Optional[str], names: Iterable[str]) -> bool:
    """True when the body text names one of ``names`` (see the module docstring)."""
    text = _norm(body)
    if not text:
        return False
    names = [n for n in names if n]
    if any(n in text for n in names):
        return True
    for part in _SPLIT.split(text):
        for core in {part, _LEVEL_WORD.sub("", part)}:   # 市场监管局 must not lose its 市
            if len(core) >= 2 and core not in _GENERIC and any(n.endswith(core) for n in names):
                return True
    return False


def configured_scopes(ws) -> list[Scope]:
    """The departments of gongkai.toml (``[[departments]]``), with their aliases."""
    return [Scope(d.name, tuple(d.aliases)) for d in ws.config.departments]


def department_scope(ws, name: str, record_depts: Iterable[Optional[str]] = ()) -> Scope:
    """The department named on the command line (``--dept``), or a usage error when it is unknown.

    Known: a department of gongkai.toml — its name, an alias, or a short name that fits only one
    (区民政局 for 上街区民政局) — or else a name that the 公开主体 of some item names (a workspace
    without ``[[departments]]`` still works), or one of ``record_depts`` (departments named by
    records). Anything else is a typo until shown otherwise: it would own nothing and report a clean
    result, so it is refused, naming the known departments and how to add one.
    """
    from gongkai.catalog.errors import UsageError

    wanted = _norm(name)
    if not wanted:
        raise UsageError("--dept is empty; give a department's name or alias")
    known = configured_scopes(ws)
    for s in known:
        if wanted in s.names:
            return s
    close = [s for s in known if s.names_dept(name)]   # 区民政局 for 上街区民政局, when only one fits
    if len(close) == 1:
        return close[0]
    if len(close) > 1:
        raise UsageError(f"--dept {name.strip()!r} fits several departments of gongkai.toml: "
                         f"{', '.join(s.name for s in close)}; give the full name or an alias")
    scope = Scope(name.strip())
    if any(scope.owns(item.body) or scope.owns(item.in_force().body) for _, item in ws.items()):
        return scope
    if any(_norm(d) == wanted for d in record_depts if d):
        return scope
    listed = ", ".join(s.name for s in known) if known else "none (gongkai.toml has no [[departments]])"
    raise UsageError(
        f"unknown department {name.strip()!r}: it is not in gongkai.toml and no item's 公开主体 names it. "
        f"Known departments: {listed}. To add it, put in gongkai.toml:\n"
        f"  [[departments]]\n  name = \"{name.strip()}\"\n  aliases = [\"…\"]   # how item bodies (公开主体) name it")


def scopes_in_play(ws, record_depts: Iterable[Optional[str]]) -> list[Scope]:
    """One scope per department known to the workspace or named by records, plus the unassigned rest.

    With no department anywhere, the whole unit is one scope named after it.
    """
    scopes = configured_scopes(ws)
    for dept in sorted({d for d in record_depts if d}):
        if not any(s.names_dept(dept) for s in scopes):
            scopes.append(Scope(dept))
    if not scopes:
        return [Scope(ws.config.unit.name, kind="unit")]
    return [*scopes, Scope("(未分配 unassigned)", kind="unassigned", others=tuple(scopes))]


def is_known(scopes: Iterable[Scope], record_dept: Optional[str]) -> bool:
    return record_dept is not None and any(s.names_dept(record_dept) for s in scopes)
