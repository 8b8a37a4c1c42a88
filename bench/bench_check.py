"""Check benchmark on synthetic workspaces, side by side with frictionless.

For each workspace (see bench/generate.py) it reports:
- `gongkai check` wall time as a command: cold (--no-cache) and repeated (result cache warm),
  and its peak memory;
- the in-process parts: a plain tomllib parse of the domain files (the floor), load + rules;
- `frictionless validate` (as a command) on the same items exported as CSV, with a Table Schema
  carrying the same structural checks: required code/category/name, unique code, code pattern.

Targets (issue 4): repeated check ≥ 3× faster than frictionless; cold in-process check ≤ 1.3×
a plain tomllib parse; time linear in items.

    pip install frictionless
    python bench/bench_check.py /tmp/ws1500 /tmp/ws15k /tmp/ws150k   # BENCH_RUNS=1 for a quick look
"""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SCHEMA = {
    "fields": [
        {"name": "code", "type": "string",
         "constraints": {"required": True, "unique": True, "pattern": r"\d{6}-\d{2}-\d{2}-\d{3}"}},
        {"name": "category", "type": "string", "constraints": {"required": True}},
        {"name": "name", "type": "string", "constraints": {"required": True}},
        {"name": "body", "type": "string"},
        {"name": "deadline", "type": "string"},
        {"name": "status", "type": "string", "constraints": {"required": True}},
    ],
    "primaryKey": ["code"],
}

IN_PROCESS = """
import sys, time, tomllib, resource
sys.path.insert(0, sys.argv[2])
from pathlib import Path
root = Path(sys.argv[1])
files = sorted((root / "domains").glob("*.toml"))
t = time.perf_counter()
for p in files:
    tomllib.loads(p.read_text("utf-8"))
parse = time.perf_counter() - t
from gongkai.catalog.workspace import Workspace
from gongkai.rules.engine.runner import run_checks, select_rules
from gongkai.rules.engine.registry import all_rules
all_rules()  # module imports are start-up cost, counted in the command timings, not here
import networkx  # noqa: E402,F401  (imported on first use by the PRC rules: also start-up cost)
t = time.perf_counter()
ws = Workspace.load(root)
loaded = time.perf_counter() - t
result = run_checks(ws, select_rules(ws.config))
total = time.perf_counter() - t
print(parse, loaded, total, len(result.findings))
"""


def wall(cmd: list[str], env=None, cwd=None) -> tuple[float, int]:
    """Wall seconds and peak RSS (KB) of a command, via /usr/bin/time when present."""
    if Path("/usr/bin/time").exists():
        with tempfile.NamedTemporaryFile("r") as out:
            t = time.perf_counter()
            subprocess.run(["/usr/bin/time", "-f", "%M", "-o", out.name, *cmd], env=env, cwd=cwd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return time.perf_counter() - t, int(out.read().strip().splitlines()[-1])
    t = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t, 0


def frictionless_report(folder: Path) -> dict:
    """Run once to make sure frictionless really validated every row (it refuses paths it deems unsafe)."""
    out = subprocess.run(["frictionless", "validate", "--schema", "schema.json", "items.csv", "--json"],
                         cwd=folder, capture_output=True, text=True).stdout
    task = json.loads(out)["tasks"][0]
    kinds = sorted({e["type"] for e in task["errors"]})
    if "resource-error" in kinds or "scheme-error" in kinds:
        raise SystemExit(f"frictionless did not validate the rows: {task['errors'][0].get('note')}")
    return {"rows": task["stats"].get("rows"), "errors": task["stats"].get("errors")}


def export_csv(root: Path, folder: Path) -> tuple[Path, Path]:
    from gongkai.catalog.workspace import Workspace

    ws = Workspace.load(root)
    data = folder / "items.csv"
    with data.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow([f["name"] for f in SCHEMA["fields"]])
        for _, i in ws.items():
            w.writerow([i.code, i.category, i.name, i.body or "", i.deadline or "", i.status])
    schema = folder / "schema.json"
    schema.write_text(json.dumps(SCHEMA), "utf-8")
    return data, schema


RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def main() -> None:
    gongkai = [sys.executable, "-m", "gongkai.cli", "check", "-q", "--format", "json", "-o", os.devnull]
    for root in map(Path, sys.argv[1:]):
        env = {**os.environ, "GONGKAI_CACHE_DIR": tempfile.mkdtemp(prefix="gk-cache-"), "PYTHONPATH": str(REPO)}
        cold, cold_rss = min(wall([*gongkai, "--no-cache", str(root)], env) for _ in range(RUNS))
        wall([*gongkai, str(root)], env)                      # fills the cache
        repeated, rep_rss = min(wall([*gongkai, str(root)], env) for _ in range(3))
        # Best of RUNS fresh processes for each number: this shared machine has slow spells that
        # would otherwise decide the ratio (the same convention as bench_load.py).
        runs = [tuple(map(float, subprocess.run(
            [sys.executable, "-c", IN_PROCESS, str(root), str(REPO)], capture_output=True, text=True,
            check=True).stdout.split())) for _ in range(RUNS)]
        parse, loaded, total, findings = (min(column) for column in zip(*runs))
        with tempfile.TemporaryDirectory() as tmp:
            export_csv(root, Path(tmp))
            checked = frictionless_report(Path(tmp))
            # relative paths: frictionless refuses absolute paths outside the current folder
            fl, fl_rss = wall(["frictionless", "validate", "--schema", "schema.json", "items.csv"], cwd=tmp)
        print(json.dumps({
            "workspace": str(root), "findings": int(findings),
            "check_cold_s": round(cold, 2), "check_repeated_s": round(repeated, 2),
            "check_peak_rss_mb": round(max(cold_rss, rep_rss) / 1024, 1),
            "frictionless_s": round(fl, 2), "frictionless_rss_mb": round(fl_rss / 1024, 1),
            "frictionless_rows": checked["rows"], "frictionless_errors": checked["errors"],
            "repeated_speedup_vs_frictionless": round(fl / repeated, 2),
            "tomllib_parse_s": round(parse, 2), "load_s": round(loaded, 2), "load_and_rules_s": round(total, 2),
            "cold_in_process_over_tomllib": round(total / parse, 2),
        }, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
