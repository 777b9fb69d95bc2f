"""The thank-you drafts of the demo's interviews, in each tone, compared with the whole text.

The demo (store/demo.py) has every case a draft meets: starred answers from several
categories, reflections written about the contact ("her day"), advice ("Learn SQL..."), a
referral that is a role rather than a name, and interviews with nothing starred at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from infoint_tui.store.demo import seed_demo
from infoint_tui.store.store import Store
from infoint_tui.thank_you import TONES, draft_thank_you

EXPECTED: dict[tuple[str, str], str] = {
    ("Jonas Berg", "brief"): (
        "Hi Jonas,\n"
        "\n"
        "Thanks for talking with me about your work as a data scientist at Harbourview "
        "Transit. Hearing about what a typical day looks like for you was especially useful. "
        "I will follow your advice to learn SQL properly first. Thanks too for suggesting "
        "Tomás Ferreira; I will get in touch.\n"
        "\n"
        "Best,\n"
        "Alex"
    ),
    ("Jonas Berg", "warm"): (
        "Hi Jonas,\n"
        "\n"
        "Thank you so much for taking the time to talk with me about your work as a data "
        "scientist at Harbourview Transit. I really appreciated how openly you shared your "
        "experience.\n"
        "\n"
        "I especially enjoyed hearing about what a typical day looks like for you. I keep "
        "thinking about how messy transit data is, and how much of the job is cleaning it. I "
        "mean to follow your advice to learn SQL properly first.\n"
        "\n"
        "Thank you also for suggesting I speak with Tomás Ferreira; I will reach out and "
        "mention that you sent me.\n"
        "\n"
        "I will let you know how things go. Thank you again for your time and generosity.\n"
        "\n"
        "Warm regards,\n"
        "Alex"
    ),
    ("Jonas Berg", "formal"): (
        "Dear Jonas,\n"
        "\n"
        "Thank you for taking the time to speak with me about your work as a data scientist "
        "at Harbourview Transit. I am grateful for the insight you shared into your "
        "profession.\n"
        "\n"
        "I particularly valued your thoughts on what a typical day looks like for you. I was "
        "also particularly interested in how messy transit data is, and how much of the job "
        "is cleaning it. I intend to follow your advice to learn SQL properly first.\n"
        "\n"
        "Thank you also for suggesting that I contact Tomás Ferreira; I will be sure to "
        "mention that you referred me.\n"
        "\n"
        "I will keep you informed of my progress. Thank you again for your time and advice.\n"
        "\n"
        "Kind regards,\n"
        "Alex"
    ),
    ("Priya Raman", "brief"): (
        "Hi Priya,\n"
        "\n"
        "Thanks for talking with me about your work as a UX researcher at Lumen Health. "
        "Hearing about the highs and lows of the job and the trends changing your field was "
        "especially useful. Thanks too for suggesting Marcus Oyelaran and Dana Whitfield; I "
        "will get in touch.\n"
        "\n"
        "Best,\n"
        "Alex"
    ),
    ("Priya Raman", "warm"): (
        "Hi Priya,\n"
        "\n"
        "Thank you so much for taking the time to talk with me about your work as a UX "
        "researcher at Lumen Health. I really appreciated how openly you shared your "
        "experience.\n"
        "\n"
        "I especially enjoyed hearing about the highs and lows of the job and the trends "
        "changing your field. I keep thinking about how much of the job is writing and "
        "persuading, not interviewing. It was really helpful to learn about the concrete "
        "assignment: five interviews, written up in two pages.\n"
        "\n"
        "Thank you also for suggesting I speak with Marcus Oyelaran and Dana Whitfield; I "
        "will reach out and mention that you sent me.\n"
        "\n"
        "I will let you know how things go. Thank you again for your time and generosity.\n"
        "\n"
        "Warm regards,\n"
        "Alex"
    ),
    ("Priya Raman", "formal"): (
        "Dear Priya,\n"
        "\n"
        "Thank you for taking the time to speak with me about your work as a UX researcher "
        "at Lumen Health. I am grateful for the insight you shared into your profession.\n"
        "\n"
        "I particularly valued your thoughts on the highs and lows of the job and the trends "
        "changing your field. I was also particularly interested in how much of the job is "
        "writing and persuading, not interviewing. I found it especially helpful to learn "
        "about the concrete assignment: five interviews, written up in two pages.\n"
        "\n"
        "Thank you also for suggesting that I contact Marcus Oyelaran and Dana Whitfield; I "
        "will be sure to mention that you referred me.\n"
        "\n"
        "I will keep you informed of my progress. Thank you again for your time and advice.\n"
        "\n"
        "Kind regards,\n"
        "Alex"
    ),
    ("Helen Kowalczyk", "brief"): (
        "Hi Helen,\n"
        "\n"
        "Thanks for talking with me about your work as a hospital pharmacist at St. Brigid's "
        "Hospital. Hearing about the highs and lows of the job and the trends changing your "
        "field was especially useful. Thanks too for suggesting Ruth Okafor and the "
        "residency coordinator; I will get in touch.\n"
        "\n"
        "Best,\n"
        "Alex"
    ),
    ("Helen Kowalczyk", "warm"): (
        "Hi Helen,\n"
        "\n"
        "Thank you so much for taking the time to talk with me about your work as a hospital "
        "pharmacist at St. Brigid's Hospital. I really appreciated how openly you shared "
        "your experience.\n"
        "\n"
        "I especially enjoyed hearing about the highs and lows of the job and the trends "
        "changing your field. I keep thinking about how much of your day is teaching: "
        "nurses, residents, patients. It was really helpful to learn about a shadowing day.\n"
        "\n"
        "Thank you also for suggesting I speak with Ruth Okafor and the residency "
        "coordinator; I will reach out and mention that you sent me.\n"
        "\n"
        "I will let you know how things go. Thank you again for your time and generosity.\n"
        "\n"
        "Warm regards,\n"
        "Alex"
    ),
    ("Helen Kowalczyk", "formal"): (
        "Dear Helen,\n"
        "\n"
        "Thank you for taking the time to speak with me about your work as a hospital "
        "pharmacist at St. Brigid's Hospital. I am grateful for the insight you shared into "
        "your profession.\n"
        "\n"
        "I particularly valued your thoughts on the highs and lows of the job and the trends "
        "changing your field. I was also particularly interested in how much of your day is "
        "teaching: nurses, residents, patients. I found it especially helpful to learn about "
        "a shadowing day.\n"
        "\n"
        "Thank you also for suggesting that I contact Ruth Okafor and the residency "
        "coordinator; I will be sure to mention that you referred me.\n"
        "\n"
        "I will keep you informed of my progress. Thank you again for your time and advice.\n"
        "\n"
        "Kind regards,\n"
        "Alex"
    ),
    ("Grace Liu", "brief"): (
        "Hi Grace,\n"
        "\n"
        "Thanks for talking with me about your work as a data scientist at Fernhill "
        "Software. Hearing about the highs and lows of the job and the resources you "
        "recommended was especially useful.\n"
        "\n"
        "Best,\n"
        "Alex"
    ),
    ("Grace Liu", "warm"): (
        "Hi Grace,\n"
        "\n"
        "Thank you so much for taking the time to talk with me about your work as a data "
        "scientist at Fernhill Software. I really appreciated how openly you shared your "
        "experience.\n"
        "\n"
        "I especially enjoyed hearing about the highs and lows of the job and the resources "
        "you recommended. It stayed with me that the model you are proudest of is a plain "
        "logistic regression.\n"
        "\n"
        "I will let you know how things go. Thank you again for your time and generosity.\n"
        "\n"
        "Warm regards,\n"
        "Alex"
    ),
    ("Grace Liu", "formal"): (
        "Dear Grace,\n"
        "\n"
        "Thank you for taking the time to speak with me about your work as a data scientist "
        "at Fernhill Software. I am grateful for the insight you shared into your "
        "profession.\n"
        "\n"
        "I particularly valued your thoughts on the highs and lows of the job and the "
        "resources you recommended. I was particularly interested to learn that the model "
        "you are proudest of is a plain logistic regression.\n"
        "\n"
        "I will keep you informed of my progress. Thank you again for your time and advice.\n"
        "\n"
        "Kind regards,\n"
        "Alex"
    ),
    ("Tomás Ferreira", "brief"): (
        "Hi Tomás,\n"
        "\n"
        "Thanks for talking with me about your work as a data scientist at Civic Data "
        "Collective. Hearing about what a typical day looks like for you was especially "
        "useful.\n"
        "\n"
        "Best,\n"
        "Alex"
    ),
    ("Tomás Ferreira", "warm"): (
        "Hi Tomás,\n"
        "\n"
        "Thank you so much for taking the time to talk with me about your work as a data "
        "scientist at Civic Data Collective. I really appreciated how openly you shared your "
        "experience.\n"
        "\n"
        "I especially enjoyed hearing about what a typical day looks like for you.\n"
        "\n"
        "I will let you know how things go. Thank you again for your time and generosity.\n"
        "\n"
        "Warm regards,\n"
        "Alex"
    ),
    ("Tomás Ferreira", "formal"): (
        "Dear Tomás,\n"
        "\n"
        "Thank you for taking the time to speak with me about your work as a data scientist "
        "at Civic Data Collective. I am grateful for the insight you shared into your "
        "profession.\n"
        "\n"
        "I particularly valued your thoughts on what a typical day looks like for you.\n"
        "\n"
        "I will keep you informed of my progress. Thank you again for your time and advice.\n"
        "\n"
        "Kind regards,\n"
        "Alex"
    ),
    ("Marcus Oyelaran", "brief"): (
        "Hi Marcus,\n"
        "\n"
        "Thanks for talking with me about your work as a UX researcher at Fernhill Software. "
        "It gave me a much clearer picture of the job.\n"
        "\n"
        "Best,\n"
        "Alex"
    ),
    ("Marcus Oyelaran", "warm"): (
        "Hi Marcus,\n"
        "\n"
        "Thank you so much for taking the time to talk with me about your work as a UX "
        "researcher at Fernhill Software. I really appreciated how openly you shared your "
        "experience.\n"
        "\n"
        "Our conversation gave me a much clearer picture of what the job is really like.\n"
        "\n"
        "I will let you know how things go. Thank you again for your time and generosity.\n"
        "\n"
        "Warm regards,\n"
        "Alex"
    ),
    ("Marcus Oyelaran", "formal"): (
        "Dear Marcus,\n"
        "\n"
        "Thank you for taking the time to speak with me about your work as a UX researcher "
        "at Fernhill Software. I am grateful for the insight you shared into your "
        "profession.\n"
        "\n"
        "Our conversation gave me a much clearer understanding of the profession.\n"
        "\n"
        "I will keep you informed of my progress. Thank you again for your time and advice.\n"
        "\n"
        "Kind regards,\n"
        "Alex"
    ),
    ("Samuel Adeyemi", "brief"): (
        "Hi Samuel,\n"
        "\n"
        "Thanks for talking with me about your work as a hospital pharmacist at Riverside "
        "Community Hospital. It gave me a much clearer picture of the job.\n"
        "\n"
        "Best,\n"
        "Alex"
    ),
    ("Samuel Adeyemi", "warm"): (
        "Hi Samuel,\n"
        "\n"
        "Thank you so much for taking the time to talk with me about your work as a hospital "
        "pharmacist at Riverside Community Hospital. I really appreciated how openly you "
        "shared your experience.\n"
        "\n"
        "Our conversation gave me a much clearer picture of what the job is really like.\n"
        "\n"
        "I will let you know how things go. Thank you again for your time and generosity.\n"
        "\n"
        "Warm regards,\n"
        "Alex"
    ),
    ("Samuel Adeyemi", "formal"): (
        "Dear Samuel,\n"
        "\n"
        "Thank you for taking the time to speak with me about your work as a hospital "
        "pharmacist at Riverside Community Hospital. I am grateful for the insight you "
        "shared into your profession.\n"
        "\n"
        "Our conversation gave me a much clearer understanding of the profession.\n"
        "\n"
        "I will keep you informed of my progress. Thank you again for your time and advice.\n"
        "\n"
        "Kind regards,\n"
        "Alex"
    ),
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[tuple[str, str], str]]:
    """Every demo interview drafted in every tone, from a real database with the demo."""
    store = Store.open(tmp_path_factory.mktemp("demo") / "demo.db")
    try:
        seed_demo(store.engine)
        bundles = [store.interview(row.id) for row in store.list_interviews()]
    finally:
        store.close()
    drafts = {
        (bundle.contact.name, tone): draft_thank_you(bundle, tone, "Alex")
        for bundle in bundles
        for tone in TONES
    }
    drafts[QUESTIONS] = "\n".join(q.text for bundle in bundles for q in bundle.questions)
    names = {bundle.contact.name for bundle in bundles}
    names |= {bundle.organization.name for bundle in bundles if bundle.organization}
    names |= {r.name for bundle in bundles for r in bundle.referrals}
    drafts[NAMES] = "\n".join(names)
    yield drafts


QUESTIONS, NAMES = ("questions", ""), ("names", "")


def test_every_demo_interview_and_tone_has_an_expected_text(demo) -> None:
    assert set(EXPECTED) == set(demo) - {QUESTIONS, NAMES}


@pytest.mark.parametrize(("name", "tone"), sorted(EXPECTED))
def test_demo_draft(demo, name: str, tone: str) -> None:
    assert demo[name, tone] == EXPECTED[name, tone]


def test_demo_drafts_read_as_written(demo) -> None:
    """What the rules promise, over every demo draft: no echoes, no mid-sentence capitals."""
    questions = demo[QUESTIONS].split("\n")
    names = {word.strip(".") for name in demo[NAMES].split("\n") for word in name.split()}
    for key, text in demo.items():
        if key in {QUESTIONS, NAMES}:
            continue
        assert not any(question in text for question in questions)  # never our own question
        assert not re.search(r"[.?!…,;:][.?!…,;:]", text)  # no double punctuation
        assert not re.search(r"\b(she|he|her|his|him)\b", text)  # addressed to them
        body = text.split("\n\n")[1:-1]  # between the greeting and the sign-off
        for sentence in re.split(r"(?<=[.;:])\s+", " ".join(body)):
            later = [word.strip(".,;:") for word in sentence.split()[1:]]
            capitals = {word for word in later if word[:1].isupper()}
            assert capitals <= names | {"I", "UX", "SQL"}, sentence
