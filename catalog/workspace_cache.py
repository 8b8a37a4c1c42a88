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
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError.single(f"not UTF-8 text (byte {exc.start})", file=display_path(path),
                                expected="a UTF-8 encoded TOML file") from None
    loaded = validate_domain(parse_toml(text, path), text, path)
    with _guard:
        _parsed[path] = (key, loaded)
    return loaded


def load_current(root: Path) -> Workspace:
    """The workspace as its files are now (read-only), reusing the parse of unchanged files."""
    try:
        from gongkai.catalog import journal
    except ImportError:             # a tree without write journals
        journal = None
    if journal is not None and journal.journal_path(root).exists():
        return Workspace.load(root)     # a write cut short: let the full load finish it first
    root = Path(root)
    config = load_config(root)
    domains: list[LoadedDomain] = []
    problems: list[Problem] = []
    paths = sorted((root / "domains").glob("*.toml"))
    for path in paths:
        try:
            domains.append(_domain(path))
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
