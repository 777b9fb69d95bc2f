"""The thank-you draft and the 24-hour hint, on plain objects: no database, no terminal."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from infoint_tui.store.models import (
    Contact,
    Interview,
    Note,
    Occupation,
    Organization,
    Question,
    Referral,
    Reflection,
)
from infoint_tui.store.records import InterviewBundle
from infoint_tui.thank_you import draft_thank_you, greeting_name, send_window


def bundle(
    name: str = "Jane Doe",
    *,
    questions: list[Question] | None = None,
    notes: list[Note] | None = None,
    reflection: Reflection | None = None,
    referrals: list[Referral] | None = None,
    organization: str | None = None,
) -> InterviewBundle:
    return InterviewBundle(
        interview=Interview(id=1, contact_id=1),
        contact=Contact(id=1, name=name),
        organization=Organization(name=organization) if organization else None,
        occupation=Occupation(name="UX research"),
        referred_by=None,
        questions=questions or [],
        notes=notes or [],
        reflection=reflection,
        referrals=referrals or [],
    )


def test_plain_draft_is_a_complete_note_without_stars_or_reflection() -> None:
    text = draft_thank_you(bundle())
    assert text.startswith("Hi Jane,\n")
    assert "Thank you for taking the time" in text
    assert "clearer picture" in text  # something specific-sounding even with nothing to name
    assert "Best regards," in text
    assert "None" not in text and "“" not in text
    assert len(text) < 700  # short


def test_draft_names_reflection_and_starred_items() -> None:
    text = draft_thank_you(
        bundle(
            questions=[
                Question(interview_id=1, text="How did you get started?", starred=True),
                Question(interview_id=1, text="What do you earn?", starred=False),
            ],
            notes=[Note(interview_id=1, text="Join the local meetup", starred=True)],
            reflection=Reflection(
                interview_id=1,
                most_interesting="How she moved from teaching into UX.\nLots more detail.",
                most_helpful="the advice to build a small portfolio first",
            ),
            organization="Acme",
        )
    )
    assert "your work at Acme" in text
    # "How" is lowered to sit mid-sentence; only the first sentence is used.
    assert "hearing about how she moved from teaching into UX." in text
    assert "Lots more detail" not in text
    assert "learn about the advice to build a small portfolio first." in text
    assert "“How did you get started?”" in text
    assert "“Join the local meetup”" in text
    assert "What do you earn" not in text


def test_names_are_not_lowered_and_long_reflections_are_cut() -> None:
    long = "Python " + "and more words " * 30
    text = draft_thank_you(bundle(reflection=Reflection(interview_id=1, most_interesting=long)))
    assert "hearing about Python and more" in text
    assert "…" in text
    assert max(len(line) for line in text.splitlines()) < 200


def test_referrals_are_thanked_for() -> None:
    text = draft_thank_you(
        bundle(
            referrals=[
                Referral(interview_id=1, name="Sam Lee"),
                Referral(interview_id=1, name="Ana"),
            ]
        )
    )
    assert "suggesting I speak with Sam Lee and Ana" in text


def test_user_text_is_kept_literally() -> None:
    text = draft_thank_you(
        bundle(
            "[b]Kim[/] Park",
            questions=[Question(interview_id=1, text="[@click=app.quit]x[/]", starred=True)],
        )
    )
    assert text.startswith("Hi [b]Kim[/],")
    assert "“[@click=app.quit]x[/]”" in text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jane Doe", "Jane"),
        ("  jane  ", "jane"),
        ("Dr. Amir Khan", "Dr. Khan"),
        ("Prof Lee", "Prof Lee"),
        ("", ""),
    ],
)
def test_greeting_name(name: str, expected: str) -> None:
    assert greeting_name(name) == expected


def test_empty_name_greets_politely() -> None:
    assert draft_thank_you(bundle("  ")).startswith("Hello,\n")


def test_send_window_counts_down_then_turns_overdue() -> None:
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    assert send_window(now - timedelta(hours=5), now) == (
        "Send within 24 h of the interview: 19 h left",
        False,
    )
    assert send_window(now - timedelta(hours=23, minutes=30), now)[0].endswith("less than 1 h left")
    assert send_window(now - timedelta(hours=30), now) == (
        "Send within 24 h of the interview: overdue by 6 h",
        True,
    )
    assert send_window(now - timedelta(days=5), now)[0].endswith("overdue by 4 days")
    assert send_window(None, now) == ("Send within 24 h of the interview.", False)
    naive = (now - timedelta(hours=1)).replace(tzinfo=None)
    assert send_window(naive, now)[0].endswith("23 h left")


def test_drafting_never_imports_textual() -> None:
    code = "import sys, infoint_tui.thank_you; print('\\n'.join(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    modules = set(result.stdout.split())
    assert "infoint_tui.thank_you" in modules
    assert not {m for m in modules if m.split(".")[0] in {"textual", "rich", "sqlmodel"}}
