"""Workspaces with accounts for the role tests (synthetic items and accounts, labelled so)."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from web_support import make_root

PASSWORD = "测试口令-not-real-1"
ACCOUNTS = {"wang": ("officer", None), "li": ("department", "上街区民政局"),
            "zhao": ("department", "上街区财政局"), "sun": ("assessor", None)}
DEPARTMENTS = '''
[[departments]]
name = "上街区民政局"
aliases = ["区民政局"]

[[departments]]
name = "上街区财政局"
aliases = ["区财政局"]
'''


def roles_root(tmp_path: Path, accounts: bool = True) -> Path:
    """Two drafts of 民政局 (one complete, one without 公开时限) and one of 财政局; four accounts."""
    from gongkai.catalog.users import add_user

    townships = "、各乡(镇)人民政府(街道办事处)"
    root = make_root(tmp_path, [{"body": "区民政局" + townships},
                                {"name": "救助结果", "deadline": None, "body": "区民政局" + townships},
                                {"name": "资金发放", "body": "区财政局" + townships}], name="roles-ws")
    with open(root / "gongkai.toml", "a", encoding="utf-8") as fh:
        fh.write(DEPARTMENTS)
    if accounts:
        if not _USERS:          # argon2 is slow on purpose: hash the accounts once per test run
            for name, (role, dept) in ACCOUNTS.items():
                add_user(root, name, role, PASSWORD, dept)
            _USERS.append((root / "users.toml").read_bytes())
        (root / "users.toml").write_bytes(_USERS[0])
    return root


_USERS: list[bytes] = []


def codes(root: Path) -> dict[str, str]:
    from gongkai.catalog.workspace import Workspace

    return {i.name: i.code for _, i in Workspace.load(root).items()}


def snapshot(root: Path) -> dict[str, str]:
    """Every file of the workspace by content hash (the lock file aside): what a refusal must not change."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".gongkai.lock"}


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def login(client, name: str, password: str = PASSWORD):
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"csrf": token, "name": name, "password": password}, follow_redirects=False)
