"""The request, nudge and update drafts, and the request check, on plain text: no app."""

from __future__ import annotations

import itertools
import subprocess
import sys
from datetime import date

import pytest

from infoint_tui.request_note import (
    ADVICE_PLACEHOLDER,
    WORD_LIMIT,
    RequestCheck,
    RequestFacts,
    check_request,
    connection_line,
    count_words,
    draft_nudge,
    draft_request,
    draft_update,
    status_line,
)
from infoint_tui.thank_you import NAME_PLACEHOLDER

GENERIC = "I hope you don't mind me writing out of the blue."

#: Each way of finding someone, and the sentence a request opens with when no one introduced.
CONNECTIONS = {
    "Alumni directory": "I found you through our alumni directory.",
    "LinkedIn": "I came across your profile on LinkedIn.",
    "Referral": "A mutual contact suggested I get in touch with you.",
    "Professor": "One of my professors suggested I get in touch with you.",
    "Family": "Someone in my family suggested I get in touch with you.",
    "Event": "I heard about your work at a recent event.",
    "A friend's introduction": "I came across your name through a friend's introduction.",
    "Career fair": "I heard about your work at a recent event.",
    "Company website": "I came across your work online.",
    "Cold email": GENERIC,
    "": GENERIC,
}


def test_a_referral_with_everything_known_reads_as_a_short_request() -> None:
    facts = RequestFacts(
        name="Dr. Jane Lee",
        organization="Acme",
        role="Senior Analyst",
        how_found="Referral",
        introduced_by="Ada Byron",
        occupation="Data scientist",
        signer="Alex Kim",
    )
    assert draft_request(facts) == (
        "Dear Dr. Lee,\n\n"
        "Ada Byron suggested I get in touch with you. I am exploring a career as a data "
        "scientist, and I would love to learn about your work as a Senior Analyst at Acme "
        "and how you got into it.\n\n"
        "Would you have 20 minutes for a call in the next few weeks? "
        "I am happy to fit around your schedule.\n\n"
        "Thank you for considering it.\n\n"
        "Best regards,\nAlex Kim"
    )


def test_with_nothing_known_the_request_is_generic_and_signed_with_the_placeholder() -> None:
    assert draft_request(RequestFacts(name="")) == (
        "Hello,\n\n"
        f"{GENERIC} I would love to learn about your work and how you got into it.\n\n"
        "Would you have 20 minutes for a call in the next few weeks? "
        "I am happy to fit around your schedule.\n\n"
        "Thank you for considering it.\n\n"
        f"Best regards,\n{NAME_PLACEHOLDER}"
    )


@pytest.mark.parametrize(("how_found", "line"), CONNECTIONS.items())
def test_how_the_person_was_found_is_the_opening_line(how_found: str, line: str) -> None:
    facts = RequestFacts(name="Jane Doe", how_found=how_found)
    assert connection_line(facts) == line
    assert draft_request(facts).split("\n")[2].startswith(line + " I would love")


def test_a_named_introducer_comes_before_how_the_person_was_found() -> None:
    facts = RequestFacts(name="Jane Doe", how_found="LinkedIn", introduced_by="  Ada\nByron ")
    assert connection_line(facts) == "Ada Byron suggested I get in touch with you."


def test_every_combination_of_facts_drafts_a_request_that_passes_its_own_check() -> None:
    combinations = itertools.product(
        CONNECTIONS,
        ["", "Ada Byron"],
        ["", "Acme Health"],
        ["", "Director of Nursing"],
        ["", "Occupational therapist"],
        ["", "Alex Kim"],
    )
    drafted = 0
    for how_found, introducer, organization, role, occupation, signer in combinations:
        facts = RequestFacts(
            "Dr. Jane Lee", organization, role, how_found, introducer, occupation, signer
        )
        request, nudge = draft_request(facts), draft_nudge(facts, date(2026, 3, 3))
        for text in (request, nudge):
            assert check_request(text).problems == [], (facts, text)
            assert text.startswith("Dear Dr. Lee,\n\n")
            assert text.endswith("\n" + (signer or NAME_PLACEHOLDER))
        expected = (
            f"{introducer} suggested I get in touch" if introducer else CONNECTIONS[how_found]
        )
        assert request.split("\n")[2].startswith(expected)
        assert check_request(request).words < 80
        assert count_words(nudge) < count_words(request) - 10
        for known in (organization, role, occupation.lower()):
            assert known in request
        drafted += 1
    assert drafted == len(CONNECTIONS) * 2**5


def test_the_signer_or_else_the_placeholder_signs_every_draft() -> None:
    for signer, signed in [("", NAME_PLACEHOLDER), (" \n ", NAME_PLACEHOLDER), (" Alex ", "Alex")]:
        facts = RequestFacts(name="Jane Doe", signer=signer)
        for text in (draft_request(facts), draft_nudge(facts), draft_update(facts)):
            assert text.endswith("Best regards,\n" + signed)
    assert NAME_PLACEHOLDER not in draft_request(RequestFacts(name="Jane", signer="Alex"))


def test_what_the_user_typed_is_kept_verbatim_markup_and_escapes_included() -> None:
    facts = RequestFacts(
        name="[b]x[/b] Doe",
        organization="[link=https://evil.example]Acme[/link]",
        role="Lead\x07",
        introduced_by="\x1b[31mEve",
        occupation="\x1b]8;;x\x1b\\Nurse",
        signer="[/]Me\x1b[0m",
    )
    text = draft_request(facts)
    assert text.startswith("Dear [b]x[/b],\n\n\x1b[31mEve suggested I get in touch with you.")
    assert "career as a \x1b]8;;x\x1b\\Nurse, and" in text
    assert "your work as a Lead\x07 at [link=https://evil.example]Acme[/link] and" in text
    assert text.endswith("\n[/]Me\x1b[0m")
    assert "\\x1b" not in text and "\\x07" not in text
    found = RequestFacts(name="Jane", how_found="A [i]talk[/i] at \x1b[1mPyCon")
    assert (
        connection_line(found) == "I came across your name through a [i]talk[/i] at \x1b[1mPyCon."
    )
    assert "[b]x[/b]" in draft_nudge(facts) and "[b]x[/b]" in draft_update(facts, "[u]y[/u]")
    assert "with your advice. [u]y[/u].\n" in draft_update(facts, "[u]y[/u]")


def test_the_nudge_is_short_restates_the_ask_and_names_the_note_it_follows() -> None:
    facts = RequestFacts(name="Jane Doe", organization="Acme", signer="Alex")
    assert draft_nudge(facts, date(2026, 3, 3)) == (
        "Dear Jane,\n\n"
        "I am following up on my note from March 3 about your work at Acme. "
        "I understand if now is a busy time.\n\n"
        "Would you have 20 minutes for a call in the next few weeks?\n\n"
        "Best regards,\nAlex"
    )
    undated = draft_nudge(RequestFacts(name="Jane Doe"))
    assert "I am following up on my note about your work. " in undated
    for guilt in ("sorry", "haven't heard", "bother", "again"):
        assert guilt not in undated.lower()


def test_the_update_says_what_was_done_with_the_advice_and_asks_for_nothing() -> None:
    facts = RequestFacts(name="Jane Doe", role="UX researcher", signer="Alex")
    update = draft_update(facts, "I took an evening course\nin research methods")
    assert update == (
        "Hi Jane,\n\n"
        "Since we talked about your work as a UX researcher, I wanted to let you know what I "
        "did with your advice. I took an evening course in research methods.\n\n"
        "Thank you again for your time and your advice.\n\n"
        "Best regards,\nAlex"
    )
    assert "?" not in update and not check_request(update).has_ask
    blank = draft_update(facts)
    assert f"what I did with your advice. {ADVICE_PLACEHOLDER}\n\n" in blank
    assert "methods.\n" in draft_update(facts, "It went well thanks to your methods.")


def test_words_are_counted_as_a_user_counts_them() -> None:
    assert count_words("Hi Jane, — 20-30 minutes? · [your name]") == 6
    assert count_words("") == 0
    assert check_request("  one\n\ntwo\tthree  ").words == 3


def test_a_long_request_is_flagged_over_the_limit_only() -> None:
    ask = "Would you have 20 minutes for a call?"  # 8 words
    long = check_request("word " * 122 + ask)
    assert (long.words, long.too_long) == (130, True)
    assert long.problems == ["130 words: aim for under 100"]
    at_limit = check_request("word " * (WORD_LIMIT - 8) + ask)
    assert (at_limit.words, at_limit.too_long, at_limit.problems) == (WORD_LIMIT, False, [])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("I attach my résumé. Could we chat for 20 minutes?", ("résumé",)),
        ("I attach my re\u0301sume\u0301 for you.", ("résumé",)),  # decomposed accents
        ("Is there a job on your team?", ("job",)),
        ("A job, a JOB, or jobs?", ("job", "jobs")),  # each word once
        ("Please find my resume and CV attached.", ("my resume", "CV")),
        (
            "Are you hiring, or are there any openings or open positions?",
            ("hiring", "openings", "positions"),
        ),
        ("I would love an internship or a vacancy.", ("internship", "vacancy")),
    ],
)
def test_job_talk_is_flagged(text: str, found: tuple[str, ...]) -> None:
    check = check_request(text)
    assert check.mentions_job
    assert check.job_words == found
    assert "mentions jobs: ask to learn, not for a job" in check.problems


@pytest.mark.parametrize(
    "text",
    [
        "I will resume my studies in the autumn.",
        "What would you advise someone in my position?",
        "How did you find your way into this work?",
        "The opening of your talk stayed with me.",
    ],
)
def test_innocent_words_are_not_job_talk(text: str) -> None:
    assert not check_request(text).mentions_job


def test_a_request_without_a_question_for_time_has_no_clear_ask() -> None:
    statement = check_request("Dear Jane, I would like 20 minutes of your time for a call.")
    assert not statement.has_ask
    assert statement.problems == ["no clear ask: end with a question for 20-30 minutes"]
    assert not check_request("How did you get into this field? Thank you.").has_ask
    assert check_request("Hi.\nCould we chat\nsometime soon?").has_ask  # a wrapped line
    assert not check_request("I would like 20 minutes.\n\nHow are you\nthese days?").has_ask
    assert check_request("Thanks! Would you be open to a 20-minute call?").has_ask
    assert check_request("Could we have a coffee next week?").has_ask


def test_the_status_line_says_all_is_well_or_lists_what_to_fix() -> None:
    assert status_line("Dear Jane, would you have 20 minutes for a chat?") == (
        "10 words · clear ask · no job talk"
    )
    assert status_line("Chat?") == "1 word · clear ask · no job talk"
    assert status_line("job " * 101) == (
        "101 words: aim for under 100 · mentions jobs: ask to learn, not for a job"
        " · no clear ask: end with a question for 20-30 minutes"
    )
    request = draft_request(RequestFacts(name="Jane"))
    assert status_line(request) == f"{count_words(request)} words · clear ask · no job talk"


def test_problems_follow_the_check_fields() -> None:
    assert RequestCheck(words=50, too_long=False, mentions_job=False, has_ask=True).problems == []
    assert RequestCheck(words=120, too_long=True, mentions_job=True, has_ask=False).problems == [
        "120 words: aim for under 100",
        "mentions jobs: ask to learn, not for a job",
        "no clear ask: end with a question for 20-30 minutes",
    ]


def test_drafting_never_imports_textual_or_the_database() -> None:
    code = "import sys, infoint_tui.request_note; print('\\n'.join(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    modules = set(result.stdout.split())
    assert "infoint_tui.request_note" in modules
    heavy = {"textual", "rich", "sqlmodel", "sqlalchemy"}
    assert not {m for m in modules if m.split(".")[0] in heavy}
