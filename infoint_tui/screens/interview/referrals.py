"""Follow-up's people to talk to next: the list, the two fields that add one, plan and remove."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from infoint_tui.context import HasInfointApp
from infoint_tui.dialogs.confirm import ConfirmDialog
from infoint_tui.store.text_refs import TextRef
from infoint_tui.text import one_line
from infoint_tui.widgets.fields import SavingInput, text_save

if TYPE_CHECKING:
    from infoint_tui.store.records import InterviewRecord, ReferralRecord
    from infoint_tui.store.store import Store

#: The drafts the referral fields are typed into (named as the fields are).
REFERRAL_DRAFTS: tuple[str, str] = ("referral-name", "referral-context")

#: The list's keys. The Follow-up pane binds them after the note's keys, so the footer
#: keeps its order (a widget's own keys come first there), and hands them to `Referrals`.
REFERRAL_KEYS: tuple[Binding, ...] = (
    Binding(
        "p",
        "plan_referral",
        "Plan interview",
        tooltip="Plan an interview with the highlighted person",
        id="follow_up.plan_referral",
    ),
    Binding(
        "delete",
        "delete_referral",
        "Remove",
        tooltip="Remove the highlighted person",
        id="follow_up.delete_referral",
    ),
)
REFERRAL_ACTIONS = frozenset(binding.action for binding in REFERRAL_KEYS)


class Referrals(HasInfointApp, Vertical):
    """Who the interviewee suggested: a list to plan or remove from, and fields to add one."""

    DEFAULT_CSS = """
    Referrals { height: auto; }
    """

    def __init__(self, interview_id: int) -> None:
        super().__init__()
        self.interview_id = interview_id
        self.referrals: list[ReferralRecord] = []

    @property
    def store(self) -> Store:
        """The open store (the interview screen only exists once it is open)."""
        store = self.infoint.store
        assert store is not None
        return store

    def compose(self) -> ComposeResult:
        yield Static(
            "People they suggested  (p plan interview · delete remove)",
            id="referrals-title",
            classes="panel-title",
            markup=False,
        )
        yield OptionList(id="referrals")
        with Horizontal(id="referral-add"):
            # Kept as drafts of the interview while typed, until enter adds the person.
            yield SavingInput(placeholder="Name", id="referral-name", save_key="", compact=True)
            yield SavingInput(
                placeholder="Context: who, why, how to reach · enter adds",
                id="referral-context",
                save_key="",
                compact=True,
            )

    # -- filling ---------------------------------------------------------------------------

    def show(self, referrals: list[ReferralRecord]) -> None:
        """List `referrals` and point the fields at their drafts."""
        self.referrals = list(referrals)
        self._show_referrals()
        self._bind_referral_drafts()

    def _bind_referral_drafts(self) -> None:
        """Point the referral fields at their drafts (what was typed before a crash, too)."""
        store, interview_id = self.store, self.interview_id
        drafts = store.drafts(interview_id)
        for name in REFERRAL_DRAFTS:
            self.query_one(f"#{name}", SavingInput).bind(
                f"draft:{interview_id}:{name}",
                text_save(store, TextRef("draft", interview_id, name)),
                drafts.get(name, ""),
            )

    def _show_referrals(self, highlight: int | None = None) -> None:
        options = self.query_one("#referrals", OptionList)
        previous = options.highlighted
        options.clear_options()
        if not self.referrals:
            options.add_option(
                Option(Content("No one yet: type a name below and press enter."), disabled=True)
            )
            return
        for referral in self.referrals:
            text = one_line(referral.name)
            if referral.context.strip():
                text += " — " + one_line(referral.context, 100)
            prompt = Content(text)
            if referral.planned_interview_id is not None:
                prompt = Content.assemble(prompt, ("  · planned", "$text-success"))
            options.add_option(Option(prompt, id=f"r{referral.id}"))
        index = next(
            (i for i, r in enumerate(self.referrals) if r.id == highlight),
            min(previous or 0, len(self.referrals) - 1),
        )
        options.highlighted = index

    def focus_list(self) -> None:
        """Put the cursor on the list of people."""
        self.query_one("#referrals", OptionList).focus()

    def focus_referral(self, referral_id: int) -> bool:
        """Highlight and focus one person of the list; False if they are not in it."""
        if not any(r.id == referral_id for r in self.referrals):
            return False
        self._show_referrals(highlight=referral_id)
        self.focus_list()
        return True

    # -- keys ------------------------------------------------------------------------------

    def key_state(self) -> bool | None:
        """Whether the list's keys work: only on the list, dimmed while no one is highlighted."""
        if self.screen.focused is not self.query_one("#referrals"):
            return False
        return self._highlighted_referral() is not None or None

    def _highlighted_referral(self) -> ReferralRecord | None:
        options = self.query_one("#referrals", OptionList)
        if options.highlighted is None or not self.referrals:
            return None
        option_id = options.get_option_at_index(options.highlighted).id or ""
        return next((r for r in self.referrals if f"r{r.id}" == option_id), None)

    @on(OptionList.OptionHighlighted, "#referrals")
    def _referral_highlighted(self) -> None:
        self.refresh_bindings()

    @on(Input.Submitted, "#referral-name, #referral-context")
    def _add_referral(self) -> None:
        name_field = self.query_one("#referral-name", SavingInput)
        context_field = self.query_one("#referral-context", SavingInput)
        name = name_field.value.strip()
        if not name:
            self.notify("Type the person's name first.", severity="warning", markup=False)
            name_field.focus()
            return
        context = context_field.value.strip()
        store, interview_id, saver = self.store, self.interview_id, self.infoint.saver
        fields = (name_field, context_field)
        for field in fields:
            # The drafts as they are now, before the add: it deletes them when they agree.
            if field._save is not None:
                saver.submit_text(field.save_key, field.value, field._save, now=True)
            field.show_text("")

        def added(referral: ReferralRecord) -> None:
            if not self.is_attached:
                return
            self.referrals.append(referral)
            self._show_referrals(highlight=referral.id)
            self.refresh_bindings()
            if not any(field.value for field in fields):
                # No next person begun: a draft save that came after the add goes too.
                for field in fields:
                    if field._save is not None:
                        saver.submit_text(field.save_key, "", field._save, now=True)

        self.infoint.queue_save(
            f"referral:add:{interview_id}",
            lambda: store.add_referral(interview_id, name, context, from_drafts=REFERRAL_DRAFTS),
            now=True,
            then=added,
            replace=False,  # a second person added before the first is in: both
        )
        name_field.focus()

    def action_delete_referral(self) -> None:
        """Remove the highlighted person after confirming."""
        referral = self._highlighted_referral()
        if referral is None:
            return
        store = self.store

        def removed(_: object) -> None:
            self.referrals = [r for r in self.referrals if r.id != referral.id]
            self._show_referrals()
            self.refresh_bindings()

        def answered(delete: bool | None) -> None:
            if not delete or referral.id is None:
                return
            referral_id = referral.id
            self.infoint.queue_save(
                f"referral:delete:{referral_id}",
                lambda: store.delete_referral(referral_id),
                now=True,
                then=removed,
            )

        planned = " Their planned interview stays." if referral.planned_interview_id else ""
        self.app.push_screen(
            ConfirmDialog(
                "Remove this person?",
                f"{one_line(referral.name, 60)} is removed from this list.{planned}",
                confirm="Remove",
                danger=True,
            ),
            answered,
        )

    def action_plan_referral(self) -> None:
        """Make the highlighted person a contact with a planned interview."""
        referral = self._highlighted_referral()
        if referral is None or referral.id is None:
            return
        already = referral.planned_interview_id is not None
        store, referral_id = self.store, referral.id

        def planned(interview: InterviewRecord) -> None:
            referral.planned_interview_id = interview.id
            self._show_referrals(highlight=referral.id)
            name = one_line(referral.name, 60)
            self.notify(
                f"An interview with {name} is already planned: find it on Home."
                if already
                else f"Planned an interview with {name}: find it on Home (F10).",
                markup=False,
            )

        self.infoint.queue_save(
            f"referral:plan:{referral_id}",
            lambda: store.plan_interview_from_referral(referral_id),
            now=True,
            then=planned,
        )
