"""Page latency of the web workbench on a 15,000-item synthetic workspace, p50 / p95.

    python bench/bench_web.py [--repeat 30] [--keep /tmp/ws-web15k]

The workspace is bench/generate.py's 15,000 items with 城市综合执法 (12) replaced by a domain of
769 items (the size of the 上街区 seed), so ~15,200 items. Requests go through the ASGI app
in-process (Starlette's TestClient: routing, templates, reading the files; no network). Each page
is requested once before timing (the first overview computes the whole check; its time is shown
apart). A save is a POST of the edit form of one item (a new value each time), read back by its
item page afterwards as an officer would see it.
"""
from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))


def build(out: Path) -> Path:
    from generate import generate

    with tempfile.TemporaryDirectory() as tmp:
        big = generate(769 * 26, Path(tmp) / "big")
        generate(15000, out)
        shutil.copy(big / "domains" / "12-urban-enforcement.toml", out / "domains" / "12-urban-enforcement.toml")
    return out


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--keep", type=Path, help="build the workspace here (reused when it exists)")
    args = ap.parse_args()
    import os

    os.environ.setdefault("GONGKAI_NO_CACHE", "1")        # no on-disk check cache: what a first visit costs
    from starlette.testclient import TestClient

    from gongkai.catalog.workspace import Workspace
    from gongkai.web.app import create_app
    from web_support import as_data, form_fields

    tmp = None
    if args.keep and (args.keep / "gongkai.toml").exists():
        root = args.keep
    else:
        tmp = tempfile.TemporaryDirectory()
        root = build(args.keep or Path(tmp.name) / "ws")
    ws = Workspace.load(root)
    total = sum(1 for _ in ws.items())
    d12 = ws.domain("12")
    editable = next(i for i in d12.model.items if i.status == "draft")
    shown = d12.model.items[len(d12.model.items) // 2]
    client = TestClient(create_app(root), base_url="http://127.0.0.1")

    def get(url):
        def go():
            r = client.get(url)
            assert r.status_code == 200, (url, r.status_code)
        return go

    t = time.perf_counter()
    get("/")()
    first_overview = (time.perf_counter() - t) * 1000
    pages = {"overview 首页": get("/"), f"domain page (12, {len(d12.model.items)} items, page 1)": get("/domain/12"),
             "domain page filtered (q=…)": get("/domain/12?q=%E5%85%AC%E5%BC%80&sort=findings"),
             "item page": get(f"/item/{shown.code}")}
    for fn in pages.values():
        fn()
    results = {name: timed(fn, args.repeat) for name, fn in pages.items()}

    counter = [0]

    def save():
        counter[0] += 1
        page = client.get(f"/item/{editable.code}/edit").text
        fields = as_data([(k, v) for k, v in form_fields(page, "edit-form") if k != "note"] + [("note", f"bench {counter[0]}")])
        t0 = time.perf_counter()
        r = client.post(f"/item/{editable.code}/edit", data=fields, follow_redirects=False)
        save.ms.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 303, r.status_code
        t1 = time.perf_counter()
        assert client.get(r.headers["location"]).status_code == 200
        save.after.append((time.perf_counter() - t1) * 1000)

    save.ms, save.after = [], []
    for _ in range(args.repeat):
        save()
    results["save of an edit (POST)"] = save.ms
    results["item page right after a save"] = save.after
    print(f"workspace: {total} items, {len(ws.domains)} domains; {args.repeat} requests each; in-process ASGI")
    print(f"first overview (whole check, cold): {first_overview:.0f} ms")
    print(f"{'page':48} {'p50 ms':>8} {'p95 ms':>8}")
    for name, values in results.items():
        print(f"{name:48} {statistics.median(values):8.1f} {pct(values, 95):8.1f}")
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
