"""Store operations that read or write many interviews at once: to-do, overviews, files, demo.

Each wraps a module of the store that works on an engine, so that screens and the command
line go through the `Store` and never hold the engine. Those modules load when a method
first needs them (`icalendar`, the JSON schema and the demo story are not light), as they
did when the screens imported them inside their workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, BinaryIO

from infoint_tui.store.rows import StoreBase
from infoint_tui.store.todo import TODO_SHOWN

if TYPE_CHECKING:
    from infoint_tui.store.compare import OccupationOverview
    from infoint_tui.store.exchange import ImportReport, MarkdownDocument
    from infoint_tui.store.outreach_rules import OutreachTiming
    from infoint_tui.store.todo import TodoList


class ReportOps(StoreBase):
    """What is waiting, an occupation's overview, export and import, and the demo data."""

    def todo_items(
        self,
        timing: OutreachTiming | None = None,
        limit: int | None = TODO_SHOWN,
        now: datetime | None = None,
    ) -> TodoList:
        """What is waiting for the user, overdue first, then by due time: the interviews'
        to-dos, and whom to nudge, try next, or keep in touch with (`store.waiting`).

        The most urgent `limit` (Home's panelful by default), with `more` set when others
        wait; None for all of them. Reading them costs the same however many interviews
        there are (see `store.todo`).
        """
        from infoint_tui.store.waiting import waiting

        return waiting(self.engine, timing, limit=limit, now=now)

    # -- occupations -----------------------------------------------------------------------

    def occupation_overview(self, occupation_id: int) -> OccupationOverview:
        """Every interview about an occupation and what was heard in them, by category.

        Raises:
            NotFoundError: no occupation has this id (any more).
        """
        from infoint_tui.store.compare import occupation_overview

        return occupation_overview(self.engine, occupation_id)

    def next_planned_interview(self, occupation_id: int) -> int | None:
        """The interview about this occupation to prepare next, or None when none is planned."""
        from infoint_tui.store.compare import next_planned_interview

        return next_planned_interview(self.engine, occupation_id)

    def add_unanswered_to_interview(
        self, interview_id: int, bank_question_ids: Iterable[int]
    ) -> int:
        """Copy bank questions to the end of an interview's list; return how many were added."""
        from infoint_tui.store.compare import add_unanswered_to_interview

        return add_unanswered_to_interview(self.engine, interview_id, bank_question_ids)

    # -- files -----------------------------------------------------------------------------

    def export_json(self, uuids: Sequence[str] | None = None) -> str:
        """The interviews (all, or those named by `uuids`) as one lossless JSON document.

        Raises:
            NotFoundError: some of `uuids` name no interview.
        """
        from infoint_tui.store.exchange import export_json

        return export_json(self.engine, uuids)

    def export_markdown(self, uuids: Sequence[str] | None = None) -> list[MarkdownDocument]:
        """One Markdown document per interview (all, or those named by `uuids`).

        Raises:
            NotFoundError: some of `uuids` name no interview.
        """
        from infoint_tui.store.exchange import export_markdown

        return export_markdown(self.engine, uuids)

    def calendar_text(self, uuids: Sequence[str] | None = None) -> str:
        """The interviews (all, or those named by `uuids`) as an iCalendar document.

        Raises:
            NotFoundError: some of `uuids` name no interview.
        """
        from infoint_tui.store.calendar import calendar_text

        return calendar_text(self.engine, uuids=uuids)

    def import_json(
        self,
        text: str | BinaryIO,
        source: str = "<input>",
        *,
        dry_run: bool = False,
        progress: Callable[[int], None] | None = None,
    ) -> ImportReport:
        """Import an export in one transaction: all of it or nothing (see `exchange.writer`).

        `text` is the document, or a binary file read a piece at a time; `progress` is told
        how many bytes have been read.

        Raises:
            ImportFileError: the file is malformed; the message names `source` and the place.
            DatabaseFileError: the database refused the write; nothing was imported.
        """
        from infoint_tui.store.exchange import import_json

        return import_json(self.engine, text, source=source, dry_run=dry_run, progress=progress)

    # -- demo data -------------------------------------------------------------------------

    def seed_demo(self) -> None:
        """Add the demo's seven interviews about three occupations (see `store.demo`)."""
        from infoint_tui.store.demo import seed_demo

        seed_demo(self.engine)

    def generate_demo(self, count: int, seed: int = 0) -> None:
        """Add `count` synthetic interviews (the same `seed`, the same texts), for benchmarks."""
        from infoint_tui.store.demo import generate

        generate(self.engine, count, seed=seed)
