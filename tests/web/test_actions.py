"""Actions of the workbench in-process: edit, conflicts, lifecycle, bulk, add and remove."""
from __future__ import annotations

import dataclasses

from gongkai.catalog.workspace import Workspace
from web_support import as_data, client, csrf_of, form_fields, web_root  # noqa: F401 (fixtures)

FILE = "domains/19-social-assistance.toml"


def items(root):
    return {i.name: i for _, i in Workspace.load(root).items()}


def edit_fields(client, code, **change):
    page = client.get(f"/item/{code}/edit")
    assert page.status_code == 200
    fields = [(k, v) for k, v in form_fields(page.text, "edit-form") if k not in change]
    return as_data(fields + list(change.items()))


def test_saving_the_form_writes_the_field_and_the_finding_goes(client, web_root):
    code = items(web_root)["救助结果"].code
    before = client.get(f"/item/{code}").text
    assert "公开时限" in before[before.index('id="findings"'):before.index('id="attributes"')]
    r = client.post(f"/item/{code}/edit", data=edit_fields(client, code, deadline="信息形成或者变更之日起20个工作日内"),
                    follow_redirects=False)
    assert r.status_code == 303
    assert items(web_root)["救助结果"].deadline == "信息形成或者变更之日起20个工作日内"
    after = client.get(r.headers["location"]).text
    assert "已保存" in after
    assert "公开时限" not in after[after.index('id="findings"'):after.index('id="attributes"')]


def test_the_form_round_trips_an_item_unchanged(client, web_root):
    item = items(web_root)["办事指南"]
    text = (web_root / FILE).read_text("utf-8")
    r = client.post(f"/item/{item.code}/edit", data=edit_fields(client, item.code), follow_redirects=False)
    assert r.status_code == 303
    assert (web_root / FILE).read_text("utf-8") == text


def test_elements_basis_sets_and_steps_are_saved_as_typed(client, web_root):
    code = items(web_root)["办事指南"].code
    fields = {k: v for k, v in edit_fields(client, code).items() if k not in ("channels", "el_name", "el_required", "step")}
    fields.update(as_data([("el_name", "办理条件"), ("el_required", "1"), ("el_name", "联系方式"), ("el_required", "0"),
               ("channels", "政府网站"), ("channels", "两微一端"), ("step", "采集"), ("step", "审核"), ("step", "发布")]))
    assert client.post(f"/item/{code}/edit", data=fields, follow_redirects=False).status_code == 303
    item = items(web_root)["办事指南"]
    assert [(e.name, e.required) for e in item.elements] == [("办理条件", True), ("联系方式", False)]
    assert item.method.channels == {"政府网站", "两微一端"}
    assert item.process == ["采集", "审核", "发布"]


def test_a_bad_value_is_named_next_to_its_field_and_nothing_is_written(client, web_root):
    code = items(web_root)["办事指南"].code
    text = (web_root / FILE).read_bytes()
    fields = {**edit_fields(client, code)}
    fields["b_tier"] = ["乡规民约"] + fields["b_tier"][1:]
    r = client.post(f"/item/{code}/edit", data=fields)
    assert r.status_code == 400
    basis = r.text[r.text.index('id="basis"'):]
    assert 'class="field-error"' in basis[:basis.index("</fieldset>")]
    assert "乡规民约" not in (web_root / FILE).read_text("utf-8") and (web_root / FILE).read_bytes() == text


def test_a_stale_form_is_refused_with_what_changed_and_the_first_save_kept(client, web_root):
    code = items(web_root)["办事指南"].code
    first = edit_fields(client, code, body="区民政局")
    second = edit_fields(client, code, note="第二个页面的备注")
    assert client.post(f"/item/{code}/edit", data=first, follow_redirects=False).status_code == 303
    r = client.post(f"/item/{code}/edit", data=second)
    assert r.status_code == 409
    assert "该事项已被他人修改" in r.text and "区民政局" in r.text
    assert "第二个页面的备注" in r.text                       # the officer's input is kept in the form
    item = items(web_root)["办事指南"]
    assert item.body == "区民政局" and item.note != "第二个页面的备注"


def test_a_file_with_hand_written_comments_is_refused_with_its_lines(client, web_root):
    path = web_root / FILE
    path.write_text("# 手写注释\n" + path.read_text("utf-8"), "utf-8")
    text = path.read_bytes()
    code = items(web_root)["办事指南"].code
    r = client.post(f"/item/{code}/edit", data=edit_fields(client, code, body="区民政局"))
    assert r.status_code == 400
    assert "comments on line(s) 1" in r.text
    assert path.read_bytes() == text


def test_editing_a_published_item_is_refused_as_the_cli_refuses(client, web_root):
    from gongkai.catalog import lifecycle

    with Workspace.transaction(web_root) as ws:
        _, item = next((d, i) for d, i in ws.items() if i.name == "办事指南")
        item.status = "published"
    r = client.get(f"/item/{item.code}/edit")
    assert r.status_code == 400
    assert "content can be edited in draft or revising only" in r.text
    assert lifecycle.edit_event("published") in r.text


def post_event(client, code, event, reason=""):
    page = client.get(f"/item/{code}").text
    fields = dict(form_fields(page[page.index(f'/event/{event}"') - 80:], None)[:3])
    return client.post(f"/item/{code}/event/{event}", data={"csrf": csrf_of(page), "reason": reason,
                                                           "revision": fields["revision"]}, follow_redirects=False)


def test_submit_then_approve_publishes_with_the_actor_in_the_history(client, web_root):
    code = items(web_root)["办事指南"].code
    assert post_event(client, code, "submit").status_code == 303
    r = post_event(client, code, "approve", "核对无误")
    assert r.status_code == 303
    item = items(web_root)["办事指南"]
    assert item.status == "published" and item.version == 1
    assert item.history[-1].actor == "测试员" and item.history[-1].reason == "核对无误"
    assert "已完成" in client.get(r.headers["location"]).text


def test_approve_blocked_by_error_findings_says_why_and_writes_nothing(client, web_root):
    code = items(web_root)["救助结果"].code
    assert post_event(client, code, "submit").status_code == 303
    page = client.get(f"/item/{code}").text
    assert "approve" in page and "error-level finding" in page      # the refusal shows before the click
    text = (web_root / FILE).read_bytes()
    r = post_event(client, code, "approve")
    assert r.status_code == 409 and "未完成" in r.text
    assert (web_root / FILE).read_bytes() == text


def test_an_event_from_a_page_of_an_older_state_is_refused(client, web_root):
    code = items(web_root)["办事指南"].code
    page = client.get(f"/item/{code}").text
    assert post_event(client, code, "submit").status_code == 303
    revision = dict(form_fields(page[page.index('/event/submit"') - 80:], None)[:3])["revision"]
    r = client.post(f"/item/{code}/event/submit", data={"csrf": csrf_of(page), "revision": revision})
    assert r.status_code == 409 and "该事项已被他人修改" in r.text


def bulk_preview(client, **selectors):
    r = client.get("/bulk", params=selectors)
    assert r.status_code == 200
    return r, dict(form_fields(r.text, "apply")) if 'id="apply"' in r.text else {}


def test_bulk_submit_previews_then_applies_to_the_selection(client, web_root):
    r, fields = bulk_preview(client, event="submit", domain="19")
    assert '<strong id="ready-count">2</strong>' in r.text
    assert all(i.status == "draft" for i in items(web_root).values())      # a preview writes nothing
    done = client.post("/bulk", data=fields)
    assert done.status_code == 200 and "已完成" in done.text
    assert all(i.status == "in_review" for i in items(web_root).values())


def test_bulk_approve_with_a_blocked_item_needs_skip_blocked(client, web_root):
    client.post("/bulk", data=bulk_preview(client, event="submit", domain="19")[1])
    r, fields = bulk_preview(client, event="approve", domain="19")
    assert '<strong id="blocked-count">1</strong>' in r.text
    refused = client.post("/bulk", data=fields)
    assert refused.status_code == 409
    assert all(i.status == "in_review" for i in items(web_root).values())
    ok = client.post("/bulk", data={**fields, "skip_blocked": "1"})
    assert ok.status_code == 200
    assert {n: i.status for n, i in items(web_root).items()} == {"办事指南": "published", "救助结果": "in_review"}


def test_bulk_apply_refuses_when_the_selection_changed_since_the_preview(client, web_root):
    _, fields = bulk_preview(client, event="submit", domain="19")
    post_event(client, items(web_root)["办事指南"].code, "submit")
    r = client.post("/bulk", data=fields)
    assert r.status_code == 409 and "已发生变化" in r.text
    assert items(web_root)["救助结果"].status == "draft"


def test_add_an_item_gets_the_next_free_code_and_a_removed_draft_retires_it(client, web_root):
    page = client.get("/item-new?domain=19").text
    r = client.post("/item-new", data={"csrf": csrf_of(page), "domain": "19", "category": "特困人员救助供养",
                                      "name": "<script>alert(1)</script>"}, follow_redirects=False)
    assert r.status_code == 303
    new = items(web_root)["<script>alert(1)</script>"]
    shown = client.get(f"/item/{new.code}").text
    assert "<script>alert(1)</script>" not in shown and "&lt;script&gt;" in shown
    fields = dict(form_fields(shown[shown.index(f"/item/{new.code}/remove"):], None))
    assert client.post(f"/item/{new.code}/remove", data=fields, follow_redirects=False).status_code == 303
    ws = Workspace.load(web_root)
    assert new.code in ws.domain("19").model.domain.retired_codes
    assert client.post("/item-new", data={"csrf": csrf_of(page), "domain": "", "name": ""}).status_code == 400


def test_a_save_while_another_writer_holds_the_lock_says_busy(client, web_root):
    from gongkai.catalog.lock import workspace_lock

    client.app.state.settings = dataclasses.replace(client.app.state.settings, lock_wait=0.2)
    code = items(web_root)["办事指南"].code
    fields = edit_fields(client, code, body="区民政局")
    with workspace_lock(web_root, on_wait=None):
        r = client.post(f"/item/{code}/edit", data=fields)
    assert r.status_code == 503 and "忙，请稍后再试" in r.text
    assert items(web_root)["办事指南"].body != "区民政局"


def test_a_revision_shows_its_diff_against_the_version_in_force(client, web_root):
    code = items(web_root)["办事指南"].code
    for event in ("submit", "approve", "amend"):
        assert post_event(client, code, event).status_code == 303
    r = client.post(f"/item/{code}/edit", data=edit_fields(client, code, deadline="信息形成之日起5个工作日内"),
                    follow_redirects=False)
    assert r.status_code == 303
    page = client.get(f"/item/{code}").text
    diff = page[page.index('id="diff"'):]
    diff = diff[:diff.index("</section>")]
    assert "公开时限" in diff and "制定或获取信息之日起10个工作日内" in diff and "信息形成之日起5个工作日内" in diff
    assert items(web_root)["办事指南"].status == "revising"


def test_a_write_that_fails_after_the_change_leaves_what_pages_show_untouched(client, web_root, monkeypatch):
    import gongkai.catalog.workspace as workspace_module

    code = items(web_root)["办事指南"].code
    assert "草拟" in client.get(f"/item/{code}").text           # parsed and shared with readers

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(workspace_module, "atomic_write_many", full_disk)
    r = post_event(client, code, "submit")
    assert r.status_code >= 400 and r.status_code != 303
    monkeypatch.undo()
    page = client.get(f"/item/{code}").text
    assert "审核中" not in page[:page.index('id="lifecycle"')] and items(web_root)["办事指南"].status == "draft"
