"""Write a built site into its folder: only files whose bytes changed, all or nothing, and the
files of an earlier build that are no longer part of the site removed.

The folder's manifest (``.gongkai-site.json``) lists the files a build wrote, so a rebuild
removes only its own stale pages (a withdrawn item's page) and never a file it did not write;
a non-empty folder without a manifest is refused. The manifest also keeps the key (a hash of
everything a file is made from) of item pages and QR codes, so a rebuild neither renders nor
compares the thousands of them whose inputs did not change.

Changed files are staged beside their targets and renamed in one go with Ctrl-C held back, as
the workspace store does, but without an fsync per file: a site is rebuilt from the workspace
at any time, and 15,000 fsyncs took minutes.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.catalog.errors import UsageError, display_path
from gongkai.catalog.toml_store import signals_held

MANIFEST = ".gongkai-site.json"


@dataclass
class WriteStats:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


class SiteFolder:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.files: dict[str, bytes] = {}
        self.kept: dict[str, str] = {}          # rel → key: generated files carried over unchanged
        self.keys: dict[str, str] = {}
        old = self._old_manifest()
        self.old_files: list[str] = old.get("files", [])
        self.old_keys: dict[str, str] = old.get("keys", {})

    def _old_manifest(self) -> dict:
        path = self.out / MANIFEST
        if path.is_file():
            try:
                return json.loads(path.read_text("utf-8"))
            except (ValueError, UnicodeDecodeError):
                raise UsageError(f"{display_path(path)} is not a gongkai site manifest; remove it or "
                                 "choose another folder") from None
        if self.out.exists() and not self.out.is_dir():
            raise UsageError(f"-o {display_path(self.out)} is a file; give a folder for the site")
        if self.out.is_dir() and any(self.out.iterdir()):
            raise UsageError(f"-o {display_path(self.out)} holds files that no gongkai site build wrote "
                             f"(no {MANIFEST}); choose an empty or new folder, so that nothing of yours is "
                             "overwritten")
        return {}

    def add(self, rel: str, data: bytes) -> None:
        self.files[rel] = data

    def unchanged_generated(self, rel: str, key: str) -> bool:
        """True (and the file is kept) when an earlier build wrote ``rel`` from the same ``key``."""
        if self.old_keys.get(rel) == key and (self.out / rel).is_file():
            self.kept[rel] = key
            self.keys[rel] = key
            return True
        return False

    def add_generated(self, rel: str, key: str, data: bytes) -> None:
        self.files[rel] = data
        self.keys[rel] = key

    def commit(self) -> WriteStats:
        names = sorted(set(self.files) | set(self.kept))
        manifest = json.dumps({"format": "gongkai-site", "version": 1, "files": names,
                               "keys": dict(sorted(self.keys.items()))}, ensure_ascii=False, indent=0)
        self.files[MANIFEST] = (manifest + "\n").encode("utf-8")
        self.out.mkdir(parents=True, exist_ok=True)
        changed = _write_changed(self.out, self.files)
        stats = WriteStats(sorted(rel for rel in changed if rel != MANIFEST))
        stats.unchanged = len(names) - len(stats.written)
        wanted = set(names)
        for rel in self.old_files:
            if rel not in wanted and (self.out / rel).is_file():
                (self.out / rel).unlink()
                stats.removed.append(rel)
                _prune_empty(self.out, (self.out / rel).parent)
        return stats


def _write_changed(out: Path, files: dict[str, bytes]) -> list[str]:
    """Stage every file whose bytes differ, then rename them all into place; returns their names."""
    staged: list[tuple[str, Path, str]] = []
    try:
        for rel, data in sorted(files.items()):
            path = out / rel
            try:
                if path.stat().st_size == len(data) and path.read_bytes() == data:
                    continue
            except FileNotFoundError:
                pass
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o644)
            staged.append((tmp, path, rel))
    except BaseException:
        for tmp, _, _ in staged:
            os.unlink(tmp)
        raise
    with signals_held():
        for tmp, path, _ in staged:
            os.replace(tmp, path)
    return [rel for _, _, rel in staged]


def _prune_empty(root: Path, folder: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        os.rmdir(folder)
        folder = folder.parent
