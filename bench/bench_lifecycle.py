"""Bulk approve benchmark: what the lifecycle machine adds to loading and saving a workspace.

For each size, a synthetic workspace (bench/generate.py) is put wholly in review, then
approved in a fresh process on a fresh copy, three ways:

  manual   load, set the fields an approval sets by hand (status, version, review date,
           one history entry), save — the cost of loading and saving the same files
  machine  load, ``lifecycle.fire(item, "approve")`` on every item through the one shared
           transitions machine (guard given an empty findings function), save
  cli      ``gongkai approve --all --skip-blocked`` (with --cli): the whole command with the real
           rules-engine guard (generated rows copy real ones, so some are refused)

The target (DESIGN.md): the machine's event loop adds ≤ 20 % to load + save.

    python bench/bench_lifecycle.py --sizes 15000 150000 [--cli] [--work /tmp/bench-lifecycle]
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

RUN = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[3])
from datetime import datetime, timezone
from pathlib import Path
from gongkai.catalog import lifecycle
from gongkai.catalog.heap import frozen_heap
from gongkai.catalog.model import HistoryEntry
from gongkai.catalog.workspace import Workspace
from gongkai.catalog.lock import workspace_lock

root, mode = Path(sys.argv[1]), sys.argv[2]
with workspace_lock(root):
    t0 = time.perf_counter()
    ws = Workspace.load(root)
    items = [i for _, i in ws.items()]
    t1 = time.perf_counter()
    at = datetime.now(timezone.utc)
    frozen = frozen_heap()    # as the CLI does for bulk runs, in both modes
    frozen.__enter__()
    if mode == "machine":
        call = lifecycle.Call(actor="bench", at=at, findings=lambda item: [])
        for item in items:
            lifecycle.fire(item, "approve", call)
    else:
        due = lifecycle.add_months(lifecycle.local_date(at), 12)
        for item in items:
            item.status, item.version, item.approved, item.review_due = "published", item.version + 1, None, due
            item.history = [*item.history, HistoryEntry(at=at, event="approve", from_="in_review", to="published",
                                                        actor="bench", trigger="manual", version=item.version)]
    frozen.__exit__(None, None, None)
    t2 = time.perf_counter()
    written = ws.save()
    t3 = time.perf_counter()
assert all(i.status == "published" for i in items)
print(json.dumps({"items": len(items), "load": t1 - t0, "events": t2 - t1, "save": t3 - t2, "files": len(written),
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


def run_once(template: Path, mode: str, work: Path) -> dict:
    copy = work / f"run-{mode}"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(template, copy)
    try:
        if mode == "cli":
            t = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", "from gongkai.cli.launch import main; main()", "approve", "--all",
                                   "--skip-blocked", "-w", str(copy), "--actor", "bench", "--format", "json"],
                                  cwd=REPO, capture_output=True, text=True)
            if done.returncode not in (0, 1):   # 1: some items refused by the rules guard
                raise SystemExit(done.stderr)
            out = json.loads(done.stdout)
            return {"total": time.perf_counter() - t, "approved": len(out["items"]), "blocked": len(out["blocked"])}
        out = subprocess.run([sys.executable, "-c", RUN, str(copy), mode, str(REPO)], capture_output=True,
                             text=True, check=True).stdout
        r = json.loads(out)
        r["total"] = r["load"] + r["events"] + r["save"]
        return r
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[15000, 150000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", type=Path, default=Path("/tmp/bench-lifecycle"))
    ap.add_argument("--cli", action="store_true", help="also time `gongkai approve --all` (real rules guard)")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    for n in args.sizes:
        template = prepare(n, args.work)
        best = {}
        for mode in ("manual", "machine") + (("cli",) if args.cli else ()):
            runs = [run_once(template, mode, args.work) for _ in range(args.repeat if mode != "cli" else 1)]
            best[mode] = min(runs, key=lambda r: r["total"])
        m, h = best["machine"], best["manual"]
        row = {
            "items": m["items"],
            "load_s": round(m["load"], 2), "save_s": round(m["save"], 2),
            "machine_events_s": round(m["events"], 2), "manual_events_s": round(h["events"], 2),
            "us_per_event": round(m["events"] / m["items"] * 1e6, 1),
            # the target: the event loop over load + save of the same files
            "machine_over_load_save": f"{m['events'] / (m['load'] + m['save']):.1%}",
            "machine_total_vs_manual_total": f"{m['total'] / h['total'] - 1:+.1%}",
            "rss_mb": {"machine": round(m["rss_mb"]), "manual": round(h["rss_mb"])},
        }
        if "cli" in best:
            c = best["cli"]
            row["cli_approve_all"] = {"s": round(c["total"], 1), "approved": c["approved"], "blocked": c["blocked"]}
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
