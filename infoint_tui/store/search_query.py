"""What a user types, turned into a safe FTS5 MATCH expression (no database needed).

Any text compiles: phrases in double quotes, every other word quoted as an FTS5 string (so
`AND`, `c++` or a stray quote are only text), the last word as a prefix. The search module
(`store.search`) runs what this module builds.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Prefixes this long or shorter have their own index (migration 0003); longer ones are
#: looked up in the vocabulary and searched as the words they stand for.
LONGEST_INDEXED_PREFIX = 4
#: More terms than this are ignored: nobody types them, and each one costs a lookup.
MAX_TERMS = 64

# Control characters are separators to the tokenizer, and a NUL would end the query early.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_ASCII_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"


def _is_token_char(char: str) -> bool:
    """Whether FTS5's unicode61 tokenizer keeps `char` in a token (letters, digits, private use)."""
    category = unicodedata.category(char)
    return category[0] in "LN" or category == "Co"


def quoted(term: str) -> str:
    """`term` as an FTS5 string: operators and punctuation inside it are only text."""
    return '"' + term.replace('"', '""') + '"'


def build_match(query: str) -> str | None:
    """Turn any user text into a safe FTS5 MATCH expression, or None if nothing is searchable.

    Text in double quotes is an exact phrase (an unclosed quote runs to the end); every other
    word is quoted as an FTS5 string, so operators and punctuation are only ever text. Words
    without a letter or digit are dropped. The last bare word matches as a prefix unless the
    query ends with white space, or the word ends in punctuation (`c++` means the word `c`,
    not every word starting with c); a word typed with a trailing `*` (`plan*`) is a prefix
    wherever it stands. All terms must match.

    A one-letter prefix (`t`) becomes `("t" OR "ta"* OR … OR "t9"*)`: the same words in
    practice, served by the two-letter prefix index instead of merging every word that
    starts with t (about 20 times faster on a large database).
    """
    compiled = compile_query(query)
    return compiled.match if compiled else None


@dataclass(frozen=True)
class Query:
    """A compiled query: its terms (AND-ed), and which of them are long prefixes."""

    terms: tuple[str, ...]
    short_prefix: bool
    #: term position -> the lower-case ASCII word of a prefix longer than any prefix index
    long_prefixes: dict[int, str]

    @property
    def match(self) -> str:
        """The MATCH expression: implicit AND only joins phrases, a group needs AND spelled."""
        return (" AND " if self.short_prefix else " ").join(self.terms)


def compile_query(query: str) -> Query | None:
    """The terms of the MATCH expression for `query`, or None if nothing is searchable."""
    query = _CONTROL.sub(" ", query)
    terms: list[str] = []
    long_prefixes: dict[int, str] = {}
    position, end = 0, len(query)
    last_word = ""  # the last bare word kept, while nothing else followed it
    short_prefix = False
    while position < end and len(terms) < MAX_TERMS:
        if query[position].isspace():
            position += 1
            continue
        if query[position] == '"':
            close = query.find('"', position + 1)
            stop = end if close == -1 else close
            term = query[position + 1 : stop]
            position = stop + 1
            last_word = ""
        else:
            stop = position
            while stop < end and not query[stop].isspace():
                stop += 1
            term = last_word = query[position:stop]
            position = stop
            stem = term.rstrip("*")
            if stem != term and stem and _is_token_char(stem[-1]):
                prefix, short = _prefix(stem)  # "plan*" asks for a prefix anywhere
                if _is_long_prefix(stem):
                    long_prefixes[len(terms)] = stem.lower()
                terms.append(prefix)
                short_prefix |= short
                last_word = ""
                continue
        if any(_is_token_char(char) for char in term):
            terms.append(quoted(term))
        else:
            last_word = ""
    if not terms:
        return None
    if last_word and not query[-1].isspace() and _is_token_char(last_word[-1]):
        terms[-1], short = _prefix(last_word)
        short_prefix |= short
        if _is_long_prefix(last_word):
            long_prefixes[len(terms) - 1] = last_word.lower()
    return Query(tuple(terms), short_prefix, long_prefixes)


def _is_long_prefix(word: str) -> bool:
    """Whether `word` is one plain ASCII token longer than the longest prefix index.

    Only such words are expanded from the vocabulary: their folded form is simply their
    lower case, so the expansion finds exactly the words the prefix query would.
    """
    return len(word) > LONGEST_INDEXED_PREFIX and word.isascii() and word.isalnum()


def _prefix(word: str) -> tuple[str, bool]:
    """`word` as a prefix query, and whether its last token is a single character."""
    tail = 0
    for char in reversed(word):
        if not _is_token_char(char):
            break
        tail += 1
    if tail != 1:
        return quoted(word) + "*", False
    decomposed = unicodedata.normalize("NFKD", word[-1])
    folded = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    if len(folded) == 1 and folded in _ASCII_ALNUM:
        options = [quoted(word)] + [quoted(word + char) + "*" for char in _ASCII_ALNUM]
        return "(" + " OR ".join(options) + ")", True
    return quoted(word) + "*", True
