"""Loading and writing one domain file (``domains/NN-slug.toml``).

Loading validates the header and each item separately so that every problem in a
file is reported at once, each with file, line, item code and field.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from gongkai.catalog.errors import InputError, Problem, display_path
from gongkai.catalog.model import DomainFile, DomainHeader, Item, share_fields_sets
from gongkai.catalog.toml_store import (LineMap, comment_lines, dumps, dumps_pruned, parse_toml, prune, read_toml,
                                       share_repeated_strings)

ITEM_KEY_ORDER = list(Item.model_fields)


@dataclass
class LoadedDomain:
    """A domain file as loaded: the model, where it came from, and its original text."""

    path: Path
    model: DomainFile
    text: str
    comments: list[int] = field(default_factory=list)
    _lines: LineMap | None = None

    @property
    def lines(self) -> LineMap:
        if self._lines is None:
            self._lines = LineMap(self.text)
        return self._lines

    @property
    def code(self) -> str:
        return self.model.domain.code

    def item_line(self, code: str) -> int | None:
        for i, item in enumerate(self.model.items):
            if item.code == code:
                return self.lines.item_line(i)
        return None

    def render(self) -> str:
        """The text to write: unchanged items keep their block of the loaded text (see render_domain)."""
        return render_domain(self.model, "" if self.comments else self.text, self.path)


def render_domain(model: DomainFile, loaded_text: str = "", path: Path | str = "") -> str:
    """Canonical text: header first, items in code order, keys in model order.

    With ``loaded_text`` (the file as it was read), an item whose content is what that text says
    keeps its ``[[items]]`` block from it instead of being rendered again: rendering (tomli-w) is
    most of a bulk write, and a bulk approve leaves ~88 % of a file's items as they were. For a
    file gongkai wrote, the result is the same text; in a hand-formatted file only the changed
    items are reformatted (``gongkai fmt`` renders everything)."""
    items = sorted(model.items, key=lambda i: i.code)
    header = model.domain.model_dump(mode="json", exclude_none=True)
    kept = _loaded_blocks(loaded_text, path) if loaded_text and items else {}
    if not kept:
        return dumps({"domain": header, "items": [_item_dict(i) for i in items]})
    head = dumps({"domain": header})
    parts = []
    for item in items:
        data = prune(_item_dict(item))
        hit = kept.get(item.code)
        if hit is not None and hit[0] == data and _same_untyped(hit[0], data):
            parts.append(hit[1])
            continue
        part = dumps_pruned({"items": [data]})
        if not part.startswith("[[items]]\n"):
            # tomli-w writes a short, flat item alone as an inline array; whether the whole file is
            # [[items]] blocks is decided over all its items, so render them all
            return render_domain(model)
        parts.append(part)
    return head + "\n" + "\n".join(parts)


_ITEM_START = re.compile(r"^\[\[items\]\]\n", re.MULTILINE)
# What rtoml reads but TOML 1.0 (tomllib, tomli-w) does not: an inline table over several lines or
# with a trailing comma, \e and \xHH escapes, a time without seconds. A block holding anything
# like it is rendered again rather than kept (a false alarm only costs the rendering).
_NEWER_TOML = re.compile(r"\{[^}\n]*$|,\s*\}|\\[ex]|\d[T ]\d\d:\d\d(?![:\d])", re.MULTILINE)


def _same_untyped(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """``==`` takes 1, 1.0 and True for one value; the fields typed ``Any`` must also keep their types."""
    return all(_strictly_equal(old.get(key), new.get(key)) for key in ("approved", "parent") if key in new)


def _strictly_equal(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_strictly_equal(v, b[k]) for k, v in a.items())
    if isinstance(a, list):
        return len(a) == len(b) and all(_strictly_equal(x, y) for x, y in zip(a, b))
    return a == b


def blocks_can_be_cut(text: str) -> bool:
    """Whether a domain file's ``[[items]]`` blocks can be cut apart at their header lines: the
    [domain] table first and nowhere else, and no multi-line string that could hold such a line."""
    return text.startswith("[domain]") and "\n[domain" not in text and '"""' not in text and "'''" not in text


def _loaded_blocks(text: str, path: Path | str) -> dict[str, tuple[dict[str, Any], str]]:
    """code → (its parsed content, its ``[[items]]`` block) in a loaded text; {} when the blocks
    cannot be told apart safely."""
    if not blocks_can_be_cut(text):
        return {}
    starts = [m.start() for m in _ITEM_START.finditer(text)]
    raw = parse_toml(text, path).get("items", [])
    if len(raw) != len(starts):
        return {}
    out = {}
    for k, start in enumerate(starts):
        block = text[start:starts[k + 1] if k + 1 < len(starts) else len(text)].rstrip("\n") + "\n"
        code = raw[k].get("code") if isinstance(raw[k], dict) else None
        if isinstance(code, str) and f'code = "{code}"' in block and not _NEWER_TOML.search(block):
            out[code] = (raw[k], block)                                 # the block is this item's
    return out


def _item_dict(item: Item) -> dict[str, Any]:
    d = item.model_dump(mode="python", by_alias=True, exclude_none=True)
    # Drop defaults that say nothing, so hand-written files stay short.
    if d.get("origin") == {"kind": "standard"}:
        d.pop("origin")
    # A required element is written as its bare name; only optional ones need a table.
    d["elements"] = [e["name"] if e["required"] else e for e in d.get("elements", [])]
    return d


def load_domain(path: Path) -> LoadedDomain:
    data, text = read_toml(path)
    return validate_domain(data, text, path)


_ITEMS = TypeAdapter(list[Item])


def validate_domain(data: dict[str, Any], text: str, path: Path) -> LoadedDomain:
    shown = display_path(path)
    loaded = LoadedDomain(path, None, text)   # its line map is built only if a problem needs it
    problems: list[Problem] = []
    for key in data:
        if key not in ("domain", "items"):
            problems.append(Problem(f"unknown table '{key}'" + _suggest(key, ["domain", "items"]),
                                    file=shown, line=loaded.lines.top_line(key), field=key,
                                    expected="only [domain] and [[items]]"))
    header = None
    raw_header = data.get("domain")
    if raw_header is None:
        problems.append(Problem("missing [domain] table", file=shown, line=1, field="domain",
                                expected="[domain] with code, slug and name"))
    else:
        try:
            header = DomainHeader.model_validate(raw_header)
        except ValidationError as exc:
            for err in exc.errors():
                dotted = ".".join(str(p) for p in err["loc"])
                problems.append(_problem(err, shown, loaded.lines.top_line(f"domain.{dotted}"), None,
                                         f"domain.{dotted}", DomainHeader))
    raw_items = data.get("items", [])
    if not isinstance(raw_items, list):
        problems.append(Problem("'items' must be an array of tables", file=shown, field="items",
                                expected="[[items]] blocks"))
        raw_items = []
    share_repeated_strings(raw_items)
    try:
        # One call for the whole file is much faster; item by item only to report problems.
        items = _ITEMS.validate_python(raw_items)
    except ValidationError:
        items = []
        for index, raw in enumerate(raw_items):
            code = raw.get("code") if isinstance(raw, dict) else None
            try:
                items.append(Item.model_validate(raw))
            except ValidationError as exc:
                for err in exc.errors():
                    problems.append(_problem(err, shown, loaded.lines.field_line(index, _key_path(err["loc"])),
                                             code if isinstance(code, str) else None,
                                             ".".join(str(p) for p in err["loc"]), Item))
                items.append(None)
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if item is None:
            continue
        first = seen.setdefault(item.code, index)
        if first != index:
            problems.append(Problem(
                f"duplicate code {item.code} (first used at line {loaded.lines.item_line(first)})",
                file=shown, line=loaded.lines.field_line(index, "code"), item=item.code, field="code",
                expected="each code once in a workspace"))
    if problems:
        raise InputError(problems)
    share_fields_sets(items)
    loaded.model = DomainFile.model_construct(domain=header, items=items)
    loaded.comments = comment_lines(text) if "#" in text else []
    return loaded


def _key_path(loc: tuple) -> str:
    """Pydantic's error location as a dotted key path without list indexes (for line lookup)."""
    return ".".join(str(p) for p in loc if not isinstance(p, int))


def _problem(err: dict, file: str, line: int | None, item: str | None, dotted: str, model) -> Problem:
    kind = err["type"]
    field_name = dotted
    if kind == "extra_forbidden":
        key = str(err["loc"][-1])
        choices = _field_names(model, err["loc"][:-1])
        return Problem(f"unknown key '{key}'" + _suggest(key, choices), file=file, line=line,
                       item=item, field=field_name, expected="one of: " + ", ".join(choices))
    if kind == "missing":
        return Problem("required field is missing", file=file, line=line, item=item, field=field_name,
                       expected=_expected(model, err["loc"]))
    value = err.get("input")
    shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    return Problem(f"{err['msg'].lower()}; found {shown}", file=file, line=line, item=item,
                   field=field_name, expected=_expected(model, err["loc"]))


def _field_names(model, loc: tuple) -> list[str]:
    """Field names of the (nested) model at loc, following list indexes and sub-models."""
    current = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(str(part))
        sub = _model_of(info.annotation) if info else None
        if sub is None:
            return []
        current = sub
    return [f.alias or name for name, f in current.model_fields.items()]


def _model_of(annotation) -> Any:
    from typing import get_args

    from pydantic import BaseModel

    candidates = [annotation, *get_args(annotation)]
    for c in list(candidates):
        candidates.extend(get_args(c))
    for c in candidates:
        if isinstance(c, type) and issubclass(c, BaseModel):
            return c
    return None


_EXPECT = {
    "code": "text like 01-02-003 (see `gongkai item add`)", "category": "text (一级事项)",
    "name": "text (二级事项)", "deadline": "text, the official 公开时限", "body": "text (公开主体)",
    "elements": 'a list like ["办理条件", {name = "所需材料", required = false}]',
    "basis": 'a list of tables like [{title = "《中华人民共和国政府信息公开条例》", article = "第二十六条"}]',
    "process": 'a list of steps like ["采集", "审核", "发布"]',
    "levels": 'a list from 市级, 县级, 乡级, 村级', "stages": "a list from 决策, 执行, 管理, 服务, 结果",
    "status": "one of draft, in_review, published, revising, reviewing, withdrawn",
    "version": "a whole number",
}


_EXPECT_DOMAIN = {
    "code": "the two-digit domain code, e.g. \"19\" (see `gongkai domains`)",
    "slug": "the domain's slug, e.g. \"social-assistance\" (see `gongkai domains`)",
    "name": "the domain's name, e.g. \"社会救助\" (see `gongkai domains`)",
}


def _expected(model, loc: tuple) -> str | None:
    names = [str(p) for p in loc if not isinstance(p, int)]
    if model is DomainHeader:                          # the [domain] table, not an item
        return _EXPECT_DOMAIN.get(names[-1]) if names else None
    if len(names) > 1 and names[-1] == "name" and names[0] == "elements":
        return "text, the element's name"
    if len(names) > 1 and names[0] == "basis":
        return _EXPECT["basis"]
    for name in reversed(names):
        if name in _EXPECT:
            return _EXPECT[name]
    return None


def _suggest(key: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(key, choices, n=1, cutoff=0.6)
    return f" — did you mean '{close[0]}'?" if close else ""
