"""-o never destroys the workspace, never writes a file whose extension says another format, and
says when it creates folders (issue 16)."""
from __future__ import annotations

import pytest

from gongkai.catalog.workspace import Workspace


def _files(root):
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and ".gongkai" not in p.name}


@pytest.mark.parametrize("args, target", [
    (["export", "--format", "csv"], "gongkai.toml"),
    (["export", "--format", "xlsx"], "domains/19-social-assistance.xlsx"),
    (["export", "--format", "json"], "records/x.json"),
    (["check", "--format", "json"], "domains/19-social-assistance.json"),
    (["comply", "--format", "json"], "gongkai.toml"),
    (["checklist", "--format", "csv"], "rules/x.csv"),
    (["graph", "--format", "json"], "gongkai.toml"),
])
def test_a_target_among_the_workspace_files_is_refused_and_nothing_is_written(gk, ws, args, target):
    before = _files(ws)
    code, out, err = gk(*args, "-o", ws / target, "-w", ws)
    assert code == 2, (out, err)
    assert "workspace's own files" in err or "ends ." in err
    assert _files(ws) == before
    Workspace.load(ws)


@pytest.mark.parametrize("args, target", [
    (["export", "--format", "xlsx"], "out.csv"),
    (["export", "--format", "csv"], "out.toml"),
    (["export", "--format", "csv"], "domains-copy.xlsx"),
    (["check", "--format", "human"], "out.json"),
    (["check", "--format", "sarif"], "out.csv"),
])
def test_an_extension_that_contradicts_the_format_is_refused(gk, ws, tmp_path, args, target):
    code, _, err = gk(*args, "-o", tmp_path / target, "-w", ws)
    assert code == 2 and ("ends ." in err or "expected a file ending" in err) and "format" in err
    assert not (tmp_path / target).exists()


def test_the_folders_a_write_creates_are_named(gk, ws, tmp_path):
    target = tmp_path / "new" / "dir" / "x.csv"
    code, out, err = gk("export", "--format", "csv", "-o", target, "-w", ws)
    assert code == 0 and target.exists()
    assert f"creating the folder {tmp_path / 'new'}" in err


def test_a_report_beside_the_catalogue_is_fine(gk, ws):
    code, _, err = gk("export", "--format", "csv", "-o", ws / "上街区目录.csv", "-w", ws)
    assert code == 0 and (ws / "上街区目录.csv").exists() and "creating" not in err
