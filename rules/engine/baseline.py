"""Baselines: record today's findings so that only new ones fail (for units adopting the tool
with many legacy findings). A finding is matched by rule, file, item and field — not by
line or wording — and by count, so a second identical finding is new."""
from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from gongkai.catalog.errors import InputError, display_path
from gongkai.catalog.toml_store import atomic_write
from gongkai.rules.engine.finding import Finding

DEFAULT_NAME = "gongkai-baseline.json"


def _keyer(root: Path):
    """The fingerprint of a finding with its file relative to the workspace, wherever the command
    runs from (paths worked out once per file: a check has thousands of findings in a few files)."""
    base = root.resolve()
    files: dict[str, str] = {"": ""}

    def key(f: Finding) -> str:
        file = f.file or ""
        if file not in files:
            files[file] = os.path.relpath(os.path.abspath(file), base).replace(os.sep, "/")
        return "|".join([f.rule, files[file], f.item or "", f.field or ""])

    return key


def write_baseline(path: Path, findings: list[Finding], root: Path) -> int:
    key = _keyer(root)
    counts = Counter(key(f) for f in findings if not f.waived)
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
    keyer = _keyer(root)
    for f in findings:
        key = keyer(f)
        if left[key] > 0 and not f.waived:
            left[key] -= 1
            f.baselined = True
