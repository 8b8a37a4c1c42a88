"""Finding a derived workspace's parent: never silently, never a different unit.

The parent is named in gongkai.toml ``[parent]`` by its folder (relative to the child's) and
its region. A folder that is gone, is not a workspace, or holds another unit (it was moved
and something else took its place) is an input error naming gongkai.toml's ``[parent]`` line.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from gongkai.catalog.errors import InputError, UsageError, display_path
from gongkai.catalog.toml_store import LineMap

if TYPE_CHECKING:  # pragma: no cover
    from gongkai.catalog.workspace import Workspace

# 公开层级 a unit of each level discloses at, and the levels above it
LEVEL_LABEL = {"county": "县级", "township": "乡级", "village": "村级"}
RANK = {"county": 0, "township": 1, "village": 2}
REGION_DIGITS = {"county": 6, "township": 9, "village": 12}


def parent_root(ws: "Workspace") -> Path:
    ref = ws.config.parent
    if ref is None:
        raise UsageError(f"{display_path(ws.root)} is not derived from a parent catalogue (no [parent] in "
                         "gongkai.toml); create a township or village workspace with "
                         "`gongkai init DIR --region CODE --name NAME --level township --parent ../DISTRICT`")
    return (ws.root / ref.path)


def _where(ws: "Workspace", field: str = "parent.path") -> dict:
    from gongkai.catalog.workspace import CONFIG_NAME

    return {"file": display_path(ws.root / CONFIG_NAME), "line": LineMap(ws.config_text).top_line(field),
            "field": field}


def check_parent_folder(child: "Workspace") -> Optional[str]:
    """Why the parent cannot be opened (folder gone or not a workspace), or None. Cheap: no load."""
    from gongkai.catalog.workspace import CONFIG_NAME

    root = parent_root(child)
    ref = child.config.parent
    if not root.is_dir():
        return (f"the parent folder {ref.path!r} ({display_path(root)}) does not exist: was {ref.name or ref.region} "
                "moved? set [parent] path to its folder")
    if not (root / CONFIG_NAME).is_file():
        return f"the parent folder {ref.path!r} ({display_path(root)}) is not a gongkai workspace (no {CONFIG_NAME})"
    return None


def open_parent(child: "Workspace") -> "Workspace":
    """The parent workspace, loaded; a missing, moved or replaced parent is an input error."""
    from gongkai.catalog.workspace import Workspace, load_config

    problem = check_parent_folder(child)
    if problem:
        raise InputError.single(problem, **_where(child), expected="the folder of the parent workspace")
    root = parent_root(child)
    ref = child.config.parent
    config = load_config(root)
    if config.unit.region != ref.region:
        raise InputError.single(
            f"{display_path(root)} holds {config.unit.name} ({config.unit.region}), not the parent "
            f"{ref.name or ''} ({ref.region}) this workspace claims from; the parent folder was moved or replaced",
            **_where(child, "parent.region"), expected=f"the folder of the workspace with region {ref.region}")
    return Workspace.load(root)


def check_new_child(parent_cfg, level: str, region: str) -> None:
    """A child one or two levels below its parent, with a region code inside the parent's."""
    if level not in ("township", "village"):
        raise UsageError("--parent is for a township or village workspace: add --level township or --level village")
    if RANK[level] <= RANK[parent_cfg.unit.level]:
        raise UsageError(f"a {level} cannot claim from a {parent_cfg.unit.level} workspace "
                         f"({parent_cfg.unit.name}): the parent must be a level above")
    if len(region) != REGION_DIGITS[level]:
        raise UsageError(f"--region {region!r}: a {level}'s 统计用区划代码 has {REGION_DIGITS[level]} digits "
                         f"(e.g. {parent_cfg.unit.region}{'0' * (REGION_DIGITS[level] - len(parent_cfg.unit.region) - 1)}1)")
    if not region.startswith(parent_cfg.unit.region):
        raise UsageError(f"--region {region} is not inside the parent's region {parent_cfg.unit.region} "
                         f"({parent_cfg.unit.name})")


def relative_path(child_root: Path, parent: Path) -> str:
    """The parent's folder as the child's gongkai.toml names it: relative, so the tree can move as a whole."""
    return Path(os.path.relpath(parent.resolve(), child_root.resolve())).as_posix()
