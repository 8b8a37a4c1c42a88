"""Malformed variants of every input type (issue 16): truncated, binary, wrong encoding, a huge cell,
empty, deep nesting. Whatever the variant, the command never shows a traceback, exits 0, 1 or 2,
and when it refuses (2) it wrote nothing. Variants are drawn from seeded generators, so a failure
names a reproducible case."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from assessment_helpers import write_csv
from conftest import TESTS

SEEDS = range(6)
RECORD_HEADER = ["事项编码", "信息标题", "形成日期", "发布时间", "发布渠道", "链接"]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    from gongkai.catalog.workspace import init_workspace

    root = tmp_path_factory.mktemp("fuzz") / "ws"
    init_workspace(root, "410106", "上街区")
    return root


@pytest.fixture
def ws(template, tmp_path):
    import shutil

    root = tmp_path / "ws"
    shutil.copytree(template, root)
    return root


def _snapshot(root: Path) -> dict:
    return {p: p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".gongkai" not in p.name and "cache" not in p.parts}


def _good_inputs(tmp_path: Path, root: Path) -> dict[str, bytes]:
    """One valid file per input type, as bytes, to be mangled."""
    code = "19-02-002"
    records = tmp_path / "r.csv"
    write_csv(records, RECORD_HEADER, [[code, "低保名单", "2026-03-02", "2026-03-11", "政府网站", "http://x/1"]] * 3)
    catalogue_md = (TESTS / "data" / "catalogues" / "19-social-assistance.md").read_bytes()
    report = (TESTS / "data" / "reports" / "shanghai-office-2025.md").read_bytes()
    scheme = (TESTS / "data" / "schemes" / "readme-example.toml").read_bytes()
    return {"records.csv": records.read_bytes(), "catalogue.md": catalogue_md, "report.md": report,
            "scheme.toml": scheme, "catalogue.json": json.dumps(
                {"domain": "19", "items": [{"category": "最低生活保障", "name": "办事指南"}]},
                ensure_ascii=False).encode("utf-8")}


def _variants(name: str, data: bytes, seed: int) -> list[tuple[str, bytes, bool]]:
    """(label, bytes, must_refuse): a refusal is required where no reading could be right."""
    rng = random.Random(f"{name}-{seed}")
    cut = rng.randrange(1, max(2, len(data) - 1))
    binary = bytes(rng.randrange(256) for _ in range(2048))
    text = data.decode("utf-8", errors="replace")
    deep = ("[" * 5000 + "]" * 5000) if name.endswith(".json") else ("a = " + "[" * 5000 + "]" * 5000 + "\n")
    huge = text.replace("低保", "低" * 1_200_000, 1) if "低保" in text else text + "x" * 1_200_000
    return [
        ("truncated", data[:cut], False),
        ("binary", binary, True),
        ("utf-16", text.encode("utf-16"), False),       # may be read (BOM) or refused, never a traceback
        ("huge-cell", huge.encode("utf-8"), False),
        ("empty", b"", True),
        ("deep", deep.encode("utf-8"), name.endswith((".json", ".toml"))),
    ]


def _command(name: str, path: Path, root: Path, tmp_path: Path) -> list:
    if name == "records.csv":
        return ["records", "import", path, "-w", root]
    if name.startswith("catalogue"):
        return ["import", path, "--domain", "19", "-w", root]
    if name == "report.md":
        return ["report", "check", path]
    if name == "scheme.toml":
        filled = tmp_path / "filled.xlsx"
        return ["score", filled, "--scheme", path]
    raise AssertionError(name)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", ["records.csv", "catalogue.md", "catalogue.json", "report.md", "scheme.toml"])
def test_malformed_inputs_never_trace_back_and_a_refusal_writes_nothing(gk, ws, tmp_path, name, seed):
    good = _good_inputs(tmp_path, ws)[name]
    suffix = Path(name).suffix
    variants = _variants(name, good, seed)
    for label, data, must_refuse in (variants if seed == 0 else variants[:1]):   # later seeds: other cuts
        path = tmp_path / f"{label}{suffix}"
        path.write_bytes(data)
        before = _snapshot(ws)
        code, out, err = gk(*_command(name, path, ws, tmp_path))
        assert "Traceback" not in out + err, (name, label)
        assert code in (0, 1, 2), (name, label, code)
        if must_refuse:
            assert code == 2, (name, label, out, err)
        if code == 2:
            assert _snapshot(ws) == before, (name, label)
            assert err.strip(), (name, label)          # a refusal says why


@pytest.mark.parametrize("name", ["gongkai.toml", "domains/19-social-assistance.toml"])
@pytest.mark.parametrize("label", ["truncated", "binary", "empty", "deep", "gbk"])
def test_a_damaged_workspace_file_is_an_input_error_naming_it(gk, ws, name, label):
    path = ws / name
    data = path.read_bytes()
    mangled = {"truncated": data[: len(data) // 3], "binary": bytes(range(256)) * 4, "empty": b"",
               "deep": b"a = " + b"[" * 5000 + b"]" * 5000 + b"\n",
               "gbk": data.decode("utf-8").encode("gbk", errors="replace")}[label]
    path.write_bytes(mangled)
    code, out, err = gk("items", "-w", ws)
    assert "Traceback" not in out + err
    if label == "gbk" and code == 0:
        return                                  # all-ASCII content decodes the same; nothing to refuse
    if label == "empty" and name.startswith("domains") and code == 0:
        return
    assert code == 2 and Path(name).name in err, (label, err)


def test_json_that_is_not_a_list_of_items_is_reported_row_by_row(gk, ws, tmp_path):
    path = tmp_path / "list.json"
    path.write_text("[1, 2, 3]", encoding="utf-8")
    code, out, err = gk("import", path, "--domain", "19", "-w", ws)
    assert code in (1, 2) and "3 rows not imported" in err and "not an item" in err
    path.write_text('[{"name": "办事指南", "elements": ["办理条件"]}]', encoding="utf-8")
    code, out, err = gk("import", path, "--domain", "19", "-w", ws)
    assert code in (1, 2) and "no 一级事项 (category)" in err
    path.write_text('{"domains": 7}', encoding="utf-8")
    code, _, err = gk("import", path, "--domain", "19", "-w", ws)
    assert code == 2 and "not a catalogue export" in err


def test_an_import_that_would_overflow_a_category_is_refused_at_once(gk, ws, tmp_path):
    path = tmp_path / "big.csv"
    header = "序号,一级事项,二级事项,公开内容,公开时限,公开主体,政府网站"
    rows = [f"{n},最低生活保障,事项{n},办理条件,信息形成之日起20个工作日内,区民政局,√" for n in range(1, 1001)]
    path.write_text("\n".join([header, *rows]), encoding="utf-8")
    before = _snapshot(ws)
    code, out, err = gk("import", path, "--domain", "19", "-w", ws)
    assert code == 2 and "最低生活保障" in err and "at most 999" in err and "split the rows" in err
    assert _snapshot(ws) == before


def test_a_csv_cell_of_a_megabyte_imports_and_one_past_the_limit_is_named(gk, ws, tmp_path):
    from gongkai.catalog.tables.text import MAX_CSV_CELL

    big = tmp_path / "big-cell.csv"
    big.write_text("序号,一级事项,二级事项,公开内容\n1,最低生活保障,事项1," + "办理条件" * 300_000 + "\n", encoding="utf-8")
    code, out, err = gk("import", big, "--domain", "19", "--dry-run", "-w", ws)
    assert code == 0 and "would add 1 items" in out, err
    over = tmp_path / "over.csv"
    over.write_text('序号,一级事项,二级事项\n1,"' + "x" * (MAX_CSV_CELL + 1) + '",a\n', encoding="utf-8")
    code, _, err = gk("import", over, "--domain", "19", "--dry-run", "-w", ws)
    assert code == 2 and "over.csv:2" in err and "longer than 8,388,608 characters" in err


def test_a_markdown_table_cut_mid_row_reports_the_row(gk, ws, tmp_path):
    real = (TESTS / "data" / "catalogues" / "19-social-assistance.md").read_text("utf-8")
    cut_at = real.index("《社会救助暂行办法》") + len("《社会救助暂行办")
    path = tmp_path / "cut.md"
    path.write_text(real[:cut_at], encoding="utf-8")
    code, out, err = gk("import", path, "--domain", "19", "--dry-run", "-w", ws)
    assert "the row is cut off" in err and code == 1
    assert "《社会救助暂行办\n" not in out and "社会救助暂行办 " not in out
