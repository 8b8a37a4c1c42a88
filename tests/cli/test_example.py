"""examples/shangjie — the 上街区 (410106) workspace the README runs."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from gongkai import domains as registry
from gongkai.catalog.codes import with_region
from gongkai.catalog.workspace import Workspace
from gongkai.cli.app import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "shangjie"
runner = CliRunner()


def test_example_is_canonical():
    result = runner.invoke(app, ["fmt", "--check", "-w", str(EXAMPLE)])
    assert result.exit_code == 0, result.output


def test_example_adopts_every_bundled_item():
    """Made with `gongkai init`; regenerate it when the bundled catalogues change."""
    ws = Workspace.load(EXAMPLE)
    assert ws.config.unit.region == "410106" and ws.config.unit.name == "上街区"
    have = {i.code: i for _, i in ws.items()}
    for dom in registry.REGISTRY:
        for item in registry.load_bundled(dom.code).model.items:
            mine = have.pop(with_region(item.code, "410106"))
            assert mine.content() == item.content()
    assert not have, f"items not in the bundled catalogues: {sorted(have)[:5]}"


def test_readme_main_job_passes_with_its_baseline():
    result = runner.invoke(app, ["check", str(EXAMPLE), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output and "baselined" in result.output


def test_without_the_baseline_the_real_gaps_show():
    result = runner.invoke(app, ["check", str(EXAMPLE), "--no-baseline", "--format", "json", "--no-cache"])
    assert result.exit_code == 1
    summary = json.loads(result.output)["summary"]
    assert summary["error"] > 0 and summary["baselined"] == 0
