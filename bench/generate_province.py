"""Generate a synthetic province: N district workspaces of M items each (bench/generate.py per district).

Synthetic data, labelled as such (every item's source.file is bench/generate.py); region codes
410001, 410002, … are made up. The roll-up benchmark (bench/bench_rollup.py) reads the tree.

    python bench/generate_province.py --districts 200 --items 1500 --out /tmp/province
"""
from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402


def district(args: tuple[int, int, str]) -> str:
    i, items, out = args
    folder = Path(out) / f"d{i:03d}"
    generate(items, folder, region=f"{410001 + i}", seed=i)
    return str(folder)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--districts", type=int, default=200)
    ap.add_argument("--items", type=int, default=1500)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--jobs", type=int, default=None)
    args = ap.parse_args()
    t = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        folders = list(pool.map(district, [(i, args.items, str(args.out)) for i in range(args.districts)]))
    print(f"wrote {len(folders)} districts of {args.items} items ({len(folders) * args.items:,} items) "
          f"to {args.out} in {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
