"""Applicants' personal data (个人信息), kept apart from the applications.

``requests/applicants/YYYY.toml`` holds, per applicant, the name and the contacts an agency
needs to reply (个人信息保护法 第六条: no more than the purpose needs):

    [[applicants]]
    id = "P2026-0005"           # the key the applications carry
    name = "张某"
    id_number = "…"            # 身份证件号码 / 统一社会信用代码, when the form asks for it
    phone = "…"
    email = "…"
    address = "…"

Nothing else reads these files: the register's lists, statistics, 热点, exports and the annual
report draft work from the pseudonymous ``applicant`` key only, and ``gongkai request show
--personal`` is the one command that prints them. Keep the folder out of any public copy of the
workspace (see the README's "Personal data").
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gongkai.catalog.errors import InputError, Problem, display_path
from gongkai.catalog.toml_store import LineMap, dumps, read_toml

APPLICANTS_DIR = "requests/applicants"
CONTACT_FIELDS = ("id_number", "phone", "email", "address")


class Applicant(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^P\d{4}-\d{4,}$")
    name: str = Field(min_length=1)
    id_number: Optional[str] = None
    phone: Optional[str] = None
    email: Optional[str] = None
    address: Optional[str] = None


def _same(a: Optional[str], b: Optional[str]) -> bool:
    key = lambda s: re.sub(r"[\s\-]+", "", unicodedata.normalize("NFKC", s)).lower()   # noqa: E731
    return bool(a and b) and key(a) == key(b)


@dataclass
class People:
    root: Path
    by_id: dict[str, Applicant] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)     # file name → text as read

    def get(self, pid: Optional[str]) -> Optional[Applicant]:
        return self.by_id.get(pid) if pid else None

    def find_or_add(self, year: int, name: str, **contacts: Optional[str]) -> Applicant:
        """The applicant with this name and one matching contact (id number, phone or email), or a new one."""
        norm_name = unicodedata.normalize("NFKC", name).strip()
        for p in self.by_id.values():
            if p.name == norm_name and any(_same(getattr(p, k), contacts.get(k)) for k in ("id_number", "phone", "email")):
                for k, v in contacts.items():        # fill in what the earlier application lacked
                    if v and not getattr(p, k):
                        setattr(p, k, v)
                return p
        used = [int(m[1]) for pid in self.by_id if (m := re.fullmatch(rf"P{year}-(\d+)", pid))]
        p = Applicant(id=f"P{year}-{max(used, default=0) + 1:04d}", name=norm_name,
                      **{k: v for k, v in contacts.items() if v})
        self.by_id[p.id] = p
        return p

    def pending(self) -> list[tuple[Path, bytes]]:
        by_year: dict[str, list[Applicant]] = {}
        for p in self.by_id.values():
            by_year.setdefault(f"{p.id[1:5]}.toml", []).append(p)
        out = []
        for name, people in sorted(by_year.items()):
            text = dumps({"applicants": [p.model_dump(exclude_none=True) for p in sorted(people, key=lambda p: p.id)]})
            if text != self.texts.get(name):
                out.append((self.root / APPLICANTS_DIR / name, text.encode("utf-8")))
        return out


def personal_view(people: People, app, viewer_dept: Optional[str], office: bool = False) -> Optional[Applicant]:
    """The applicant's personal data for a viewer who handles the application, else None.

    Those who handle it are the department it is assigned to (``app.dept``) and the unit's
    disclosure office (``office``: the 政务公开办 that registers and answers applications); an
    assessor, another department or a public page gets None. The web workbench asks this with the
    role of its account; the CLI's ``request show --personal`` is for whoever holds the files.
    """
    if office or (viewer_dept is not None and app.dept is not None and viewer_dept == app.dept):
        return people.get(app.applicant)
    return None


def personal_for_user(people: People, app, user) -> Optional[Applicant]:
    """``personal_view`` for a workbench account (``catalog.users.User``): the officer (the disclosure
    office) sees every applicant, a department those of the applications assigned to it, an assessor none."""
    role = getattr(user, "role", None)
    return personal_view(people, app, getattr(user, "department", None) if role == "department" else None,
                         office=role == "officer")


def load_people(root: Path) -> People:
    people = People(root)
    folder = root / APPLICANTS_DIR
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        data, text = read_toml(path)
        people.texts[path.name] = text
        lines = LineMap(text, array="applicants")
        for i, entry in enumerate(data.get("applicants", [])):
            try:
                p = Applicant.model_validate(entry)
            except ValidationError as exc:
                for err in exc.errors():
                    dotted = ".".join(map(str, err["loc"]))
                    problems.append(Problem(err["msg"], file=display_path(path), line=lines.field_line(i, dotted),
                                            field=dotted, expected="id (P2026-0001), name, id_number, phone, email, address"))
                continue
            people.by_id[p.id] = p
    if problems:
        raise InputError(problems)
    return people
