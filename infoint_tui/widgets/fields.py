"""Text fields that save themselves: every change goes to the app's saver, blur saves at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from textual import events, on
from textual.widgets import Input, TextArea

from infoint_tui.text import terminal_safe


class SavingHost(Protocol):
    """What the fields need from the app."""

    def queue_save(self, key: str, action: Callable[[], object]) -> None: ...

    def save_now(self, key: str) -> None: ...


SaveFunction = Callable[[str], object]


class _Saving:
    """Shared behaviour: a save key and a function that stores the text."""

    save_key: str
    _save: SaveFunction | None
    _known: str
    """The text last loaded or queued: a change message carrying it saves nothing."""

    def _queue(self, text: str) -> None:
        if self._save is None or text == self._known:
            return
        self._known = text
        save = self._save
        host: Any = self.app  # type: ignore[attr-defined]
        host.queue_save(self.save_key, lambda: save(text))

    def _save_now(self) -> None:
        if self._save is not None:
            host: Any = self.app  # type: ignore[attr-defined]
            host.save_now(self.save_key)


class SavingInput(_Saving, Input):
    """A one-line field whose text is saved as the user types."""

    def __init__(
        self, value: str = "", *, save_key: str, save: SaveFunction | None = None, **kwargs: Any
    ) -> None:
        value = terminal_safe(value)
        super().__init__(value=value, **kwargs)
        self.save_key = save_key
        self._save = save
        self._known = value

    def load(self, value: str) -> None:
        """Show a stored value without saving it back.

        Control characters (escape sequences from an imported file) are shown as visible
        escapes, so they can never reach the terminal; the stored text changes only if
        the user edits the field.
        """
        value = terminal_safe(value)
        self._known = value
        self.value = value

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input is self:
            safe = terminal_safe(event.value)
            if safe != event.value:  # pasted control characters
                # The escapes are longer than the characters: keep the cursor after the paste.
                cursor = len(terminal_safe(self.value[: self.cursor_position]))
                self.value = terminal_safe(self.value)
                self.cursor_position = cursor
                return
            self._queue(event.value)

    def _on_blur(self, event: events.Blur) -> None:
        self._save_now()


class SavingTextArea(_Saving, TextArea):
    """A multi-line field whose text is saved as the user types."""

    def __init__(
        self, text: str = "", *, save_key: str, save: SaveFunction | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("soft_wrap", True)
        kwargs.setdefault("tab_behavior", "focus")
        kwargs.setdefault("show_line_numbers", False)
        super().__init__(terminal_safe(text), **kwargs)
        self.save_key = save_key
        self._save = save
        self._known = self.text

    def load(self, text: str) -> None:
        """Show a stored text without saving it back (control characters made visible)."""
        self.load_text(terminal_safe(text))
        # What the document holds, not what was given: it reads U+2028 and other Unicode
        # line breaks as line ends, and showing a text must never save it back changed.
        self._known = self.text

    def set_target(self, save_key: str, save: SaveFunction | None, text: str) -> None:
        """Point the field at another stored text (e.g. the next question's answer)."""
        self._save_now()
        self.save_key = save_key
        self._save = save
        self.load(text)

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        if event.text_area is self:
            text = self.text
            safe = terminal_safe(text)
            if safe != text:  # pasted control characters
                # The escapes are longer than the characters: keep the cursor after the paste
                # (escapes never hold a line break, so only the column moves).
                row, column = self.cursor_location
                column = len(terminal_safe(self.document.get_line(row)[:column]))
                self.load_text(safe)
                self.move_cursor((row, column))
            self._queue(safe)

    def _on_blur(self, event: events.Blur) -> None:
        self._save_now()
