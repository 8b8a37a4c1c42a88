"""The item model: eight fixed attributes (八定) and three divisions (三分) of one item.

Strict about form (unknown keys and wrong types are errors), lenient about content:
a draft may lack attributes — completeness is reported by the rules engine, not
refused here. Sets are kept as Python sets and written in vocabulary order.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_serializer, field_validator, model_validator

from gongkai.catalog import vocab
from gongkai.catalog.tiers.refs import ParentLink

_STRICT_FORM = ConfigDict(extra="forbid", populate_by_name=True)


class Element(BaseModel):
    """定要素: one element to disclose; real tables mark ● required / 〇 optional."""

    model_config = _STRICT_FORM
    name: str
    required: bool = True


class Basis(BaseModel):
    """公开依据 with its 依据分级 tier (inferred from the title when not given)."""

    model_config = _STRICT_FORM
    title: str
    article: Optional[str] = None
    tier: Optional[Literal[vocab.TIERS]] = None

    @model_validator(mode="after")
    def _infer_tier(self) -> "Basis":
        if self.tier is None:
            self.tier = vocab.infer_tier(self.title)
        return self


class Responsibility(BaseModel):
    """定责任: responsible unit, office and post (often internal only)."""

    model_config = _STRICT_FORM
    unit: Optional[str] = None
    office: Optional[str] = None
    post: Optional[str] = None


class Method(BaseModel):
    """定方式: 公开方式 (mode), 公开对象 (audience), 公开渠道和载体 (channels) — all sets."""

    model_config = _STRICT_FORM
    mode: set[str] = Field(default_factory=set)
    audience: set[str] = Field(default_factory=set)
    channels: set[str] = Field(default_factory=set)

    @field_serializer("mode")
    def _mode(self, v: set[str]) -> list[str]:
        return vocab.vocab_order(v, vocab.MODES)

    @field_serializer("audience")
    def _audience(self, v: set[str]) -> list[str]:
        return vocab.vocab_order(v, vocab.AUDIENCES)

    @field_serializer("channels")
    def _channels(self, v: set[str]) -> list[str]:
        return vocab.vocab_order(v, vocab.CHANNELS)


class Origin(BaseModel):
    """Standard item (from the national guideline) or a local addition, which needs a reason."""

    model_config = _STRICT_FORM
    kind: Literal[vocab.ORIGINS] = "standard"
    reason: Optional[str] = None


class Source(BaseModel):
    """Where the row comes from: a published catalogue (locality and URL) or a file."""

    model_config = _STRICT_FORM
    locality: Optional[str] = None
    url: Optional[str] = None
    file: Optional[str] = None
    row: Optional[int] = None
    # How the row was read (cut-off or masked cells, converted characters, a mirror host, the other
    # catalogues holding it): notes for the officer who checks the import, never for a published table.
    note: Optional[str] = None


class HistoryEntry(BaseModel):
    """One lifecycle event; the list of them is the audit trail and is never rewritten."""

    model_config = _STRICT_FORM
    at: datetime
    event: str
    from_: str = Field(alias="from")
    to: str
    actor: Optional[str] = None
    reason: Optional[str] = None
    trigger: str = "manual"
    version: Optional[int] = Field(None, strict=True)

    @field_serializer("at")
    def _utc(self, v: datetime) -> datetime:
        return v.replace(microsecond=0)


# Fields that hold an item's content (what an officer edits); the rest are managed.
CONTENT_FIELDS = (
    "category", "name", "subitem", "elements", "basis", "body", "responsibility", "deadline",
    "process", "method", "levels", "stages", "origin", "source", "note",
)


class Item(BaseModel):
    """One 公开事项 with its 八定 attributes, 三分 divisions and lifecycle fields."""

    model_config = _STRICT_FORM
    code: str
    category: str                     # 一级事项
    name: str                         # 二级事项 (定名称)
    subitem: Optional[str] = None     # 三级事项
    elements: list[Element] = Field(default_factory=list)
    basis: list[Basis] = Field(default_factory=list)
    body: Optional[str] = None        # 定实施主体 (公开主体)
    responsibility: Optional[Responsibility] = None
    deadline: Optional[str] = None    # 定时限, the official text
    process: list[str] = Field(default_factory=list)
    method: Method = Field(default_factory=Method)
    levels: set[str] = Field(default_factory=set)
    stages: set[str] = Field(default_factory=set)
    origin: Origin = Field(default_factory=Origin)
    source: Optional[Source] = None
    note: Optional[str] = None
    parent: Optional[ParentLink] = None   # 认领: the parent catalogue's item this one claims (三级, catalog/tiers)
    # lifecycle (managed by the state machine, not edited by hand)
    status: Literal[vocab.STATUSES] = "draft"
    version: int = Field(0, ge=0, strict=True)   # strict: true, "1" or 1.0 are mistakes, not versions
    review_due: Optional[date] = None
    approved: Optional[dict[str, Any]] = None   # content as last approved, while revising
    history: list[HistoryEntry] = Field(default_factory=list)

    @field_validator("elements", mode="before")
    @classmethod
    def _element_shorthand(cls, v: Any) -> Any:
        # A bare string is a required element: elements = ["办理条件", {name="x", required=false}]
        if isinstance(v, list):
            return [{"name": e} if isinstance(e, str) else e for e in v]
        return v

    @field_serializer("levels")
    def _levels(self, v: set[str]) -> list[str]:
        return vocab.vocab_order(v, vocab.LEVELS)

    @field_serializer("stages")
    def _stages(self, v: set[str]) -> list[str]:
        return vocab.vocab_order(v, vocab.STAGES)

    @property
    def label(self) -> str:
        return " / ".join(x for x in (self.category, self.name, self.subitem) if x)

    def in_force(self) -> "Item":
        """The version that applies now: while a revision is open (revising, or submitted again), the
        content as last approved; ``approved`` is kept exactly as long as that revision is open."""
        if not self.approved:
            return self
        approved = Item.model_validate({"code": self.code, **self.approved})
        managed = {k: getattr(self, k) for k in ("status", "version", "review_due", "approved", "history")}
        return approved.model_copy(update=managed)

    def content(self) -> dict[str, Any]:
        """The content fields as stored (for approved snapshots and diffs)."""
        return self.model_dump(include=set(CONTENT_FIELDS), by_alias=True, exclude_none=True, mode="json")


class DomainHeader(BaseModel):
    """The [domain] table of a domain file."""

    model_config = _STRICT_FORM
    code: str
    slug: str
    name: str
    reported_count: Optional[int] = Field(None, strict=True)   # the 上街区 seed count, for encoded-versus-reported
    encoded_note: Optional[str] = None
    retired_codes: list[str] = Field(default_factory=list)   # removed drafts: codes never reused

    @field_validator("code")
    @classmethod
    def _two_digits(cls, v: str) -> str:
        if len(v) != 2 or not v.isdigit():
            raise ValueError("a two-digit domain code such as '01'")
        return v


class DomainFile(BaseModel):
    """One domain file: its header and its items."""

    model_config = _STRICT_FORM
    domain: DomainHeader
    items: list[Item] = Field(default_factory=list)


# pydantic gives every model instance its own set of the fields that were set (~270 bytes; an item
# and its parts are nine instances). Nothing here reads it (no exclude_unset), so the models of a
# loaded file share one set per class holding every field name: adding a name to it changes
# nothing, and 150,000 items keep ~2.5 KB each less.
_EVERY_FIELD: dict[type, set[str]] = {}


def share_fields_sets(items: list[Item]) -> None:
    """Let ``items`` and their parts share their class's set of field names (see above)."""
    every = _EVERY_FIELD
    put = object.__setattr__

    def share(model: BaseModel) -> None:
        cls = type(model)
        fields = every.get(cls)
        if fields is None:
            fields = every[cls] = set(cls.model_fields)
        put(model, "__pydantic_fields_set__", fields)

    for item in items:
        share(item)
        share(item.method)
        share(item.origin)
        for part in item.elements:
            share(part)
        for part in item.basis:
            share(part)
        for part in item.history:
            share(part)
        for part in (item.source, item.responsibility, item.parent):
            if part is not None:
                share(part)
