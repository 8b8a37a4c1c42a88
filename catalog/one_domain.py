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
from gongkai.catalog.domain_file import LoadedDomain, blocks_can_be_cut, load_domain
from gongkai.catalog.errors import InputError, Problem
from gongkai.catalog.model import DomainFile, DomainHeader, Item
from gongkai.catalog.workspace import CONFIG_NAME, Workspace, load_config, registered_domain


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


def read_one_item(root: Path, code: str) -> Optional[tuple[LoadedDomain, Item]]:
    """For showing one item: it and its domain's header, parsing only its ``[[items]]`` block.

    A 150,000-item workspace has ~5,800 items a file; `item show` then parses one instead of all
    of them. Only a block as gongkai writes it is cut out (``code`` the first key after
    ``[[items]]``, no multi-line strings, the code once in the file); for anything else, or a block
    that does not validate, None: the caller reads the whole file, which reports what is wrong.
    Read-only: the domain returned holds that one item and no text, and is never saved."""
    from pydantic import ValidationError

    from gongkai.catalog import journal
    from gongkai.catalog.toml_store import parse_toml

    root = Path(root)
    typed = "".join(unicodedata.normalize("NFKC", code).split())
    parsed = parse_code(typed)
    if parsed is None or journal.journal_path(root).exists():
        return None
    paths = [p for p in sorted((root / "domains").glob("*.toml")) if p.name[:2] == parsed.domain]
    if len(paths) != 1:
        return None
    try:
        text = paths[0].read_bytes().decode("utf-8")     # as load_domain reads it
        full = typed if parsed.region else f"{load_config(root).unit.region}-{typed}"
    except (OSError, UnicodeDecodeError, InputError):
        return None
    header_end = f'\n[[items]]\ncode = "{full}"\n'
    at = text.find(header_end)
    if at < 0 or text.count(f'"{full}"') != 1 or not blocks_can_be_cut(text) or "\r" in text:
        return None
    if not parsed.region and f'"{typed}"' in text:
        return None      # the code also stands without its region: Workspace.find decides which is meant
    end = text.find("\n[[items]]\n", at + 1)
    first = text.find("\n[[items]]\n")
    try:
        header = DomainHeader.model_validate(parse_toml(text[:first + 1], paths[0])["domain"])
        item = Item.model_validate(parse_toml(text[at + 1:end + 1 if end >= 0 else len(text)], paths[0])["items"][0])
    except (InputError, ValidationError, KeyError, IndexError, TypeError):
        return None
    if item.code != full or header.code != parsed.domain or registered_domain(header, paths[0]) is None:
        return None      # a header that does not match its file: the whole read reports it
    return LoadedDomain(paths[0], DomainFile.model_construct(domain=header, items=[item]), ""), item
