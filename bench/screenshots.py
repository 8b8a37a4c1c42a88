"""Screenshots of the web workbench for the README (docs/screenshots/*.png), taken by hand:

    python bench/screenshots.py [OUT_DIR]

A fresh 上街区 workspace adopting the bundled catalogues (built from real published tables); to
show the lifecycle, the first items of 社会救助 are submitted and one is published — those state
changes are a demonstration, not an official record. Needs Chromium at /usr/bin/chromium.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from browser_support import launched_browser, serving  # noqa: E402

from gongkai.catalog import lifecycle  # noqa: E402
from gongkai.catalog.workspace import Workspace, init_workspace  # noqa: E402


def demo_workspace(root: Path) -> None:
    init_workspace(root, "410106", "上街区", adopt=True)
    with Workspace.transaction(root) as ws:
        d = ws.domain("19")
        for item in d.model.items[:4]:
            lifecycle.fire(item, "submit", actor="区政务公开办")
        lifecycle.fire(d.model.items[0], "approve", actor="区政务公开办", reason="演示", findings=lambda i: [])


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("GONGKAI_ACTOR", "区政务公开办")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "shangjie"
        demo_workspace(root)
        ws = Workspace.load(root)
        biggest = max(ws.domains, key=lambda d: len(d.model.items))
        blocked = next(i for i in ws.domain("19").model.items if i.status == "in_review")
        with serving(root) as url, launched_browser() as browser:
            page = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900}).new_page()
            shots = [("overview", "/", True), ("domain", f"/domain/{biggest.code}", False),
                     ("item", f"/item/{blocked.code}", True), ("edit", f"/item/{ws.domain('19').model.items[5].code}/edit", False),
                     ("checks", "/checks?by=domain", False)]
            for name, path, full in shots:
                page.goto(url + path)
                page.screenshot(path=str(out / f"{name}.png"), full_page=full)
                print(f"wrote {out / name}.png")


if __name__ == "__main__":
    main()
