"""Reading and writing TOML files: canonical, atomic, and honest about comments.

Reading is tomllib, writing tomli-w. A write goes to a temporary file in the same
folder, is fsynced and renamed over the target, so a killed command leaves the old
file or the new one, never half of either; identical content is not written at all.
tomllib drops comments, so a file with hand-written comments is only rewritten when
the caller says so (``--force``); notes belong in ``note`` fields.
"""
from __future__ import annotations

import os
import re
import secrets
import signal
import sys
import tempfile
import threading
import tomllib
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import tomli_w

from gongkai.catalog.errors import InputError, display_path

_DECODE_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


try:  # rtoml parses the same documents ~4x faster; tomllib stays the reference for errors
    import rtoml as _fast
except ImportError:  # pragma: no cover - rtoml ships wheels for the usual platforms
    _fast = None


def parse_toml(text: str, path: Path | str) -> dict[str, Any]:
    """Parse TOML text; a syntax error names the file and line."""
    if _fast is not None:
        try:
            return _fast.loads(text)
        except Exception:
            pass  # let tomllib decide, and word the error
    try:
        return tomllib.loads(text)
    except RecursionError:      # arrays nested thousands deep: no catalogue file is like that
        raise InputError.single("not valid TOML: nested too deeply to read", file=display_path(path),
                                expected="TOML syntax (see README, 'Workspace format')") from None
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _DECODE_AT.search(msg)
        line = int(m.group(1)) if m else (text.count("\n") + 1 if "end of document" in msg else None)
        reason = _DECODE_AT.sub("", msg).strip()
        raise InputError.single(f"not valid TOML: {reason}", file=display_path(path), line=line,
                                expected="TOML syntax (see README, 'Workspace format')") from None


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """(data, text) of a TOML file; unreadable or non-UTF-8 files are input errors."""
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise InputError.single("file not found", file=display_path(path)) from None
    except UnicodeDecodeError as exc:
        raise InputError.single(f"not UTF-8 text (byte {exc.start})", file=display_path(path),
                                expected="a UTF-8 encoded TOML file") from None
    return parse_toml(text, path), text


def prune(value: Any) -> Any:
    """Drop None and empty containers (tomli-w cannot write None; empties are noise)."""
    # Scalars are not passed down: a rendered 150k-item workspace holds millions of them.
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if v is None:
                continue
            if isinstance(v, (list, dict)):
                v = prune(v)
                if not v:
                    continue
            out[k] = v
        return out
    if isinstance(value, list):
        return [prune(v) if isinstance(v, (list, dict)) else v for v in value]
    return value


def share_repeated_strings(value: Any, table: dict[str, str] | None = None) -> None:
    """Make equal strings in parsed data one object (in place), before models are built from it.

    A catalogue repeats its channels, bodies, deadlines, element names and basis titles on every
    item, and the TOML parser makes each occurrence its own string: on 15,000 items 27 MB of
    strings are 1 MB once shared (the bundled example: 0.6 → 0.2 MB). ~9 µs an item."""
    table = {} if table is None else table
    share = table.setdefault
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for k, x in node.items():
                if type(x) is str:
                    node[k] = share(x, x)
                elif isinstance(x, (dict, list)):
                    stack.append(x)
        elif isinstance(node, list):
            for i, x in enumerate(node):
                if type(x) is str:
                    node[i] = share(x, x)
                elif isinstance(x, (dict, list)):
                    stack.append(x)


def dumps(data: dict[str, Any]) -> str:
    return dumps_pruned(prune(data))


def dumps_pruned(data: dict[str, Any]) -> str:
    """``dumps`` of data already pruned (nothing None or empty in it)."""
    return tomli_w.dumps(data, indent=2)


def comment_lines(text: str) -> list[int]:
    """Line numbers holding a `#` comment (outside strings). Multi-line strings are skipped."""
    found: list[int] = []
    in_multi: str | None = None
    # Without multi-line strings only lines holding '#' can hold a comment: skip the rest fast.
    simple = '"""' not in text and "'''" not in text
    for number, line in enumerate(text.splitlines(), 1):
        if simple and "#" not in line:
            continue
        i, n = 0, len(line)
        quote: str | None = None
        while i < n:
            if in_multi:
                end = line.find(in_multi, i)
                if end < 0:
                    break
                i, in_multi = end + 3, None
                continue
            ch = line[i]
            if quote:
                if ch == "\\" and quote == '"':
                    i += 2
                    continue
                if ch == quote:
                    quote = None
            elif line.startswith('"""', i) or line.startswith("'''", i):
                in_multi = line[i:i + 3]
                i += 3
                continue
            elif ch in "\"'":
                quote = ch
            elif ch == "#":
                found.append(number)
                break
            i += 1
    return found


def atomic_write(path: Path, text: str) -> bool:
    """Write text to path atomically; return False (and write nothing) when unchanged."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> bool:
    """Write bytes atomically (temporary file in the same folder, fsync, rename); skip if unchanged.

    A target that is not a regular file (``-o /dev/null``, a pipe) is written to directly:
    renaming over it would replace the device.
    """
    return bool(atomic_write_many([(path, data)]))


# The last multi-file write of this process: None while one is in progress (or none happened),
# else the files it changed. The CLI's "interrupted" message says from it what was kept.
last_completed_write: list[Path] | None = None


def atomic_write_many(files: list[tuple[Path, bytes]], journal_root: Path | None = None) -> list[Path]:
    """Write several files as one step; return the ones that changed.

    Every new content first goes to a fsynced temporary file beside its target; only when all are
    written are they renamed into place, one after the other with Ctrl-C and SIGTERM held back,
    so an interrupted or failed command leaves all the files as they were or all as new. With
    ``journal_root`` (a workspace), the renames are recorded in its journal first, so that even
    ``kill -9`` between two renames is completed by the next command (``catalog.journal``).
    A file the user made read-only is refused, not replaced.
    """
    global last_completed_write
    last_completed_write = None
    staged: list[tuple[str, Path]] = []
    direct: list[Path] = []
    # A signal can land inside mkstemp, after the file exists but before its name reaches us:
    # this call's temporaries carry one token, so the clean-up finds them by name.
    token = f"{os.getpid()}-{secrets.token_hex(4)}"
    journaled = journal_root is not None and len(files) > 1
    renaming = False
    try:
        for path, data in files:
            if path.exists() and not path.is_file():
                with open(path, "wb") as fh:
                    fh.write(data)
                direct.append(path)
                continue
            try:
                if path.read_bytes() == data:
                    continue
            except FileNotFoundError:
                pass
            if _read_only(path):
                raise PermissionError(13, "the file is read-only", str(path))
            staged.append((_staged_copy(path, data, token), path))
        journaled = journaled and len(staged) > 1
        with signals_held():
            if journaled:
                from gongkai.catalog import journal

                journal.write(journal_root, staged, " ".join(["gongkai", *sys.argv[1:]])[:200])
            renaming = True
            for tmp, path in staged:
                os.replace(tmp, path)
    except BaseException:
        if not renaming:        # from the first rename on, the journal finishes the step
            _unlink_staged(files, token)
        raise
    for folder in {path.parent for _, path in staged}:
        _fsync_dir(folder)
    if journaled:
        journal.clear(journal_root)
    last_completed_write = direct + [path for _, path in staged]
    return last_completed_write


def _read_only(path: Path) -> bool:
    return path.exists() and not os.access(path, os.W_OK)


def _staged_copy(path: Path, data: bytes, token: str) -> str:
    """The new content in a fsynced temporary file beside ``path``, with ``path``'s permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{token}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _file_mode(path))  # mkstemp makes 0600; keep the file readable as before
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _unlink_staged(files: list[tuple[Path, bytes]], token: str) -> None:
    """Remove every temporary this call made (``token`` names them), known to it or not."""
    for folder in {path.parent for path, _ in files}:
        for tmp in folder.glob(f".*.{token}.*.tmp"):
            _unlink(str(tmp))


def _unlink(name: str) -> None:
    try:
        os.unlink(name)
    except FileNotFoundError:
        pass


@contextmanager
def signals_held():
    """Hold back Ctrl-C and SIGTERM for a few renames, then act on them (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {sig: signal.signal(sig, lambda n, _frame: caught.append(n)) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if caught:
            os.kill(os.getpid(), caught[0])   # now, with the files consistent


def _file_mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class LineMap:
    """Where things are in a TOML text: the line of each [[items]] (or other array) block and its keys.

    Built lazily, only when a message needs a line number. A line inside a hand-written
    multi-line string that looks like ``key = …`` is taken for a key (the store never writes
    multi-line strings).
    """

    # One pass of the regex engine over the text finds the lines that matter: table headers and
    # lines that begin with a key. Array elements ("政府网站",) and inline tables ({ name = … })
    # never match. Each match starts at its line's newline, and split() hands back the text
    # between matches with the captured groups, so no match objects are built and line numbers
    # come from counting the newlines in between.
    _LINE = re.compile(r"""\n[ \t]*(?:\[\[[ \t]*([\w.]+)[ \t]*\]\]|\[[ \t]*([\w.]+)[ \t]*\]|("?)([\w\-.]+)\3[ \t]*=)""")

    def __init__(self, text: str, array: str = "items") -> None:
        self.items: list[int] = []                 # line of each [[items]] header
        # Per item: dotted key → line counted from the item's header. Offsets are small ints, which
        # Python shares, and the keys are interned: a checked 150,000-item workspace keeps every map.
        self.keys: list[dict[str, int]] = []
        self.top: dict[str, int] = {}              # keys outside items, e.g. "domain.code"
        sub = array + "."
        prefix = ""
        current: dict[str, int] | None = None
        target = self.top                           # where the keys of the current table go
        base = 0                                    # the line that target's lines count from
        intern = sys.intern
        pieces = iter(self._LINE.split("\n" + text))  # the added newline lets line 1 match
        number = next(pieces).count("\n")
        for array_name, table, _, key, between in zip(pieces, pieces, pieces, pieces, pieces):
            number += 1                              # the newline the match starts with
            if key is not None:                      # most matches are keys
                key = intern(prefix + key if prefix else key)
                if key not in target:
                    target[key] = number - base
            elif array_name is not None:
                if array_name == array:
                    current, prefix, base = {}, "", number
                    self.items.append(number)
                    self.keys.append(current)
                    target = current
                else:
                    current, prefix, target, base = None, array_name + ".", self.top, 0
            elif current is not None and table.startswith(sub):
                prefix = table[len(sub):] + "."
                current.setdefault(intern(table[len(sub):]), number - base)
            else:
                current, prefix, target, base = None, table + ".", self.top, 0
                self.top.setdefault(table, number)
            number += between.count("\n")

    def item_line(self, index: int) -> int | None:
        return self.items[index] if 0 <= index < len(self.items) else None

    def key_line(self, index: int, dotted: str) -> int | None:
        """Line of exactly this key in item ``index``, or None."""
        offset = self.keys[index].get(dotted) if 0 <= index < len(self.keys) else None
        return None if offset is None else self.items[index] + offset

    def field_line(self, index: int, dotted: str | None) -> int | None:
        """Line of a (possibly nested) key in item ``index``; falls back to its parent, then the item."""
        if not (0 <= index < len(self.keys)):
            return None
        keys, start = self.keys[index], self.items[index]
        line = keys.get(dotted) if dotted else None
        if line:
            return start + line
        parts = dotted.split(".") if dotted else []
        while parts:
            line = keys.get(".".join(parts))
            if line:
                return start + line
            parts.pop()
        return start

    def top_line(self, dotted: str) -> int | None:
        parts = dotted.split(".")
        while parts:
            line = self.top.get(".".join(parts))
            if line:
                return line
            parts.pop()
        return None
