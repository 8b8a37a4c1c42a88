"""One-item commands read only the domain file their code names (gongkai.catalog.one_domain).

Shown by breaking another domain's file: a command that parsed it would stop with an input error
(as `check` does); `item show`, `item edit CODE`, `item add`, `submit CODE` and `approve CODE`
go on, give what a full load gives, and leave every other file as it was.
"""
from __future__ import annotations

import json

from gongkai import domains as registry
from gongkai.catalog.model import Item
from gongkai.catalog.workspace import Workspace, init_workspace
from conftest import BASE_ITEM

CODE = "410106-19-01-002"


def _workspace(root):
    init_workspace(root, "410106", "上街区", adopt=False)
    with Workspace.transaction(root) as ws:
        for dom in (registry.BY_CODE["01"], registry.BY_CODE["19"]):
            d = ws.ensure_domain(dom)
            for n in (1, 2):
                d.model.items.append(Item.model_validate({**BASE_ITEM, "code": f"410106-{dom.code}-01-00{n}"}))
    return root


def _break_domain_01(root):
    path = next((root / "domains").glob("01-*.toml"))
    path.write_text(path.read_text("utf-8") + "\n[[items]\nbroken = \n", "utf-8")
    return path


def test_one_item_commands_do_not_read_other_domains(gk, tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_NOW", "2026-12-31")
    root = _workspace(tmp_path / "ws")
    expected = Workspace.load(root).find(CODE)[1].model_dump(mode="json", by_alias=True, exclude_none=True)
    broken = _break_domain_01(root)
    broken_bytes = broken.read_bytes()
    assert gk("check", "-w", root)[0] == 2                     # a whole-workspace command stops on it

    code, out, err = gk("item", "show", "19-01-002", "-w", root, "--format", "json")
    assert code == 0, err
    shown = json.loads(out)
    assert shown.pop("domain") == "19" and shown.pop("file").startswith("domains/19-") and shown == expected

    code, out, err = gk("item", "edit", CODE, "-w", root, "--set", "deadline=信息形成之日起10个工作日内")
    assert code == 0 and f"edited {CODE}" in out, err
    code, out, err = gk("item", "add", "--domain", "19", "--category", BASE_ITEM["category"], "--name", "新事项",
                        "-w", root)
    assert code == 0 and "added 410106-19-01-003" in out, err  # numbered after the domain's codes
    assert gk("submit", CODE, "-w", root)[0] == 0
    code, out, err = gk("approve", CODE, "-w", root)            # the rules guard runs on that file alone
    assert code == 0 and f"approved {CODE}" in out, err
    # in the broken file: the item whose block holds the break is reported (its whole file is read
    # then); `item show` of a sound block of it reads that block alone
    code, _, err = gk("item", "show", "01-01-002", "-w", root)
    assert code == 2 and "01-" in err, err
    assert gk("item", "show", "01-01-001", "-w", root)[0] == 0
    code, _, err = gk("item", "edit", "01-01-001", "--set", "note=x", "-w", root)
    assert code == 2 and "01-urban-rural-planning.toml" in err, err      # a writer reads the whole file
    assert broken.read_bytes() == broken_bytes

    broken.write_text(broken_bytes.decode("utf-8").split("\n[[items]\n")[0], "utf-8")
    ws = Workspace.load(root)                                  # with 01 mended, the full load agrees
    d, item = ws.find(CODE)
    assert (item.status, item.deadline) == ("published", "信息形成之日起10个工作日内")
    assert [i.code for i in d.model.items][-1] == "410106-19-01-003"
    assert len(ws.domain("01").model.items) == 2


def test_a_code_naming_no_domain_reads_the_whole_workspace(gk, tmp_path):
    root = _workspace(tmp_path / "ws")
    code, _, err = gk("item", "show", "no-such-code", "-w", root)
    assert code == 2 and "no item with code no-such-code" in err


def test_item_show_reads_only_the_items_block_and_falls_back_to_the_file_when_it_cannot(gk, tmp_path):
    from gongkai.catalog.one_domain import read_one_item

    root = tmp_path / "ws"
    init_workspace(root, "410106", "上街区")                       # the bundled catalogues
    ws = Workspace.load(root)
    for d, item in ws.items():                                    # every block gives the item a full load gives
        found = read_one_item(root, item.code.split("-", 1)[1])  # typed without the region
        assert found is not None, item.code
        assert found[1] == item and found[0].model.domain == d.model.domain
    path = root / "domains" / "19-social-assistance.toml"
    code = ws.domain("19").model.items[1].code
    # another item of the same file broken: the block read still shows this one
    first = ws.domain("19").model.items[0].code
    text = path.read_text("utf-8")
    path.write_text(text.replace(f'code = "{first}"\n', f'code = "{first}"\nversion_typo = 1\n', 1), "utf-8")
    assert read_one_item(root, code) is not None
    rc, out, _ = gk("item", "show", code, "-w", str(root), "--format", "json")
    assert rc == 0 and json.loads(out)["code"] == code
    # its own block broken: no block read; the whole file is read and the error named
    path.write_text(text.replace(f'code = "{code}"\n', f'code = "{code}"\nversion_typo = 1\n', 1), "utf-8")
    assert read_one_item(root, code) is None
    rc, _, err = gk("item", "show", code, "-w", str(root))
    assert rc == 2 and "version_typo" in err
    # hand-written layout (code not first in its block): the file is read
    path.write_text(text.replace(f'[[items]]\ncode = "{code}"\n', f'[[items]]\nnote = "x"\ncode = "{code}"\n', 1), "utf-8")
    assert read_one_item(root, code) is None
    rc, out, _ = gk("item", "show", code, "-w", str(root), "--format", "json")
    assert rc == 0 and json.loads(out)["note"] == "x"


def test_a_block_read_never_answers_for_a_file_the_whole_read_would_refuse_or_read_otherwise(tmp_path):
    from gongkai.catalog.one_domain import read_one_item

    root = tmp_path / "ws"
    init_workspace(root, "410106", "上街区")
    path = root / "domains" / "02-land-expropriation.toml"
    text = path.read_text("utf-8")
    code = Workspace.load(root).domain("02").model.items[0].code          # 410106-02-01-001
    assert read_one_item(root, code) is not None
    # the header does not match the file: the whole read reports it
    path.write_text(text.replace('code = "02"', 'code = "03"', 1), "utf-8")
    assert read_one_item(root, code) is None
    path.write_text(text.replace('slug = "land-expropriation"', 'slug = "x"', 1), "utf-8")
    assert read_one_item(root, code) is None
    # the code typed without its region also stands bare in the file: Workspace.find decides
    bare = code.split("-", 1)[1]
    path.write_text(text.replace(f'[[items]]\ncode = "{code}"', f'[[items]]\ncode = "{bare}"\ncategory = "x"\n'
                                 f'name = "REGIONLESS"\n\n[[items]]\ncode = "{code}"', 1), "utf-8")
    assert read_one_item(root, bare) is None
    assert read_one_item(root, code) is not None                      # typed whole: no doubt which
