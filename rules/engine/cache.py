"""A cache of check results, as ruff keeps one: a repeated `gongkai check` of unchanged files
returns the stored findings without parsing anything.

The key covers everything a result depends on: gongkai's version, the bytes of gongkai.toml,
of every domain file and workspace rule file, of the bundled standard catalogues, the rules
selected with their severities, and the date checked as of (review and waiver rules depend
on it). Entries are JSON (never pickle: nothing loaded from the cache can run code) in the
user's cache folder, ``$GONGKAI_CACHE_DIR`` or ``~/.cache/gongkai``; ``GONGKAI_NO_CACHE=1``
turns it off. A cache that cannot be read or written is skipped, never an error.
"""
from __future__ import annotations

import hashlib
import json
import os
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

from gongkai.rules.engine.finding import Finding

FORMAT = "1"


def cache_dir() -> Path | None:
    if os.environ.get("GONGKAI_NO_CACHE"):
        return None
    base = os.environ.get("GONGKAI_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "gongkai")
    return Path(base) / "checks"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gongkai")
    except PackageNotFoundError:
        return "0"


def _code_stamp() -> str:
    """Size and time of gongkai's own modules: an edited rule (editable install) is a new result."""
    here = Path(__file__).resolve().parents[2]        # the folder holding catalog/, rules/, cli/ …
    parts = []
    for package in ("catalog", "rules", "cli", "domains"):
        for path in sorted((here / package).rglob("*.py")):      # subpackages too (rules/catalogue/ …)
            st = path.stat()
            parts.append(f"{path.relative_to(here)}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)


def files_digest(root: Path, today: date) -> bytes:
    """One hash of everything a check reads: workspace files, bundled catalogues, code, date, places.

    Computed once per command; the result and report keys both start from it.
    """
    from gongkai import domains as registry

    h = hashlib.blake2b(digest_size=20)
    h.update(f"{FORMAT}|{_version()}|{_code_stamp()}|{today.isoformat()}".encode())
    files = [root / "gongkai.toml", *sorted((root / "domains").glob("*.toml")),
             *sorted((root / "rules").glob("*.toml")), *sorted(registry.BUNDLED_DIR.glob("*.toml"))]
    from gongkai.catalog.tiers.inputs import parent_inputs

    upstream, missing = parent_inputs(root)   # a township's COV rules read its parent's catalogue too
    h.update(missing.encode())
    for path in [*files, *upstream]:
        h.update(str(path.relative_to(root) if path.is_relative_to(root) else path.name).encode())
        h.update(hashlib.blake2b(path.read_bytes(), digest_size=20).digest())
    h.update(str(root.resolve()).encode())  # findings carry paths as shown from here
    h.update(os.getcwd().encode())
    return h.digest()


def result_key(digest: bytes, rules_and_severity: list[tuple[str, str]]) -> str:
    h = hashlib.blake2b(digest, digest_size=20)
    h.update(repr(rules_and_severity).encode())
    return h.hexdigest()


def report_key(digest: bytes, root: Path, options: dict) -> str:
    """The key of a printed report: the files, the command's options as given, and the baseline read.

    Options are the raw command-line values (defaults from gongkai.toml are covered by its bytes),
    so `gongkai.cli.fast_check` can compute the same key from the command line without loading gongkai.
    """
    import tomllib

    h = hashlib.blake2b(digest, digest_size=20)
    h.update(json.dumps(options, sort_keys=True, ensure_ascii=False).encode())
    baseline = options.get("baseline")
    if baseline is None and not options.get("no_baseline"):
        try:
            configured = tomllib.loads((root / "gongkai.toml").read_text("utf-8")).get("rules", {}).get("baseline")
        except (OSError, ValueError):
            configured = None
        baseline = str(root / configured) if isinstance(configured, str) else None
    if baseline is not None:
        try:
            h.update(Path(baseline).read_bytes())
        except OSError:
            h.update(b"missing baseline")  # the full path then reports the missing file
    return "out-" + h.hexdigest()


def _read(key: str) -> dict | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        return json.loads((folder / f"{key}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _write(key: str, data: dict | Iterable[str]) -> None:
    """Store ``data`` (a dict, or its JSON text in pieces) under ``key``, atomically."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{key}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            if isinstance(data, dict):
                fh.write(json.dumps(data, ensure_ascii=False))
            else:
                fh.writelines(data)
        tmp.replace(folder / f"{key}.json")
        _prune(folder)
    except OSError:
        pass


def load_result(key: str) -> tuple[list[Finding], int] | None:
    data = _read(key)
    try:
        return [Finding.from_dict(d) for d in data["findings"]], int(data["items"])
    except (KeyError, TypeError, ValueError):
        return None


def store_result(key: str, findings: list[Finding], items: int) -> None:
    _write(key, _result_pieces(findings, items))


def _result_pieces(findings: list[Finding], items: int, batch: int = 20_000) -> Iterator[str]:
    """The stored result as JSON text, a batch of findings at a time: a million findings never
    stand in memory as dicts and one text at once (the peak of a large check)."""
    yield f'{{"items": {items}, "findings": ['
    for start in range(0, len(findings), batch):
        text = json.dumps([f.to_dict() for f in findings[start:start + batch]], ensure_ascii=False)
        yield ("," if start else "") + text[1:-1]
    yield "]}"


def load_output(key: str) -> dict | None:
    """A stored report: its UTF-8 text (``data``, bytes, undecoded) is a plain file beside its summary."""
    meta = _read(key)
    folder = cache_dir()
    if not isinstance(meta, dict) or folder is None or {"summary", "exit"} - set(meta):
        return None
    try:
        return {**meta, "data": (folder / f"{key}.txt").read_bytes()}
    except OSError:
        return None


class ReportRecorder:
    """Stores a report's text under ``key`` as it is printed, piece by piece (a report of a million
    findings is never held whole to be cached); the entry counts only after ``commit()``, called
    once the report was written where it was going. Use it with ``with``: an entry not committed
    (the output failed, the reader went away) is dropped, and a cache that cannot be written never
    stops the report."""

    def __init__(self, key: str, summary: str, exit_code: int) -> None:
        self.key, self.summary, self.exit_code = key, summary, exit_code
        self.folder = cache_dir()
        self.tmp: Path | None = None
        self.fh = None
        if self.folder is not None:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                self.tmp = self.folder / f".{key}.{os.getpid()}.txt"
                self.fh = open(self.tmp, "w", encoding="utf-8")
            except OSError:
                self._drop()

    def __enter__(self) -> "ReportRecorder":
        return self

    def __exit__(self, *exc) -> None:
        if self.fh is not None:      # not committed: no entry
            self._drop()

    def tee(self, pieces: Iterable[str]) -> Iterator[str]:
        for piece in pieces:
            if self.fh is not None:
                try:
                    self.fh.write(piece)
                except OSError:
                    self._drop()
            yield piece

    def commit(self) -> None:
        if self.fh is None:
            return
        try:
            self.fh.close()
            self.fh = None
            self.tmp.replace(self.folder / f"{self.key}.txt")  # the text first: the summary marks the entry complete
        except OSError:
            self._drop()
            return
        _write(self.key, {"summary": self.summary, "exit": self.exit_code})

    def _drop(self) -> None:
        if self.fh is not None:
            try:
                self.fh.close()
            except OSError:
                pass
            self.fh = None
        if self.tmp is not None:
            try:
                self.tmp.unlink(missing_ok=True)
            except OSError:
                pass


def _prune(folder: Path, keep: int = 64) -> None:
    entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        for path in (old, old.with_suffix(".txt")):
            try:
                path.unlink()
            except OSError:
                pass
