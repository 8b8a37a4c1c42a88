"""Where a command may write its -o file: never over the workspace's own files, never a file whose
extension says another format, and never into folders that do not exist without saying so."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from gongkai.catalog.errors import UsageError, display_path

# what each output format is written as; a -o file with another of these extensions is refused
FORMAT_SUFFIXES = {
    "xlsx": {".xlsx"}, "csv": {".csv"}, "json": {".json"}, "md": {".md", ".markdown"},
    "markdown": {".md", ".markdown"}, "html": {".html", ".htm"}, "sarif": {".sarif", ".json"},
    "junit": {".xml"}, "graphml": {".graphml", ".xml"}, "toml": {".toml"}, "svg": {".svg"},
    "png": {".png"}, "pdf": {".pdf"},
}
KNOWN_SUFFIXES = set().union(*FORMAT_SUFFIXES.values())
# the files and folders a workspace reads: a report written there would destroy the catalogue
WORKSPACE_FILES = ("gongkai.toml", "users.toml")
WORKSPACE_FOLDERS = ("domains", "records", "rules", "requests")


def workspace_of(path: Path) -> Optional[Path]:
    """The nearest folder at or above ``path``'s folder that holds a gongkai.toml."""
    for folder in [path.parent, *path.parent.parents]:
        if (folder / "gongkai.toml").is_file():
            return folder
    return None


def check_target(output: Path, fmt: Optional[str], root: Optional[Path] = None) -> list[Path]:
    """Refuse a -o file that cannot be right (exit 2); return the folders writing it will create."""
    shown = display_path(output)
    target = output.expanduser().resolve()
    if target.is_dir():
        raise UsageError(f"-o {shown} is a folder; name the file to write, e.g. {shown}/report.{fmt or 'txt'}")
    suffix = target.suffix.lower()
    allowed = FORMAT_SUFFIXES.get(fmt or "")
    if allowed is not None and suffix in KNOWN_SUFFIXES - allowed:
        raise UsageError(f"-o {shown} ends {suffix}, but the format is {fmt}; "
                         f"name a file ending {' or '.join(sorted(allowed))}, or choose the format that fits")
    if allowed is None and suffix in KNOWN_SUFFIXES - {".md", ".markdown"}:
        raise UsageError(f"-o {shown} ends {suffix}, but the format is {fmt or 'text'}; "
                         "use --format to say which format to write")
    for ws in {r.resolve() for r in (root, workspace_of(target)) if r is not None}:
        own = [ws / name for name in WORKSPACE_FILES] + [ws / name for name in WORKSPACE_FOLDERS]
        if any(target == p or p in target.parents for p in own) or target.name.startswith(".gongkai"):
            raise UsageError(f"-o {shown} is one of the workspace's own files (gongkai.toml, users.toml, "
                             "domains/, records/, rules/, requests/); writing a report there would destroy "
                             "them. Write it elsewhere, e.g. next to the workspace")
    return [p for p in reversed(target.parents) if not p.exists()]
