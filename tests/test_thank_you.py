"""The thank-you draft and the 24-hour hint, on plain objects: no database, no terminal."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from infoint_tui.note_phrases import (
    lower_first,
    question_phrase,
    question_topic,
    to_second_person,
)
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
from infoint_tui.thank_you import (
    NAME_PLACEHOLDER,
    TONES,
    as_tone,
    draft_thank_you,
    greeting_name,
    next_tone,
    send_window,
)


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
        occupation=Occupation(name="UX researcher"),
        referred_by=None,
        questions=questions or [],
        notes=notes or [],
        reflection=reflection,
        referrals=referrals or [],
    )


def test_with_nothing_starred_a_short_note_names_the_occupation_and_organization() -> None:
    text = draft_thank_you(bundle(organization="Acme"), "brief", "Alex Kim")
    assert text == (
        "Hi Jane,\n\n"
        "Thanks for talking with me about your work as a UX researcher at Acme. "
        "It gave me a much clearer picture of the job.\n\n"
        "Best,\nAlex Kim"
    )
    warm = draft_thank_you(bundle(organization="Acme"), "warm", "Alex Kim")
    assert "about your work as a UX researcher at Acme." in warm
    assert len(warm) < 600
    assert "None" not in warm and "“" not in warm


def test_without_the_users_name_a_placeholder_signs_it() -> None:
    for tone in TONES:
        assert draft_thank_you(bundle(), tone).endswith("\n" + NAME_PLACEHOLDER)
        assert draft_thank_you(bundle(), tone, "  Alex\n").endswith(",\nAlex")


def test_starred_answers_are_named_by_topic_not_quoted() -> None:
    text = draft_thank_you(
        bundle(
            questions=[
                Question(
                    interview_id=1,
                    text="Could you walk me through a typical work day, from the moment you start?",
                    category="typical_day",
                    bank_key="essentials:day",
                    starred=True,
                ),
                Question(
                    interview_id=1,
                    text="How did you get into site visits?",
                    category="other",
                    starred=True,
                ),
                Question(interview_id=1, text="What do you earn?", category="salary"),
            ],
            notes=[Note(interview_id=1, text="She will ask her manager", starred=True)],
        ),
        "warm",
        "Alex",
    )
    assert (
        "I especially enjoyed hearing about what a typical work day looks like for you "
        "and how you got into site visits." in text
    )
    assert "walk me through" not in text and "earn" not in text
    assert "manager" not in text  # notes are the user's shorthand about them: never quoted


def test_reflections_are_woven_in_mid_sentence() -> None:
    text = draft_thank_you(
        bundle(
            reflection=Reflection(
                interview_id=1,
                most_interesting="How she moved from teaching into UX.\nLots more detail.",
                most_helpful="The advice to build a small portfolio first.",
            ),
            organization="Acme",
        ),
        "formal",
    )
    # Lowered to sit mid-sentence, addressed to them, first sentence only, one period.
    assert "I was also particularly interested in how you moved from teaching into UX." in text
    assert "Lots more detail" not in text
    assert "to learn about the advice to build a small portfolio first." in text
    assert ".." not in text


def test_acronyms_and_i_keep_their_capitals_and_long_reflections_are_cut() -> None:
    long = "SQL " + "and more words " * 30
    text = draft_thank_you(
        bundle(
            reflection=Reflection(
                interview_id=1, most_interesting=long, most_helpful="I should start a blog."
            )
        )
    )
    assert "thinking about SQL and more" in text
    assert "words…" in text and "…." not in text
    assert "helpful to learn that I should start a blog." in text
    cut = text.split("thinking about ", 1)[1].split("…", 1)[0]
    assert 100 < len(cut) < 140


def test_referrals_are_thanked_for() -> None:
    text = draft_thank_you(
        bundle(
            referrals=[
                Referral(interview_id=1, name="Sam Lee"),
                Referral(interview_id=1, name="Residency coordinator"),
            ]
        )
    )
    assert "suggesting I speak with Sam Lee and the residency coordinator;" in text


def test_user_text_is_kept_literally() -> None:
    text = draft_thank_you(
        bundle(
            "[b]Kim[/] Park",
            reflection=Reflection(interview_id=1, most_interesting="[@click=app.quit]x[/] works"),
        ),
        "warm",
        "[i]me[/]",
    )
    assert text.startswith("Hi [b]Kim[/],")
    assert "about [@click=app.quit]x[/] works." in text
    assert text.endswith("\n[i]me[/]")


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("How did you get started?", "how you got started"),
        ("How did you move into data work?", "how you moved into data work"),
        ("What is a typical day like?", "what a typical day is like"),
        ("Which trends are changing your field?", "the trends changing your field"),
        ("What do you enjoy most, and what is hardest?", "what you enjoy most and what is hardest"),
        ("What are the best parts of the job?", "the best parts of the job"),
        ("Who else would you suggest I talk to?", "who else you would suggest I talk to"),
        ("Would you look at my study?", "whether you would look at my study"),
        ("Tell me about site visits.", "site visits"),
        ("Could you walk me through your SQL setup?", "your SQL setup"),
        ("How much does one week differ from the next?", None),
        ("Why?", None),
    ],
)
def test_a_free_question_becomes_its_topic(question: str, topic: str | None) -> None:
    assert question_phrase(question) == topic


def test_a_bank_question_uses_its_topic_then_its_category() -> None:
    day = "what a typical work day looks like for you"
    assert question_topic("Any text", "typical_day", "essentials:day") == day
    assert question_topic("Any text", "trends", "tiara:trends") == "the trends changing your field"
    assert question_topic("How did you get started?", "other", None) == "how you got started"
    assert question_topic("Hm", "other", "mine:7") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("How much of her day is teaching", "How much of your day is teaching"),
        ("She thinks most of them teach tools", "You think most of them teach tools"),
        ("he always goes there with his team", "you always go there with your team"),
        ("I told her about it", "I told you about it"),
        ("she's kind and she studies law", "you're kind and you study law"),
    ],
)
def test_reflections_about_them_are_addressed_to_them(text: str, expected: str) -> None:
    assert to_second_person(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The model", "the model"),
        ("Learning SQL", "learning SQL"),
        ("I learned", "I learned"),
        ("I'm sure", "I'm sure"),
        ("SQL first", "SQL first"),
        ("McKinsey days", "McKinsey days"),
        ("Priya's advice", "Priya's advice"),
    ],
)
def test_lower_first(text: str, expected: str) -> None:
    assert lower_first(text, frozenset({"Priya"})) == expected


def test_tones_go_round_and_unknown_settings_fall_back() -> None:
    assert [next_tone(t) for t in TONES] == ["warm", "formal", "brief"]
    assert as_tone("formal") == "formal"
    assert as_tone(42) == as_tone("shouty") == "warm"


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
