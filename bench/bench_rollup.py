"""Roll-up over a tree of workspaces (bench/generate_province.py): time and peak memory.

Peak memory is the largest resident set of the parent process and of any worker process
(getrusage: RUSAGE_SELF and RUSAGE_CHILDREN, which covers the pool's workers once joined).
For comparison it also loads one unit in this process and reports what that took.

    python bench/bench_rollup.py /tmp/province [--jobs 2] [--limit 50]
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gongkai.rules.assessment.rollup import roll_up  # noqa: E402


def mb(kb: int) -> float:
    return kb / 1024   # ru_maxrss is in KiB on Linux


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tree", type=Path)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--limit", type=int, default=None, help="only the first N units")
    ap.add_argument("--as-of", default="2026-12-31")
    args = ap.parse_args()
    folders = sorted(p.parent for p in args.tree.glob("*/gongkai.toml"))[:args.limit]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    result = roll_up(folders, as_of=date.fromisoformat(args.as_of), jobs=args.jobs)
    took = time.perf_counter() - t
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    total = result.total()
    print(f"{len(folders)} units, {total.items:,} items, {len(result.failed)} not read: roll-up in {took:.1f} s "
          f"({took / max(1, len(folders)):.2f} s a unit), jobs={args.jobs or 'all CPUs'}")
    print(f"peak memory: parent {mb(parent):.0f} MB (was {mb(before):.0f} MB before), largest worker {mb(worker):.0f} MB")
    print(f"findings: {total.findings}")


if __name__ == "__main__":
    main()
