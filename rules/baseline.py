"""Baselines: record today's findings so that only new ones fail (for units adopting the tool
with many legacy findings). A finding is matched by rule, file, item and field — not by
line or wording — and by count, so a second identical finding is new."""
from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from catalog.errors import InputError, display_path
from catalog.toml_store import atomic_write
from rules.finding import Finding

DEFAULT_NAME = "gongkai-baseline.json"


def _key(f: Finding, root: Path) -> str:
    """The fingerprint with the file relative to the workspace, wherever the command runs from."""
    file = os.path.relpath(os.path.abspath(f.file), root.resolve()) if f.file else ""
    return "|".join([f.rule, file.replace(os.sep, "/"), f.item or "", f.field or ""])


def write_baseline(path: Path, findings: list[Finding], root: Path) -> int:
    counts = Counter(_key(f, root) for f in findings if not f.waived)
    data = {"version": 1, "findings": [{"fingerprint": k, "count": v} for k, v in sorted(counts.items())]}
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    return sum(counts.values())


def read_baseline(path: Path) -> Counter:
    try:
        data = json.loads(path.read_text("utf-8"))
        return Counter({e["fingerprint"]: int(e["count"]) for e in data["findings"]})
    except FileNotFoundError:
        raise InputError.single("baseline file not found; create it with `gongkai check --write-baseline`",
                                file=display_path(path)) from None
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError.single(f"not a gongkai baseline ({exc})", file=display_path(path),
                                expected='{"version": 1, "findings": [{"fingerprint": …, "count": N}]}') from None


def apply_baseline(findings: list[Finding], baseline: Counter, root: Path) -> None:
    left = Counter(baseline)
    for f in findings:
        key = _key(f, root)
        if left[key] > 0 and not f.waived:
            left[key] -= 1
            f.baselined = True
