"""PRC — 定流程: the disclosure steps form a valid path from collection to publication."""
from __future__ import annotations

from functools import lru_cache

from gongkai.rules.engine.finding import Flag
from gongkai.rules.engine.registry import family, rule

family("PRC", "定流程 process")

PUBLISH = ("发布", "公开", "公示", "上网")
REVIEW = ("审核", "审查", "审批", "保密")
END = PUBLISH + ("归档", "备案", "更新")


def step_graph(steps: list[str]):
    """Steps in order as a directed graph; a repeated step makes a cycle."""
    import networkx as nx  # imported on first use (~0.2 s): most processes never need a graph

    g = nx.DiGraph()
    g.add_nodes_from(steps)
    g.add_edges_from(zip(steps, steps[1:]))
    return g


@lru_cache(maxsize=4096)
def cycle_of(steps: tuple[str, ...]) -> str | None:
    """The repeated steps as "a → b → a", or None when the steps form a path (cached: processes repeat)."""
    if len(set(steps)) == len(steps):
        return None  # distinct steps in order are a simple path; only a repeat closes a cycle
    import networkx as nx

    g = step_graph(list(steps))
    if nx.is_directed_acyclic_graph(g):
        return None
    return " → ".join(e[0] for e in nx.find_cycle(g))


@lru_cache(maxsize=4096)
def review_before_publish(steps: tuple[str, ...]) -> tuple[bool, str | None]:
    """(reviewed, first publishing step): whether some review step reaches the first publication."""
    publish = next((s for s in steps if _is(s, PUBLISH)), None)
    if publish is None:
        return True, None
    if cycle_of(steps) is None:
        # On a simple path a step reaches the publication exactly when it comes before it or is it
        # (a step such as 审核发布 reviews and publishes).
        return any(_is(r, REVIEW) for r in steps[:steps.index(publish) + 1]), publish
    import networkx as nx

    g = step_graph(list(steps))
    return any(nx.has_path(g, r, publish) for r in steps if _is(r, REVIEW)), publish


@lru_cache(maxsize=4096)
def publish_problem(steps: tuple[str, ...]) -> str | None:
    if not any(_is(s, PUBLISH) for s in steps):
        return "process has no publishing step (发布/公开/公示)"
    if not _is(steps[-1], END):
        return f"process ends at {steps[-1]!r}, not at publication or 归档"
    return None


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
    cycle = cycle_of(tuple(item.process))
    if cycle:
        yield Flag(f"process repeats steps (cycle: {cycle})", zh=f"公开流程有重复步骤（{cycle}）", field="process")


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
    problem = publish_problem(tuple(item.process))
    if problem:
        zh = ("公开流程没有发布步骤（发布/公开/公示）" if "no publishing" in problem
              else f"公开流程止于“{item.process[-1]}”，没有止于发布或归档")
        yield Flag(problem, zh=zh, field="process")


@rule("PRC003", "process-publish-before-review", severity="error", scope="item")
def process_publish_before_review(item, ctx, domain):
    """No review (审核 / 保密审查) comes before the first publishing step.

    Why: 条例 第十七条 — information is reviewed for secrecy before it is disclosed
    ("先审查、后公开"); the step graph must reach a review before publication.
    Fails: `process = ["采集", "发布", "审核"]`.
    Passes: `process = ["采集", "审核", "保密审查", "发布"]`.
    """
    if not item.process or cycle_of(tuple(item.process)):
        return  # PRC001 reports a cycle
    reviewed, publish = review_before_publish(tuple(item.process))
    if not reviewed:
        yield Flag(f"no review step (审核/保密审查) before {publish!r}", zh=f"“{publish}”之前没有审核或保密审查步骤", field="process")
