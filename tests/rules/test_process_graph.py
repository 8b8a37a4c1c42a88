"""The step graph behind the PRC rules: the shortcut for simple paths agrees with the graph."""
import itertools

import networkx as nx
import pytest

from gongkai.rules.catalogue.process import PUBLISH, REVIEW, cycle_of, review_before_publish, step_graph

# 审核发布 both reviews and publishes; 采集 and 归档 do neither.
STEPS = ("采集", "审核", "保密审查", "发布", "审核发布", "归档")


def by_the_graph(steps: tuple[str, ...]) -> tuple[bool, str | None]:
    """The definition: some review step has a path to the first publishing step (a step reaches itself)."""
    publish = next((s for s in steps if any(w in s for w in PUBLISH)), None)
    if publish is None:
        return True, None
    g = step_graph(list(steps))
    return any(nx.has_path(g, r, publish) for r in steps if any(w in r for w in REVIEW)), publish


@pytest.mark.parametrize("steps", list(itertools.permutations(STEPS, 3)) + list(itertools.permutations(STEPS[:5], 4)))
def test_simple_paths_agree_with_the_graph(steps):
    assert cycle_of(steps) is None
    assert review_before_publish(steps) == by_the_graph(steps)


def test_a_step_that_reviews_and_publishes_is_reviewed():
    assert review_before_publish(("采集", "审核发布", "归档")) == (True, "审核发布")
    assert review_before_publish(("采集", "发布", "审核")) == (False, "发布")


def test_a_repeated_step_is_a_cycle_named_by_the_graph():
    assert cycle_of(("采集", "审核", "发布", "审核")) == "审核 → 发布"


def test_reachability_on_a_graph_with_a_cycle():
    # 审核 comes after 发布 in the list, but the repeat leads back: 发布 → 采集 → 审核 has no way on.
    assert review_before_publish(("采集", "发布", "采集", "审核")) == (False, "发布")
    # 审核 → 发布 is an edge even though 审核 also follows 发布.
    assert review_before_publish(("采集", "审核", "发布", "审核")) == (True, "发布")
