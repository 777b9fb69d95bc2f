"""Salary figures in free-text answers: `$55k-70k`, `~60k`, `£30k-35k`, read and normalized.

Pure text work (no database): the occupation comparison calls `salary_ranges` on the
salary answers it reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from infoint_tui.text import one_line

_CURRENCY = {
    "us$": "$", "$": "$", "ca$": "CA$", "c$": "CA$", "au$": "A$", "a$": "A$", "nz$": "NZ$",
    "€": "€", "£": "£", "¥": "¥", "₹": "₹", "usd": "$", "eur": "€", "gbp": "£", "jpy": "¥",
    "inr": "₹", "cad": "CA$", "aud": "A$", "nzd": "NZ$", "chf": "CHF ", "sek": "SEK ",
    "nok": "NOK ", "dkk": "DKK ", "dollar": "$", "dollars": "$", "euro": "€", "euros": "€",
    "pound": "£", "pounds": "£", "yen": "¥", "rupee": "₹", "rupees": "₹", "franc": "CHF ",
    "francs": "CHF ",
}  # fmt: skip
_SIGN = r"US\$|CA\$|C\$|AU\$|A\$|NZ\$|\$|€|£|¥|₹"
_CODE = r"(?:USD|EUR|GBP|JPY|INR|CAD|AUD|NZD|CHF|SEK|NOK|DKK)(?![a-z])"
_WORD = r"(?:dollars?|euros?|pounds?|yen|rupees?|francs?)(?![a-z])"
_NUMBER = r"\d{1,3}(?:[,.'\u2019 \u00a0\u202f]\d{3})+(?!\d)(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_FIGURE = re.compile(
    rf"(?:(?P<pre>{_SIGN}|{_CODE})\s?)?(?<![\d.,])(?P<number>{_NUMBER})"
    rf"(?:\s?(?P<scale>k|thousand|grand|mn|million|mil|m|lakhs?|crores?)(?![a-z]))?"
    rf"(?:\s?(?P<post>{_SIGN}|{_CODE}|{_WORD}))?(?P<plus>\+)?",
    re.IGNORECASE,
)
_GROUPING = re.compile(r"(?<=\d)[,.'\u2019 \u00a0\u202f](?=\d{3}(?!\d))")
_SCALES = {"k": 1e3, "thousand": 1e3, "grand": 1e3, "m": 1e6, "mn": 1e6, "mil": 1e6, "lakh": 1e5}
_SCALES["crore"] = 1e7
_BETWEEN = re.compile("\\s*(?:-|\u2013|\u2014|to|until|till|and)\\s*", re.IGNORECASE)
_APPROX = re.compile(
    r"(?:around|about|approximately|approx\.?|roughly|circa|ca\.|near|nearly|almost|some|~|≈)"
    r"\s*$",
    re.IGNORECASE,
)
_UP_TO = re.compile(r"up\s+to\s*$", re.IGNORECASE)
_AT_LEAST = re.compile(r"(?:over|above|more\s+than|at\s+least)\s*$", re.IGNORECASE)
_PERIOD = re.compile(
    r"\s*(?:(?:/|per\s+|an?\s+|each\s+)(?P<unit>hour|hr|h|month|mo)(?![a-z])"
    r"|(?P<adverb>hourly|monthly)(?![a-z]))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Figure:
    """One number found in an answer, with what marks it as money."""

    number: float
    multiplier: float
    currency: str
    grouped: bool
    plus: bool
    start: int
    end: int

    @classmethod
    def read(cls, match: re.Match[str]) -> _Figure:
        text = match["number"]
        grouped = bool(_GROUPING.search(text))
        scale = (match["scale"] or "").lower().removesuffix("s")
        marker = (match["pre"] or match["post"] or "").lower()
        if scale == "m" and not marker:
            scale = ""  # "500 m" is a distance more often than a salary
        return cls(
            number=float(_GROUPING.sub("", text).replace(",", ".")),
            multiplier=_SCALES.get(scale, 1e6 if scale.startswith("mil") else 1.0),
            currency=_CURRENCY.get(marker, ""),
            grouped=grouped,
            plus=bool(match["plus"]),
            start=match.start(),
            end=match.end(),
        )

    @property
    def value(self) -> float:
        return self.number * self.multiplier

    @property
    def scaled(self) -> bool:
        return self.multiplier != 1.0

    @property
    def money_like(self) -> bool:
        if self.number == 401 and self.scaled and not self.currency:
            return False  # a US retirement plan, not a salary
        return bool(self.currency or self.scaled or self.grouped or self.value >= 10_000)


def salary_ranges(answers: Iterable[str]) -> tuple[str, ...]:
    """The distinct figures and ranges heard, readable: `$55k-70k`, `~60k`, `£30k-35k`.

    Figures parsed from the answers come first, in the order heard; an answer in which
    nothing parses contributes its first 60 characters, after them.
    """
    parsed: list[str] = []
    fallbacks: list[str] = []
    for answer in answers:
        figures = salary_figures(answer)
        if figures:
            parsed.extend(figures)
        elif answer.strip():
            fallbacks.append(one_line(answer, 60))
    unique: dict[str, str] = {}
    for text in parsed + fallbacks:
        unique.setdefault(text.casefold(), text)
    return tuple(unique.values())


def salary_figures(text: str) -> list[str]:
    """Money figures and ranges in one answer, normalized; an empty list when there are none."""
    figures = [_Figure.read(match) for match in _FIGURE.finditer(text)]
    found: list[str] = []
    index = 0
    while index < len(figures):
        low = figures[index]
        high = None
        if index + 1 < len(figures):
            after = figures[index + 1]
            between = _BETWEEN.fullmatch(text, low.end, after.start)
            if between and (
                "and" not in between.group().lower()
                or re.search(r"between\s*$", text[max(0, low.start - 20) : low.start], re.I)
            ):
                high = after
        index += 2 if high else 1
        if not (low.money_like or (high and high.money_like)):
            continue
        found.append(_describe(text, low, high))
    return list(dict.fromkeys(found))


def _describe(text: str, low: _Figure, high: _Figure | None) -> str:
    before = text[max(0, low.start - 20) : low.start]
    last = high or low
    currency = low.currency or last.currency
    low_value = low.value
    if high and high.scaled and not low.scaled and not low.grouped and low.number < high.number:
        low_value = low.number * high.multiplier  # "£30-35k": the k belongs to both
    amount = _compact(low_value)
    if high and _compact(high.value) != amount:
        amount += "\u2013" + _compact(high.value)
    prefix = "~" if _APPROX.search(before) else "up to " if _UP_TO.search(before) else ""
    plus = "+" if last.plus or _AT_LEAST.search(before) else ""
    period = _PERIOD.match(text, last.end)
    unit = ""
    if period:
        word = (period["unit"] or period["adverb"]).lower()
        unit = "/h" if word.startswith("h") else "/month"
    return f"{prefix}{currency}{amount}{plus}{unit}"


def _compact(value: float) -> str:
    if value >= 1_000_000:
        return _trim(value / 1_000_000) + "M"
    if value >= 1000:
        return _trim(value / 1000) + "k"
    return _trim(value)


def _trim(value: float) -> str:
    text = f"{value:.2f}" if value < 100 and value != int(value) else f"{value:.1f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


__all__ = ["salary_figures", "salary_ranges"]
