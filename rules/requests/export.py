"""The register as a workbook officers edit in Excel: the columns ``request import`` reads, no personal data.

One row per application; each event kind in its own columns (the last event of the kind when
there are several). Edited and imported back with ``request import FILE --update``, it changes
what was edited; an application with two events of one kind (two consultations) keeps only the
last of them, so those are listed on the sheet 说明.
"""
from __future__ import annotations

from datetime import date
from typing import Optional

from gongkai.catalog.requests.reader import COLUMNS
from gongkai.catalog.requests.statutory import clock

# (field, header): the first Chinese spelling ``read_register`` knows for each field
_FIELDS = ("number", "received_on", "channel", "applicant_type", "applicant", "subject", "dept", "items", "topics",
           "supplement.on", "supplement.received_on", "consultation.on", "consultation.party",
           "consultation.answered_on", "extension.on", "extension.days", "extension.approved_by", "reply.on",
           "reply.outcome", "reply.fee", "review.on", "review.result", "review.decided_on", "litigation.on",
           "litigation.result", "litigation.decided_on", "litigation.after_review", "note")
HEADERS = [next(v for v in COLUMNS[f] if not v.isascii()) for f in _FIELDS]
COMPUTED = ["答复期限", "状态"]            # not read back: the clock is computed


def _value(app, f: str):
    if "." not in f:
        v = getattr(app, f)
        return "、".join(v) if isinstance(v, list) else v
    kind, key = f.split(".")
    events = app.of_kind(kind)
    if not events:
        return None
    v = getattr(events[-1], key)
    if key == "after_review":
        return "是" if v else None
    return v


def rows(apps, cal, as_of: date) -> tuple[list[list], list[str]]:
    out, repeated = [], []
    for a in apps:
        c = clock(a, cal, as_of)
        out.append([_value(a, f) for f in _FIELDS] + [c.deadline, c.label])
        kinds = [e.kind for e in a.events]
        if len(kinds) != len(set(kinds)):
            repeated.append(a.number)
    return out, repeated


def write_xlsx(apps, cal, as_of: date, path, title: Optional[str] = None) -> list[str]:
    """Write the workbook; returns the numbers of applications with repeated event kinds."""
    from gongkai.rules.formats.xlsx_sheets import new_book, save_book, table_sheet

    body, repeated = rows(apps, cal, as_of)
    book = new_book()
    ws = table_sheet(book, "登记台账 register", [*HEADERS, *COMPUTED], body, wrap=(HEADERS.index("申请内容") + 1,))
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    notes = table_sheet(book, "说明", ["说明"], [
        [title or "依申请公开登记台账"],
        [f"答复期限、状态 as of {as_of}: computed, not read back by `gongkai request import`"],
        ["申请人姓名、联系方式 are personal data and not in this workbook (requests/applicants/)"],
        *([[f"{n}: several events of one kind; this sheet shows the last of each"] for n in repeated]),
    ])
    notes.column_dimensions["A"].width = 90
    save_book(book, path)
    return repeated
