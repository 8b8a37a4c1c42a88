"""The lifecycle commands (gongkai.cli.lifecycle_cmds): events one by one and in bulk, history, diff,
due, adjust, graph — and what a killed or concurrent command leaves behind."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from gongkai import domains as registry
from gongkai.catalog.domain_file import load_domain
from gongkai.catalog.model import Item
from gongkai.catalog.workspace import Workspace, init_workspace
from conftest import BASE_ITEM, ROOT


def generate(root: Path, per_domain: int, status: str = "draft", domain_codes=None) -> Path:
    """A workspace whose domains each hold ``per_domain`` complete items (BASE_ITEM) in ``status``."""
    init_workspace(root, "410106", "上街区", adopt=False)
    with Workspace.transaction(root) as ws:
        for dom in registry.REGISTRY:
            if domain_codes and dom.code not in domain_codes:
                continue
            d = ws.ensure_domain(dom)
            for i in range(per_domain):
                cc, nnn = divmod(i, 999)
                d.model.items.append(Item.model_validate(
                    {**BASE_ITEM, "code": f"410106-{dom.code}-{cc + 1:02d}-{nnn + 1:03d}", "status": status}))
    return root


def files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "domains").glob("*.toml"))}


def get(root: Path, code: str) -> Item:
    return Workspace.load(root).find(code)[1]


@pytest.fixture
def blocking_engine(monkeypatch):
    """The rules engine's approve guard, replaced: items whose code is in the set have an error."""
    import gongkai.rules.engine.runner
    from gongkai.rules.engine.finding import Finding

    blocked: set[str] = set()

    def findings(ws, pairs, today=None, lines=True):
        return {id(item): [Finding("ATT007", "error", "no 公开方式", item=item.code, field="method.mode")]
                for _, item in pairs if item.code in blocked}

    monkeypatch.setattr(gongkai.rules.engine.runner, "error_findings_by_item", findings)
    return blocked


# -- single events --------------------------------------------------------------------------
def test_submit_approve_and_history(gk, tmp_path):
    root = generate(tmp_path / "ws", 2, domain_codes={"19"})
    code, out, _ = gk("submit", "19-01-001", "-w", root, "--reason", "新增")
    assert code == 0 and "410106-19-01-001: draft → in_review" in out
    code, out, err = gk("approve", "19-01-001", "-w", root)     # the real rules engine: BASE_ITEM is clean
    assert code == 0, err
    item = get(root, "410106-19-01-001")
    assert (item.status, item.version) == ("published", 1)
    code, out, _ = gk("history", "19-01-001", "-w", root, "--format", "json")
    data = json.loads(out)
    assert [(h["event"], h["from"], h["to"], h["actor"], h["version"]) for h in data["history"]] == [
        ("submit", "draft", "in_review", "测试员", 0), ("approve", "in_review", "published", "测试员", 1)]
    assert data["history"][0]["reason"] == "新增"
    code, out, _ = gk("history", "19-01-001", "-w", root)
    assert "submit 提交审核" in out and "draft → in_review" in out


def test_an_event_not_allowed_exits_2_and_writes_nothing(gk, tmp_path):
    root = generate(tmp_path / "ws", 2, domain_codes={"19"})
    before = files(root)
    code, out, err = gk("confirm", "19-01-001", "19-01-002", "-w", root)
    assert code == 2
    assert "cannot confirm 410106-19-01-001: it is draft" in err and "events allowed from draft: submit" in err
    assert "nothing was written" in err
    assert files(root) == before


def test_a_bad_status_names_the_status_option(gk, tmp_path):
    root = generate(tmp_path / "ws", 1, domain_codes={"19"})
    code, _, err = gk("approve", "--status", "drafted", "-w", root)
    assert code == 2 and "--status" in err and "--format" not in err


def test_overdue_review_hint_names_an_event_the_item_allows(gk, tmp_path, blocking_engine, monkeypatch):
    import json

    monkeypatch.setenv("GONGKAI_NOW", "2026-11-20")    # approved then: the annual review falls due 2027-11-22
    root = generate(tmp_path / "ws", 2, domain_codes={"19"})
    gk("submit", "19-01-001", "19-01-002", "-w", root)
    gk("approve", "19-01-001", "19-01-002", "-w", root)
    gk("review", "19-01-002", "-w", root)              # reviewing: due 20 working days on
    code, out, _ = gk("check", "-w", root, "--select", "LIF001", "--as-of", "2027-12-01", "--format", "json",
                      "--no-cache")
    hints = {f["item"]: f["hint"] for f in json.loads(out)["findings"]}
    assert hints["410106-19-01-001"].startswith("gongkai review 410106-19-01-001, then gongkai confirm")
    assert hints["410106-19-01-002"] == "gongkai confirm 410106-19-01-002 (or amend it)"


def test_withdraw_needs_a_reason(gk, tmp_path, blocking_engine):
    root = generate(tmp_path / "ws", 1, domain_codes={"19"})
    gk("submit", "19-01-001", "-w", root)
    gk("approve", "19-01-001", "-w", root)
    before = files(root)
    code, _, err = gk("withdraw", "19-01-001", "-w", root)
    assert code == 2 and "needs a reason" in err and files(root) == before
    code, _, _ = gk("withdraw", "19-01-001", "-w", root, "--reason", "职能划转")
    assert code == 0 and get(root, "19-01-001").status == "withdrawn"


# -- bulk ---------------------------------------------------------------------------------
def test_bulk_approve_is_all_or_nothing_unless_told_to_skip(gk, tmp_path, blocking_engine):
    root = generate(tmp_path / "ws", 4, status="in_review", domain_codes={"01", "19"})
    blocking_engine.add("410106-19-01-003")
    before = files(root)
    code, _, err = gk("approve", "--all", "-w", root)
    assert code == 2 and "410106-19-01-003" in err and "ATT007" in err and "nothing was written" in err
    assert files(root) == before
    code, out, err = gk("approve", "--all", "-w", root, "--skip-blocked")
    assert code == 1 and "approved 7 item(s): in_review → published" in out and "blocked: 不能审核发布" in err \
        and "approve refused for 410106-19-01-003" in err
    states = {i.code: i.status for _, i in Workspace.load(root).items()}
    assert states.pop("410106-19-01-003") == "in_review" and set(states.values()) == {"published"}


def test_bulk_shows_a_preview_and_dry_run_writes_nothing(gk, tmp_path, blocking_engine):
    root = generate(tmp_path / "ws", 12, status="in_review", domain_codes={"01", "19"})
    before = files(root)
    code, out, _ = gk("approve", "--domain", "19", "-w", root, "--dry-run")
    assert code == 0 and out.count("would approve 410106-19-") == 12 and "410106-01-" not in out
    assert files(root) == before
    code, out, _ = gk("approve", "--domain", "社会救助", "-w", root)
    assert code == 0
    assert "approve 审核通过并发布: 12 item(s)" in out and "12 × in_review → published" in out and "… and 2 more" in out
    assert files(root)["01-urban-rural-planning.toml"] == before["01-urban-rural-planning.toml"]
    code, out, _ = gk("submit", "--all", "-w", root, "--format", "json")
    assert code == 0 and json.loads(out)["items"] == []        # nothing is in draft or revising


def test_selectors_are_checked(gk, tmp_path):
    root = generate(tmp_path / "ws", 1, domain_codes={"19"})
    assert "applies to items in in_review, not draft" in gk("approve", "--status", "draft", "-w", root)[2]
    assert gk("submit", "19-01-001", "--all", "-w", root)[0] == 2
    assert "name the items to submit" in gk("submit", "-w", root)[2]
    assert "unknown domain" in gk("submit", "--domain", "99", "-w", root)[2]


# -- revision, diff, review ------------------------------------------------------------------
def test_a_revision_is_diffed_and_the_approved_version_stays_in_force(gk, tmp_path, blocking_engine):
    root = generate(tmp_path / "ws", 1, domain_codes={"19"})
    for event in ("submit", "approve", "amend"):
        assert gk(event, "19-01-001", "-w", root)[0] == 0
    assert gk("item", "edit", "19-01-001", "--set", "name=低保办事指南", "-w", root)[0] == 0
    code, out, _ = gk("diff", "19-01-001", "-w", root)
    assert code == 0 and '-name = "办事指南"' in out and '+name = "低保办事指南"' in out
    data = json.loads(gk("diff", "19-01-001", "-w", root, "--format", "json")[1])
    assert data["changes"] == [{"field": "name", "before": "办事指南", "after": "低保办事指南"}]
    [row] = json.loads(gk("items", "-w", root, "--format", "json")[1])
    assert row["name"] == "办事指南" and row["status"] == "revising"
    # an item never published has nothing to compare
    root2 = generate(tmp_path / "ws2", 1, domain_codes={"19"})
    code, _, err = gk("diff", "19-01-001", "-w", root2)
    assert code == 2 and "never been published" in err


def test_review_records_the_annual_review_when_it_is_due(gk, tmp_path, blocking_engine, monkeypatch):
    monkeypatch.setenv("GONGKAI_NOW", "2026-06-01")     # approved then, reviewed the same day
    root = generate(tmp_path / "ws", 2, domain_codes={"19"})
    gk("submit", "--all", "-w", root)
    gk("approve", "--all", "-w", root)
    with Workspace.transaction(root) as ws:
        ws.find("19-01-001")[1].review_due = date(2025, 1, 6)     # fell due long ago
    gk("review", "19-01-001", "19-01-002", "-w", root)
    assert get(root, "19-01-001").history[-1].trigger == "annual_review"
    assert get(root, "19-01-002").history[-1].trigger == "manual"    # its year is not over
    data = json.loads(gk("due", "-w", root, "--as-of", "2025-01-10", "--format", "json")[1])
    assert [(r["code"], r["kind"], r["due"], r["days_left"], r["state"]) for r in data["items"]][0] == \
        ("410106-19-01-001", "annual_review", "2025-01-06", -4, "overdue")


def test_lifecycle_prints_the_machine(gk):
    code, out, _ = gk("lifecycle")
    assert code == 0 and out.startswith("stateDiagram-v2") and "in_review --> published: approve" in out
    data = json.loads(gk("lifecycle", "--format", "json")[1])
    assert {t["event"] for t in data["transitions"]} >= {"submit", "approve", "withdraw", "restore"}


def test_help_lists_the_lifecycle_panel(gk):
    code, out, _ = gk("--help")
    assert code == 0 and "生命周期 Lifecycle" in out
    for name in ("submit", "approve", "history", "due", "adjust", "graph"):
        assert name in out


# -- 动态调整 ------------------------------------------------------------------------------
def _published_workspace(gk, tmp_path, n=3):
    root = generate(tmp_path / "ws", n, domain_codes={"19"})
    gk("submit", "--all", "-w", root)
    assert gk("approve", "--all", "-w", root)[0] == 0
    return root


def test_adjust_law_moves_dependent_items_to_review(gk, tmp_path, blocking_engine):
    root = _published_workspace(gk, tmp_path)
    before = files(root)
    law = "《国务院关于进一步加强和改进最低生活保障工作的意见》"
    code, out, _ = gk("adjust", "law", law, "--changed-on", "2025-09-26", "-w", root, "--dry-run")
    assert code == 0 and out.count("published → reviewing") == 3 and "2025-10-30" in out
    assert files(root) == before
    code, out, _ = gk("adjust", "law", law, "--changed-on", "2025-09-26", "-w", root, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["due"] == "2025-10-30" and len(data["steps"]) == 3
    item = get(root, "19-01-002")
    assert (item.status, item.review_due, item.history[-1].trigger) == ("reviewing", date(2025, 10, 30), "law_changed")
    due = json.loads(gk("due", "-w", root, "--as-of", "2025-10-28", "--format", "json")[1])["items"]
    assert [(r["state"], r["days_left"], r["kind"]) for r in due] == [("pending", 2, "law_changed")] * 3
    code, out, _ = gk("adjust", "law", "《最低生活保障工作的意见》", "--changed-on", "2025-09-26", "-w", root)
    assert code == 1 and "no live item depends on" in out          # a title that matches nothing: exit 1


def test_adjust_body_renames_in_the_same_step(gk, tmp_path, blocking_engine):
    root = _published_workspace(gk, tmp_path, n=2)
    code, out, _ = gk("adjust", "body", "县民政局", "区民政和退役军人事务局", "--changed-on", "2025-03-03", "-w", root)
    assert code == 0 and "县民政局、各乡(镇)人民政府(街道办事处) → 区民政和退役军人事务局、各乡" in out
    item = get(root, "19-01-001")
    assert item.status == "reviewing" and item.body.startswith("区民政和退役军人事务局、")
    assert item.history[-1].trigger == "body_changed" and "renamed" in item.history[-1].reason
    assert gk("confirm", "--all", "-w", root)[0] == 0
    assert get(root, "19-01-002").status == "published"


def test_graph_export(gk, tmp_path):
    import networkx as nx

    root = generate(tmp_path / "ws", 2, domain_codes={"19"})
    out_file = tmp_path / "g.graphml"
    code, _, err = gk("graph", "--format", "graphml", "-o", out_file, "-w", root)
    assert code == 0 and "2 item" in err
    g = nx.read_graphml(out_file)
    assert {"item:410106-19-01-001", "domain:19", "body:县民政局"} <= set(g.nodes)
    data = json.loads(gk("graph", "--format", "json", "-w", root)[1])
    assert len([n for n in data["nodes"] if n["kind"] == "item"]) == 2


# -- reliability --------------------------------------------------------------------------
GONGKAI = [sys.executable, "-c", "from gongkai.cli.launch import main; main()"]   # what the console script runs


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "GONGKAI_ACTOR": "test"}


def _stat(path: Path) -> tuple:
    s = os.stat(path)
    return s.st_ino, s.st_size, s.st_mtime_ns


def _kill_during_write(cmd, domains_dir: Path, touched_before_kill: int) -> int:
    """Start cmd and SIGKILL it once it is writing: at the first sign of a write (a temp file, or
    a file changed in any way) when touched_before_kill is 0, else once that many files changed."""
    stats = {p.name: _stat(p) for p in domains_dir.glob("*.toml")}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if touched_before_kill == 0 and any(n.endswith(".tmp") for n in os.listdir(domains_dir)):
                break
            if sum(_stat(domains_dir / n) != s for n, s in stats.items()) >= max(1, touched_before_kill):
                break
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    return proc.returncode


def test_a_killed_bulk_approve_leaves_every_file_before_or_after(tmp_path):
    per_domain = 30
    template = generate(tmp_path / "template", per_domain, status="in_review")
    before = files(template)
    outcomes = []
    for attempt, replaced in enumerate((0, 5)):   # kill inside the first write, and between files
        root = tmp_path / f"run{attempt}"
        shutil.copytree(template, root)
        rc = _kill_during_write([*GONGKAI, "approve", "--all", "-w", str(root)], root / "domains", replaced)
        states = []
        for name, old in before.items():
            path = root / "domains" / name
            if path.read_bytes() == old:
                states.append("before")
                continue
            d = load_domain(path)      # parses and validates: never half-written
            assert len(d.model.items) == per_domain
            assert all(i.status == "published" and i.version == 1 and i.history[-1].event == "approve"
                       for i in d.model.items), name
            states.append("after")
        Workspace.load(root)            # completes a write cut short between two renames (the journal)
        settled = {("before" if (root / "domains" / name).read_bytes() == old else "after")
                   for name, old in before.items()}
        assert len(settled) == 1, (attempt, states)
        assert not (root / ".gongkai-journal.json").exists()
        assert not list((root / "domains").glob(".*.tmp")) or settled == {"before"}
        outcomes.append((rc, set(states)))
    # the workspace is usable afterwards: the lock died with the process, temp files are ignored
    done = subprocess.run([*GONGKAI, "approve", "--all", "-w", str(root)], cwd=ROOT, env=_env(),
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert {i.status for _, i in Workspace.load(root).items()} == {"published"}
    assert any(rc == -signal.SIGKILL for rc, _ in outcomes), outcomes
    # killed while the new files were being staged: no file was replaced yet (or, if the kill came
    # late, all were); only a SIGKILL inside the final burst of renames can mix the two
    assert outcomes[0][1] in ({"before"}, {"after"}), outcomes


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
@pytest.mark.parametrize("when", ["staging", "first-replaced"])
def test_an_interrupted_bulk_approve_changes_all_files_or_none_and_says_so(tmp_path, sig, when):
    root = generate(tmp_path / "ws", 30, status="in_review")
    before = files(root)
    stats = {p.name: _stat(p) for p in (root / "domains").glob("*.toml")}
    proc = subprocess.Popen([*GONGKAI, "approve", "--all", "-w", str(root)], cwd=ROOT, env=_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        if when == "staging" and any(n.endswith(".tmp") for n in os.listdir(root / "domains")):
            break                                   # the new files are being written beside the old
        if when == "first-replaced" and any(_stat(root / "domains" / n) != st for n, st in stats.items()):
            break                                   # one file is new: the others must follow
    proc.send_signal(sig)
    _, err = proc.communicate()
    after = files(root)
    changed = {name for name in before if after[name] != before[name]}
    assert changed in (set(), set(before)), sorted(changed)
    assert not [n for n in os.listdir(root / "domains") if n.endswith(".tmp")]
    if proc.returncode == -sig:
        # the signal came while Python was shutting down (it puts the default handlers back):
        # only after the command had done all its work
        assert changed == set(before), (proc.returncode, err)
    elif proc.returncode != 0:                      # the signal came before the command finished
        assert proc.returncode == 130 and "interrupted" in err, (proc.returncode, err)
    Workspace.load(root)


WORKER = """
import sys
from gongkai.cli.app import app
root, code, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
for _ in range(rounds):
    for event in ("submit", "reject"):
        app([event, code, "-w", root, "--reason", "并发"], standalone_mode=False)
"""


def test_two_processes_at_once_lose_no_event(tmp_path):
    root = generate(tmp_path / "ws", 2, domain_codes={"19"})       # two items in one file
    rounds = 15
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(root), code, str(rounds)], cwd=ROOT, env=_env(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for code in ("19-01-001", "19-01-002")]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    ws = Workspace.load(root)
    for code in ("19-01-001", "19-01-002"):
        item = ws.find(code)[1]
        assert len(item.history) == 2 * rounds and item.status == "draft"
        assert [h.event for h in item.history] == ["submit", "reject"] * rounds


def test_a_file_that_cannot_be_written_is_an_error_with_its_name(gk, tmp_path, monkeypatch):
    import gongkai.catalog.toml_store as store

    root = generate(tmp_path / "ws", 1, domain_codes={"19"})
    before = files(root)
    monkeypatch.setattr(store, "_read_only", lambda path: True)   # as if chmod a-w (root would ignore it)
    code, _, err = gk("submit", "19-01-001", "-w", root)
    assert code == 2 and "19-social-assistance.toml: the file is read-only; nothing was written" in err
    assert files(root) == before and "Traceback" not in err
