"""Build the 26 bundled standard catalogues ``domains/NN-slug.toml`` from real published rows.

    python -m gongkai.domains.build_standard ../shared/data/catalogues

Each ``NN-slug.md`` there holds rows transcribed from published 基层政务公开标准目录 of many
localities, each block with its source URL. For every domain this reads them with the table
importer (traditional characters converted to simplified), keeps one item per distinct
事项 across localities — same 二级/三级事项 and the same 一级事项, where a 一级事项 cut short on
a page ("城镇燃" for 城镇燃气管理) counts as the same — choosing the fullest row, and writes it with
its source (locality, URL, file, line). Nothing is invented: where fewer items are found than
the 上街区 seed reports, the header's ``encoded_note`` says so. Codes are ``NN-CC-NNN`` in order
of first appearance; a workspace puts its region in front on ``gongkai init``.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.catalog.codes import CodeAllocator
from gongkai.catalog.domain_file import render_domain
from gongkai.catalog.errors import GongkaiError
from gongkai.catalog.model import DomainFile, DomainHeader, Item
from gongkai.catalog.tables.importer import read_file
from gongkai.catalog.tables.rows import ParsedItem
from gongkai.catalog.toml_store import atomic_write
from gongkai.domains import BUNDLED_DIR, REGISTRY, Domain

SOURCE_PREFIX = "shared/data/catalogues"
_FILLED = ("elements", "basis", "deadline", "body")


@dataclass
class Group:
    """The rows of one distinct item, across localities."""

    rows: list[ParsedItem] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str | None]:
        return _names(self.rows[0].fields)

    def category(self) -> str:
        return max((r.fields["category"] for r in self.rows), key=len)

    def accepts(self, f: dict) -> bool:
        if _names(f) != self.key:
            return False
        mine = self.category()
        return f["category"] in mine or mine in f["category"]

    def fullest(self) -> ParsedItem:
        return max(enumerate(self.rows), key=lambda nr: (_fullness(nr[1].fields), -nr[0]))[1]


def _names(f: dict) -> tuple[str, str | None]:
    """二级/三级事项 without the spaces a page's line wrapping leaves ("城市、 镇详细规划")."""
    squash = lambda s: "".join(s.split()) if s else s  # noqa: E731
    return squash(f["name"]), squash(f.get("subitem"))


def _fullness(f: dict) -> tuple:
    method = f.get("method", {})
    filled = sum(1 for k in _FILLED if f.get(k)) + sum(1 for k in ("channels", "audience", "mode") if method.get(k))
    filled += 1 if f.get("levels") else 0
    note = f.get("note") or ""
    return (filled, "cut off" not in note, "mirror" not in note,
            len(f.get("elements", [])) + len(f.get("basis", [])) + len(method.get("channels", [])))


def build_domain(domain: Domain, source: Path) -> tuple[DomainFile, int, int]:
    """The domain file built from ``source``; also the rows read and the localities seen."""
    result = read_file(source, simplify=True)
    groups: list[Group] = []
    for parsed in result.items:
        for group in groups:
            if group.accepts(parsed.fields):
                group.rows.append(parsed)
                break
        else:
            groups.append(Group([parsed]))
    localities = {(p.fields.get("source") or {}).get("url") for p in result.items}
    items: list[Item] = []
    codes = CodeAllocator(domain.code, [], [], None)
    for group in groups:
        chosen = group.fullest()
        fields = dict(chosen.fields)
        fields["category"] = group.category()
        fields["source"] = {**fields.get("source", {}), "file": f"{SOURCE_PREFIX}/{source.name}"}
        others = len({(r.fields.get("source") or {}).get("url") for r in group.rows}) - 1
        if others > 0:
            seen = f"the same item is in {others} other collected catalogue{'s' if others > 1 else ''}"
            where = fields["source"]
            where["note"] = "; ".join(x for x in (where.get("note"), seen) if x)
        fields["code"] = codes.next(fields["category"])
        items.append(Item.model_validate(fields))
    count, reported = len(items), domain.reported_count
    note = (f"{count} items encoded from the real rows of {len(localities)} published catalogues "
            f"({SOURCE_PREFIX}/{source.name}); the seed (上街区 2020) reports {reported}")
    if count < reported:
        note += f": {reported - count} not encoded, no published row for them was collected"
    header = DomainHeader(code=domain.code, slug=domain.slug, name=domain.name, reported_count=reported,
                          encoded_note=note)
    return DomainFile(domain=header, items=items), result.rows, len(localities)


def build(source_dir: Path, out_dir: Path = BUNDLED_DIR) -> list[tuple[Domain, int, int]]:
    """Build every domain file first and write them only when all 26 were built: a missing or bad
    source leaves the bundled files as they were."""
    built = [(domain, *build_domain(domain, source_dir / f"{domain.code}-{domain.slug}.md")[:2]) for domain in REGISTRY]
    for domain, model, _ in built:
        atomic_write(out_dir / domain.filename, render_domain(model))
    return [(domain, len(model.items), rows) for domain, model, rows in built]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    total = 0
    try:
        built = build(Path(argv[0]))
    except GongkaiError as exc:   # a missing or unreadable source: say which, as the CLI does
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for domain, count, rows in built:
        total += count
        print(f"{domain.code} {domain.slug:26} {count:3d} items from {rows:3d} rows (seed {domain.reported_count})")
    print(f"total {total} items")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
