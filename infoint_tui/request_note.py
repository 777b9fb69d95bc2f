"""Drafting and checking what goes out before an interview: plain text in, plain text out.

Three messages: the request for a conversation, one polite nudge when it goes unanswered,
and a later update on what became of the advice. The request follows the career centres'
rules: under 100 words, the connection first, asking to learn about someone's work (never
for a job), and a specific ask of 20 minutes, phrased as a question. `check_request` checks
any text, the user's own edits included, against the same rules.

What the user typed (names, organization, role, advice) is put in as typed: markup and
escape sequences are kept, never read, and the caller escapes them for display. Only runs
of spaces and line breaks become one space, so a name never breaks the layout, and a
phrase that sits mid-sentence ("Data scientist", "A friend's introduction") has its first
letter lowered, as in the thank-you note. No Textual, no database.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from infoint_tui.note_phrases import end_sentence, lower_first, with_article
from infoint_tui.thank_you import NAME_PLACEHOLDER, greeting_name

WORD_LIMIT = 100
"""A request longer than this many words asks too much of a stranger's attention."""
ASK_MINUTES = 20
"""The time a request asks for: specific, and short enough to say yes to."""
ADVICE_PLACEHOLDER = "[what you did with their advice, and how it went]"
"""Stands in the update for what the user did with the advice, for them to fill in."""

_ASK = f"Would you have {ASK_MINUTES} minutes for a call in the next few weeks?"
_SIGN_OFF = "Best regards,"


@dataclass(frozen=True)
class RequestFacts:
    """What a request can say about the person and the user.

    Attributes:
        name: The person's full name ("Dr. Jane Lee"); the greeting uses part of it.
        organization: Where they work.
        role: Their role there ("Senior Analyst").
        how_found: How the user found them: "Alumni directory", "LinkedIn", "Referral",
            "Professor", "Family", "Event", or any text.
        introduced_by: Who referred the user to them, by name.
        occupation: What the user wants to learn about ("Data scientist").
        signer: The user's own name; without it the draft is signed with a placeholder.
    """

    name: str
    organization: str = ""
    role: str = ""
    how_found: str = ""
    introduced_by: str = ""
    occupation: str = ""
    signer: str = ""


# -- the user's text -----------------------------------------------------------------------

# Only what lays text out: control characters and markup are the caller's to escape.
_LAYOUT_SPACE = re.compile("[ \t\n\r\f\v\u2028\u2029]+")
_DETERMINERS = {"a", "an", "the", "my", "our", "one", "some", "someone", "his", "her", "their"}
_LETTERS = re.compile(r"[^\W\d_]+")


def _flat(text: str) -> str:
    """`text` on one line, otherwise as typed."""
    return _LAYOUT_SPACE.sub(" ", text).strip(" ")


def _words(text: str) -> list[str]:
    return _LETTERS.findall(text.lower())


def _with_article(noun: str) -> str:
    """ "a data scientist", "an engineer"; "the head of design" stays as it is."""
    first = _words(noun)[:1]
    return noun if first and first[0] in _DETERMINERS else with_article(noun)


# -- how the user found the person ----------------------------------------------------------

_GENERIC = "I hope you don't mind me writing out of the blue."
"""The connection when none is known: honest, and still first."""

#: The connection for each suggestion the app offers (store.kinds.HOW_FOUND_SUGGESTIONS).
_FOUND: dict[str, str] = {
    "alumni directory": "I found you through our alumni directory.",
    "linkedin": "I came across your profile on LinkedIn.",
    "referral": "A mutual contact suggested I get in touch with you.",
    "professor": "One of my professors suggested I get in touch with you.",
    "family": "Someone in my family suggested I get in touch with you.",
    "event": "I heard about your work at a recent event.",
}

#: Free text, by the words in it, when it does not read well after "through".
_FOUND_BY_WORD: tuple[tuple[str, frozenset[str]], ...] = (
    (_GENERIC, frozenset({"cold", "other", "unknown", "none"})),
    (_FOUND["alumni directory"], frozenset({"alumni", "alumnus", "alumna", "alumnae", "alum"})),
    (_FOUND["linkedin"], frozenset({"linkedin"})),
    (_FOUND["professor"], frozenset({"professor", "professors", "prof", "lecturer"})),
    (
        _FOUND["family"],
        frozenset({"family", "mother", "father", "mom", "mum", "dad", "parent", "parents"})
        | {"aunt", "uncle", "cousin", "sister", "brother", "grandmother", "grandfather"},
    ),
    (
        _FOUND["referral"],
        frozenset({"referral", "referred", "introduction", "introduced", "recommendation"})
        | {"recommended", "friend", "colleague", "mentor"},
    ),
    (
        _FOUND["event"],
        frozenset({"event", "events", "fair", "conference", "meetup", "panel", "talk"})
        | {"webinar", "workshop", "seminar", "symposium", "expo"},
    ),
    (
        "I came across your work online.",
        frozenset({"online", "website", "web", "internet", "google", "search", "blog"})
        | {"twitter", "instagram", "facebook", "reddit", "handshake", "podcast", "youtube"}
        | {"github", "mastodon", "bluesky"},
    ),
)


def connection_line(facts: RequestFacts) -> str:
    """The sentence that opens a request: who suggested the person, or how they were found.

    A named introducer comes first ("Ada Byron suggested I get in touch with you."); then
    each suggested way of finding someone has its own sentence; free text starting with
    "a", "my", "the" ... reads after "through" ("through a friend's introduction"), other
    free text is recognized by its words ("Career fair" is an event), and what is still not
    understood gets the honest generic line, for the user to edit.
    """
    introducer = _flat(facts.introduced_by)
    if introducer:
        return f"{introducer} suggested I get in touch with you."
    found = _flat(facts.how_found).rstrip(".")
    if not found:
        return _GENERIC
    words = _words(found)
    key = " ".join(words)
    suggested = _FOUND.get(key) or _FOUND.get(key.replace(" ", ""))  # "Linked in"
    if suggested:
        return suggested
    if words and found[:1].isalpha() and words[0] in _DETERMINERS:
        return f"I came across your name through {lower_first(found)}."
    return next((line for line, keys in _FOUND_BY_WORD if keys & set(words)), _GENERIC)


# -- the drafts ------------------------------------------------------------------------------


def _greeting(facts: RequestFacts, salutation: str) -> str:
    name = greeting_name(_flat(facts.name))
    return f"{salutation} {name}," if name else "Hello,"


def _signer(facts: RequestFacts) -> str:
    return _flat(facts.signer) or NAME_PLACEHOLDER


def _their_work(facts: RequestFacts) -> str:
    """ "your work as a Senior Analyst at Acme", or as much of it as is known."""
    role, organization = _flat(facts.role), _flat(facts.organization)
    work = "your work"
    if role:
        work += " as " + _with_article(role)
    if organization:
        work += f" at {organization}"
    return work


def draft_request(facts: RequestFacts) -> str:
    """The email asking for a conversation, well under 100 words.

    It opens with the connection, says the user would love to learn about the person's
    work (and the career they are exploring, when known), asks for 20 minutes as a
    question, and thanks them. It never mentions a job, so with ordinary names it passes
    `check_request`.
    """
    interest = f"I would love to learn about {_their_work(facts)} and how you got into it."
    occupation = _flat(facts.occupation)
    if occupation:
        career = _with_article(lower_first(occupation))
        interest = f"I am exploring a career as {career}, and {interest}"
    return "\n".join(
        [
            _greeting(facts, "Dear"),
            "",
            f"{connection_line(facts)} {interest}",
            "",
            f"{_ASK} I am happy to fit around your schedule.",
            "",
            "Thank you for considering it.",
            "",
            _SIGN_OFF,
            _signer(facts),
        ]
    )


#: Month names in English whatever the locale, as the rest of the draft is in English.
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def draft_nudge(facts: RequestFacts, sent_on: date | None = None) -> str:
    """One polite follow-up to an unanswered request: shorter, no guilt, the same question.

    `sent_on` (when the request went out) names the note it follows ("my note from March 3").
    """
    note = "my note"
    if sent_on:
        note += f" from {_MONTHS[sent_on.month - 1]} {sent_on.day}"
    return "\n".join(
        [
            _greeting(facts, "Dear"),
            "",
            f"I am following up on {note} about {_their_work(facts)}. "
            "I understand if now is a busy time.",
            "",
            _ASK,
            "",
            _SIGN_OFF,
            _signer(facts),
        ]
    )


def draft_update(facts: RequestFacts, advice: str = "") -> str:
    """A later note closing the loop: what the user did with the advice, and thanks again.

    `advice` is what they did, in their words; without it a placeholder in square brackets
    stands in for them to fill. The update asks for nothing.
    """
    advice = _flat(advice)
    did = end_sentence(advice) if advice else ADVICE_PLACEHOLDER
    return "\n".join(
        [
            _greeting(facts, "Hi"),
            "",
            f"Since we talked about {_their_work(facts)}, I wanted to let you know what I did "
            f"with your advice. {did}",
            "",
            "Thank you again for your time and your advice.",
            "",
            _SIGN_OFF,
            _signer(facts),
        ]
    )


# -- checking a request -----------------------------------------------------------------------

#: Words that turn a request into a job hunt. "resume" without accents is also a verb
#: ("resume my studies"), so it counts only after "my", "a", "the", "your", "attached" or
#: "updated"; "position" and "opening" alone are too often innocent ("someone in my
#: position"), so only "positions", "openings", "open position" and "an/any opening" count.
_JOB_TALK = re.compile(
    r"\b(?:jobs?|cv|r[eé]sum[eé]s?(?<!resume)(?<!resumes)"
    r"|(?:my|a|the|your|attached|updated)\s+resumes?"
    r"|positions|open\s+position|openings|(?:an|any)\s+opening"
    r"|vacanc(?:y|ies)|hiring|internships?|employment)\b",
    re.IGNORECASE,
)
#: Words that make a question an ask for time.
_ASK_WORDS = frozenset(
    {"minute", "minutes", "min", "mins", "call", "chat", "talk", "speak", "meet", "meeting"}
) | {"coffee", "conversation", "time", "zoom", "phone"}
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n\s*\n")  # a wrapped line goes on


@dataclass(frozen=True)
class RequestCheck:
    """How a request measures up.

    Attributes:
        words: Its words, as a user counts them.
        too_long: Over `WORD_LIMIT` words.
        mentions_job: It talks about jobs (see `job_words`).
        has_ask: A question asks for time: a call, a chat, some minutes.
        job_words: The job words found, as written, each once.
    """

    words: int
    too_long: bool
    mentions_job: bool
    has_ask: bool
    job_words: tuple[str, ...] = ()

    @property
    def problems(self) -> list[str]:
        """What to fix, each in a few words with the way to fix it; empty when all is well."""
        found = []
        if self.too_long:
            found.append(f"{self.words} words: aim for under {WORD_LIMIT}")
        if self.mentions_job:
            found.append("mentions jobs: ask to learn, not for a job")
        if not self.has_ask:
            found.append("no clear ask: end with a question for 20-30 minutes")
        return found


def count_words(text: str) -> int:
    """The words a user would count: runs between spaces with a letter or digit in them."""
    return sum(1 for token in text.split() if any(char.isalnum() for char in token))


def check_request(text: str) -> RequestCheck:
    """Check a request against the career centres' rules (see `RequestCheck`)."""
    text = unicodedata.normalize("NFC", text)
    words = count_words(text)
    job_words: list[str] = []
    for match in _JOB_TALK.finditer(text):
        word = " ".join(match.group().split())
        if word.lower() not in (seen.lower() for seen in job_words):
            job_words.append(word)
    has_ask = any(
        "?" in sentence and _ASK_WORDS & set(_words(sentence))
        for sentence in _SENTENCES.split(text)
    )
    return RequestCheck(
        words=words,
        too_long=words > WORD_LIMIT,
        mentions_job=bool(job_words),
        has_ask=has_ask,
        job_words=tuple(job_words),
    )


def status_line(text: str) -> str:
    """One line for the status bar: "64 words · clear ask · no job talk", or what to fix."""
    check = check_request(text)
    if check.problems:
        return " · ".join(check.problems)
    return f"{check.words} word{'' if check.words == 1 else 's'} · clear ask · no job talk"
