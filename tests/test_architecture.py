"""The layering of DESIGN.md, checked on the source: cli and web → rules → catalog, no import circle."""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

from conftest import ROOT

PACKAGES = ("catalog", "rules", "cli", "domains", "web")
# (importer, imported) layers that must never meet
FORBIDDEN = {("catalog", "rules"), ("catalog", "cli"), ("catalog", "web"), ("rules", "cli"), ("rules", "web"),
             ("cli", "web"), ("web", "cli"), ("domains", "rules"), ("domains", "cli"), ("domains", "web")}


def module_graph(root: Path = ROOT) -> nx.DiGraph:
    modules = {}
    for pkg in PACKAGES:
        for path in (root / pkg).rglob("*.py"):
            name = "gongkai." + str(path.relative_to(root).with_suffix("")).replace("/", ".")
            modules[name.removesuffix(".__init__")] = path
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):   # lazy imports count too
            if isinstance(node, ast.ImportFrom) and node.module:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            for target in targets:
                if target in modules and target != name and not name.startswith(target + "."):
                    graph.add_edge(name, target)
    return graph


def test_there_is_no_import_circle():
    graph = module_graph()
    assert graph.number_of_edges() > 100          # the walk really saw the imports
    assert list(nx.simple_cycles(graph)) == []


def test_imports_point_one_way():
    layer = lambda module: module.split(".")[1]          # noqa: E731
    wrong = sorted((a, b) for a, b in module_graph().edges if (layer(a), layer(b)) in FORBIDDEN)
    assert wrong == []


def test_the_graph_finds_a_planted_circle(tmp_path):
    for pkg in PACKAGES:
        (tmp_path / pkg).mkdir()
    (tmp_path / "rules" / "a.py").write_text("from gongkai.rules.b import x\n" + "import gongkai.catalog.c\n" * 101)
    (tmp_path / "rules" / "b.py").write_text("def f():\n    from gongkai.rules.a import y\n")
    (tmp_path / "catalog" / "c.py").write_text("from gongkai.cli.d import z\n")
    (tmp_path / "cli" / "d.py").write_text("")
    graph = module_graph(tmp_path)
    assert list(nx.simple_cycles(graph)) == [["gongkai.rules.a", "gongkai.rules.b"]] or \
        list(nx.simple_cycles(graph)) == [["gongkai.rules.b", "gongkai.rules.a"]]
    assert ("gongkai.catalog.c", "gongkai.cli.d") in graph.edges


def test_every_subpackage_says_what_it_holds():
    for init in [p for pkg in PACKAGES for p in (ROOT / pkg).rglob("__init__.py")]:
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc, f"{init.relative_to(ROOT)} has no docstring"


def test_the_check_cache_stamp_covers_every_module_of_the_engine():
    """An edited rule must give a new cached result: the stamp lists the modules of all subpackages."""
    from gongkai.rules.engine import cache

    stamp = cache._code_stamp()
    for path in [*(ROOT / "rules").rglob("*.py"), *(ROOT / "catalog").rglob("*.py")]:
        assert str(path.relative_to(ROOT)) in stamp, path


def test_every_subpackage_is_installed():
    """pyproject lists the packages (the namespace mapping needs it): a folder left out works in an
    editable install and is missing from a real one."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"])
    found = {"gongkai." + str(init.parent.relative_to(ROOT)).replace("/", ".")
             for pkg in PACKAGES for init in (ROOT / pkg).rglob("__init__.py")}
    assert found - listed == set()
