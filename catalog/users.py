"""Accounts of the web workbench: ``users.toml`` beside gongkai.toml.

Each account has a role and, for a department, the ``[[departments]]`` entry it acts for.
Passwords are kept only as argon2id hashes (argon2-cffi); there is no default password and no
way to read one back. Without users.toml the workbench is the local single-officer mode
(127.0.0.1 only); with accounts, every page needs a login.

Roles (what each may do is enforced by gongkai.web.roles):
- officer (政务公开办): everything, including approval — 审核 (approve / reject / confirm / withdraw)
  stays with the officers, as the lifecycle's guards are written for them; a unit that separates
  审核 from 编制 gives the 编制 staff department accounts;
- department (部门): bound to one department, edits and submits its own items, imports its records;
- assessor (考核组 / 第三方评估): read-only on the catalogue and records, checklists and reports.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from gongkai.catalog.errors import InputError, UsageError, display_path
from gongkai.catalog.toml_store import atomic_write, dumps, read_toml

USERS_NAME = "users.toml"
ROLES = ("officer", "department", "assessor")
ROLE_LABELS = {"officer": "政务公开办", "department": "部门", "assessor": "考核组"}
MIN_PASSWORD = 10
_NAME = re.compile(r"^[\w.\-@\u4e00-\u9fff]{2,40}$")


@dataclass(frozen=True)
class User:
    name: str
    role: str
    password_hash: str
    department: Optional[str] = None
    full_name: Optional[str] = None

    @property
    def stamp(self) -> str:
        """Changes with the password: a session signed with an older stamp no longer counts."""
        return self.password_hash[-16:]

    @property
    def label(self) -> str:
        who = self.full_name or self.name
        return f"{who}（{self.department}）" if self.department else f"{who}（{ROLE_LABELS[self.role]}）"


def users_path(root: Path) -> Path:
    return Path(root) / USERS_NAME


def has_accounts(root: Path) -> bool:
    """Whether users.toml exists with at least one account (the workbench then needs a login)."""
    return bool(load_users(root))


def load_users(root: Path) -> dict[str, User]:
    """The accounts by name; {} without users.toml. A malformed file names its line and field."""
    path = users_path(root)
    if not path.exists():
        return {}
    data, text = read_toml(path)
    shown = display_path(path)
    problems, users = [], {}
    rows = data.get("users", [])
    if not isinstance(rows, list):
        raise InputError.single("users must be an array of tables ([[users]])", file=shown, field="users")
    for index, row in enumerate(rows):
        line = _line_of_block(text, index)
        try:
            user = _user_of(row)
        except ValueError as exc:
            problems.append(_problem(str(exc), shown, line, row))
            continue
        if user.name in users:
            problems.append(_problem(f"account {user.name!r} appears twice", shown, line, row))
        users[user.name] = user
    if problems:
        raise InputError(problems)
    return users


def _problem(message, shown, line, row):
    from gongkai.catalog.errors import Problem

    name = row.get("name") if isinstance(row, dict) else None
    return Problem(message, file=shown, line=line, item=str(name) if name else None)


def _user_of(row) -> User:
    if not isinstance(row, dict):
        raise ValueError("each [[users]] entry must be a table")
    name, role, hashed = row.get("name"), row.get("role"), row.get("password_hash")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError("name: 2–40 letters, digits, Chinese characters or . - _ @")
    if role not in ROLES:
        raise ValueError(f"role {role!r} is not one of {', '.join(ROLES)}")
    if not isinstance(hashed, str) or not hashed.startswith("$argon2"):
        raise ValueError("password_hash is not an argon2 hash (set it with `gongkai user passwd`)")
    dept = row.get("department")
    if role == "department" and not (isinstance(dept, str) and dept.strip()):
        raise ValueError("a department account needs department = the name of a [[departments]] entry")
    if role != "department" and dept:
        raise ValueError(f"department is only for role department, not {role}")
    return User(name, role, hashed, dept or None, row.get("full_name") or None)


def _line_of_block(text: str, index: int) -> Optional[int]:
    starts = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[users]]"]
    return starts[index] if index < len(starts) else None


def save_users(root: Path, users: dict[str, User]) -> None:
    """Write users.toml atomically (accounts sorted by name), under the workspace lock."""
    rows = [{k: v for k, v in (("name", u.name), ("role", u.role), ("department", u.department),
                                ("full_name", u.full_name), ("password_hash", u.password_hash)) if v}
            for u in sorted(users.values(), key=lambda u: u.name)]
    header = "# gongkai accounts: argon2 hashes only. Change with `gongkai user add|passwd|rm`.\n"
    atomic_write(users_path(root), header + (dumps({"users": rows}) if rows else ""))


# -- passwords ---------------------------------------------------------------------------------
def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    check_password(password)
    return _hasher().hash(password)


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"密码至少 {MIN_PASSWORD} 个字符 (a password needs at least {MIN_PASSWORD} characters)")
    if len(set(password)) < 4:
        raise UsageError("密码过于简单 (the password repeats too few characters)")


_DUMMY: list[str] = []


def verify(users: dict[str, User], name: str, password: str) -> Optional[User]:
    """The account when name and password match, else None; an unknown name costs the same time."""
    from argon2.exceptions import Argon2Error, InvalidHashError

    user = users.get(unicodedata.normalize("NFKC", name or "").strip())
    if user is None:
        if not _DUMMY:
            _DUMMY.append(_hasher().hash("not a password of anyone"))
        target = _DUMMY[0]
    else:
        target = user.password_hash
    try:
        ok = _hasher().verify(target, password or "")
    except (Argon2Error, InvalidHashError):
        ok = False
    return user if ok and user is not None else None


# -- changes (the CLI's user commands) -----------------------------------------------------------
def resolve_department(root: Path, name: str) -> str:
    """The [[departments]] entry a department account is bound to: its name, given by name or alias."""
    from gongkai.catalog.workspace import load_config

    wanted = unicodedata.normalize("NFKC", name).strip()
    deps = load_config(root).departments
    for d in deps:
        if wanted == d.name or wanted in d.aliases:
            return d.name
    listed = "、".join(d.name for d in deps) or "none: gongkai.toml has no [[departments]]"
    raise UsageError(f"--dept {name!r} is not a [[departments]] entry of gongkai.toml (known: {listed}); "
                     "add it there first")


def add_user(root: Path, name: str, role: str, password: str, department: Optional[str] = None,
             full_name: Optional[str] = None) -> User:
    from gongkai.catalog.lock import workspace_lock

    name = unicodedata.normalize("NFKC", name).strip()
    if role not in ROLES:
        raise UsageError(f"--role {role!r} is not one of {', '.join(ROLES)}")
    if role == "department" and not department:
        raise UsageError("a department account needs --dept NAME (a [[departments]] entry of gongkai.toml)")
    if role != "department" and department:
        raise UsageError(f"--dept is only for --role department, not {role}")
    if not _NAME.match(name):
        raise UsageError(f"account name {name!r}: 2–40 letters, digits, Chinese characters or . - _ @")
    dept = resolve_department(root, department) if department else None
    hashed = hash_password(password)
    with workspace_lock(root):
        users = load_users(root)
        if name in users:
            raise UsageError(f"account {name!r} exists already; change its password with `gongkai user passwd {name}`")
        users[name] = User(name, role, hashed, dept, full_name or None)
        save_users(root, users)
    return users[name]


def set_password(root: Path, name: str, password: str) -> User:
    from gongkai.catalog.lock import workspace_lock

    hashed = hash_password(password)
    with workspace_lock(root):
        users = load_users(root)
        old = _known(users, name)
        users[old.name] = User(old.name, old.role, hashed, old.department, old.full_name)
        save_users(root, users)
    return users[old.name]


def remove_user(root: Path, name: str) -> User:
    from gongkai.catalog.lock import workspace_lock

    with workspace_lock(root):
        users = load_users(root)
        old = _known(users, name)
        del users[old.name]
        save_users(root, users)
    return old


def _known(users: dict[str, User], name: str) -> User:
    user = users.get(unicodedata.normalize("NFKC", name).strip())
    if user is None:
        raise UsageError(f"no account {name!r} (accounts: {', '.join(sorted(users)) or 'none'})")
    return user
