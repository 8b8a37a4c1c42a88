"""gongkai import of files naming their domains (issue 17): a whole export goes back in one
command, each sheet to its domain; with --domain, rows of another domain are refused."""
from __future__ import annotations

import json

import pytest

from gongkai import domains
from gongkai.catalog.tables.export import export
from gongkai.catalog.workspace import Workspace

CODES = ("05", "16", "19")          # three bundled domains, real rows


def _exported(tmp_path, fmt):
    data = [(domains.load_bundled(c).model.domain, list(domains.load_bundled(c).model.items)) for c in CODES]
    path = tmp_path / f"export.{fmt}"
    export(data, fmt, path)
    return path, {c: len(items) for (h, items), c in zip(data, CODES)}


def _counts(root):
    ws = Workspace.load(root)
    return {d.code: len(d.model.items) for d in ws.domains if d.model.items}


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "md", "json"])
def test_a_whole_export_imports_back_in_one_command(gk, make_workspace, tmp_path, fmt):
    path, expected = _exported(tmp_path, fmt)
    root = make_workspace()
    code, out, err = gk("import", path, "-w", root)
    assert code == 0, out + err
    assert _counts(root) == expected
    assert f"{sum(expected.values())} items to 3 domains" in out


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "md"])
def test_with_domain_the_rows_of_other_domains_are_refused(gk, make_workspace, tmp_path, fmt):
    path, expected = _exported(tmp_path, fmt)
    root = make_workspace()
    code, out, err = gk("import", path, "--domain", "19", "-w", root, "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert _counts(root) == {"19": expected["19"]}
    reasons = [p["reason"] for p in report["not_imported"]]
    assert len(reasons) == 2                          # one line per refused sheet or domain, not per row
    assert any("05 财政预决算" in r and f"{expected['05']} rows" in r for r in reasons)


def test_a_file_naming_no_domain_needs_domain(gk, make_workspace):
    from pathlib import Path

    sample = Path(__file__).resolve().parents[1] / "data" / "catalogues" / "19-social-assistance.md"
    # without the "# 19 社会救助" title and the block whose 所属领域 column names the domain
    blocks = sample.read_text("utf-8").split("\n", 1)[1].split("\n---\n")
    text = "\n---\n".join(b for b in blocks if "所属领域" not in b)
    path = make_workspace().parent / "no-domain.md"
    path.write_text(text, "utf-8")
    root = make_workspace()
    code, out, err = gk("import", path, "-w", root)
    assert code == 2 and "--domain" in err
    assert _counts(root) == {}
    code, out, err = gk("import", path, "--domain", "19", "-w", root)
    assert code == 1 and _counts(root)["19"] > 0             # 1: some real rows are reported


def test_sheet_names_name_their_domains():
    from gongkai.catalog.tables.placement import domain_named

    assert domain_named("19 社会救助").code == "19"
    assert domain_named("社会救助领域").code == "19"
    assert domain_named("social-assistance").code == "19"
    assert domain_named("26 医疗卫生 (health) — 基层政务公开标准目录").code == "26"
    assert domain_named("Sheet1") is None and domain_named("目录") is None
    # a numbered sheet or heading is no domain unless the domain's name follows its number
    assert domain_named("2", strict=True) is None and domain_named("1 基本情况", strict=True) is None
    assert domain_named("19 社会救助", strict=True).code == "19" and domain_named("19").code == "19"
    assert domain_named("02 社会救助", strict=True) is None


def test_a_shared_transcription_names_its_domain_in_its_title(gk, make_workspace):
    from pathlib import Path

    sample = Path(__file__).resolve().parents[1] / "data" / "catalogues" / "24-household-registration.md"
    root = make_workspace()
    code, out, err = gk("import", sample, "-w", root)         # "# 24 户籍管理 (household-registration) …"
    assert code == 1 and "to 24 户籍管理" in out              # 1: one row's label is cut off in the source
    assert set(_counts(root)) == {"24"}
