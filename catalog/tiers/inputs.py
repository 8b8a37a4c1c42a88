"""The parent's files a derived workspace's check depends on (for the check cache key).

Standard library only: the fast path of a cached `gongkai check` computes its key with it
before pydantic or the rules are loaded.
"""
from __future__ import annotations

import tomllib
from pathlib import Path


def parent_inputs(root: Path) -> tuple[list[Path], str]:
    """(the parent's gongkai.toml and domain files, a note for a missing parent); ([], "") if not derived."""
    try:
        parent = tomllib.loads((root / "gongkai.toml").read_text("utf-8")).get("parent")
    except (OSError, ValueError):
        return [], ""
    if not isinstance(parent, dict) or not isinstance(parent.get("path"), str):
        return [], ""
    folder = root / parent["path"]
    if not (folder / "gongkai.toml").is_file():
        return [], f"parent missing: {folder}"
    return [folder / "gongkai.toml", *sorted((folder / "domains").glob("*.toml"))], ""
