"""An application for government information (政府信息公开申请) and its events, in strict form.

Dates are TOML dates (not strings that look like dates); kinds, channels, applicant types,
outcomes and results come from ``gongkai.catalog.requests.vocab``. An outcome may be written any
way ``outcome_name`` reads; it is kept as the 表三 row label. The applicant's name and contact
are not here: ``applicant`` is a pseudonymous key into the personal-data file
(``gongkai.catalog.requests.people``), so nothing exported from applications carries them.
"""
from __future__ import annotations

from datetime import date
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from gongkai.catalog.requests import vocab

_FORM = ConfigDict(extra="forbid")

KINDS = ("supplement", "consultation", "extension", "reply", "review", "litigation")
KIND_LABELS = {"supplement": "补正", "consultation": "征求意见", "extension": "延期", "reply": "答复",
               "review": "行政复议", "litigation": "行政诉讼"}
# the fields each kind may carry besides kind, on and note
KIND_FIELDS = {
    "supplement": {"received_on"},             # 第三十条: corrected application received on
    "consultation": {"party", "answered_on"},  # 第三十二条: third party or other agency, its answer
    "extension": {"days", "approved_by"},      # 第三十三条: at most 20 more working days, approved by
    "reply": {"outcome", "fee"},
    "review": {"result", "decided_on"},
    "litigation": {"result", "decided_on", "after_review"},
}


class Event(BaseModel):
    model_config = _FORM
    kind: Literal[KINDS]
    on: date = Field(strict=True)              # the day the event happened (notice sent, reply given, case filed)
    received_on: Optional[date] = Field(None, strict=True)
    party: Optional[str] = None
    answered_on: Optional[date] = Field(None, strict=True)
    days: Optional[int] = Field(None, ge=1, strict=True)
    approved_by: Optional[str] = None
    outcome: Optional[Literal[vocab.OUTCOMES]] = None
    fee: Optional[float] = Field(None, ge=0)
    result: Optional[Literal[vocab.REVIEW_RESULTS]] = None
    decided_on: Optional[date] = Field(None, strict=True)
    after_review: Optional[bool] = None
    note: Optional[str] = None

    @field_validator("outcome", mode="before")
    @classmethod
    def _outcome(cls, value):
        if value is None or value in vocab.OUTCOMES:
            return value
        return vocab.outcome_name(value) or value      # an unknown wording fails the Literal, naming the field

    @field_validator("result", mode="before")
    @classmethod
    def _result(cls, value):
        return vocab.review_result(value) or value if isinstance(value, str) else value

    @model_validator(mode="after")
    def _fields_of_kind(self) -> "Event":
        allowed = KIND_FIELDS[self.kind] | {"kind", "on", "note"}
        extra = [k for k in self.model_fields_set if k not in allowed and getattr(self, k) is not None]
        if extra:
            raise ValueError(f"a {self.kind} event has no {', '.join(sorted(extra))} "
                             f"(it takes {', '.join(sorted(KIND_FIELDS[self.kind]))})")
        if self.kind == "extension" and self.days is None:
            raise ValueError("an extension event needs days (working days added, at most 20)")
        return self


class Application(BaseModel):
    """One application (申请) with what the annual report and the clock need."""

    model_config = _FORM
    number: str = Field(min_length=1)          # 申请编号, unique in the workspace
    received_on: date = Field(strict=True)     # 第三十一条: see vocab.RECEIPT_RULE for the channel
    channel: Literal[vocab.CHANNELS]
    applicant_type: Literal[vocab.APPLICANT_TYPES]
    applicant: Optional[str] = None            # pseudonymous key into requests/applicants/ (personal data)
    subject: str = Field(min_length=1)         # what is asked (申请内容), as the applicant put it
    dept: Optional[str] = None                 # the department handling it
    items: list[str] = Field(default_factory=list)    # catalogue items it concerns
    topics: list[str] = Field(default_factory=list)   # subjects for 热点追踪
    events: list[Event] = Field(default_factory=list)
    note: Optional[str] = None

    @field_validator("channel", mode="before")
    @classmethod
    def _channel(cls, value):
        return vocab.channel_name(value) or value

    @field_validator("applicant_type", mode="before")
    @classmethod
    def _type(cls, value):
        return vocab.applicant_type(value) or value

    # -- what the events say ---------------------------------------------------------------
    def of_kind(self, kind: str) -> list[Event]:
        return [e for e in self.events if e.kind == kind]

    @property
    def reply(self) -> Optional[Event]:
        replies = self.of_kind("reply")
        return replies[-1] if replies else None

    @property
    def closed_on(self) -> Optional[date]:
        r = self.reply
        return r.on if r else None

    @property
    def outcome(self) -> Optional[str]:
        r = self.reply
        return r.outcome if r else None

    def closed_by(self, day: date) -> bool:
        return self.closed_on is not None and self.closed_on <= day
