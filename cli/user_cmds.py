"""Accounts of the web workbench: `gongkai user add|passwd|rm|list` (users.toml, argon2 hashes)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from gongkai.cli.common import PANEL_CATALOGUE, WorkspaceOption, check_format, emit_json, workspace_root

user_app = typer.Typer(help="Accounts 账号 of the web workbench (officer, department, assessor).",
                       no_args_is_help=True)

StdinOption = typer.Option(False, "--password-stdin", help="Read the password from the first line of stdin (scripts).")


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user", rich_help_panel=PANEL_CATALOGUE)


def _password(from_stdin: bool) -> str:
    """The new password: stdin's first line, or asked twice without echo."""
    import getpass

    from gongkai.catalog.errors import UsageError

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UsageError("no terminal to ask the password on; pipe it in with --password-stdin")
    first = getpass.getpass("新密码 New password: ")
    if getpass.getpass("再输一次 Again: ") != first:
        raise UsageError("the two passwords differ; nothing was changed")
    return first


@user_app.command("add")
def add(
    name: str = typer.Argument(..., help="Account name (login)."),
    role: str = typer.Option(..., "--role", help="officer | department | assessor"),
    dept: Optional[str] = typer.Option(None, "--dept", help="For --role department: its [[departments]] entry."),
    full_name: Optional[str] = typer.Option(None, "--full-name", help="The person's name, shown in the workbench."),
    password_stdin: bool = StdinOption,
    workspace: Optional[Path] = WorkspaceOption,
) -> None:
    """Add an account; the password is asked (never a default) and stored as an argon2 hash."""
    from gongkai.catalog.users import ROLE_LABELS, add_user, check_password

    root = workspace_root(workspace)
    password = _password(password_stdin)
    check_password(password)
    user = add_user(root, name, role, password, dept, full_name)
    typer.echo(f"added {user.name}: {ROLE_LABELS[user.role]} {user.role}"
               + (f", department {user.department}" if user.department else ""))


@user_app.command("passwd")
def passwd(name: str = typer.Argument(...), password_stdin: bool = StdinOption,
           workspace: Optional[Path] = WorkspaceOption) -> None:
    """Set an account's password; its open sessions end."""
    from gongkai.catalog.users import set_password

    user = set_password(workspace_root(workspace), name, _password(password_stdin))
    typer.echo(f"password of {user.name} changed; its sessions are logged out")


@user_app.command("rm")
def rm(name: str = typer.Argument(...), workspace: Optional[Path] = WorkspaceOption) -> None:
    """Remove an account; its open sessions end at once. History entries keep its name."""
    from gongkai.catalog.users import remove_user

    user = remove_user(workspace_root(workspace), name)
    typer.echo(f"removed {user.name}")


@user_app.command("list")
def list_(fmt: str = typer.Option("text", "--format", help="text | json"),
          workspace: Optional[Path] = WorkspaceOption) -> None:
    """The accounts with role and department (never the hashes)."""
    from gongkai.catalog.users import ROLE_LABELS, load_users

    check_format(fmt, ("text", "json"))
    users = load_users(workspace_root(workspace))
    if fmt == "json":
        emit_json([{"name": u.name, "role": u.role, "department": u.department, "full_name": u.full_name}
                   for u in users.values()])
        return
    if not users:
        typer.echo("no accounts: the workbench serves this computer only (add one with `gongkai user add NAME --role officer`)")
    for u in users.values():
        typer.echo(f"{u.name}\t{ROLE_LABELS[u.role]} {u.role}\t{u.department or ''}\t{u.full_name or ''}".rstrip())
