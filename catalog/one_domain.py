"""One-item commands read only the domain file their code names (``410106-19-02-001`` → ``domains/19-*.toml``).

`item show`, `item edit CODE`, `item add --domain` and an event on named items need nothing from
the other 25 files: an item's code, its allocation (codes are numbered within their domain, retired
codes are kept in that file's header) and its error rules all live in its own file. Parsing only
that file keeps them as fast on a province-sized workspace as on a small one. The workspace they
get holds just those domains; ``Workspace.save`` renders and writes only what it holds, so the
others are never touched. Writers pass ``loader(...)`` to ``Workspace.transaction`` (the same hook
the web workbench's one-item actions use). Commands over the whole workspace keep ``Workspace.load``.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Callable, Iterable, Optional

from gongkai.catalog.codes import parse_code
from gongkai.catalog.domain_file import LoadedDomain, load_domain
from gongkai.catalog.errors import InputError, Problem
from gongkai.catalog.workspace import CONFIG_NAME, Workspace, load_config


def domain_of(code: str) -> Optional[str]:
    """The DD of a code as typed (full-width digits and spaces read as ``Workspace.find`` reads them)."""
    parsed = parse_code("".join(unicodedata.normalize("NFKC", code).split()))
    return parsed.domain if parsed else None


def domains_of(codes: Iterable[str]) -> Optional[set[str]]:
    """The DDs the codes name, or None when one of them names no domain (then read everything)."""
    found = {domain_of(c) for c in codes}
    return None if not found or None in found else found  # type: ignore[return-value]


def load_domains(root: Path, codes: Optional[set[str]]) -> Workspace:
    """The workspace with only the domain files of ``codes`` parsed (every file when None)."""
    from gongkai.catalog import journal
    from gongkai.catalog.heap import collector_paused

    root = Path(root)
    if codes is None or journal.journal_path(root).exists():
        return Workspace.load(root)     # a write cut short: the full load completes it first
    with collector_paused():
        config = load_config(root)
        loaded: list[LoadedDomain] = []
        problems: list[Problem] = []
        for path in sorted((root / "domains").glob("*.toml")):
            if path.name[:2] not in codes:
                continue
            try:
                loaded.append(load_domain(path))
            except InputError as exc:
                problems.extend(exc.problems)
        ws = Workspace(root, config, loaded, (root / CONFIG_NAME).read_text("utf-8"))
        problems.extend(ws._cross_file_problems())   # header against file name, duplicates within
    if problems:
        raise InputError(problems)
    return ws


def loader(codes: Optional[set[str]]) -> Callable[[Path], Workspace]:
    """A ``Workspace.transaction`` loader reading only these domains' files."""
    return lambda root: load_domains(root, codes)
