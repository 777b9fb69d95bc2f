"""The target list: organizations the user wants to learn about, ranked, with who is known there.

One row per organization on the list: its motivation score (1 to 5 stars, the user's own
ranking), how many people are known there and how far asking them has got, most wanted
first. The pane below names the people at the highlighted organization, so "who do I know
at X?" is answered at a glance; `enter` goes into that pane, and `enter` there opens a
person's page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from infoint_tui.context import HasInfointApp
from infoint_tui.messages import ReadFailed, TargetsRead
from infoint_tui.screens.people import STATUS_STYLES
from infoint_tui.store.kinds import OUTREACH_LABELS, OutreachStatus
from infoint_tui.text import one_line
from infoint_tui.widgets.row_list import Column, RowList

if TYPE_CHECKING:
    from infoint_tui.store.people_ops import PersonLine
    from infoint_tui.store.records import OrganizationRecord

LOWEST, HIGHEST = 1, 5
"""The motivation scores a target can have (none means it is not on the list)."""
#: A new target's score: in the middle, for the user to move.
NEW_SCORE = 3
#: How far asking someone has got, furthest first; the closed outcomes come last.
PROGRESS: tuple[OutreachStatus, ...] = (
    OutreachStatus.INTERVIEWED,
    OutreachStatus.SCHEDULED,
    OutreachStatus.REPLIED,
    OutreachStatus.REQUEST_SENT,
    OutreachStatus.TO_CONTACT,
    OutreachStatus.NO_REPLY,
    OutreachStatus.DECLINED,
)
TARGET_COLUMNS = (
    Column("Organization", "name", share=0.45),
    Column("Motivation", "motivation", width=10),
    Column("People", "people", width=6),
    Column("How far", "progress", share=0.55),
)
KNOWN_COLUMNS = (
    Column("Name", "name", share=0.5),
    Column("Role", "role", share=0.5),
    Column("Status", "status", width=12),
)
EMPTY = (
    "Nothing on your target list yet.\n\n"
    "Press a to add an organization you would like to learn about: one you already know "
    "from People or an interview, or a new one. Give each a motivation score from 1 to 5 "
    "(+ and -, or the number): the ones you want most stay on top, with whom you know there "
    "and how far asking them has got."
)


@dataclass(frozen=True)
class Target:
    """One organization on the list, with the people known there."""

    id: int
    name: str
    motivation: int
    people: tuple[PersonLine, ...]

    @classmethod
    def of(cls, record: OrganizationRecord, people: list[PersonLine]) -> Target:
        assert record.id is not None
        return cls(record.id, record.name, record.motivation or LOWEST, tuple(people))


def ranked(targets: list[Target]) -> list[Target]:
    """Highest motivation first, then by name (case- and accent-blind)."""
    return sorted(targets, key=lambda t: (-t.motivation, t.name.casefold(), t.id))


def stars(score: int) -> str:
    """`★★★★☆` for 4 out of 5."""
    return "★" * score + "☆" * (HIGHEST - score)


def progress(people: tuple[PersonLine, ...] | list[PersonLine]) -> str:
    """`1 interviewed · 2 request sent`, the furthest status first, or `nobody yet`."""
    if not people:
        return "nobody yet"
    counts = {status: 0 for status in PROGRESS}
    for line in people:
        counts[line.status] += 1
    return " · ".join(f"{n} {OUTREACH_LABELS[s].lower()}" for s, n in counts.items() if n)


def target_cells(target: Target) -> tuple[Text, ...]:
    """The cells of one target (rich Text: never parsed as markup)."""
    return (
        Text(one_line(target.name, 120)),
        Text(stars(target.motivation), style="bold"),
        Text(str(len(target.people)), style="" if target.people else "dim"),
        Text(progress(target.people), style="" if target.people else "dim"),
    )


def known_cells(line: PersonLine) -> tuple[Text, ...]:
    """The cells of one person known at the highlighted target."""
    return (
        Text(one_line(line.name, 120) or "(no name yet)"),
        Text(one_line(line.role, 120)),
        Text(line.status_label, style=STATUS_STYLES.get(line.status, "")),
    )


def _known_order(line: PersonLine) -> tuple[int, str, int]:
    return PROGRESS.index(line.status), line.name.casefold(), line.id


class TargetList(RowList[Target]):
    """The organizations on the list; `enter` goes to the people known at the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select_cursor",
            "People",
            tooltip="Go to the people known there",
            id="targets.people",
        ),
    ]


class KnownList(RowList["PersonLine"]):
    """The people known at the highlighted organization; `enter` opens a person's page."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter", "select_cursor", "Open", tooltip="Open the person's page", id="targets.open"
        ),
    ]


#: + and - share one label in the footer (1 to 5, which set the score directly, are in the
#: help panel and the tooltips: the footer has no room for them at 60 columns).
SCORE_KEYS = Binding.Group("Score")


class TargetsScreen(HasInfointApp, Screen[None]):
    """The organizations the user wants to learn about, most wanted first."""

    AUTO_FOCUS = "#targets"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "back",
            "Back",
            tooltip="Back to the list from its people; else back where you came from",
            id="targets.back",
        ),
        Binding(
            "a",
            "add",
            "Add",
            tooltip="Put an organization on the list: one you know, or a new one",
            id="targets.add",
        ),
        Binding(
            "plus,equals_sign",
            "raise",
            "More",
            key_display="+",
            tooltip="Raise the motivation score (up to 5; the keys 1 to 5 set it directly)",
            id="targets.raise",
            group=SCORE_KEYS,
        ),
        Binding(
            "minus",
            "lower",
            "Less",
            key_display="-",
            tooltip="Lower the motivation score (down to 1; delete takes it off the list)",
            id="targets.lower",
            group=SCORE_KEYS,
        ),
        *(
            Binding(
                str(score),
                f"score({score})",
                f"Score {score}",
                tooltip=f"Set the motivation score to {score} (1 curious, 5 most wanted)",
                show=False,
            )
            for score in range(LOWEST, HIGHEST + 1)
        ),
        Binding(
            "delete",
            "take_off",
            "Drop",
            tooltip="Take the organization off the list after confirming (its people stay)",
            id="targets.take_off",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._all: list[Target] = []
        self._others: list[str] = []
        self._edits = 0
        """Changes made here so far: a read begun before the latest one is stale."""
        self._go_to: int | None = None
        """The organization to highlight once the next read is shown (one just added)."""
        self._known_of: int | None = None
        """The organization whose people the pane shows."""
        self._loaded_at_write = -1
        self.loaded = False
        """Whether the first read has been shown (tests and keys wait for it)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="targets-main"):
            yield Static("", id="targets-summary", markup=False)
            yield TargetList(TARGET_COLUMNS, target_cells, key=_target_key, id="targets")
            yield Static(EMPTY, id="targets-empty", classes="hidden", markup=False)
            with Vertical(id="targets-known-pane"):
                yield Static("", id="targets-known-title", markup=False)
                yield KnownList(KNOWN_COLUMNS, known_cells, key=_person_key, id="targets-known")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Target list"
        self.sub_title = "organizations you want to learn about"
        self.query_one(TargetList).loading = True
        self.refresh_data()

    def on_screen_resume(self) -> None:
        from infoint_tui.store.sessions import write_count

        if self.loaded and write_count() != self._loaded_at_write:
            self.refresh_data()

    def refresh_data(self) -> None:
        """Read the list again, in a worker."""
        self._load(self._edits)

    @work(thread=True, exclusive=True, group="targets-load")
    def _load(self, generation: int) -> None:
        from infoint_tui.store.sessions import write_count

        store = self.infoint.store
        if store is None:
            return
        self._loaded_at_write = write_count()
        try:
            ranked_now = store.ranked_organizations()
            others = [org.name for org in store.organizations() if org.motivation is None]
        except Exception as error:  # a read that failed is one line, not a crash
            self.post_message(ReadFailed(f"Could not read the target list ({error})."))
            return
        self.post_message(TargetsRead(ranked_now, others, generation))

    @on(ReadFailed)
    def _read_failed(self, event: ReadFailed) -> None:
        self.query_one(TargetList).loading = False
        self.notify(event.reason, severity="error", markup=False)

    @on(TargetsRead)
    def _targets_read(self, event: TargetsRead) -> None:
        if event.generation != self._edits:
            return  # begun before a change made here; the read after its save follows
        self._all = ranked([Target.of(record, people) for record, people in event.ranked])
        self._others = event.others
        self.loaded = True
        self.query_one(TargetList).loading = False
        self._show_rows()

    def _show_rows(self) -> None:
        table = self.query_one(TargetList)
        keep = self._go_to if self._go_to is not None else table.cursor_key
        self._go_to = None
        table.set_rows(self._all, keep=keep)
        empty = not self._all
        self.query_one("#targets-empty").set_class(not empty, "hidden")
        table.set_class(empty, "hidden")
        self.query_one("#targets-known-pane").set_class(empty, "hidden")
        known = sum(len(target.people) for target in self._all)
        count = len(self._all)
        summary = (
            f"{count} {'organization' if count == 1 else 'organizations'} on your list · "
            f"{known} {'person' if known == 1 else 'people'} known there"
        )
        self.query_one("#targets-summary", Static).update(summary if count else "")
        self._show_known()

    def _show_known(self) -> None:
        target = self.selected()
        known = self.query_one(KnownList)
        people = sorted(target.people, key=_known_order) if target else []
        shown = target.id if target else None
        if shown != self._known_of:  # another organization: from its first person
            self._known_of = shown
            known.set_rows(people)
            known.cursor_row = 0
        else:
            known.set_rows(people, keep=known.cursor_key)
        known.set_class(not people, "hidden")
        title = self.query_one("#targets-known-title", Static)
        if target is None:
            title.update("")
            return
        name = one_line(target.name, 60)
        if people:
            count = f"{len(people)} {'person' if len(people) == 1 else 'people'}"
            title.update(Content.assemble("Known at ", (name, "bold"), f": {count}"))
        else:
            title.update(
                Content.assemble(
                    "Nobody known at ",
                    (name, "bold"),
                    " yet: add someone in People, with this as where they work.",
                )
            )
        if known.has_focus and not people:
            self.query_one(TargetList).focus()

    @on(TargetList.Highlighted, "#targets")
    def _target_highlighted(self) -> None:
        self._show_known()

    def selected(self) -> Target | None:
        """The highlighted organization, if any."""
        table = self.query_one(TargetList)
        return table.rows[table.cursor_row] if table.row_count else None

    # -- actions -------------------------------------------------------------------------

    def action_back(self) -> None:
        """From the people pane back to the list; else close the screen."""
        if self.query_one(KnownList).has_focus:
            self.query_one(TargetList).focus()
            return
        self.dismiss()

    @on(TargetList.Selected, "#targets")
    def _go_to_people(self) -> None:
        target = self.selected()
        if target is None:
            return
        if target.people:
            self.query_one(KnownList).focus()
        else:
            name = one_line(target.name, 40)
            self.notify(f"Nobody known at {name} yet.", markup=False, timeout=3)

    @on(KnownList.Selected, "#targets-known")
    def _open_person(self, event: KnownList.Selected) -> None:
        from infoint_tui.screens.person import PersonScreen

        self.app.push_screen(PersonScreen(event.key))

    def action_raise(self) -> None:
        """One star more, up to five."""
        target = self.selected()
        if target is not None:
            self._score(target, min(HIGHEST, target.motivation + 1))

    def action_lower(self) -> None:
        """One star less, down to one (delete takes it off the list)."""
        target = self.selected()
        if target is None:
            return
        if target.motivation == LOWEST:
            self.notify(
                "One star is the lowest: delete takes it off the list.", timeout=3, markup=False
            )
            return
        self._score(target, target.motivation - 1)

    def action_score(self, score: int) -> None:
        """Set the highlighted organization's score directly."""
        target = self.selected()
        if target is not None and LOWEST <= score <= HIGHEST:
            self._score(target, score)

    def _score(self, target: Target, score: int) -> None:
        """Show the new score at once (a second key press builds on it), then save it."""
        store = self.infoint.store
        if store is None or score == target.motivation:
            return
        self._edits += 1
        changed = replace(target, motivation=score)
        self._all = ranked([changed if t.id == target.id else t for t in self._all])
        self._show_rows()
        name = target.name
        self.infoint.queue_save(
            f"target:motivation:{target.id}",
            lambda: store.set_motivation(name, score),
            now=True,
            then=self._saved,
        )

    def _saved(self, record: OrganizationRecord) -> None:
        """Read the list again once the disk holds what the screen shows (a later change
        to the same organization, still on its way, reads again when it is saved)."""
        shown = next((t.motivation for t in self._all if t.id == record.id), None)
        if shown == record.motivation:
            self.refresh_data()

    def action_add(self) -> None:
        """Pick an organization (known, or new by the name typed) to put on the list."""
        from infoint_tui.dialogs.organization_picker import OrganizationPickerDialog

        if not self.loaded:
            return
        listed = [target.name for target in self._all]
        self.app.push_screen(OrganizationPickerDialog(self._others, listed), self._picked)

    def _picked(self, name: str | None) -> None:
        store = self.infoint.store
        if not name or store is None:
            return
        shown = one_line(name, 40)
        on_list = next((t for t in self._all if t.name.casefold() == name.casefold()), None)
        if on_list is not None:
            self._go_to = on_list.id
            self._show_rows()
            self.notify(f"{shown} is on your list already.", markup=False, timeout=3)
            return
        self._edits += 1

        def saved(record: OrganizationRecord) -> None:
            self._go_to = record.id
            self.notify(f"{shown} is on your list: {stars(NEW_SCORE)}", markup=False, timeout=3)
            self.refresh_data()

        self.infoint.queue_save(
            f"target:add:{name.casefold()}",
            lambda: store.set_motivation(name, NEW_SCORE),
            now=True,
            then=saved,
        )

    def action_take_off(self) -> None:
        """Take the highlighted organization off the list, after a confirmation."""
        from infoint_tui.dialogs.confirm import ConfirmDialog

        target = self.selected()
        store = self.infoint.store
        if target is None or store is None:
            return
        shown = one_line(target.name, 40)

        def answered(confirmed: bool | None) -> None:
            if not confirmed:
                return
            self._edits += 1
            self._all = [t for t in self._all if t.id != target.id]
            self._show_rows()
            self.infoint.queue_save(
                f"target:motivation:{target.id}",
                lambda: store.set_motivation(target.name, None),
                now=True,
                then=self._saved,
            )
            self.notify(f"Took {shown} off your list.", markup=False, timeout=3)

        self.app.push_screen(
            ConfirmDialog(
                "Take it off the target list?",
                f"{shown} leaves your target list. The organization and the people known "
                "there stay, in People and in your interviews.",
                confirm="Take off",
                cancel="Keep",
            ),
            answered,
        )


def _target_key(target: Target) -> int:
    return target.id


def _person_key(line: PersonLine) -> int:
    return line.id
