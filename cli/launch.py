"""The console script's entry point: kept free of heavy imports so that a repeated check can be
answered from the cache (gongkai.cli.fast_check) before typer, pydantic and the rules are loaded."""
from __future__ import annotations

import sys


def main() -> None:
    from gongkai.cli.fast_check import try_cached_report

    code = try_cached_report(sys.argv[1:])
    if code is None:
        from gongkai.cli.fast_show import try_item_show

        code = try_item_show(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from gongkai.catalog import heap

    if sys.argv[1:2] != ["serve"]:     # the web server lives on; every other command runs once
        heap.one_shot_process()
    from gongkai.cli.app import app, keep_only
    from gongkai.cli.common import run_app

    if sys.argv[1:] and not sys.argv[1].startswith("-"):
        keep_only(sys.argv[1])
    run_app(app)


if __name__ == "__main__":
    main()
