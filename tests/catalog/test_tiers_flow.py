"""三级: claim, tailor, follow the parent's changes, sync, decline — on a synthetic tree (tests/tiers_setup.py)."""
from __future__ import annotations

import shutil
from datetime import date, datetime, timezone

import pytest

from gongkai.catalog.edits import apply_edits
from gongkai.catalog.errors import InputError, UsageError
from gongkai.catalog.tiers import claim as claiming
from gongkai.catalog.tiers import follow
from gongkai.catalog.tiers.derive import init_derived, save_with_config
from gongkai.catalog.tiers.parent import open_parent
from gongkai.catalog.tiers.tailor import inherit, provenance
from gongkai.catalog.workdays import build_calendar
from gongkai.catalog.workspace import Workspace, init_workspace, load_config
from tiers_setup import add_items, district, publish, publish_all

CHANGED_AT = datetime(2026, 12, 10, 2, 0, tzinfo=timezone.utc)   # the district approves v2 on 2026-12-10


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_NOW", "2026-12-01")
    root, codes = district(tmp_path)
    xiawo, n = init_derived(tmp_path / "xiawo", "410106100", "峡窝镇", "township", root)
    jishi, m = init_derived(tmp_path / "jishi", "410106101", "济世街道", "township", root)
    return root, codes, tmp_path / "xiawo", tmp_path / "jishi", n, m


def _item(root, code):
    return Workspace.load(root).find(code)[1]


def test_townships_claim_the_items_of_their_level(tree):
    root, codes, xiawo, jishi, n, m = tree
    ws = Workspace.load(xiawo)
    claimed = {i.parent.code: i for _, i in ws.items()}
    assert n == m == 3 and set(claimed) == {codes["A"], codes["B"], codes["D"]}    # C is 县级 only
    a = claimed[codes["A"]]
    assert a.code == "410106100-" + codes["A"].split("-", 1)[1]      # the parent's DD-CC-NNN after the region
    assert a.status == "draft" and a.parent.version == 1 and a.parent.tailored == []
    assert a.deadline == _item(root, codes["A"]).deadline
    cfg = load_config(xiawo)
    assert cfg.parent.path == "../shangjie" and cfg.parent.region == "410106"


def test_a_village_claims_from_its_township(tree, tmp_path):
    root, codes, xiawo, *_ = tree
    publish_all(xiawo)
    _, n = init_derived(tmp_path / "cun", "410106100201", "峡窝村", "village", xiawo)
    ws = Workspace.load(tmp_path / "cun")
    assert n == 1 and [i.parent.code for _, i in ws.items()] == ["410106100-" + codes["B"].split("-", 1)[1]]
    assert [i.code for _, i in ws.items()] == ["410106100201-" + codes["B"].split("-", 1)[1]]


def test_wrong_level_or_region_is_refused(tree, tmp_path):
    root, codes, xiawo, *_ = tree
    with pytest.raises(UsageError, match="9 digits"):
        init_derived(tmp_path / "x", "4101061", "x", "township", root)
    with pytest.raises(UsageError, match="not inside"):
        init_derived(tmp_path / "x", "410107100", "x", "township", root)
    with pytest.raises(UsageError, match="level above"):
        init_derived(tmp_path / "x", "410106100", "x", "township", xiawo)   # a township under a township
    assert not (tmp_path / "x").exists()


def test_tailoring_is_recorded_and_identity_stays_the_parents(tree):
    root, codes, xiawo, *_ = tree
    with Workspace.transaction(xiawo) as ws:
        d, item = ws.find(codes["A"].replace("410106-", "410106100-"))
        edited = apply_edits(item, ["body=峡窝镇人民政府", "method.channels=社区/企事业单位/村公示栏(电子屏)"])
        d.model.items[d.model.items.index(item)] = edited
    assert edited.parent.tailored == ["body", "method.channels"]
    assert edited.parent.base["body"] == _item(root, codes["A"]).body          # what the parent said
    prov = provenance(edited)
    assert prov["body"] == "tailored" and prov["deadline"] == "inherited" and prov["name"] == "inherited"
    with pytest.raises(UsageError, match="stay"):
        apply_edits(edited, ["name=别的事项"])
    back = inherit(edited, ["body"])                     # inherit again: the parent's value returns
    assert back.body == _item(root, codes["A"]).body and back.parent.tailored == ["method.channels"]
    assert "body" not in back.parent.base and back.method.channels == edited.method.channels
    with pytest.raises(UsageError, match="not tailored"):
        inherit(back, ["deadline"])


def _approve_v2(root, code, **change):
    with Workspace.transaction(root) as ws:
        d, item = ws.find(code)
        lifecycle_fire(item, "amend")
        new = apply_edits(item, [f"{k}={v}" for k, v in change.items()])
        d.model.items[d.model.items.index(item)] = new
        publish(new, CHANGED_AT)


def lifecycle_fire(item, event):
    from gongkai.catalog import lifecycle

    lifecycle.fire(item, event, at=CHANGED_AT, actor="test")


def test_parent_change_puts_the_published_child_item_in_review_with_its_due_date(tree):
    root, codes, xiawo, *_ = tree
    publish_all(xiawo)
    child_code = codes["A"].replace("410106-", "410106100-")
    with Workspace.transaction(xiawo) as ws:           # tailor the body (a revision of a published item)
        d, item = ws.find(child_code)
        lifecycle_fire(item, "amend")
        new = apply_edits(item, ["body=峡窝镇人民政府"])
        d.model.items[d.model.items.index(item)] = new
        publish(new, CHANGED_AT)
    _approve_v2(root, codes["A"], deadline="信息形成之日起5个工作日内", body="区民政局")
    ws = Workspace.load(xiawo)
    parent = open_parent(ws)
    [u] = follow.upstream(ws, parent)
    assert (u.kind, u.from_version, u.to_version, u.changed_on) == ("new_version", 1, 2, date(2026, 12, 10))
    assert {c.field: c.tailored for c in u.changes} == {"deadline": False, "body": True}
    from gongkai.rules.engine.registry import get_rule
    from gongkai.rules.engine.runner import run_checks
    [f] = run_checks(ws, [get_rule("COV009")]).findings
    assert f.item == child_code and "review due 2027-01-08" in f.message and f.file.endswith("19-social-assistance.toml")
    with Workspace.transaction(xiawo) as ws:
        steps = follow.follow_steps(ws, follow.upstream(ws, open_parent(ws)), build_calendar())
        follow.apply_follow(ws, steps, actor="test")
    item = _item(xiawo, child_code)
    # counted by hand: 20 working days after Thu 2026-12-10, 2027-01-01 a holiday → Fri 2027-01-08
    assert item.status == "reviewing" and item.review_due == date(2027, 1, 8)
    assert item.history[-1].trigger == "parent_changed" and item.parent.pending == "v2"
    ws = Workspace.load(xiawo)
    assert follow.follow_steps(ws, follow.upstream(ws, open_parent(ws)), build_calendar()) == []   # recorded once
    assert run_checks(ws, [get_rule("COV009")]).findings == []

    with Workspace.transaction(xiawo) as ws:            # sync: take v2 under the tailoring
        parent = open_parent(ws)
        plan = follow.plan_sync(ws, parent, build_calendar())
        assert [t.code for t in plan.take] == [child_code] and not plan.follow
        follow.apply_sync(ws, parent, plan, actor="test")
    item = _item(xiawo, child_code)
    assert item.status == "revising" and item.deadline == "信息形成之日起5个工作日内"   # inherited: taken
    assert item.body == "峡窝镇人民政府"                                                # tailored: kept
    assert item.parent.version == 2 and item.parent.pending is None and item.parent.base["body"] == "区民政局"
    assert item.in_force().deadline != item.deadline    # the approved version stays in force until approved here
    ws = Workspace.load(xiawo)
    assert follow.upstream(ws, open_parent(ws)) == []


def test_withdrawal_upstream_is_recorded_but_not_taken(tree):
    root, codes, xiawo, *_ = tree
    with Workspace.transaction(root) as ws:
        from gongkai.catalog import lifecycle

        lifecycle.fire(ws.find(codes["D"])[1], "withdraw", reason="职能调整", at=CHANGED_AT)
    ws = Workspace.load(xiawo)
    plan = follow.plan_sync(ws, open_parent(ws), build_calendar())
    assert [(u.kind, u.code) for u, _ in plan.blocked] == [("withdrawn", codes["D"].replace("410106-", "410106100-"))]
    assert [s.event for s in plan.follow] == ["adjust"] and not plan.take   # a draft here keeps its state


def test_decline_needs_a_reason_and_removes_the_claimed_draft(tree):
    root, codes, xiawo, *_ = tree
    with pytest.raises(UsageError, match="reason"):
        with Workspace.transaction(xiawo) as ws:
            claiming.decline(ws, open_parent(ws), codes["D"], "  ")
    with Workspace.transaction(xiawo) as ws:
        code, done = claiming.decline(ws, open_parent(ws), codes["D"], "本镇不受理此类申请")
        save_with_config(ws)
    assert code == codes["D"] and "removed" in done
    ws = Workspace.load(xiawo)
    assert [(d.code, d.reason) for d in ws.config.parent.declined] == [(codes["D"], "本镇不受理此类申请")]
    assert codes["D"].replace("410106-", "410106100-") in ws.domain("19").model.domain.retired_codes
    assert claiming.undecided(ws, open_parent(ws)) == []


def test_new_parent_items_are_undecided_until_claimed(tree):
    root, codes, xiawo, *_ = tree
    new = add_items(root, {"E": {"levels": ["乡级"]}, "F": {"levels": ["乡级"]}})
    add_items(root, {"G": {"levels": ["乡级"]}}, published=False)     # a draft upstream is not claimable yet
    ws = Workspace.load(xiawo)
    assert {u.parent_code for u in claiming.undecided(ws, open_parent(ws))} == {new["E"], new["F"]}
    with Workspace.transaction(xiawo) as ws:
        [added] = claiming.claim(ws, open_parent(ws), [new["E"].split("-", 1)[1]])   # without the region
    assert added.parent.code == new["E"]
    with pytest.raises(UsageError, match="nothing to claim"):
        with Workspace.transaction(xiawo) as ws:
            claiming.claim(ws, open_parent(ws), [codes["C"]])


def test_a_missing_or_replaced_parent_is_an_error(tree, tmp_path):
    root, codes, xiawo, *_ = tree
    shutil.move(root, tmp_path / "moved")
    ws = Workspace.load(xiawo)                          # the child itself still loads
    with pytest.raises(InputError, match="does not exist") as err:
        open_parent(ws)
    assert err.value.problems[0].field == "parent.path" and err.value.problems[0].line
    init_workspace(root, "410107", "别的区", adopt=False)     # another unit where the parent was
    with pytest.raises(InputError, match="moved or replaced"):
        open_parent(ws)
