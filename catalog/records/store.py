"""Disclosure records (公开记录): what a department actually published, from its website's CMS.

One record says: this item (code) had information formed or changed on ``formed_on`` and
published on ``published_on`` (blank: not yet), on these channels, at this URL, with these
elements. Records are read from CSV, XLSX or TOML (``gongkai.catalog.records.reader``) and kept in the
workspace's ``records/`` folder as canonical TOML, one file per import:

    [source]
    file = "民政局-2026Q1.xlsx"      # the file imported
    dept = "上街区民政局"            # the department the records belong to (optional)
    imported_on = 2026-04-02
    records = 12

    [[records]]
    code = "410106-19-02-002"
    title = "上街区最低生活保障办事指南"
    formed_on = 2026-03-02
    published_on = 2026-03-10
    channels = ["政府网站"]
    url = "http://…"
    elements = ["办理事项", "办理条件"]
    row = 2                          # row in the imported file, for messages

CSV and XLSX files placed in ``records/`` by hand are read as they are. Records are checked
against the catalogue by the REC rules (``gongkai.rules.records.rules``), not here: this module only
refuses rows whose form is wrong (no code, a date that is not a date).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Optional


from gongkai.catalog.errors import InputError, Problem, UsageError, display_path
from gongkai.catalog.lock import workspace_lock
from gongkai.catalog.records.reader import read_record_file
from gongkai.catalog.records.model import Record, RecordFile, RecordSource
from gongkai.catalog.toml_store import atomic_write, dumps
from gongkai.catalog import clock

RECORDS_DIR = "records"
READABLE = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".toml")


def render_records(source: RecordSource, records: list[Record]) -> str:
    """Canonical TOML of one record file (records in the order imported)."""
    data = {
        "source": source.model_dump(mode="python", exclude_none=True),
        "records": [r.model_dump(mode="python", exclude_none=True) for r in records],
    }
    return dumps(data)


def load_records(root: Path) -> list[RecordFile]:
    """Every record file of the workspace; every problem in every file is reported at once."""
    folder = root / RECORDS_DIR
    if not folder.is_dir():
        return []
    files: list[RecordFile] = []
    problems: list[Problem] = []
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in READABLE and not p.name.startswith((".", "~$"))):
        try:
            files.append(read_record_file(path))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return files


def target_name(source: Path, dept: Optional[str]) -> str:
    """The file name in ``records/`` for an import: department and source stem, safe for any file system."""
    stem = source.stem
    name = f"{dept}-{stem}" if dept and not stem.startswith(dept) else stem
    name = re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("._") or "records"
    return f"{name}.toml"


@dataclass
class ImportResult:
    path: Path
    records: list[Record]
    replaced: Optional[int]     # records the file held before, when an earlier import was replaced
    written: bool
    in_place: bool = False      # the file already lives in records/ and was only checked
    warnings: list[Problem] = field(default_factory=list)   # rows kept, but worth a look (dates)


# The 条例 (国务院令第492号) took effect on 2008-05-01: a disclosure formed before it is almost always
# a typing slip (1900 is Excel's day zero), and one published after the import day has not happened.
EARLIEST_PLAUSIBLE = date(2008, 5, 1)


def _key(record: Record) -> tuple:
    """What makes two records the same disclosure (the row number and the file do not)."""
    return (record.code, record.formed_on, record.published_on, record.url or "", record.title or "")


def implausible_dates(records: list[Record], lines: list[Optional[int]], shown: str, today: date) -> list[Problem]:
    problems = []
    for index, record in enumerate(records):
        line = lines[index] if index < len(lines) else record.row
        for name, value in (("formed_on", record.formed_on), ("published_on", record.published_on)):
            if value is not None and value < EARLIEST_PLAUSIBLE:
                problems.append(Problem(f"{name} {value} is before the 条例 took effect (2008-05-01); a typing "
                                        "slip? (1900 is what Excel shows for an empty date)", file=shown, line=line,
                                        item=record.code, field=name))
        if record.published_on is not None and record.published_on > today:
            problems.append(Problem(f"published_on {record.published_on} is after today ({today}): a disclosure "
                                    "cannot have been published yet; check the date", file=shown, line=line,
                                    item=record.code, field="published_on"))
    return problems


def _already_imported(root: Path, target: Path, records: list[Record], shown: str) -> None:
    """Refuse records that another file in records/ already holds: they would be counted twice."""
    ours = {_key(r): r for r in records}
    for other in load_records(root):
        if other.path.resolve() == target.resolve():
            continue        # the earlier import of this same file, which this one replaces
        same = [r for r in other.records if _key(r) in ours]
        if not same:
            continue
        whole = len(same) == len(records)
        name = f"{RECORDS_DIR}/{other.path.name}"
        rows = ", ".join(str(ours[_key(r)].row) for r in same[:8] if ours[_key(r)].row) or "?"
        raise InputError.single(
            (f"this file was already imported as {name} (all {len(records)} records are the same)"
             if whole else f"{len(same)} of its {len(records)} records are already in {name} (rows {rows})")
            + "; importing it again would count those disclosures twice in comply and records check",
            file=shown, expected="a file not imported yet; to replace the earlier import, import it under its "
            f"earlier name, or delete {name} first")


def import_records(root: Path, source: Path, dept: Optional[str] = None,
                   departments: Optional[list] = None, today: Optional[date] = None) -> ImportResult:
    """Validate ``source`` completely, then store it in ``records/`` atomically under the workspace lock.

    Nothing is written when any row is bad. Importing a file again (same department and name)
    replaces the earlier import of it.
    """
    if not source.is_file():
        raise UsageError(f"{display_path(source)}: no such file")
    if source.suffix.lower() not in READABLE:
        raise UsageError(f"{display_path(source)}: cannot read {source.suffix or 'a file without extension'}; "
                         "expected a .csv, .xlsx or .toml export")
    folder = (root / RECORDS_DIR).resolve()
    loaded = read_record_file(source, dept=dept, departments=departments)
    if source.resolve().parent == folder:
        return ImportResult(source, loaded.records, None, False, in_place=True)
    chosen_dept = dept or loaded.source.dept
    target = root / RECORDS_DIR / target_name(source, chosen_dept)
    meta = RecordSource(file=source.name, dept=chosen_dept, imported_on=today or clock.today(),
                        records=len(loaded.records))
    text = render_records(meta, loaded.records)
    warnings = implausible_dates(loaded.records, loaded.lines, display_path(source), meta.imported_on)
    with workspace_lock(root):
        _already_imported(root, target, loaded.records, display_path(source))
        replaced = None
        if target.exists():
            try:
                replaced = len(read_record_file(target).records)
            except InputError:
                replaced = 0
        written = atomic_write(target, text)
    return ImportResult(target, loaded.records, replaced, written, warnings=warnings)
