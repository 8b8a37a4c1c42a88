"""Importing a register file into the workspace: all rows or none, under the workspace lock."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from gongkai.catalog.errors import InputError, Problem, display_path
from gongkai.catalog.requests.reader import read_register
from gongkai.catalog.requests.store import register_transaction


@dataclass
class ImportResult:
    added: list[str]
    updated: list[str]
    people: int          # applicants new to the personal-data file


def import_register(root: Path, path: Path, update: bool = False, departments: Optional[list] = None,
                    force: bool = False) -> ImportResult:
    """Add the applications of ``path``; a number already in the register is an error unless ``update``."""
    from gongkai.catalog.records.reader import canonical_dept

    rows = read_register(path)
    shown = display_path(path)
    added, updated = [], []
    with register_transaction(root, force=force) as (reg, people):
        before = len(people.by_id)
        known = {a.number for a in reg.applications()}
        clashes = [r for r in rows if r.app.number in known] if not update else []
        if clashes:
            problems = []
            for r in clashes:
                file, line = reg.where(r.app.number)
                problems.append(Problem(f"application number {r.app.number} is already in the register ({file}:{line})",
                                        file=f"{shown} row {r.row}", item=r.app.number, field="申请编号",
                                        expected="a new number, or --update to replace the stored application"))
            raise InputError(problems)
        for r in rows:
            app = r.app
            if app.dept:
                app.dept = canonical_dept(app.dept, departments)
            if r.personal.get("name"):
                app.applicant = people.find_or_add(app.received_on.year, **r.personal).id
            if app.number in known:
                old = reg.replace(app)
                app.applicant = app.applicant or old.applicant
                updated.append(app.number)
            else:
                reg.add(app)
                added.append(app.number)
        return_people = len(people.by_id) - before
    return ImportResult(added, updated, return_people)
