"""The item graph: items, their bases (laws), bodies and domains, as a networkx DiGraph.

It answers the 动态调整 question "what depends on this law / this body?": when a law
is revised or an organisation is renamed or merged, every item that cites it must
be reviewed. Node ids are ``kind:key`` strings:

    domain:19 --contains--> item:410106-19-01-001 --cites--> basis:政府信息公开条例
                                                  --disclosed_by / responsible--> body:县民政局

Law titles are normalised so that 《中华人民共和国城乡规划法》 and 《城乡规划法》 meet in
one node; bodies are split on 、 and mapped to the workspace's department names.
An item under revision links both its revision and its version in force.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Optional

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from gongkai.catalog.model import Item

_BOOK = re.compile(r"《([^《》]+)》")
_BODY_SPLIT = re.compile(r"\s*[、，,;；/]\s*")
_PREFIX = "中华人民共和国"


def _nfkc(text: str) -> str:
    # Full-width brackets and spaces as half-width, so （试行） and (试行) are one title.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def law_keys(title: str) -> list[str]:
    """The normalised law titles in a basis text (one per 《…》; the whole text if none)."""
    text = _nfkc(title)
    found = _BOOK.findall(text) or [text.strip("《》")]
    keys = []
    for t in found:
        t = t.removeprefix(_PREFIX) or t
        if t and t not in keys:
            keys.append(t)
    return keys


def split_bodies(text: str | None) -> list[str]:
    """The bodies named in a body field: 县民政局、各乡(镇)人民政府 → two bodies."""
    return [p for p in _BODY_SPLIT.split((text or "").strip()) if p]


def body_key(name: str) -> str:
    return _nfkc(name)


class Departments:
    """The workspace's departments by every name they go by (name and aliases)."""

    def __init__(self, departments: Iterable[Any] = ()) -> None:
        self.canonical: dict[str, str] = {}
        for dep in departments:
            for n in (dep.name, *getattr(dep, "aliases", ())):
                self.canonical[body_key(n)] = dep.name

    def key(self, name: str) -> str:
        """The node key of a body name: its department's name when known."""
        k = body_key(name)
        return body_key(self.canonical.get(k, name))

    def names(self, name: str) -> set[str]:
        """Every normalised name that means the same body as ``name``."""
        target = self.key(name)
        return {k for k, v in self.canonical.items() if body_key(v) == target} | {target, body_key(name)}


def build(entries: Iterable[tuple[str, str, "Item"]], departments: Iterable[Any] = ()) -> "nx.DiGraph":
    """The graph of (domain code, domain name, item) entries."""
    import networkx as nx

    deps = Departments(departments)
    g = nx.DiGraph()
    for domain_code, domain_name, item in entries:
        dnode = f"domain:{domain_code}"
        if dnode not in g:
            g.add_node(dnode, kind="domain", label=f"{domain_code} {domain_name}")
        inode = f"item:{item.code}"
        g.add_node(inode, kind="item", label=item.label, status=item.status, version=item.version,
                   domain=domain_code)
        g.add_edge(dnode, inode, kind="contains")
        for content in _contents(item):
            for b in content.get("basis", []):
                for key in law_keys(b["title"]):
                    bnode = f"basis:{key}"
                    if bnode not in g:
                        g.add_node(bnode, kind="basis", label=key, title=b["title"], tier=b.get("tier") or "")
                    g.add_edge(inode, bnode, kind="cites", article=b.get("article") or "")
            for role, text in (("disclosed_by", content.get("body")),
                               ("responsible", (content.get("responsibility") or {}).get("unit"))):
                for name in split_bodies(text):
                    key = deps.key(name)
                    onode = f"body:{key}"
                    if onode not in g:
                        g.add_node(onode, kind="body", label=key)
                    if not g.has_edge(inode, onode):   # disclosed_by wins over responsible
                        g.add_edge(inode, onode, kind=role)
    return g


def from_workspace(ws) -> "nx.DiGraph":
    return build(((d.code, d.model.domain.name, item) for d, item in ws.items()), ws.config.departments)


def _contents(item: "Item") -> list[dict[str, Any]]:
    """The content an item depends on: the revision and, while revising, the version in force."""
    current = item.model_dump(include={"basis", "body", "responsibility"}, mode="json")
    return [current, item.approved] if item.approved else [current]


# -- questions -------------------------------------------------------------------------------
def items_citing(g: "nx.DiGraph", title: str) -> list[str]:
    """Codes of the items whose basis cites the law ``title`` (any of its 《…》)."""
    found: set[str] = set()
    for key in law_keys(title):
        node = f"basis:{key}"
        if node in g:
            found.update(p.removeprefix("item:") for p in g.predecessors(node))
    return sorted(found)


def items_of_body(g: "nx.DiGraph", name: str, departments: Iterable[Any] = ()) -> list[str]:
    """Codes of the items a body discloses or is responsible for (aliases included)."""
    deps = Departments(departments)
    found: set[str] = set()
    for key in deps.names(name):
        node = f"body:{key}"
        if node in g:
            found.update(p.removeprefix("item:") for p in g.predecessors(node))
    return sorted(found)


def close_names(g: "nx.DiGraph", kind: str, text: str, n: int = 3) -> list[str]:
    """Node labels of a kind that look like ``text`` (for "did you mean")."""
    import difflib

    labels = [d["label"] for _, d in g.nodes(data=True) if d.get("kind") == kind]
    wanted = law_keys(text)[0] if kind == "basis" else body_key(text)
    close = difflib.get_close_matches(wanted, labels, n=n, cutoff=0.5)
    return close or sorted(x for x in labels if wanted in x or x in wanted)[:n]


# -- export ----------------------------------------------------------------------------------
def to_json(g: "nx.DiGraph") -> dict[str, Any]:
    import networkx as nx

    return nx.node_link_data(g, edges="edges")


def write(g: "nx.DiGraph", fmt: str, out: Optional[Path] = None) -> str | None:
    """Write the graph as graphml or json to ``out`` (or return the text when out is None)."""
    import io

    import networkx as nx

    if fmt == "json":
        text = json.dumps(to_json(g), ensure_ascii=False, indent=1)
    elif fmt == "graphml":
        buf = io.BytesIO()
        nx.write_graphml(g, buf, encoding="utf-8")
        text = buf.getvalue().decode("utf-8")
    else:
        raise ValueError(f"unknown graph format {fmt!r}")
    if out is None:
        return text
    from gongkai.catalog.toml_store import atomic_write

    atomic_write(out, text if text.endswith("\n") else text + "\n")
    return None
