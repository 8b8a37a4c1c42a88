"""The step graph behind the PRC rules: the shortcut for simple paths agrees with the graph."""
import itertools

import pytest

from rules.builtin_process import cycle_of, review_before_publish

STEPS = ("采集", "审核", "保密审查", "发布", "归档")


@pytest.mark.parametrize("steps", list(itertools.permutations(STEPS, 4)))
def test_simple_paths_have_no_cycle_and_review_means_before_publication(steps):
    assert cycle_of(steps) is None
    reviewed, publish = review_before_publish(steps)
    first = next((i for i, s in enumerate(steps) if s == "发布"), None)
    assert publish == (None if first is None else "发布")
    assert reviewed == (first is None or any(s in ("审核", "保密审查") for s in steps[:first]))


def test_a_repeated_step_is_a_cycle_named_by_the_graph():
    assert cycle_of(("采集", "审核", "发布", "审核")) == "审核 → 发布"


def test_reachability_on_a_graph_with_a_cycle():
    # 审核 comes after 发布 in the list, but the repeat leads back: 发布 → 采集 → 审核 has no way on.
    assert review_before_publish(("采集", "发布", "采集", "审核")) == (False, "发布")
    # 审核 → 发布 is an edge even though 审核 also follows 发布.
    assert review_before_publish(("采集", "审核", "发布", "审核")) == (True, "发布")
