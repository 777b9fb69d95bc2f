"""Drafting the thank-you note and timing it: plain text in, plain text out, no Textual."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from infoint_tui import timekeeping
from infoint_tui.note_phrases import (
    Clause,
    end_sentence,
    name_words,
    occupation_phrase,
    question_topic,
    referral_phrase,
    reflection_clause,
    with_article,
)
from infoint_tui.text import one_line

if TYPE_CHECKING:
    from infoint_tui.store.records import InterviewBundle

SEND_WITHIN_HOURS = 24
"""A thank-you note goes out within a day of the conversation."""

Tone = Literal["brief", "warm", "formal"]
TONES: tuple[Tone, ...] = ("brief", "warm", "formal")
"""The tones a draft can take, in the order the tone key goes through them."""
DEFAULT_TONE: Tone = "warm"
NAME_PLACEHOLDER = "[your name]"
"""Signs a draft while the user's own name is not known: visible, for them to fill in."""

_TITLES = {"dr", "prof", "mr", "mrs", "ms", "mx", "sir", "dame"}
_MAX_TOPICS = 2
_MAX_REFERRALS = 3


def greeting_name(full_name: str) -> str:
    """The name to open with: the first name, or title and last name ("Dr. Lee")."""
    words = full_name.split()
    if not words:
        return ""
    if len(words) > 1 and words[0].rstrip(".").lower() in _TITLES:
        return f"{words[0]} {words[-1]}"
    return words[0]


def next_tone(tone: str) -> Tone:
    """The tone after `tone` (brief, warm, formal, brief, ...)."""
    index = TONES.index(tone) if tone in TONES else TONES.index(DEFAULT_TONE)
    return TONES[(index + 1) % len(TONES)]


def as_tone(value: object) -> Tone:
    """`value` if it names a tone (a setting read from a file), else the default tone."""
    return next((tone for tone in TONES if tone == value), DEFAULT_TONE)


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


@dataclass(frozen=True)
class _Facts:
    """What a note can name, already phrased to sit inside a sentence."""

    name: str
    work: str
    topics: list[str]
    interesting: Clause | None
    helpful: Clause | None
    referrals: list[str]
    signer: str


def _facts(bundle: InterviewBundle, signer: str) -> _Facts:
    organization = one_line(bundle.organization.name).strip() if bundle.organization else ""
    occupation = one_line(bundle.occupation.name).strip() if bundle.occupation else ""
    work = "your work"
    if occupation:
        work += " as " + with_article(occupation_phrase(occupation))
    if organization:
        work += f" at {organization}"
    names = [one_line(r.name).strip() for r in bundle.referrals if r.name.strip()]
    keep = name_words(bundle.contact.name, organization, occupation, *names)
    topics: list[str] = []
    for question in bundle.questions:
        if not question.starred or not question.text.strip():
            continue
        if question.category == "referrals" and names:
            continue  # the note thanks them for the people by name
        topic = question_topic(question.text, question.category, question.bank_key)
        if topic and topic not in topics:
            topics.append(topic)
    reflection = bundle.reflection
    interesting = reflection_clause(reflection.most_interesting, keep) if reflection else None
    helpful = reflection_clause(reflection.most_helpful, keep) if reflection else None
    if helpful and interesting and helpful.text == interesting.text:
        helpful = None
    return _Facts(
        name=greeting_name(one_line(bundle.contact.name)),
        work=work,
        topics=topics[:_MAX_TOPICS],
        interesting=interesting,
        helpful=helpful,
        referrals=[referral_phrase(name) for name in names[:_MAX_REFERRALS]],
        signer=one_line(signer).strip() or NAME_PLACEHOLDER,
    )


def draft_thank_you(bundle: InterviewBundle, tone: str = DEFAULT_TONE, signer: str = "") -> str:
    """A thank-you note in `tone` (brief, warm or formal), signed by `signer`.

    It opens with the contact's first name and names the occupation and organization; it
    says what was most interesting and helpful (from the reflection, addressed to the
    contact), what the starred answers were about (by topic, never quoting our own
    questions), and thanks for the people suggested. Every part is optional: with nothing
    starred or reflected on, the note is short and still names the work it was about.
    Without a `signer`, it is signed with a placeholder to fill in.
    """
    facts = _facts(bundle, signer)
    write = {"brief": _brief, "formal": _formal}.get(tone, _warm)
    return "\n".join(write(facts))


def _warm(f: _Facts) -> list[str]:
    lines = [f"Hi {f.name}," if f.name else "Hello,", ""]
    lines.append(
        f"Thank you so much for taking the time to talk with me about {f.work}. "
        "I really appreciated how openly you shared your experience."
    )
    said: list[str] = []
    if f.topics:
        said.append(f"I especially enjoyed hearing about {_join(f.topics)}")
    else:
        said.append(
            "Our conversation gave me a much clearer picture of what the job is really like"
        )
    if f.interesting:
        said.append(
            f"It stayed with me that {f.interesting.text}"
            if f.interesting.kind == "that"
            else f"I keep thinking about {f.interesting.text}"
        )
    if f.helpful:
        said.append(
            {
                "advice": f"I mean to follow your advice to {f.helpful.text}",
                "that": f"It was really helpful to learn that {f.helpful.text}",
                "about": f"It was really helpful to learn about {f.helpful.text}",
            }[f.helpful.kind]
        )
    lines += ["", " ".join(end_sentence(s) for s in said)]
    if f.referrals:
        lines += [
            "",
            f"Thank you also for suggesting I speak with {_join(f.referrals)}; "
            "I will reach out and mention that you sent me.",
        ]
    lines += [
        "",
        "I will let you know how things go. Thank you again for your time and generosity.",
        "",
        "Warm regards,",
        f.signer,
    ]
    return lines


def _brief(f: _Facts) -> list[str]:
    said = [f"Thanks for talking with me about {f.work}"]
    if f.topics:
        said.append(f"Hearing about {_join(f.topics)} was especially useful")
    elif f.interesting and f.interesting.kind == "that":
        said.append(f"It stayed with me that {f.interesting.text}")
    elif f.interesting:
        said.append(f"I especially valued hearing about {f.interesting.text}")
    else:
        said.append("It gave me a much clearer picture of the job")
    if f.helpful and f.helpful.kind == "advice":
        said.append(f"I will follow your advice to {f.helpful.text}")
    if f.referrals:
        said.append(f"Thanks too for suggesting {_join(f.referrals)}; I will get in touch")
    greeting = f"Hi {f.name}," if f.name else "Hello,"
    return [greeting, "", " ".join(end_sentence(s) for s in said), "", "Best,", f.signer]


def _formal(f: _Facts) -> list[str]:
    lines = [f"Dear {f.name}," if f.name else "Hello,", ""]
    lines.append(
        f"Thank you for taking the time to speak with me about {f.work}. "
        "I am grateful for the insight you shared into your profession."
    )
    said: list[str] = []
    if f.topics:
        said.append(f"I particularly valued your thoughts on {_join(f.topics)}")
    else:
        said.append("Our conversation gave me a much clearer understanding of the profession")
    if f.interesting:
        said.append(
            f"I was particularly interested to learn that {f.interesting.text}"
            if f.interesting.kind == "that"
            else f"I was also particularly interested in {f.interesting.text}"
        )
    if f.helpful:
        said.append(
            {
                "advice": f"I intend to follow your advice to {f.helpful.text}",
                "that": f"I found it especially helpful to learn that {f.helpful.text}",
                "about": f"I found it especially helpful to learn about {f.helpful.text}",
            }[f.helpful.kind]
        )
    lines += ["", " ".join(end_sentence(s) for s in said)]
    if f.referrals:
        lines += [
            "",
            f"Thank you also for suggesting that I contact {_join(f.referrals)}; "
            "I will be sure to mention that you referred me.",
        ]
    lines += [
        "",
        "I will keep you informed of my progress. Thank you again for your time and advice.",
        "",
        "Kind regards,",
        f.signer,
    ]
    return lines


_UNSAFE_IN_FILE_NAME = re.compile(
    '[\x00-\x1f\x7f-\x9f/\\\\:*?"<>|\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]'
)


def note_file_name(contact: str, day: date) -> str:
    """A file name for a saved note: "2026-03-01 thank-you note to Jane Doe.txt"."""
    who = _UNSAFE_IN_FILE_NAME.sub("-", " ".join(contact.split()))
    who = who.encode("utf-8")[:80].decode("utf-8", errors="ignore").strip(" .")
    return f"{day.isoformat()} thank-you note{' to ' + who if who else ''}.txt"


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
