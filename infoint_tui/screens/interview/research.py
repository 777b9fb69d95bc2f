"""Research: who you will talk to, where they work, when and how, and what you want to learn.

Every field saves itself through the app's saver. The organization and the occupation are
linked by name (found or created as the user types); the organization's sector, website and
notes then belong to the organization the interview is linked to at the moment they save.
"""

from __future__ import annotations

import contextlib
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select, Static

from infoint_tui import timekeeping
from infoint_tui.screens.interview.pane import StagePane, focus_text
from infoint_tui.store.text_refs import TextRef
from infoint_tui.widgets.fields import (
    CheckedInput,
    SavingInput,
    SavingTextArea,
    text_save,
    value_save,
)

if TYPE_CHECKING:
    from infoint_tui.saver import TextSave
    from infoint_tui.store.records import InterviewBundle, OrganizationRecord
    from infoint_tui.store.store import Store

LOCAL_FORMAT = "%Y-%m-%d %H:%M"
_LOCAL_TIME = re.compile(r"\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}")
MEDIA = (("In person", "in_person"), ("Phone", "phone"), ("Video", "video"))
MINUTES_RANGE = (5, 180)
#: Search hit field -> the field that shows it. The contact's notes have no field of their
#: own; they start as the referral's context, which is also "How we met".
TARGET_FIELDS = {
    "research_notes": "research-notes",
    "goals": "goals",
    "contact": "contact-name",
    "contact_notes": "contact-how-met",
    "organization": "org-name",
    "organization_notes": "org-notes",
}


def parse_local_time(text: str) -> datetime | None:
    """`2025-05-14 15:30` in the user's local time as aware UTC; blank is None.

    Raises:
        ValueError: with a one-line hint when the text is not a date and time.
    """
    text = " ".join(text.split())
    if not text:
        return None
    try:
        if not _LOCAL_TIME.fullmatch(text):
            raise ValueError(text)
        local = datetime.strptime(text, LOCAL_FORMAT)
    except ValueError:
        raise ValueError("Not saved yet: use YYYY-MM-DD HH:MM, in your local time.") from None
    try:
        return timekeeping.local_to_utc(local)
    except OverflowError:
        raise ValueError("Not saved yet: that time is outside the calendar in UTC.") from None


def local_time_text(value: datetime | None) -> str:
    """A stored UTC time as the user types it: local, `YYYY-MM-DD HH:MM`."""
    if value is None:
        return ""
    return timekeeping.local_text(value, LOCAL_FORMAT)


def parse_minutes(text: str) -> int:
    """The planned length in minutes, 5 to 180.

    Raises:
        ValueError: with a one-line hint otherwise.
    """
    low, high = MINUTES_RANGE
    try:
        minutes = int(text.strip())
    except ValueError:
        minutes = 0
    if not low <= minutes <= high:
        raise ValueError(f"Not saved yet: the planned length is {low} to {high} minutes.")
    return minutes


class ResearchPane(StagePane):
    """The contact, the organization, the occupation, the date, and notes and goals."""

    stage = "research"

    class OrganizationLinked(Message):
        """The saver linked the interview to this organization (posted from its thread)."""

        def __init__(self, organization: OrganizationRecord | None) -> None:
            super().__init__()
            self.organization = organization

    def __init__(self, interview_id: int) -> None:
        super().__init__(interview_id)
        self._medium = ""

    def compose(self) -> ComposeResult:
        def row(label: str, field: Any) -> Horizontal:
            return Horizontal(
                Static(label, classes="field-label", markup=False), field, classes="field-row"
            )

        def line(field_id: str, placeholder: str = "", **kwargs: Any) -> SavingInput:
            return SavingInput(
                id=field_id, save_key="", placeholder=placeholder, compact=True, **kwargs
            )

        def area(field_id: str, placeholder: str) -> SavingTextArea:
            return SavingTextArea(
                id=field_id, save_key="", placeholder=placeholder, compact=True, classes="notes"
            )

        def hint(field_id: str) -> Static:
            return Static("", id=f"{field_id}-hint", classes="field-hint hidden", markup=False)

        # A Select posts Changed for its first value once mounted: start on the stored one.
        self._medium = str(self.store.interview(self.interview_id).interview.medium)
        with VerticalScroll(id="research-form", can_focus=False):
            yield Static("Contact", classes="form-section", markup=False)
            yield row("Name", line("contact-name", "Who you will talk to"))
            yield row("Role", line("contact-role", "Their job title"))
            yield row("Email", line("contact-email"))
            yield row("Phone", line("contact-phone"))
            yield row("Profile", line("contact-profile", "A profile or web page (URL)"))
            yield Static("", id="referred-by", classes="field-note hidden", markup=False)
            yield row("How we met", line("contact-how-met", "Who referred you, or how you met"))
            yield Static("Organization", classes="form-section", markup=False)
            yield row("Name", line("org-name", "Where they work (found or added by name)"))
            yield row("Sector", line("org-sector"))
            yield row("Website", line("org-website"))
            yield row("Notes", area("org-notes", "What you learned about the organization"))
            yield Static("Conversation", classes="form-section", markup=False)
            yield row("Occupation", line("occupation", "The occupation you are exploring"))
            yield row(
                "When",
                CheckedInput(
                    id="scheduled",
                    save_key="",
                    check=parse_local_time,
                    placeholder="YYYY-MM-DD HH:MM (local time)",
                    compact=True,
                ),
            )
            yield hint("scheduled")
            yield row(
                "How",
                Select(MEDIA, id="medium", allow_blank=False, compact=True, value=self._medium),
            )
            yield row(
                "Minutes",
                CheckedInput(
                    id="planned-minutes",
                    save_key="",
                    check=parse_minutes,
                    type="integer",
                    placeholder="5-180",
                    compact=True,
                ),
            )
            yield hint("planned-minutes")
            yield row("Research", area("research-notes", "What you found out beforehand"))
            yield row("Goals", area("goals", "What you want to learn from this conversation"))

    # -- filling ---------------------------------------------------------------------------

    def _bind(self, field_id: str, key: str, save: TextSave, value: str) -> None:
        """Point a field at a stored value (a field with a save still waiting keeps its text)."""
        field = self.query_one(f"#{field_id}")
        assert isinstance(field, SavingInput | SavingTextArea)
        field.bind(key, save, value)

    def show(self, bundle: InterviewBundle) -> None:
        store, interview_id = self.store, self.interview_id
        contact, interview = bundle.contact, bundle.interview
        contact_id = contact.id
        assert contact_id is not None
        for name in ("name", "role", "email", "phone", "profile_url", "how_met"):
            field_id = "contact-" + {"profile_url": "profile", "how_met": "how-met"}.get(name, name)
            self._bind(
                field_id,
                f"contact:{contact_id}:{name}",
                text_save(store, TextRef("contact", contact_id, name)),
                getattr(contact, name),
            )
        referred = self.query_one("#referred-by", Static)
        if bundle.referred_by is not None:
            referred.update(Content(f"Referred by {bundle.referred_by.name or '(no name)'}"))
        referred.set_class(bundle.referred_by is None, "hidden")

        key = f"interview:{interview_id}"
        self._bind(
            "org-name",
            f"{key}:organization",
            value_save(lambda text: self._link_organization(store, text)),
            bundle.organization.name if bundle.organization else "",
        )
        for name, field_id in (
            ("sector", "org-sector"),
            ("website", "org-website"),
            ("research_notes", "org-notes"),
        ):
            self._bind(
                field_id,
                f"{key}:organization:{name}",
                text_save(store, TextRef("organization", interview_id, name)),
                getattr(bundle.organization, name) if bundle.organization else "",
            )
        self._enable_organization_details()

        occupation = self.query_one("#occupation", SavingInput)
        occupation.suggester = SuggestFromList(
            [row.name for row in store.occupations()], case_sensitive=False
        )
        self._bind(
            "occupation",
            f"{key}:occupation",
            value_save(lambda text: store.link_by_name(interview_id, "occupation", text)),
            bundle.occupation.name if bundle.occupation else "",
        )
        self._bind(
            "scheduled",
            f"{key}:scheduled_at",
            value_save(
                lambda text: store.update_interview(
                    interview_id, scheduled_at=parse_local_time(text)
                )
            ),
            local_time_text(interview.scheduled_at),
        )
        self._bind(
            "planned-minutes",
            f"{key}:planned_minutes",
            value_save(
                lambda text: store.update_interview(
                    interview_id, planned_minutes=parse_minutes(text)
                )
            ),
            str(interview.planned_minutes),
        )
        for field_id in ("scheduled", "planned-minutes"):
            self._show_problem(self.query_one(f"#{field_id}", CheckedInput))
        self._medium = str(interview.medium)
        self.query_one("#medium", Select).value = self._medium
        self._bind(
            "research-notes",
            f"{key}:research_notes",
            text_save(store, TextRef("interview", interview_id, "research_notes")),
            interview.research_notes,
        )
        self._bind(
            "goals",
            f"{key}:goals",
            text_save(store, TextRef("interview", interview_id, "goals")),
            interview.goals,
        )

    def focus_first(self) -> None:
        self.focus_name()

    def focus_target(self, field: str, ref_id: int, near: str = "") -> None:
        field_id = TARGET_FIELDS.get(field)
        if field_id is None:
            self.focus_first()
            return
        focus_text(self.query_one(f"#{field_id}"), near)

    def focus_name(self) -> None:
        """Put the cursor in the contact's name."""
        self.query_one("#contact-name").focus()

    # -- the organization --------------------------------------------------------------------

    def _link_organization(self, store: Store, text: str) -> None:
        """Runs on the saver's thread: link by name, then tell the pane which one it is."""
        organization = store.link_by_name(self.interview_id, "organization", text)
        with contextlib.suppress(RuntimeError):  # the pane or the app is closing
            self.post_message(self.OrganizationLinked(organization))  # type: ignore[arg-type]

    @on(OrganizationLinked)
    def _organization_linked(self, event: OrganizationLinked) -> None:
        """Show the linked organization's details, except in a field being typed in."""
        for name, field_id in (
            ("sector", "org-sector"),
            ("website", "org-website"),
            ("research_notes", "org-notes"),
        ):
            field = self.query_one(f"#{field_id}")
            assert isinstance(field, SavingInput | SavingTextArea)
            if field.has_focus:
                continue
            field.load(getattr(event.organization, name) if event.organization else "")

    @on(Input.Changed, "#org-name")
    def _enable_organization_details(self) -> None:
        """Sector, website and notes belong to an organization: typed only once it has a name."""
        named = bool(self.query_one("#org-name", Input).value.strip())
        for field_id in ("org-sector", "org-website", "org-notes"):
            self.query_one(f"#{field_id}").disabled = not named

    # -- checked fields and the medium -------------------------------------------------------

    @on(Input.Changed, "CheckedInput")
    def _changed_checked(self, event: Input.Changed) -> None:
        assert isinstance(event.input, CheckedInput)
        self._show_problem(event.input)

    def _show_problem(self, field: CheckedInput) -> None:
        problem = field.problem(field.value)
        field.set_class(problem is not None, "-invalid")
        hint = self.query_one(f"#{field.id}-hint", Static)
        hint.update(Content(problem or ""))
        hint.set_class(problem is None, "hidden")

    @on(Select.Changed, "#medium")
    def _medium_changed(self, event: Select.Changed) -> None:
        value = str(event.value)
        if value == self._medium or event.value is Select.NULL:
            return
        self._medium = value
        store, interview_id = self.store, self.interview_id

        def save() -> None:
            from infoint_tui.store.kinds import Medium

            store.update_interview(interview_id, medium=Medium(value))

        self.infoint.queue_save(f"interview:{interview_id}:medium", save, now=True)
