"""Creating a township or village workspace from its parent, and writing a derived config.

`gongkai init DIR --level township --parent ../district` makes an empty workspace, names the
parent in ``[parent]`` and claims every parent item for the level, in one locked step.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from gongkai.catalog.errors import InputError, Problem, UsageError, display_path
from gongkai.catalog.tiers import claim as claiming
from gongkai.catalog.tiers.parent import check_new_child, relative_path
from gongkai.catalog.tiers.refs import ParentRef

if TYPE_CHECKING:  # pragma: no cover
    from gongkai.catalog.workspace import Workspace


def init_derived(root: Path, region: str, name: str, level: str, parent_dir: Path) -> tuple["Workspace", int]:
    """A new workspace claiming its parent's items for ``level``; returns it and the number claimed."""
    from gongkai.catalog.workspace import CONFIG_NAME, Workspace, find_root, init_workspace, load_config

    if not Path(parent_dir).is_dir():
        raise UsageError(f"--parent {display_path(parent_dir)}: no such folder")
    parent_root = find_root(Path(parent_dir))
    parent_cfg = load_config(parent_root)
    check_new_child(parent_cfg, level, region)
    parent = Workspace.load(parent_root)
    if (root / CONFIG_NAME).exists():
        raise UsageError(f"{display_path(root)} already holds a workspace ({CONFIG_NAME})")
    init_workspace(root, region, name, level, adopt=False)
    with Workspace.transaction(root) as ws:
        ws.config.parent = ParentRef(path=relative_path(root, parent_root), region=parent_cfg.unit.region,
                                     name=parent_cfg.unit.name)
        claimed = claiming.claim(ws, parent)
        save_with_config(ws)
    return ws, len(claimed)


def save_with_config(ws: "Workspace", force: bool = False) -> list[Path]:
    """Write gongkai.toml and the changed domain files as one step (inside ``Workspace.transaction``);
    returns the files written.

    gongkai.toml is rewritten in canonical form, so hand-written comments in it are refused unless forced.
    """
    from gongkai.catalog.toml_store import atomic_write_many, comment_lines, parse_toml
    from gongkai.catalog.workspace import CONFIG_NAME, Config, render_config

    writes = ws.pending_writes()
    # gongkai.toml is rewritten only when its content changed (a sync that claims nothing leaves it as written)
    changed = not ws.config_text or Config.model_validate(parse_toml(ws.config_text, CONFIG_NAME)) != ws.config
    text = render_config(ws.config) if changed else ws.config_text
    if not force:
        problems = []
        if changed and "#" in ws.config_text and comment_lines(ws.config_text):
            lines = comment_lines(ws.config_text)
            problems.append(Problem(f"has hand-written comments on line(s) {', '.join(map(str, lines[:8]))} that "
                                    "rewriting would lose; move them into the fields they explain, or run again "
                                    "with --force", file=display_path(ws.root / CONFIG_NAME), line=lines[0]))
        problems += [Problem("has hand-written comments that rewriting would lose; move them into `note` fields, "
                             "or run again with --force", file=display_path(d.path), line=d.comments[0])
                     for d, _ in writes if d.comments]
        if problems:
            raise InputError(problems)
    files = [(ws.root / CONFIG_NAME, text.encode("utf-8"))] if text != ws.config_text else []
    files += [(d.path, t.encode("utf-8")) for d, t in writes]
    written = atomic_write_many(files)
    for d, t in writes:
        d.text, d.comments, d._lines = t, [], None
    ws.config_text = text
    return written      # the transaction's own save then finds nothing left to write

