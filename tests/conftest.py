"""Shared test helpers: workspaces built with the tool itself, and a complete base item."""
from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
if str(TESTS) not in sys.path:      # the helpers (conftest, assessment_helpers) for tests in subfolders
    sys.path.insert(0, str(TESTS))

# A complete item: the real 大竹县 社会救助 row (19-social-assistance.md) with the attributes
# that published table leaves out filled in, so that it passes every item rule.
BASE_ITEM = {
    "category": "最低生活保障",
    "name": "办事指南",
    "elements": ["办理事项", "办理条件", "最低生活保障标准", "申请材料", "办理流程", "办理时间、地点", "联系方式"],
    "basis": [{"title": "《国务院关于进一步加强和改进最低生活保障工作的意见》"}],
    "body": "县民政局、各乡(镇)人民政府(街道办事处)",
    "responsibility": {"unit": "区民政局", "office": "社会救助股", "post": "股长"},
    "deadline": "制定或获取信息之日起10个工作日内",
    "process": ["采集", "审核", "保密审查", "发布", "归档"],
    "method": {"mode": ["主动"], "audience": ["全社会"], "channels": ["政府网站", "公开查阅点", "政务服务中心"]},
    "levels": ["县级", "乡级"],
    "stages": ["服务"],
    "source": {"locality": "四川大竹县", "url": "http://www.dazhu.gov.cn/xxgk-show-199777.html"},
}


def merged(base: dict, change: dict) -> dict:
    """base with change laid over it; nested tables merge, lists and values replace."""
    out = copy.deepcopy(base)
    for k, v in change.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict) and v:
            out[k] = merged(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


@pytest.fixture
def base_item() -> dict:
    return copy.deepcopy(BASE_ITEM)


@pytest.fixture
def make_workspace(tmp_path):
    """make_workspace(adopt=False) → root of a new 上街区 workspace made with `init_workspace`."""
    from gongkai.catalog.workspace import init_workspace

    counter = {"n": 0}

    def make(adopt: bool = False, level: str = "county") -> Path:
        counter["n"] += 1
        root = tmp_path / f"ws{counter['n']}"
        init_workspace(root, "410106", "上街区", level, adopt=adopt)
        return root

    return make


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Each test session gets its own result cache, never the user's."""
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "gongkai-cache"))
    monkeypatch.delenv("GONGKAI_NO_CACHE", raising=False)


@pytest.fixture
def gk(capsys, monkeypatch):
    """Run `gongkai ARGS…` in-process as the console script does; (exit code, stdout, stderr)."""
    from gongkai.cli.app import app
    from gongkai.cli.common import run_app

    monkeypatch.setenv("GONGKAI_ACTOR", "测试员")

    def run(*args):
        monkeypatch.setattr(sys, "argv", ["gongkai", *map(str, args)])
        code = 0
        try:
            run_app(app)
        except SystemExit as exc:
            code = exc.code or 0
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


@pytest.fixture(scope="session")
def browser():
    """A Playwright Browser on Debian's Chromium (tests/browser_support.py); skips when missing, fails in CI."""
    from browser_support import launched_browser

    with launched_browser() as b:
        yield b


@pytest.fixture
def live_server():
    """live_server(root) → base URL of the web workbench serving that workspace, stopped after the test."""
    from contextlib import ExitStack

    from browser_support import serving

    with ExitStack() as stack:
        yield lambda root: stack.enter_context(serving(Path(root)))


@pytest.fixture
def ws(gk, tmp_path):
    """A new 上街区 workspace made with `gongkai init` (the bundled standard adopted), as an officer starts."""
    root = tmp_path / "ws"
    assert gk("init", root, "--region", "410106", "--name", "上街区")[0] == 0
    return root
