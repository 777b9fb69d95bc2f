"""What the export and import modules share: the tables, and (from `format`) the format,
version and safe text."""

from __future__ import annotations

import sqlalchemy as sa

from infoint_tui.store.exchange.format import FIRST_VERSION as FIRST_VERSION
from infoint_tui.store.exchange.format import FORMAT as FORMAT
from infoint_tui.store.exchange.format import JSON_UNSAFE as JSON_UNSAFE
from infoint_tui.store.exchange.format import VERSION as VERSION
from infoint_tui.store.exchange.format import escape as escape
from infoint_tui.store.exchange.format import iso as iso
from infoint_tui.store.exchange.format import one_line as one_line
from infoint_tui.store.models import (
    Contact,
    Draft,
    FollowUp,
    Interview,
    Note,
    Occupation,
    Organization,
    Question,
    Referral,
    Reflection,
    TimelineEntry,
)

CONTACT: sa.Table = Contact.__table__  # type: ignore[attr-defined]
ORGANIZATION: sa.Table = Organization.__table__  # type: ignore[attr-defined]
OCCUPATION: sa.Table = Occupation.__table__  # type: ignore[attr-defined]
INTERVIEW: sa.Table = Interview.__table__  # type: ignore[attr-defined]
QUESTION: sa.Table = Question.__table__  # type: ignore[attr-defined]
NOTE: sa.Table = Note.__table__  # type: ignore[attr-defined]
REFLECTION: sa.Table = Reflection.__table__  # type: ignore[attr-defined]
FOLLOW_UP: sa.Table = FollowUp.__table__  # type: ignore[attr-defined]
REFERRAL: sa.Table = Referral.__table__  # type: ignore[attr-defined]
DRAFT: sa.Table = Draft.__table__  # type: ignore[attr-defined]
TIMELINE: sa.Table = TimelineEntry.__table__  # type: ignore[attr-defined]
