"""The item graph (gongkai.catalog.item_graph): who depends on which law and which body."""
from __future__ import annotations

import json
from types import SimpleNamespace

import networkx as nx
import pytest

from gongkai.catalog import item_graph
from gongkai.catalog.model import Item
from conftest import BASE_ITEM


def item(code, **over) -> Item:
    return Item.model_validate({**BASE_ITEM, "code": code, **over})


@pytest.mark.parametrize("title, keys", [
    ("《中华人民共和国城乡规划法》", ["城乡规划法"]),
    ("《城乡规划法》", ["城乡规划法"]),
    ("《中华人民共和国政府信息公开条例》(国务院令第711号)", ["政府信息公开条例"]),
    ("《社会救助暂行办法》（国务院令第649号）", ["社会救助暂行办法"]),
    ("《最低生活保障审核审批办法（试行）》", ["最低生活保障审核审批办法(试行)"]),
    ("《预算法》《政府信息公开条例》", ["预算法", "政府信息公开条例"]),
    ("各地相关政策法规文件", ["各地相关政策法规文件"]),
])
def test_law_titles_are_normalised(title, keys):
    assert item_graph.law_keys(title) == keys


def test_bodies_are_split_on_enumeration_marks():
    assert item_graph.split_bodies("县民政局、各乡(镇)人民政府(街道办事处)") == ["县民政局", "各乡(镇)人民政府(街道办事处)"]
    assert item_graph.split_bodies("区人力资源和社会保障局") == ["区人力资源和社会保障局"]
    assert item_graph.split_bodies(None) == []


@pytest.fixture
def graph():
    items = [
        item("410106-01-01-001", basis=[{"title": "《中华人民共和国城乡规划法》", "article": "第八条"}], body="区自然资源局",
             responsibility={"unit": "区自然资源局"}),
        item("410106-01-01-002", basis=[{"title": "《城乡规划法》"}], body="区自然资源局、区住建局",
             responsibility={"unit": "区住建局"}),
        item("410106-19-02-001"),   # BASE_ITEM: 县民政局 and 区民政局 (responsible)
    ]
    deps = [SimpleNamespace(name="区民政局", aliases=["县民政局"])]
    entries = [(i.code.split("-")[1], {"01": "城乡规划", "19": "社会救助"}[i.code.split("-")[1]], i) for i in items]
    return item_graph.build(entries, deps), deps


def test_what_depends_on_a_law(graph):
    g, _ = graph
    assert item_graph.items_citing(g, "《中华人民共和国城乡规划法》") == ["410106-01-01-001", "410106-01-01-002"]
    assert item_graph.items_citing(g, "《土地管理法》") == []
    assert g.edges["item:410106-01-01-001", "basis:城乡规划法"]["article"] == "第八条"


def test_what_depends_on_a_body_with_its_aliases(graph):
    g, deps = graph
    assert item_graph.items_of_body(g, "区住建局") == ["410106-01-01-002"]
    assert item_graph.items_of_body(g, "县民政局", deps) == ["410106-19-02-001"]
    assert "body:县民政局" not in g and "body:区民政局" in g     # the alias maps to the department
    assert item_graph.items_of_body(g, "区自然资源局") == ["410106-01-01-001", "410106-01-01-002"]


def test_node_kinds_and_domain_edges(graph):
    g, _ = graph
    kinds = {}
    for _, k in g.nodes(data="kind"):
        kinds[k] = kinds.get(k, 0) + 1
    assert kinds == {"domain": 2, "item": 3, "basis": 2, "body": 4}
    assert sorted(g.successors("domain:01")) == ["item:410106-01-01-001", "item:410106-01-01-002"]
    assert g.edges["item:410106-01-01-001", "body:区自然资源局"]["kind"] == "disclosed_by"


def test_a_revision_depends_on_the_version_in_force_too():
    it = item("410106-01-01-001", status="revising", basis=[{"title": "《新法》"}],
              approved={**item("x", basis=[{"title": "《旧法》"}]).content()})
    g = item_graph.build([("01", "城乡规划", it)])
    assert item_graph.items_citing(g, "《旧法》") == item_graph.items_citing(g, "《新法》") == ["410106-01-01-001"]


def test_exports_round_trip(graph, tmp_path):
    g, _ = graph
    item_graph.write(g, "graphml", tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert set(back.nodes) == set(g.nodes) and back.number_of_edges() == g.number_of_edges()
    assert back.nodes["basis:城乡规划法"]["kind"] == "basis"
    data = json.loads(item_graph.write(g, "json"))
    again = nx.node_link_graph(data, edges="edges")
    assert set(again.edges) == set(g.edges)


def test_graph_of_a_real_workspace(make_workspace):
    from gongkai.catalog.workspace import Workspace

    ws = Workspace.load(make_workspace(adopt=True))
    g = item_graph.from_workspace(ws)
    codes = [i.code for _, i in ws.items()]
    assert sorted(n.removeprefix("item:") for n, k in g.nodes(data="kind") if k == "item") == sorted(codes)
    # every item is reachable from its domain and cites what its basis says
    for d, i in ws.items():
        assert g.has_edge(f"domain:{d.code}", f"item:{i.code}")
        for b in i.basis:
            for key in item_graph.law_keys(b.title):
                assert i.code in item_graph.items_citing(g, b.title)
