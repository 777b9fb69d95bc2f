"""A person's page: their details, free notes, and everything with them, newest first.

Every field saves itself as typed (the house's saving fields). The timeline holds requests,
nudges, replies and status changes, and reads the interviews, thank-you notes and
referrals from their own tables; enter on an interview or a person opens it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from infoint_tui import timekeeping
from infoint_tui.context import HasInfointApp
from infoint_tui.messages import PersonRead, ReadFailed
from infoint_tui.screens.people import STATUS_KEYS, set_status
from infoint_tui.screens.person_read import GONE, read_person_page
from infoint_tui.store.errors import NotFoundError
from infoint_tui.store.kinds import HOW_FOUND_SUGGESTIONS, OUTREACH_LABELS, OutreachStatus
from infoint_tui.store.text_refs import TextRef
from infoint_tui.text import one_line
from infoint_tui.widgets.fields import (
    CheckedInput,
    SavingInput,
    SavingTextArea,
    text_save,
    value_save,
)

if TYPE_CHECKING:
    from infoint_tui.store.people_ops import PersonPage, TimelineItem

#: The person's one-line text fields: (field id, column, label, placeholder).
TEXT_FIELDS = (
    ("person-name", "name", "Name", "Their full name"),
    ("person-role", "role", "Role", "Their job title"),
    ("person-email", "email", "Email", ""),
    ("person-phone", "phone", "Phone", ""),
    ("person-profile", "profile_url", "Profile", "A profile or web page (URL)"),
    ("person-how-found", "how_met", "Found via", "Alumni directory, LinkedIn, a referral…"),
)
#: Wider than this, the timeline sits beside the details; narrower, below them.
SIDE_BY_SIDE = 100


def parse_interval(text: str) -> int | None:
    """Days between keep-in-touch contacts: blank is none, else 1 to 3650."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 3650:
        raise ValueError("Not saved yet: a number of days, 1 to 3650 (blank: not kept).")
    return int(text)


def timeline_text(item: TimelineItem) -> Text:
    """One timeline line: the day, what happened, and its text on one line."""
    line = Text(timekeeping.local_text(item.at, "%d %b %Y") + "  ", style="dim")
    line.append(item.label, style="bold")
    detail = one_line(item.text, 200)
    if detail:
        line.append("  " + detail)
    return line


class Timeline(OptionList):
    """Everything with the person, newest first; the number keys set the status here."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select",
            "Open",
            tooltip="Open the interview or person of this line",
            id="person.timeline.open",
        ),
        Binding(
            "delete",
            "screen.delete_entry",
            "Delete",
            tooltip="Delete a logged entry (a request, a nudge, a status change…)",
            id="person.timeline.delete",
        ),
    ]


class PersonScreen(HasInfointApp, Screen[None]):
    """One person: details, notes, outreach status and the timeline."""

    # In the footer's order: on the timeline, its own keys and 1-7 come first, so a narrow
    # terminal still shows them; escape, which everyone knows, comes last.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "1",
            "status(0)",
            "Status",
            key_display="1-7",
            tooltip="On the timeline: 1 to contact, 2 request sent, 3 replied, 4 scheduled, "
            "5 interviewed, 6 declined, 7 no reply",
            id="person.status",
        ),
        *(
            Binding(
                str(number + 1),
                f"status({number})",
                OUTREACH_LABELS[status],
                show=False,
                tooltip=f"On the timeline: set the outreach status to "
                f"{OUTREACH_LABELS[status].lower()}",
                id=f"person.status.{status.value}",
            )
            for number, status in enumerate(STATUS_KEYS)
            if number
        ),
        Binding(
            "ctrl+r",
            "compose",
            "Request",
            tooltip="Write the request to them (a nudge once one was sent; an update after "
            "the interview)",
            id="person.compose",
        ),
        Binding(
            "ctrl+n",
            "new_interview",
            "New interview",
            tooltip="Prepare an interview with this person",
            id="person.new_interview",
        ),
        Binding(
            "ctrl+t",
            "timeline",
            "Timeline",
            tooltip="Go to the timeline, where 1-7 set the outreach status",
            id="person.timeline",
        ),
        Binding(
            "escape",
            "back",
            "Back",
            tooltip="Back (everything typed is saved)",
            id="person.back",
        ),
        Binding(
            "ctrl+l",
            "log_contact",
            "Log contact",
            tooltip="You were in touch today (a call, a coffee, a message): on the timeline, "
            "and the keep-in-touch interval starts again",
            id="person.log_contact",
        ),
    ]

    def __init__(self, person_id: int, *, new: bool = False) -> None:
        super().__init__()
        self.person_id = person_id
        self.new = new
        """Added just now: leaving checks for a person already there (to merge)."""
        self.page: PersonPage | None = None
        self._leaving = False

    def compose(self) -> ComposeResult:
        def row(label: str, field: Any) -> Horizontal:
            return Horizontal(
                Static(label, classes="field-label", markup=False), field, classes="field-row"
            )

        yield Header()
        with Horizontal(id="person-body"):
            with VerticalScroll(id="person-form", can_focus=False):
                for field_id, _, label, placeholder in TEXT_FIELDS[:1]:
                    yield row(label, self._line(field_id, placeholder))
                yield row(
                    "Works at",
                    self._line("person-organization", "Where they work (found or added)"),
                )
                for field_id, _, label, placeholder in TEXT_FIELDS[1:]:
                    yield row(label, self._line(field_id, placeholder))
                yield row(
                    "In touch",
                    CheckedInput(
                        id="person-keep-in-touch",
                        save_key="",
                        check=parse_interval,
                        placeholder="every N days (e.g. 90); blank: not kept",
                        compact=True,
                    ),
                )
                yield Static(
                    "", id="person-keep-in-touch-hint", classes="field-hint hidden", markup=False
                )
                yield Static("", id="person-introduced", classes="field-note", markup=False)
                yield row(
                    "Notes",
                    SavingTextArea(
                        id="person-notes",
                        save_key="",
                        placeholder="What they care about; how you might help them back",
                        compact=True,
                        classes="notes",
                    ),
                )
            with Vertical(id="person-side"):
                yield Static("", id="person-status", markup=False)
                yield Static("Timeline", classes="panel-title", markup=False)
                yield Timeline(id="timeline")
        yield Footer()

    def _line(self, field_id: str, placeholder: str) -> SavingInput:
        return SavingInput(id=field_id, save_key="", placeholder=placeholder, compact=True)

    def on_mount(self) -> None:
        self.title = "Person"
        self.query_one("#person-how-found", SavingInput).suggester = SuggestFromList(
            HOW_FOUND_SUGGESTIONS, case_sensitive=False
        )
        self._lay_out(self.size.width)
        self.load()

    def on_resize(self, event: events.Resize) -> None:
        self._lay_out(event.size.width)

    def _lay_out(self, width: int) -> None:
        self.query_one("#person-body").set_class(width < SIDE_BY_SIDE, "-stacked")

    def on_screen_resume(self) -> None:
        # Back from an interview or another person: read the page again once what was
        # saved there is in (a blank interview left there takes a blank person with it).
        if self.page is None:
            return
        if self.infoint.saver.pending():
            self.infoint.after_saves(lambda _saved: self.load())
        else:
            self.load()

    # -- reading -------------------------------------------------------------------------

    def load(self) -> None:
        """Read the page again, in a worker."""
        self._read()

    @work(thread=True, exclusive=True, group="person-load")
    def _read(self) -> None:
        read_person_page(self, self.person_id, "Cannot show this person")

    @on(ReadFailed)
    def _read_failed(self, event: ReadFailed) -> None:
        gone = event.reason == GONE
        self.notify(event.reason, severity="warning" if gone else "error", markup=False)
        if not self._leaving:
            self._leaving = True
            self.dismiss()

    @on(PersonRead)
    def _person_read(self, event: PersonRead) -> None:
        first = self.page is None
        self.page = page = event.page
        self._show(page)
        if first:
            (self.query_one("#person-name") if self.new else self.query_one("#timeline")).focus()

    def _show(self, page: PersonPage) -> None:
        store = self.infoint.store
        assert store is not None
        person = page.person
        self.sub_title = one_line(person.name, 60) or "(no name yet)"
        for field_id, column, _, _ in TEXT_FIELDS:
            self._bind(
                field_id,
                f"contact:{self.person_id}:{column}",
                text_save(store, TextRef("contact", self.person_id, column)),
                getattr(person, column),
            )
        self._bind(
            "person-organization",
            f"contact:{self.person_id}:organization",
            value_save(lambda text: store.set_person_organization(self.person_id, text)),
            page.organization.name if page.organization else "",
        )
        self._bind(
            "person-keep-in-touch",
            f"contact:{self.person_id}:keep_in_touch_days",
            value_save(lambda text: store.set_keep_in_touch(self.person_id, parse_interval(text))),
            str(person.keep_in_touch_days or ""),
        )
        self._bind(
            "person-notes",
            f"contact:{self.person_id}:notes",
            text_save(store, TextRef("contact", self.person_id, "notes")),
            person.notes,
        )
        introduced = self.query_one("#person-introduced", Static)
        introducer = page.introduced_by
        introduced.update(
            f"Introduced by {one_line(introducer.name, 60)}" if introducer is not None else ""
        )
        introduced.set_class(introducer is None, "hidden")
        self._show_status(person.outreach_status, person.keep_in_touch_days)
        timeline = self.query_one(Timeline)
        highlighted = timeline.highlighted
        timeline.clear_options()
        timeline.add_options(
            [Option(timeline_text(item), id=str(index)) for index, item in enumerate(page.timeline)]
            or [Option(Text("Nothing yet: ctrl+r writes the request.", style="dim"), disabled=True)]
        )
        if highlighted is not None and page.timeline:
            timeline.highlighted = min(highlighted, len(page.timeline) - 1)

    def _show_status(self, status: OutreachStatus, keep_in_touch_days: int | None) -> None:
        parts = [f"Outreach: {OUTREACH_LABELS[status]}"]
        if keep_in_touch_days:
            parts.append(f"keep in touch every {keep_in_touch_days} days")
        self.query_one("#person-status", Static).update(" · ".join(parts))

    def _bind(self, field_id: str, key: str, save: Any, value: str) -> None:
        field = self.query_one(f"#{field_id}")
        assert isinstance(field, SavingInput | SavingTextArea)
        field.bind(key, save, value)

    @on(SavingInput.Changed, "#person-name")
    def _name_typed(self, event: SavingInput.Changed) -> None:
        self.sub_title = one_line(event.value, 60) or "(no name yet)"

    @on(CheckedInput.Changed, "#person-keep-in-touch")
    def _interval_typed(self, event: CheckedInput.Changed) -> None:
        field = event.input
        assert isinstance(field, CheckedInput)
        problem = field.problem(field.value)
        hint = self.query_one("#person-keep-in-touch-hint", Static)
        hint.update(problem or "")
        hint.set_class(problem is None, "hidden")
        if problem is None and self.page is not None:  # the status line follows the typing
            self._show_status(self.page.person.outreach_status, parse_interval(field.value))

    # -- actions -------------------------------------------------------------------------

    def action_timeline(self) -> None:
        """Move to the timeline."""
        self.query_one(Timeline).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The number keys set the status from the timeline only: in a field they are text.
        # On the timeline, the key that goes there has nothing to do.
        if action in ("status", "timeline"):
            return isinstance(self.focused, Timeline) == (action == "status")
        return True

    def action_status(self, number: int) -> None:
        """Set the outreach status (1 to 7)."""
        store = self.infoint.store
        if store is None or self.page is None or not 0 <= number < len(STATUS_KEYS):
            return
        set_status(
            self, store, self.person_id, self.page.person.name, STATUS_KEYS[number], self.load
        )

    @on(OptionList.OptionSelected, "#timeline")
    def _open_item(self, event: OptionList.OptionSelected) -> None:
        if self.page is None or event.option.id is None:
            return
        item = self.page.timeline[int(event.option.id)]
        if item.person_id is not None and item.person_id != self.person_id:
            self.app.push_screen(PersonScreen(item.person_id))
        elif item.interview_id is not None:
            from infoint_tui.screens.interview import InterviewScreen

            self.app.push_screen(InterviewScreen(item.interview_id))

    def action_delete_entry(self) -> None:
        """Delete the highlighted logged entry (a request, a nudge, a status change…)."""
        from infoint_tui.dialogs.confirm import ConfirmDialog

        timeline = self.query_one(Timeline)
        store = self.infoint.store
        if self.page is None or store is None or timeline.highlighted is None:
            return
        if timeline.highlighted >= len(self.page.timeline):
            return
        item = self.page.timeline[timeline.highlighted]
        entry_id = item.entry_id
        if entry_id is None:
            self.notify(
                "Only logged entries can be deleted here; interviews are deleted on Home.",
                markup=False,
            )
            return

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self.infoint.queue_save(
                    f"person:entry:{entry_id}",
                    lambda: store.delete_timeline_entry(entry_id),
                    now=True,
                    then=lambda _: self.load(),
                )

        self.app.push_screen(
            ConfirmDialog(
                "Delete this entry?",
                one_line(f"{item.label}: {item.text}", 200),
                confirm="Delete",
                cancel="Keep",
                danger=True,
            ),
            answered,
        )

    def action_log_contact(self) -> None:
        """Log that you were in touch today (it restarts the keep-in-touch interval)."""
        from infoint_tui.store.kinds import TimelineKind

        store = self.infoint.store
        if store is None or self.page is None:
            return
        name = one_line(self.page.person.name, 40) or "them"

        def logged(_: object) -> None:
            self.notify(f"Logged a contact with {name} today.", markup=False, timeout=3)
            self.load()

        self.infoint.queue_save(
            f"person:contact:{self.person_id}",
            lambda: store.log_event(self.person_id, TimelineKind.CONTACT),
            now=True,
            then=logged,
            replace=False,
        )

    def action_compose(self) -> None:
        """Write the request, nudge or update, once what was typed here is saved (the
        draft is made from the name, organization and role as stored)."""
        from infoint_tui.screens.composer import ComposerScreen

        def saved(_everything: bool) -> None:
            if self.app.screen is self:
                self.app.push_screen(ComposerScreen(self.person_id))

        self.infoint.after_saves(saved)

    def action_new_interview(self) -> None:
        """Create an interview with this person and open its Research stage."""
        store = self.infoint.store
        if store is None:
            return

        def created(interview: Any) -> None:
            from infoint_tui.screens.interview import InterviewScreen

            if self.app.screen is self:
                self.app.push_screen(InterviewScreen(interview.id, stage="research"))

        self.infoint.save_all_now()
        self.infoint.queue_save(
            f"person:interview:{self.person_id}",
            lambda: store.create_interview("", contact_id=self.person_id),
            now=True,
            then=created,
            replace=False,
        )

    def action_back(self) -> None:
        """Back, after everything typed is saved; a new person already in People is
        offered to merge, and a new person left without a name is not kept."""
        self.infoint.save_all_now()
        if self.new:
            self.infoint.after_saves(lambda _saved: self._check_new())
        else:
            self.dismiss()

    def _check_new(self) -> None:
        from infoint_tui.dialogs.choice import Choice, ChoiceDialog

        store = self.infoint.store
        if store is None or self._leaving:
            self.dismiss()
            return
        try:
            person = store.person(self.person_id)
        except NotFoundError:  # discarded with the blank interview made for them
            self._leaving = True
            self.dismiss()
            return
        organization = self.query_one("#person-organization", SavingInput).value
        if (
            not any(
                getattr(person, name).strip()
                for name in ("name", "role", "email", "phone", "profile_url", "how_met", "notes")
            )
            and not organization.strip()
        ):
            self.infoint.queue_save(
                f"person:discard:{self.person_id}",
                lambda: store.delete_person(self.person_id),
                now=True,
            )
            self.dismiss()
            return
        matches = store.matching_people(
            person.name, organization, person.email, exclude=self.person_id
        )
        if not matches:
            self.new = False
            self.dismiss()
            return
        existing = matches[0]
        assert existing.id is not None
        keep_id = existing.id

        def answered(choice: str | None) -> None:
            self.new = False
            if choice == "merge":
                self.infoint.queue_save(
                    f"person:merge:{self.person_id}",
                    lambda: store.merge_people(keep_id, self.person_id),
                    now=True,
                    then=lambda _: self.notify(
                        f"Merged into {one_line(existing.name, 40)}.", markup=False
                    ),
                )
            self.dismiss()

        self.app.push_screen(
            ChoiceDialog(
                "Already in People?",
                f"{one_line(existing.name, 60)} is already there with the same "
                + ("e-mail." if person.email and existing.email == person.email else "name.")
                + " Merge this one into them (everything is kept), or keep both?",
                [Choice("m", "Merge", "merge"), Choice("k", "Keep both", "keep")],
                cancel="Keep both",
            ),
            answered,
        )
