"""Monthly 红黑旗 (政务公开目标化): each department gets a red flag, a black flag or none for a month,
from its disclosure compliance in that month, by a TOML scheme of criteria.

The figures are those of ``compliance`` as of the month's last day (periods from its first): of the
obligations falling due in the month, how many were on time, late or missing, the on-time rate; and
the obligations still overdue at the month's end whatever month they fell due in. A department
meeting every ``red`` criterion gets 红旗; one meeting any ``black`` criterion gets 黑旗 (black wins);
the others none. The board of a month is kept in ``flags/YYYY-MM.toml`` as history.
"""
from __future__ import annotations

import calendar
import operator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gongkai.catalog.errors import InputError, Problem, UsageError, display_path

METRICS = {"due": "应公开", "on_time": "按时公开", "late": "超期公开", "missing": "超期未公开/缺期",
           "on_time_rate": "按时率", "overdue_open": "月末仍超期未公开"}
OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq}
SCHEME_NAME = "flags.toml"
BOARD_DIR = "flags"
DEFAULT_SCHEME = """\
# 月度红黑旗评定方案 (gongkai default): the unit may replace it with flags.toml beside gongkai.toml
name = "月度红黑旗（默认方案）"

[[red]]                  # 红旗: every criterion holds
metric = "due"
op = ">="
value = 1
[[red]]
metric = "on_time_rate"
op = ">="
value = 1.0

[[black]]                # 黑旗: any criterion holds
metric = "overdue_open"
op = ">="
value = 3
[[black]]
metric = "on_time_rate"
op = "<"
value = 0.6
"""


class Criterion(BaseModel):
    model_config = ConfigDict(extra="forbid")
    metric: Literal[tuple(METRICS)]
    op: Literal[tuple(OPS)]
    value: float = Field(allow_inf_nan=False)

    def holds(self, figures: dict) -> Optional[bool]:
        """None when the figure is unknown (an on-time rate with nothing due)."""
        got = figures.get(self.metric)
        return None if got is None else OPS[self.op](got, self.value)

    def text(self) -> str:
        value = f"{self.value:.0%}" if self.metric == "on_time_rate" else f"{self.value:g}"
        return f"{METRICS[self.metric]} {self.op} {value}"


class FlagScheme(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    red: list[Criterion] = Field(default_factory=list)
    black: list[Criterion] = Field(default_factory=list)


def load_flag_scheme(root: Path, path: Optional[Path] = None) -> tuple[FlagScheme, str]:
    """The scheme given, else the unit's flags.toml, else the default; a bad one names its line and field."""
    from gongkai.catalog.toml_store import LineMap, parse_toml, read_toml

    path = path or (root / SCHEME_NAME)
    if path.is_file():
        data, text = read_toml(path)
        shown = display_path(path)
    else:
        text, shown = DEFAULT_SCHEME, "default"
        data = parse_toml(text, shown)
    try:
        return FlagScheme.model_validate(data), shown
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = list(err["loc"])
            line = None
            if len(loc) >= 2 and loc[0] in ("red", "black") and isinstance(loc[1], int):
                line = LineMap(text, array=loc[0]).field_line(loc[1], ".".join(map(str, loc[2:])) or None)
            got = f" (got {err['input']!r})" if not isinstance(err.get("input"), dict) else ""
            problems.append(Problem(err["msg"] + got, file=shown, line=line, field=".".join(map(str, loc)),
                                    expected=f"metric one of {', '.join(METRICS)}; op one of {' '.join(OPS)}"))
        raise InputError(problems) from None


@dataclass
class Flag:
    dept: str
    flag: str                        # red | black | none
    figures: dict
    reasons: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return {"red": "红旗", "black": "黑旗", "none": "无"}[self.flag]


@dataclass
class Board:
    month: str                       # YYYY-MM
    scheme: str
    flags: list[Flag]

    def to_dict(self) -> dict:
        return {"month": self.month, "scheme": self.scheme,
                "units": [{"dept": f.dept, "flag": f.flag, "flag_zh": f.label, "reasons": f.reasons,
                           **{k: v for k, v in f.figures.items() if v is not None}} for f in self.flags]}


def month_span(month: str) -> tuple[date, date]:
    try:
        year, mon = (int(x) for x in month.split("-"))
        first = date(year, mon, 1)
    except ValueError:
        raise UsageError(f"--month {month!r}: expected YYYY-MM, e.g. 2026-06") from None
    return first, date(year, mon, calendar.monthrange(year, mon)[1])


def figures_of(dc, first: date, last: date) -> dict:
    """A department's figures for the month, from its compliance obligations."""
    obligations = [ob for _, ob in dc.result.obligations()] if dc.result else []
    in_month = [ob for ob in obligations if ob.due and first <= ob.due <= last]
    count = {s: sum(1 for ob in in_month if ob.status == s) for s in ("on_time", "late", "missing")}
    due = sum(count.values())
    return {"due": due, **count, "on_time_rate": round(count["on_time"] / due, 4) if due else None,
            "overdue_open": sum(1 for ob in obligations if ob.status == "missing" and ob.due and ob.due <= last)}


def judge(scheme: FlagScheme, figures: dict) -> tuple[str, list[str]]:
    black = [c.text() for c in scheme.black if c.holds(figures)]
    if black:
        return "black", black
    if scheme.red and all(c.holds(figures) for c in scheme.red):
        return "red", [c.text() for c in scheme.red]
    unmet = [c.text() for c in scheme.red if not c.holds(figures)]
    return "none", ["未达到：" + "、".join(unmet)] if unmet else []


def monthly_board(ws, files, month: str, scheme: FlagScheme, scheme_name: str) -> Board:
    from gongkai.rules.assessment.compliance import compliance

    first, last = month_span(month)
    report = compliance(ws, files, last, first)
    flags = []
    for dc in report.departments:
        if dc.kind != "dept":
            continue
        figures = figures_of(dc, first, last)
        flag, reasons = judge(scheme, figures)
        flags.append(Flag(dc.name, flag, figures, reasons))
    order = {"red": 0, "none": 1, "black": 2}
    flags.sort(key=lambda f: (order[f.flag], -(f.figures["on_time_rate"] or 0), f.dept))
    return Board(month, scheme_name, flags)


def save_board(root: Path, board: Board) -> Path:
    """flags/YYYY-MM.toml, written atomically under the workspace lock (a month judged again replaces it)."""
    from gongkai.catalog.lock import workspace_lock
    from gongkai.catalog.toml_store import atomic_write, dumps

    path = root / BOARD_DIR / f"{board.month}.toml"
    path.parent.mkdir(exist_ok=True)
    with workspace_lock(root):
        atomic_write(path, dumps(board.to_dict()))
    return path


def board_history(root: Path) -> list[dict]:
    """The boards kept, newest first."""
    from gongkai.catalog.toml_store import read_toml

    return [read_toml(p)[0] for p in sorted((root / BOARD_DIR).glob("????-??.toml"), reverse=True)]
