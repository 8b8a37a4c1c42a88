"""The write journal: what makes a multi-file write recoverable after ``kill -9`` or a power cut.

``atomic_write_many`` stages every new file as a fsynced temporary beside its target, then writes
this journal (the list of temporary → target renames) before the first rename, and removes it after
the last. A journal found later means the renames were cut short: every temporary it names is
complete, so the next command finishes the renames (roll forward) and says so. Finishing is
idempotent, so a reader that meets a live writer's journal cannot do harm.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

JOURNAL_NAME = ".gongkai-journal.json"


def journal_path(root: Path) -> Path:
    return root / JOURNAL_NAME


def write(root: Path, renames: list[tuple[str, Path]], command: str) -> Path:
    """Record the renames about to happen, durably, before the first one."""
    from gongkai.catalog import clock

    path = journal_path(root)
    entry = {"started": clock.now().isoformat(timespec="seconds"), "command": command,
             "renames": [[str(Path(tmp).resolve()), str(target.resolve())] for tmp, target in renames]}
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(entry, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def clear(root: Path) -> None:
    for path in (journal_path(root), journal_path(root).with_name(JOURNAL_NAME + ".tmp")):
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def complete(root: Path) -> list[Path]:
    """Finish an interrupted write recorded in ``root``'s journal; the files completed (empty: none)."""
    path = journal_path(root)
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        renames = [(Path(tmp), Path(target)) for tmp, target in entry["renames"]]
    except FileNotFoundError:
        return []
    except (ValueError, KeyError, TypeError):
        # a journal cut short while it was written: no rename had started, the temporaries are
        # left-overs that the transaction's clean-up removes
        clear(root)
        return []
    done = []
    for tmp, target in renames:
        try:
            os.replace(tmp, target)
            done.append(target)
        except FileNotFoundError:
            pass            # renamed before the interruption (or by another reader finishing it)
    clear(root)
    if done:
        shown = ", ".join(p.name for p in done[:5]) + (f" and {len(done) - 5} more" if len(done) > 5 else "")
        sys.stderr.write(f"note: completed an interrupted write of `{entry.get('command', 'gongkai')}` "
                         f"(started {entry.get('started', '?')}): {len(done)} of {len(renames)} files were "
                         f"still to be renamed into place ({shown}); the workspace is now as after that "
                         "command\n")
    return done
