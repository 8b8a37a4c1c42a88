"""One key set in gongkai.toml without rewriting the file: the officer's comments and layout stay."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from gongkai.catalog.errors import UsageError
from gongkai.catalog.lock import workspace_lock
from gongkai.catalog.toml_store import atomic_write, dumps

CONFIG_NAME = "gongkai.toml"


def set_config_value(root: Path, table: str, key: str, value) -> bool:
    """Set ``[table] key = value`` in the workspace's gongkai.toml; False when it already was so.

    The line is inserted under the table's header (or a new table is appended), and the result is
    parsed back before it is written, so a file that would not load is never left behind.
    """
    path = root / CONFIG_NAME
    with workspace_lock(root):
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
        current = data.get(table, {})
        if current.get(key) == value:
            return False
        line = dumps({key: value}).strip()
        if key in current:
            raise UsageError(f"{CONFIG_NAME}: [{table}] {key} is already set to {current[key]!r}; "
                             f"change it by hand to {value!r} if that is what you want")
        header = re.search(rf"^\[{re.escape(table)}\][ \t]*(#.*)?$", text, re.M)
        if header:
            end = header.end()
            new = text[:end] + "\n" + line + text[end:]
        else:
            new = text.rstrip("\n") + f"\n\n[{table}]\n{line}\n"
        if tomllib.loads(new).get(table, {}).get(key) != value:
            raise UsageError(f"{CONFIG_NAME}: could not add [{table}] {line} safely; add it by hand")
        atomic_write(path, new)
        return True
