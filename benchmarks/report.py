"""Figures and the printed table: medians, spreads, ratios, and whether a target is met."""

from __future__ import annotations

import math
import statistics
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

YES, MISSED, NOT_APPLICABLE, TODO = "yes", "MISSED", "n/a", "TODO"
HEADERS = ("measure", "median", "spread", "baseline", "ratio", "target", "met?")


@dataclass
class Row:
    """One line of the table; a row without figures is a heading or a note."""

    measure: str
    median: str = ""
    spread: str = ""
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    met: str = ""

    def cells(self) -> tuple[str, ...]:
        return (
            self.measure,
            self.median,
            self.spread,
            self.baseline,
            self.ratio,
            self.target,
            self.met,
        )


def heading(text: str) -> Row:
    """A section line of the table."""
    return Row(text)


def render(rows: Sequence[Row]) -> str:
    """The table as aligned plain text (figures right-aligned)."""
    table = [HEADERS, *(row.cells() for row in rows)]
    sized = [line for line in table if any(line[1:])] or [HEADERS]
    widths = [max(len(line[column]) for line in sized) for column in range(len(HEADERS))]
    lines = []
    for index, line in enumerate(table):
        if index and not any(line[1:]):
            lines.append(line[0])  # a heading spans the table
            continue
        cells = [line[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(line[1:-2], widths[1:-2], strict=True)]
        cells += [line[-2].ljust(widths[-2]), line[-1]]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("-" * len(lines[0]))
    return "\n".join(lines)


# -- statistics --------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), linearly interpolated between the nearest ranks."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def window_max(ends: Sequence[float], lags: Sequence[float], start: float, stop: float) -> float:
    """The longest stall that ended in [start, stop) (`ends` is sorted); 0 if none."""
    first, last = bisect_left(ends, start), bisect_left(ends, stop)
    return max(lags[first:last], default=0.0)


def stalls_per_key(
    ends: Sequence[float], lags: Sequence[float], keys: Sequence[float], tail: float
) -> list[float]:
    """The longest stall after each key, until the next key (the last: `tail` seconds)."""
    bounds = [*keys, keys[-1] + tail]
    return [window_max(ends, lags, a, b) for a, b in pairwise(bounds)]


# -- formatting --------------------------------------------------------------------------


def ms(seconds: float) -> str:
    if math.isnan(seconds):
        return "-"
    value = seconds * 1000
    return (
        f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    )


def sec(seconds: float) -> str:
    return "-" if math.isnan(seconds) else f"{seconds:.2f} s"


def mb(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.0f} MB"


def per_second(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:,.0f}/s"


def ratio(value: float, base: float) -> str:
    if math.isnan(value) or math.isnan(base) or base <= 0:
        return "-"
    return f"{value / base:.2f}x"


def span(values: Sequence[float], unit: Callable[[float], str]) -> str:
    """min-max of the runs."""
    if not values:
        return "-"
    low, _, low_unit = unit(min(values)).partition(" ")
    high, _, high_unit = unit(max(values)).partition(" ")
    if low_unit == high_unit:
        return f"{low}-{high} {low_unit}".rstrip()
    return f"{low} {low_unit}-{high} {high_unit}"


def verdict(value: float, limit: float, *, inclusive: bool) -> str:
    """YES when `value` is under `limit` (or equal, if `inclusive`), MISSED otherwise."""
    if math.isnan(value):
        return MISSED
    return YES if value < limit or (inclusive and value == limit) else MISSED
