"""Drafting the thank-you note and timing it: plain text in, plain text out, no Textual."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING

from infoint_tui import timekeeping
from infoint_tui.text import one_line

if TYPE_CHECKING:
    from infoint_tui.store.records import InterviewBundle

SEND_WITHIN_HOURS = 24
"""A thank-you note goes out within a day of the conversation."""

_TITLES = {"dr", "prof", "mr", "mrs", "ms", "mx", "sir", "dame"}
# Opening words that are never names, so lowering them keeps "How she ..." mid-sentence.
_LOWER_OPENERS = {
    "a",
    "an",
    "the",
    "how",
    "what",
    "why",
    "when",
    "where",
    "which",
    "who",
    "that",
    "her",
    "his",
    "their",
    "your",
    "hearing",
    "learning",
}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
_MAX_TOPIC = 140


def greeting_name(full_name: str) -> str:
    """The name to open with: the first name, or title and last name ("Dr. Lee")."""
    words = full_name.split()
    if not words:
        return ""
    if len(words) > 1 and words[0].rstrip(".").lower() in _TITLES:
        return f"{words[0]} {words[-1]}"
    return words[0]


def _phrase(text: str) -> str:
    """The first sentence of a reflection, flattened, fit to sit inside a sentence."""
    flat = one_line(text)
    flat = _SENTENCE_END.split(flat, maxsplit=1)[0].rstrip(" .!;:,")
    if len(flat) > _MAX_TOPIC:
        cut = flat[:_MAX_TOPIC].rsplit(" ", 1)[0]
        flat = cut.rstrip(" ,;:") + "…"
    first, _, rest = flat.partition(" ")
    if first.lower() in _LOWER_OPENERS and first == first.capitalize():
        flat = first.lower() + (" " + rest if rest else "")
    return flat


def _quoted(text: str) -> str:
    """A question or note as a short quotation."""
    flat = one_line(text)
    if len(flat) > _MAX_TOPIC:
        flat = flat[:_MAX_TOPIC].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return f"“{flat}”"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def draft_thank_you(bundle: InterviewBundle) -> str:
    """A short, warm thank-you note that names what was most interesting or helpful.

    Uses the contact's first name, the reflection's "most interesting" and "most helpful",
    the starred answers and notes, and the people the contact suggested. Every part is
    optional: without any of them the note is still a complete, polite thank-you.
    """
    name = greeting_name(bundle.contact.name)
    where = f" at {bundle.organization.name.strip()}" if bundle.organization else ""
    lines = [f"Hi {name}," if name else "Hello,", ""]
    lines.append(
        f"Thank you for taking the time to talk with me about your work{where}. "
        "I really appreciated how openly you shared your experience."
    )

    specifics: list[str] = []
    reflection = bundle.reflection
    interesting = _phrase(reflection.most_interesting) if reflection else ""
    helpful = _phrase(reflection.most_helpful) if reflection else ""
    if interesting:
        specifics.append(f"I especially enjoyed hearing about {interesting}.")
    if helpful and helpful != interesting:
        specifics.append(f"It was really helpful to learn about {helpful}.")

    starred = [
        f"your thoughts on {_quoted(q.text)}"
        for q in bundle.questions
        if q.starred and q.text.strip()
    ]
    starred += [
        f"your point about {_quoted(n.text)}" for n in bundle.notes if n.starred and n.text.strip()
    ]
    if starred:
        also = " as well" if specifics else ""
        specifics.append(f"Thank you{also} for {_join(starred[:2])}.")
    if not specifics:
        specifics.append(
            "Your perspective gave me a much clearer picture of what the work is really like."
        )
    lines += ["", " ".join(specifics)]

    names = [one_line(r.name) for r in bundle.referrals if r.name.strip()]
    if names:
        lines += [
            "",
            f"Thank you also for suggesting I speak with {_join(names[:3])}; "
            "I will reach out and mention that you sent me.",
        ]
    lines += [
        "",
        "I will let you know how things go. Thank you again for your time and generosity.",
        "",
        "Best regards,",
        "",
    ]
    return "\n".join(lines)


def send_window(interview_at: datetime | None, now: datetime | None = None) -> tuple[str, bool]:
    """The 24-hour hint, and whether the window has passed.

    Args:
        interview_at: When the interview ended (or started); None when it never ran.
        now: The current time (aware); defaults to the app's clock.
    """
    lead = f"Send within {SEND_WITHIN_HOURS} h of the interview"
    if interview_at is None:
        return lead + ".", False
    interview_at = timekeeping.aware(interview_at)
    now = now or timekeeping.utcnow()
    left = SEND_WITHIN_HOURS * 3600 - (now - interview_at).total_seconds()
    if left > 0:
        hours = int(left // 3600)
        return (f"{lead}: {hours} h left" if hours else f"{lead}: less than 1 h left"), False
    late = int(-left // 3600)
    if late >= 48:
        return f"{lead}: overdue by {late // 24} days", True
    return (f"{lead}: overdue by {late} h" if late else f"{lead}: just overdue"), True
