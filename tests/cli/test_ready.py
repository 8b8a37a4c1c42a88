"""`gongkai ready`: approvable items agree with approve's guard; fixes are grouped, ranked and runnable."""
from __future__ import annotations

import json
import shlex


from gongkai.catalog.workspace import Workspace


def _ready(gk, root, *args):
    code, out, err = gk("ready", "--format", "json", "-w", root, *args)
    assert code == 0, err
    return json.loads(out)


def test_what_ready_calls_approvable_approve_accepts_and_the_rest_it_refuses(gk, ws):
    data = _ready(gk, ws, "--domain", "19")
    ready = data["ready"].get("draft", [])
    blocked = list(data["blocked"])
    assert ready and blocked
    assert gk("submit", *ready, *blocked, "-w", ws)[0] == 0
    assert gk("approve", *ready, "-w", ws)[0] == 0
    for code in blocked:
        c, _, err = gk("approve", code, "-w", ws)
        assert c == 2 and "refused" in err, code


def test_fixes_are_ranked_by_items_unblocked_alone_and_counted_right(gk, ws):
    data = _ready(gk, ws)
    fixes = data["fixes"]
    alone = [f["unblocks_alone"] for f in fixes]
    assert alone == sorted(alone, reverse=True)
    for fix in fixes:                       # recount each fix from the blocked items' findings
        holders = [code for code, fs in data["blocked"].items()
                   if any(f["rule"] == fix["rule"] and f["field"] == fix["field"] for f in fs)]
        only = [code for code in holders
                if {(f["rule"], f["field"]) for f in data["blocked"][code]} == {(fix["rule"], fix["field"])}]
        assert sorted(fix["items"]) == sorted(holders) and fix["unblocks_alone"] == len(only)


def test_the_suggested_edit_fills_exactly_the_gap_and_unblocks(gk, ws):
    fixes = _ready(gk, ws, "--domain", "19")["fixes"]
    fix = next(f for f in fixes if f["rule"] == "ATT007")
    [command] = fix["commands"]
    args = shlex.split(command.split("   #")[0])[1:]
    assert "--empty" in args and "--dry-run" in args
    others = {i.code: i.method.mode for d, i in Workspace.load(ws).items()
              if d.code == "19" and i.code not in fix["items"]}
    args.remove("--dry-run")
    assert gk(*args, "-w", ws)[0] == 0
    after = {i.code: i for d, i in Workspace.load(ws).items() if d.code == "19"}
    assert all(set(after[c].method.mode) == {"主动"} for c in fix["items"])
    assert all(after[c].method.mode == mode for c, mode in others.items())   # no value overwritten
    assert not any(f["rule"] == "ATT007" for f in _ready(gk, ws, "--domain", "19")["fixes"])


def test_the_text_names_the_counts_in_chinese(gk, ws):
    code, out, _ = gk("ready", "--domain", "19", "-w", ws)
    data = _ready(gk, ws, "--domain", "19")
    assert code == 0 and f"可审核发布 ready: {sum(map(len, data['ready'].values()))} item(s)" in out
    assert f"受阻 blocked: {len(data['blocked'])} item(s)" in out
