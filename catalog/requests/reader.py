"""Reading a department's 依申请公开 register from CSV or XLSX, with the column names departments use.

One row is one application: its receipt, applicant, what it asks, and the dates of its events
(补正, 征求意见, 延期, 答复 with its 处理结果, 复议, 诉讼). A file with any bad row is refused whole,
each bad row named by file, row and column; nothing is imported from it. Names and contacts go
to the personal-data file (``gongkai.catalog.requests.people``), never into the applications.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Optional

from pydantic import ValidationError

from gongkai.catalog.errors import InputError, Problem, UsageError, display_path
from gongkai.catalog.records.cells import DATE_EXPECTED, header_key, is_blank, parse_date
from gongkai.catalog.requests import vocab
from gongkai.catalog.requests.model import Application
from gongkai.catalog.requests.store import validation_problem

# field → header spellings (compared after ``header_key``); event fields are "kind.field"
COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("number", "申请编号", "编号", "受理编号", "登记编号", "申请号", "序号"),
    "received_on": ("received_on", "收到日期", "收到申请日期", "受理日期", "申请日期", "接收日期", "登记日期", "收到时间"),
    "channel": ("channel", "申请方式", "申请渠道", "提交方式", "收到方式", "渠道"),
    "applicant_type": ("applicant_type", "申请人类型", "申请人类别", "申请人情况", "申请主体类型"),
    "name": ("name", "申请人", "申请人姓名", "申请人名称", "申请人姓名或名称", "姓名/名称", "姓名"),
    "id_number": ("id_number", "证件号码", "身份证号", "身份证号码", "统一社会信用代码"),
    "phone": ("phone", "联系电话", "电话", "手机", "手机号码"),
    "email": ("email", "电子邮箱", "邮箱"),
    "address": ("address", "通讯地址", "联系地址", "地址", "邮寄地址"),
    "subject": ("subject", "申请内容", "申请公开的政府信息", "所需信息", "所需政府信息", "内容描述", "申请事项"),
    "dept": ("dept", "承办部门", "办理部门", "承办单位", "部门", "承办机关"),
    "items": ("items", "涉及事项", "事项编码", "目录事项", "相关事项"),
    "topics": ("topics", "热点", "主题", "分类", "申请事项分类", "信息类别"),
    "supplement.on": ("补正告知日期", "补正通知日期", "告知补正日期", "补正日期"),
    "supplement.received_on": ("补正收到日期", "收到补正日期", "补正后收到日期", "补正材料收到日期"),
    "consultation.on": ("征求意见日期", "征求第三方意见日期", "征求意见书发出日期"),
    "consultation.party": ("征求意见对象", "第三方"),
    "consultation.answered_on": ("意见回复日期", "第三方答复日期", "第三方意见收到日期"),
    "extension.on": ("延期日期", "延期告知日期", "延期答复告知日期"),
    "extension.days": ("延期天数", "延长工作日", "延长天数", "延期工作日"),
    "extension.approved_by": ("延期审批人", "延期批准人", "批准延期"),
    "reply.on": ("答复日期", "办结日期", "答复时间", "办结时间"),
    "reply.outcome": ("处理结果", "答复结果", "办理结果", "答复类型", "答复情况"),
    "reply.fee": ("收费金额", "信息处理费", "收费"),
    "review.on": ("行政复议日期", "复议申请日期", "申请复议日期"),
    "review.result": ("复议结果", "行政复议结果"),
    "review.decided_on": ("复议决定日期", "复议审结日期"),
    "litigation.on": ("行政诉讼日期", "起诉日期", "诉讼日期"),
    "litigation.result": ("诉讼结果", "行政诉讼结果", "判决结果"),
    "litigation.decided_on": ("判决日期", "诉讼审结日期", "裁判日期"),
    "litigation.after_review": ("复议后起诉", "是否复议后起诉", "经复议"),
    "note": ("note", "备注"),
    "applicant": ("applicant", "申请人编号"),        # the pseudonymous key (an exported register carries it)
}
_BY_KEY = {header_key(v): f for f, variants in COLUMNS.items() for v in variants}
PERSONAL = ("name", "id_number", "phone", "email", "address")
_REQUIRED = ("number", "received_on", "channel", "applicant_type", "subject")
_HEADER_SEARCH_ROWS = 10
MAX_PROBLEMS = 200
_EVENT_ORDER = ("supplement", "consultation", "extension", "reply", "review", "litigation")


@dataclass
class Row:
    app: Application
    personal: dict[str, str]           # name and contacts, for the personal-data file
    row: int


def read_register(path: Path) -> list[Row]:
    """The applications of a CSV/XLSX register; an InputError naming every bad row when any is bad."""
    from gongkai.catalog.records.reader import _csv_rows, _xlsx_rows

    if not path.is_file():
        raise UsageError(f"{display_path(path)}: no such file")
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".tsv", ".txt", ".xlsx", ".xlsm"):
        raise UsageError(f"{display_path(path)}: cannot read {suffix or 'a file without extension'}; "
                         "expected a .csv or .xlsx register")
    rows = _xlsx_rows(path) if suffix in (".xlsx", ".xlsm") else _csv_rows(path)
    shown = display_path(path)
    header_at = next((i for i, (_, cells) in enumerate(rows[:_HEADER_SEARCH_ROWS])
                      if sum(column(c) in ("number", "received_on", "subject") for c in cells) >= 2), None)
    if header_at is None:
        raise InputError.single("no header row with 申请编号, 收到日期 and 申请内容 in the first rows", file=shown,
                                line=1, expected="a header row naming " + "、".join(COLUMNS[f][1] for f in _REQUIRED))
    header_line, header = rows[header_at]
    cols: dict[str, int] = {}
    problems: list[Problem] = []
    for i, cell in enumerate(header):
        f = column(cell)
        if f is None:
            continue
        if f in cols:
            problems.append(Problem(f"two columns for {f}: {header[cols[f]]!r} and {cell!r}", **_where(shown, header_line),
                                    field=str(cell), expected="one column per field"))
        cols[f] = i
    missing = [f for f in _REQUIRED if f not in cols]
    if missing:
        problems.append(Problem("no column for " + "、".join(COLUMNS[f][1] for f in missing), **_where(shown, header_line),
                                field="、".join(missing), expected="a column named " + " / ".join(COLUMNS[missing[0]][1:4])))
    if problems:
        raise InputError(problems)

    def label(f: str) -> str:
        from openpyxl.utils import get_column_letter

        return f"{header[cols[f]]} (column {get_column_letter(cols[f] + 1)})"

    out: list[Row] = []
    first_row: dict[str, int] = {}
    for number, cells in rows[header_at + 1:]:
        values = {f: (cells[i] if i < len(cells) else None) for f, i in cols.items()}
        if all(is_blank(v) for v in values.values()):
            continue
        row = _row(values, number, shown, label, problems)
        if row is None:
            continue
        if row.app.number in first_row:
            problems.append(Problem(f"application number {row.app.number} is used twice (first at row "
                                    f"{first_row[row.app.number]})", **_where(shown, number), item=row.app.number,
                                    field=label("number"), expected="each application once in the register"))
            continue
        first_row[row.app.number] = number
        out.append(row)
    if problems:
        raise InputError(problems[:MAX_PROBLEMS] + ([Problem(f"… and {len(problems) - MAX_PROBLEMS} more problems",
                                                             file=shown)] if len(problems) > MAX_PROBLEMS else []))
    return out


def column(header: object) -> Optional[str]:
    if header is None:
        return None
    return _BY_KEY.get(header_key(unicodedata.normalize("NFKC", str(header)).strip().lstrip("*")))


def _where(shown: str, row: int) -> dict:
    return {"file": f"{shown} row {row}", "line": None}


def _text(value: Any) -> Optional[str]:
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip() or None


def _row(values: dict[str, Any], number: int, shown: str, label, problems: list[Problem]) -> Optional[Row]:
    bad = len(problems)
    app_no = _text(values.get("number"))

    def problem(message: str, f: str, expected: Optional[str] = None) -> None:
        problems.append(Problem(message, **_where(shown, number), item=app_no, field=label(f), expected=expected))

    for f in _REQUIRED:
        if f in values and _text(values[f]) is None:
            problem("empty", f, "a value: every application has " + "、".join(COLUMNS[g][1] for g in _REQUIRED))
    dates: dict[str, Optional[date]] = {}
    for f, v in values.items():
        if f == "received_on" or f.endswith((".on", "_on")):
            day, reason = parse_date(v)
            if reason:
                problem(reason, f, DATE_EXPECTED)
            dates[f] = day
    fields: dict[str, Any] = {"number": app_no, "received_on": dates.get("received_on"),
                              "subject": _text(values.get("subject")), "dept": _text(values.get("dept")),
                              "applicant": _text(values.get("applicant")),
                              "note": _text(values.get("note"))}
    for f, lookup, expected in (("channel", vocab.channel_name, "one of " + "、".join(vocab.CHANNELS)),
                                ("applicant_type", vocab.applicant_type, "one of " + "、".join(vocab.APPLICANT_TYPES))):
        text = _text(values.get(f))
        if text is not None:
            fields[f] = lookup(text)
            if fields[f] is None:
                problem(f"unknown {'channel' if f == 'channel' else 'applicant type'} {text!r}", f, expected)
    for f in ("items", "topics"):
        text = _text(values.get(f))
        fields[f] = [p.strip() for p in _split(text)] if text else []
    events = []
    for kind in _EVENT_ORDER:
        given = {f.split(".", 1)[1]: v for f, v in values.items() if f.startswith(kind + ".") and not is_blank(v)}
        if not given:
            continue
        if "on" not in given:
            first = next(iter(given))
            problem(f"{COLUMNS[f'{kind}.{first}'][0]} is given but not the date of the event", f"{kind}.{first}",
                    f"the {COLUMNS[f'{kind}.on'][0]} too")
            continue
        ev: dict[str, Any] = {"kind": kind}
        for k, v in given.items():
            f = f"{kind}.{k}"
            if k == "on" or k.endswith("_on"):
                ev[k] = dates.get(f)
            elif k == "outcome":
                ev[k] = vocab.outcome_name(v)
                if ev[k] is None:
                    problem(f"unknown outcome {_text(v)!r}", f, vocab.OUTCOME_EXPECTED)
            elif k == "result":
                ev[k] = vocab.review_result(v)
                if ev[k] is None:
                    problem(f"unknown result {_text(v)!r}", f, "one of " + "、".join(vocab.REVIEW_RESULTS))
            elif k == "days":
                try:
                    ev[k] = int(str(v).strip().removesuffix("个工作日").removesuffix("工作日").removesuffix("天"))
                except ValueError:
                    problem(f"{_text(v)!r} is not a number of working days", f, "a whole number, at most 20")
            elif k == "fee":
                try:
                    ev[k] = float(str(v).strip().removesuffix("元"))
                except ValueError:
                    problem(f"{_text(v)!r} is not an amount", f, "an amount in 元, e.g. 0 or 30.5")
            elif k == "after_review":
                ev[k] = header_key(v) in ("是", "yes", "true", "1", "复议后起诉")
            else:
                ev[k] = _text(v)
        events.append(ev)
    _check_order(fields.get("received_on"), events, problem)
    if len(problems) > bad:
        return None
    fields["events"] = events
    try:
        app = Application.model_validate({k: v for k, v in fields.items() if v is not None})
    except ValidationError as exc:
        for err in exc.errors():
            p = validation_problem(err, shown, app_no, lambda loc: None)
            problems.append(Problem(p.message, **_where(shown, number), item=app_no, field=p.field, expected=p.expected))
        return None
    personal = {k: t for k in PERSONAL if (t := _text(values.get(k)))}
    return Row(app, personal, number)


def _split(text: str) -> list[str]:
    import re

    return [p for p in re.split(r"[、,，;；\n]+", text) if p.strip()]


_KIND_ZH = {"supplement": "补正", "consultation": "征求意见", "extension": "延期", "reply": "答复", "review": "行政复议",
            "litigation": "行政诉讼"}
_LATER_ZH = {"received_on": "收到补正", "answered_on": "意见回复", "decided_on": "审结"}


def check_order(received: Optional[date], events: list[dict]) -> list[tuple[str, str, str]]:
    """(field, message, 中文) for each event dated before what must come first (receipt, its own start)."""
    out = []
    for ev in events:
        kind, on = ev["kind"], ev.get("on")
        if received and on and on < received:
            out.append((f"{kind}.on", f"the {kind} is dated {on}, before the application was received on {received}",
                        f"{_KIND_ZH[kind]}日期{on}早于收到申请之日{received}"))
        for later in ("received_on", "answered_on", "decided_on"):
            if on and ev.get(later) and ev[later] < on:
                out.append((f"{kind}.{later}", f"{kind} {later} {ev[later]} is before the {kind} itself ({on})",
                            f"{_LATER_ZH[later]}日期{ev[later]}早于{_KIND_ZH[kind]}本身（{on}）"))
    return out


def _check_order(received: Optional[date], events: list[dict], problem) -> None:
    for f, message, _ in check_order(received, events):
        problem(message, f, "events on or after the day the application was received, each after what it answers")
