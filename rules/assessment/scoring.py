"""Scoring filled checklists with a scheme kept as TOML (精细化考核, 第三方评估).

A scheme has indicators (指标), each worth some points, that take the checklist lines of
some domains (or item codes). Two ways to score an indicator, as the real tables do
(notes/domain.md §7.3):

  deduct  points minus the points of every failed line (鲤城 2020: 超期公开 −5/条, 要素未规范录入
          −1/条), never losing more than ``cap`` (default: the indicator's points — 锦州 2020:
          扣分以该项指标分值为限)
  ratio   points × (points of the lines passed) / (points of the lines that apply) (权重赋分)

``[line_points]`` gives the points of a line by kind (item, element, optional_element, deadline,
channel): what a failure costs (deduct) or what a line weighs (ratio); an indicator may override
them. ``split = "domain"`` makes one indicator per domain on the checklist, sharing its points by
``weights`` (default equal); each part loses at most its share, so ``cap`` (deduct only) does not go
with ``split``. A line counts for the first indicator that takes it. ``scheme.total`` is the sum of
the indicators' points: the score, its indicators and its deductions are in the same points.

Outcome of a line: an item marked 不适用 makes its whole block not applicable; an item marked
不符合 (not disclosed) fails its block — deduct takes the item's points once, ratio counts every
line of the block as failed; under an item marked 符合, a blank line passed. Indicators with
nothing applicable drop out and the total is converted (折算): total × points scored / points
that applied.
"""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from gongkai.catalog.errors import InputError, Problem, UsageError, display_path
from gongkai.rules.assessment.checklist_xlsx import FilledChecklist, FilledLine

SCHEMES_DIR = Path(__file__).parent / "schemes"
LINE_KINDS = ("item", "element", "optional_element", "deadline", "channel")
_FORM = ConfigDict(extra="forbid")
# Numbers are strict: points = "10" (a string) or true is a typo to refuse, not a value to convert;
# inf and nan (TOML has both) would score as "nan / inf", so they are refused too.
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
DOMAIN_EXPECTED = 'give "*" or a domain\'s code 01–26, slug or name, such as "19", "social-assistance" or "社会救助"'


def _domain_code(selector: str) -> Optional[str]:
    from gongkai import domains as registry

    found = registry.lookup(selector)
    return found.code if found is not None else None


class LinePoints(BaseModel):
    model_config = _FORM
    item: Number = Field(0, ge=0)
    element: Number = Field(0, ge=0)
    optional_element: Number = Field(0, ge=0)
    deadline: Number = Field(0, ge=0)
    channel: Number = Field(0, ge=0)


class Indicator(BaseModel):
    model_config = _FORM
    name: str
    points: Number = Field(gt=0)
    domains: list[str] = Field(default_factory=lambda: ["*"])
    codes: list[str] = Field(default_factory=list)
    method: Literal["deduct", "ratio"] = "deduct"
    cap: Optional[Number] = Field(None, ge=0)
    split: Optional[Literal["domain"]] = None
    weights: dict[str, Number] = Field(default_factory=dict)   # by domain code (a slug or name is read as its code)
    line_points: Optional[dict[str, Number]] = None

    @field_validator("domains")
    @classmethod
    def _known_domains(cls, value: list[str]) -> list[str]:
        unknown = [d for d in value if d != "*" and _domain_code(d) is None]
        if unknown:
            verb = "is not a domain" if len(unknown) == 1 else "are not domains"
            raise ValueError(f"{', '.join(repr(d) for d in unknown)} {verb}; {DOMAIN_EXPECTED}")
        return value

    @field_validator("weights")
    @classmethod
    def _weights_by_code(cls, value: dict[str, float]) -> dict[str, float]:
        out: dict[str, float] = {}
        for key, weight in value.items():
            code = _domain_code(key)
            if code is None:
                raise ValueError(f"{key!r} is not a domain; weights are keyed by a domain's code, slug or name, "
                                 'such as { "19" = 3 }')
            if code in out:
                raise ValueError(f"domain {code} is weighted twice ({key!r})")
            out[code] = weight
        return out

    @model_validator(mode="after")
    def _consistent(self) -> "Indicator":
        if self.cap is not None and self.cap > self.points:
            raise ValueError(f"cap {self.cap:g} is more than the indicator's {self.points:g} points")
        if self.cap is not None and self.method != "deduct":
            raise ValueError(f'cap applies to method = "deduct" only (a {self.method} indicator never loses more than '
                             "its points)")
        if self.split and self.cap is not None:
            # A cap on the whole indicator has no single meaning once it is scored as separate domain
            # parts (which part would get the points back?); each part already loses at most its share.
            raise ValueError("cap cannot be combined with split (each domain's part is capped at its own share of "
                             "the points); to cap a domain lower, give it an indicator of its own with domains = "
                             "[...] and a cap")
        if self.weights and not self.split:
            raise ValueError('weights need split = "domain"')
        if any(w <= 0 for w in self.weights.values()):
            raise ValueError("weights must be positive")
        for k, v in (self.line_points or {}).items():
            if k not in LINE_KINDS:
                raise ValueError(f"line_points: unknown kind {k!r} (expected {', '.join(LINE_KINDS)})")
            if v < 0:
                raise ValueError(f"line_points.{k} must not be negative")
        return self


class SchemeHeader(BaseModel):
    model_config = _FORM
    name: str
    total: Number = Field(100, gt=0)
    source: Optional[str] = None
    note: Optional[str] = None


class Scheme(BaseModel):
    model_config = _FORM
    scheme: SchemeHeader
    line_points: LinePoints = Field(default_factory=LinePoints)
    indicators: list[Indicator] = Field(min_length=1)

    @model_validator(mode="after")
    def _adds_up(self) -> "Scheme":
        given = sum(i.points for i in self.indicators)
        if abs(given - self.scheme.total) > 1e-6:
            raise ValueError(f"the indicators' points add up to {given:g}, but scheme.total is {self.scheme.total:g}")
        return self

    def points_of(self, indicator: Indicator) -> dict[str, float]:
        return {**self.line_points.model_dump(), **(indicator.line_points or {})}


def load_scheme(name_or_path: Optional[str]) -> tuple[Scheme, str]:
    """A scheme by file path, or by name among the shipped ones (``default``). Returns (scheme, where)."""
    from gongkai.catalog.toml_store import LineMap, read_toml

    if not name_or_path:
        name_or_path = "default"
    path = Path(name_or_path)
    if not path.is_file():
        shipped = SCHEMES_DIR / f"{name_or_path}.toml"
        if not shipped.is_file():
            names = ", ".join(sorted(p.stem for p in SCHEMES_DIR.glob("*.toml")))
            raise UsageError(f"no scoring scheme {name_or_path!r}: give a TOML file or one of: {names}")
        path = shipped
    data, text = read_toml(path)
    try:
        scheme = Scheme.model_validate(data)
    except ValidationError as exc:
        lines = LineMap(text, array="indicators")
        problems = []
        for err in exc.errors():
            loc = [p for p in err["loc"]]
            line = None
            if len(loc) >= 2 and loc[0] == "indicators" and isinstance(loc[1], int):
                line = lines.field_line(loc[1], ".".join(str(p) for p in loc[2:]) or None)
            elif loc:
                line = lines.top_line(".".join(str(p) for p in loc))
            problems.append(Problem(_message(err), file=display_path(path), line=line,
                                    field=".".join(str(p) for p in loc) or None,
                                    expected="a scheme as the README describes ('Writing a scoring scheme')"))
        raise InputError(problems) from None
    shipped = path.resolve().parent == SCHEMES_DIR.resolve()
    return scheme, f"{path.stem} (shipped)" if shipped else display_path(path)


def _message(err: dict) -> str:
    """A validation error in the scheme author's terms (a quoted number is a typo, not a number)."""
    if err["type"] == "finite_number":
        return f"{err.get('input')} is not a finite number (write a number such as 10)"
    if err["type"] == "float_type":
        value = err.get("input")
        if isinstance(value, str):
            return f"{value!r} is text, not a number (write it without quotes)"
        if isinstance(value, bool):
            return f"{str(value).lower()} is not a number"
    return err["msg"].removeprefix("Value error, ")


# -- outcomes of lines ----------------------------------------------------------------------
@dataclass
class Outcome:
    filled: FilledLine
    file: str
    status: str        # pass | fail | na | block_failed (under an item found not disclosed)

    @property
    def kind(self) -> str:
        line = self.filled.line
        if line.kind == "element" and line.required is False:
            return "optional_element"
        return line.kind


def outcomes(cl: FilledChecklist) -> list[Outcome]:
    out: list[Outcome] = []
    item_result = None
    shown = display_path(cl.path)
    for fl in cl.lines:
        if fl.line.kind == "item":
            item_result = fl.result
            status = {"符合": "pass", "不符合": "fail", "不适用": "na"}[fl.result]
        elif item_result == "不适用":
            status = "na"
        elif item_result == "不符合":
            status = "block_failed"
        else:
            status = {None: "pass", "符合": "pass", "不符合": "fail", "不适用": "na"}[fl.result]
        out.append(Outcome(fl, shown, status))
    return out


# -- scores ---------------------------------------------------------------------------------
@dataclass
class IndicatorScore:
    name: str
    points: float
    method: str
    domain: Optional[str] = None        # for the parts of a split indicator
    score: Optional[float] = None       # None: nothing applicable
    lost: float = 0.0                   # deduct: points lost after the cap; ratio: points − score
    lines: int = 0
    failed: int = 0
    capped: bool = False

    def to_dict(self) -> dict:
        return {"name": self.name, "domain": self.domain, "points": _r(self.points), "method": self.method,
                "score": _r(self.score), "lost": _r(self.lost), "lines": self.lines, "failed": self.failed,
                "capped": self.capped}


@dataclass
class DomainScore:
    domain: str
    name: str = ""
    items: int = 0
    lines: int = 0
    passed: int = 0
    failed: int = 0
    not_applicable: int = 0
    lost: float = 0.0                   # points lost on this domain's lines (deduct, before caps)
    points: Optional[float] = None      # when the scheme splits by domain: the domain's share …
    score: Optional[float] = None       # … and its score

    def to_dict(self) -> dict:
        return {"domain": self.domain, "name": self.name, "items": self.items, "lines": self.lines,
                "passed": self.passed, "failed": self.failed, "not_applicable": self.not_applicable,
                "lost": _r(self.lost), "points": _r(self.points), "score": _r(self.score)}


@dataclass
class Deduction:
    file: str
    row: int
    code: str
    kind: str
    check: str
    points: float
    indicator: str
    note: Optional[str] = None

    def to_dict(self) -> dict:
        return {"file": self.file, "row": self.row, "code": self.code, "kind": self.kind, "check": self.check,
                "points": _r(self.points), "indicator": self.indicator, "note": self.note}


@dataclass
class DepartmentScore:
    name: str
    files: list[str]
    total: float
    score: Optional[float] = None       # converted to the scheme's total (折算)
    raw: float = 0.0                    # points scored by the indicators that applied
    applicable: float = 0.0             # points of the indicators that applied
    indicators: list[IndicatorScore] = field(default_factory=list)
    domains: list[DomainScore] = field(default_factory=list)
    deductions: list[Deduction] = field(default_factory=list)
    unscored: int = 0                   # lines no indicator takes
    rank: Optional[int] = None

    def to_dict(self) -> dict:
        return {"name": self.name, "files": self.files, "rank": self.rank, "score": _r(self.score),
                "total": _r(self.total), "raw": _r(self.raw), "applicable_points": _r(self.applicable),
                "indicators": [i.to_dict() for i in self.indicators],
                "domains": [d.to_dict() for d in self.domains],
                "deductions": [d.to_dict() for d in self.deductions], "unscored_lines": self.unscored}


@dataclass
class ScoreReport:
    scheme: Scheme
    scheme_file: str
    departments: list[DepartmentScore]

    def to_dict(self) -> dict:
        return {"scheme": {"name": self.scheme.scheme.name, "file": self.scheme_file, "total": self.scheme.scheme.total},
                "ranking": [{"rank": d.rank, "name": d.name, "score": _r(d.score)} for d in self.ranked()],
                "departments": [d.to_dict() for d in self.departments]}

    def ranked(self) -> list[DepartmentScore]:
        return sorted(self.departments, key=lambda d: (d.rank is None, d.rank or 0, d.name))


def _r(value: Optional[float]) -> Optional[float]:
    return None if value is None else round(value, 4)


def _domain_matches(indicator: Indicator, domain: str) -> bool:
    from gongkai import domains as registry

    for sel in indicator.domains:
        if sel == "*":
            return True
        found = registry.lookup(sel)
        if found is not None and found.code == domain:
            return True
    return False


def _code_matches(indicator: Indicator, code: str) -> bool:
    if not indicator.codes:
        return True
    local = code.split("-", 1)[1] if code[:6].isdigit() and code[6:7] == "-" else code
    return any(fnmatch.fnmatchcase(code, p) or fnmatch.fnmatchcase(local, p) for p in indicator.codes)


def score_checklists(checklists: list[FilledChecklist], scheme: Scheme, scheme_file: str = "",
                     domain_names: Optional[dict[str, str]] = None) -> ScoreReport:
    """Score per department (checklists of one department are scored together) and rank them."""
    by_dept: dict[str, list[FilledChecklist]] = {}
    for cl in checklists:
        by_dept.setdefault(cl.dept, []).append(cl)
    names = dict(domain_names or {})
    problems = []
    for dept, group in by_dept.items():
        seen: dict[str, str] = {}
        for cl in group:
            for fl in cl.lines:
                if fl.line.kind != "item":
                    continue
                first = seen.get(fl.line.code)
                if first is not None:
                    problems.append(Problem(f"item {fl.line.code} of {dept} is also on {first}",
                                            file=f"{display_path(cl.path)} row {fl.row}", item=fl.line.code,
                                            expected="each item once per department"))
                seen[fl.line.code] = display_path(cl.path)
    if problems:
        raise InputError(problems)
    scores = [_score_department(dept, group, scheme, names) for dept, group in by_dept.items()]
    _rank(scores)
    return ScoreReport(scheme, scheme_file, scores)


def _score_department(dept: str, group: list[FilledChecklist], scheme: Scheme, names: dict[str, str]) -> DepartmentScore:
    result = DepartmentScore(dept, [display_path(cl.path) for cl in group], scheme.scheme.total)
    outs = [o for cl in group for o in outcomes(cl)]
    assigned: dict[int, list[Outcome]] = {i: [] for i in range(len(scheme.indicators))}
    domains: dict[str, DomainScore] = {}
    for o in outs:
        line = o.filled.line
        ds = domains.setdefault(line.domain, DomainScore(line.domain, names.get(line.domain, "")))
        ds.lines += 1
        ds.items += line.kind == "item"
        if o.status == "na":
            ds.not_applicable += 1
        elif o.status == "pass":
            ds.passed += 1
        else:
            ds.failed += 1
        for i, ind in enumerate(scheme.indicators):
            if _domain_matches(ind, line.domain) and _code_matches(ind, line.code):
                assigned[i].append(o)
                break
        else:
            result.unscored += 1

    for i, ind in enumerate(scheme.indicators):
        pts = scheme.points_of(ind)
        lines = assigned[i]
        if ind.split == "domain":
            present = sorted({o.filled.line.domain for o in lines})
            weight = {d: ind.weights.get(d, ind.weights.get(names.get(d, ""), 1.0)) for d in present}
            total_w = sum(weight.values())
            for d in present:
                share = ind.points * weight[d] / total_w
                part = _score_indicator(ind, [o for o in lines if o.filled.line.domain == d], share, share, pts,
                                        result, domain=d)
                result.indicators.append(part)
                domains[d].points = (domains[d].points or 0) + share
                if part.score is not None:
                    domains[d].score = (domains[d].score or 0) + part.score
        else:
            result.indicators.append(_score_indicator(ind, lines, ind.points, ind.cap, pts, result))

    for d in result.deductions:
        ds = domains.get(_domain_of_code(d.code))
        if ds is not None:
            ds.lost += d.points
    applicable = [s for s in result.indicators if s.score is not None]
    result.applicable = sum(s.points for s in applicable)
    result.raw = sum(s.score for s in applicable)
    result.score = scheme.scheme.total * result.raw / result.applicable if result.applicable else None
    result.domains = [domains[k] for k in sorted(domains)]
    return result


def _domain_of_code(code: str) -> str:
    from gongkai.catalog.codes import parse_code

    parsed = parse_code(code)
    return parsed.domain if parsed else ""


def _score_indicator(ind: Indicator, lines: list[Outcome], points: float, cap: Optional[float],
                     pts: dict[str, float], result: DepartmentScore, domain: Optional[str] = None) -> IndicatorScore:
    s = IndicatorScore(ind.name, points, ind.method, domain=domain, lines=len(lines))
    applicable = [o for o in lines if o.status != "na"]
    s.failed = sum(o.status in ("fail", "block_failed") for o in applicable)
    if not applicable:
        return s
    label = ind.name + (f" · {domain}" if domain else "")
    if ind.method == "deduct":
        lost = 0.0
        for o in applicable:
            if o.status == "fail" and pts[o.kind] > 0:
                lost += pts[o.kind]
                result.deductions.append(Deduction(o.file, o.filled.row, o.filled.line.code, o.kind,
                                                   o.filled.line.check, pts[o.kind], label, o.filled.note))
        limit = points if cap is None else cap
        s.capped = lost > limit
        s.lost = min(lost, limit)
        s.score = points - s.lost
        return s
    weight = sum(pts[o.kind] for o in applicable)
    if weight <= 0:
        return s
    passed = sum(pts[o.kind] for o in applicable if o.status == "pass")
    s.score = points * passed / weight
    s.lost = points - s.score
    for o in applicable:
        if o.status in ("fail", "block_failed") and pts[o.kind] > 0:
            result.deductions.append(Deduction(o.file, o.filled.row, o.filled.line.code, o.kind, o.filled.line.check,
                                               points * pts[o.kind] / weight, label, o.filled.note))
    return s


def _rank(scores: list[DepartmentScore]) -> None:
    """Competition ranking (1, 1, 3) by score; departments with no score are not ranked."""
    ordered = sorted((s for s in scores if s.score is not None), key=lambda s: -s.score)
    for i, s in enumerate(ordered):
        if i and abs(s.score - ordered[i - 1].score) < 1e-9:
            s.rank = ordered[i - 1].rank
        else:
            s.rank = i + 1
