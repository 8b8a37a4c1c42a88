"""Generate a realistic synthetic workspace of N items for benchmarks.

Field values and their lengths are drawn from the real rows of the bundled standard
catalogues (``domains/*.toml``, built from shared/data/catalogues): categories, names,
elements, bases, bodies, deadlines and channels are sampled from real items, so text
lengths and vocabularies match published tables. Nothing here is presented as real data:
every generated item carries ``source.file = "bench/generate.py"``.

    python bench/generate.py --items 15000 --out /tmp/ws15k
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gongkai import domains as registry  # noqa: E402
from gongkai.catalog.domain_file import render_domain  # noqa: E402
from gongkai.catalog.model import DomainFile, DomainHeader, Item  # noqa: E402
from gongkai.catalog.toml_store import atomic_write  # noqa: E402
from gongkai.catalog.workspace import Config, Unit, render_config  # noqa: E402

PROCESSES = [["采集", "审核", "保密审查", "发布", "归档"], ["采集", "审核", "发布"], ["起草", "审查", "公开", "更新"]]


def real_pool() -> list[Item]:
    pool = []
    for d in registry.REGISTRY:
        if registry.bundled_path(d.code).exists():
            pool.extend(registry.load_bundled(d.code).model.items)
    if not pool:
        raise SystemExit("no bundled domain files to sample from")
    return pool


def generate(n: int, out: Path, region: str = "410106", seed: int = 1) -> Path:
    rng = random.Random(seed)
    pool = real_pool()
    per_domain = [n // 26 + (1 if i < n % 26 else 0) for i in range(26)]
    (out / "domains").mkdir(parents=True, exist_ok=True)
    atomic_write(out / "gongkai.toml", render_config(Config(unit=Unit(region=region, name="bench"))))
    for dom, count in zip(registry.REGISTRY, per_domain):
        items = []
        categories = min(99, max(1, count // 40))   # ~40 items a category; CC stops at 99
        names: dict[int, str] = {}                   # one 一级事项 name a CC, so an export imports back
        for k in range(count):
            src = rng.choice(pool)
            cc, seq = k % categories + 1, k // categories + 1
            data = src.model_dump(by_alias=True, exclude_none=True)
            data.update(
                code=f"{region}-{dom.code}-{cc:02d}-{seq:03d}",
                # drawn for every item as before, so the other samples stay the same
                category=names.setdefault(cc, f"{rng.choice(pool).category}{cc}"),
                process=rng.choice(PROCESSES),
                status=rng.choice(["draft", "draft", "in_review", "published"]),
                source={"file": "bench/generate.py"},
            )
            data.setdefault("levels", rng.choice([["县级"], ["县级", "乡级"]]))
            items.append(Item.model_validate(data))
        header = DomainHeader(code=dom.code, slug=dom.slug, name=dom.name, reported_count=dom.reported_count)
        atomic_write(out / "domains" / dom.filename, render_domain(DomainFile(domain=header, items=items)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    t = time.perf_counter()
    generate(args.items, args.out, seed=args.seed)
    print(f"wrote {args.items} items to {args.out} in {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
