"""Bulk approve benchmark: `approve --all --skip-blocked` against loading and saving the same files.

For each size, a synthetic workspace (bench/generate.py: rows sampled from the bundled standard
catalogues, so most are blocked by real error findings, as in the bundled example) is put wholly
in review, then, each in a fresh process on a fresh copy:

  reference  tomllib-parse every domain file and write it back with tomli-w (atomic rename):
             the cost of reading and writing the same files, with nothing checked
  machine    the command's steps in one process, timed apart: load, plan (the real rules-engine
             guard over every item), apply (the transitions machine), save
  cli        ``gongkai approve --all --skip-blocked`` as an officer runs it

CPU seconds (user + sys of the child) are the figure to compare on a shared machine; wall
seconds are shown too. The goal (issue 22): cli ≤ 1.2 × reference.

    python bench/bench_lifecycle.py --sizes 15000 45000 [--repeat 3] [--work /tmp/bench-lifecycle]
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

REFERENCE = """
import os, sys, tomllib, tomli_w
from pathlib import Path
for path in sorted((Path(sys.argv[1]) / "domains").glob("*.toml")):
    data = tomllib.loads(path.read_text("utf-8"))
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(tomli_w.dumps(data, indent=2))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
"""

MACHINE = """
import json, resource, sys, time
from pathlib import Path
from gongkai.catalog import bulk_events, clock, heap, lifecycle
from gongkai.catalog.lock import workspace_lock
from gongkai.catalog.workspace import Workspace
from gongkai.rules.engine.approve_guard import approve_findings

heap.one_shot_process()    # as the command line does
root = Path(sys.argv[1])
clocks = [time.process_time()]
with workspace_lock(root):
    ws = Workspace.load(root)
    clocks.append(time.process_time())
    selected = bulk_events.select(ws, "approve", [], all_=True)
    plan = bulk_events.plan("approve", selected, lifecycle.Call(actor="bench", at=clock.now()),
                            approve_findings(ws, selected))
    clocks.append(time.process_time())
    bulk_events.apply(plan)
    clocks.append(time.process_time())
    ws.save()
    clocks.append(time.process_time())
steps = dict(zip(("load", "plan", "apply", "save"), (b - a for a, b in zip(clocks, clocks[1:]))))
print(json.dumps({**steps, "approved": len(plan.ready), "blocked": len(plan.blocked),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def prepare(n: int, work: Path) -> Path:
    """A generated workspace of n items, all in review (kept between runs)."""
    template = work / f"ws{n}"
    if (template / ".ready").exists():
        return template
    shutil.rmtree(template, ignore_errors=True)
    t = time.perf_counter()
    try:
        from bench.generate import generate
    except ImportError:
        sys.path.insert(0, str(REPO / "bench"))
        from generate import generate
    generate(n, template)
    from gongkai.catalog.workspace import Workspace

    with Workspace.transaction(template) as ws:
        for _, item in ws.items():
            item.status, item.history, item.approved = "in_review", [], None
    (template / ".ready").write_text("")
    print(f"prepared {n} items in {time.perf_counter() - t:.0f} s: {template}", file=sys.stderr)
    return template


def command(mode: str, root: Path) -> list[str]:
    if mode == "reference":
        return [sys.executable, "-c", REFERENCE, str(root)]
    if mode == "machine":
        return [sys.executable, "-c", MACHINE, str(root)]
    return [sys.executable, "-c", "from gongkai.cli.launch import main; main()", "approve", "--all",
            "--skip-blocked", "-w", str(root), "--actor", "bench", "--format", "json"]


# Runs a command and writes its CPU seconds and peak memory (this wrapper's only child) to a file.
MEASURED = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
done = subprocess.run(sys.argv[2:], capture_output=True, text=True)
wall = time.perf_counter() - t
u = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write(json.dumps({"wall": wall, "cpu": u.ru_utime + u.ru_stime, "rss_mb": u.ru_maxrss / 1024}))
sys.stdout.write(done.stdout)
sys.stderr.write(done.stderr)
sys.exit(done.returncode)
"""


def run_once(template: Path, mode: str, work: Path) -> dict:
    copy = work / f"run-{mode}"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(template, copy)
    usage = work / "usage.json"
    try:
        done = subprocess.run([sys.executable, "-c", MEASURED, str(usage), *command(mode, copy)], cwd=REPO,
                              capture_output=True, text=True)
        if done.returncode not in (0, 1):   # 1: some items refused by the rules guard
            raise SystemExit(done.stderr)
        out = json.loads(usage.read_text())
        if mode == "cli":
            parsed = json.loads(done.stdout)
            out.update(approved=len(parsed["items"]), blocked=len(parsed["blocked"]))
        elif mode == "machine":
            out.update(json.loads(done.stdout))
        return out
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[15000, 45000])
    ap.add_argument("--repeat", type=int, default=3, help="runs of each mode; the best is kept")
    ap.add_argument("--work", type=Path, default=Path("/tmp/bench-lifecycle"))
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    for n in args.sizes:
        template = prepare(n, args.work)
        best = {}
        for mode in ("reference", "machine", "cli"):
            runs = [run_once(template, mode, args.work) for _ in range(args.repeat)]
            best[mode] = min(runs, key=lambda r: r["cpu"])
        ref, m, c = best["reference"], best["machine"], best["cli"]
        print(json.dumps({
            "items": n, "approved": c["approved"], "blocked": c["blocked"],
            "reference_cpu_s": round(ref["cpu"], 2), "cli_cpu_s": round(c["cpu"], 2),
            "cli_over_reference_cpu": round(c["cpu"] / ref["cpu"], 2),
            "reference_wall_s": round(ref["wall"], 1), "cli_wall_s": round(c["wall"], 1),
            "machine_steps_cpu_s": {k: round(m[k], 2) for k in ("load", "plan", "apply", "save")},
            "rss_mb": {"reference": round(ref["rss_mb"]), "cli": round(c["rss_mb"])},
        }, ensure_ascii=False))


if __name__ == "__main__":
    main()
