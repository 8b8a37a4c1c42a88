"""What accounts cost: a login (argon2id verify), and an item page with and without a session.

    python bench/bench_roles.py [--items 2000] [--repeat 30]

In-process (Starlette's TestClient). A department account's item page also checks, per request,
that the item's 公开主体 is its own (the workspace read as it is now, unchanged files not parsed
again). Synthetic workspace from bench/generate.py.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))


def p(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))] * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    from starlette.testclient import TestClient

    from generate import generate
    from gongkai.catalog.users import add_user, load_users, verify
    from gongkai.catalog.workspace import Workspace
    from gongkai.web.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        root = generate(args.items, Path(tmp) / "ws")
        code, body = next((i.code, i.body) for _, i in Workspace.load(root).items() if i.body)
        plain = TestClient(create_app(root), base_url="http://127.0.0.1")
        rows = [("item page, no accounts (local mode)", plain, f"/item/{code}")]
        with open(root / "gongkai.toml", "a", encoding="utf-8") as fh:
            fh.write(f'\n[[departments]]\nname = "{body.split("、")[0]}"\n')
        add_user(root, "wang", "officer", "bench-password-1")
        add_user(root, "li", "department", "bench-password-1", body.split("、")[0])
        users = load_users(root)
        logins = []
        for _ in range(10):
            t = time.perf_counter()
            verify(users, "wang", "bench-password-1")
            logins.append(time.perf_counter() - t)
        print(f"argon2id verify (a login): p50 {p(logins, .5):.0f} ms, p95 {p(logins, .95):.0f} ms")
        for name in ("wang", "li"):
            c = TestClient(create_app(root), base_url="http://127.0.0.1")
            token = c.get("/login").text.split('name="csrf" value="')[1].split('"')[0]
            c.post("/login", data={"csrf": token, "name": name, "password": "bench-password-1"})
            rows.append((f"item page as {users[name].role}", c, f"/item/{code}"))
            rows.append((f"edit form as {users[name].role} (ownership checked for a department)", c, f"/item/{code}/edit"))
        for label, client, url in rows:
            assert client.get(url).status_code in (200, 400), url
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                client.get(url)
                times.append(time.perf_counter() - t)
            print(f"{label}: p50 {p(times, .5):.0f} ms, p95 {p(times, .95):.0f} ms")


if __name__ == "__main__":
    main()
