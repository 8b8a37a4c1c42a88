"""Reading a workspace again and again (a server's every request) without parsing unchanged files.

Each domain file is read in full on every call and its parsed form is reused only when its bytes
hash the same as when it was parsed: the key is the content itself, never a time stamp, so a file
changed by hand, by `git pull` or by a command is seen by the next call. The workspace returned is
shared with later calls and must be treated as read-only; writers use ``Workspace.transaction``,
which loads its own copy under the lock.
"""
from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from gongkai.catalog.domain_file import LoadedDomain, validate_domain
from gongkai.catalog.errors import InputError, Problem, display_path
from gongkai.catalog.toml_store import parse_toml
from gongkai.catalog.workspace import CONFIG_NAME, Workspace, load_config

_parsed: dict[Path, tuple[bytes, LoadedDomain]] = {}
_guard = threading.Lock()


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=20).digest()


def _domain(path: Path) -> LoadedDomain:
    data = path.read_bytes()
    key = _digest(data)
    with _guard:
        hit = _parsed.get(path)
    if hit is not None and hit[0] == key:
        return hit[1]
    loaded = _parse(path, data)
    with _guard:
        _parsed[path] = (key, loaded)
    return loaded


def _fresh(path: Path) -> LoadedDomain:
    """A private parse of one file, never shared with readers (a writer changes it)."""
    return _parse(path, path.read_bytes())


def _parse(path: Path, data: bytes) -> LoadedDomain:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError.single(f"not UTF-8 text (byte {exc.start})", file=display_path(path),
                                expected="a UTF-8 encoded TOML file") from None
    return validate_domain(parse_toml(text, path), text, path)


def remember(d: LoadedDomain) -> None:
    """A writer's domain as it saved it, for readers: the next read of that file needs no parse.
    Keyed by the bytes written, so a later change of the file on disk is still seen."""
    with _guard:
        _parsed[d.path] = (_digest(d.text.encode("utf-8")), d)


def loader_for(domain_code: str, item_code: str | None = None):
    """A ``Workspace.transaction`` loader for a writer that changes one domain only, or one item of it.

    That domain is the writer's own copy and the only file the save renders and writes; the other
    domains are the shared parses of ``load_current`` and must not be changed. With ``item_code``
    the copy shares every other item of the domain too (only that item may be changed, replaced or
    removed); without it the domain's file is parsed afresh.
    """
    def load(root: Path) -> Workspace:
        ws = load_current(root, private=set() if item_code else {domain_code})
        ws.writable = []
        for i, d in enumerate(ws.domains):
            if d.code == domain_code:
                if item_code:
                    d = ws.domains[i] = _own_item(d, {item_code, f"{ws.region}-{item_code}"})
                ws.writable = [d]
        return ws

    return load


def _own_item(d: LoadedDomain, codes: set[str]) -> LoadedDomain:
    """A copy of a shared domain whose item list, header and named item are the caller's own."""
    from gongkai.catalog.model import DomainFile

    items = [i.model_copy(deep=True) if i.code in codes else i for i in d.model.items]
    model = DomainFile.model_construct(domain=d.model.domain.model_copy(deep=True), items=items)
    copy = _OneItemDomain(d.path, model, d.text, list(d.comments), d._lines)
    copy.shared = {id(i): i for i in items if i.code not in codes}
    return copy


_blocks: dict[Path, dict[int, tuple[object, str]]] = {}   # file → id(item) → (item, its [[items]] block)


class _OneItemDomain(LoadedDomain):
    """A writer's copy sharing all items but one: it renders the same text as ``render_domain``, but
    re-renders only items it does not share (shared items are never changed, so their blocks keep)."""

    shared: dict[int, object]

    def render(self) -> str:
        from gongkai.catalog.domain_file import _item_dict
        from gongkai.catalog.toml_store import dumps

        with _guard:
            known = _blocks.get(self.path, {})
        kept: dict[int, tuple[object, str]] = {}
        parts = []
        for item in sorted(self.model.items, key=lambda i: i.code):
            hit = known.get(id(item))
            block = hit[1] if hit is not None and hit[0] is item else dumps({"items": [_item_dict(item)]})
            if self.shared.get(id(item)) is item:
                kept[id(item)] = (item, block)
            parts.append(block)
        with _guard:
            _blocks[self.path] = kept
        head = dumps({"domain": self.model.domain.model_dump(mode="json", exclude_none=True)})
        return head + "\n" + "\n".join(parts) if parts else head


def load_current(root: Path, private: frozenset[str] | set[str] = frozenset()) -> Workspace:
    """The workspace as its files are now (read-only), reusing the parse of unchanged files.

    Domains whose code is in ``private`` are parsed afresh for the caller alone."""
    try:
        from gongkai.catalog import journal
    except ImportError:             # a tree without write journals
        journal = None
    if journal is not None and journal.journal_path(root).exists():
        return Workspace.load(root)     # a write cut short: let the full load finish it first (all private)
    root = Path(root)
    config = load_config(root)
    domains: list[LoadedDomain] = []
    problems: list[Problem] = []
    paths = sorted((root / "domains").glob("*.toml"))
    for path in paths:
        try:
            domains.append(_fresh(path) if path.name[:2] in private else _domain(path))
        except InputError as exc:
            problems.extend(exc.problems)
    with _guard:                        # forget files that are gone
        for gone in [p for p in _parsed if p.parent == root / "domains" and p not in paths]:
            del _parsed[gone]
    ws = Workspace(root, config, domains, (root / CONFIG_NAME).read_text("utf-8"))
    problems.extend(ws._cross_file_problems())
    if problems:
        raise InputError(problems)
    return ws
