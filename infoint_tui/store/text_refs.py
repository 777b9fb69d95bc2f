"""What names a typed text and what saving it did: plain data, light to import.

The screens and the saver use these before (or without) the data layer being loaded;
the saving itself is in store/texts.py.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The line between our text and the other copy's, when both were kept.
CONFLICT_MARKER = "──── also saved in another copy of infoint-tui; both kept ────"
#: Between the two texts of a one-line field.
ONE_LINE_MARKER = " ‖ also in another copy: "


@dataclass(frozen=True)
class TextRef:
    """Which stored text a field shows: a kind of row, its id, and a column.

    `row_id` is the row's own id, except for `organization` (the organization the
    interview `row_id` is linked to) and `reflection` / `follow_up` (the one row each
    interview has, made on first save).
    """

    kind: str
    row_id: int
    field: str

    @property
    def one_line(self) -> bool:
        """The field is one line (a name, an e-mail), not a multi-line text."""
        return (self.kind, self.field) in ONE_LINE_FIELDS


#: Fields typed in one-line inputs: both texts are kept on one line there.
ONE_LINE_FIELDS = frozenset(
    {
        *(
            ("contact", name)
            for name in ("name", "role", "email", "phone", "profile_url", "how_met")
        ),
        ("organization", "sector"),
        ("organization", "website"),
        ("question", "text"),
        ("referral", "name"),
        ("referral", "context"),
        # Drafts typed in one-line fields (a question being added, a person's details).
        ("draft", "question"),
        ("draft", "referral-name"),
        ("draft", "referral-context"),
    }
)


@dataclass(frozen=True)
class TextWrite:
    """What a save stored; `theirs` is the other copy's text when both were kept."""

    stored: str
    theirs: str | None = None

    @property
    def conflict(self) -> bool:
        """Another copy had changed the text since this one read it."""
        return self.theirs is not None


def merge_texts(mine: str, theirs: str, *, one_line: bool = False) -> str:
    """Both versions of a text, ours first, the other copy's after a marker.

    When one already holds the other, nothing is lost by keeping the longer alone.
    """
    if theirs in mine:
        return mine
    if mine in theirs:
        return theirs
    if one_line:
        return f"{mine}{ONE_LINE_MARKER}{theirs}"
    return f"{mine}\n\n{CONFLICT_MARKER}\n{theirs}"
