"""The Live checklist: prepared questions (asked, skipped, must-ask, starred) and notes."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from infoint_tui.text import one_line


def minute_mark(seconds: int | None) -> str:
    """`12:03` for a time offset, blank when there is none."""
    if seconds is None:
        return "     "
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes:2d}:{seconds:02d}"


class Checklist(OptionList):
    """Questions then notes; option ids are `q<id>` and `n<id>`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter", "select", "Ask + type", tooltip="Mark asked and type the answer", id="live.ask"
        ),
        Binding(
            "space",
            "toggle_asked",
            "Tick",
            tooltip="Tick or untick without typing",
            id="live.toggle",
        ),
        Binding("s", "skip", "Skip", tooltip="Mark the question skipped", id="live.skip"),
        Binding(
            "asterisk",
            "star",
            "Star",
            key_display="*",
            tooltip="Star as most interesting or helpful",
            id="live.star.list",
        ),
    ]

    class Command(Message):
        """A key on a checklist row: `what` is "toggle", "skip" or "star"."""

        def __init__(self, what: str, option_id: str) -> None:
            super().__init__()
            self.what = what
            self.option_id = option_id

    def _command(self, what: str) -> None:
        if self.highlighted is not None:
            option = self.get_option_at_index(self.highlighted)
            if option.id:
                self.post_message(self.Command(what, option.id))

    def action_toggle_asked(self) -> None:
        """Tick or untick the highlighted question."""
        self._command("toggle")

    def action_skip(self) -> None:
        """Mark the highlighted question skipped (or not)."""
        self._command("skip")

    def action_star(self) -> None:
        """Star the highlighted answer or note."""
        self._command("star")


def question_option(
    number: int,
    text: str,
    *,
    asked: bool,
    skipped: bool,
    must_ask: bool,
    starred: bool,
    asked_at: int | None,
    option_id: str,
    width: int = 200,
) -> Option:
    """One checklist row for a question; the text is never read as markup."""
    mark = "✓" if asked else ("–" if skipped else "○")  # noqa: RUF001 - the skipped mark
    flags = ("!" if must_ask else " ") + ("★" if starred else " ")
    time = minute_mark(asked_at if asked else None)
    prompt = Content.assemble(
        (f"{mark}", "$text-success" if asked else ("$text-muted" if skipped else "")),
        (f"{time} ", "$text-muted"),
        (flags, "$text-warning"),
        (f" {number:2d}. ", ""),
        (one_line(text, width), "$text-muted strike" if skipped else ""),
    )
    return Option(prompt, id=option_id)


def note_option(text: str, *, starred: bool, offset: int | None, option_id: str) -> Option:
    """One checklist row for a note."""
    prompt = Content.assemble(
        ("✎", "$text-accent"),
        (f"{minute_mark(offset)} ", "$text-muted"),
        (" ★" if starred else "  ", "$text-warning"),
        ("    " + (one_line(text, 200) or "(empty note)"), "italic"),
    )
    return Option(prompt, id=option_id)
