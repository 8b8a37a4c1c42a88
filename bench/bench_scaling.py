"""Scaling benchmark: check, approve, export and import at 1.5k → 15k → 150k items (issue 22).

For each size a synthetic workspace (bench/generate.py, all items put in review as in
bench_lifecycle.py) is timed, each command in a fresh process on a fresh copy, beside a reference
that does the same file work with nothing checked:

  check    ``gongkai check --no-cache``                 vs  tomllib-parse every domain file
  approve  ``gongkai approve --all --skip-blocked``     vs  tomllib + tomli-w: load and save every file
  export   ``gongkai export --format csv``              vs  tomllib-parse, csv.writer of the flat fields
  import   ``gongkai import`` of that CSV into an empty workspace
                                                        vs  csv.reader, tomli-w of the rows, one file a domain

CPU seconds (user + sys) and peak memory of the command are reported; the goal is that each 10×
in items costs ≤ 11× in time. A table for the README is printed at the end.

    python bench/bench_scaling.py --sizes 1500 15000 150000 [--work /tmp/bench-scaling]
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from bench_lifecycle import MEASURED, REFERENCE as LOAD_AND_SAVE, REPO, prepare  # noqa: E402

GONGKAI = [sys.executable, "-c", "from gongkai.cli.launch import main; main()"]

PARSE = """
import sys, tomllib
from pathlib import Path
for path in sorted((Path(sys.argv[1]) / "domains").glob("*.toml")):
    tomllib.loads(path.read_text("utf-8"))
"""

EXPORT = """
import csv, sys, tomllib
from pathlib import Path
flat = lambda v: ";".join(map(str, v)) if isinstance(v, list) else ("" if v is None else str(v))
with open(sys.argv[2], "w", encoding="utf-8-sig", newline="") as fh:
    out = csv.writer(fh)
    for path in sorted((Path(sys.argv[1]) / "domains").glob("*.toml")):
        for item in tomllib.loads(path.read_text("utf-8")).get("items", []):
            out.writerow([flat(item.get(k)) for k in ("code", "category", "name", "subitem", "elements", "basis",
                                                      "deadline", "body", "method", "levels", "process", "note")])
"""

IMPORT = """
import csv, sys, tomli_w
from collections import defaultdict
from pathlib import Path
header, domains = None, defaultdict(list)
with open(sys.argv[1], encoding="utf-8-sig", newline="") as fh:
    rows = csv.reader(fh)
    header = [next(rows), next(rows)]
    for row in rows:
        domains[row[0]].append({f"c{i}": cell for i, cell in enumerate(row) if cell})
out = Path(sys.argv[2]) / "domains"
out.mkdir(parents=True, exist_ok=True)
for n, (domain, items) in enumerate(domains.items()):
    (out / f"{n:02d}.toml").write_text(tomli_w.dumps({"domain": {"name": domain}, "items": items}), "utf-8")
"""


def measure(cmd: list[str], work: Path) -> dict:
    usage = work / "usage.json"
    done = subprocess.run([sys.executable, "-c", MEASURED, str(usage), *cmd], cwd=REPO,
                          capture_output=True, text=True)
    if done.returncode not in (0, 1):            # 1: findings, or items the guard refused
        raise SystemExit(f"{' '.join(cmd[-6:])}: exit {done.returncode}\n{done.stderr[-2000:]}")
    return json.loads(usage.read_text())


def fresh_copy(template: Path, work: Path, name: str) -> Path:
    copy = work / name
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(template, copy)
    return copy


def empty_workspace(work: Path, name: str) -> Path:
    root = work / name
    shutil.rmtree(root, ignore_errors=True)
    subprocess.run([*GONGKAI, "init", str(root), "--region", "410106", "--name", "测试区", "--empty"],
                   cwd=REPO, check=True, capture_output=True)
    return root


def one_size(n: int, work: Path) -> dict:
    template = prepare(n, work)
    csv_file, ref_csv = work / f"export{n}.csv", work / f"ref-export{n}.csv"
    rows = {}
    rows["check"] = (measure([*GONGKAI, "check", str(template), "--no-cache"], work),
                     measure([sys.executable, "-c", PARSE, str(template)], work))
    copy = fresh_copy(template, work, "run-approve")
    gk = measure([*GONGKAI, "approve", "--all", "--skip-blocked", "-w", str(copy), "--actor", "bench",
                  "--format", "json"], work)
    copy = fresh_copy(template, work, "run-reference")
    rows["approve"] = (gk, measure([sys.executable, "-c", LOAD_AND_SAVE, str(copy)], work))
    rows["export"] = (measure([*GONGKAI, "export", "--format", "csv", "-o", str(csv_file), "-w", str(template)], work),
                      measure([sys.executable, "-c", EXPORT, str(template), str(ref_csv)], work))
    target = empty_workspace(work, "run-import")
    gk = measure([*GONGKAI, "import", str(csv_file), "-w", str(target), "--format", "json"], work)
    ref_target = work / "run-import-reference"
    shutil.rmtree(ref_target, ignore_errors=True)
    rows["import"] = (gk, measure([sys.executable, "-c", IMPORT, str(csv_file), str(ref_target)], work))
    for step, (g, r) in rows.items():
        print(f"{n} {step}: {g['cpu']:.1f} s CPU, {g['rss_mb']:.0f} MiB; reference {r['cpu']:.1f} s", file=sys.stderr)
    for name in ("run-approve", "run-reference", "run-import", "run-import-reference"):
        shutil.rmtree(work / name, ignore_errors=True)
    return {step: {"cpu": round(g["cpu"], 2), "rss_mb": round(g["rss_mb"]), "reference_cpu": round(r["cpu"], 2),
                   "reference_rss_mb": round(r["rss_mb"])} for step, (g, r) in rows.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1500, 15000, 150000])
    ap.add_argument("--work", type=Path, default=Path("/tmp/bench-scaling"))
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = {}
    for n in args.sizes:
        results[n] = one_size(n, args.work)
        print(json.dumps({"items": n, **results[n]}, ensure_ascii=False), flush=True)
    print("\n| step | " + " | ".join(f"{n:,} items" for n in args.sizes) + " | each 10× |")
    print("| --- |" + " --- |" * (len(args.sizes) + 1))
    for step in ("check", "approve", "export", "import"):
        cells = [f"{results[n][step]['cpu']:.1f} s, {results[n][step]['rss_mb']:,} MiB "
                 f"(ref {results[n][step]['reference_cpu']:.1f} s)" for n in args.sizes]
        growth = [results[b][step]["cpu"] / results[a][step]["cpu"] for a, b in zip(args.sizes, args.sizes[1:])]
        print(f"| {step} | " + " | ".join(cells) + " | " + ", ".join(f"{g:.1f}×" for g in growth) + " |")


if __name__ == "__main__":
    main()
