"""Load-and-validate benchmark on synthetic workspaces (1.5k / 15k / 150k items).

Reports, per size: plain tomllib parse time of the same files (the floor), `Workspace.load`
time (parse + pydantic validation + cross-file checks), items per second, the ratio of the
two (target ≤ 1.3), and peak memory (max RSS of a fresh process doing only that).

    python bench/generate.py --items 15000 --out /tmp/ws15k
    python bench/bench_load.py /tmp/ws1500 /tmp/ws15k /tmp/ws150k
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

PARSE = """
import sys, time, tomllib, resource
from pathlib import Path
root = Path(sys.argv[1]); t = time.perf_counter()
n = sum(len(tomllib.loads(p.read_text("utf-8")).get("items", [])) for p in sorted((root / "domains").glob("*.toml")))
tomllib.loads((root / "gongkai.toml").read_text("utf-8"))
print(n, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

LOAD = """
import sys, time, resource
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from gongkai.catalog.workspace import Workspace
t = time.perf_counter(); ws = Workspace.load(Path(sys.argv[1]))
n = sum(1 for _ in ws.items())
print(n, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def measure(script: str, root: Path, repeat: int = 3) -> tuple[int, float, int]:
    best = None
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", script, str(root), str(REPO)], capture_output=True,
                             text=True, check=True).stdout.split()
        n, secs, rss = int(out[0]), float(out[1]), int(out[2])
        if best is None or secs < best[1]:
            best = (n, secs, rss)
    return best


def main() -> None:
    rows = []
    for root in map(Path, sys.argv[1:]):
        n, parse_s, parse_rss = measure(PARSE, root)
        _, load_s, load_rss = measure(LOAD, root)
        rows.append({"workspace": str(root), "items": n, "tomllib_s": round(parse_s, 3), "load_s": round(load_s, 3),
                     "items_per_s": round(n / load_s), "ratio": round(load_s / parse_s, 2),
                     "peak_rss_mb": round(load_rss / 1024, 1), "tomllib_rss_mb": round(parse_rss / 1024, 1)})
        print(json.dumps(rows[-1], ensure_ascii=False))


if __name__ == "__main__":
    main()
