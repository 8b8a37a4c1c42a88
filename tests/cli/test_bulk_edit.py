"""`gongkai item edit` over a selection: preview, one transaction, refusal of items not editable."""
from __future__ import annotations

import json


from gongkai.catalog.workspace import Workspace


def _category(root, domain="19"):
    """The first 一级事项 of a domain with at least two items, and its items' codes."""
    ws = Workspace.load(root)
    by_cat: dict = {}
    for d, item in ws.items():
        if d.code == domain:
            by_cat.setdefault(item.category, []).append(item.code)
    return next((c, codes) for c, codes in by_cat.items() if len(codes) >= 2)


def test_a_category_is_edited_in_one_go_and_only_it(gk, ws):
    category, codes = _category(ws)
    before = {i.code: i for _, i in Workspace.load(ws).items()}
    code, out, err = gk("item", "edit", "--domain", "19", "--category", category, "--set", "method.mode=主动",
                        "--set", "levels=县级、乡级", "-w", ws)
    assert code == 0, err
    assert f"edited {sum(1 for c in codes if set(before[c].method.mode) != {'主动'} or set(before[c].levels) != {'县级', '乡级'})}" in out
    after = {i.code: i for _, i in Workspace.load(ws).items()}
    for c, item in after.items():
        if c in codes:
            assert set(item.method.mode) == {"主动"} and set(item.levels) == {"县级", "乡级"}
        else:
            assert item == before[c]


def test_the_dry_run_shows_each_change_and_writes_nothing(gk, ws):
    category, codes = _category(ws)
    files = {p: p.read_bytes() for p in (ws / "domains").glob("*.toml")}
    code, out, _ = gk("item", "edit", "--domain", "19", "--category", category, "--set", "note=批量试改",
                      "--dry-run", "--format", "json", "-w", ws)
    data = json.loads(out)
    assert code == 0 and data["dry_run"] is True
    assert sorted(i["code"] for i in data["items"]) == sorted(codes)
    assert all(i["changes"] == [{"field": "note", "from": None, "to": "批量试改"}] or
               i["changes"][0]["field"] == "note" for i in data["items"])
    assert {p: p.read_bytes() for p in files} == files


def test_an_item_that_cannot_be_edited_stops_the_whole_edit_unless_skipped(gk, ws):
    category, codes = _category(ws)
    assert gk("submit", codes[0], "-w", ws)[0] == 0                 # in review: not editable
    files = {p: p.read_bytes() for p in (ws / "domains").glob("*.toml")}
    code, out, err = gk("item", "edit", "--domain", "19", "--category", category, "--set", "note=x", "-w", ws)
    assert code == 2 and "cannot be edited" in err and "nothing was written" in err
    assert codes[0] in out and "gongkai reject" in out or "in_review" in out
    assert {p: p.read_bytes() for p in files} == files
    code, out, _ = gk("item", "edit", "--domain", "19", "--category", category, "--set", "note=x",
                      "--skip-blocked", "-w", ws)
    assert code == 1
    notes = {i.code: i.note for _, i in Workspace.load(ws).items() if i.code in codes}
    assert notes[codes[0]] != "x" and all(notes[c] == "x" for c in codes[1:])


def test_states_are_accepted_in_chinese(gk, ws):
    code, out, _ = gk("item", "edit", "--domain", "19", "--status", "草拟", "--set", "note=y", "--dry-run", "-w", ws)
    assert code == 0 and "would edit" in out
    code, _, err = gk("item", "edit", "--domain", "19", "--status", "已审", "--set", "note=y", "-w", ws)
    assert code == 2 and "已发布" in err


def test_a_selection_that_matches_nothing_is_an_error(gk, ws):
    code, _, err = gk("item", "edit", "--domain", "19", "--category", "没有这个事项", "--set", "note=y", "-w", ws)
    assert code == 2 and "no item matches" in err


def test_one_code_behaves_as_before(gk, ws):
    _, codes = _category(ws)
    code, out, _ = gk("item", "edit", codes[0], "--set", "note=单个", "-w", ws)
    assert code == 0 and out.strip() == f"edited {codes[0]}"


def test_a_draft_sent_back_can_be_removed_and_its_code_is_retired(gk, ws):
    _, codes = _category(ws)
    code = codes[0]
    assert gk("submit", code, "-w", ws)[0] == 0
    assert gk("reject", code, "--reason", "重复事项", "-w", ws)[0] == 0      # back to draft, with history
    rc, out, err = gk("item", "rm", code, "-w", ws)
    assert rc == 0, err
    loaded = Workspace.load(ws)
    assert all(i.code != code for _, i in loaded.items())
    assert code in loaded.domain("19").model.domain.retired_codes


def test_an_item_that_was_published_cannot_be_removed(gk, ws):
    ready = json.loads(gk("ready", "--domain", "19", "--format", "json", "-w", ws)[1])["ready"]["draft"]
    code = ready[0]
    assert gk("submit", code, "-w", ws)[0] == 0 and gk("approve", code, "-w", ws)[0] == 0
    rc, _, err = gk("item", "rm", code, "-w", ws)
    assert rc == 2 and "gongkai withdraw" in err
