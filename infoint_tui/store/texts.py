"""Saving typed text safely: one operation for every free-text field, with conflicts kept.

A field names its text with a `TextRef` (which row, which column). Saving compares the text
in the database with the text this copy of the app last read or wrote there (its *base*).
When another copy (a second terminal, a synced file) changed the text in between, neither
version replaces the other: both are kept in the field, ours first, theirs after a marker
line, and the result says so, so the app can tell the user in one line.
"""

from __future__ import annotations

from sqlmodel import Session, SQLModel, select

from infoint_tui.store.conversation_rules import advance
from infoint_tui.store.kinds import Stage
from infoint_tui.store.models import (
    Contact,
    Draft,
    FollowUp,
    Interview,
    Note,
    Organization,
    Question,
    Referral,
    Reflection,
    utcnow,
)
from infoint_tui.store.rows import StoreBase, get_row
from infoint_tui.store.sessions import reading, writing
from infoint_tui.store.text_refs import TextRef, TextWrite, merge_texts

_TEXT_FIELDS: dict[str, tuple[type[SQLModel], frozenset[str]]] = {
    "contact": (
        Contact,
        frozenset(
            {"name", "role", "email", "phone", "profile_url", "how_met", "notes", "message_draft"}
        ),
    ),
    "interview": (Interview, frozenset({"research_notes", "goals"})),
    "organization": (Organization, frozenset({"sector", "website", "research_notes"})),
    "question": (Question, frozenset({"text", "answer"})),
    "note": (Note, frozenset({"text"})),
    "reflection": (
        Reflection,
        frozenset(
            {"most_interesting", "most_helpful", "surprises", "still_to_learn", "next_steps"}
        ),
    ),
    "follow_up": (FollowUp, frozenset({"thank_you_text"})),
    "referral": (Referral, frozenset({"name", "context"})),
}


def _row(session: Session, ref: TextRef, *, create: bool) -> SQLModel | None:
    if ref.kind == "draft":
        get_row(session, Interview, ref.row_id)
        draft = session.get(Draft, (ref.row_id, ref.field))
        if draft is None and create:
            draft = Draft(interview_id=ref.row_id, name=ref.field)
            session.add(draft)
        return draft
    model, fields = _TEXT_FIELDS.get(ref.kind, (None, frozenset()))
    if model is None or ref.field not in fields:
        raise TypeError(f"{ref.kind}.{ref.field} is not a text field")
    if ref.kind == "organization":
        interview = get_row(session, Interview, ref.row_id)
        if interview.organization_id is None:
            return None
        return get_row(session, Organization, interview.organization_id)
    if ref.kind in ("reflection", "follow_up"):
        interview = get_row(session, Interview, ref.row_id)
        if create and ref.kind == "follow_up" and interview.ended_at is not None:
            advance(interview, Stage.FOLLOW_UP)  # writing the thank-you note: following up
        found = session.exec(
            select(model).where(model.interview_id == ref.row_id)  # type: ignore[attr-defined]
        ).first()
        if found is None and create:
            found = model(interview_id=ref.row_id)
            session.add(found)
        return found
    return get_row(session, model, ref.row_id)


class TextOps(StoreBase):
    """Reading and saving the free-text fields the user types in."""

    def read_text(self, ref: TextRef) -> str:
        """The stored text (empty when its row is not made yet)."""
        with reading(self.engine) as session:
            row = _row(session, ref, create=False)
            return "" if row is None else str(getattr(row, _column(ref)) or "")

    def save_text(self, ref: TextRef, text: str, base: str | None = None) -> TextWrite:
        """Store `text`, keeping another copy's change made since `base` was read.

        Args:
            ref: the field.
            text: what the user typed.
            base: the text this copy last read or wrote there; None saves without checking.

        Raises:
            NotFoundError: the row was deleted (e.g. in another copy of the app).
        """
        with writing(self.engine) as session:
            row = _row(session, ref, create=True)
            if row is None:  # an organization's detail while none is linked: nothing to keep
                return TextWrite(text)
            column = _column(ref)
            current = str(getattr(row, column) or "")
            merged = text
            if base is not None and current not in (base, text):
                merged = merge_texts(text, current, one_line=ref.one_line)
            # Kept as a conflict only when the field must change to show their text too.
            result = TextWrite(merged, theirs=current if merged != text else None)
            if ref.kind == "draft" and not result.stored:
                if session.get(Draft, (ref.row_id, ref.field)) is not None:
                    session.delete(row)  # an emptied draft is no draft
            elif current != result.stored:
                setattr(row, column, result.stored)
                if hasattr(row, "updated_at"):
                    row.updated_at = utcnow()
            return result

    def drafts(self, interview_id: int) -> dict[str, str]:
        """The drafts kept for an interview, by field name."""
        with reading(self.engine) as session:
            rows = session.exec(select(Draft).where(Draft.interview_id == interview_id))
            return {row.name: row.text for row in rows}


def drop_drafts(session: Session, interview_id: int, added: dict[str, str]) -> None:
    """Delete the drafts that became rows, in the same transaction (nothing twice).

    `added` maps each draft's name to the text the new row got; a draft that says
    something else by now (typed after enter, while the add waited) stays.
    """
    for name, text in added.items():
        draft = session.get(Draft, (interview_id, name))
        if draft is not None and draft.text.split() == text.split():
            session.delete(draft)


def _column(ref: TextRef) -> str:
    return "text" if ref.kind == "draft" else ref.field


__all__ = ["TextOps", "TextRef", "TextWrite"]
