"""Reflect: how well the work fits, the reflection prompts, and what stood out in the talk."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from infoint_tui.screens.interview.pane import StagePane, focus_text
from infoint_tui.store.text_refs import TextRef
from infoint_tui.text import terminal_safe
from infoint_tui.widgets.checklist import minute_mark
from infoint_tui.widgets.fields import SavingTextArea, text_save

if TYPE_CHECKING:
    from infoint_tui.store.records import InterviewBundle

FIT_MEANINGS = {
    1: "Not for me",
    2: "Probably not for me",
    3: "Maybe: I need to know more",
    4: "Quite likely",
    5: "Yes, I could see myself doing this",
}

PROMPTS: tuple[tuple[str, str, str], ...] = (
    ("most_interesting", "Most interesting", "e.g. how she moved from teaching into UX research"),
    ("most_helpful", "Most helpful", "e.g. the advice to build a small portfolio first"),
    ("surprises", "What surprised or worried me", "Anything that did not match what you expected"),
    ("still_to_learn", "What I still need to know", "Questions for the next conversation"),
    ("next_steps", "Next steps", "What you will do, and by when"),
)

WIDE_COLUMNS = 100
"""From this width the highlights stand beside the prompts instead of below them."""

_GROUP = Binding.Group("Fit 1-5", compact=True)


def _fit_binding(value: int) -> Binding:
    return Binding(
        str(value),
        f"set_fit({value})",
        FIT_MEANINGS[value],
        tooltip=f"Fit {value}: {FIT_MEANINGS[value]} (when no text field has the cursor)",
        id=f"reflect.fit{value}",
        group=_GROUP,
    )


class FitScale(Widget, can_focus=True):
    """Fit confidence as five dots (`● ● ● ○ ○`) and what the chosen value means."""

    DEFAULT_CSS = """
    FitScale { height: 1; width: 1fr; padding: 0 1; }
    FitScale:focus { background: $boost; text-style: bold; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1)", "Less", tooltip="One point less", id="reflect.fit_less"),
        Binding("right", "step(1)", "More", tooltip="One point more", id="reflect.fit_more"),
    ]

    value: reactive[int | None] = reactive(None)
    """The fit confidence, 1-5, or None before it is given."""

    class Changed(Message):
        """The user chose a fit confidence."""

        def __init__(self, scale: FitScale, value: int) -> None:
            super().__init__()
            self.scale = scale
            self.value = value

        @property
        def control(self) -> FitScale:
            """The scale that changed."""
            return self.scale

    def render(self) -> Content:
        value = self.value or 0
        dots = " ".join("●" if step <= value else "○" for step in range(1, 6))
        if self.value is None:
            meaning = Content.styled("not rated yet: press 1-5", "$text-muted")
        else:
            meaning = Content(f"{self.value} · {FIT_MEANINGS[self.value]}")
        return Content.assemble((dots, "$text-accent"), "   ", meaning)

    def choose(self, value: int) -> None:
        """Set the value as the user's choice (clamped to 1-5) and announce it."""
        value = min(max(value, 1), 5)
        if value != self.value:
            self.value = value
            self.post_message(self.Changed(self, value))

    def action_step(self, delta: int) -> None:
        """Move the value one point."""
        self.choose((self.value or (3 if delta > 0 else 2)) + delta)

    def on_click(self, event: events.Click) -> None:
        offset = event.x - 1  # padding
        if 0 <= offset < 9:
            self.choose(offset // 2 + 1)


class ReflectPane(StagePane):
    """Rate the fit and answer the reflection prompts, with the starred moments in view."""

    stage = "reflect"

    BINDINGS: ClassVar[list[BindingType]] = [
        *[_fit_binding(value) for value in range(1, 6)],
        Binding(
            "escape",
            "leave_field",
            "Leave field",
            tooltip="Leave the text field, so 1-5 set the fit again",
            id="reflect.leave",
        ),
    ]

    def compose(self) -> ComposeResult:
        with Container(id="reflect-body"):
            with VerticalScroll(id="reflect-prompts", can_focus=False):
                yield Static(
                    "Fit: I could see myself doing this",
                    id="fit-label",
                    classes="reflect-label",
                    markup=False,
                )
                yield FitScale(id="fit")
                for field, label, placeholder in PROMPTS:
                    yield Static(label, classes="reflect-label", markup=False)
                    yield SavingTextArea(
                        id=f"reflect-{field}",
                        classes="reflect-prompt",
                        save_key="",
                        placeholder=placeholder,
                    )
            with VerticalScroll(id="reflect-highlights"):
                yield Static("Starred in the interview", classes="panel-title", markup=False)
                yield Static("", id="reflect-starred", markup=False)
                yield Static("Must-ask, not asked", classes="panel-title", markup=False)
                yield Static("", id="reflect-unasked", markup=False)

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#reflect-body").set_class(event.size.width >= WIDE_COLUMNS, "wide")

    # -- filling ---------------------------------------------------------------------------

    def show(self, bundle: InterviewBundle) -> None:
        reflection = bundle.reflection
        waiting = set(self.infoint.saver.waiting_keys())
        store, interview_id = self.store, self.interview_id
        if f"reflection:{interview_id}:fit" not in waiting:
            self.query_one(FitScale).value = reflection.fit_confidence if reflection else None
        for field, _, _ in PROMPTS:
            self.query_one(f"#reflect-{field}", SavingTextArea).bind(
                f"reflection:{interview_id}:{field}",
                text_save(store, TextRef("reflection", interview_id, field)),
                getattr(reflection, field) if reflection else "",
            )
        self._show_highlights(bundle)

    def _show_highlights(self, bundle: InterviewBundle) -> None:
        parts: list[Content] = []
        for question in bundle.questions:
            if question.starred:
                # Stored text, maybe imported: control characters shown as visible escapes.
                answer = terminal_safe(question.answer.strip()) or "(no answer typed)"
                title = "★ " + terminal_safe(question.text.strip())
                parts.append(Content.assemble((title, "bold"), "\n", answer))
        for note in bundle.notes:
            if note.starred:
                at = minute_mark(note.offset_seconds).strip()
                lead = f"★ Note at {at}" if at else "★ Note"
                parts.append(
                    Content.assemble((lead, "bold"), "\n", terminal_safe(note.text.strip()))
                )
        starred = self.query_one("#reflect-starred", Static)
        if parts:
            starred.update(Content("\n\n").join(parts))
        else:
            starred.update(
                Content.styled(
                    "Nothing starred. In Live, ctrl+t stars an answer or a note.", "$text-muted"
                )
            )
        unasked = [q for q in bundle.questions if q.must_ask and not q.asked]
        lines = [
            Content(f"• {terminal_safe(q.text.strip())}" + (" (skipped)" if q.skipped else ""))
            for q in unasked
        ]
        target = self.query_one("#reflect-unasked", Static)
        if lines:
            target.update(Content("\n").join(lines))
        else:
            target.update(Content.styled("Every must-ask question was asked.", "$text-muted"))

    def focus_first(self) -> None:
        self.query_one(FitScale).focus()

    def focus_target(self, field: str, ref_id: int, near: str = "") -> None:
        if field in {key for key, _, _ in PROMPTS}:
            focus_text(self.query_one(f"#reflect-{field}", SavingTextArea), near)
        else:
            self.focus_first()

    # -- the fit ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typing = isinstance(self.screen.focused, Input | TextArea)
        if action == "set_fit":
            return not typing  # digits type into a text field
        if action == "leave_field":
            return typing
        return True

    def action_set_fit(self, value: int) -> None:
        """Set the fit confidence (digits 1-5 when no text field has the cursor)."""
        self.query_one(FitScale).choose(value)

    @on(FitScale.Changed)
    def _save_fit(self, event: FitScale.Changed) -> None:
        store, interview_id, value = self.store, self.interview_id, event.value
        self.infoint.queue_save(
            f"reflection:{interview_id}:fit",
            lambda: store.save_reflection(interview_id, fit_confidence=value),
            now=True,
        )

    def action_leave_field(self) -> None:
        """Leave a text field for the fit scale, where single keys work again."""
        if isinstance(self.screen.focused, TextArea):
            self.query_one(FitScale).focus()
