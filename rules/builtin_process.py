"""PRC — 定流程: the disclosure steps form a valid path from collection to publication."""
from __future__ import annotations

import networkx as nx

from rules.finding import Flag
from rules.registry import family, rule

family("PRC", "定流程 process")

PUBLISH = ("发布", "公开", "公示", "上网")
REVIEW = ("审核", "审查", "审批", "保密")
END = PUBLISH + ("归档", "备案", "更新")


def step_graph(steps: list[str]) -> nx.DiGraph:
    """Steps in order as a directed graph; a repeated step makes a cycle."""
    g = nx.DiGraph()
    g.add_nodes_from(steps)
    g.add_edges_from(zip(steps, steps[1:]))
    return g


def _is(step: str, words: tuple[str, ...]) -> bool:
    return any(w in step for w in words)


@rule("PRC001", "process-cycle", severity="error", scope="item")
def process_cycle(item, ctx, domain):
    """The process steps repeat a step, so they do not form a path from start to end.

    Why: 定流程 fixes one order of steps; a repeated step (审核 → 发布 → 审核) leaves it unclear
    which step comes last and who is responsible when.
    Fails: `process = ["采集", "审核", "发布", "审核"]`.
    Passes: `process = ["采集", "审核", "发布"]`.
    """
    if len(item.process) < 2:
        return
    g = step_graph(item.process)
    if not nx.is_directed_acyclic_graph(g):
        cycle = " → ".join(e[0] for e in nx.find_cycle(g))
        yield Flag(f"process repeats steps (cycle: {cycle})", field="process")


@rule("PRC002", "process-no-publish", severity="error", scope="item")
def process_no_publish(item, ctx, domain):
    """The process has no publishing step (发布 / 公开 / 公示), or does not end at one or at 归档.

    Why: the end of a disclosure process is the information being public (条例 第二十三条);
    a process without that step discloses nothing.
    Fails: `process = ["采集", "审核"]`.
    Passes: `process = ["采集", "审核", "发布", "归档"]`.
    """
    if not item.process:
        return
    if not any(_is(s, PUBLISH) for s in item.process):
        yield Flag("process has no publishing step (发布/公开/公示)", field="process")
    elif not _is(item.process[-1], END):
        yield Flag(f"process ends at {item.process[-1]!r}, not at publication or 归档", field="process")


@rule("PRC003", "process-publish-before-review", severity="error", scope="item")
def process_publish_before_review(item, ctx, domain):
    """No review (审核 / 保密审查) comes before the first publishing step.

    Why: 条例 第十七条 — information is reviewed for secrecy before it is disclosed
    ("先审查、后公开"); the step graph must reach a review before publication.
    Fails: `process = ["采集", "发布", "审核"]`.
    Passes: `process = ["采集", "审核", "保密审查", "发布"]`.
    """
    if not item.process:
        return
    g = step_graph(item.process)
    if not nx.is_directed_acyclic_graph(g):
        return  # PRC001 reports it
    publish = next((s for s in item.process if _is(s, PUBLISH)), None)
    if publish is None:
        return
    reviews = [s for s in item.process if _is(s, REVIEW)]
    if not any(nx.has_path(g, r, publish) for r in reviews):
        yield Flag(f"no review step (审核/保密审查) before {publish!r}", field="process")
