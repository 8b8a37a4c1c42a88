"""One-item commands at growing workspace sizes: `item show CODE` and `item add` must not grow with it.

For each size a synthetic workspace (bench/generate.py) is made once (kept in --work), then each
command runs in a fresh process, as an officer runs it: `item show` on a copy left unchanged,
`item add` each time on a fresh copy. Medians of wall and CPU seconds (user + sys) are printed.
Goal (issue 22): item show ≤ 0.2 s, item add ≤ 0.5 s, the same at 1.5k, 15k and 150k items.

    python bench/bench_one_item.py --sizes 1500 15000 150000 [--repeat 5] [--work /tmp/bench-one-item]
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

GONGKAI = [sys.executable, "-c", "from gongkai.cli.launch import main; main()"]
MEASURED = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
done = subprocess.run(sys.argv[2:], capture_output=True, text=True)
wall = time.perf_counter() - t
u = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write(json.dumps({"wall": wall, "cpu": u.ru_utime + u.ru_stime, "rc": done.returncode,
                                         "err": done.stderr[-500:]}))
"""


def prepare(n: int, work: Path) -> Path:
    from generate import generate

    root = work / f"ws{n}"
    if not (root / ".ready").exists():
        shutil.rmtree(root, ignore_errors=True)
        t = time.perf_counter()
        generate(n, root)
        (root / ".ready").write_text("")
        print(f"prepared {n} items in {time.perf_counter() - t:.0f} s: {root}", file=sys.stderr)
    return root


def timed(args: list[str], work: Path) -> dict:
    usage = work / "usage.json"
    subprocess.run([sys.executable, "-c", MEASURED, str(usage), *GONGKAI, *args], cwd=REPO, check=True)
    out = json.loads(usage.read_text())
    if out["rc"] != 0:
        raise SystemExit(f"gongkai {' '.join(args)} exited {out['rc']}: {out['err']}")
    return out


def median(runs: list[dict], key: str) -> float:
    return round(statistics.median(r[key] for r in runs), 3)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1500, 15000, 150000])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--work", type=Path, default=Path("/tmp/bench-one-item"))
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    for n in args.sizes:
        template = prepare(n, args.work)
        code = "19-01-001"    # generate() numbers every domain from CC 01, NNN 001
        # an existing 一级事项: at 150k items the domain already has the 99 categories a code allows
        from gongkai.catalog.one_domain import load_domains

        category = load_domains(template, {"19"}).find(code)[1].category
        shows = [timed(["item", "show", code, "-w", str(template)], args.work) for _ in range(args.repeat)]
        adds = []
        for _ in range(args.repeat):
            copy = args.work / "run-add"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(template, copy)
            adds.append(timed(["item", "add", "-w", str(copy), "--domain", "19", "--category", category,
                               "--name", "基准测试事项（合成）"], args.work))
        shutil.rmtree(args.work / "run-add", ignore_errors=True)
        print(json.dumps({"items": n,
                          "item_show": {"wall_s": median(shows, "wall"), "cpu_s": median(shows, "cpu")},
                          "item_add": {"wall_s": median(adds, "wall"), "cpu_s": median(adds, "cpu")}},
                         ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
