"""Answer a repeated `gongkai check` from the cache before the application loads.

Loading typer, pydantic and the rules costs about half a second; a check of files that have
not changed since the same command last ran needs none of it. This module reads the command
line itself (only the options of `check` that shape its report), computes the same key as
`check` does (`gongkai.rules.engine.cache.report_key`) and prints the stored report. Anything it does
not understand — another command, an unknown option, a terminal (coloured output), a missing
entry — returns None and the normal command runs.
"""
from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from gongkai.catalog import clock

_VALUED = {"--format": "format", "-o": "output", "--output": "output", "-w": "workspace", "--workspace": "workspace",
           "--fail-on": "fail_on", "--select": "select", "--ignore": "ignore", "--baseline": "baseline",
           "--as-of": "as_of", "--domain": "domain", "-d": "domain", "--lang": "lang"}
_FLAGS = {"-q": "quiet", "--quiet": "quiet", "--no-baseline": "no_baseline", "-v": "verbose", "--verbose": "verbose"}


def read_argv(args: list[str], valued: dict[str, str], flags: dict[str, str], lists: tuple[str, ...],
              opts: dict, positional: str) -> dict | None:
    """Options of a fast path read from ``args`` into ``opts`` (its defaults), as click would read
    them; None for anything it does not read the same way, and the full command runs.

    ``valued``: option → key taking a value (``--x V`` or ``--x=V``); ``flags``: option → key set
    True; ``lists``: keys whose comma-separated values add up; ``positional``: the key of the one
    argument."""
    given: set[str] = set()
    i = 0
    while i < len(args):
        arg = args[i]
        name, eq, value = arg.partition("=")
        if eq and not name.startswith("--") and name in valued:
            return None          # click reads `-w=DIR` as the value "=DIR": let it say so
        if name in valued:
            if not eq:
                i += 1
                if i >= len(args):
                    return None
                value = args[i]
            key = valued[name]
            if key in lists:
                opts[key].extend(v.strip() for v in value.split(",") if v.strip())
            elif key in given:
                return None  # given twice: let the real parser decide
            else:
                given.add(key)
                opts[key] = value
        elif arg in flags and not eq:
            opts[flags[arg]] = True
        elif not arg.startswith("-") and opts[positional] is None:
            opts[positional] = arg
        else:
            return None
        i += 1
    return opts


def _parse(args: list[str]) -> dict | None:
    opts: dict = {"format": "human", "output": None, "workspace": None, "fail_on": None, "select": [],
                  "ignore": [], "baseline": None, "as_of": None, "quiet": False, "no_baseline": False, "path": None,
                  "verbose": False, "domain": None, "lang": "zh"}
    return read_argv(args, _VALUED, _FLAGS, ("select", "ignore"), opts, "path")


def find_workspace(given: str | None) -> Path | None:
    """The workspace a fast path may serve: the one given, or the nearest upward; None to leave it
    to the full command (which explains what is wrong)."""
    if given is not None:
        root = Path(given)
        return root if (root / "gongkai.toml").is_file() else None
    here = Path.cwd().resolve()
    return next((f for f in (here, *here.parents) if (f / "gongkai.toml").is_file()), None)


def try_cached_report(argv: list[str]) -> int | None:
    """The exit code after printing a cached report, or None to run the command normally."""
    if not argv or argv[0] != "check" or os.environ.get("GONGKAI_NO_CACHE"):
        return None
    opts = _parse(argv[1:])
    if opts is None or opts["format"] == "xlsx" or (opts["path"] and opts["workspace"]):
        return None
    if opts["output"] is None and sys.stdout.isatty():
        return None  # coloured terminal output is not cached
    root = find_workspace(opts["path"] or opts["workspace"])
    if root is None:
        return None
    try:
        today = date.fromisoformat(opts["as_of"]) if opts["as_of"] else clock.today()
    except ValueError:
        return None
    from gongkai.rules.engine import cache as check_cache

    options = {"format": opts["format"], "output": os.path.abspath(opts["output"]) if opts["output"] else None,
               "quiet": opts["quiet"], "fail_on": opts["fail_on"], "select": opts["select"],
               "ignore": opts["ignore"], "baseline": os.path.abspath(opts["baseline"]) if opts["baseline"] else None,
               "no_baseline": opts["no_baseline"], "verbose": opts["verbose"], "domain": opts["domain"],
               "lang": opts["lang"]}
    try:
        hit = check_cache.load_output(check_cache.report_key(check_cache.files_digest(root, today), root, options))
    except OSError:
        return None
    if hit is None:
        return None
    # The stored bytes go out as they are: decoding a large report would cost more than the check.
    if opts["output"]:
        from gongkai.catalog.toml_store import atomic_write_bytes

        try:
            atomic_write_bytes(Path(opts["output"]), hit["data"] + b"\n")
        except OSError:
            return None     # the full command says what is wrong with the file, with its name
        print(hit["summary"])
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(hit["data"] + b"\n")
        sys.stdout.flush()
    return int(hit["exit"])
