"""The sweep's table: a figure per row, its median at each size, how it grows, and its target.

`run.py --scale 1000,10000,100000` measures the same figures at each size; this module
turns them into one table (no measuring here, so it can be tested on made-up numbers).
A cell is the median of the runs with their min-max; "÷first" is the figure at the
largest size over the smallest, "÷prev" over the size before it (for 1,000, 10,000 and
100,000: 100,000 over 10,000). Targets are judged at the largest size of the sweep.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import report as rp

Unit = Callable[[float], str]


@dataclass(frozen=True)
class Limit:
    """One condition of a target, on the figure at the largest size or on its growth."""

    on: str
    """"value" (the median at the largest size), "first" (÷first) or "prev" (÷prev)."""
    limit: float
    inclusive: bool = True

    def met(self, figure: Figure) -> str:
        value = {"value": figure.last, "first": figure.growth, "prev": figure.step}[self.on]
        return rp.verdict(value, self.limit, inclusive=self.inclusive)


@dataclass
class Figure:
    """One row: the runs of a figure at each size (sizes in the sweep's order)."""

    label: str
    unit: Unit
    runs: dict[int, list[float]] = field(default_factory=dict)
    target: str = ""
    limits: tuple[Limit, ...] = ()
    expected: int | None = None
    """How many runs each size should have (fewer: some failed, and the row says so)."""

    def median(self, size: int) -> float:
        return rp.median(self.runs.get(size, []))

    @property
    def sizes(self) -> list[int]:
        return list(self.runs)

    @property
    def last(self) -> float:
        return self.median(self.sizes[-1]) if self.runs else math.nan

    @property
    def growth(self) -> float:
        """The median at the largest size over the one at the smallest."""
        return _over(self.last, self.median(self.sizes[0])) if self.runs else math.nan

    @property
    def step(self) -> float:
        """The median at the largest size over the one at the size before it."""
        if len(self.runs) < 2:
            return math.nan
        return _over(self.last, self.median(self.sizes[-2]))

    def met(self) -> str:
        if not self.limits:
            return rp.NOT_APPLICABLE
        verdicts = [limit.met(self) for limit in self.limits]
        return rp.MISSED if rp.MISSED in verdicts else rp.YES


def _over(value: float, base: float) -> float:
    if math.isnan(value) or math.isnan(base) or base <= 0:
        return math.nan
    return value / base


def ratio_figure(
    label: str,
    app: Figure,
    base: Figure,
    target: str = "",
    limits: tuple[Limit, ...] = (),
) -> Figure:
    """A figure of medians' ratios, app over baseline, at each size (no spread)."""
    runs = {size: [_over(app.median(size), base.median(size))] for size in app.runs}
    return Figure(label, times, runs, target, limits)


def times(value: float) -> str:
    """A ratio as a cell: 1.23x."""
    return "-" if math.isnan(value) else f"{value:.2f}x"


def cell(values: Sequence[float], unit: Unit, expected: int | None = None) -> str:
    """The median of `values`, then their min-max in brackets when there are several."""
    if not values:
        return "failed" if expected else "-"
    text = unit(rp.median(values))
    if len(values) > 1:
        low, _, low_unit = unit(min(values)).partition(" ")
        high, _, high_unit = unit(max(values)).partition(" ")
        text += f" ({low}-{high})" if low_unit == high_unit else f" ({low} {low_unit}-{high})"
    if expected and len(values) < expected:
        text += f" [{expected - len(values)} failed]"
    return text


def render_sweep(sizes: Sequence[int], sections: Sequence[tuple[str, Sequence[Figure]]]) -> str:
    """The table: a heading per section, a row per figure, a column per size."""
    headers = ("measure", *(f"{size:,}" for size in sizes), "÷first", "÷prev", "target", "met?")
    lines: list[tuple[str, ...] | str] = []
    for heading, figures in sections:
        lines.append(heading)
        for figure in figures:
            lines.append(
                (
                    f"  {figure.label}",
                    *(cell(figure.runs.get(size, []), figure.unit, figure.expected)
                      for size in sizes),
                    times(figure.growth),
                    times(figure.step),
                    figure.target,
                    figure.met(),
                )
            )  # fmt: skip
    rows = [line for line in lines if isinstance(line, tuple)]
    widths = [max(len(row[index]) for row in [headers, *rows]) for index in range(len(headers))]

    def aligned(row: tuple[str, ...]) -> str:
        cells = [row[0].ljust(widths[0])]
        cells += [text.rjust(width) for text, width in zip(row[1:-2], widths[1:-2], strict=True)]
        cells += [row[-2].ljust(widths[-2]), row[-1]]
        return "  ".join(cells).rstrip()

    out = [aligned(headers)]
    out.append("-" * len(out[0]))
    out += [line if isinstance(line, str) else aligned(line) for line in lines]
    return "\n".join(out)
