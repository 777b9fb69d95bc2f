"""What the occupation screen shows, made from an overview: pure functions, safe in a worker.

The screen (`screens.occupation`) only mounts what `prepare` returns, so that building the
texts of hundreds of answers never runs on the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.content import Content

from infoint_tui import timekeeping
from infoint_tui.store.dates import NOT_SCHEDULED
from infoint_tui.store.kinds import STAGE_LABELS
from infoint_tui.text import one_line, terminal_safe

if TYPE_CHECKING:
    from infoint_tui.store.compare import CategoryAnswers, OccupationOverview, OccupationSummary
    from infoint_tui.store.records import BankQuestionRecord


def day(when: datetime | None) -> str:
    """A date as the user reads it, in local time: `12 Mar 2024`; `not scheduled` if none."""
    return NOT_SCHEDULED if when is None else timekeeping.local_text(when, "%d %b %Y")


def fit_dots(fit: int) -> str:
    """Fit confidence as five dots: `●●●○○`."""
    return "●" * fit + "○" * (5 - fit)


def summary_text(summary: OccupationSummary, width: int = 80) -> str:
    """`4 people · 5 interviews · average fit 3.8/5 · salary heard: $55k-70k, €48k`."""
    people = "1 person" if summary.people == 1 else f"{summary.people} people"
    count = "1 interview" if summary.interviews == 1 else f"{summary.interviews} interviews"
    if summary.planned:
        count += f" ({summary.planned} planned)"
    fit = (
        "no fit given yet"
        if summary.average_fit is None
        else f"average fit {summary.average_fit:.1f}/5"
    )
    head = f"{people} · {count} · {fit} · "
    if not summary.salary_ranges:
        return head + "no salary heard yet"
    # Two lines at most: room for "salary heard: ", " and 99 more" and a ragged wrap.
    budget = max(20, 2 * width - len(head) - 34)
    shown: list[str] = []
    for index, text in enumerate(summary.salary_ranges):
        piece = one_line(text)
        if shown and len(", ".join([*shown, piece])) > budget:
            more = len(summary.salary_ranges) - index
            return f"{head}salary heard: {', '.join(shown)} and {more} more"
        shown.append(piece)
    return f"{head}salary heard: {', '.join(shown)}"


def fit_line(overview: OccupationOverview, width: int = 80) -> str:
    """The fits in date order, as many of the latest as fit: `12 Mar 2024 ●●●○○ · …`."""
    points = overview.fit_over_time
    if not points:
        return "Fit over time: none given yet (Reflect, after an interview)."
    label = "Fit over time: "
    items = [f"{day(point.when)} {fit_dots(point.fit)}" for point in points]
    shown: list[str] = []
    for item in reversed(items):
        earlier = len(items) - len(shown) - 1
        more = f"{earlier} earlier · " if earlier else ""
        if shown and len(label + more + " · ".join([item, *shown])) > width - 2:
            break
        shown.insert(0, item)
    earlier = len(items) - len(shown)
    return label + (f"{earlier} earlier · " if earlier else "") + " · ".join(shown)


def answers_content(category: CategoryAnswers) -> Content:
    """Each person's answers, stacked: name · date, then each question and its answer."""
    parts: list[str | tuple[str, str]] = []
    previous: int | None = None
    for heard in category.answers:
        if heard.interview_id != previous:
            if previous is not None:
                parts.append("\n")
            name = one_line(heard.contact_name, 60) or "(no name)"
            parts.append((f"{name} · {day(heard.when)}\n", "bold"))
            previous = heard.interview_id
        parts.append((one_line(heard.question) + "\n", "italic dim"))
        parts.append(terminal_safe(heard.answer.strip()) + "\n")
    # No trailing white space, and no second pass for control codes: every piece went
    # through terminal_safe already, and stripping them again costs more than the rest.
    while parts:
        last = parts.pop()
        text, style = (last, "") if isinstance(last, str) else last
        if text := text.rstrip():
            parts.append((text, style) if style else text)
            break
    return Content.assemble(*parts, strip_control_codes=False)


def heading_content(category: CategoryAnswers) -> Content:
    """The category's label and how many answers it holds."""
    shown = len(category.answers)
    if category.total > shown:
        count = f"  the newest {shown} of {category.total} answers"
    else:
        count = "  1 answer" if shown == 1 else f"  {shown} answers"
    return Content.assemble((one_line(category.label, 60), "bold"), (count, "dim"))


Block = tuple[str, Content]
"""One widget of the comparison: its class (`occ-heading` or `occ-answers`) and content."""
Row = tuple[str, tuple[Text, ...]]
"""One row of the interviews list: its key (the interview id) and its cells."""

SLICE_CHARACTERS = 8_000
"""A slice of the comparison takes blocks until it holds this many characters.

A full category (40 answers, about 12,000 characters) is a slice by itself: wrapping it
at 80 columns costs about 4 ms, and measuring and painting it about 10 ms in all. Small
categories go several to a slice; a small occupation shows in one."""
ROWS_PER_SLICE = 40
"""Interviews added to the list per slice: the first slice is more than a screenful."""


@dataclass(frozen=True)
class Prepared:
    """What the screen shows, made in the loading worker so the event loop only mounts it."""

    blocks: tuple[Block, ...]
    """The comparison: each category's heading and answers, or why there are none yet."""
    rows: tuple[Row, ...]
    """The interviews, the newest first, as on Home."""
    questions: tuple[tuple[int, Content], ...]
    """The unanswered bank questions: (id, `Category: question`), one per wording."""


def prepare(overview: OccupationOverview, unanswered: list[BankQuestionRecord]) -> Prepared:
    """Build every Content and cell the screen shows; pure, so safe in a worker thread."""
    from infoint_tui.store.categories import category_label

    blocks: list[Block] = []
    for category in overview.categories:
        blocks.append(("occ-heading", heading_content(category)))
        blocks.append(("occ-answers", answers_content(category)))
    if not blocks:
        blocks.append(
            (
                "occ-answers",
                Content(
                    "No answers yet. What people answer in interviews about "
                    f"{one_line(overview.name, 60)} shows here, side by side, by topic."
                ),
            )
        )
    rows = tuple(
        (
            str(line.id),
            (  # rich Text: never parsed as markup
                Text(day(line.when)),
                Text(one_line(line.contact_name, 30) or "(no name yet)"),
                Text(one_line(line.organization_name or "", 30)),
                Text(STAGE_LABELS.get(line.stage, line.stage)),
                Text(f"★{line.fit}" if line.fit else ""),
            ),
        )
        for line in reversed(overview.interviews)
    )
    seen: set[str] = set()
    questions: list[tuple[int, Content]] = []
    for question in unanswered:
        text = one_line(question.text)
        if text.casefold() in seen or question.id is None:
            continue
        seen.add(text.casefold())
        prompt = Content.assemble((one_line(category_label(question.category)) + ": ", "dim"), text)
        questions.append((question.id, prompt))
    return Prepared(tuple(blocks), rows, tuple(questions))
