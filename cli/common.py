"""What every command shares: help panels, workspace lookup, error handling, output."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, Optional

import typer

# Help panels, in the order officers meet them.
PANEL_CATALOGUE = "目录 Catalogue"
PANEL_LIFECYCLE = "生命周期 Lifecycle"
PANEL_CHECKS = "检查 Checks"
PANEL_ASSESSMENT = "考核 Assessment"

WorkspaceOption = typer.Option(
    None, "-w", "--workspace", help="Workspace folder (default: found upward from the current folder, like git).",
    show_default=False,
)


LangOption = typer.Option("zh", "--lang", help="Language of the messages: zh 中文 (default) or en; JSON carries both.")


ForceOption = typer.Option(
    False, "--force", help="Rewrite files even if they hold hand-written comments (the comments are lost).",
)


def run_app(app: typer.Typer) -> None:
    """Run the CLI; input and usage errors print without a traceback and exit 2."""
    import signal

    from gongkai.catalog.errors import GongkaiError, display_path

    # `kill` (SIGTERM) stops a command the way Ctrl-C does: through the same clean-up.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    # `gongkai submit --all | head -1`: once the reader has gone, the rest of the output is dropped
    # and the command finishes its work, instead of stopping half-way at its next line of output.
    if not isinstance(sys.stdout, _ReaderGone) and hasattr(sys.stdout, "buffer"):
        sys.stdout = _ReaderGone(sys.stdout)
    try:
        app()
    except GongkaiError as exc:
        typer.echo(exc.render() if exc.render().startswith("error") else f"error: {exc.render()}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        _interrupted()
    except SystemExit as exc:
        # typer turns Ctrl-C into a silent exit 130: say what was kept
        if exc.code == 130 and _from_interrupt(exc):
            _interrupted()
        raise
    except BrokenPipeError:
        # `gongkai items | head`: the reader has what it wanted; not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except OSError as exc:
        # a read-only folder or file, a full disk: say which file; nothing was changed
        where = f"{display_path(Path(exc.filename))}: " if exc.filename else ""
        typer.echo(f"error: {where}{exc.strerror or exc}; nothing was written", err=True)
        sys.exit(2)
    except Exception as exc:
        # Ctrl-C inside pydantic's serializer arrives wrapped in its own error type.
        if "KeyboardInterrupt" in f"{type(exc).__name__}: {exc}" or isinstance(exc.__context__, KeyboardInterrupt):
            _interrupted()
        raise


class _ReaderGone:
    """stdout that turns into /dev/null when the pipe it writes to is closed."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def _drop(self) -> None:
        devnull = open(os.devnull, "w", encoding="utf-8")
        try:
            os.dup2(devnull.fileno(), self._stream.fileno())
        except (OSError, ValueError):
            pass
        self._stream = devnull

    def write(self, text):
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._drop()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._drop()

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _from_interrupt(exc: BaseException) -> bool:
    """Is a KeyboardInterrupt among the exceptions that led to this one?"""
    seen = 0
    while exc is not None and seen < 8:
        if isinstance(exc, KeyboardInterrupt):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _interrupted() -> None:
    from gongkai.catalog import toml_store

    written = toml_store.last_completed_write
    if written:
        typer.echo(f"interrupted after the write had finished: all {len(written)} changed file(s) were written "
                   "(the command's change is complete)", err=True)
    else:
        typer.echo("interrupted: every file is as it was before the step in progress, or as after it", err=True)
    sys.exit(130)


def workspace_root(workspace: Optional[Path]) -> Path:
    """The workspace folder: -w DIR, or the nearest folder upward holding gongkai.toml."""
    from gongkai.catalog.workspace import find_root

    return find_root(workspace)


def open_workspace(workspace: Optional[Path]):
    """Load the workspace named by -w (or found upward) for reading."""
    from gongkai.catalog.workspace import Workspace

    return Workspace.load(workspace_root(workspace))


def optional_root(workspace: Optional[Path]) -> Optional[Path]:
    """The workspace folder if one is named or found, else None (for commands that work without one)."""
    from gongkai.catalog.errors import UsageError
    from gongkai.catalog.workspace import find_root

    try:
        return find_root(workspace)
    except UsageError:
        if workspace is not None:
            raise
        return None


def optional_workspace_config(workspace: Optional[Path]):
    from gongkai.catalog.workspace import load_config

    root = optional_root(workspace)
    return load_config(root) if root else None


def optional_workspace(workspace: Optional[Path]):
    from gongkai.catalog.workspace import Workspace

    root = optional_root(workspace)
    return Workspace.load(root) if root else None


def emit_text(text: str, output: Optional[Path]) -> None:
    """A report to a file (atomically, saying so) or to standard output."""
    if output:
        from gongkai.catalog.toml_store import atomic_write

        atomic_write(output, text + "\n")
        typer.echo(f"wrote {output}")
    else:
        typer.echo(text)


def emit_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def check_format(value: str, allowed: tuple[str, ...], option: str = "--format") -> str:
    """An option value from a fixed list, or a usage error naming the option (exit 2)."""
    if value not in allowed:
        raise typer.BadParameter(f"{value!r} is not one of: {', '.join(allowed)}", param_hint=option)
    return value


def check_output(fmt: str, output: Optional[Path], root: Optional[Path] = None) -> None:
    """A report format and its -o file agree (xlsx goes to a .xlsx file, text never does), the file is
    not one of the workspace's own, and folders that writing it creates are named (exit 2 if wrong)."""
    from gongkai.catalog.errors import UsageError

    suffix = output.suffix.lower() if output is not None else ""
    if fmt == "xlsx" and output is None:
        raise UsageError("--format xlsx needs -o FILE.xlsx")
    if fmt == "xlsx" and suffix != ".xlsx":
        raise UsageError(f"-o {output}: --format xlsx writes a workbook; expected a file ending .xlsx")
    if fmt != "xlsx" and suffix == ".xlsx":
        raise UsageError(f"-o {output} ends .xlsx, but --format is {fmt}; use --format xlsx")
    if output is not None:
        from gongkai.catalog.output_target import check_target

        for folder in check_target(output, fmt, root)[:1]:
            typer.echo(f"note: creating the folder {folder} for -o {output}", err=True)
