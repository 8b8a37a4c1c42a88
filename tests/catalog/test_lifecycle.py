"""The lifecycle machine, its audit trail, due reviews and 动态调整 (gongkai.catalog.lifecycle, gongkai.catalog.adjust)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

import pytest

from gongkai.catalog import adjust, lifecycle
from gongkai.catalog.errors import UsageError
from gongkai.catalog.lifecycle import Call, GuardError, fire
from gongkai.catalog.model import Item
from gongkai.catalog.workdays import build_calendar
from conftest import BASE_ITEM

T0 = datetime(2025, 3, 3, 2, 0, tzinfo=timezone.utc)


def ok(item):
    return []


@dataclass
class F:
    rule: str
    message: str
    severity: str = "error"
    field: str | None = None


def make(code="410106-19-02-001", status="draft", **over) -> Item:
    return Item.model_validate({**BASE_ITEM, "code": code, "status": status, **over})


def published(code="410106-19-02-001", at=T0) -> Item:
    item = make(code)
    fire(item, "submit", actor="张三", at=at)
    fire(item, "approve", actor="李四", at=at, findings=ok)
    return item


def snapshot(item: Item) -> dict:
    return item.model_dump(mode="json", by_alias=True)


# -- the machine as drawn in DESIGN.md ---------------------------------------------------------
# (state, event) -> destination; every pair not listed must be refused.
DRAWN = {
    ("draft", "submit"): "in_review",
    ("revising", "submit"): "in_review",
    ("in_review", "approve"): "published",
    ("in_review", "reject"): "draft",          # a new item goes back to draft
    ("published", "amend"): "revising",
    ("reviewing", "amend"): "revising",
    ("published", "review"): "reviewing",
    ("reviewing", "confirm"): "published",
    ("published", "withdraw"): "withdrawn",
    ("reviewing", "withdraw"): "withdrawn",
    ("withdrawn", "restore"): "draft",
}


@pytest.mark.parametrize("state", lifecycle.STATES)
@pytest.mark.parametrize("event", lifecycle.EVENTS)
def test_every_state_and_event_is_as_drawn(state, event):
    item = make(status=state)
    call = Call(actor="t", reason="r", at=T0, findings=ok)
    expected = DRAWN.get((state, event))
    if expected is None:
        before = snapshot(item)
        with pytest.raises(UsageError) as err:
            fire(item, event, call)
        assert not isinstance(err.value, GuardError)
        allowed = [e for (s, e) in DRAWN if s == state]
        assert f"events allowed from {state}: {', '.join(allowed) if allowed else 'none'}" in str(err.value)
        assert snapshot(item) == before
    else:
        entry = fire(item, event, call)
        assert item.status == expected
        assert (entry.event, entry.from_, entry.to) == (event, state, expected)


def test_submit_approve_records_history_version_and_annual_review():
    item = make()
    fire(item, "submit", actor="张三", reason="新增事项", at=T0)
    fire(item, "approve", actor="李四", at=datetime(2025, 2, 28, 17, 30, tzinfo=timezone.utc), findings=ok)
    assert item.status == "published" and item.version == 1 and item.approved is None
    # 17:30 UTC on 28 Feb is 01:30 on 1 March in Beijing: the review falls on 1 March next year
    assert item.review_due == date(2026, 3, 1)
    h = [(e.event, e.from_, e.to, e.actor, e.reason, e.trigger, e.version) for e in item.history]
    assert h == [("submit", "draft", "in_review", "张三", "新增事项", "manual", 0),
                 ("approve", "in_review", "published", "李四", None, "manual", 1)]
    assert all(e.at.tzinfo is not None and e.at.utcoffset().total_seconds() == 0 for e in item.history)


def test_approve_is_refused_with_error_findings_and_changes_nothing():
    item = make()
    fire(item, "submit", at=T0)
    before = snapshot(item)
    found = [F("ATT007", "no 公开方式", field="method.mode"), F("ATT010", "no 公开层级")]
    with pytest.raises(GuardError) as err:
        fire(item, "approve", at=T0, findings=lambda i: found)
    assert "2 error-level finding(s)" in str(err.value) and "ATT007" in str(err.value)
    assert snapshot(item) == before


def test_warnings_do_not_block_approve():
    item = make(status="in_review")
    fire(item, "approve", at=T0, findings=lambda i: [F("LIF002", "slow", severity="warning")])
    assert item.status == "published"


def test_approve_needs_a_findings_function():
    item = make(status="in_review")
    with pytest.raises(TypeError):
        fire(item, "approve", at=T0)
    assert item.status == "in_review" and item.history == []


def test_withdraw_needs_a_reason_and_restore_returns_to_draft():
    item = published()
    with pytest.raises(GuardError, match="needs a reason"):
        fire(item, "withdraw", at=T0, reason="  ")
    assert item.status == "published"
    fire(item, "withdraw", at=T0, reason="职能划转")
    assert item.status == "withdrawn" and item.review_due is None
    fire(item, "restore", at=T0)
    assert item.status == "draft" and item.version == 1


def test_a_revision_keeps_the_approved_version_in_force():
    item = published()
    fire(item, "amend", at=T0, actor="王五")
    assert item.status == "revising" and item.approved == make().content()
    item.name = "低保办事指南"
    item.deadline = "信息形成之日起20个工作日内"
    assert item.in_force().name == "办事指南"
    assert [(c.field, c.before, c.after) for c in lifecycle.diff(item)] == [
        ("name", "办事指南", "低保办事指南"), ("deadline", "制定或获取信息之日起10个工作日内", "信息形成之日起20个工作日内")]
    text = lifecycle.diff_text(item)
    assert '-name = "办事指南"' in text and '+name = "低保办事指南"' in text
    fire(item, "submit", at=T0)
    fire(item, "reject", at=T0, reason="时限不符")   # a rejected revision goes back to revising
    assert item.status == "revising" and item.approved is not None
    fire(item, "submit", at=T0)
    fire(item, "approve", at=T0, findings=ok)
    assert item.status == "published" and item.version == 2 and item.approved is None
    assert item.in_force().name == "低保办事指南"


def test_diff_needs_an_approved_version():
    with pytest.raises(UsageError, match="never been published"):
        lifecycle.diff(make())
    with pytest.raises(UsageError, match="no revision is in progress"):
        lifecycle.diff(published())


def test_history_is_only_ever_appended():
    item = published()
    seen = [e.model_dump() for e in item.history]
    for event, kw in (("review", {}), ("amend", {}), ("submit", {}), ("reject", {}), ("submit", {}),
                      ("approve", {"findings": ok}), ("withdraw", {"reason": "x"})):
        fire(item, event, at=T0, **kw)
        now = [e.model_dump() for e in item.history]
        assert now[:len(seen)] == seen and len(now) == len(seen) + 1
        seen = now


def test_review_and_confirm_set_review_dates():
    item = published()
    fire(item, "review", at=T0, trigger="annual_review", due=date(2025, 4, 1))
    assert item.status == "reviewing" and item.review_due == date(2025, 4, 1)
    assert item.history[-1].trigger == "annual_review"
    fire(item, "confirm", at=datetime(2025, 3, 20, 8, 0, tzinfo=timezone.utc))
    assert item.review_due == date(2026, 3, 20)


def test_check_predicts_without_changing_the_item():
    item = make(status="in_review", approved=make().content(), version=1)
    before = snapshot(item)
    assert lifecycle.check(item, "reject") == "revising"
    assert lifecycle.check(item, "approve", Call(findings=ok)) == "published"
    with pytest.raises(GuardError):
        lifecycle.check(item, "approve", Call(findings=lambda i: [F("X001", "bad")]))
    assert snapshot(item) == before


def test_bad_calls_are_refused():
    item = make()
    with pytest.raises(UsageError, match="unknown event"):
        fire(item, "publish")
    with pytest.raises(UsageError, match="unknown trigger"):
        fire(item, "submit", trigger="whim")
    with pytest.raises(ValueError):
        fire(item, "submit", at=datetime(2025, 1, 1))   # naive time
    assert item.history == []


def test_one_shared_machine_and_no_per_item_binding():
    items = [make(code=f"410106-19-02-{i:03d}") for i in range(1, 301)]
    keys = set(items[0].model_dump())
    for item in items:
        fire(item, "submit", at=T0)
    m = lifecycle.machine()
    assert m is lifecycle.machine() and m.models == []
    assert all(set(i.model_dump()) == keys and not hasattr(i, "trigger") for i in items)


def test_content_edits_agree_with_the_machine():
    from gongkai.catalog import edits

    assert tuple(edits.EDITABLE_STATES) == lifecycle.EDITABLE
    for state in lifecycle.STATES:
        if state not in lifecycle.EDITABLE:
            event = lifecycle.edit_event(state)
            assert edits.EDIT_EVENT[state] == event
            assert lifecycle.check(make(status=state), event, Call(reason="r", findings=ok)) in lifecycle.EDITABLE


def test_mermaid_draws_every_transition_of_the_definition():
    text = lifecycle.mermaid()
    assert text.startswith("stateDiagram-v2\n")
    for state in lifecycle.STATES:
        assert f"as {state}\n" in text
    for t in lifecycle.TRANSITIONS:
        if t["dest"] is None:
            continue
        for source in ([t["source"]] if isinstance(t["source"], str) else t["source"]):
            assert f"  {source} --> {t['dest']}: {t['trigger']}" in text
    assert "in_review --> published: approve [no_error_findings]" in text


def test_add_months_keeps_the_day_or_ends_the_month():
    assert lifecycle.add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert lifecycle.add_months(date(2024, 5, 20), 12) == date(2025, 5, 20)
    assert lifecycle.add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)


# -- due reviews --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def cal():
    return build_calendar()


def test_annual_review_is_due_twelve_months_after_approval(cal):
    item = published(at=datetime(2024, 5, 20, 2, 0, tzinfo=timezone.utc))
    assert lifecycle.due([item], date(2025, 5, 19), cal) == []
    [d] = lifecycle.due([item], date(2025, 5, 20), cal)
    assert (d.kind, d.due, d.state, d.days_left) == ("annual_review", date(2025, 5, 20), "due", 0)
    [d] = lifecycle.due([item], date(2025, 5, 27), cal)
    assert (d.state, d.days_left) == ("overdue", -5)
    [d] = lifecycle.due([item], date(2025, 5, 13), cal, within=5)
    assert (d.state, d.days_left) == ("due", 5)


def test_a_review_date_on_a_holiday_moves_to_the_next_working_day(cal):
    item = published()
    item.review_due = date(2025, 10, 1)            # 国庆: 1–8 October 2025 off
    [d] = lifecycle.due([item], date(2025, 10, 20), cal)
    assert d.due == date(2025, 10, 9) and d.state == "overdue"


def test_a_review_in_progress_is_listed_with_its_deadline(cal):
    item = published()
    fire(item, "review", at=T0, trigger="law_changed", due=date(2025, 3, 31))
    [d] = lifecycle.due([item, make(code="410106-19-02-009")], date(2025, 3, 3), cal)
    assert (d.kind, d.state, d.due) == ("law_changed", "pending", date(2025, 3, 31))
    [d] = lifecycle.due([item], date(2025, 4, 1), cal)
    assert d.state == "overdue"


def test_published_without_any_date_is_reported_unknown(cal):
    [d] = lifecycle.due([make(status="published")], date(2025, 3, 3), cal)
    assert (d.state, d.due) == ("unknown", None)


# -- 动态调整 ------------------------------------------------------------------------------
class _Dom:
    def __init__(self, code, name, items):
        from types import SimpleNamespace

        self.code = code
        self.model = SimpleNamespace(domain=SimpleNamespace(name=name), items=items)


class _WS:
    """Just enough of a Workspace for the adjust planner."""

    def __init__(self, items, departments=()):
        from types import SimpleNamespace

        self.domains = [_Dom("19", "社会救助", items)]
        self.config = SimpleNamespace(departments=list(departments))

    def items(self):
        for d in self.domains:
            for item in d.model.items:
                yield d, item


def _workspace_for_adjust():
    law = [{"title": "《中华人民共和国社会救助暂行办法》"}]
    pub = published("410106-19-02-001")
    pub.basis = [b for b in Item.model_validate({**BASE_ITEM, "code": "x", "basis": law}).basis]
    rev = published("410106-19-02-002")
    rev.basis = pub.basis
    fire(rev, "review", at=T0, due=date(2025, 12, 31))
    draft = make("410106-19-02-003", basis=law)
    gone = published("410106-19-02-004")
    gone.basis = pub.basis
    fire(gone, "withdraw", at=T0, reason="撤销")
    other = published("410106-19-02-005")     # cites another law
    return _WS([pub, rev, draft, gone, other]), (pub, rev, draft, gone, other)


def test_a_law_change_reviews_dependent_items_within_20_working_days(cal):
    ws, (pub, rev, draft, gone, other) = _workspace_for_adjust()
    plan = adjust.plan_law(ws, "《社会救助暂行办法》", date(2025, 9, 26), cal)
    # 20 working days after 26 Sep 2025, over the National Day holiday and two 调休 Saturdays
    assert plan.due == date(2025, 10, 30)
    assert [(s.code, s.event, s.to) for s in plan.steps] == [
        (pub.code, "review", "reviewing"), (rev.code, "adjust", "reviewing"), (draft.code, "adjust", "draft")]
    before = (snapshot(gone), snapshot(other))
    adjust.apply(ws, plan, actor="公开办", at=T0)
    assert pub.status == "reviewing" and pub.review_due == date(2025, 10, 30)
    assert pub.history[-1].trigger == "law_changed" and "社会救助暂行办法" in pub.history[-1].reason
    assert rev.review_due == date(2025, 10, 30)         # the earlier of the two deadlines
    assert draft.status == "draft" and draft.history[-1].event == "adjust" and draft.review_due is None
    assert (snapshot(gone), snapshot(other)) == before


def test_a_body_rename_updates_items_and_the_version_in_force(cal):
    from types import SimpleNamespace

    pub = published("410106-19-02-001")
    rev = published("410106-19-02-002")
    fire(rev, "amend", at=T0)
    other = make("410106-19-02-003", body="区财政局", responsibility={"unit": "区财政局"})
    deps = [SimpleNamespace(name="区民政局", aliases=["县民政局"])]
    ws = _WS([pub, rev, other], deps)
    plan = adjust.plan_body(ws, "县民政局", "区民政和退役军人事务局", date(2025, 3, 3), cal)
    assert [s.code for s in plan.steps] == [pub.code, rev.code]
    adjust.apply(ws, plan, at=T0)
    assert pub.status == "reviewing" and pub.history[-1].trigger == "body_changed"
    assert pub.body == "区民政和退役军人事务局、各乡(镇)人民政府(街道办事处)"
    assert pub.responsibility.unit == "区民政和退役军人事务局"       # the alias 区民政局 was renamed too
    assert rev.status == "revising" and rev.approved["body"].startswith("区民政和退役军人事务局、")
    assert other.body == "区财政局"


def test_rename_text_keeps_separators_and_merges_duplicates():
    assert adjust.rename_text("县民政局、县财政局", {"县民政局"}, "县财政局") == "县财政局"
    assert adjust.rename_text("A，B；C", {"B"}, "D") == "A，D；C"


def test_a_bulk_run_asks_the_rules_once_per_item():
    asked = []

    def findings(item):
        asked.append(item.code)
        return [] if item.code.endswith("1") else [F("ATT001", "no elements")]

    call = Call(at=T0, findings=findings)
    clean, bad = make("410106-19-02-001", status="in_review"), make("410106-19-02-002", status="in_review")
    assert lifecycle.check(clean, "approve", call) == "published"
    fire(clean, "approve", call)                         # check then fire: the rules ran once
    with pytest.raises(GuardError):
        lifecycle.check(bad, "approve", call)
    with pytest.raises(GuardError):
        fire(bad, "approve", call)                       # a refusal is never remembered as clean
    assert asked == [clean.code, bad.code, bad.code] and call._found == {}
