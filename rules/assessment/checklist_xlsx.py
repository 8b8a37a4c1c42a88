"""The checklist as the XLSX an assessor fills in, and reading it back.

Sheet "检查表": a title line, the header (row 2, frozen with the code columns), then one block of
lines per item. The result column offers 符合 / 不符合 / 不适用 (data validation), the date column
takes dates; the identifying columns are locked (sheet protection without a password — it guards
against slips, not against intent). A very hidden sheet "_gongkai" keeps the manifest: every
line's row, kind, code, text and mark, and a SHA-256 over them. Reading back compares the visible
sheet with the manifest cell by cell, so a changed code, a deleted, inserted or moved row, or an
edited manifest is refused with the row numbers concerned.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Optional

from gongkai.catalog.codes import parse_code
from gongkai.catalog.errors import InputError, Problem, display_path
from gongkai.catalog.tables.text import unneutralise
from gongkai.rules.assessment.checklist import FORMAT, KIND_LABELS, KINDS_BY_LABEL, RESULTS, Checklist, CheckLine, manifest_digest

SHEET = "检查表"
MANIFEST = "_gongkai"
TITLE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
COLUMNS = (  # header, width
    ("序号 No.", 6), ("类型 kind", 7), ("事项编码 code", 19), ("领域 domain", 11), ("检查内容 what to check", 42),
    ("必需 req.", 6), ("公开主体 body", 22), ("公开渠道 channels", 22), ("公开时限 deadline", 24),
    ("查看位置 where to look", 32), ("结果 result", 10), ("证据链接 evidence URL", 32), ("查看日期 date seen", 13),
    ("备注 note", 24),
)
HEADERS = tuple(h for h, _ in COLUMNS)
COL_KIND, COL_CODE, COL_CHECK, COL_MARK = 2, 3, 5, 6          # the identifying columns (1-based)
COL_RESULT, COL_URL, COL_SEEN, COL_NOTE = 11, 12, 13, 14      # what the assessor fills in
FIXED_COLUMNS = (COL_KIND, COL_CODE, COL_CHECK, COL_MARK)
MAX_LAYOUT_PROBLEMS = 30

# The result column's one vocabulary (README "gongkai checklist"): the three words, and what assessors
# commonly type for them (a pasted value escapes the validation list). Read after NFKC, without spaces
# and case-blind; anything else is refused with its cell, never guessed (部分符合 is not 符合).
RESULT_WORDS = {
    "符合": ("符合", "合格", "是", "已公开", "√", "✓", "✔", "yes", "y", "pass", "ok"),
    "不符合": ("不符合", "不合格", "否", "未公开", "×", "✗", "✘", "x", "no", "n", "fail"),
    "不适用": ("不适用", "不涉及", "无此项", "n/a", "na"),
}
RESULT_SYNONYMS = {word: result for result, words in RESULT_WORDS.items() for word in words}
RESULT_EXPECTED = "; ".join(f"{r} (or {' '.join(w[1:])})" for r, w in RESULT_WORDS.items())


def result_word(raw: str) -> Optional[str]:
    """符合 / 不符合 / 不适用 for a typed result, or None when it is not in the vocabulary."""
    import unicodedata

    key = "".join(unicodedata.normalize("NFKC", raw).split()).lower()
    return RESULT_SYNONYMS.get(key)


# -- writing --------------------------------------------------------------------------------
def write_checklist_xlsx(cl: Checklist, path: Path) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from gongkai.rules.formats.xlsx_sheets import new_book, print_a4, save_book, style_header, text_cell

    book = new_book()
    ws = book.create_sheet(SHEET)
    last_col = get_column_letter(len(COLUMNS))
    ws.cell(TITLE_ROW, 1, text_cell(cl.title())).font = Font(bold=True, size=13)
    ws.merge_cells(f"A{TITLE_ROW}:{last_col}{TITLE_ROW}")
    for col, header in enumerate(HEADERS, 1):
        ws.cell(HEADER_ROW, col, header)
    style_header(ws, HEADER_ROW, len(COLUMNS))

    item_fill = PatternFill("solid", fgColor="F2F2F2")
    thin = Side(style="thin", color="BFBFBF")
    wrap = Alignment(wrap_text=True, vertical="top")
    unlocked = Protection(locked=False)
    for offset, line in enumerate(cl.lines):
        row = FIRST_ROW + offset
        values = [line.number, KIND_LABELS[line.kind], line.code, line.domain_name or None,
                  line.check, line.mark or None, line.body or None, line.channels or None, line.deadline or None,
                  line.where or None]
        for col, value in enumerate(values, 1):
            cell = ws.cell(row, col, text_cell(value))
            cell.alignment = wrap
        if line.kind == "item":
            for col in range(1, len(COLUMNS) + 1):
                ws.cell(row, col).fill = item_fill
                ws.cell(row, col).border = Border(top=thin)
            ws.cell(row, COL_CHECK).font = Font(bold=True)
        else:
            ws.cell(row, COL_CHECK).alignment = Alignment(wrap_text=True, vertical="top", indent=1)
        for col in (COL_RESULT, COL_URL, COL_SEEN, COL_NOTE):
            ws.cell(row, col).protection = unlocked
        ws.cell(row, COL_SEEN).number_format = "yyyy-mm-dd"
    last_row = FIRST_ROW + len(cl.lines) - 1

    result_col = get_column_letter(COL_RESULT)
    seen_col = get_column_letter(COL_SEEN)
    dv = DataValidation(type="list", formula1='"' + ",".join(RESULTS) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle="结果 result", error="请选择 符合、不符合 或 不适用",
                        promptTitle="结果 result", prompt="符合 / 不符合 / 不适用；要素、时限、渠道行符合时可留空")
    dv.add(f"{result_col}{FIRST_ROW}:{result_col}{last_row}")
    ws.add_data_validation(dv)
    dates = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                           showErrorMessage=True, errorTitle="查看日期 date seen", error="请输入日期，例如 2026-03-05")
    dates.add(f"{seen_col}{FIRST_ROW}:{seen_col}{last_row}")
    ws.add_data_validation(dates)

    for col, (_, width) in enumerate(COLUMNS, 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(FIRST_ROW, COL_CHECK).coordinate   # header rows and 序号/类型/编码/领域 stay in view
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{last_row}"
    print_a4(ws, HEADER_ROW)
    ws.protection.sheet = True
    ws.protection.formatColumns = False   # False = allowed while protected
    ws.protection.formatRows = False
    ws.protection.autoFilter = False

    _write_manifest(book, cl)
    save_book(book, path)


def _write_manifest(book, cl: Checklist) -> None:
    """The manifest, its text neutralised like the sheet's; the digest is over the text itself."""
    from gongkai.rules.formats.xlsx_sheets import text_cell

    m = book.create_sheet(MANIFEST)
    m.sheet_state = "veryHidden"
    meta = cl.meta()
    for key, value in meta.items():
        m.append([key, text_cell(str(value))])
    m.append(["digest", cl.digest()])
    m.append(["lines", len(cl.lines)])
    for offset, line in enumerate(cl.lines):
        m.append([FIRST_ROW + offset, *(text_cell(c) for c in line.fixed())])


# -- reading --------------------------------------------------------------------------------
@dataclass
class FilledLine:
    line: CheckLine
    row: int
    result: Optional[str]          # 符合 / 不符合 / 不适用, None when left blank
    url: Optional[str] = None
    seen: Optional[date] = None
    note: Optional[str] = None


@dataclass
class FilledChecklist:
    path: Path
    meta: dict
    lines: list[FilledLine]

    @property
    def dept(self) -> str:
        return self.meta.get("dept") or self.meta.get("unit") or ""


def read_filled_checklist(path: Path) -> FilledChecklist:
    """A filled checklist, refused (with row numbers) when its codes or layout were changed."""
    from gongkai.catalog.tables.workbooks import open_workbook

    shown = display_path(path)
    book = open_workbook(path, shown, "a checklist written by `gongkai checklist --format xlsx`", data_only=True)
    if MANIFEST in book.sheetnames and SHEET not in book.sheetnames:
        others = [n for n in book.sheetnames if n != MANIFEST]
        named = f"renamed {others[0]!r}" if len(others) == 1 else f"renamed or deleted (sheets now: {', '.join(others)})"
        raise InputError.single(f"the checklist sheet {SHEET!r} was {named}", file=shown,
                                expected=f"the sheet named {SHEET!r} as `gongkai checklist` wrote it: rename it back")
    if MANIFEST not in book.sheetnames or SHEET not in book.sheetnames:
        raise InputError.single(f"not a gongkai checklist (no {SHEET!r} and {MANIFEST!r} sheets)", file=shown,
                                expected="a checklist written by `gongkai checklist --format xlsx`")
    meta, fixed = _read_manifest(book[MANIFEST], shown)
    sheet = book[SHEET]
    problems = _layout_problems(sheet, fixed, shown)
    if problems:
        raise InputError(problems)
    lines, problems = _read_answers(sheet, fixed, shown)
    if problems:
        raise InputError(problems)
    return FilledChecklist(path, meta, lines)


def _read_manifest(m, shown: str) -> tuple[dict, list[tuple[int, list[str]]]]:
    rows = [list(r) for r in m.iter_rows(values_only=True)]
    meta: dict = {}
    i = 0
    while i < len(rows) and rows[i][0] not in ("digest",):
        meta[str(rows[i][0])] = "" if rows[i][1] is None else unneutralise(str(rows[i][1]))
        i += 1
    broken = InputError.single("the checklist's hidden manifest sheet is damaged", file=shown,
                               expected="a checklist written by `gongkai checklist --format xlsx`, unchanged")
    if meta.get("format") != FORMAT or i + 1 >= len(rows) or rows[i + 1][0] != "lines":
        raise broken
    digest = str(rows[i][1])
    count = int(rows[i + 1][1])
    fixed = []
    for r in rows[i + 2:i + 2 + count]:
        fixed.append((int(r[0]), ["" if c is None else unneutralise(str(c)) for c in r[1:5]]))
    if len(fixed) != count or manifest_digest(meta, [f for _, f in fixed]) != digest:
        raise InputError.single("the checklist's hidden manifest was changed (its fingerprint does not match)",
                                file=shown, expected="the manifest as `gongkai checklist` wrote it; draw a new checklist")
    return meta, fixed


def _cell_text(value) -> str:
    """A cell as text, with the writer's formula guard ("'=…") taken off again."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unneutralise(str(value).strip())


def _layout_problems(sheet, fixed, shown: str) -> list[Problem]:
    from openpyxl.utils import get_column_letter

    problems: list[Problem] = []
    for col, header in enumerate(HEADERS, 1):
        found = _cell_text(sheet.cell(HEADER_ROW, col).value)
        if found != header:
            problems.append(Problem(f"column {get_column_letter(col)} is headed {found!r}, expected {header!r}",
                                    file=f"{shown} row {HEADER_ROW}", expected="the header as written (columns not "
                                    "inserted, deleted or moved)"))
    extra = _cell_text(sheet.cell(HEADER_ROW, len(HEADERS) + 1).value)
    if extra:
        problems.append(Problem(f"an extra column {get_column_letter(len(HEADERS) + 1)} {extra!r}",
                                file=f"{shown} row {HEADER_ROW}", expected="no columns added"))
    if problems:
        return problems
    names = ("类型", "事项编码", "检查内容", "必需")
    visible = {row: [_cell_text(sheet.cell(row, col).value) for col in FIXED_COLUMNS]
               for row in range(FIRST_ROW, max(sheet.max_row, fixed[-1][0] if fixed else 0) + 1)}
    for index, (row, want) in enumerate(fixed):
        got = visible.get(row, ["", "", "", ""])
        if got == want:
            continue
        shift = _shift(visible, fixed, index)
        if shift:
            n = abs(shift)
            if shift < 0:
                what = f"{n} row{'s' if n > 1 else ''} deleted here (first: {' '.join(x for x in want if x)})"
            else:
                what = f"{n} row{'s' if n > 1 else ''} inserted here ({_inserted(sheet, row, n)})"
            problems.append(Problem(f"{what}; the rows below moved {'up' if shift < 0 else 'down'}",
                                    file=f"{shown} row {row}", item=want[1] or None,
                                    expected="the lines as drawn — restore the row(s) or draw a new checklist"))
            return problems
        diffs = [f"{names[i]} {got[i]!r} (expected {want[i]!r})" for i in range(4) if got[i] != want[i]]
        message = ("the line is gone (row deleted or cleared): " + " ".join(x for x in want if x) if not any(got)
                   else "changed: " + "; ".join(diffs))
        problems.append(Problem(message, file=f"{shown} row {row}", item=want[1] or None,
                                expected="the line as drawn — rows not inserted, deleted, moved or sorted"))
    last = fixed[-1][0] if fixed else FIRST_ROW - 1
    for row in range(last + 1, sheet.max_row + 1):
        got = [_cell_text(sheet.cell(row, col).value) for col in FIXED_COLUMNS]
        if any(got):
            problems.append(Problem(f"a line the checklist did not have: {' '.join(g for g in got if g)}",
                                    file=f"{shown} row {row}", expected="no lines added below the checklist"))
    if len(problems) > MAX_LAYOUT_PROBLEMS:
        rest = len(problems) - MAX_LAYOUT_PROBLEMS
        problems = problems[:MAX_LAYOUT_PROBLEMS] + [Problem(f"… and {rest} more rows differ", file=shown)]
    return problems


def _inserted(sheet, row: int, n: int) -> str:
    """The rows inserted at ``row``, by number, and what the first of them holds: its identifying
    cells when it has any (a line copied in), else whatever else was typed in it, else "blank"."""
    cells = [_cell_text(sheet.cell(row, col).value) for col in range(1, len(HEADERS) + 1)]
    shown = [cells[col - 1] for col in FIXED_COLUMNS if cells[col - 1]] or [c for c in cells if c]
    text = " ".join(shown)
    if len(text) > 60:
        text = text[:59] + "…"
    if n == 1:
        return f"row {row}: {text or 'blank'}"
    return f"rows {row}–{row + n - 1}; first: {text or 'blank'}"


def _shift(visible: dict, fixed: list, index: int, most: int = 5) -> int:
    """Rows deleted (negative) or inserted (positive) at ``fixed[index]``, when the rest of the sheet
    matches the manifest moved by that many rows; 0 when it does not."""
    for n in range(1, most + 1):
        for shift in (-n, n):
            rest = fixed[index:] if shift > 0 else fixed[index + n:]
            if rest and all(visible.get(row + shift, ["", "", "", ""]) == want for row, want in rest):
                return shift
    return 0


def _read_answers(sheet, fixed, shown: str) -> tuple[list[FilledLine], list[Problem]]:
    from gongkai.catalog.records.cells import DATE_EXPECTED, parse_date

    lines: list[FilledLine] = []
    problems: list[Problem] = []
    for row, (kind_label, code, check, mark) in fixed:
        parsed = parse_code(code)
        line = CheckLine(KINDS_BY_LABEL.get(kind_label, "item"), code, parsed.domain if parsed else "", check,
                         required=None if not mark else mark == "●")
        raw = _cell_text(sheet.cell(row, COL_RESULT).value)
        result = None
        if raw:
            result = result_word(raw)
            if result is None:
                problems.append(Problem(f"cell K{row}: result {raw!r} is not one of {', '.join(RESULTS)}",
                                        file=f"{shown} row {row}", item=code, field="结果 result (column K)",
                                        expected=RESULT_EXPECTED))
        elif line.kind == "item":
            problems.append(Problem("no result for the item", file=f"{shown} row {row}", item=code,
                                    field="结果 result (column K)",
                                    expected="符合, 不符合 or 不适用 on every 事项 line (the lines below may stay blank when fine)"))
        seen_raw = sheet.cell(row, COL_SEEN).value
        seen, reason = parse_date(seen_raw.date() if isinstance(seen_raw, datetime) else seen_raw)
        if reason:
            problems.append(Problem(reason, file=f"{shown} row {row}", item=code, field="查看日期 date seen (column M)",
                                    expected=DATE_EXPECTED))
        lines.append(FilledLine(line, row, result, _cell_text(sheet.cell(row, COL_URL).value) or None, seen,
                                _cell_text(sheet.cell(row, COL_NOTE).value) or None))
    return lines, problems


def workspace_problems(cl: FilledChecklist, ws) -> list[Problem]:
    """A filled checklist against the workspace it claims to come from: same region, codes still there."""
    shown = display_path(cl.path)
    if cl.meta.get("region") and cl.meta["region"] != ws.region:
        return [Problem(f"drawn for region {cl.meta['region']} ({cl.meta.get('unit')}), but this workspace is "
                        f"{ws.region} ({ws.config.unit.name})", file=shown,
                        expected="the workspace the checklist was drawn from (-w DIR)")]
    codes = {item.code for _, item in ws.items()}
    return [Problem(f"code {fl.line.code} is not in the workspace", file=f"{shown} row {fl.row}", item=fl.line.code,
                    expected="a code of the workspace's catalogue")
            for fl in cl.lines if fl.line.kind == "item" and fl.line.code not in codes]
