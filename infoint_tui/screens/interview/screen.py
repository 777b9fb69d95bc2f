"""One interview: the stage bar and the five stage panes, switched by F1-F5 from anywhere."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Header

from infoint_tui.context import HasInfointApp
from infoint_tui.screens.interview.follow_up import FollowUpPane
from infoint_tui.screens.interview.live import LivePane
from infoint_tui.screens.interview.pane import StagePane
from infoint_tui.screens.interview.questions import QuestionsPane
from infoint_tui.screens.interview.reflect import ReflectPane
from infoint_tui.screens.interview.research import ResearchPane
from infoint_tui.screens.interview.stage_bar import STAGE_KEYS, StageBar
from infoint_tui.screens.navigation import open_occupation, open_read_back
from infoint_tui.store.conversation_rules import Leaving
from infoint_tui.text import one_line
from infoint_tui.widgets.save_indicator import SaveIndicator


def _function_key(number: int, alt: int, action: str, label: str, what: str, id: str) -> Binding:
    """F<number> (also alt+<alt>, for terminals that keep function keys), working while typing.

    Hidden from the footer: the stage bar shows the stage keys and Home, the palette and
    the keys panel (f12) show them all.
    """
    return Binding(
        f"f{number},alt+{alt}",
        action,
        label,
        key_display=f"F{number}",
        tooltip=f"{what} (also alt+{alt})",
        priority=True,
        show=False,
        id=id,
    )


def _stage_binding(number: int, stage: str, label: str) -> Binding:
    return _function_key(
        number, number, f"stage('{stage}')", label, f"Go to {label}", f"stage.{stage}"
    )


class InterviewScreen(HasInfointApp, Screen[None]):
    """Research, Questions, Live, Reflect and Follow-up of one interview."""

    BINDINGS: ClassVar[list[BindingType]] = [
        _stage_binding(1, "research", "Research"),
        _stage_binding(2, "questions", "Questions"),
        _stage_binding(3, "live", "Live"),
        _stage_binding(4, "reflect", "Reflect"),
        _stage_binding(5, "follow_up", "Follow-up"),
        Binding(
            "alt+right,ctrl+pagedown",
            "next_stage",
            "Next stage",
            show=False,
            priority=True,
            id="stage.next",
        ),
        Binding(
            "alt+left,ctrl+pageup",
            "previous_stage",
            "Previous stage",
            show=False,
            priority=True,
            id="stage.previous",
        ),
        _function_key(
            6,
            6,
            "compare",
            "Compare",
            "Compare everything heard about this occupation",
            "stage.compare",
        ),
        _function_key(7, 7, "read_back", "Read", "Read this interview on one page", "stage.read"),
        _function_key(10, 0, "home", "Home", "Back to the list of interviews", "stage.home"),
    ]

    def __init__(
        self,
        interview_id: int,
        stage: str | None = None,
        focus_name: bool = False,
        focus: tuple[str, int] | None = None,
        near: str = "",
    ) -> None:
        """Open an interview.

        Args:
            interview_id: the interview.
            stage: the stage to open (default: the stage it has reached).
            focus_name: put the cursor in the contact's name (a new interview).
            focus: a search hit's (field, row id): the stage pane puts the cursor there.
            near: a matched word of that hit, where the cursor goes inside the text.
        """
        super().__init__()
        self.interview_id = interview_id
        self._initial_stage = stage
        self._focus_name = focus_name
        self._focus = focus
        self._near = near

    def compose(self) -> ComposeResult:
        yield Header()
        yield StageBar()
        with ContentSwitcher(id="stages"):
            yield ResearchPane(self.interview_id)
            yield QuestionsPane(self.interview_id)
            yield LivePane(self.interview_id)
            yield ReflectPane(self.interview_id)
            yield FollowUpPane(self.interview_id)
        yield SaveIndicator()
        yield Footer()

    def on_mount(self) -> None:
        store = self.infoint.store
        assert store is not None
        bundle = store.interview(self.interview_id)
        stage = self._initial_stage or bundle.interview.stage
        if stage not in STAGE_KEYS:  # a finished interview opens on its follow-up
            stage = "follow_up"
        self.query_one(StageBar).reached = bundle.interview.stage
        self.switch_to(stage)
        if self._focus_name:
            self.query_one(ResearchPane).focus_name()
        elif self._focus is not None:
            field, ref_id = self._focus
            self.query_one(f"#pane-{stage}", StagePane).focus_target(field, ref_id, self._near)

    @property
    def current_stage(self) -> str:
        """The stage on screen."""
        return self.query_one(ContentSwitcher).current.removeprefix("pane-")  # type: ignore[union-attr]

    def switch_to(self, stage: str) -> None:
        """Show a stage with fresh data; what was typed on the stage before is saved.

        Looking changes nothing: the interview's stage moves on only by what the user does
        (adding questions, starting and ending the conversation, writing the thank-you
        note), never by opening a stage. Nothing here waits for the database to write: the
        fields show text still waiting to be saved over what was read, and once the saves
        are in, the stages that show what other stages hold (Reflect's stars, Follow-up's
        draft) are filled again.
        """
        store = self.infoint.store
        assert store is not None
        saver = self.infoint.saver
        saver.save_all_now()
        self.query_one(ContentSwitcher).current = f"pane-{stage}"
        bundle = store.interview(self.interview_id)
        bar = self.query_one(StageBar)
        bar.current, bar.reached = stage, bundle.interview.stage
        about = [bundle.contact.name or "New interview"]
        if bundle.occupation:
            about.append(bundle.occupation.name)
        self.sub_title = one_line(" · ".join(about), 60)
        pane = self.query_one(f"#pane-{stage}", StagePane)
        pane.show(bundle)
        pane.focus_first()
        if stage in ("reflect", "follow_up") and saver.pending():
            self.infoint.after_saves(lambda saved: self._show_again(stage), timeout=2.0)

    def leave_live(self, to_stage: str | None, then: Callable[[], object]) -> None:
        """Leave the stage on screen for `to_stage` (None: Home), then call `then`.

        Leaving Live may end the conversation, or ask whether it happened (the rules are
        in store/conversation_rules.py); going to another stage from elsewhere just goes.
        """
        if self.current_stage != "live" or to_stage == "live":
            then()
            return
        live = self.query_one(LivePane)
        what = live.leaving(to_stage)
        if what is Leaving.ASK:
            live.ask_on_leaving(lambda: then())
            return
        if what is Leaving.END:
            live.end_on_leaving()
        then()

    def _show_again(self, stage: str) -> None:
        """Fill the stage again from the database, now that earlier saves are in."""
        store = self.infoint.store
        if store is None or not self.is_attached or self.current_stage != stage:
            return
        self.query_one(f"#pane-{stage}", StagePane).show(store.interview(self.interview_id))

    def action_stage(self, stage: str) -> None:
        """Go to a stage."""
        self.leave_live(stage, lambda: self.switch_to(stage))

    def action_next_stage(self) -> None:
        """Go to the next stage."""
        index = STAGE_KEYS.index(self.current_stage)
        self.action_stage(STAGE_KEYS[min(index + 1, len(STAGE_KEYS) - 1)])

    def action_previous_stage(self) -> None:
        """Go to the previous stage."""
        index = STAGE_KEYS.index(self.current_stage)
        self.action_stage(STAGE_KEYS[max(index - 1, 0)])

    def action_compare(self) -> None:
        """Save, then compare this interview's occupation."""
        self.infoint.after_saves(
            lambda saved: open_occupation(self.app, self.interview_id), timeout=0.5
        )

    def action_read_back(self) -> None:
        """Save, then read this interview on one page."""
        self.infoint.after_saves(
            lambda saved: open_read_back(self.app, self.interview_id), timeout=0.5
        )

    def action_home(self) -> None:
        """Go back to Home (leaving Live may end the conversation, or ask)."""
        self.leave_live(None, self._home)

    def _home(self) -> None:
        """Back to Home; a new interview left without a name or content goes, once saved."""
        store, interview_id = self.infoint.store, self.interview_id

        def saved(everything: bool) -> None:
            if everything and store is not None:
                # Only once every save is in: an unsaved letter means it is not blank.
                self.infoint.queue_save(
                    f"discard:{interview_id}",
                    lambda: store.discard_if_blank(interview_id),
                    now=True,
                    then=self._discarded,
                )

        self.infoint.after_saves(saved, timeout=2.0)
        self.dismiss()

    def _discarded(self, discarded: bool) -> None:
        if discarded:
            from infoint_tui.screens.home import HomeScreen

            for screen in self.app.screen_stack:
                if isinstance(screen, HomeScreen):
                    screen.refresh_data()

    @on(StagePane.StageChanged)
    def _stage_changed(self, event: StagePane.StageChanged) -> None:
        self.query_one(StageBar).reached = event.stage
