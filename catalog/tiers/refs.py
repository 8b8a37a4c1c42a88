"""The data of a derived catalogue: where its parent is, what it declined, and each item's link.

These models import nothing else of gongkai, so the item model and the workspace config can
hold them without an import circle.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

_FORM = ConfigDict(extra="forbid", populate_by_name=True)

# Fields a child sets for itself (tailoring); the item's identity (category, name, subitem) stays the parent's.
TAILORABLE = ("elements", "basis", "body", "responsibility", "deadline", "process", "method.mode",
              "method.audience", "method.channels", "levels", "stages", "note")


class ParentLink(BaseModel):
    """``[items.parent]``: the parent item claimed (认领), the approved version taken, the fields tailored."""

    model_config = _FORM
    code: str                                   # the parent's full code, e.g. 410106-19-02-002
    version: int = Field(ge=1, strict=True)     # the parent's approved version this item follows
    tailored: list[str] = Field(default_factory=list)   # fields set here; every other field is inherited
    pending: Optional[str] = None   # an upstream change recorded here and not yet synced: "v2", "withdrawn"
    base: dict[str, Any] = Field(default_factory=dict)   # the parent's value of each tailored field (at version)

    @field_validator("tailored")
    @classmethod
    def _known_fields(cls, v: list[str]) -> list[str]:
        unknown = [f for f in v if f not in TAILORABLE]
        if unknown:
            raise ValueError(f"{', '.join(unknown)} cannot be tailored; tailorable: {', '.join(TAILORABLE)}")
        return sorted(set(v), key=TAILORABLE.index)


class Declined(BaseModel):
    """A parent item this unit does not claim, with the reason on record (不认领须说明理由)."""

    model_config = _FORM
    code: str
    reason: str = Field(min_length=1)
    declined_on: Optional[date] = Field(None, strict=True)


class ParentRef(BaseModel):
    """``[parent]`` in gongkai.toml: the workspace this one claims its items from."""

    model_config = _FORM
    path: str                                   # the parent's folder, relative to this workspace's
    region: str                                 # the parent's region: a moved or replaced folder is noticed
    name: Optional[str] = None
    declined: list[Declined] = Field(default_factory=list)
