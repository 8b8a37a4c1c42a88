"""Answer `gongkai item show CODE` before typer and the command modules load.

An officer looks an item up many times a day; typer and the fifteen command modules cost ~0.13 s
of the ~0.3 s such a look-up took. This reads exactly ``item show CODE [-w DIR] [--format
text|json]`` itself, reads only the item's block (``catalog.one_domain.read_one_item``) and prints
what the command prints (``cli.item_views.item_show_text``). Anything else — another option, a code
it cannot find that way, a claimed item (三级 provenance) — returns None and the full command runs.
"""
from __future__ import annotations

import sys

from gongkai.cli.fast_check import find_workspace, read_argv


def _parse(args: list[str]) -> dict | None:
    opts = read_argv(args, {"-w": "workspace", "--workspace": "workspace", "--format": "format"}, {}, (),
                     {"code": None, "workspace": None, "format": "text"}, "code")
    return opts if opts and opts["code"] is not None and opts["format"] in ("text", "json") else None


def try_item_show(argv: list[str]) -> int | None:
    """The exit code after showing the item, or None to run the command normally."""
    if argv[:2] != ["item", "show"]:
        return None
    opts = _parse(argv[2:])
    root = find_workspace(opts["workspace"]) if opts is not None else None
    if root is None:
        return None
    from gongkai.catalog.one_domain import read_one_item

    found = read_one_item(root, opts["code"])
    if found is None or found[1].parent is not None:
        return None
    from gongkai.cli.item_views import item_show_text

    sys.stdout.write(item_show_text(found[1], found[0], root, opts["format"]) + "\n")
    return 0
