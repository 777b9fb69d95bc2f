"""The import document's shape as strict pydantic models, with plain-worded field errors."""

from __future__ import annotations

import json
import re
import uuid as uuid_module
from collections.abc import Callable
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator
from pydantic_core import PydanticCustomError

from infoint_tui.store.exchange.document import JSON_UNSAFE, escape, one_line
from infoint_tui.store.models import Medium, OutreachStatus, Stage, TimelineKind
from infoint_tui.timekeeping import local_to_utc

_DATE_ONLY = re.compile(r"\d{4}-?\d{2}-?\d{2}")


def found(value: object) -> str:
    """A short, terminal-safe picture of an input value for an error message."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str | int | float | bool) or value is None:
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    text = one_line(escape(JSON_UNSAFE, text))
    return text if len(text) <= 40 else text[:39] + "…"


def _custom(kind: str, problem: str, value: object) -> PydanticCustomError:
    return PydanticCustomError(
        kind, "{problem}, found {found}", {"problem": problem, "found": found(value)}
    )


def _parse_timestamp(value: object) -> datetime:
    """ISO 8601 with Z or an offset, or without one (the user's local time) -> aware UTC."""
    if isinstance(value, str) and not _DATE_ONLY.fullmatch(value.strip()):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            moment = None
        if moment is not None:
            try:
                if moment.utcoffset() is None:
                    return local_to_utc(moment)
                return moment.astimezone(UTC)
            except OverflowError:
                raise _custom(
                    "timestamp_range",
                    "is outside the years 1 to 9999 once converted to UTC",
                    value,
                ) from None
    raise _custom(
        "timestamp",
        'expected a date and time such as "2026-11-26T14:30:00Z" or "2026-11-26 14:30"',
        value,
    )


def _parse_date(value: object) -> date:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _custom("date", 'expected a date such as "2026-11-26"', value)


def _parse_uuid(value: object) -> str:
    if isinstance(value, str):
        try:
            return str(uuid_module.UUID(value.strip()))
        except ValueError:
            pass
    raise _custom("uuid", 'expected a UUID such as "123e4567-e89b-12d3-a456-426614174000"', value)


_E = TypeVar("_E", bound=StrEnum)


def _enum_parser(enum_class: type[_E]) -> Callable[[object], _E]:
    choices = ", ".join(member.value for member in enum_class)

    def parse(value: object) -> _E:
        if isinstance(value, str) and value in enum_class._value2member_map_:
            return enum_class(value)
        raise _custom("choice", f"expected one of {choices}", value)

    return parse


def _between(low: float, high: float) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if not low <= value <= high:
            raise _custom("range", f"must be between {low} and {high}", value)
        return value

    return check


def _not_blank(value: str) -> str:
    if not value.strip():
        raise _custom("blank", "must not be empty", value)
    return value


_Timestamp = Annotated[datetime, PlainValidator(_parse_timestamp)]
_Date = Annotated[date, PlainValidator(_parse_date)]
_Uuid = Annotated[str, PlainValidator(_parse_uuid)]
_Name = Annotated[str, AfterValidator(_not_blank)]
_Int64 = Annotated[int, AfterValidator(_between(-(2**63), 2**63 - 1))]
_Minutes = Annotated[int, AfterValidator(_between(1, 600))]
_Estimate = Annotated[float, AfterValidator(_between(0, 600))]
_Fit = Annotated[int, AfterValidator(_between(1, 5))]
_Motivation = Annotated[int, AfterValidator(_between(1, 5))]
_Days = Annotated[int, AfterValidator(_between(1, 2**63 - 1))]
_StageValue = Annotated[Stage, PlainValidator(_enum_parser(Stage))]
_MediumValue = Annotated[Medium, PlainValidator(_enum_parser(Medium))]
_OutreachValue = Annotated[OutreachStatus, PlainValidator(_enum_parser(OutreachStatus))]
_TimelineValue = Annotated[TimelineKind, PlainValidator(_enum_parser(TimelineKind))]


class _Strict(BaseModel):
    """Input models: no type coercion ("yes" is not true) and no unknown keys."""

    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False)


class ContactRef(_Strict):
    uuid: _Uuid | None = None
    name: _Name


class ContactIn(_Strict):
    uuid: _Uuid | None = None
    name: _Name
    role: str = ""
    email: str = ""
    phone: str = ""
    profile_url: str = ""
    how_met: str = ""
    notes: str = ""
    referred_by: ContactRef | None = None
    created_at: _Timestamp | None = None
    updated_at: _Timestamp | None = None


class OrganizationIn(_Strict):
    name: _Name
    sector: str = ""
    website: str = ""
    research_notes: str = ""
    motivation: _Motivation | None = None
    """1-5 puts it on the target list (version 2)."""
    created_at: _Timestamp | None = None
    updated_at: _Timestamp | None = None


class TimelineEntryIn(_Strict):
    kind: _TimelineValue
    at: _Timestamp | None = None
    text: str = ""


class PersonIn(_Strict):
    """One person of a version 2 document; the uuid is how interviews and referrals name them."""

    uuid: _Uuid
    name: _Name
    organization: str | None = None
    role: str = ""
    email: str = ""
    phone: str = ""
    profile_url: str = ""
    how_found: str = ""
    introduced_by: _Uuid | None = None
    """The uuid of another person of the same document."""
    outreach_status: _OutreachValue = OutreachStatus.TO_CONTACT
    keep_in_touch_days: _Days | None = None
    notes: str = ""
    message_draft: str = ""
    """The request, nudge or update being written to them, not sent yet."""
    created_at: _Timestamp | None = None
    updated_at: _Timestamp | None = None
    timeline: list[TimelineEntryIn] = Field(default_factory=list)


class QuestionIn(_Strict):
    text: str
    category: str = "other"
    position: _Int64 | None = None
    must_ask: bool = False
    asked: bool = False
    asked_at_seconds: _Int64 | None = None
    skipped: bool = False
    answer: str = ""
    starred: bool = False
    estimate_minutes: _Estimate = 2.0
    bank_key: str | None = None
    updated_at: _Timestamp | None = None


class NoteIn(_Strict):
    text: str = ""
    created_at: _Timestamp | None = None
    offset_seconds: _Int64 | None = None
    starred: bool = False


class ReflectionIn(_Strict):
    fit_confidence: _Fit | None = None
    most_interesting: str = ""
    most_helpful: str = ""
    surprises: str = ""
    still_to_learn: str = ""
    next_steps: str = ""
    updated_at: _Timestamp | None = None


class ReferralIn(_Strict):
    name: _Name
    context: str = ""
    created_at: _Timestamp | None = None
    contact: ContactRef | None = None
    planned_interview_uuid: _Uuid | None = None


class FollowUpIn(_Strict):
    thank_you_text: str = ""
    thank_you_sent_at: _Timestamp | None = None
    next_contact_on: _Date | None = None
    updated_at: _Timestamp | None = None
    referrals: list[ReferralIn] = Field(default_factory=list)


class InterviewIn(_Strict):
    uuid: _Uuid | None = None
    stage: _StageValue = Stage.RESEARCH
    scheduled_at: _Timestamp | None = None
    medium: _MediumValue = Medium.VIDEO
    planned_minutes: _Minutes = 25
    research_notes: str = ""
    goals: str = ""
    started_at: _Timestamp | None = None
    ended_at: _Timestamp | None = None
    created_at: _Timestamp | None = None
    updated_at: _Timestamp | None = None
    contact: ContactIn
    organization: OrganizationIn | None = None
    occupation: str | None = None
    questions: list[QuestionIn] = Field(default_factory=list)
    notes: list[NoteIn] = Field(default_factory=list)
    reflection: ReflectionIn | None = None
    follow_up: FollowUpIn | None = None
    drafts: dict[str, str] = Field(default_factory=dict)
    """Text typed but not added yet, by field name (a question, a referral's name)."""


class DocumentIn(_Strict):
    format: str
    version: int
    exported_at: _Timestamp | None = None
    organizations: list[OrganizationIn] = Field(default_factory=list)
    """Version 2: the organizations no interview of the document names."""
    people: list[PersonIn] = Field(default_factory=list)
    """Version 2: every person the document's interviews and people name, and the rest."""
    interviews: list[InterviewIn] = Field(default_factory=list)
