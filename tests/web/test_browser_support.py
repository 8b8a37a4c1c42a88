"""The browser fixture's rule: a missing browser skips locally and fails in CI (GONGKAI_CI=1)."""
from __future__ import annotations

import pytest

import browser_support


def test_a_missing_chromium_skips_outside_ci(monkeypatch):
    monkeypatch.delenv("GONGKAI_CI", raising=False)
    monkeypatch.setattr(browser_support, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setattr(browser_support.shutil, "which", lambda name: None)
    with pytest.raises(pytest.skip.Exception, match="no Chromium"):
        with browser_support.launched_browser():
            pass


def test_a_missing_chromium_fails_in_ci(monkeypatch):
    monkeypatch.setenv("GONGKAI_CI", "1")
    monkeypatch.setattr(browser_support, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setattr(browser_support.shutil, "which", lambda name: None)
    with pytest.raises(pytest.fail.Exception, match="GONGKAI_CI=1"):
        with browser_support.launched_browser():
            pass
