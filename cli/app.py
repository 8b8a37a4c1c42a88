"""The `gongkai` command: one typer app, commands registered by purpose.

Each command module exposes ``register(app)``; heavy imports stay inside the
command bodies so that ``gongkai --help`` stays fast.
"""
from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="gongkai",
    help="gongkai 基层政务公开标准目录 — catalogues, lifecycle, checks and assessment.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Order here is the order of the groups in `gongkai --help`.
COMMAND_MODULES = [
    "gongkai.cli.catalogue_cmds",
    "gongkai.cli.table_cmds",
    "gongkai.cli.lifecycle_cmds",
    "gongkai.cli.check_cmds",
    "gongkai.cli.ready_cmd",
    "gongkai.cli.workdays_cmd",
    "gongkai.cli.records_cmds",
    "gongkai.cli.assessment_cmds",
    "gongkai.cli.report_cmds",
    "gongkai.cli.request_cmds",
    "gongkai.cli.site_cmds",
    "gongkai.cli.tier_cmds",
    "gongkai.cli.user_cmds",
    "gongkai.cli.flag_cmds",
    "gongkai.cli.serve_cmd",
]



def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"gongkai {version('gongkai')}")
        except PackageNotFoundError:        # run from a source tree that was never installed
            typer.echo("gongkai (not installed: no package metadata)")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", is_eager=True, callback=_print_version,
                                       help="Print the installed version and exit.")) -> None:
    """gongkai 基层政务公开标准目录 — catalogues, lifecycle, checks and assessment."""


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def keep_only(name: str) -> bool:
    """Drop every command but ``name`` before the app runs; False (nothing dropped) if no command has it.

    typer turns every registered command into a click command each time the app starts, ~0.1 s for
    this many: a one-item command (`gongkai item show CODE`) builds only its own. Help and unknown
    commands keep all, so `gongkai --help` and "No such command" read as always."""
    from typer.main import get_command_name

    commands = [c for c in app.registered_commands if (c.name or get_command_name(c.callback.__name__)) == name]
    groups = [g for g in app.registered_groups if (g.name or g.typer_instance.info.name) == name]
    if not commands and not groups:
        return False
    app.registered_commands[:] = commands
    app.registered_groups[:] = groups
    return True
