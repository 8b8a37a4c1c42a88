"""Benchmark `gongkai site`: a full build, a rebuild with nothing changed, and a rebuild after one
item changes, on a synthetic workspace (bench/generate.py) with every item published.

    python bench/bench_site.py [--items 15000] [--no-qr]

The items are marked published with one synthetic approve entry (labelled bench in the actor);
nothing here is official data.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

from gongkai.catalog.model import HistoryEntry  # noqa: E402
from gongkai.catalog.site.build import build_site  # noqa: E402
from gongkai.catalog.workspace import Workspace  # noqa: E402

BASE = "https://www.example.gov.cn/gongkai/"
AT = datetime(2026, 11, 26, 2, 0, tzinfo=timezone.utc)


def publish_all(root: Path) -> None:
    with Workspace.transaction(root) as ws:
        for _, item in ws.items():
            item.status, item.version = "published", 1
            item.history = [HistoryEntry.model_validate(
                {"at": AT, "event": "approve", "from": "in_review", "to": "published", "actor": "bench", "version": 1})]


def change_one(root: Path) -> str:
    with Workspace.transaction(root) as ws:
        _, item = next(iter(ws.items()))
        item.deadline = "信息形成或者变更之日起20个工作日内"
        item.version = 2
        item.history.append(HistoryEntry.model_validate(
            {"at": AT.replace(day=27), "event": "approve", "from": "in_review", "to": "published", "actor": "bench",
             "version": 2}))
        return item.code


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the QR worker processes)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(label: str, root: Path, out: Path, base_url):
    t, cpu = time.perf_counter(), _cpu()
    ws = Workspace.load(root)
    loaded = time.perf_counter() - t
    result = build_site(ws, out, base_url)
    total, cpu = time.perf_counter() - t, _cpu() - cpu
    st = result.stats
    # wall time depends on what else the machine runs; CPU time is this process's own work
    print(f"{label:<28} {total:6.2f} s wall, {cpu:6.2f} s CPU (load {loaded:5.2f} s)  written {len(st.written):6d}  "
          f"unchanged {st.unchanged:6d}  removed {len(st.removed)}")
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=15000)
    ap.add_argument("--no-qr", action="store_true", help="build without --base-url (no QR codes)")
    args = ap.parse_args()
    base_url = None if args.no_qr else BASE
    tmp = Path(tempfile.mkdtemp(prefix="bench-site-"))
    try:
        root = generate(args.items, tmp / "ws")
        publish_all(root)
        out = tmp / "site"
        print(f"{args.items} items, all published; base URL {base_url or '(none: no QR codes)'}")
        first = timed("full build", root, out, base_url)
        same = timed("rebuild, nothing changed", root, out, base_url)
        if same.stats.written:
            print(f"  NOT deterministic: rewrote {', '.join(same.stats.written[:12])}")
        code = change_one(root)
        result = timed("rebuild, one item changed", root, out, base_url)
        print(f"  changed {code}: wrote {', '.join(result.stats.written[:12])}"
              + (" …" if len(result.stats.written) > 12 else ""))
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        print(f"site: {first.items} item pages, {first.laws} law pages, {first.qr_codes} QR codes, "
              f"{size / 1e6:.1f} MB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
