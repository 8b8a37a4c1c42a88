"""The store: canonical output, atomic writes, no write when unchanged, comments, the lock."""
from __future__ import annotations

import difflib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from gongkai import domains as registry
from gongkai.catalog.domain_file import load_domain, render_domain
from gongkai.catalog.errors import InputError
from gongkai.catalog.toml_store import atomic_write, comment_lines
from gongkai.catalog.workspace import Workspace


def test_canonical_output_is_stable_and_round_trips(make_workspace):
    root = make_workspace(adopt=True)
    for path in sorted((root / "domains").glob("*.toml")):
        d = load_domain(path)
        assert render_domain(d.model) == d.text, f"{path.name} is not canonical after init"
        again = load_domain(path)
        assert again.model == d.model


def _with_base_item(make_workspace, base_item) -> tuple:
    """An adopted workspace plus the complete base item (note empty), and that item's code."""
    root = make_workspace(adopt=True)
    with Workspace.transaction(root) as ws:
        item = ws.add_item(ws.ensure_domain(registry.BY_CODE["19"]), {**base_item, "category": "本地测试"})
    return root, item.code


def test_changing_one_item_changes_only_its_lines(make_workspace, base_item):
    root, code = _with_base_item(make_workspace, base_item)
    path = root / "domains" / "19-social-assistance.toml"
    before = path.read_text("utf-8")
    with Workspace.transaction(root) as ws:
        d, item = ws.find(code)
        item.deadline = "制定或获取信息之日起5个工作日内"
    after = path.read_text("utf-8")
    changed = [l for l in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
               if l[:1] in "+-" and not l.startswith(("+++", "---"))]
    assert changed == ['-deadline = "制定或获取信息之日起10个工作日内"', '+deadline = "制定或获取信息之日起5个工作日内"']


def test_items_are_written_in_code_order(make_workspace, base_item):
    root = make_workspace()
    with Workspace.transaction(root) as ws:
        d = ws.ensure_domain(registry.BY_CODE["19"])
        ws.add_item(d, {**base_item, "category": "临时救助"})
        ws.add_item(d, base_item)
    codes = [i.code for i in load_domain(root / "domains" / "19-social-assistance.toml").model.items]
    assert codes == sorted(codes) and len(codes) == 2


def test_no_write_when_nothing_changed(make_workspace):
    root = make_workspace(adopt=True)
    path = root / "domains" / "19-social-assistance.toml"
    os.utime(path, (1_000_000, 1_000_000))
    with Workspace.transaction(root) as ws:
        pass
    assert ws.written == [] and path.stat().st_mtime == 1_000_000


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "x.toml"
    assert atomic_write(target, "a = 1\n") is True
    assert atomic_write(target, "a = 1\n") is False
    assert [p.name for p in tmp_path.iterdir()] == ["x.toml"]


@pytest.mark.parametrize("interrupted_at", ["inside mkstemp", "before the renames"])
def test_ctrl_c_while_staging_leaves_no_temporary_file(tmp_path, monkeypatch, interrupted_at):
    """The CI race: a signal lands after mkstemp made the file but before its name reached us."""
    from gongkai.catalog import toml_store

    targets = [tmp_path / "a.toml", tmp_path / "b.toml"]
    for t in targets:
        t.write_text("old = 1\n", encoding="utf-8")
    real_mkstemp, real_held = toml_store.tempfile.mkstemp, toml_store.signals_held
    made = []

    def mkstemp_then_ctrl_c(**kw):
        fd, name = real_mkstemp(**kw)
        made.append(name)
        if interrupted_at == "inside mkstemp" and len(made) == 2:
            os.close(fd)
            raise KeyboardInterrupt
        return fd, name

    def ctrl_c_on_entry():
        raise KeyboardInterrupt

    monkeypatch.setattr(toml_store.tempfile, "mkstemp", mkstemp_then_ctrl_c)
    if interrupted_at == "before the renames":
        monkeypatch.setattr(toml_store, "signals_held", ctrl_c_on_entry)
    with pytest.raises(KeyboardInterrupt):
        toml_store.atomic_write_many([(t, b"new = 2\n") for t in targets])
    assert len(made) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.toml", "b.toml"]
    assert all(t.read_text(encoding="utf-8") == "old = 1\n" for t in targets)
    monkeypatch.setattr(toml_store, "signals_held", real_held)


def test_failed_command_writes_nothing(make_workspace):
    root = make_workspace(adopt=True)
    path = root / "domains" / "19-social-assistance.toml"
    before = path.read_bytes()
    with pytest.raises(RuntimeError):
        with Workspace.transaction(root) as ws:
            ws.find("19-02-002")[1].deadline = "changed"
            raise RuntimeError("stop")
    assert path.read_bytes() == before


def test_comment_lines_ignores_hashes_in_strings():
    text = textwrap.dedent('''\
        # a note
        name = "a#b"  # trailing
        url = 'http://x/#frag'
        multi = """
        # not a comment
        """
        ''')
    assert comment_lines(text) == [1, 2]


def test_hand_written_comments_are_not_silently_lost(make_workspace):
    root = make_workspace(adopt=True)
    path = root / "domains" / "19-social-assistance.toml"
    path.write_text("# 区民政局 2026-03: 待核实\n" + path.read_text("utf-8"), "utf-8")
    with pytest.raises(InputError) as exc:
        with Workspace.transaction(root) as ws:
            ws.find("19-02-002")[1].deadline = "制定或获取信息之日起5个工作日内"
    assert "comments on line(s) 1" in exc.value.render() and "--force" in exc.value.render()
    assert path.read_text("utf-8").startswith("# 区民政局")
    with Workspace.transaction(root, force=True) as ws:
        ws.find("19-02-002")[1].deadline = "制定或获取信息之日起5个工作日内"
    assert not path.read_text("utf-8").startswith("#")


_WRITER = textwrap.dedent('''\
    import sys, time
    from pathlib import Path
    from gongkai.catalog.workspace import Workspace
    root, tag, n, code = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
    for i in range(n):
        with Workspace.transaction(root) as ws:
            d, item = ws.find(code)
            item.note = ((item.note or "") + f"{tag}{i};")
            time.sleep(0.005)  # widen the read-modify-write window
    ''')


def test_two_processes_writing_at_once_lose_no_write(make_workspace, base_item):
    root, code = _with_base_item(make_workspace, base_item)
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(root), tag, "15", code], env=env) for tag in "AB"]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    note = Workspace.load(root).find(code)[1].note
    parts = [p for p in note.split(";") if p]
    assert sorted(parts) == sorted([f"A{i}" for i in range(15)] + [f"B{i}" for i in range(15)])


def test_atomic_write_to_a_device_writes_through_it():
    """`-o /dev/null` must never replace the device with a regular file."""
    devnull = Path(os.devnull)
    assert atomic_write(devnull, "x\n") is True
    assert devnull.exists() and not devnull.is_file()


def test_loaded_items_share_one_fields_set_per_class_and_still_save_their_changes(make_workspace):
    root = make_workspace(adopt=True)
    ws = Workspace.load(root)
    items = [item for _, item in ws.items()]
    assert len({id(i.__pydantic_fields_set__) for i in items}) == 1      # ~270 bytes an item and part saved
    assert len({id(e.__pydantic_fields_set__) for i in items for e in i.elements}) == 1
    with Workspace.transaction(root) as ws:
        ws.find("19-02-002")[1].deadline = "收到后5个工作日内"
        ws.find("19-02-002")[1].elements[0].name = "改过的要素"
    again = Workspace.load(root).find("19-02-002")[1]
    assert again.deadline == "收到后5个工作日内" and again.elements[0].name == "改过的要素"
    assert Workspace.load(root).find("19-02-001")[1].deadline != "收到后5个工作日内"


@pytest.mark.parametrize("seed", range(6))
def test_a_write_keeping_unchanged_blocks_gives_the_canonical_text(make_workspace, seed):
    """Unchanged items keep their block of the loaded text; the file is still what a full render gives."""
    import random

    from gongkai.catalog import clock
    from gongkai.catalog.model import HistoryEntry

    rng = random.Random(seed)
    root = make_workspace(adopt=True)
    for path in sorted((root / "domains").glob("*.toml")):
        d = load_domain(path)
        items = d.model.items
        for item in rng.sample(items, k=min(len(items), rng.randint(0, 4))):
            action = rng.choice(["status", "history", "elements", "remove", "flat"])
            if action == "status":
                item.status, item.version = "published", item.version + 1
            elif action == "history":
                item.history.append(HistoryEntry.model_validate({"event": "submit", "from": "draft", "to": "in_review",
                                                                  "at": clock.now(), "actor": "测试员",
                                                                  "version": item.version}))
            elif action == "elements":
                item.elements = item.elements[:1]
            elif action == "remove":
                items.remove(item)
            else:                                    # a short flat item: tomli-w would inline it alone
                items.append(type(item)(code=item.code[:-3] + "999", category="短", name="短"))
        assert render_domain(d.model, d.text, path) == render_domain(d.model), (path.name, seed)


def test_a_hand_formatted_item_keeps_its_lines_until_fmt(make_workspace, gk):
    root = make_workspace(adopt=True)
    path = root / "domains" / "19-social-assistance.toml"
    text = path.read_text("utf-8")
    first, second = [m.start() for m in __import__("re").finditer(r"^\[\[items\]\]$", text, flags=8)][:2]
    hand = text[:first] + text[first:second].replace("version = ", "version  =  ", 1) + text[second:]
    path.write_text(hand, "utf-8")
    first_code = load_domain(path).model.items[0].code
    other = load_domain(path).model.items[1].code
    with Workspace.transaction(root) as ws:
        ws.find(other)[1].deadline = "收到后5个工作日内"
    written = path.read_text("utf-8")
    assert "version  =  " in written                        # the untouched item, as the officer wrote it
    assert load_domain(path).model.items[0].code == first_code
    assert gk("fmt", "-w", str(root))[0] == 0
    assert "version  =  " not in path.read_text("utf-8")   # fmt renders every item afresh
    assert path.read_text("utf-8") == render_domain(load_domain(path).model)


def test_equal_strings_of_a_loaded_file_are_one_object(make_workspace):
    root = make_workspace(adopt=True)
    d = load_domain(root / "domains" / "19-social-assistance.toml")
    channels = [c for i in d.model.items for c in i.method.channels]
    repeated = [c for c in set(channels) if channels.count(c) > 1]
    assert repeated                                               # the bundled file repeats 政府网站 …
    for value in repeated:
        assert len({id(c) for c in channels if c == value}) == 1, value


def test_a_kept_block_is_plain_toml_and_keeps_the_types_of_untyped_fields(make_workspace):
    """rtoml reads some TOML 1.1 (an inline table over lines); such a block is rendered again on save.
    And ``==`` takes 1 for True: the fields typed Any are compared with their types."""
    import tomllib

    root = make_workspace(adopt=True)
    path = root / "domains" / "19-social-assistance.toml"
    d = load_domain(path)
    first, second = d.model.items[0].code, d.model.items[1].code
    text = render_domain(d.model)
    lines = text.split(f'[[items]]\ncode = "{second}"', 1)
    newer = lines[0] + f'[[items]]\ncode = "{second}"\nnote = "x"\napproved = {{\n  reviewed = 1,\n}}' + lines[1]
    path.write_text(newer, "utf-8")
    d = load_domain(path)                                   # rtoml reads it
    d.model.items[0].note = "changed"
    written = render_domain(d.model, d.text, path)
    tomllib.loads(written)                                  # and what is written is TOML 1.0 again
    assert written == render_domain(d.model)
    d = load_domain(path)
    item = next(i for i in d.model.items if i.code == second)
    path.write_text(render_domain(d.model), "utf-8")
    d = load_domain(path)
    item = next(i for i in d.model.items if i.code == second)
    assert item.approved == {"reviewed": 1}
    item.approved = {"reviewed": True}
    assert "reviewed = true" in render_domain(d.model, d.text, path)
