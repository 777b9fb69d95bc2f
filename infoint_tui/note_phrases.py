"""Turning our questions and reflections into phrases a thank-you note can use. No Textual.

A question becomes its topic ("what a typical day looks like for you"), never a quotation
of our own question; a reflection, written about the contact ("her day"), becomes a phrase
addressed to them ("your day") that sits inside a sentence without a capital or a period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from infoint_tui.text import one_line

MAX_PHRASE = 140
"""Longer phrases are cut at a word, with an ellipsis."""

#: A bank question's topic, by "bank:key" (where it says more than its category).
BANK_TOPICS: dict[str, str] = {
    "essentials:day": "what a typical work day looks like for you",
    "essentials:week-varies": "how much one week differs from the next",
    "essentials:best": "what you enjoy most about your work",
    "essentials:worst": "the hardest parts of your work",
    "essentials:path": "how you prepared for your role",
    "essentials:entry": "where you would start if you were entering the field now",
    "essentials:qualities": "the personal qualities that help someone do well",
    "essentials:skills-gap": "the skills newcomers often lack at the start",
    "essentials:salary": "what someone starting out can expect to earn",
    "essentials:advice": "your advice for someone in my position",
    "tiara:trends-next": "where you see the work heading",
    "tiara:insights-surprise": "what surprised you once you were doing the job",
    "tiara:insights-success": "what separates the people who thrive from those who struggle",
    "tiara:advice": "what you would do in my shoes",
    "tiara:resources": "the resources worth knowing about",
    "tiara:assignments": "the projects that best show what someone can do",
    "life-design:story": "how you ended up doing this work",
    "life-design:turning-point": "the moment you knew it was the right direction",
    "life-design:real-day": "what a day really looks like beyond the job description",
    "life-design:love": "the parts of your work you love",
    "life-design:drain": "the parts that drain you, and how you deal with them",
    "life-design:fit": "who would be happy in your role",
    "life-design:prototype": "how I could try a small piece of the work first",
}

#: A question's topic by its category (see `store.categories`), when its bank says no more.
CATEGORY_TOPICS: dict[str, str] = {
    "path": "how you found your way into this work",
    "typical_day": "what a typical day looks like for you",
    "best_worst": "the highs and lows of the job",
    "energy": "what gives you energy in your work and what drains it",
    "preparation": "how you prepared for your role",
    "qualities": "the personal qualities that matter most in your work",
    "salary": "what pay looks like for someone starting out",
    "trends": "the trends changing your field",
    "insights": "what you have learned on the job",
    "advice": "your advice for someone starting out",
    "resources": "the resources you recommended",
    "assignments": "the kind of project I could try",
    "referrals": "who else I might talk to",
    "organization": "how your organization works",
}

_WH = {"what", "how", "why", "when", "where", "which", "who", "whom", "whose"}
_AUX = {
    "do", "does", "did", "is", "are", "was", "were", "can", "could", "would", "should",
    "will", "have", "has", "had", "might", "may",
}  # fmt: skip
_PRONOUNS = {"you", "i", "we", "they", "he", "she", "it", "there"}
_BE_AFTER = {"i": {"are": "am", "is": "am"}, "you": {"is": "are", "was": "were"}}
_PAST = {
    "get": "got", "go": "went", "come": "came", "become": "became", "begin": "began",
    "find": "found", "make": "made", "choose": "chose", "know": "knew", "take": "took",
    "hear": "heard", "build": "built", "leave": "left", "meet": "met", "pay": "paid",
    "say": "said", "see": "saw", "tell": "told", "think": "thought", "teach": "taught",
    "buy": "bought", "bring": "brought", "feel": "felt", "keep": "kept", "fall": "fell",
    "grow": "grew", "give": "gave", "have": "had", "do": "did", "write": "wrote",
    "run": "ran", "win": "won", "spend": "spent", "lose": "lost", "stand": "stood",
    "understand": "understood", "read": "read", "set": "set", "put": "put", "cut": "cut",
    "quit": "quit", "let": "let", "land": "landed", "stop": "stopped", "plan": "planned",
    "step": "stepped", "drop": "dropped", "swap": "swapped", "prefer": "preferred",
}  # fmt: skip
_ASK_ABOUT = re.compile(
    r"^(?:(?:could|can|would|will) you (?:please )?)?"
    r"(?:walk me through|talk me through|tell me (?:more |a bit |a little )?about|describe|"
    r"explain)\s+(.+)$",
    re.IGNORECASE,
)
# Words a reflection may start with that read as advice to follow ("Learn SQL first").
_ADVICE_VERBS = {
    "learn", "choose", "pick", "start", "run", "build", "take", "read", "talk", "ask", "try",
    "find", "write", "get", "keep", "join", "focus", "practice", "practise", "shadow", "send",
    "apply", "study", "look", "do", "don't", "be", "make", "use", "go", "stop", "avoid",
    "spend", "volunteer", "reach", "contact", "follow", "check", "prepare", "aim", "skip",
}  # fmt: skip
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|does|did|can|could|will|would|should|isn't|"
    r"aren't|wasn't|don't|doesn't)\b",
    re.IGNORECASE,
)
_FUNCTION_WORDS = {
    "and", "or", "but", "to", "in", "on", "at", "for", "with", "about", "from", "that", "the",
    "a", "an", "as", "by", "of", "into", "than", "when", "if", "because", "so", "too", "again",
}  # fmt: skip
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
_WORD = re.compile("[A-Za-z][A-Za-z'\u2019]*")  # with straight and curly apostrophes


def cut(text: str, limit: int = MAX_PHRASE) -> str:
    """`text` on one line, at most `limit` characters, cut at a word with an ellipsis."""
    flat = one_line(text)
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def end_sentence(text: str) -> str:
    """`text` with a period, unless it already ends a sentence (no "?." or "…." ever)."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def lower_first(text: str, keep: frozenset[str] = frozenset()) -> str:
    """`text` with its first letter lowered to sit mid-sentence.

    Kept as it is: "I" (and "I'm", ...), acronyms ("SQL"), words with a capital inside
    ("iPhone", "McKinsey"), and the words of `keep` (the names in the note).
    """
    match = _WORD.match(text)
    if not match:
        return text
    word = match.group()
    letters = word.replace("'", "").replace("\u2019", "")
    if (
        word == "I"
        or re.match("I['\u2019]", word)
        or (len(letters) > 1 and letters.isupper())
        or any(char.isupper() for char in letters[1:])
        or word.strip("'\u2019s") in keep
        or word in keep
    ):
        return text
    return text[0].lower() + text[1:]


def name_words(*names: str) -> frozenset[str]:
    """The capitalized words of people's and places' names, kept capitalized in phrases."""
    return frozenset(w for name in names for w in _WORD.findall(name) if w[:1].isupper())


# -- reflections -------------------------------------------------------------------------


def _third_to_second(verb: str) -> str:
    """The form of a present-tense verb after "you" ("thinks" -> "think")."""
    irregular = {"has": "have", "is": "are", "was": "were", "does": "do", "goes": "go"}
    lower = verb.lower()
    if lower in irregular:
        return irregular[lower]
    if lower.endswith("n't"):
        negated = {"isn't": "aren't", "wasn't": "weren't", "doesn't": "don't"}
        return negated.get(lower, "haven't" if lower == "hasn't" else lower)
    if len(lower) > 3 and lower.endswith("ies") and lower[-4] not in "aeiou":
        return lower[:-3] + "y"
    if lower.endswith(("sses", "shes", "ches", "xes", "zes", "oes")):
        return lower[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(lower) > 2:
        return lower[:-1]
    return lower


_ADVERBS = {"always", "never", "often", "still", "also", "just", "really", "usually", "only"}


def to_second_person(text: str) -> str:
    """A reflection about the contact ("she says her day...") addressed to them ("you say your
    day...")."""
    tokens = re.findall("[A-Za-z][A-Za-z'\u2019]*|[^A-Za-z]+", text)
    words = [i for i, token in enumerate(tokens) if _WORD.fullmatch(token)]
    out = list(tokens)

    def next_word(index: int) -> int | None:
        later = [i for i in words if i > index]
        return later[0] if later else None

    def adjacent(first: int, second: int) -> bool:
        return "".join(tokens[first + 1 : second]).strip() == ""

    def cased(new: str, old: str) -> str:
        return new.capitalize() if old[:1].isupper() else new

    for index in words:
        token, lower = tokens[index], tokens[index].lower()
        if lower in {"she", "he"}:
            out[index] = cased("you", token)
            verb = next_word(index)
            if verb is not None and adjacent(index, verb) and tokens[verb].lower() in _ADVERBS:
                before, verb = verb, next_word(verb)
            else:
                before = index
            if verb is not None and adjacent(before, verb):
                out[verb] = _third_to_second(tokens[verb])
        elif lower.replace("\u2019", "'") in {"she's", "he's"}:
            out[index] = cased("you're", token)
        elif lower in {"his"}:
            out[index] = cased("your", token)
        elif lower == "him":
            out[index] = cased("you", token)
        elif lower in {"himself", "herself"}:
            out[index] = cased("yourself", token)
        elif lower == "hers":
            out[index] = cased("yours", token)
        elif lower == "her":
            following = next_word(index)
            possessive = (
                following is not None
                and adjacent(index, following)
                and tokens[following].lower() not in _FUNCTION_WORDS
            )
            out[index] = cased("your" if possessive else "you", token)
    return "".join(out)


ClauseKind = Literal["about", "that", "advice"]


@dataclass(frozen=True)
class Clause:
    """A reflection as a phrase: how a sentence may take it, and the phrase itself.

    "about" reads after "hearing about" (a noun phrase or a how/what clause), "that" after
    "learning that" (a whole statement), "advice" after "your advice to" (an imperative).
    """

    kind: ClauseKind
    text: str


def reflection_clause(text: str, keep: frozenset[str] = frozenset()) -> Clause | None:
    """The first statement of a reflection, addressed to the contact, fit to sit mid-sentence."""
    flat = one_line(text)
    flat = _SENTENCE_END.split(flat, maxsplit=1)[0]
    flat = flat.split(";", 1)[0].strip().rstrip(" .!;:,")
    if not flat:
        return None
    flat = cut(to_second_person(flat))
    first = (_WORD.match(flat).group() if _WORD.match(flat) else "").lower()  # type: ignore[union-attr]
    if first in _ADVICE_VERBS:
        return Clause("advice", flat[0].lower() + flat[1:])
    phrase = lower_first(flat, keep)
    if first in _WH or first in {"whether"}:
        return Clause("about", phrase)
    if first in {"i", "you", "we", "they", "it", "there"}:
        return Clause("that", phrase)
    return Clause("that" if _FINITE.search(flat) else "about", phrase)


# -- questions ---------------------------------------------------------------------------


def _past(verb: str) -> str:
    lower = verb.lower()
    if lower in _PAST:
        return _PAST[lower]
    if lower.endswith("e"):
        return lower + "d"
    if len(lower) > 2 and lower.endswith("y") and lower[-2] not in "aeiou":
        return lower[:-1] + "ied"
    return lower + "ed"


def _after_subject(aux: str, subject: str, rest: list[str]) -> list[str]:
    """The verb group once the subject stands before it ("did you get" -> "you got")."""
    if aux in {"do", "does"}:
        return rest
    if aux == "did":
        return [_past(rest[0]), *rest[1:]] if rest else rest
    return [_BE_AFTER.get(subject, {}).get(aux, aux), *rest]


def question_phrase(text: str) -> str | None:
    """A question of our own as the topic it asks about, or None when it cannot be said well.

    "How did you get started?" -> "how you got started"; "What is a typical day like?" ->
    "what a typical day is like"; "Which trends are changing your field?" -> "the trends
    changing your field"; "Would you show me X?" -> "whether you would show me X".
    """
    flat = one_line(text).strip()
    flat = re.split(r"(?<=\?)\s", flat, maxsplit=1)[0].rstrip(" ?.!")
    flat = re.sub(r",\s+(and|or)\b", r" \1", flat)
    if not flat or len(flat) > MAX_PHRASE:
        return None
    about = _ASK_ABOUT.match(flat)
    if about:
        return lower_first(about.group(1))
    words = flat.split()
    lowered = [w.lower() for w in words]
    first = lowered[0]
    if first in _AUX and len(words) > 2 and lowered[1] in _PRONOUNS:
        subject = lowered[1]
        return " ".join(["whether", subject, *_after_subject(first, subject, words[2:])])
    if first not in _WH:
        return None
    aux_at = next((i for i, w in enumerate(lowered[1:], 1) if w in _AUX), None)
    if aux_at is None:
        return None
    wh, aux = lowered[:aux_at], lowered[aux_at]
    rest = words[aux_at + 1 :]
    if rest and rest[0].lower() in _PRONOUNS:
        subject = rest[0].lower()
        clause = [*wh, subject, *_after_subject(aux, subject, rest[1:])]
        return " ".join(clause)
    if aux_at > 1 and first in {"what", "which"} and aux in {"is", "are"}:
        # "Which trends are changing X": the noun is the subject; "the trends changing X".
        if rest and rest[0].lower().endswith("ing"):
            return " ".join(["the", *wh[1:], *rest])
        return " ".join([*wh, aux, *rest])
    if aux_at == 1 and aux in {"is", "are", "was", "were"} and rest:
        if rest[-1].lower() == "like":
            return " ".join([first, *rest[:-1], aux, "like"])
        if first in {"what", "which"} and rest[0].lower() in {"the", "your", "a", "an"}:
            return lower_first(" ".join(rest))
    return None


def question_topic(text: str, category: str, bank_key: str | None) -> str | None:
    """What a starred question was about, in a few words a thank-you note can use.

    Its bank's own topic first, then its category's, then a phrase made of the question
    itself; None when none of them reads well.
    """
    if bank_key and bank_key in BANK_TOPICS:
        return BANK_TOPICS[bank_key]
    if bank_key and bank_key.split(":", 1)[-1] in {"who-else"}:
        return CATEGORY_TOPICS["referrals"]
    if category in CATEGORY_TOPICS:
        return CATEGORY_TOPICS[category]
    return question_phrase(text)


# -- names -------------------------------------------------------------------------------

_PARTICLES = {"de", "da", "del", "della", "di", "van", "von", "der", "den", "la", "le", "al", "bin"}


def referral_phrase(name: str) -> str:
    """A suggested person as a note names them: "Ruth Okafor", or "the residency coordinator"
    for a role written where a name would go."""
    flat = one_line(name).strip()
    words = flat.split()
    if len(words) > 1 and words[0][:1].isupper():
        later = [w for w in words[1:] if w.lower() not in _PARTICLES]
        if later and all(w[:1].islower() for w in later) and words[0].lower() not in {"the"}:
            return "the " + lower_first(flat)
    return flat


def with_article(noun: str) -> str:
    """ "a data scientist", "an engineer", "a UX researcher", "an MD"."""
    noun = noun.strip()
    first = noun.split()[0] if noun.split() else ""
    if len(first) > 1 and first.isupper():
        vowel_sound = first[0] in "AEFHILMNORSX"
    else:
        lower = first.lower()
        vowel_sound = lower[:1] in set("aeiou") and not lower.startswith(
            ("uni", "use", "usu", "eu", "one")
        )
        vowel_sound = vowel_sound or lower.startswith(("hour", "honest", "honou", "honor"))
    return ("an " if vowel_sound else "a ") + noun


def occupation_phrase(occupation: str) -> str:
    """An occupation's name as it reads mid-sentence: "Data scientist" -> "data scientist"."""
    return lower_first(one_line(occupation).strip())
