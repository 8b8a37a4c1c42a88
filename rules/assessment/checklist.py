"""Checklists (检查表) for assessors: which items to verify, and the lines to tick for each.

A checklist is drawn from a workspace for a department, a domain or a level, optionally as a
reproducible random sample stratified by domain. Each item becomes a block of lines (an OSCAL
objective each, notes/anchors.md §2.3):

  事项 item      the item itself: is it disclosed at all? (with body, channels, deadline, where to look)
  要素 element   one line per element, ● required / 〇 optional: is it in what was published?
  时限 deadline  was it published within its 公开时限?
  渠道 channel   is it on the channels the item lists?

The assessor answers 符合 / 不符合 / 不适用 per line, with evidence (URL, date seen) and a note.
Items are taken as in force (``Item.in_force()``: while an item is revised, the approved version).
Writers: ``gongkai.rules.assessment.checklist_xlsx`` (what assessors fill in) and ``gongkai.rules.assessment.checklist_render`` (HTML, Markdown, CSV).
"""
from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass, field
from typing import Optional

from gongkai.catalog import vocab
from gongkai.catalog.deadline import parse_deadline
from gongkai.catalog.errors import UsageError
from gongkai.rules.assessment.departments import department_scope
from gongkai.catalog import clock

FORMAT = "gongkai-checklist/1"
RESULTS = ("符合", "不符合", "不适用")
KIND_LABELS = {"item": "事项", "element": "要素", "deadline": "时限", "channel": "渠道"}
KINDS_BY_LABEL = {v: k for k, v in KIND_LABELS.items()}
LEVEL_NAMES = {"city": "市级", "county": "县级", "township": "乡级", "village": "村级"}


@dataclass
class CheckLine:
    """One line to tick. ``kind`` item | element | deadline | channel; the item's details are on its item line."""

    kind: str
    code: str
    domain: str
    check: str
    required: Optional[bool] = None     # elements: ● required / 〇 optional
    number: Optional[int] = None        # item lines: 序号
    domain_name: str = ""
    body: str = ""
    channels: str = ""
    deadline: str = ""
    where: str = ""

    @property
    def mark(self) -> str:
        return "" if self.required is None else ("●" if self.required else "〇")

    def fixed(self) -> list:
        """The cells that identify the line; a filled sheet must still hold exactly these."""
        return [KIND_LABELS[self.kind], self.code, self.check, self.mark]


@dataclass
class Checklist:
    unit: str
    region: str
    lines: list[CheckLine]
    dept: Optional[str] = None
    domain: Optional[str] = None
    level: Optional[str] = None
    sample: Optional[int] = None
    seed: Optional[str] = None
    generated_on: str = field(default_factory=lambda: clock.today().isoformat())
    population: int = 0                 # items eligible before sampling

    @property
    def items(self) -> int:
        return sum(1 for line in self.lines if line.kind == "item")

    def title(self) -> str:
        parts = [f"{self.unit} 基层政务公开检查表"]
        if self.dept:
            parts.append(self.dept)
        if self.domain:
            parts.append(f"领域 {self.domain}")
        if self.level:
            parts.append(self.level)
        if self.sample:
            parts.append(f"抽样 {self.items}/{self.population} (种子 {self.seed})")
        return " · ".join(parts)

    def meta(self) -> dict:
        return {"format": FORMAT, "unit": self.unit, "region": self.region, "dept": self.dept or "",
                "domain": self.domain or "", "level": self.level or "", "sample": self.sample or "",
                "seed": self.seed or "", "generated_on": self.generated_on, "population": self.population}

    def digest(self) -> str:
        return manifest_digest(self.meta(), [line.fixed() for line in self.lines])


def manifest_digest(meta: dict, fixed_lines: list[list]) -> str:
    """A fingerprint of what a checklist holds, kept in it, so that a changed manifest is noticed."""
    payload = json.dumps([{k: str(v) for k, v in sorted(meta.items())}, [[str(c) for c in line] for line in fixed_lines]],
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def level_name(level: Optional[str]) -> Optional[str]:
    """县级 / county → 县级; None stays None."""
    if level is None:
        return None
    value = LEVEL_NAMES.get(level.strip().lower(), level.strip())
    if value not in vocab.LEVELS:           # 镇级, 街道, 区级, 社区 …: one level, read as the importer does
        from gongkai.catalog.tables.header import level_values

        named = level_values(value if value.endswith("级") else value + "级")
        value = next(iter(named)) if len(named) == 1 else value
    if value not in vocab.LEVELS:
        raise UsageError(f"--level {level!r} is not one of {', '.join(vocab.LEVELS)} (or city, county, township, village)")
    return value


def eligible_items(ws, dept: Optional[str] = None, domain: Optional[str] = None, level: Optional[str] = None):
    """(LoadedDomain, in-force item) pairs to verify, in code order; withdrawn items are left out."""
    from gongkai import domains as registry

    scope = department_scope(ws, dept) if dept else None
    wanted_domain = None
    if domain:
        found = registry.lookup(domain)
        if found is None:
            raise UsageError(f"--domain {domain!r} is not a domain; give its two-digit code (01–26), slug or name")
        wanted_domain = found.code
    out = []
    for d, item in ws.items():
        if item.status == "withdrawn" or (wanted_domain and d.code != wanted_domain):
            continue
        shown = item.in_force()
        if level and level not in shown.levels:
            continue
        if scope and not scope.owns(shown.body):
            continue
        out.append((d, shown))
    return sorted(out, key=lambda pair: pair[1].code)


def stratified_sample(pairs: list, n: int, seed: str) -> list:
    """n items drawn at random, stratified by domain, reproducible from ``seed``.

    Each domain gets a share proportional to its size (largest remainder), at least one each
    when n allows; the draw within a domain uses its own seeded generator, so a change in one
    domain does not reshuffle the others.
    """
    strata: dict[str, list] = {}
    for d, item in pairs:
        strata.setdefault(d.code, []).append((d, item))
    n = min(n, len(pairs))
    quota = _allocate({k: len(v) for k, v in strata.items()}, n, seed)
    chosen = []
    for code in sorted(strata):
        members = strata[code]
        rng = random.Random(f"{seed}:{code}")
        chosen.extend(rng.sample(members, quota[code]))
    return sorted(chosen, key=lambda pair: pair[1].code)


def _allocate(sizes: dict[str, int], n: int, seed: str) -> dict[str, int]:
    codes = sorted(sizes)
    quota = {c: 0 for c in codes}
    if n <= 0 or not codes:
        return quota
    base = 1 if n >= len(codes) else 0
    for c in codes:
        quota[c] = base
    rest = n - base * len(codes)
    spare = {c: sizes[c] - base for c in codes}
    total_spare = sum(spare.values())
    if rest and total_spare:
        exact = {c: rest * spare[c] / total_spare for c in codes}
        for c in codes:
            quota[c] += int(exact[c])
        left = n - sum(quota.values())
        tiebreak = random.Random(f"{seed}:strata")
        order = sorted(codes, key=lambda c: (-(exact[c] - int(exact[c])), tiebreak.random()))
        for c in order:
            if left <= 0:
                break
            if quota[c] < sizes[c]:
                quota[c] += 1
                left -= 1
    return quota


def where_to_look(item, domain_name: str) -> str:
    """Where an assessor finds the item: the website's 专栏 path for 政府网站, else the channel itself."""
    places = []
    path = " › ".join(x for x in (domain_name, item.category, item.name) if x)
    for ch in vocab.vocab_order(item.method.channels, vocab.CHANNELS):
        if ch == "政府网站":
            places.append(f"政府网站 基层政务公开专栏 › {path}")
        elif ch == "社区/企事业单位/村公示栏(电子屏)":
            places.append("村(社区)公示栏、电子屏")
        else:
            places.append(ch)
    return "；".join(places) or "公开目录所列位置"


def item_lines(number: int, domain_code: str, domain_name: str, item) -> list[CheckLine]:
    channels = "、".join(vocab.vocab_order(item.method.channels, vocab.CHANNELS))
    head = CheckLine("item", item.code, domain_code, item.label, number=number, domain_name=domain_name,
                     body=item.body or "", channels=channels, deadline=item.deadline or "",
                     where=where_to_look(item, domain_name))
    lines = [head]
    for e in item.elements:
        lines.append(CheckLine("element", item.code, domain_code, e.name, required=e.required))
    d = parse_deadline(item.deadline)
    if d.kind != "missing":
        described = d.describe()
        text = item.deadline if described == item.deadline else f"{item.deadline}（{described}）"
        lines.append(CheckLine("deadline", item.code, domain_code, f"按时公开: {text}"))
    if channels:
        lines.append(CheckLine("channel", item.code, domain_code, f"在所列渠道公开: {channels}"))
    return lines


def build_checklist(ws, dept: Optional[str] = None, domain: Optional[str] = None, level: Optional[str] = None,
                    sample: Optional[int] = None, seed: Optional[str] = None) -> Checklist:
    level = level_name(level)
    if sample is not None and sample <= 0:
        raise UsageError("--sample must be a positive number of items")
    if sample is not None and seed is None:
        raise UsageError("--sample needs --seed, so that the same sample can be drawn again")
    if seed is not None and sample is None:
        raise UsageError("--seed needs --sample N: a seed only chooses which N items a sample draws")
    pairs = eligible_items(ws, dept, domain, level)
    if not pairs:
        raise UsageError("no item matches" + "".join(f" {k} {v}" for k, v in
                         (("--dept", dept), ("--domain", domain), ("--level", level)) if v))
    population = len(pairs)
    if sample is not None:
        pairs = stratified_sample(pairs, sample, str(seed))
    dept_name = department_scope(ws, dept).name if dept else None
    lines: list[CheckLine] = []
    for n, (d, item) in enumerate(pairs, 1):
        lines.extend(item_lines(n, d.code, d.model.domain.name, item))
    return Checklist(ws.config.unit.name, ws.region, lines, dept=dept_name, domain=domain, level=level,
                     sample=sample, seed=None if seed is None else str(seed), population=population)

